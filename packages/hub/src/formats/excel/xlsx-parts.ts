/**
 * The small parts of an .xlsx (Office Open XML, ECMA-376): relationships, the workbook (sheets, date system),
 * the styles' number formats and the shared strings. Each is read with our XML reader (`formats/xml`), which
 * refuses any DTD, so no entity can be declared or expanded, and bounds depth and text.
 *
 * @module
 */
import { isHubError } from "../../core/index.js";
import { createXmlReader, localName, type XmlAttributes, type XmlHandler } from "../xml/index.js";
import { builtinNumberFormat, classifyNumberFormat, type NumberFormatInfo } from "./cell-text.js";
import { type ExcelLimits, ExcelReadError } from "./excel-limits.js";
import type { ZipArchive } from "./zip-reader.js";

/** Decoded text handed to the XML reader at a time: a large sheet never becomes one string. */
const CHUNK = 1 << 20;

/** Reads `part` from `zip` and gives its XML to `handler` (local names). `false` when there is no such part. */
export function readXmlPart(zip: ZipArchive, part: string, handler: XmlHandler): boolean {
  const bytes = zip.read(part);
  if (bytes === undefined) return false;
  try {
    const reader = createXmlReader(handler, { localNames: true, keepWhitespace: true });
    // OOXML parts are UTF-8 or UTF-16 with a byte order mark (ECMA-376 part 2, 8.1.4).
    const encoding = bytes[0] === 0xff && bytes[1] === 0xfe ? "utf-16le" : bytes[0] === 0xfe && bytes[1] === 0xff ? "utf-16be" : "utf-8";
    const decoder = new TextDecoder(encoding);
    for (let at = 0; at < bytes.length; at += CHUNK) reader.write(decoder.decode(bytes.subarray(at, at + CHUNK), { stream: true }));
    reader.write(decoder.decode());
    reader.end();
  } catch (e) {
    if (e instanceof ExcelReadError) throw e;
    const xmlCode = isHubError(e) ? e.code : undefined;
    throw new ExcelReadError(
      "EXCEL_DAMAGED",
      `the .xlsx part "${part.slice(0, 80)}" is not readable XML: ${e instanceof Error ? e.message : String(e)}`,
      {
        part: part.slice(0, 200),
        ...(xmlCode === undefined ? {} : { xmlCode }),
      },
    );
  }
  return true;
}

/** A relationship: its type's last path segment (`worksheet`, `sharedStrings`) and the part it points to. */
export interface Relationship {
  readonly type: string;
  readonly target: string;
}

/** The relationships of `part` (`xl/workbook.xml` → `xl/_rels/workbook.xml.rels`), by id. */
export function readRelationships(zip: ZipArchive, part: string): Map<string, Relationship> {
  const slash = part.lastIndexOf("/");
  const folder = slash < 0 ? "" : part.slice(0, slash + 1);
  const relsPart = `${folder}_rels/${part.slice(slash + 1)}.rels`;
  const rels = new Map<string, Relationship>();
  readXmlPart(zip, relsPart, {
    open(name, attributes) {
      if (name !== "Relationship" || attributes === undefined) return;
      const id = attributes.get("Id");
      const type = attributes.get("Type") ?? "";
      const target = attributes.get("Target");
      if (id === undefined || target === undefined || attributes.get("TargetMode") === "External") return;
      if (!rels.has(id)) rels.set(id, { type: type.slice(type.lastIndexOf("/") + 1), target: resolvePart(folder, target) });
    },
    text() {},
    close() {},
  });
  return rels;
}

/** A relationship target as a part name: relative to `folder`, or absolute from the package root. */
export function resolvePart(folder: string, target: string): string {
  const path = target.startsWith("/") ? target.slice(1) : folder + target;
  const out: string[] = [];
  for (const segment of path.split("/")) {
    if (segment === "..") out.pop();
    else if (segment !== "." && segment !== "") out.push(segment);
  }
  return out.join("/");
}

/** A sheet of the workbook part. */
export interface WorkbookSheet {
  readonly name: string;
  readonly relationshipId: string;
  readonly hidden: boolean;
}

