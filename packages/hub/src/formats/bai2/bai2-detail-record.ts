/**
 * A BAI2 transaction detail (16 record, with its 88 continuations) as a canonical entry.
 *
 * `16,type code,amount,funds type[,its fields],bank reference,customer reference,text`: the type code gives
 * the direction (credits 100–399, debits 400–699, loans and customized codes by their ranges), the amount is
 * unsigned in minor units, and the text runs to the end of the record and on over 88 records.
 *
 * This is the hot path of a BAI2 file (nearly every record is a 16): the type code, amount and funds type are
 * read by index, the amount's Money is built once with its sign, and the only strings made are the ones the
 * entry keeps.
 *
 * @module
 */
import type { BankTransactionCode, Entry, EntryStatus, IsoDateTime, References, TransactionDetail } from "../../core/index.js";
import type { Bai2AccountDraft } from "./bai2-account-draft.js";
import type { Bai2FieldCursor } from "./bai2-field-cursor.js";
import { readBai2FundsType } from "./bai2-funds-type.js";
import type { Bai2Position } from "./bai2-issues.js";
import { bai2TypeCode, bai2TypeCodeByNumber } from "./bai2-type-codes.js";
import { parseBai2Amount } from "./bai2-values.js";

/** Reports a finding about a detail record that was kept (warning) or skipped (error). */
export type Bai2DetailReport = (
  severity: "error" | "warning",
  code: string,
  message: string,
  details?: Readonly<Record<string, unknown>>,
) => void;

const STANDARD_ISSUER = "BAI";
/** Entries of a BAI2 file are single transactions: they all share one empty, frozen list of details. */
const NO_DETAILS: readonly TransactionDetail[] = Object.freeze([]);
/** "000"–"999", made once. */
const CODE_TEXT: readonly string[] = Array.from({ length: 1000 }, (_, n) => String(n).padStart(3, "0"));

/**
 * The bank transaction codes of one group, made once per code: entries of one code share one (immutable)
 * object, which spares a large file two objects per entry. Codes the specification lists are issued by `BAI`,
 * the others by the group's bank.
 */
export class Bai2TransactionCodes {
  readonly #customIssuer: string;
  readonly #byNumber: (BankTransactionCode | undefined)[] = new Array(1000).fill(undefined);
  readonly #byText = new Map<string, BankTransactionCode>();

  /** `customIssuer`: who defines codes the specification does not list (the group originator, else `BAI`). */
  constructor(customIssuer: string) {
    this.#customIssuer = customIssuer;
  }

