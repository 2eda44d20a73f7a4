/**
 * One OFX `<STMTTRN>` as read (strings, as the bank wrote them) and as a canonical entry.
 *
 * | OFX | entry |
 * |---|---|
 * | TRNTYPE | `bankTransactionCode.proprietary` `{ code, issuer: "OFX" }` |
 * | DTPOSTED | `bookingDate` (the calendar day written) and `bookingDateTime` (with its offset) |
 * | DTAVAIL | `valueDate`, `valueDateTime` |
 * | TRNAMT | `amount`, signed as written |
 * | FITID | `references.bankReference` (the bank's id; empty FITIDs give none) |
 * | CHECKNUM / REFNUM | `references.chequeNumber` / `references.customerReference` |
 * | NAME, PAYEE, BANKACCTTO/CCACCTTO | `counterparty` |
 * | MEMO | `remittance.unstructured` (a line each where the bank broke it with `<BR/>` or a line end) |
 * | CURRENCY / ORIGCURRENCY | `originalAmount`, `exchangeRate` |
 * | CORRECTACTION DELETE | `status: "information"`: an instruction to delete an earlier transaction, not a booking |
 * | DTUSER, SRVRTID, SIC, PAYEEID, CORRECTFITID, … and unknown elements | `bankData`, by element name |
 *
 * @module
 */
import {
  type BankTransactionCode,
  type CurrencyCode,
  currencyExponent,
  type Entry,
  type ExchangeRate,
  type Money,
  type Party,
  type References,
  type TransactionDetail,
  toCurrencyCode,
} from "../../core/index.js";
import type { OfxIssues, OfxTally } from "./ofx-issues.js";
import { type OfxDate, parseOfxAmount, parseOfxDate, parseOfxRate } from "./ofx-values.js";
import { noteAmountSign, noteDate } from "./ofx-written-forms.js";

/** A `<CURRENCY>` or `<ORIGCURRENCY>` aggregate as written. */
export interface OfxCurrencyDraft {
  /** `true` for ORIGCURRENCY: TRNAMT is already in the statement currency, converted from CURSYM. */
  readonly original: boolean;
  rate?: string;
  symbol?: string;
}

/** A `<STMTTRN>` as written. */
export interface OfxTransactionDraft {
  /** XPath-like location, for issues and `source.path`. */
  readonly path: string;
  /** Its place among the statement's STMTTRNs (1-based), the index in `path`. */
  readonly number: number;
  /** Set for a pending transaction (`STMTTRNP`, or a `STMTTRN` in `BANKTRANLISTP`, OFX 2.2): not read. */
  pending?: true;
  trnType?: string;
  dtPosted?: string;
  dtAvail?: string;
  trnAmt?: string;
  /** Where DTPOSTED, DTAVAIL and TRNAMT are among the document's values: a warning about them names the first in the file. */
  dtPostedAt?: number;
  dtAvailAt?: number;
  trnAmtAt?: number;
  /** `undefined`: no FITID element; `""`: an empty one. */
  fitId?: string;
  checkNum?: string;
  refNum?: string;
  name?: string;
  memo?: string;
  payeeName?: string;
  /** MEMOs after the first (the spec allows one; each is a line of its own). */
  extraMemos?: string[];
  address?: string[];
  counterAccount?: string;
  counterBank?: string;
  currency?: OfxCurrencyDraft;
  /** Elements with no canonical home, by name. */
  bankData?: Record<string, string>;
}

/** The statement facts an entry needs, and what entries of one document share. */
export interface OfxEntryContext {
  readonly currency: CurrencyCode;
  readonly issues: OfxIssues;
  /** Where values written in an unusual form are counted: the statement's, kept only if the statement is read. */
  readonly notes: OfxTally;
  /** Bank transaction codes made so far, by TRNTYPE: entries of one type share one immutable object. */
  readonly codes: Map<string, BankTransactionCode>;
  /** Dates read so far, by their text: a statement repeats the same few posting dates many times. */
  readonly dates: Map<string, OfxDate>;
}

