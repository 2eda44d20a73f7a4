/**
 * Balance fields `:60F: :60M: :62F: :62M: :64: :65:`: `<D|C><YYMMDD><currency><amount>`, e.g.
 * `C140829EUR000000000147,64`.
 *
 * @module
 */
import { type CurrencyCode, type Money, toCurrencyCode } from "../../core/index.js";
import { parseSwiftAmount } from "./swift-amount.js";
import { parseYymmdd, type SwiftDate } from "./swift-date.js";

/** A balance field read into its parts. */
export interface BalanceField {
  readonly date: SwiftDate;
  /** Signed: a debit (`D`) balance is negative. */
  readonly amount: Money;
  /** True when the field had no currency code and `fallbackCurrency` was used (WoLpH `raphaelm.sta`). */
  readonly currencyMissing: boolean;
}

/** Why a balance field could not be read. */
export interface BalanceFieldError {
  readonly kind: "balanceInvalid" | "dateInvalid" | "amountInvalid" | "currencyUnknown" | "currencyMissing";
  readonly message: string;
  /** The currency code as written, for `currencyUnknown`. */
  readonly currency?: string;
}

/**
 * Reads a balance field. When the bank left out the currency code (a digit follows the date), the amount is
 * read in `fallbackCurrency` and `currencyMissing` says so.
 *
 * @example parseBalanceField("D140829EUR147,64") // { amount: -147.64 EUR, date 2014-08-29 }
 */
export function parseBalanceField(text: string, fallbackCurrency?: CurrencyCode): BalanceField | BalanceFieldError {
  const t = text.trim();
  const mark = t.charCodeAt(0);
  if (mark !== 67 /* C */ && mark !== 68 /* D */)
    return { kind: "balanceInvalid", message: `balance "${t.slice(0, 40)}" does not start with C or D` };
  const date = parseYymmdd(t, 1);
  if (date === undefined) return { kind: "dateInvalid", message: `balance date "${t.slice(1, 7)}" is not YYMMDD` };
  let currency: CurrencyCode | undefined;
  let amountStart = 10;
  let currencyMissing = false;
  const c7 = t.charCodeAt(7);
  if (c7 >= 48 && c7 <= 57) {
    // The currency code is missing; some exporters leave it out of intermediate balances.
    currency = fallbackCurrency;
    amountStart = 7;
    currencyMissing = true;
    if (currency === undefined) return { kind: "currencyMissing", message: `balance "${t.slice(0, 40)}" has no currency code` };
  } else {
    const code = t.slice(7, 10);
    currency = toCurrencyCode(code);
    if (currency === undefined) {
      return { kind: "currencyUnknown", message: `"${code}" is not an ISO 4217 currency code`, currency: code };
    }
  }
  // A space between the currency and the amount (`EUR 10,00`) is no SWIFT, but says nothing else either.
  while (t.charCodeAt(amountStart) === 32) amountStart++;
  const amount = parseSwiftAmount(t, amountStart, t.length, currency, mark === 68);
  if (amount === undefined)
    return { kind: "amountInvalid", message: `balance amount "${t.slice(amountStart, amountStart + 20)}" is not a SWIFT amount` };
  return { date, amount, currencyMissing };
}

/** True when `result` is an error rather than a balance. */
export function isBalanceFieldError(result: BalanceField | BalanceFieldError): result is BalanceFieldError {
  return "kind" in result;
}
