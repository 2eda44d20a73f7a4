/**
 * SWIFT amounts (`15d`): digits with a decimal comma, where the comma may end the amount (`20,` is 20.00) or be
 * missing altogether (some banks write `500`). Read straight into exact money: never through a float.
 *
 * @module
 */
import { type CurrencyCode, currencyExponent, MAX_DIGITS, MAX_SCALE, type Money } from "../../core/index.js";

// A document is in one or two currencies: the last one's exponent is kept rather than looked up per amount.
let lastCurrency = "";
let lastExponent = 0;

function exponentOf(currency: CurrencyCode): number {
  if (currency !== lastCurrency) {
    lastExponent = currencyExponent(currency);
    lastCurrency = currency;
  }
  return lastExponent;
}

const POW10: readonly bigint[] = Array.from({ length: MAX_DIGITS + MAX_SCALE + 1 }, (_, i) => 10n ** BigInt(i));

/**
 * The amount in `text[start, end)` as money of `currency`, or `undefined` unless it is one or more digits,
 * optionally followed by a comma and more digits. The scale is the currency's exponent or the decimals written,
 * whichever is larger, as {@link tryParseMoney} does: `"0,7"` EUR is 0.70, `"1,235"` EUR keeps three decimals.
 * `negative` gives the amount a minus sign (SWIFT writes the sign as a D/C mark beside the amount).
 *
 * @example parseSwiftAmount("C1234,5EUR", 1, 7, "EUR") // { minor: 123450n, scale: 2, currency: "EUR" }
 */
export function parseSwiftAmount(text: string, start: number, end: number, currency: CurrencyCode, negative = false): Money | undefined {
  let comma = -1;
  let units = 0;
  let digits = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      digits++;
      // A number holds 15 digits exactly; longer amounts (rare, and capped below) take the BigInt path.
      if (digits <= 15) units = units * 10 + (c - 48);
    } else if (c === 44 /* , */ && comma < 0 && i > start) {
      comma = i;
    } else {
      return undefined;
    }
  }
  return swiftMoney(text, start, end, comma, digits, units, currency, negative);
}

/**
 * The money of an amount already scanned: `text[start, end)` is digits with at most one comma, at `comma`
 * (-1 for none; never at `start`), `digits` of them, whose first 15 make `units`. For a caller that scans the
 * amount's extent anyway ({@link parseSwiftAmount}, the `:61:` line).
 */
export function swiftMoney(
  text: string,
  start: number,
  end: number,
  comma: number,
  digits: number,
  units: number,
  currency: CurrencyCode,
  negative: boolean,
): Money | undefined {
  if (digits === 0 || digits > MAX_DIGITS) return undefined;
  const decimals = comma < 0 ? 0 : end - comma - 1;
  if (decimals > MAX_SCALE) return undefined;
  let minor: bigint;
  if (digits <= 15) minor = BigInt(units);
  else minor = BigInt(comma < 0 ? text.slice(start, end) : text.slice(start, comma) + text.slice(comma + 1, end));
  if (negative) minor = -minor;
  const exponent = exponentOf(currency);
  if (decimals >= exponent) return { minor, scale: decimals, currency };
  return { minor: minor * (POW10[exponent - decimals] as bigint), scale: exponent, currency };
}
