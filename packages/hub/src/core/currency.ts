/**
 * ISO 4217 currencies and their minor-unit exponents.
 *
 * @module
 */
import type { Brand } from "./brand.js";

/** An upper-case three-letter currency code known to {@link currencyExponent}. */
export type CurrencyCode = Brand<string, "CurrencyCode">;

// ISO 4217 list (amendment 179, 2025). Everything not listed in ZERO/THREE/FOUR/UNITLESS has exponent 2.
const TWO =
  "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BOV BRL BSD BTN BWP BYN BZD CAD CDF CHE CHF CHW CNY COP COU CRC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GTQ GYD HKD HNL HTG HUF IDR ILS INR IRR JMD KES KGS KHR KPW KYD KZT LAK LBP LKR LRD LSL MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD PAB PEN PGK PHP PKR PLN QAR RON RSD RUB SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TOP TRY TTD TWD TZS UAH USD USN UYU UZS VED VES WST XCD XCG YER ZAR ZMW ZWG";
const ZERO = "BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF";
const THREE = "BHD IQD JOD KWD LYD OMR TND";
const FOUR = "CLF UYW";
// Gold, SDR, test codes...: ISO gives no minor unit. Amounts keep whatever scale they arrive with.
const UNITLESS = "XAG XAU XBA XBB XBC XBD XDR XPD XPT XSU XTS XUA XXX";
const HISTORIC = "ATS CYP DEM EEK FIM FRF HRK IEP LTL LVL MTL NLG SIT SKK MRO STD VEF ZWL SLL";
const HISTORIC_ZERO = "BEF ESP GRD ITL LUF PTE BYR";

const NO_MINOR_UNIT: ReadonlySet<string> = new Set(UNITLESS.split(" "));

const EXPONENTS: ReadonlyMap<string, number> = new Map([
  ...TWO.split(" ").map((c) => [c, 2] as const),
  ...ZERO.split(" ").map((c) => [c, 0] as const),
  ...THREE.split(" ").map((c) => [c, 3] as const),
  ...FOUR.split(" ").map((c) => [c, 4] as const),
  ...UNITLESS.split(" ").map((c) => [c, 0] as const),
  // Offshore renminbi: not in ISO 4217 but used by every bank that books it (Hong Kong, Singapore).
  ["CNH", 2],
  // Withdrawn currencies (ISO 4217 list three): old statements and archives still carry them. The European ones
  // (HRK until 2023), and those replaced by a redenomination: MRO (MRU 2018), STD (STN 2018), VEF (VES 2018),
  // ZWL (ZWG 2024), SLL (SLE 2022), BYR (BYN 2016).
  ...HISTORIC.split(" ").map((c) => [c, 2] as const),
  ...HISTORIC_ZERO.split(" ").map((c) => [c, 0] as const),
]);

/**
 * Codes that banks write but that are not ISO 4217, mapped to the ISO code they mean.
 * Chinese bank exports write RMB (人民币) for CNY.
 */
const ALIASES: ReadonlyMap<string, string> = new Map([
  ["RMB", "CNY"],
  // The Russian rouble's code before 1998, which Russian banking software still writes for RUB (account
  // numbers keep its numeric code 810).
  ["RUR", "RUB"],
  ["人民币", "CNY"],
  ["美元", "USD"],
  ["欧元", "EUR"],
  ["港币", "HKD"],
  ["港元", "HKD"],
  ["日元", "JPY"],
  ["英镑", "GBP"],
]);

/**
 * The currency code for `text`, or `undefined` if it is not a known currency.
 * Accepts lower case, surrounding spaces and the aliases banks use (`RMB`, `人民币`).
 *
 * @example toCurrencyCode(" rmb ") // "CNY"
 */
export function toCurrencyCode(text: string): CurrencyCode | undefined {
  const t = text.trim();
  const upper = t.toUpperCase();
  if (EXPONENTS.has(upper)) return upper as CurrencyCode;
  const alias = ALIASES.get(upper) ?? ALIASES.get(t);
  return alias === undefined ? undefined : (alias as CurrencyCode);
}

/** True when `text` is exactly a known upper-case code (no aliases, no trimming). */
export function isCurrencyCode(text: string): text is CurrencyCode {
  return EXPONENTS.has(text);
}

/**
 * Number of decimals of the currency's minor unit: JPY 0, CNY/EUR/USD 2, BHD/KWD 3, CLF 4.
 * Units without a minor unit in ISO 4217 (XAU, XDR…) report 0.
 */
export function currencyExponent(code: CurrencyCode): number {
  return EXPONENTS.get(code) ?? 2;
}

/**
 * Whether ISO 4217 gives the currency a minor unit: false for gold, SDR, test codes and XXX (no currency), whose
 * {@link currencyExponent} is 0 only for want of one. Their amounts keep the scale they arrive with (XAU 1.125 is an
 * ounce and an eighth; XXX is what a QIF file's amounts are in), so decimals there are never too many.
 */
export function hasIsoMinorUnit(code: CurrencyCode): boolean {
  return !NO_MINOR_UNIT.has(code);
}

/** Every code {@link toCurrencyCode} accepts without an alias, sorted. */
export function allCurrencyCodes(): readonly CurrencyCode[] {
  return [...EXPONENTS.keys()].sort() as CurrencyCode[];
}
