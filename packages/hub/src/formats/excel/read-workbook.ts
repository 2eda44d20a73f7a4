/**
 * One entry point for both Excel containers: the signature decides whether bytes are an .xlsx (ZIP) or an .xls
 * (OLE compound file). For callers that hold a file of unknown kind, such as `bankbridge profile suggest`.
 *
 * @module
 */
import { readXls } from "./biff-reader.js";
import { isCompoundFile } from "./cfb-reader.js";
import type { ReadWorkbookOptions, WorkbookTable } from "./workbook.js";
import { readXlsx } from "./xlsx-reader.js";

/** Which Excel container `bytes` is by its first bytes, or `undefined` for anything else. */
export function workbookKind(bytes: Uint8Array): "xlsx" | "xls" | undefined {
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) return "xlsx";
  return isCompoundFile(bytes) ? "xls" : undefined;
}

/**
 * The rows of one sheet of an .xlsx or .xls workbook, or `undefined` when `bytes` is neither. Throws
 * `ExcelReadError` (with a stable `code`) when the workbook cannot be read.
 *
 * @example
 * const table = readWorkbook(bytes); // { sheetNames, sheet, rows, issues }
 */
export function readWorkbook(bytes: Uint8Array, options: ReadWorkbookOptions = {}): WorkbookTable | undefined {
  const kind = workbookKind(bytes);
  if (kind === undefined) return undefined;
  return kind === "xlsx" ? readXlsx(bytes, options) : readXls(bytes, options);
}