/** The workbook part: its sheets in order and whether dates count from 1904. */
export function readWorkbookPart(zip: ZipArchive, part: string): { sheets: WorkbookSheet[]; date1904: boolean } {
  const sheets: WorkbookSheet[] = [];
  let date1904 = false;
  const found = readXmlPart(zip, part, {
    open(name, attributes) {
      if (attributes === undefined) return;
      if (name === "workbookPr") {
        const v = attributes.get("date1904");
        date1904 = v === "1" || v === "true";
      } else if (name === "sheet") {
        const relationshipId = relationshipIdOf(attributes);
        const sheetName = attributes.get("name");
        if (relationshipId === undefined || sheetName === undefined) return;
        const state = attributes.get("state");
        sheets.push({ name: sheetName, relationshipId, hidden: state === "hidden" || state === "veryHidden" });
      }
    },
    text() {},
    close() {},
  });
  if (!found) throw new ExcelReadError("EXCEL_DAMAGED", `the .xlsx has no workbook part "${part.slice(0, 80)}"`, { container: "xlsx" });
  return { sheets, date1904 };
}

/** `r:id`, whatever prefix the relationships namespace has in this document. */
function relationshipIdOf(attributes: XmlAttributes): string | undefined {
  for (const [name, value] of attributes) if (name !== "id" && localName(name) === "id") return value;
  return undefined;
}

/** The number format of each cell style (`cellXfs`), by style index. */
export function readStylesPart(zip: ZipArchive, part: string | undefined): NumberFormatInfo[] {
  if (part === undefined) return [];
  const custom = new Map<number, NumberFormatInfo>();
  const styles: NumberFormatInfo[] = [];
  let inCellXfs = false;
  readXmlPart(zip, part, {
    open(name, attributes) {
      if (name === "cellXfs") inCellXfs = true;
      else if (name === "numFmt" && attributes !== undefined) {
        const id = Number(attributes.get("numFmtId"));
        const code = attributes.get("formatCode");
        if (Number.isInteger(id) && code !== undefined) custom.set(id, classifyNumberFormat(code));
      } else if (name === "xf" && inCellXfs) {
        const id = Number(attributes?.get("numFmtId") ?? 0);
        styles.push(custom.get(id) ?? builtinNumberFormat(Number.isInteger(id) ? id : 0));
      }
    },
    text() {},
    close(name) {
      if (name === "cellXfs") inCellXfs = false;
    },
  });
  return styles;
}

/**
 * The shared-string table: each `<si>`'s text, runs joined, phonetic guides (`<rPh>`, furigana over Japanese
 * text) left out as Excel shows them only on request.
 */
export function readSharedStringsPart(zip: ZipArchive, part: string | undefined, limits: ExcelLimits): string[] {
  if (part === undefined) return [];
  const strings: string[] = [];
  let current: string[] | undefined;
  let inText = false;
  let phonetic = 0;
  const tooMany = () =>
    new ExcelReadError("EXCEL_TOO_LARGE", `the .xlsx has more than ${limits.maxSharedStrings} shared strings`, {
      limit: limits.maxSharedStrings,
    });
  readXmlPart(zip, part, {
    open(name, attributes) {
      // The table's own count is a claim, but one over the limit is refused before reading a string.
      if (name === "sst" && Number(attributes?.get("uniqueCount") ?? 0) > limits.maxSharedStrings) throw tooMany();
      if (name === "si") {
        if (strings.length >= limits.maxSharedStrings) throw tooMany();
        current = [];
      } else if (name === "rPh") phonetic++;
      else if (name === "t") inText = true;
    },
    text(value) {
      if (inText && phonetic === 0 && current !== undefined) current.push(value);
    },
    close(name) {
      if (name === "si") {
        strings.push(unescapeOoxml((current ?? []).join("")));
        current = undefined;
      } else if (name === "rPh") phonetic--;
      else if (name === "t") inText = false;
    },
  });
  return strings;
}

/**
 * Undoes OOXML's `_xHHHH_` escapes (ECMA-376 part 1, 22.9.2.19): characters XML cannot hold, such as
 * `_x000D_` for a carriage return; `_x005F_` escapes an underscore that would start one.
 */
export function unescapeOoxml(text: string): string {
  if (!text.includes("_x")) return text;
  return text.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}
