/**
 * Exact money: a bigint count of 10^-scale currency units. Never a float.
 *
 * `scale` is at least the currency's exponent (EUR 2, JPY 0, KWD 3) and larger when the bank sent more
 * decimals than the currency has (camt allows 5): those digits are kept, never rounded away.
 *
 * @module
 */
import { type CurrencyCode, currencyExponent, toCurrencyCode } from "./currency.js";
import { HubError } from "./errors.js";

/** An exact amount of one currency. Treat as immutable. */
export interface Money {
  /** Signed amount in units of 10^-`scale` of the currency. Money out of an account is negative. */
  readonly minor: bigint;
  /** Decimals `minor` is counted in; ≥ the currency exponent. */
  readonly scale: number;
  readonly currency: CurrencyCode;
}

/** A currency-free exact decimal (exchange rates, quantities). */
export interface Decimal {
  readonly units: bigint;
  readonly scale: number;
}

/** Longest digit string accepted, integer and fraction together: far above any real amount, and it
 * keeps a hostile file from making BigInt work on megabyte-long numbers. */
export const MAX_DIGITS = 40;
/** Most decimals accepted (camt amounts have ≤ 5, exchange rates ≤ 10). */
export const MAX_SCALE = 18;

const POW10: bigint[] = Array.from({ length: MAX_DIGITS + MAX_SCALE + 1 }, (_, i) => 10n ** BigInt(i));

function pow10(n: number): bigint {
  return POW10[n] ?? 10n ** BigInt(n);
}

/**
 * Parses a plain decimal: optional sign, digits, optional `.` and digits (`"-1234.50"`, `"20."`, `".5"`).
 * No exponent, no grouping, no spaces. Returns `undefined` for anything else or beyond the limits.
 */
export function parseDecimal(text: string): Decimal | undefined {
  const n = text.length;
  if (n === 0 || n > MAX_DIGITS + 2) return undefined;
  let i = 0;
  let negative = false;
  const c0 = text.charCodeAt(0);
  if (c0 === 45 /* - */ || c0 === 43 /* + */) {
    negative = c0 === 45;
    i = 1;
  }
  let dot = -1;
  let digits = 0;
  for (let j = i; j < n; j++) {
    const c = text.charCodeAt(j);
    if (c >= 48 && c <= 57) digits++;
    else if (c === 46 && dot < 0) dot = j;
    else return undefined;
  }
  if (digits === 0 || digits > MAX_DIGITS) return undefined;
  const scale = dot < 0 ? 0 : n - dot - 1;
  if (scale > MAX_SCALE) return undefined;
  const body = dot < 0 ? text.slice(i) : text.slice(i, dot) + text.slice(dot + 1);
  const units = BigInt(body);
  return { units: negative ? -units : units, scale };
}

/** Formats a decimal with exactly its scale: `{ units: -123450n, scale: 2 }` → `"-1234.50"`. */
export function formatDecimal(value: Decimal): string {
  const negative = value.units < 0n;
  const digits = (negative ? -value.units : value.units).toString();
  if (value.scale === 0) return negative ? `-${digits}` : digits;
  const padded = digits.length <= value.scale ? "0".repeat(value.scale - digits.length + 1) + digits : digits;
  const cut = padded.length - value.scale;
  const text = `${padded.slice(0, cut)}.${padded.slice(cut)}`;
  return negative ? `-${text}` : text;
}

/**
 * Money from a decimal string, or `undefined` when the text is not a plain decimal or the currency is unknown.
 * The scale is the larger of the currency exponent and the decimals written: `"20."` EUR is 20.00,
 * `"1.23456"` EUR keeps all five decimals.
 */
export function tryParseMoney(text: string, currency: string): Money | undefined {
  const code = toCurrencyCode(currency);
  if (code === undefined) return undefined;
  const d = parseDecimal(text);
  if (d === undefined) return undefined;
  const exponent = currencyExponent(code);
  if (d.scale >= exponent) return { minor: d.units, scale: d.scale, currency: code };
  return { minor: d.units * pow10(exponent - d.scale), scale: exponent, currency: code };
}

/**
 * Money from a decimal string; throws `MONEY_INVALID`, `MONEY_OUT_OF_RANGE` or `CURRENCY_UNKNOWN`.
 *
 * @example parseMoney("-1234.5", "EUR") // { minor: -123450n, scale: 2, currency: "EUR" }
 */
export function parseMoney(text: string, currency: string): Money {
  const m = tryParseMoney(text, currency);
  if (m !== undefined) return m;
  if (toCurrencyCode(currency) === undefined) {
    throw new HubError("CURRENCY_UNKNOWN", `unknown currency "${currency}"`, { details: { currency } });
  }
  if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(text)) {
    throw new HubError("MONEY_OUT_OF_RANGE", `amount "${truncate(text)}" has more than ${MAX_DIGITS} digits or ${MAX_SCALE} decimals`, {
      details: { amount: truncate(text) },
    });
  }
  throw new HubError("MONEY_INVALID", `"${truncate(text)}" is not a decimal amount`, { details: { amount: truncate(text) } });
}

/** Money from an integer count of minor units at the currency's own exponent. */
export function moneyFromMinor(minor: bigint, currency: CurrencyCode): Money {
  return { minor, scale: currencyExponent(currency), currency };
}

/** The amount as a signed decimal string with its full scale (`"-1234.50"`, `"1000"` for JPY). */
export function formatMoney(m: Money): string {
  return formatDecimal({ units: m.minor, scale: m.scale });
}

