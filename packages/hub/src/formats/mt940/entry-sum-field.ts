/**
 * MT942 `:90D:`/`:90C:` number and sum of the debit/credit entries: `<count><currency><amount>` (`3EUR13,37`).
 *
 * @module
 */
import { type Money, toCurrencyCode } from "../../core/index.js";
import { parseSwiftAmount } from "./swift-amount.js";

/** A `:90D:`/`:90C:` field: how many entries and their sum, stated positive. */
export interface EntrySumField {
  readonly count: number;
  readonly sum: Money;
}

/**
 * Reads a `:90D:`/`:90C:` field, or `undefined` when it is not one.
 *
 * @example parseEntrySumField("3EUR13,37") // { count: 3, sum: 13.37 EUR }
 */
export function parseEntrySumField(text: string): EntrySumField | undefined {
  const t = text.trim();
  let i = 0;
  while (i < t.length && i < 15 && t.charCodeAt(i) >= 48 && t.charCodeAt(i) <= 57) i++;
  if (i === 0 || i === 15) return undefined;
  const currency = toCurrencyCode(t.slice(i, i + 3));
  if (currency === undefined) return undefined;
  const sum = parseSwiftAmount(t, i + 3, t.length, currency);
  return sum === undefined ? undefined : { count: Number(t.slice(0, i)), sum };
}
