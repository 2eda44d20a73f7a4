/**
 * Collects a sheet's cells, in whatever order the file gives them, into the rows the bank-CSV engine reads:
 * one row per spreadsheet row that has a non-empty cell, `line` its 1-based row number, the cells as text.
 *
 * @module
 */
import type { Issue } from "../../core/index.js";
import { type ExcelLimits, ExcelReadError, MAX_COLUMNS, MAX_ROWS } from "./excel-limits.js";

/** One spreadsheet row: what the bank-CSV engine's `TableRow` is (`line` 1-based, cells as text). */
export interface SheetRow {
  readonly line: number;
  readonly cells: string[];
}

/** At most this many cell findings are listed one by one; the rest are counted in one more. */
const MAX_CELL_ISSUES = 200;

/** The column's letters: 0 → `A`, 27 → `AB`. */
export function columnName(col: number): string {
  let name = "";
  for (let n = col + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

/** Builds the rows of one sheet. */
export class SheetBuilder {
  readonly #rows = new Map<number, string[]>();
  readonly #limits: ExcelLimits;
  readonly #issues: Issue[] = [];
  #cells = 0;
  /** Cells the rows' arrays hold, empty ones between cells included. */
  #slots = 0;
  #width = 0;
  #suppressed = 0;

  constructor(limits: ExcelLimits) {
    this.#limits = limits;
  }

  /** Sets the cell at 0-based `row` and `col`; empty text is no cell. A later value for the same cell wins. */
  set(row: number, col: number, text: string): void {
    if (text === "") return;
    if (!(row >= 0 && row < MAX_ROWS && col >= 0 && col < MAX_COLUMNS)) return;
    let cells = this.#rows.get(row);
    if (cells === undefined) {
      cells = [];
      this.#rows.set(row, cells);
    }
    if (cells[col] === undefined) {
      if (++this.#cells > this.#limits.maxCells) {
        throw new ExcelReadError("EXCEL_TOO_LARGE", `the sheet has more than ${this.#limits.maxCells} non-empty cells`, {
          limit: this.#limits.maxCells,
        });
      }
      if (col >= cells.length) {
        // Rows are dense arrays (a hole would read as `undefined`, not ""), so cells far apart cost the columns
        // between them: one stray cell in column XFD is 16,384 slots, and many such rows are refused.
        this.#slots += col + 1 - cells.length;
        if (this.#slots > 2 * this.#limits.maxCells) {
          throw new ExcelReadError("EXCEL_TOO_LARGE", `the sheet's rows span more than ${2 * this.#limits.maxCells} cells`, {
            limit: 2 * this.#limits.maxCells,
          });
        }
        for (let k = cells.length; k < col; k++) cells[k] = "";
      }
    }
    cells[col] = text;
    if (col + 1 > this.#width) this.#width = col + 1;
  }

  /** Records a finding about the cell at 0-based `row` and `col`. */
  issue(severity: Issue["severity"], code: string, row: number, col: number, message: string): void {
    if (this.#issues.length >= MAX_CELL_ISSUES) {
      this.#suppressed++;
      return;
    }
    this.#issues.push({
      severity,
      code,
      message: `cell ${columnName(col)}${row + 1}: ${message}`,
      line: row + 1,
      path: `${columnName(col)}${row + 1}`,
    });
  }

  /** Whether any cell has been set. */
  get empty(): boolean {
    return this.#cells === 0;
  }

  /** The findings so far, with one more that counts those not listed. */
  issues(): Issue[] {
    if (this.#suppressed === 0) return [...this.#issues];
    return [
      ...this.#issues,
      { severity: "warning", code: "EXCEL_CELL_ERROR", message: `${this.#suppressed} more cell findings are not listed` },
    ];
  }

  /**
   * The rows in sheet order. Every row is padded with empty cells to the width of the widest, as a CSV
   * export of the sheet would be, unless that would allocate far more cells than the sheet holds (one
   * stray cell in column XFD).
   */
  rows(): SheetRow[] {
    const lines = [...this.#rows.keys()].sort((a, b) => a - b);
    const pad = this.#width * lines.length <= this.#slots + 4 * this.#cells + 1024;
    return lines.map((row) => {
      const cells = this.#rows.get(row) ?? [];
      if (pad) for (let k = cells.length; k < this.#width; k++) cells[k] = "";
      return { line: row + 1, cells };
    });
  }
}
