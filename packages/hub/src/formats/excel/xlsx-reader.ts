/**
 * Reads an .xlsx workbook into the rows of one sheet: the package's root relationships lead to the workbook
 * part, its relationships to the sheets, the shared strings and the styles. Only what the sheet shows is read:
 * no formulas are evaluated, no external links followed, no macros or embedded objects opened.
 *
 * @module
 */
import { ExcelReadError } from "./excel-limits.js";
import { SheetBuilder } from "./sheet-builder.js";
import { checkInputSize, chooseSheet, limitsOf, type ReadWorkbookOptions, type WorkbookTable } from "./workbook.js";
import { readRelationships, readSharedStringsPart, readStylesPart, readWorkbookPart, readXmlPart } from "./xlsx-parts.js";
import { type SheetContext, sheetHandler } from "./xlsx-sheet.js";
import { openZip } from "./zip-reader.js";

/**
 * The rows of one sheet of the .xlsx in `bytes` (see {@link ReadWorkbookOptions} for which). Throws
 * `ExcelReadError` when the workbook cannot be read; cell findings are in the result's `issues`.
 *
 * @example
 * const { sheet, rows } = readXlsx(await readFile("statement.xlsx"));
 * rows[0] // { line: 1, cells: ["交易日期", "金额", …] }
 */
export function readXlsx(bytes: Uint8Array, options: ReadWorkbookOptions = {}): WorkbookTable {
  const limits = limitsOf(options);
  checkInputSize(bytes, limits, ".xlsx");
  const zip = openZip(bytes, limits);
  const root = readRelationships(zip, "");
  const workbookPart = [...root.values()].find((r) => r.type === "officeDocument")?.target ?? "xl/workbook.xml";
  // An .xlsb is the same package with binary (BIFF12) parts, which this reader does not read.
  if (workbookPart.toLowerCase().endsWith(".bin") || (zip.entries.has("xl/workbook.bin") && !zip.entries.has("xl/workbook.xml"))) {
    throw new ExcelReadError("EXCEL_UNSUPPORTED", "the workbook is an Excel binary workbook (.xlsb); save it as .xlsx or export it as CSV");
  }
  const { sheets, date1904 } = readWorkbookPart(zip, workbookPart);
  const rels = readRelationships(zip, workbookPart);
  const targetOf = (type: string) => [...rels.values()].find((r) => r.type === type)?.target;

  let context: SheetContext | undefined;
  // Strings and styles are read once, when the first sheet needs them.
  const contextOnce = (): SheetContext => {
    context ??= {
      sharedStrings: readSharedStringsPart(zip, targetOf("sharedStrings"), limits),
      styles: readStylesPart(zip, targetOf("styles")),
      date1904,
    };
    return context;
  };
  const worksheets = sheets.flatMap((s) => {
    const rel = rels.get(s.relationshipId);
    // Chart sheets and dialog sheets have no cells.
    return rel !== undefined && rel.type === "worksheet" ? [{ ...s, part: rel.target }] : [];
  });
  return chooseSheet(worksheets, options, (s) => {
    const builder = new SheetBuilder(limits);
    const found = readXmlPart(zip, s.part, sheetHandler(builder, contextOnce()));
    if (!found)
      throw new ExcelReadError("EXCEL_DAMAGED", `the sheet "${s.name}" has no part "${s.part.slice(0, 80)}" in the .xlsx`, {
        container: "xlsx",
      });
    return { rows: builder.rows(), issues: builder.issues() };
  });
}
