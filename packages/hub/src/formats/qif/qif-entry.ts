/**
 * One QIF transaction record as a canonical entry.
 *
 * | QIF | entry |
 * |---|---|
 * | `D` date | `bookingDate` (in the file's date order, six digits year first or last as the file's decide; a date that only fits the other, in that one; text after the date, `QIF_DATE_TEXT_IGNORED`) |
 * | `T` amount (`U` when T is missing, unreadable or wrapped past 2³¹ cents; the splits' `$` added up when both are missing) | `amount`, signed as written |
 * | `P` payee, `A` address lines | `counterparty` |
 * | `M` memo | `remittance.unstructured` (a line each, when the memo ran over several) |
 * | `N` number | `references.chequeNumber` when all digits, else `references.customerReference` |
 * | `C` cleared, `L` category | `bankData.cleared`, `bankData.category` |
 * | `S` / `E` / `$` / `%` splits | `details`: category, memo, amount, percent of each split |
 * | other letters | `bankData` under the letter |
 *
 * `A` (address lines) and the split fields repeat by design, and other letters are joined line by line. The
 * fields above that a transaction has once (`T`, `U`, `P`, `M`, `N`, `C`, `L`) keep their **first** value when
 * repeated, and a different later value is reported (`QIF_FIELD_REPEATED`): the record's own fields come first,
 * so a repeat is more likely a stray line or part of a following transaction whose `D` and `^` were lost (a
 * second `D` ends the record, see `qif-records.ts`), and the first value is the one shown next to the date.
 *
 * @module
 */
import {
  addMoney,
  type CurrencyCode,
  compareMoney,
  type Entry,
  formatMoney,
  type Money,
  type TransactionDetail,
} from "../../core/index.js";
import { parseQifAmount, type QifDecimalMark } from "./qif-amounts.js";
import { type QifDateOrder, resolveQifDate, tokenizeQifDate } from "./qif-dates.js";
import type { QifField, QifRecord } from "./qif-records.js";
import { settleQifSixDigitDate } from "./qif-six-digit-dates.js";

/** A finding about one record. */
export interface QifRecordIssue {
  readonly severity: "error" | "warning";
  readonly code: string;
  readonly message: string;
  /** The line the finding is about, when not the record's first line. */
  readonly line?: number;
  readonly details?: Readonly<Record<string, unknown>>;
}

/** What the file decided for all its records. */
export interface QifEntryContext {
  readonly order: QifDateOrder;
  /** Why the file's dates are read in `order`, for a date that fits only the other (`which the file's !Option:MDY gives`). */
  readonly orderReason: string;
  /**
   * What to check when a date fits only the other order: by default, the dates that fit both, read in `order`
   * (`Dates that fit both orders are read D/M/Y: check those written like this one`).
   */
  readonly mixedAdvice?: string;
  /** True when the file's six-digit dates are YYMMDD, not year last (`qif-six-digit-dates.ts`). */
  readonly sixDigitYearFirst?: boolean;
  readonly mark: QifDecimalMark;
  readonly currency: CurrencyCode;
}

interface SplitDraft {
  category?: string;
  memo?: string;
  amount?: string;
  percent?: string;
}

const ORDER_NAMES: Readonly<Record<QifDateOrder, string>> = { MDY: "M/D/Y", DMY: "D/M/Y" };

/** Whether `t` is `u` wrapped as a 32-bit count of cents: they differ by a multiple of 2^32 cents. */
function wrapsTo(t: Money, u: Money): boolean {
  const scale = Math.max(t.scale, u.scale, 2);
  const x = t.minor * 10n ** BigInt(scale - t.scale);
  const y = u.minor * 10n ** BigInt(scale - u.scale);
  const unit = 4_294_967_296n * 10n ** BigInt(scale - 2);
  return (y - x) % unit === 0n;
}

