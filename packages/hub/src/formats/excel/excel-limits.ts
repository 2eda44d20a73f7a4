/**
 * What the Excel readers accept at most, and the error they stop with. Bank files are untrusted input: a
 * few kilobytes of ZIP can inflate to gigabytes, an OLE file can chain its sectors in a circle, a sheet can
 * claim a million columns. Every reader checks these limits while it works, so a hostile file ends in an issue
 * after bounded time and memory.
 *
 * @module
 */

/** Limits of the Excel readers; the defaults are far above any bank export (a year of a busy account is a few MB). */
export interface ExcelLimits {
  /** Largest file read at all, in bytes. @default 64 MiB */
  readonly maxInputBytes: number;
  /** Largest part of an .xlsx after inflating (a sheet's XML, the shared strings), in bytes. @default 256 MiB */
  readonly maxPartBytes: number;
  /** Most bytes inflated from one .xlsx in all, in bytes. @default 384 MiB */
  readonly maxInflatedBytes: number;
  /** Most entries in an .xlsx's ZIP directory. @default 10,000 */
  readonly maxZipEntries: number;
  /** Most non-empty cells read from a sheet. @default 5,000,000 */
  readonly maxCells: number;
  /** Most shared strings (.xlsx `sharedStrings.xml`, .xls SST). @default 1,000,000 */
  readonly maxSharedStrings: number;
}

const MiB = 1024 * 1024;

/** The defaults of {@link ExcelLimits}. */
export const DEFAULT_EXCEL_LIMITS: ExcelLimits = Object.freeze({
  maxInputBytes: 64 * MiB,
  maxPartBytes: 256 * MiB,
  maxInflatedBytes: 384 * MiB,
  maxZipEntries: 10_000,
  maxCells: 5_000_000,
  maxSharedStrings: 1_000_000,
});

/** Excel's own sheet height: rows beyond it do not exist in a real workbook. */
export const MAX_ROWS = 1_048_576;
/** Excel's own sheet width (column XFD): columns beyond it do not exist in a real workbook. */
export const MAX_COLUMNS = 16_384;

/** Codes the Excel readers stop with (documented in `docs/errors.md`). */
export type ExcelErrorCode =
  | "EXCEL_TOO_LARGE"
  | "EXCEL_DAMAGED"
  | "EXCEL_ENCRYPTED"
  | "EXCEL_UNSUPPORTED"
  | "EXCEL_SHEET_NOT_FOUND"
  | "EXCEL_NO_DATA";

/**
 * Why a workbook could not be read. Thrown inside the readers and turned into the document's `rejected` issue
 * at their entry points; it never leaves this folder.
 */
export class ExcelReadError extends Error {
  override readonly name = "ExcelReadError";
  readonly code: ExcelErrorCode;
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(code: ExcelErrorCode, message: string, details?: Readonly<Record<string, unknown>>) {
    super(message);
    this.code = code;
    this.details = details;
  }
}
