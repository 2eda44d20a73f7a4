/**
 * A validated profile turned into what reading needs per row: regular expressions compiled, date patterns
 * compiled, number style and value tables as character codes and maps. Done once per document, so the row
 * loop does no parsing of the profile itself.
 *
 * @module
 */
import { type CurrencyCode, toCurrencyCode } from "../../core/index.js";
import { type NumberStyle, numberStyle } from "./amount-text.js";
import { compileDatePattern, type DatePattern } from "./date-pattern.js";
import type { DirectionOutcome, MappingProfile, StatusOutcome } from "./mapping-profile.js";

/** A profile ready for reading. */
export interface CompiledProfile {
  readonly profile: MappingProfile;
  readonly trim: boolean;
  readonly header: "auto" | "none" | number;
  readonly dates: readonly DatePattern[];
  readonly times: readonly DatePattern[];
  readonly numbers: NumberStyle;
  readonly amountPattern?: RegExp;
  readonly directions: ReadonlyMap<string, DirectionOutcome>;
  readonly invert: boolean;
  readonly statuses: ReadonlyMap<string, StatusOutcome>;
  readonly currency?: CurrencyCode;
  readonly currencyNames: ReadonlyMap<string, CurrencyCode>;
  readonly emptyValues: ReadonlySet<string>;
  readonly skipRows: readonly RegExp[];
  readonly footers: readonly RegExp[];
  readonly rowPattern?: RegExp;
  readonly titleTests: readonly RegExp[];
  readonly title: {
    readonly account?: RegExp;
    readonly holderName?: RegExp;
    readonly currency?: RegExp;
    readonly openingBalance?: RegExp;
    readonly closingBalance?: RegExp;
    readonly period?: RegExp;
  };
}

/** Default footers: totals rows end the table; what follows them is notes. */
export const DEFAULT_FOOTERS = ["^(人民币|外币)?(合计|总计|小计)", "^(Total|Sum|Totals)\\b"];
const DEFAULT_EMPTY = ["/"];
const DEFAULT_TIMES = ["HH:mm:ss", "HH:mm", "HHmmss"];

function patterns(sources: readonly string[]): DatePattern[] {
  const out: DatePattern[] = [];
  for (const s of sources) {
    const p = compileDatePattern(s);
    if (typeof p !== "string") out.push(p);
  }
  return out;
}

const re = (source: string | undefined): RegExp | undefined => (source === undefined ? undefined : new RegExp(source, "u"));

/** Compiles a profile that passed `validateProfile` (anything else may throw). */
export function compileProfile(profile: MappingProfile): CompiledProfile {
  const a = profile.amounts;
  const decimalMark = a.decimalMark ?? ".";
  const thousands = a.thousandsSeparator ?? (decimalMark === "," ? "." : ",");
  const currencyNames = new Map<string, CurrencyCode>();
  for (const [name, code] of Object.entries(profile.currencyNames ?? {})) {
    const c = toCurrencyCode(code);
    if (c !== undefined) currencyNames.set(name, c);
  }
  const t = profile.title ?? {};
  const pattern = re(a.pattern);
  const rowPattern = re(profile.match?.row);
  const account = re(t.account);
  const holderName = re(t.holderName);
  const currency = re(t.currency);
  const openingBalance = re(t.openingBalance);
  const closingBalance = re(t.closingBalance);
  const period = re(t.period);
  const fixed = profile.currency === undefined ? undefined : toCurrencyCode(profile.currency);
  return {
    profile,
    trim: profile.trim ?? true,
    header: profile.header?.row ?? "auto",
    dates: patterns(profile.dates.formats),
    times: patterns(profile.dates.timeFormats ?? DEFAULT_TIMES),
    numbers: numberStyle(decimalMark, thousands),
    ...(pattern === undefined ? {} : { amountPattern: pattern }),
    directions: new Map(Object.entries(a.directions ?? {})),
    invert: a.invert ?? false,
    statuses: new Map(Object.entries(profile.statuses ?? {})),
    ...(fixed === undefined ? {} : { currency: fixed }),
    currencyNames,
    emptyValues: new Set(profile.skip?.emptyValues ?? DEFAULT_EMPTY),
    skipRows: (profile.skip?.rows ?? []).map((s) => new RegExp(s, "u")),
    footers: (profile.skip?.footers ?? DEFAULT_FOOTERS).map((s) => new RegExp(s, "u")),
    ...(rowPattern === undefined ? {} : { rowPattern }),
    titleTests: (profile.match?.title ?? []).map((s) => new RegExp(s, "u")),
    title: {
      ...(account === undefined ? {} : { account }),
      ...(holderName === undefined ? {} : { holderName }),
      ...(currency === undefined ? {} : { currency }),
      ...(openingBalance === undefined ? {} : { openingBalance }),
      ...(closingBalance === undefined ? {} : { closingBalance }),
      ...(period === undefined ? {} : { period }),
    },
  };
}