/** The entry for a record, or `undefined` (with an error) when it has no readable date or amount. */
export function buildQifEntry(record: QifRecord, ctx: QifEntryContext, report: (issue: QifRecordIssue) => void): Entry | undefined {
  let dateText: string | undefined;
  let amountText: string | undefined;
  let altAmountText: string | undefined;
  let payee: string | undefined;
  let memo: string | undefined;
  let number: string | undefined;
  const address: string[] = [];
  const bankData: Record<string, string> = {};
  const splits: SplitDraft[] = [];
  const continued = record.continued;
  if (continued !== undefined && continued.length > 0) {
    // One issue per transaction, however many lines its memo ran over.
    const first = continued[0] as number;
    report({
      severity: "warning",
      code: "QIF_FIELD_CONTINUED",
      message: `${continued.length === 1 ? `line ${first} is not a field; it is` : `${continued.length} lines from line ${first} on are not fields; they are`} read as the next line of the text above (a memo, payee, address or split memo written with its line breaks)`,
      line: first,
      details: { lines: continued.length },
    });
  }
  if (record.endMissingAt !== undefined) {
    report({
      severity: "warning",
      code: "QIF_RECORD_END_MISSING",
      message: `no ^ ends the transaction before the date on line ${record.endMissingAt}; a new transaction is read from there`,
      line: record.endMissingAt,
    });
  }
  /** A single-valued field's value: the first non-empty one written (see the module doc); a different later one is reported. */
  const keepFirst = (current: string | undefined, f: QifField, value: string): string => {
    if (current === undefined || current === "") return value;
    if (value !== "" && value !== current) {
      report({
        severity: "warning",
        code: "QIF_FIELD_REPEATED",
        message: `second ${f.code} field "${value.slice(0, 30)}" in one transaction; the first, "${current.slice(0, 30)}", is kept`,
        line: f.line,
        details: { field: f.code },
      });
    }
    return current;
  };
  for (const f of record.fields) {
    const value = f.value.trim();
    switch (f.code) {
      case "D":
        // readQifRecords ends a record at a second D, so a record has at most one.
        dateText = value;
        break;
      case "T":
        amountText = keepFirst(amountText, f, value);
        break;
      case "U":
        altAmountText = keepFirst(altAmountText, f, value);
        break;
      case "P":
        payee = keepFirst(payee, f, value.includes("\n") ? lines(value).join(" ") : value);
        break;
      case "M":
        memo = keepFirst(memo, f, value);
        break;
      case "N":
        number = keepFirst(number, f, value);
        break;
      case "A":
        for (const part of lines(value)) address.push(part);
        break;
      case "C":
        if (value !== "") bankData.cleared = keepFirst(bankData.cleared, f, value);
        break;
      case "L":
        if (value !== "") bankData.category = keepFirst(bankData.category, f, value);
        break;
      case "S":
        splits.push({ category: value });
        break;
      case "E":
      case "$":
      case "%": {
        // E/$/% belong to the split opened by S; a split without S (some exporters) opens one.
        let split = splits[splits.length - 1];
        const key = f.code === "E" ? "memo" : f.code === "$" ? "amount" : "percent";
        // A second E before the split's amount is the memo's next line, not a split of its own.
        if (key === "memo" && split?.memo !== undefined && split.amount === undefined) {
          split.memo = `${split.memo}\n${value}`;
          break;
        }
        if (split === undefined || split[key] !== undefined) {
          split = {};
          splits.push(split);
        }
        split[key] = value;
        break;
      }
      default:
        if (value !== "") bankData[f.code] = bankData[f.code] === undefined ? value : `${bankData[f.code]}\n${value}`;
    }
  }
  const asWritten = dateText === undefined ? undefined : tokenizeQifDate(dateText);
  const settled = asWritten === undefined ? undefined : settleQifSixDigitDate(asWritten, ctx.sixDigitYearFirst === true);
  const token = settled?.token;
  let date = token === undefined ? undefined : resolveQifDate(token, ctx.order);
  let readIn: QifDateOrder | "YMD" = token?.kind === "fixed" ? "YMD" : ctx.order;
  if (date === undefined && token?.kind === "numeric") {
    // A date that fits only the order the file's dates are not read in has one reading, which is taken and reported:
    // dropping it would lose the transaction over the one date of it that is not in doubt. The dates that fit both
    // orders follow the file's, and those written like this one (another export pasted in) may be wrong.
    const other: QifDateOrder = ctx.order === "MDY" ? "DMY" : "MDY";
    date = resolveQifDate(token, other);
    readIn = other;
    if (date !== undefined && settled?.against !== true) {
      report({
        severity: "warning",
        code: "QIF_DATE_ORDER_MIXED",
        message: `date "${(dateText ?? "").slice(0, 30)}" fits only ${ORDER_NAMES[other]}, not ${ORDER_NAMES[ctx.order]}, ${ctx.orderReason}; read as ${date}. ${
          ctx.mixedAdvice ?? `Dates that fit both orders are read ${ORDER_NAMES[ctx.order]}: check those written like this one`
        }`,
        details: { date, order: other, fileOrder: ctx.order },
      });
    }
  }
  if (date !== undefined && settled?.against === true) {
    // A six-digit date that fits only the way the file's six-digit dates are not read (qif-six-digit-dates.ts).
    const fileWay = ctx.sixDigitYearFirst === true ? "year first (YYMMDD)" : "year last";
    report({
      severity: "warning",
      code: "QIF_DATE_ORDER_MIXED",
      message: `date "${(dateText ?? "").slice(0, 30)}" fits only ${
        readIn === "YMD" ? "year first (YYMMDD)" : `year last, ${ORDER_NAMES[readIn]}`
      }, not ${fileWay} as the file's other six-digit dates are read; read as ${date}. Check the six-digit dates around it`,
      details: { date, order: readIn, fileOrder: ctx.sixDigitYearFirst === true ? "YMD" : ctx.order },
    });
  }
  const splitAmounts = splits.map((s) => (s.amount === undefined ? undefined : parseQifAmount(s.amount, ctx.mark, ctx.currency)));
  // Quicken writes the amount twice: T, and U with a larger range. T wraps past 2^31 cents (21,474,836.48): where the
  // two differ by a multiple of 2^32 cents, U is the amount (GnuCash bug 798085). Any other difference is no wrap,
  // and T, the amount every reader takes, stays (a sign flipped by U alone would book money the wrong way). An empty
  // or unreadable T leaves U.
  const t = amountText === undefined || amountText === "" ? undefined : parseQifAmount(amountText, ctx.mark, ctx.currency);
  const u = altAmountText === undefined || altAmountText === "" ? undefined : parseQifAmount(altAmountText, ctx.mark, ctx.currency);
  const written = t === undefined && u !== undefined ? altAmountText : amountText || altAmountText;
  let amount = t ?? u;
  if (t !== undefined && u !== undefined && compareMoney(t, u) !== 0) {
    const wrapped = wrapsTo(t, u);
    if (wrapped) amount = u;
    report({
      severity: "warning",
      code: "QIF_AMOUNTS_DIFFER",
      message: wrapped
        ? `T says ${formatMoney(t)}, U says ${formatMoney(u)}: T wrapped past 21,474,836.48 as Quicken's does; U is read`
        : `T says ${formatMoney(t)}, U says ${formatMoney(u)}; T is read`,
      details: { t: formatMoney(t), u: formatMoney(u), read: wrapped ? "U" : "T" },
    });
  }
  if ((written === undefined || written === "") && splits.length > 0 && splitAmounts.every((a) => a !== undefined)) {
    // GnuCash Android writes no T, only the splits (GnuCash Pocket #276): the transaction is what they add up to.
    amount = sumOf(splitAmounts as Money[], ctx.currency);
    report({
      severity: "warning",
      code: "QIF_AMOUNT_FROM_SPLITS",
      message: `transaction without an amount (T, U); read as its ${splits.length} split(s) added up, ${formatMoney(amount)}`,
      details: { splits: splits.length, amount: formatMoney(amount) },
    });
  }
  if (date === undefined) {
    report({
      severity: "error",
      code: "QIF_DATE_INVALID",
      message:
        dateText === undefined
          ? "transaction without a date (D); not read"
          : asWritten?.kind === "sixDigit"
            ? `date "${dateText.slice(0, 30)}" is no date as YYMMDD, MMDDYY or DDMMYY; not read`
            : token?.kind === "numeric"
              ? `date "${dateText.slice(0, 30)}" is no date in either order, D/M/Y or M/D/Y; not read`
              : `date "${dateText.slice(0, 30)}" is not a date; not read`,
    });
  }
  if (amount === undefined) {
    report({
      severity: "error",
      code: "QIF_AMOUNT_INVALID",
      message: `amount "${(written ?? "").slice(0, 30)}" is not an amount; not read`,
    });
  }
  if (date === undefined || amount === undefined) return undefined;
  if (token !== undefined && token.kind !== "invalid" && token.text !== undefined && dateText !== undefined) {
    // A bank web export's description glued to the date (`D03/25/099Share Withdrawal`): the date is read as GnuCash
    // reads it, and the text, which such exports write again as the payee, is given back here rather than dropped
    // (for a transaction that is read: a refused one's error quotes the whole value).
    const written = dateText.slice(0, dateText.length - token.text.length).trim();
    report({
      severity: "warning",
      code: "QIF_DATE_TEXT_IGNORED",
      message: `"${token.text.slice(0, 40)}" written after the date ${written} is not part of it and not read into the transaction; the date is read as ${date}`,
      details: { text: token.text, date },
    });
  }
  // Quicken writes a blank split row (`S`, `$0.00`; MMEX #5583): it says nothing and is left out.
  const blank = (s: SplitDraft, amount: Money | undefined) =>
    !s.category && !s.memo && !s.percent && (amount === undefined ? !s.amount : amount.minor === 0n);
  const kept = splits.flatMap((s, i) => (blank(s, splitAmounts[i]) ? [] : [i]));
  const details = kept.map((i): TransactionDetail => {
    const s = splits[i] as SplitDraft;
    const splitAmount = splitAmounts[i];
    if (s.amount !== undefined && splitAmount === undefined)
      report({
        severity: "warning",
        code: "QIF_AMOUNT_INVALID",
        message: `split amount "${s.amount.slice(0, 30)}" is not an amount; the split is kept without it`,
      });
    const data = { ...(s.category ? { category: s.category } : {}), ...(s.percent ? { percent: s.percent } : {}) };
    return {
      ...(splitAmount === undefined ? {} : { amount: splitAmount }),
      ...(s.memo ? { remittance: { unstructured: lines(s.memo) } } : {}),
      ...(Object.keys(data).length === 0 ? {} : { bankData: data }),
    };
  });
  checkSplits(details, amount, report);
  const reference =
    number === undefined || number === "" ? undefined : /^\d+$/.test(number) ? { chequeNumber: number } : { customerReference: number };
  return {
    amount,
    status: "booked",
    reversal: false,
    bookingDate: date,
    ...(reference === undefined ? {} : { references: reference }),
    ...(payee || address.length > 0
      ? { counterparty: { ...(payee ? { name: payee } : {}), ...(address.length > 0 ? { address } : {}) } }
      : {}),
    ...(memo ? { remittance: { unstructured: lines(memo) } } : {}),
    ...(Object.keys(bankData).length === 0 ? {} : { bankData }),
    source: { line: record.line },
    details,
  };
}

/** The lines of a text field (one, unless it ran over several: `QIF_FIELD_CONTINUED`), without empty ones. */
function lines(value: string): string[] {
  if (!value.includes("\n")) return value === "" ? [] : [value];
  return value
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "");
}

/** The sum of `amounts` (at the largest scale among them). */
function sumOf(amounts: readonly Money[], currency: CurrencyCode): Money {
  let sum: Money = { minor: 0n, scale: 0, currency };
  for (const a of amounts) sum = addMoney(sum, a);
  return sum;
}

/** Quicken's splits add up to the transaction; when they do not, the file was edited or cut. */
function checkSplits(details: readonly TransactionDetail[], amount: Money, report: (issue: QifRecordIssue) => void): void {
  if (details.length === 0 || details.some((d) => d.amount === undefined)) return;
  let sum: Money = { ...amount, minor: 0n, scale: 0 };
  for (const d of details) if (d.amount !== undefined) sum = addMoney(sum, d.amount);
  if (compareMoney(sum, amount) !== 0) {
    report({
      severity: "warning",
      code: "QIF_SPLITS_MISMATCH",
      message: `the splits add up to ${formatMoney(sum)}, the transaction amount is ${formatMoney(amount)}`,
    });
  }
}
