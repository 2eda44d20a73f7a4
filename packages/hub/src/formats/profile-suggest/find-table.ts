/**
 * Where the table is in an export: Chinese exports put title lines above the header (the account, the period,
 * notes, totals) and footers below the last row (合计). The header is the row among the first hundred whose
 * cells are most like column names and that is followed by rows with dates in them; without one, the rows with a
 * date are the table.
 *
 * @module
 */
import type { TableRow } from "../bank-csv/index.js";
import { matchName, type SuggestField } from "./header-names.js";
import { cleanCell, datePattern, isEmptyValue } from "./value-kinds.js";

/** The table found in an export's rows. */
export interface FoundTable {
  /** The header row's 1-based line, or `undefined` when the export has none. */
  readonly headerLine: number | undefined;
  /** The header cells, trimmed (empty without a header). */
  readonly header: readonly string[];
  /** The data rows' cells, trimmed, in order. */
  readonly data: readonly (readonly string[])[];
  /** The lines above the header (or above the first data row), joined with spaces. */
  readonly title: readonly string[];
  /** Columns: the widest of the header and the data rows. */
  readonly width: number;
}

/** Footer rows end the table (their first non-empty cell): the engine's default footers and a few more. */
const FOOTER = /^(人民币|外币)?(合计|总计|小计)|^(total|sum|totals)\b|^-{5,}|^导出|^注[:：]|^说明[:：]/i;
const ALL_FIELDS: readonly SuggestField[] = [
  "bookingDate",
  "amount",
  "debit",
  "credit",
  "direction",
  "currency",
  "balance",
  "counterpartyName",
  "counterpartyAccount",
  "description",
  "remittance",
  "bankReference",
  "transactionType",
  "status",
];

const trimAll = (cells: readonly string[]) => cells.map(cleanCell);
const nonEmpty = (cells: readonly string[]) => cells.filter((c) => !isEmptyValue(c)).length;
const hasDate = (cells: readonly string[]) => cells.some((c) => datePattern(c) !== undefined);

/** How many cells of `cells` are column names of some field. */
function nameHits(cells: readonly string[]): number {
  let hits = 0;
  for (const c of cells) if (c !== "" && ALL_FIELDS.some((f) => matchName(f, c).score >= 0.5)) hits++;
  return hits;
}

/** Finds the header (if any), the data rows and the title lines of `rows`. */
export function findTable(rows: readonly TableRow[]): FoundTable {
  const cells = rows.map((r) => trimAll(r.cells));
  let best: { index: number; score: number } | undefined;
  for (let i = 0; i < Math.min(cells.length, 100); i++) {
    const row = cells[i] ?? [];
    const filled = nonEmpty(row);
    if (filled < 2 || hasDate(row)) continue;
    const hits = nameHits(row);
    if (hits === 0) continue;
    const following = cells.slice(i + 1, i + 21).filter((r) => nonEmpty(r) >= 2);
    const withDates = following.length === 0 ? 0 : following.filter(hasDate).length / following.length;
    const score = hits * 2 + withDates * 3 + (filled >= 3 ? 1 : 0);
    if (best === undefined || score > best.score) best = { index: i, score };
  }
  if (best !== undefined && best.score >= 4) {
    const header = cells[best.index] ?? [];
    const data = tableRows(cells.slice(best.index + 1));
    return {
      headerLine: rows[best.index]?.line,
      header,
      data,
      title: cells.slice(0, best.index).map((r) => r.filter((c) => c !== "").join(" ")),
      width: Math.max(header.length, ...data.map((r) => r.length)),
    };
  }
  // No header: the table is the rows with a date, from the first one on.
  const first = cells.findIndex((r) => nonEmpty(r) >= 2 && hasDate(r));
  const data = first < 0 ? [] : tableRows(cells.slice(first)).filter(hasDate);
  return {
    headerLine: undefined,
    header: [],
    data,
    title: first < 0 ? [] : cells.slice(0, first).map((r) => r.filter((c) => c !== "").join(" ")),
    width: Math.max(0, ...data.map((r) => r.length)),
  };
}

/** The rows up to the first footer, without blank and one-cell rows (separators, notes). */
function tableRows(cells: readonly (readonly string[])[]): (readonly string[])[] {
  const out: (readonly string[])[] = [];
  for (const row of cells) {
    const firstCell = row.find((c) => c !== "") ?? "";
    if (FOOTER.test(firstCell)) break;
    if (nonEmpty(row) >= 2) out.push(row);
  }
  return out;
}