  /** The code for `text` (whose number is `n`, or -1 when it is not three digits). */
  get(n: number, text: string, listed: boolean): BankTransactionCode {
    let btc = n >= 0 ? this.#byNumber[n] : this.#byText.get(text);
    if (btc === undefined) {
      btc = Object.freeze({ proprietary: Object.freeze({ code: text, issuer: listed ? STANDARD_ISSUER : this.#customIssuer }) });
      if (n >= 0) this.#byNumber[n] = btc;
      else this.#byText.set(text, btc);
    }
    return btc;
  }
}

/**
 * Reads the fields of a 16 record from `cursor` (positioned after the record code) into an entry of `account`,
 * or `undefined` (with an error reported) when its amount cannot be read; one without a type code is kept as
 * information. The amount as written (unsigned, minor units) is added to the account's control total either way.
 * `at`, the record's position, becomes the entry's `source`.
 */
export function readBai2Detail(
  cursor: Bai2FieldCursor,
  account: Bai2AccountDraft,
  at: Bai2Position,
  report: Bai2DetailReport,
): Entry | undefined {
  cursor.advance();
  const n = cursor.threeDigits();
  const code = n >= 0 ? (CODE_TEXT[n] as string) : cursor.text();
  cursor.advance();
  // Up to 15 digits fit a double exactly; BigInt from a number is much cheaper than from a string.
  const units = cursor.smallInteger();
  let written: bigint | undefined;
  let amountText = "";
  // The amount may be left out (defaulted), as 890 notes do (`16,890,,,,,ACCOUNT WILL BE CLOSED`): read as 0.
  let missing = false;
  if (units < 0) {
    amountText = cursor.text();
    missing = amountText.trim() === "";
    written = missing ? 0n : parseBai2Amount(amountText, account.currency)?.minor;
  }
  const funds = readBai2FundsType(cursor, account.currency);
  const bankReference = cursor.next();
  const customerReference = cursor.next();
  const text = cursor.restAsLines();
  if (units >= 0) account.addWritten(units);
  else if (written !== undefined) account.addWrittenBig(written);
  if (units < 0 && written === undefined) {
    report("error", "BAI2_AMOUNT_INVALID", `16 record: amount "${amountText.slice(0, 30)}" is not an integer amount`);
    return undefined;
  }
  if (funds.problem !== undefined) report("warning", "BAI2_FUNDS_TYPE_INVALID", funds.problem);
  const type = n >= 0 ? bai2TypeCodeByNumber(n) : bai2TypeCode(code);
  const direction = type?.direction;
  // A money code without its amount moved an amount that is not known: kept as information (amount 0), not booked,
  // so that neither the balance nor the credit and debit counts take it for a movement of 0 in some direction.
  if (missing && direction !== "nonMonetary" && code !== "")
    report(
      "warning",
      "BAI2_AMOUNT_MISSING",
      `16 record with type code ${code.slice(0, 10)} has no amount; kept as information with amount 0, not booked`,
      { typeCode: code.slice(0, 10) },
    );
  let status: EntryStatus = "booked";
  if (code === "") {
    // No type code at all (`16,,300`, or `16,   ,300`: blanks are no code): which way the money moved is not known.
    // Kept as information, its amount and references with it, rather than dropped (nothing of the file is lost).
    status = "information";
    report("warning", "BAI2_TYPE_CODE_UNKNOWN", "16 record without a type code; the entry is kept as information, not booked", {
      typeCode: "",
    });
  } else if (direction === "nonMonetary" || missing) status = "information";
  else if (direction !== "credit" && direction !== "debit") {
    // A bank-specific code outside the credit and debit ranges (706, 708, 829…): which way the money moved is
    // not known, so the entry is kept for information rather than booked with a guessed sign.
    status = "information";
    report(
      "warning",
      "BAI2_TYPE_CODE_UNKNOWN",
      `type code ${code.slice(0, 10)} ${type === undefined ? "has no meaning in BAI2" : `is a ${type.direction} code (${type.description})`}; the entry is kept as information, not booked`,
      { typeCode: code.slice(0, 10) },
    );
  }
  // Detail amounts are unsigned: the type code says which way the money moved. A bank that writes a sign anyway
  // (`16,475,-500`) is not allowed to turn a debit code into a credit; the sign is reported and not applied.
  let magnitude = written as bigint;
  if (units < 0 && magnitude < 0n) {
    magnitude = -magnitude;
    report(
      "warning",
      "BAI2_AMOUNT_SIGNED",
      `16 record: amount "${amountText.slice(0, 30)}" has a sign; detail amounts are unsigned and the type code ${code.slice(0, 10)} gives the direction`,
      { typeCode: code.slice(0, 10) },
    );
  }
  const debit = direction === "debit";
  const minor = units >= 0 ? BigInt(debit ? -units : units) : debit ? -magnitude : magnitude;
  let references: References | undefined;
  if (bankReference !== "") references = customerReference === "" ? { bankReference } : { bankReference, customerReference };
  else if (customerReference !== "") references = { customerReference };
  const listed = type?.listed === true;
  const asOfDate = account.group.asOfDate;
  return {
    amount: { minor, scale: account.scale, currency: account.currency },
    status,
    reversal: type?.reversal === true,
    bookingDate: asOfDate,
    // Immediate availability means value on the as-of day; V states its value date; the others say when
    // funds become available in business days, which is not a calendar date we can name.
    valueDate: funds.valueDate ?? (funds.code === "0" ? asOfDate : undefined),
    valueDateTime:
      funds.valueDate !== undefined && funds.valueTime !== undefined ? (`${funds.valueDate}T${funds.valueTime}` as IsoDateTime) : undefined,
    fundsCode: funds.code,
    references,
    remittance: text.length === 0 ? undefined : { unstructured: text },
    bankTransactionCode: code === "" ? undefined : account.group.codes.get(n, code, listed),
    description: listed ? type.description : undefined,
    bankData: funds.availability === undefined || funds.availability === "" ? undefined : { availability: funds.availability },
    source: at,
    details: NO_DETAILS,
  };
}