const ISSUER = "OFX";
/** OFX transactions are single transactions: their entries share one empty, frozen list of details. */
const NO_DETAILS: readonly TransactionDetail[] = Object.freeze([]);
/** Distinct date texts remembered before the cache starts over (bounds its memory on hostile input). */
const MAX_CACHED_DATES = 4096;

function dateOf(text: string | undefined, ctx: OfxEntryContext): OfxDate {
  if (text === undefined) return ABSENT;
  let d = ctx.dates.get(text);
  if (d === undefined) {
    d = parseOfxDate(text);
    if (ctx.dates.size >= MAX_CACHED_DATES) ctx.dates.clear();
    ctx.dates.set(text, d);
  }
  return d;
}

const ABSENT: OfxDate = Object.freeze({ kind: "absent" });

function codeOf(trnType: string, ctx: OfxEntryContext): BankTransactionCode {
  let btc = ctx.codes.get(trnType);
  if (btc === undefined) {
    btc = Object.freeze({ proprietary: Object.freeze({ code: trnType.toUpperCase(), issuer: ISSUER }) });
    ctx.codes.set(trnType, btc);
  }
  return btc;
}

/** What a transaction's CORRECTFITID and CORRECTACTION say (OFX 2.1.1 §11.4.3), as written. */
export interface OfxCorrection {
  /** The FITID of the earlier transaction it corrects, when given. */
  readonly corrects: string | undefined;
  /** `DELETE`, `REPLACE`, or what the bank wrote instead (upper-cased); `undefined` when absent. */
  readonly action: string | undefined;
}

/** The correction transaction `d` makes, or `undefined` for an ordinary transaction (the usual case). */
export function ofxCorrectionOf(d: OfxTransactionDraft): OfxCorrection | undefined {
  const data = d.bankData;
  if (data === undefined) return undefined;
  const corrects = nonEmpty(data.CORRECTFITID?.trim());
  const action = nonEmpty(data.CORRECTACTION?.trim().toUpperCase());
  return corrects === undefined && action === undefined ? undefined : { corrects, action };
}

/**
 * True when `d` deletes an earlier transaction: its own amount is no booking, so its entry is information
 * only, and sums over booked entries do not count it.
 */
function deletes(d: OfxTransactionDraft): boolean {
  const c = ofxCorrectionOf(d);
  return c !== undefined && c.action === "DELETE" && c.corrects !== undefined;
}

/**
 * HTML's line break, which some banks write inside texts (ING Australia: `…$10.00<BR/>Date 23 Feb 2020`), and a line
 * end: a text written over several lines of the file (in SGML, where it runs to the next tag, or a wrapped XML text).
 */
const LINE_BREAK = /<br\s*\/?>|\r\n?|\n/i;
/**
 * Whether `text` may hold a {@link LINE_BREAK}, so a one-line text (nearly all) is not split: two `includes`, a
 * quarter of the time of one regular expression's test. A bare CR (old Mac files) is no line end here unless a `<`
 * or LF comes with it; XML turns it into LF, and SGML files with bare CRs are rare.
 */
function mayBreak(text: string): boolean {
  return text.includes("<") || text.includes("\n");
}

/** A text's lines: one, unless the bank broke it with `<BR/>` (the SGML reader keeps those as text) or line ends. */
function textLines(text: string): string[] {
  if (!mayBreak(text)) return [text];
  return text
    .split(LINE_BREAK)
    .map((l) => l.trim())
    .filter((l) => l !== "");
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === "" ? undefined : value;
}

/**
 * The entry for a transaction, or `undefined` when it cannot be one: no readable TRNAMT, no readable DTPOSTED
 * (an error issue each, as ofxparse discards them: `fail_nice/date_missing.ofx`, `decimal_error.ofx`).
 */
