/**
 * One worksheet part of an .xlsx (`<sheetData><row><c>`), read into a {@link SheetBuilder}. Cell positions
 * come from `r` (`B7`) when present and otherwise follow the previous cell or row, as Excel reads them.
 *
 * @module
 */
import type { XmlAttributes, XmlHandler } from "../xml/index.js";
import { type CellText, isoCellText, type NumberFormatInfo, numberCellText, plainNumber } from "./cell-text.js";
import { MAX_COLUMNS, MAX_ROWS } from "./excel-limits.js";
import type { SheetBuilder } from "./sheet-builder.js";
import { unescapeOoxml } from "./xlsx-parts.js";

/** What a sheet's cells refer to elsewhere in the workbook. */
export interface SheetContext {
  readonly sharedStrings: readonly string[];
  readonly styles: readonly NumberFormatInfo[];
  readonly date1904: boolean;
}

const GENERAL: NumberFormatInfo = { kind: "number" };

/** An XML handler that reads a worksheet part's cells into `sheet`. */
export function sheetHandler(sheet: SheetBuilder, context: SheetContext): XmlHandler {
  let row = -1;
  let col = -1;
  let type = "n";
  let style = 0;
  let value: string[] = [];
  let inline: string[] = [];
  /** Which element's text is being collected: 1 `<v>`, 2 `<t>` of an inline string (not its phonetic guide). */
  let collecting = 0;
  let phonetic = 0;
  let inCell = false;

  return {
    open(name, attributes) {
      switch (name) {
        case "row": {
          const r = numberAttribute(attributes, "r");
          row = r !== undefined && r >= 1 && r <= MAX_ROWS ? r - 1 : row + 1;
          col = -1;
          break;
        }
        case "c": {
          const ref = attributes?.get("r");
          const parsed = ref === undefined ? undefined : parseCellRef(ref);
          if (parsed !== undefined) {
            col = parsed.col;
            // A cell's own row wins over the row element's (writers that omit `<row r>` still write `<c r>`).
            row = parsed.row;
          } else col += 1;
          if (row < 0) row = 0;
          type = attributes?.get("t") ?? "n";
          style = numberAttribute(attributes, "s") ?? 0;
          value = [];
          inline = [];
          inCell = true;
          break;
        }
        case "v":
          if (inCell) collecting = 1;
          break;
        case "rPh":
          phonetic++;
          break;
        case "t":
          if (inCell && type === "inlineStr" && phonetic === 0) collecting = 2;
          break;
      }
    },
    text(text) {
      if (collecting === 1) value.push(text);
      else if (collecting === 2) inline.push(text);
    },
    close(name) {
      if (name === "v" || name === "t") collecting = 0;
      else if (name === "rPh") phonetic--;
      else if (name === "c" && inCell) {
        inCell = false;
        cell(sheet, context, row, col, type, style, value.join(""), inline.join(""));
      }
    },
  };
}

function cell(
  sheet: SheetBuilder,
  context: SheetContext,
  row: number,
  col: number,
  type: string,
  style: number,
  v: string,
  inline: string,
): void {
  switch (type) {
    case "s": {
      const index = Number(v);
      const text = Number.isInteger(index) ? context.sharedStrings[index] : undefined;
      if (text === undefined) {
        if (v.trim() !== "")
          sheet.issue("warning", "EXCEL_CELL_INVALID", row, col, `refers to shared string ${v.slice(0, 20)}, which does not exist`);
        return;
      }
      sheet.set(row, col, text);
      return;
    }
    case "inlineStr":
      sheet.set(row, col, unescapeOoxml(inline !== "" ? inline : v));
      return;
    case "str":
      sheet.set(row, col, unescapeOoxml(v));
      return;
    case "b":
      if (v !== "") sheet.set(row, col, v.trim() === "1" || v.trim() === "true" ? "TRUE" : "FALSE");
      return;
    case "e":
      if (v !== "") sheet.issue("warning", "EXCEL_CELL_ERROR", row, col, `holds the error value ${v.slice(0, 20)}; read as empty`);
      return;
    case "d": {
      if (v === "") return;
      const text = isoCellText(v);
      if (text === undefined)
        sheet.issue("warning", "EXCEL_CELL_INVALID", row, col, `holds "${v.slice(0, 40)}", which is not an ISO 8601 date`);
      else sheet.set(row, col, text);
      return;
    }
    default: {
      const trimmed = v.trim();
      if (trimmed === "") return;
      const n = Number(trimmed);
      if (!Number.isFinite(n)) {
        sheet.issue("warning", "EXCEL_CELL_INVALID", row, col, `holds "${trimmed.slice(0, 40)}", which is not a number`);
        return;
      }
      const shown: CellText = numberCellText(n, context.styles[style] ?? GENERAL, context.date1904);
      if (shown.problem !== undefined)
        sheet.issue("warning", "EXCEL_DATE_INVALID", row, col, `${shown.problem}; read as ${plainNumber(n)}`);
      sheet.set(row, col, shown.text);
    }
  }
}

function numberAttribute(attributes: XmlAttributes | undefined, name: string): number | undefined {
  const v = attributes?.get(name);
  if (v === undefined) return undefined;
  const n = Number(v);
  return Number.isInteger(n) && n >= 0 ? n : undefined;
}

/** `B7` → row 6, column 1 (0-based); `undefined` for anything else (`$B$7` does not occur in `<c r>`). */
export function parseCellRef(ref: string): { row: number; col: number } | undefined {
  let k = 0;
  let col = 0;
  while (k < ref.length && k < 4) {
    const c = ref.charCodeAt(k);
    const upper = c >= 97 && c <= 122 ? c - 32 : c;
    if (upper < 65 || upper > 90) break;
    col = col * 26 + (upper - 64);
    k++;
  }
  if (k === 0 || k === ref.length) return undefined;
  const digits = ref.slice(k);
  if (!/^[1-9]\d{0,6}$/.test(digits)) return undefined;
  const row = Number(digits);
  if (col > MAX_COLUMNS || row > MAX_ROWS) return undefined;
  return { row: row - 1, col: col - 1 };
}