/** The same value at a larger scale (never rounds). Throws if `scale` is smaller than the current one. */
export function rescale(m: Money, scale: number): Money {
  if (scale === m.scale) return m;
  if (scale < m.scale) throw new RangeError(`rescale would drop digits (${m.scale} → ${scale})`);
  return { minor: m.minor * pow10(scale - m.scale), scale, currency: m.currency };
}

/**
 * The amount in minor units of its currency (cents, fen) when that is exact, else `undefined`
 * (an amount with more decimals than the currency, such as EUR 0.00001).
 */
export function toMinorUnits(m: Money): bigint | undefined {
  const exponent = currencyExponent(m.currency);
  if (m.scale === exponent) return m.minor;
  // Fewer decimals than the currency (USD 6.5 from a product whose zeros were dropped): always exact.
  if (m.scale < exponent) return m.minor * pow10(exponent - m.scale);
  const f = pow10(m.scale - exponent);
  return m.minor % f === 0n ? m.minor / f : undefined;
}

/** The same amount at the smallest scale that keeps its value (≥ the currency exponent). */
export function normalize(m: Money): Money {
  const exponent = currencyExponent(m.currency);
  let { minor, scale } = m;
  while (scale > exponent && minor % 10n === 0n) {
    minor /= 10n;
    scale--;
  }
  return scale === m.scale ? m : { minor, scale, currency: m.currency };
}

function currencyMismatch(left: CurrencyCode, right: CurrencyCode): HubError {
  return new HubError("CURRENCY_MISMATCH", `cannot combine ${left} and ${right}`, { details: { left, right } });
}

function assertSameCurrency(a: Money, b: Money): void {
  if (a.currency !== b.currency) throw currencyMismatch(a.currency, b.currency);
}

/** a + b, at the larger of the two scales. Throws `CURRENCY_MISMATCH`. */
export function addMoney(a: Money, b: Money): Money {
  assertSameCurrency(a, b);
  if (a.scale === b.scale) return { minor: a.minor + b.minor, scale: a.scale, currency: a.currency };
  const scale = Math.max(a.scale, b.scale);
  return { minor: rescale(a, scale).minor + rescale(b, scale).minor, scale, currency: a.currency };
}

/**
 * An exact running sum of amounts in one currency: what chaining {@link addMoney} gives, without a new `Money`
 * per amount. The integrity checks keep several (credits, debits, and what is not booked) over every entry of a statement.
 */
export interface MoneySum {
  /** Adds `m`, or subtracts it when `negate` is true. Throws `CURRENCY_MISMATCH` for another currency. */
  add(m: Money, negate?: boolean): void;
  /** The sum so far, at the largest scale added and at least the currency's exponent. */
  value(): Money;
}

/**
 * The {@link MoneySum} implementation: one bigint and the scale. (Tried and measured slower: a closure, whose
 * captured total V8 boxes anew on every add, and a safe-integer double beside the bigint, because `Number()` of a
 * bigint is a call into the runtime.)
 */
class RunningSum implements MoneySum {
  readonly #currency: CurrencyCode;
  #scale: number;
  #minor = 0n;

  constructor(currency: CurrencyCode) {
    this.#currency = currency;
    this.#scale = currencyExponent(currency);
  }

  add(m: Money, negate = false): void {
    if (m.currency !== this.#currency) throw currencyMismatch(this.#currency, m.currency);
    if (m.scale !== this.#scale) {
      if (m.scale < this.#scale) {
        const minor = m.minor * pow10(this.#scale - m.scale);
        this.#minor += negate ? -minor : minor;
        return;
      }
      this.#minor *= pow10(m.scale - this.#scale);
      this.#scale = m.scale;
    }
    this.#minor += negate ? -m.minor : m.minor;
  }

  value(): Money {
    return { minor: this.#minor, scale: this.#scale, currency: this.#currency };
  }
}

/** A {@link MoneySum} of `currency`, starting at zero. */
export function createMoneySum(currency: CurrencyCode): MoneySum {
  return new RunningSum(currency);
}

/** a − b, at the larger of the two scales. Throws `CURRENCY_MISMATCH`. */
export function subtractMoney(a: Money, b: Money): Money {
  return addMoney(a, negateMoney(b));
}

/** −m. */
export function negateMoney(m: Money): Money {
  return { minor: -m.minor, scale: m.scale, currency: m.currency };
}

/** |m|. */
export function absMoney(m: Money): Money {
  return m.minor < 0n ? negateMoney(m) : m;
}

/** The sum of `items` in `currency` (zero for none). Throws `CURRENCY_MISMATCH` if one differs. */
export function sumMoney(items: Iterable<Money>, currency: CurrencyCode): Money {
  let total: Money = moneyFromMinor(0n, currency);
  for (const m of items) total = addMoney(total, m);
  return total;
}

/** −1, 0 or 1 comparing values (scale does not matter: 1.5 = 1.50000). Throws `CURRENCY_MISMATCH`. */
export function compareMoney(a: Money, b: Money): -1 | 0 | 1 {
  assertSameCurrency(a, b);
  const scale = Math.max(a.scale, b.scale);
  const x = rescale(a, scale).minor;
  const y = rescale(b, scale).minor;
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Same currency and same value, whatever the scale. */
export function moneyEquals(a: Money, b: Money): boolean {
  return a.currency === b.currency && compareMoney(a, b) === 0;
}

/** True for an amount of zero. */
export function isZeroMoney(m: Money): boolean {
  return m.minor === 0n;
}

function truncate(text: string): string {
  return text.length > 64 ? `${text.slice(0, 61)}...` : text;
}
