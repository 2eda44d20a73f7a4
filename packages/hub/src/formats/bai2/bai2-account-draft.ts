/**
 * One BAI2 account (a 03 record up to its 49 trailer) while it is read: its status and summary amounts
 * become balances and the statement summary, its 16 records entries, and it keeps the figures the trailer
 * is checked against.
 *
 * @module
 */
import {
  type Account,
  type Balance,
  type BalanceType,
  type CurrencyCode,
  currencyExponent,
  formatMoney,
  type IsoDate,
  type IsoDateTime,
  type Money,
  type SourceLocation,
  type Statement,
  type StatementKind,
  type StatementSummary,
} from "../../core/index.js";
import type { Bai2TransactionCodes } from "./bai2-detail-record.js";
import type { Bai2Position } from "./bai2-issues.js";
import { bai2TypeCode } from "./bai2-type-codes.js";

/**
 * Status codes that are balances of the model. Everything else in a 03 record (averages, floats, loan
 * figures, target balances) has no balance type: those are listed in a BAI2_SUMMARY_NOT_MAPPED issue.
 * 010 and 015 are the opening and closing balances and handled apart.
 */
const BALANCE_TYPES: Readonly<Record<string, BalanceType>> = {
  "030": "interimBooked",
  "040": "openingAvailable",
  "045": "closingAvailable",
  "060": "interimAvailable",
};

/** Interim balances are for the moment of the report; opening and closing ones for the day. */
const INTRADAY: ReadonlySet<string> = new Set(["030", "060"]);

function balanceOf(type: BalanceType, amount: Money, date: IsoDate, dateTime: IsoDateTime | undefined): Balance {
  return dateTime === undefined ? { type, amount, date } : { type, amount, date, dateTime };
}

/** The group header facts an account's statement needs. */
export interface Bai2GroupContext {
  readonly asOfDate: IsoDate | undefined;
  /** The as-of moment (`2015-07-15T23:40`), when the group gave a time of day. */
  readonly asOfDateTime: IsoDateTime | undefined;
  readonly kind: StatementKind;
  readonly bank: Account["bank"];
  readonly createdAt: IsoDateTime | undefined;
  /** The group's bank transaction codes, shared by its entries. */
  readonly codes: Bai2TransactionCodes;
}

/** Below this magnitude a running sum of amounts of at most 15 digits stays exact in a double. */
const SMALL_SUM_LIMIT = 2 ** 52;

/** What a summary item did, for the parser to report. */
export type SummaryOutcome = "mapped" | "unmapped" | "duplicate";

/** An account being read. */
export class Bai2AccountDraft {
  readonly id: string;
  readonly currency: CurrencyCode;
  /** The currency's decimals: BAI2 amounts are in its minor units. */
  readonly scale: number;
  /** Where its 03 record is. */
  readonly at: Bai2Position;
  readonly group: Bai2GroupContext;
  /** Physical records so far, the 03 and its 88s included (the 49 trailer counts them too). */
  records = 0;
  /** Entries read so far. */
  entries = 0;
  // The control sum, in two parts: amounts of up to 15 digits add up in a double (no BigInt per entry) until
  // the sum nears the limit of exact integers, then move to the BigInt part.
  #control = 0n;
  #controlSmall = 0;
  #opening: Balance | undefined;
  #closing: Balance | undefined;
  readonly #balances: Balance[] = [];
  #credits: StatementSummary["credits"];
  #debits: StatementSummary["debits"];
  /** Summary items with no place in the model, as `code description: amount`. */
  readonly unmapped: string[] = [];

  constructor(id: string, currency: CurrencyCode, at: Bai2Position, group: Bai2GroupContext) {
    this.id = id;
    this.currency = currency;
    this.scale = currencyExponent(currency);
    this.at = at;
    this.group = group;
  }

  /** Algebraic sum of every amount of the 03, 16 and 88 records as written (blank type codes too): what the 49 control total states. */
  get controlSum(): bigint {
    return this.#controlSmall === 0 ? this.#control : this.#control + BigInt(this.#controlSmall);
  }

