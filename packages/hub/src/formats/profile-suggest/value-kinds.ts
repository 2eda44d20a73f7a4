/**
 * What a cell's text looks like: a date (and in which pattern), a time, an amount (and how it is written), an
 * account-like number, a currency, a direction word. Each test is a small pure function over one value;
 * `column-stats.ts` counts them over a column.
 *
 * @module
 */
import type { DirectionOutcome } from "../bank-csv/index.js";

/**
 * A cell as the profile engine reads it: trimmed, and without Excel's text guards written into CSV (`="0123"`,
 * `'5191230567984561'`), which exports use to keep leading zeros and long numbers.
 */
export function cleanCell(v: string): string {
  const t = v.trim();
  const guarded = /^="(.*)"$/s.exec(t) ?? /^'(.*)'$/s.exec(t);
  return guarded === null ? t : (guarded[1] ?? "").trim();
}

/** Values that mean "nothing here" in bank exports: empty, only dashes, a slash, `null`. */
export function isEmptyValue(v: string): boolean {
  return v === "" || /^[-—–]+$/.test(v) || v === "/" || v.toLowerCase() === "null";
}

/**
 * The date pattern of a value, in mapping-profile syntax (`yyyy-M-d H:mm:ss`, `dd/MM/yyyy`…), or `undefined`.
 * Separated parts use the one-or-two-digit tokens, so `2024-1-5` and `2024-01-05` share a pattern. Day-first
 * and month-first dates are told apart by the whole column, see {@link datePatterns}.
 */
export function datePattern(v: string): { pattern: string; first?: number; second?: number; hasTime: boolean } | undefined {
  let m = /^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?:(\s+|T)(\d{1,2}):(\d{2})(:\d{2})?)?$/.exec(v);
  if (m !== null) {
    if (!validDay(Number(m[1]), Number(m[3]), Number(m[4]))) return undefined;
    const sep = m[2] ?? "-";
    // One space in a pattern stands for any run of them, as exports pad between date and time.
    const time = m[6] === undefined ? "" : `${m[5] === "T" ? "T" : " "}H:mm${m[8] === undefined ? "" : ":ss"}`;
    // The pattern syntax has no escape for the letter T, so ISO date-times are not proposed with it.
    if (time.startsWith("T")) return undefined;
    return { pattern: `yyyy${sep}M${sep}d${time}`, hasTime: time !== "" };
  }
  m = /^(\d{4})年(\d{1,2})月(\d{1,2})日(?:\s*(\d{1,2}):(\d{2})(:\d{2})?)?$/.exec(v);
  if (m !== null) {
    if (!validDay(Number(m[1]), Number(m[2]), Number(m[3]))) return undefined;
    const time = m[4] === undefined ? "" : ` H:mm${m[6] === undefined ? "" : ":ss"}`;
    return { pattern: `yyyy年M月d日${time}`, hasTime: time !== "" };
  }
  m = /^(\d{4})(\d{2})(\d{2})(?:\s+(\d{2}):(\d{2}):(\d{2}))?$/.exec(v);
  if (m !== null) {
    if (!validDay(Number(m[1]), Number(m[2]), Number(m[3])) || Number(m[1]) < 1950 || Number(m[1]) > 2100) return undefined;
    return { pattern: m[4] === undefined ? "yyyyMMdd" : "yyyyMMdd HH:mm:ss", hasTime: m[4] !== undefined };
  }
  m = /^(\d{1,2})([-/.])(\d{1,2})\2(\d{4})(?:(\s+)(\d{1,2}):(\d{2})(:\d{2})?)?$/.exec(v);
  if (m !== null) {
    const a = Number(m[1]);
    const b = Number(m[3]);
    if (a < 1 || b < 1 || a > 31 || b > 31 || (a > 12 && b > 12)) return undefined;
    const time = m[6] === undefined ? "" : ` H:mm${m[8] === undefined ? "" : ":ss"}`;
    const sep = m[2] ?? "/";
    // "?" marks the undecided order: day-first or month-first, settled over the column.
    return { pattern: `?${sep}?${sep}yyyy${time}`, first: a, second: b, hasTime: time !== "" };
  }
  m = /^(\d{1,2})\/(\d{1,2})$/.exec(v);
  if (m !== null) {
    const a = Number(m[1]);
    const b = Number(m[2]);
    // Card statements' month/day without a year (招商银行 12/29); the year then comes from the title.
    if (a >= 1 && a <= 12 && b >= 1 && b <= 31) return { pattern: "M/d", hasTime: false };
  }
  return undefined;
}

