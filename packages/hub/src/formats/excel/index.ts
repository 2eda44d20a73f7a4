/**
 * Excel bank exports: the `xlsx` and `xls` formats (`excelFormats`, registered by `formats/index.ts`), the
 * bounded .xlsx and .xls readers that turn a workbook into the rows of one sheet, and their limits.
 *
 * @module
 */
export { readXls } from "./biff-reader.js";
export { excelFormats, xlsFormat, xlsxFormat } from "./excel-format.js";
export { DEFAULT_EXCEL_LIMITS, type ExcelErrorCode, type ExcelLimits, ExcelReadError } from "./excel-limits.js";
export { readWorkbook, workbookKind } from "./read-workbook.js";
export { columnName, type SheetRow } from "./sheet-builder.js";
export type { ReadWorkbookOptions, WorkbookTable } from "./workbook.js";
export { readXlsx } from "./xlsx-reader.js";