  /** Adds an amount as written, of at most 15 digits, to the control sum. */
  addWritten(units: number): void {
    const sum = this.#controlSmall + units;
    if (sum < SMALL_SUM_LIMIT && sum > -SMALL_SUM_LIMIT) this.#controlSmall = sum;
    else {
      this.#control += BigInt(this.#controlSmall) + BigInt(units);
      this.#controlSmall = 0;
    }
  }

  /** Adds any amount as written to the control sum. */
  addWrittenBig(units: bigint): void {
    this.#control += units;
  }

  /** Takes one (type code, amount, item count) tuple of the 03 record. */
  addSummaryItem(code: string, amount: Money, count: number | undefined): SummaryOutcome {
    const date = this.group.asOfDate;
    const dateTime = INTRADAY.has(code) ? this.group.asOfDateTime : undefined;
    if (code === "100" || code === "400") {
      const side = { ...(count === undefined ? {} : { count }), sum: amount };
      if (code === "100") {
        if (this.#credits !== undefined) return this.#unmapped(code, amount, "duplicate");
        this.#credits = side;
      } else {
        if (this.#debits !== undefined) return this.#unmapped(code, amount, "duplicate");
        this.#debits = side;
      }
      return "mapped";
    }
    // A balance needs its day; without a readable as-of date (already reported) it cannot be kept.
    if (date === undefined) return this.#unmapped(code, amount, "unmapped");
    if (code === "010") {
      if (this.#opening !== undefined) return this.#unmapped(code, amount, "duplicate");
      this.#opening = balanceOf("openingBooked", amount, date, dateTime);
      return "mapped";
    }
    if (code === "015") {
      if (this.#closing !== undefined) return this.#unmapped(code, amount, "duplicate");
      this.#closing = balanceOf("closingBooked", amount, date, dateTime);
      return "mapped";
    }
    const type = BALANCE_TYPES[code];
    if (type === undefined) return this.#unmapped(code, amount, "unmapped");
    if (this.#balances.some((b) => b.type === type)) return this.#unmapped(code, amount, "duplicate");
    this.#balances.push(balanceOf(type, amount, date, dateTime));
    return "mapped";
  }

  #unmapped(code: string, amount: Money, outcome: SummaryOutcome): SummaryOutcome {
    // A zero float or average carries nothing worth a warning (banks send 072/074 as 0 every day).
    if (amount.minor === 0n) return outcome;
    const description = code === "" ? "no type code" : `${code} ${bai2TypeCode(code)?.description ?? "unknown type code"}`;
    this.unmapped.push(`${description}${outcome === "duplicate" ? " (repeated)" : ""}: ${formatMoney(amount)}`);
    return outcome;
  }

  /** The account's statement, without its entries (they are handed on one by one). */
  toStatement(source: SourceLocation): Statement {
    const asOf = this.group.asOfDate;
    const summary: StatementSummary | undefined =
      this.#credits === undefined && this.#debits === undefined
        ? undefined
        : {
            ...(this.#credits === undefined ? {} : { credits: this.#credits }),
            ...(this.#debits === undefined ? {} : { debits: this.#debits }),
          };
    return {
      kind: this.group.kind,
      account: {
        id: this.id,
        scheme: "other",
        currency: this.currency,
        ...(this.group.bank === undefined ? {} : { bank: this.group.bank }),
      },
      ...(this.group.createdAt === undefined ? {} : { createdAt: this.group.createdAt }),
      ...(asOf === undefined ? {} : { period: { from: asOf, to: asOf } }),
      ...(this.#opening === undefined ? {} : { openingBalance: this.#opening }),
      ...(this.#closing === undefined ? {} : { closingBalance: this.#closing }),
      balances: [...this.#balances],
      entries: [],
      ...(summary === undefined ? {} : { summary }),
      source,
    };
  }
}
