/**
 * Auto-detection: which profile reads an export, and how sure that is, from the content alone — the title lines
 * (招商银行信用卡对账单, 微信支付账单明细) and the header names, or for exports without a header, the shape of
 * the rows. File names are not trusted: users rename downloads.
 *
 * @module
 */
import { MAX_LEADING_SPACE } from "../encoding.js";
import { builtinProfiles } from "./builtin-profiles.js";
import { readCsvRows, type TableRow } from "./csv-reader.js";
import { compileDatePattern } from "./date-pattern.js";
import type { MappingProfile } from "./mapping-profile.js";
import { hasRequiredColumns, headerIndex, namedColumns, normalizeHeader, resolveColumns } from "./resolve-columns.js";
import { trimCell } from "./trim-cell.js";

/** How many rows of the head are looked at. */
const HEAD_ROWS = 120;
/** Where a header may be at the latest. */
const HEADER_WITHIN = 100;

function titleMatches(profile: MappingProfile, lines: readonly string[]): boolean | undefined {
  const tests = profile.match?.title;
  if (tests === undefined || tests.length === 0) return undefined;
  const res = tests.map((t) => new RegExp(t, "u"));
  return lines.some((line) => res.some((re) => re.test(line)));
}

function dateReads(profile: MappingProfile, value: string): boolean {
  return profile.dates.formats.some((f) => {
    const p = compileDatePattern(f);
    return typeof p !== "string" && p.read(value) !== undefined;
  });
}

// Detection scores every profile on the same rows: each row's trimmed cells and header index are made once.
const trimmedCells = new WeakMap<TableRow, string[]>();
const headerIndexes = new WeakMap<TableRow, Map<string, number>>();

function cellsOf(row: TableRow): string[] {
  let cells = trimmedCells.get(row);
  if (cells === undefined) {
    cells = row.cells.map(trimCell);
    trimmedCells.set(row, cells);
  }
  return cells;
}

function indexOf(row: TableRow): Map<string, number> {
  let index = headerIndexes.get(row);
  if (index === undefined) {
    index = headerIndex(cellsOf(row));
    headerIndexes.set(row, index);
  }
  return index;
}

/** The score of one profile on rows read with its own dialect (0 when it does not apply). */
export function scoreProfile(profile: MappingProfile, rows: readonly TableRow[]): number {
  const delimiter = profile.delimiter ?? ",";
  if (profile.header?.row === "none") {
    const row = profile.match?.row;
    if (row === undefined) return 0;
    const re = new RegExp(row, "u");
    const data = rows.filter((r) => r.cells.some((c) => trimCell(c) !== "")).slice(0, 20);
    if (data.length === 0) return 0;
    const fits = data.filter((r) => re.test(r.cells.join(delimiter))).length;
    // A shape is weaker evidence than header names: at most 0.7, and only when nearly every row has it.
    return fits / data.length >= 0.8 ? 0.5 + 0.2 * (fits / data.length) : 0;
  }
  const limit = typeof profile.header?.row === "number" ? profile.header.row : Math.min(rows.length, HEADER_WITHIN);
  for (let i = 0; i < limit && i < rows.length; i++) {
    const row = rows[i] as TableRow;
    if (typeof profile.header?.row === "number" && i !== profile.header.row - 1) continue;
    if (!hasRequiredColumns(profile, indexOf(row))) continue;
    const cells = cellsOf(row);
    const resolved = resolveColumns(profile, cells);
    if ("missing" in resolved) return 0;
    const { required, optional } = namedColumns(profile);
    const named = required.length + optional.length;
    const found = named - resolved.absent.length;
    const headerCells = cells.filter((c) => normalizeHeader(c) !== "").length;
    const coverage = headerCells === 0 ? 0 : resolved.covered / headerCells;
    const next = rows.slice(i + 1).find((r) => r.cells.some((c) => trimCell(c) !== ""));
    const date = next === undefined ? "" : trimCell(next.cells[resolved.bookingDate] ?? "");
    const title = titleMatches(
      profile,
      rows.slice(0, i).map((r) => r.cells.join(delimiter)),
    );
    let score =
      0.45 + 0.2 * (named === 0 ? 1 : found / named) + 0.2 * coverage + (next === undefined || dateReads(profile, date) ? 0.1 : 0);
    if (title === true) score += 0.05;
    else if (title === false) score -= 0.15;
    return Math.max(0, Math.min(1, score));
  }
  return 0;
}

/** Characters of a table's text that a profile is chosen on (the registry sniffs the first 64 KiB too). */
export const PROFILE_HEAD_CHARS = 64 * 1024;

/**
 * The first {@link PROFILE_HEAD_CHARS} characters after the white space the text starts with (and a byte-order
 * mark): what the profile is chosen on, the same text detection chose the format on, whole or streamed. Blank lines
 * before the table (a download through a web proxy) would otherwise push the header out of the head, and the table
 * was refused as `BANK_CSV_PROFILE_UNKNOWN`; the row reader skips the blank rows themselves.
 */
export function profileHead(text: string): string {
  const end = Math.min(text.length, MAX_LEADING_SPACE);
  let start = 0;
  while (start < end) {
    const c = text.charCodeAt(start);
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13 && c !== 0xfeff) break;
    start++;
  }
  return start === 0 && text.length <= PROFILE_HEAD_CHARS ? text : text.slice(start, start + PROFILE_HEAD_CHARS);
}

/**
 * The profile that best reads an export, with its score (0–1; 0.5 and above is a match), or `undefined` when
 * none applies. `input` is the head of a CSV text (read with each profile's delimiter and quote) or table rows
 * (a spreadsheet's). Ties go to the earlier profile in `profiles` (default: the built-in ones).
 *
 * @example
 * matchProfile("记账日期,货币,交易金额,联机余额,交易摘要\n2024-01-02,CNY,100.00,200.00,工资") // { profile: cmbDebit, score: 0.9… }
 */
export function matchProfile(
  input: string | readonly TableRow[],
  profiles: readonly MappingProfile[] = builtinProfiles,
): { profile: MappingProfile; score: number } | undefined {
  const byDialect = new Map<string, readonly TableRow[]>();
  const rowsFor = (profile: MappingProfile): readonly TableRow[] => {
    if (typeof input !== "string") return input;
    const key = `${profile.delimiter ?? ","}\u0000${profile.quote ?? '"'}`;
    let rows = byDialect.get(key);
    if (rows === undefined) {
      const read: TableRow[] = [];
      for (const row of readCsvRows(input, { delimiter: profile.delimiter ?? ",", quote: profile.quote ?? '"', trim: true })) {
        read.push(row);
        if (read.length >= HEAD_ROWS) break;
      }
      rows = read;
      byDialect.set(key, rows);
    }
    return rows;
  };
  let best: { profile: MappingProfile; score: number } | undefined;
  for (const profile of profiles) {
    const score = scoreProfile(profile, rowsFor(profile));
    if (score > 0 && (best === undefined || score > best.score)) best = { profile, score };
  }
  return best;
}
