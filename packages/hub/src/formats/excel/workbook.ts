/**
 * What both Excel readers return, and how a sheet is chosen: the one the caller names, else the first visible
 * worksheet that has a non-empty cell.
 *
 * @module
 */
import type { Issue } from "../../core/index.js";
import { DEFAULT_EXCEL_LIMITS, type ExcelLimits, ExcelReadError } from "./excel-limits.js";
import type { SheetRow } from "./sheet-builder.js";

/** Options of the Excel readers. */
export interface ReadWorkbookOptions {
  /** The sheet to read: its name, or its 1-based position among the worksheets. @default the first visible sheet with data */
  readonly sheet?: string | number;
  /** @default {@link DEFAULT_EXCEL_LIMITS} */
  readonly limits?: ExcelLimits;
}

/** A workbook as rows of one sheet. */
export interface WorkbookTable {
  /** The worksheets' names, in workbook order. */
  readonly sheetNames: readonly string[];
  /** The sheet read. */
  readonly sheet: string;
  readonly rows: SheetRow[];
  /** Findings about cells (error values, dates Excel cannot show). */
  readonly issues: Issue[];
}

/** A sheet as the workbook lists it. */
export interface SheetEntry {
  readonly name: string;
  readonly hidden: boolean;
}

/**
 * Reads the chosen sheet: the one `options.sheet` names, else the first visible sheet with data (the first
 * hidden one with data when every visible one is empty). `read` gives the sheet's rows or throws.
 */
export function chooseSheet<T extends SheetEntry>(
  sheets: readonly T[],
  options: ReadWorkbookOptions,
  read: (sheet: T) => { rows: SheetRow[]; issues: Issue[] },
): WorkbookTable {
  const sheetNames = sheets.map((s) => s.name);
  if (options.sheet !== undefined) {
    const wanted = options.sheet;
    const sheet = typeof wanted === "number" ? sheets[wanted - 1] : sheets.find((s) => s.name === wanted);
    if (sheet === undefined) {
      throw new ExcelReadError(
        "EXCEL_SHEET_NOT_FOUND",
        `the workbook has no sheet ${JSON.stringify(wanted)}; its sheets: ${sheetNames.join(", ")}`,
        {
          sheets: sheetNames,
        },
      );
    }
    return { sheetNames, sheet: sheet.name, ...read(sheet) };
  }
  for (const pass of [false, true]) {
    for (const sheet of sheets) {
      if (sheet.hidden !== pass) continue;
      const got = read(sheet);
      if (got.rows.length > 0) return { sheetNames, sheet: sheet.name, ...got };
    }
  }
  throw new ExcelReadError(
    "EXCEL_NO_DATA",
    sheets.length === 0 ? "the workbook has no worksheet" : "every sheet of the workbook is empty",
    {
      sheets: sheetNames,
    },
  );
}

/** The limits to use for `options`. */
export function limitsOf(options: ReadWorkbookOptions): ExcelLimits {
  return options.limits ?? DEFAULT_EXCEL_LIMITS;
}

/** Refuses input over the size limit before any parsing. */
export function checkInputSize(bytes: Uint8Array, limits: ExcelLimits, kind: string): void {
  if (bytes.length > limits.maxInputBytes) {
    throw new ExcelReadError("EXCEL_TOO_LARGE", `the ${kind} file is ${bytes.length} bytes; at most ${limits.maxInputBytes} are read`, {
      limit: limits.maxInputBytes,
    });
  }
}
