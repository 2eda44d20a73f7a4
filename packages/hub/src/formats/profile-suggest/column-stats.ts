/**
 * One column of an export described by its contents: how full it is and what share of its values are dates,
 * times, amounts, account numbers, currencies or direction words. Inference weighs these against the header
 * names; for a file without a header they are all it has.
 *
 * @module
 */
import type { DirectionOutcome } from "../bank-csv/index.js";
import {
  type AmountShape,
  amountShape,
  bookingKind,
  currencyCode,
  datePatterns,
  directionOf,
  isAccountLike,
  isEmptyValue,
  timePattern,
} from "./value-kinds.js";

/** What a column holds. Shares are of the column's non-empty values (0 when it has none). */
export interface ColumnStats {
  readonly index: number;
  /** The header cell, trimmed (`""` without a header row). */
  readonly header: string;
  /** Data rows looked at. */
  readonly rows: number;
  /** Non-empty values among them. */
  readonly filled: number;
  /** `filled / rows`. */
  readonly fill: number;
  readonly distinct: number;
  readonly date: {
    readonly share: number;
    readonly patterns: readonly string[];
    readonly hasTime: boolean;
    readonly ambiguousOrder: boolean;
  };
  readonly time: { readonly share: number; readonly patterns: readonly string[] };
  readonly amount: {
    readonly share: number;
    readonly negatives: number;
    readonly positives: number;
    /** Share of values with a decimal part (amounts have cents; counts and ids do not). */
    readonly withDecimals: number;
    readonly decimalMark: "." | ",";
    readonly wrapped?: AmountShape["wrapped"];
    /** Each row's value as a plain decimal (`undefined` where the row has none), for balance arithmetic. */
    readonly values: readonly (string | undefined)[];
  };
  readonly accountLike: number;
  readonly currency: number;
  readonly direction: { readonly share: number; readonly outcomes: ReadonlyMap<string, DirectionOutcome> };
  /** Share of values that start with a booking-kind word (`消费`, `退货`…). */
  readonly bookingKind: number;
  /** Share of values with letters (Latin or CJK): names and descriptions. */
  readonly textual: number;
  readonly averageLength: number;
  /** Share of integers counting up or down by one from row to row (序号). */
  readonly sequence: number;
  /** The trimmed values, in row order, with `""` for empty ones. */
  readonly values: readonly string[];
}

/** Describes column `index` of `rows` (cells already trimmed). */
export function columnStats(index: number, header: string, rows: readonly (readonly string[])[]): ColumnStats {
  const values = rows.map((r) => {
    const v = (r[index] ?? "").trim();
    return isEmptyValue(v) ? "" : v;
  });
  const present = values.filter((v) => v !== "");
  const n = present.length;
  const share = (k: number) => (n === 0 ? 0 : k / n);
  const dates = datePatterns(present);
  const times = present.map(timePattern);
  const timeCounts = new Map<string, number>();
  for (const t of times) if (t !== undefined) timeCounts.set(t, (timeCounts.get(t) ?? 0) + 1);
  const shapes = values.map((v) => (v === "" ? undefined : amountShape(v)));
  const amounts = shapes.filter((s) => s !== undefined);
  const commaMarks = amounts.filter((a) => a.mark === ",").length;
  const dotMarks = amounts.filter((a) => a.mark === ".").length;
  const wrappedKinds = new Set(amounts.map((a) => a.wrapped).filter((w) => w !== undefined));
  const outcomes = new Map<string, DirectionOutcome>();
  let directionHits = 0;
  for (const v of present) {
    const d = directionOf(v);
    if (d !== undefined) {
      directionHits++;
      outcomes.set(v, d);
    }
  }
  let sequence = 0;
  for (let i = 1; i < values.length; i++) {
    const a = Number(values[i - 1]);
    const b = Number(values[i]);
    if (/^\d+$/.test(values[i] ?? "") && Number.isInteger(a) && Math.abs(b - a) === 1) sequence++;
  }
  return {
    index,
    header,
    rows: rows.length,
    filled: n,
    fill: rows.length === 0 ? 0 : n / rows.length,
    distinct: new Set(present).size,
    date: { share: dates.share, patterns: dates.patterns, hasTime: dates.hasTime, ambiguousOrder: dates.ambiguousOrder },
    time: { share: share(times.filter((t) => t !== undefined).length), patterns: [...timeCounts.keys()] },
    amount: {
      share: share(amounts.length),
      negatives: amounts.filter((a) => a.negative).length,
      positives: amounts.filter((a) => !a.negative && Number(a.plain) !== 0).length,
      withDecimals: share(amounts.filter((a) => a.decimals > 0).length),
      decimalMark: commaMarks > dotMarks ? "," : ".",
      ...(wrappedKinds.size === 1 ? { wrapped: [...wrappedKinds][0] } : {}),
      values: shapes.map((s) => s?.plain),
    },
    accountLike: share(present.filter(isAccountLike).length),
    currency: share(present.filter((v) => currencyCode(v) !== undefined).length),
    direction: { share: share(directionHits), outcomes },
    bookingKind: share(present.filter((v) => bookingKind(v) !== undefined).length),
    textual: share(present.filter((v) => /[A-Za-z\u3400-\u9fff]/.test(v)).length),
    averageLength: n === 0 ? 0 : present.reduce((s, v) => s + v.length, 0) / n,
    sequence: values.length < 3 ? 0 : sequence / (values.length - 1),
    values,
  };
}
