/**
 * A BAI2 transaction detail (16 record, with its 88 continuations) as a canonical entry.
 *
 * `16,type code,amount,funds type[,its fields],bank reference,customer reference,text`: the type code gives
 * the direction (credits 100–399, debits 400–699, loans and customized codes by their ranges), the amount is
 * unsigned in minor units, and the text runs to the end of the record and on over 88 records.
 *
 * @module
 */
import type {
  BankTransactionCode,
  CurrencyCode,
  Entry,
  EntryStatus,
  IsoDateTime,
  Money,
  References,
  TransactionDetail,
} from "../../core/index.js";
import type { Bai2FieldCursor } from "./bai2-field-cursor.js";
import { readBai2FundsType } from "./bai2-funds-type.js";
import { bai2TypeCode } from "./bai2-type-codes.js";
import { parseBai2Amount } from "./bai2-values.js";

/** A finding about a detail record that was kept or skipped. */
export interface Bai2DetailIssue {
  readonly severity: "error" | "warning";
  readonly code: string;
  readonly message: string;
  readonly details?: Record<string, unknown>;
}

/** What the detail needs from its account and group. */
export interface Bai2DetailContext {
  readonly currency: CurrencyCode;
  readonly asOfDate: Entry["bookingDate"];
  /** Who defines codes the specification does not list: the bank (group originator), else `BAI`. */
  readonly customIssuer: string;
  readonly line: number;
  /**
   * Bank transaction codes already made, by code: entries of one code share one (immutable) object, which
   * spares a large file two objects per entry.
   */
  readonly codes: Map<string, BankTransactionCode>;
  readonly report: (issue: Bai2DetailIssue) => void;
}

const STANDARD_ISSUER = "BAI";
/** Entries of a BAI2 file are single transactions: they all share one empty, frozen list of details. */
const NO_DETAILS: readonly TransactionDetail[] = Object.freeze([]);

function bankTransactionCode(code: string, ctx: Bai2DetailContext, listed: boolean): BankTransactionCode {
  let btc = ctx.codes.get(code);
  if (btc === undefined) {
    btc = Object.freeze({ proprietary: Object.freeze({ code, issuer: listed ? STANDARD_ISSUER : ctx.customIssuer }) });
    ctx.codes.set(code, btc);
  }
  return btc;
}

/**
 * Reads the fields of a 16 record from `cursor` (positioned after the record code) into an entry, or
 * `undefined` (with an error reported) when it has no type code or no readable amount.
 *
 * @returns the entry, and the amount as written (unsigned, minor units) for the account control total.
 */
export function readBai2Detail(cursor: Bai2FieldCursor, ctx: Bai2DetailContext): { entry: Entry | undefined; written: bigint } {
  const code = cursor.next();
  const amountText = cursor.next();
  const funds = readBai2FundsType(cursor, ctx.currency);
  const bankReference = cursor.next();
  const customerReference = cursor.next();
  const text = cursor.restAsLines();
  const written: Money | undefined = parseBai2Amount(amountText, ctx.currency);
  if (code === "") {
    ctx.report({ severity: "error", code: "BAI2_RECORD_INVALID", message: "16 record without a type code" });
    return { entry: undefined, written: written?.minor ?? 0n };
  }
  if (written === undefined) {
    ctx.report({
      severity: "error",
      code: "BAI2_AMOUNT_INVALID",
      message: `16 record: amount "${amountText.slice(0, 30)}" is not an integer amount`,
    });
    return { entry: undefined, written: 0n };
  }
  if (funds.problem !== undefined) ctx.report({ severity: "warning", code: "BAI2_FUNDS_TYPE_INVALID", message: funds.problem });
  const type = bai2TypeCode(code);
  let amount = written;
  let status: EntryStatus = "booked";
  if (type?.direction === "debit") amount = { minor: -written.minor, scale: written.scale, currency: written.currency };
  else if (type?.direction === "nonMonetary") status = "information";
  else if (type?.direction !== "credit") {
    // A bank-specific code outside the credit and debit ranges (706, 708, 829…): which way the money moved is
    // not known, so the entry is kept for information rather than booked with a guessed sign.
    status = "information";
    ctx.report({
      severity: "warning",
      code: "BAI2_TYPE_CODE_UNKNOWN",
      message: `type code ${code.slice(0, 10)} ${type === undefined ? "has no meaning in BAI2" : `is a ${type.direction} code (${type.description})`}; the entry is kept as information, not booked`,
      details: { typeCode: code.slice(0, 10) },
    });
  }
  let references: References | undefined;
  if (bankReference !== "") references = customerReference === "" ? { bankReference } : { bankReference, customerReference };
  else if (customerReference !== "") references = { customerReference };
  const listed = type?.listed === true;
  const entry: Entry = {
    amount,
    status,
    reversal: type?.reversal === true,
    bookingDate: ctx.asOfDate,
    // Immediate availability means value on the as-of day; V states its value date; the others say when
    // funds become available in business days, which is not a calendar date we can name.
    valueDate: funds.valueDate ?? (funds.code === "0" ? ctx.asOfDate : undefined),
    valueDateTime:
      funds.valueDate !== undefined && funds.valueTime !== undefined ? (`${funds.valueDate}T${funds.valueTime}` as IsoDateTime) : undefined,
    fundsCode: funds.code,
    references,
    remittance: text.length === 0 ? undefined : { unstructured: text },
    bankTransactionCode: bankTransactionCode(code, ctx, listed),
    description: listed ? type.description : undefined,
    bankData: funds.availability === undefined || funds.availability === "" ? undefined : { availability: funds.availability },
    source: { line: ctx.line },
    details: NO_DETAILS,
  };
  return { entry, written: written.minor };
}