function validDay(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const days = [31, y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return d <= (days[m - 1] ?? 0);
}

/**
 * The patterns of a column's dates, most common first, with the day-first or month-first order of `d/M/yyyy`
 * dates decided: by a part over 12 when one exists, else by which part changes more from row to row (a
 * statement's rows are days of one or two months).
 */
export function datePatterns(values: readonly string[]): { patterns: string[]; share: number; hasTime: boolean; ambiguousOrder: boolean } {
  const found = values.map(datePattern);
  const hits = found.filter((f) => f !== undefined);
  if (hits.length === 0) return { patterns: [], share: 0, hasTime: false, ambiguousOrder: false };
  const undecided = hits.filter((f) => f.pattern.startsWith("?"));
  let dayFirst = true;
  let ambiguousOrder = false;
  if (undecided.length > 0) {
    const firstOver12 = undecided.some((f) => (f.first ?? 0) > 12);
    const secondOver12 = undecided.some((f) => (f.second ?? 0) > 12);
    if (firstOver12 !== secondOver12) dayFirst = firstOver12;
    else {
      ambiguousOrder = true;
      const changes = (key: "first" | "second") =>
        undecided.reduce((n, f, i) => n + (i > 0 && f[key] !== undecided[i - 1]?.[key] ? 1 : 0), 0);
      dayFirst = changes("first") >= changes("second");
    }
  }
  const counts = new Map<string, number>();
  for (const f of hits) {
    const pattern = f.pattern.startsWith("?") ? f.pattern.replace("?", dayFirst ? "d" : "M").replace("?", dayFirst ? "M" : "d") : f.pattern;
    counts.set(pattern, (counts.get(pattern) ?? 0) + 1);
  }
  const patterns = [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([p]) => p);
  return { patterns, share: hits.length / values.length, hasTime: hits.some((f) => f.hasTime), ambiguousOrder };
}

/** The pattern of a time-only value (`14:06:51`, `9:05`, `140651`), or `undefined`. */
export function timePattern(v: string): string | undefined {
  let m = /^(\d{1,2}):(\d{2})(:(\d{2}))?$/.exec(v);
  if (m !== null) return Number(m[1]) < 24 && Number(m[2]) < 60 ? (m[3] === undefined ? "H:mm" : "H:mm:ss") : undefined;
  m = /^(\d{2})(\d{2})(\d{2})$/.exec(v);
  if (m !== null) return Number(m[1]) < 24 && Number(m[2]) < 60 && Number(m[3]) < 60 ? "HHmmss" : undefined;
  return undefined;
}

/** How an amount is written. */
export interface AmountShape {
  readonly negative: boolean;
  /** Digits after the decimal mark (0 for none). */
  readonly decimals: number;
  /** The decimal mark used, when the value shows one for sure. */
  readonly mark?: "." | ",";
  /** The value needed a pattern: a currency code beside it (`CNY 123.18`) or a note after it (`131.77(已退款89.84)`). */
  readonly wrapped?: "currencyBefore" | "currencyAfter" | "noteAfter";
  /** The number itself, as a plain decimal string with `.` (for balance arithmetic). */
  readonly plain: string;
}

const NUMBER = String.raw`[(]?[+-]?\s*[¥￥$€£]?\s*[+-]?(?:\d{1,3}(?:[,.' ]\d{3})+|\d+)(?:[.,]\d+)?[)]?-?`;
const PLAIN_AMOUNT = new RegExp(`^${NUMBER}$`);
const CURRENCY_BEFORE = new RegExp(`^([A-Z]{3})\\s*(${NUMBER})$`);
const CURRENCY_AFTER = new RegExp(`^(${NUMBER})\\s*([A-Z]{3})$`);
const NOTE_AFTER = new RegExp(`^(${NUMBER})\\s*[(（].*$`);

/** The amount in a value, or `undefined`. */
export function amountShape(v: string): AmountShape | undefined {
  let body = v;
  let wrapped: AmountShape["wrapped"];
  if (!PLAIN_AMOUNT.test(v)) {
    const m = CURRENCY_BEFORE.exec(v) ?? CURRENCY_AFTER.exec(v);
    const note = m === null ? NOTE_AFTER.exec(v) : null;
    if (m !== null) {
      wrapped = CURRENCY_BEFORE.test(v) ? "currencyBefore" : "currencyAfter";
      body = (wrapped === "currencyBefore" ? m[2] : m[1]) ?? "";
    } else if (note !== null) {
      wrapped = "noteAfter";
      body = note[1] ?? "";
    } else return undefined;
  }
  const negative = /^\(|-/.test(body.trim());
  const digits = body.replace(/[()¥￥$€£+\-\s]/g, "");
  const lastDot = digits.lastIndexOf(".");
  const lastComma = digits.lastIndexOf(",");
  let mark: "." | "," | undefined;
  let decimals = 0;
  let plain: string;
  const tail = (at: number) => digits.length - at - 1;
  // Both marks: the last is the decimal mark. One dot: a decimal point (several dots group thousands). One comma:
  // grouping when three digits follow (`1,234`), else a decimal comma (`12,50`).
  if (lastDot >= 0 && lastComma >= 0) mark = lastDot > lastComma ? "." : ",";
  else if (lastDot >= 0) mark = digits.indexOf(".") === lastDot ? "." : undefined;
  else if (lastComma >= 0) mark = digits.indexOf(",") === lastComma && tail(lastComma) !== 3 ? "," : undefined;
  if (mark !== undefined) {
    const at = mark === "." ? lastDot : lastComma;
    decimals = tail(at);
    plain = `${digits.slice(0, at).replace(/[,.' ]/g, "")}.${digits.slice(at + 1)}`;
  } else plain = digits.replace(/[,.' ]/g, "");
  return {
    negative,
    decimals,
    ...(mark === undefined ? {} : { mark }),
    ...(wrapped === undefined ? {} : { wrapped }),
    plain: `${negative ? "-" : ""}${plain}`,
  };
}

/** Masked or plain account and card numbers: 8 or more digits, maybe with `*` masking, spaces or dashes. */
export function isAccountLike(v: string): boolean {
  const compact = v.replace(/[\s-]/g, "");
  return /^[0-9*]{8,34}$/.test(compact) && /\d{3}/.test(compact) && !/^\d{8}$/.test(compact);
}

const CURRENCY_NAMES: ReadonlyMap<string, string> = new Map([
  ["人民币", "CNY"],
  ["人民币元", "CNY"],
  ["rmb", "CNY"],
  ["美元", "USD"],
  ["港币", "HKD"],
  ["港元", "HKD"],
  ["欧元", "EUR"],
  ["英镑", "GBP"],
  ["日元", "JPY"],
  ["澳元", "AUD"],
  ["加元", "CAD"],
  ["新加坡元", "SGD"],
]);
const ISO_CURRENCIES = new Set(
  "CNY USD HKD EUR GBP JPY AUD CAD SGD CHF NZD KRW TWD MOP THB MYR SEK NOK DKK RUB INR IDR PHP VND AED SAR ZAR BRL MXN XXX".split(" "),
);

/** The ISO code a currency cell means (`CNY`, `人民币`, `美元`), or `undefined`. */
export function currencyCode(v: string): string | undefined {
  const t = v.trim();
  if (ISO_CURRENCIES.has(t.toUpperCase()) && /^[A-Za-z]{3}$/.test(t)) return t.toUpperCase();
  return CURRENCY_NAMES.get(t.toLowerCase());
}

/** Direction words of bank exports (exact, after trimming) and what they mean for the account. */
const DIRECTIONS: ReadonlyMap<string, DirectionOutcome> = new Map([
  ...[
    "收入",
    "收",
    "入",
    "贷",
    "贷方",
    "贷 Cr",
    "Cr",
    "CR",
    "C",
    "存入",
    "转入",
    "收款",
    "来账",
    "已收入",
    "Credit",
    "CREDIT",
    "credit",
    "Income",
    "income",
    "IN",
    "In",
    "Deposit",
    "deposit",
  ].map((w): [string, DirectionOutcome] => [w, "in"]),
  ...[
    "支出",
    "支",
    "出",
    "借",
    "借方",
    "借 Dr",
    "Dr",
    "DR",
    "D",
    "取出",
    "支取",
    "转出",
    "付款",
    "往账",
    "已支出",
    "Debit",
    "DEBIT",
    "debit",
    "Expense",
    "expense",
    "OUT",
    "Out",
    "Withdrawal",
    "withdrawal",
  ].map((w): [string, DirectionOutcome] => [w, "out"]),
  ...["不计收支", "中性交易", "其他", "/"].map((w): [string, DirectionOutcome] => [w, "none"]),
]);

/** What a direction word means, or `undefined` when it is not one. */
export function directionOf(v: string): DirectionOutcome | undefined {
  return DIRECTIONS.get(v.trim());
}

/**
 * Words that start the description of card statements that do not sign their amounts (交通银行: `消费 美团`,
 * `退货 美团`): what kind of booking the row is, and so which way the money went.
 */
export const BOOKING_KIND_WORDS: ReadonlyMap<string, DirectionOutcome> = new Map([
  ...["消费", "取现", "预借现金", "手续费", "年费", "利息", "分期", "支付", "转出", "扣款"].map((w): [string, DirectionOutcome] => [
    w,
    "out",
  ]),
  ...["退货", "退款", "还款", "信用卡还款", "返现", "存入", "转入", "溢缴款"].map((w): [string, DirectionOutcome] => [w, "in"]),
]);

/** The booking-kind word a description starts with, or `undefined`. */
export function bookingKind(v: string): string | undefined {
  const first = v.trim().split(/[\s(（]/)[0] ?? "";
  return BOOKING_KIND_WORDS.has(first) ? first : undefined;
}

/** Words of a repayment of a card (its sign shows how the card statement signs purchases). */
export const REPAYMENT = /还款|repayment|payment\s*-?\s*thank you|payment received/i;

/**
 * Status values that mean the booking never happened (closed, failed, cancelled orders of payment platforms):
 * such rows are skipped. Other statuses are left as booked, for the user to refine.
 */
const NOT_BOOKED = /^(交易关闭|已关闭|关闭|交易失败|支付失败|失败|已撤销|撤销|已取消|取消|closed|failed|cancelled|canceled|declined)$/i;

/** Whether a status value says the booking never happened. */
export function isNotBooked(v: string): boolean {
  return NOT_BOOKED.test(v.trim());
}