export function buildOfxEntry(d: OfxTransactionDraft, ctx: OfxEntryContext): Entry | undefined {
  const { issues } = ctx;
  const posted = dateOf(d.dtPosted, ctx);
  const written = parseOfxAmount(d.trnAmt ?? "", ctx.currency);
  // Both checked, so a transaction with a bad date and a bad amount reports both (fail_nice/decimal_error.ofx).
  if (posted.kind !== "date") {
    issues.add(
      "error",
      "OFX_DATE_INVALID",
      d.dtPosted === undefined || posted.kind === "absent"
        ? "transaction without a posting date (DTPOSTED); not read"
        : `transaction posting date "${d.dtPosted.slice(0, 40)}" is not an OFX date; not read`,
      d.path,
    );
  }
  if (written === undefined) {
    issues.add(
      "error",
      "OFX_AMOUNT_INVALID",
      d.trnAmt === undefined || d.trnAmt.trim() === ""
        ? "transaction without an amount (TRNAMT); not read"
        : `transaction amount "${d.trnAmt.slice(0, 40)}" is not an amount; not read`,
      d.path,
    );
  }
  if (posted.kind !== "date" || written === undefined) return undefined;
  let amount: Money = written;
  let originalAmount: Money | undefined;
  let exchangeRate: ExchangeRate | undefined;
  const fx = d.currency;
  const symbol = fx?.symbol === undefined ? undefined : toCurrencyCode(fx.symbol);
  if (fx !== undefined && symbol !== undefined && symbol !== ctx.currency) {
    const rate = parseOfxRate(fx.rate ?? "");
    if (rate === undefined && (fx.rate ?? "").trim() === "") {
      // ofxstatement's writer leaves CURRATE out when it has no rate. Without it the amount cannot be converted:
      // it is read as written, in the statement's currency, and the user is told which currency was named.
      issues.add(
        "warning",
        "OFX_CURRENCY_RATE_MISSING",
        `${fx.original ? "ORIGCURRENCY" : "CURRENCY"} names ${symbol} but gives no exchange rate (CURRATE): the amount is read as written, in the statement's currency ${ctx.currency}${fx.original ? "" : `, though OFX says it is in ${symbol}`}`,
        d.path,
        { currency: symbol, statementCurrency: ctx.currency, element: fx.original ? "ORIGCURRENCY" : "CURRENCY" },
      );
    } else if (rate === undefined) {
      issues.add(
        "warning",
        "OFX_AMOUNT_INVALID",
        `exchange rate "${(fx.rate ?? "").slice(0, 30)}" is not a rate; the currency was not read`,
        d.path,
      );
    } else {
      exchangeRate = { rate: rate.text, sourceCurrency: symbol, targetCurrency: ctx.currency, unitCurrency: symbol };
      if (fx.original) {
        // ORIGCURRENCY: TRNAMT is in the statement currency; the original amount is TRNAMT / CURRATE, kept
        // only when that division is exact at the original currency's scale (no invented rounding).
        originalAmount = divideExactly(written, rate.value, symbol);
      } else {
        // CURRENCY: TRNAMT is in CURSYM and CURRATE converts it to the statement currency (OFX 2.1.1 §5.2):
        // the booked amount is their exact product.
        originalAmount = { ...written, currency: symbol };
        const product = multiply(written, rate.value);
        if (product === undefined) {
          issues.add(
            "error",
            "OFX_AMOUNT_INVALID",
            "transaction amount times exchange rate has too many decimals to keep exactly; not read",
            d.path,
          );
          return undefined;
        }
        amount = product;
      }
    }
  } else if (fx?.symbol !== undefined && symbol === undefined) {
    issues.add(
      "warning",
      "OFX_CURRENCY_UNKNOWN",
      `transaction currency "${fx.symbol.slice(0, 10)}" is not an ISO 4217 code; ignored`,
      d.path,
    );
  }
  const avail = dateOf(d.dtAvail, ctx);
  if (avail.kind === "invalid")
    issues.add("warning", "OFX_DATE_INVALID", `DTAVAIL "${(d.dtAvail ?? "").slice(0, 40)}" is not an OFX date; ignored`, d.path);
  const bankReference = nonEmpty(d.fitId);
  const chequeNumber = nonEmpty(d.checkNum);
  const customerReference = nonEmpty(d.refNum);
  const references: References | undefined =
    bankReference === undefined && chequeNumber === undefined && customerReference === undefined
      ? undefined
      : { bankReference, chequeNumber, customerReference };
  const payee = nonEmpty(d.payeeName) ?? nonEmpty(d.name);
  // NAME beside a PAYEE with its own name ("NAME or PAYEE", §11.4.3): the PAYEE names the counterparty, and the
  // short NAME, which the bank also wrote, is kept rather than dropped.
  const shortName = nonEmpty(d.payeeName) === undefined ? undefined : nonEmpty(d.name);
  const bankData = shortName === undefined || shortName === d.payeeName ? d.bankData : { ...d.bankData, NAME: shortName };
  const name = payee === undefined || !mayBreak(payee) ? payee : nonEmpty(textLines(payee).join(" "));
  const account = nonEmpty(d.counterAccount);
  const counterparty: Party | undefined =
    name === undefined && d.address === undefined && account === undefined
      ? undefined
      : { name, address: d.address, account, bankId: account === undefined ? undefined : nonEmpty(d.counterBank) };
  const memo = nonEmpty(d.memo);
  const memoLines =
    memo === undefined ? undefined : d.extraMemos === undefined ? textLines(memo) : [memo, ...d.extraMemos].flatMap(textLines);
  const trnType = nonEmpty(d.trnType);
  noteAmountSign(ctx.notes, d.trnAmt ?? "", "TRNAMT", d.path, d.trnAmtAt ?? 0);
  noteDate(ctx.notes, posted, d.dtPosted ?? "", "DTPOSTED", d.path, d.dtPostedAt ?? 0);
  noteDate(ctx.notes, avail, d.dtAvail ?? "", "DTAVAIL", d.path, d.dtAvailAt ?? 0);
  return {
    amount,
    status: deletes(d) ? "information" : "booked",
    reversal: false,
    bookingDate: posted.date,
    bookingDateTime: posted.dateTime,
    valueDate: avail.kind === "date" ? avail.date : undefined,
    valueDateTime: avail.kind === "date" ? avail.dateTime : undefined,
    references,
    counterparty,
    remittance: memoLines === undefined || memoLines.length === 0 ? undefined : { unstructured: memoLines },
    bankTransactionCode: trnType === undefined ? undefined : codeOf(trnType, ctx),
    originalAmount,
    exchangeRate,
    bankData,
    source: { path: d.path },
    details: NO_DETAILS,
  };
}

const MAX_SCALE = 18;

/** a × rate, exactly, at the sum of the scales (trailing zeros dropped to stay within 18 decimals). */
export function multiply(a: Money, rate: { units: bigint; scale: number }): Money | undefined {
  let minor = a.minor * rate.units;
  let scale = a.scale + rate.scale;
  const exponent = currencyExponent(a.currency);
  while (scale > exponent && minor % 10n === 0n) {
    minor /= 10n;
    scale--;
  }
  return scale > MAX_SCALE ? undefined : { minor, scale, currency: a.currency };
}

/** a ÷ rate in `currency` at that currency's scale, or `undefined` when it does not divide exactly. */
function divideExactly(a: Money, rate: { units: bigint; scale: number }, currency: CurrencyCode): Money | undefined {
  const scale = currencyExponent(currency);
  // a.minor / 10^a.scale / (rate.units / 10^rate.scale) = x / 10^scale  ⇒  x = a.minor · 10^(scale − a.scale + rate.scale) / rate.units
  const shift = scale - a.scale + rate.scale;
  if (shift < 0) return undefined;
  const numerator = a.minor * 10n ** BigInt(shift);
  if (numerator % rate.units !== 0n) return undefined;
  return { minor: numerator / rate.units, scale, currency };
}
