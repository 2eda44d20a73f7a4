/**
 * Date and time patterns of mapping profiles (`yyyy-MM-dd`, `yyyy/M/d H:mm:ss`, `yyyyMMdd`, `dd/MM/yyyy`, `MM/dd`):
 * compiled once per profile into a token list that reads a cell with `charCodeAt`, no regular expression per cell.
 *
 * @module
 */

/** What a pattern read from a cell. `year` is absent for patterns without one (card statements' `MM/dd`). */
export interface DateTimeParts {
  readonly year?: number;
  readonly month?: number;
  readonly day?: number;
  readonly hour?: number;
  readonly minute?: number;
  readonly second?: number;
}

type Field = "year" | "year2" | "month" | "day" | "hour" | "minute" | "second";
type Token = { readonly field: Field; readonly min: number; readonly max: number } | { readonly literal: number };

/** A compiled pattern. */
export interface DatePattern {
  /** The pattern as written. */
  readonly source: string;
  /** Which fields the pattern has. */
  readonly has: ReadonlySet<Field>;
  /** The parts of `text`, or `undefined` when it does not follow the pattern (no range checks beyond the digits). */
  read(text: string): DateTimeParts | undefined;
}

const TOKENS: readonly [string, Field, number, number][] = [
  ["yyyy", "year", 4, 4],
  ["yy", "year2", 2, 2],
  ["MM", "month", 2, 2],
  ["M", "month", 1, 2],
  ["dd", "day", 2, 2],
  ["d", "day", 1, 2],
  ["HH", "hour", 2, 2],
  ["H", "hour", 1, 2],
  ["mm", "minute", 2, 2],
  ["ss", "second", 2, 2],
];

/**
 * Compiles a pattern, or returns the reason it is not one (unknown letters, a field twice).
 *
 * @example compileDatePattern("yyyy/M/d").read("2025/1/5") // { year: 2025, month: 1, day: 5 }
 */
export function compileDatePattern(source: string): DatePattern | string {
  const tokens: Token[] = [];
  const has = new Set<Field>();
  let i = 0;
  outer: while (i < source.length) {
    for (const [text, field, min, max] of TOKENS) {
      if (source.startsWith(text, i)) {
        const key = field === "year2" ? "year" : field;
        if (has.has(key) || (key === "year" && has.has("year2"))) return `"${text}" appears twice`;
        has.add(field);
        tokens.push({ field, min, max });
        i += text.length;
        continue outer;
      }
    }
    const c = source.charCodeAt(i);
    if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) return `unknown letter "${source[i]}" (use yyyy, yy, MM, M, dd, d, HH, H, mm, ss)`;
    tokens.push({ literal: c });
    i++;
  }
  if (tokens.length === 0) return "the pattern is empty";
  return {
    source,
    has,
    read(text) {
      let at = 0;
      let year: number | undefined;
      let month: number | undefined;
      let day: number | undefined;
      let hour: number | undefined;
      let minute: number | undefined;
      let second: number | undefined;
      for (const t of tokens) {
        if ("literal" in t) {
          if (text.charCodeAt(at) !== t.literal) return undefined;
          at++;
          // A space stands for any run of spaces: exports pad between date and time (`2025/12/03  14:06:51`).
          if (t.literal === 32) while (text.charCodeAt(at) === 32) at++;
          continue;
        }
        let value = 0;
        let digits = 0;
        while (digits < t.max) {
          const d = text.charCodeAt(at) - 48;
          if (!(d >= 0 && d <= 9)) break;
          value = value * 10 + d;
          digits++;
          at++;
        }
        if (digits < t.min) return undefined;
        switch (t.field) {
          case "year":
            year = value;
            break;
          case "year2":
            // Two-digit years in bank exports are this century's.
            year = 2000 + value;
            break;
          case "month":
            month = value;
            break;
          case "day":
            day = value;
            break;
          case "hour":
            hour = value;
            break;
          case "minute":
            minute = value;
            break;
          case "second":
            second = value;
            break;
        }
      }
      if (at !== text.length) return undefined;
      return { year, month, day, hour, minute, second };
    },
  };
}
