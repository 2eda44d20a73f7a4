/**
 * MT942 `:34F:` floor limit indicator: `<currency>[D|C]<amount>` (`EURD0,00`, `NZD0,`). Only entries above
 * the limit are reported; the parser keeps the field as text and takes the report's currency from it.
 *
 * @module
 */
import { type Money, toCurrencyCode } from "../../core/index.js";
import { parseSwiftAmount } from "./swift-amount.js";

/** A `:34F:` field read into its parts. */
export interface FloorLimitField {
  /** `D` or `C` when the limit is for one side only. */
  readonly mark?: "D" | "C";
  readonly amount: Money;
}

/**
 * Reads a `:34F:` field, or `undefined` when it is not one.
 *
 * @example parseFloorLimitField("EURD13,37") // { mark: "D", amount: 13.37 EUR }
 */
export function parseFloorLimitField(text: string): FloorLimitField | undefined {
  const t = text.trim();
  const currency = toCurrencyCode(t.slice(0, 3));
  if (currency === undefined) return undefined;
  const m = t.charAt(3);
  const mark = m === "D" || m === "C" ? m : undefined;
  const amount = parseSwiftAmount(t, mark === undefined ? 3 : 4, t.length, currency);
  if (amount === undefined) return undefined;
  return mark === undefined ? { amount } : { mark, amount };
}
