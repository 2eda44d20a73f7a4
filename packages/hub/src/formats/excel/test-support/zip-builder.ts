/**
 * Writes ZIP archives and .xlsx workbooks for tests, honest or lying: every field the reader checks can be
 * overridden, so a test can build exactly the damage or attack it means.
 */
import { crc32, deflateRawSync } from "node:zlib";

/** One file of a test archive. */
export interface ZipInput {
  readonly name: string;
  readonly data: Uint8Array | string;
  /** 0 stored, 8 deflated. @default 8 */
  readonly method?: number;
  /** Already-compressed bytes to store as the entry's data (for zip bombs made elsewhere). */
  readonly compressed?: Uint8Array;
  /** Overrides of the directory entry's claims. */
  readonly size?: number;
  readonly crc?: number;
  readonly flags?: number;
}

const bytesOf = (d: Uint8Array | string) => (typeof d === "string" ? new TextEncoder().encode(d) : d);

/** A ZIP archive of `files` (local headers, data, central directory, end record). */
export function buildZip(files: readonly ZipInput[]): Uint8Array {
  const chunks: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const f of files) {
    const data = bytesOf(f.data);
    const method = f.method ?? 8;
    const body = f.compressed ?? (method === 8 ? new Uint8Array(deflateRawSync(data)) : data);
    const name = new TextEncoder().encode(f.name);
    const size = f.size ?? data.length;
    const crc = f.crc ?? crc32(data);
    const flags = (f.flags ?? 0) | 0x0800;
    const local = new Uint8Array(30 + name.length);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, 0x04034b50, true);
    lv.setUint16(4, 20, true);
    lv.setUint16(6, flags, true);
    lv.setUint16(8, method, true);
    lv.setUint32(14, crc, true);
    lv.setUint32(18, body.length, true);
    lv.setUint32(22, size, true);
    lv.setUint16(26, name.length, true);
    local.set(name, 30);
    const dir = new Uint8Array(46 + name.length);
    const dv = new DataView(dir.buffer);
    dv.setUint32(0, 0x02014b50, true);
    dv.setUint16(4, 20, true);
    dv.setUint16(6, 20, true);
    dv.setUint16(8, flags, true);
    dv.setUint16(10, method, true);
    dv.setUint32(16, crc, true);
    dv.setUint32(20, body.length, true);
    dv.setUint32(24, size, true);
    dv.setUint16(28, name.length, true);
    dv.setUint32(42, offset, true);
    dir.set(name, 46);
    chunks.push(local, body);
    central.push(dir);
    offset += local.length + body.length;
  }
  const dirSize = central.reduce((n, c) => n + c.length, 0);
  const end = new Uint8Array(22);
  const ev = new DataView(end.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, files.length, true);
  ev.setUint16(10, files.length, true);
  ev.setUint32(12, dirSize, true);
  ev.setUint32(16, offset, true);
  return concat([...chunks, ...central, end]);
}

/** Concatenates byte arrays. */
export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A cell of a test sheet: text (shared string), a number with an optional style index, or raw `<c>` XML. */
export type XlsxCell = string | number | { readonly n: number; readonly s: number } | { readonly xml: string } | null;

/** Options of {@link buildXlsx}. */
export interface XlsxInput {
  readonly sheets: readonly {
    readonly name: string;
    readonly rows?: readonly (readonly XlsxCell[])[];
    readonly xml?: string;
    readonly hidden?: boolean;
  }[];
  /** `<numFmts>` then `<cellXfs>`: each style's number format id, and custom codes by id. */
  readonly numFmts?: Readonly<Record<number, string>>;
  readonly styles?: readonly number[];
  readonly date1904?: boolean;
  /** Extra or replacing parts (`xl/sharedStrings.xml` …). */
  readonly parts?: Readonly<Record<string, string | Uint8Array>>;
}

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** Column letters for a 0-based index. */
function col(c: number): string {
  let s = "";
  for (let n = c + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** A minimal valid .xlsx: content types, relationships, workbook, styles, shared strings, one part per sheet. */
export function buildXlsx(input: XlsxInput): Uint8Array {
  const strings: string[] = [];
  const stringIndex = new Map<string, number>();
  const sheetXml = input.sheets.map((sheet) => {
    if (sheet.xml !== undefined) return sheet.xml;
    const rows = (sheet.rows ?? []).map((cells, r) => {
      const cs = cells.map((cell, c) => {
        const ref = `${col(c)}${r + 1}`;
        if (cell === null) return "";
        if (typeof cell === "string") {
          let i = stringIndex.get(cell);
          if (i === undefined) {
            i = strings.length;
            strings.push(cell);
            stringIndex.set(cell, i);
          }
          return `<c r="${ref}" t="s"><v>${i}</v></c>`;
        }
        if (typeof cell === "number") return `<c r="${ref}"><v>${cell}</v></c>`;
        if ("xml" in cell) return cell.xml.replace("{ref}", ref);
        return `<c r="${ref}" s="${cell.s}"><v>${cell.n}</v></c>`;
      });
      return `<row r="${r + 1}">${cs.join("")}</row>`;
    });
    return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows.join("")}</sheetData></worksheet>`;
  });
  const ns =
    'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
  const rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
  const parts: Record<string, string | Uint8Array> = {
    "[Content_Types].xml": `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>`,
    "_rels/.rels": `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    "xl/workbook.xml": `<?xml version="1.0" encoding="UTF-8"?><workbook ${ns}><workbookPr${input.date1904 === true ? ' date1904="1"' : ""}/><sheets>${input.sheets
      .map((s, i) => `<sheet name="${esc(s.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"${s.hidden === true ? ' state="hidden"' : ""}/>`)
      .join("")}</sheets></workbook>`,
    "xl/_rels/workbook.xml.rels": `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${input.sheets
      .map((_, i) => `<Relationship Id="rId${i + 1}" Type="${rel}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`)
      .join(
        "",
      )}<Relationship Id="rIdS" Type="${rel}/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rIdT" Type="${rel}/styles" Target="/xl/styles.xml"/></Relationships>`,
    "xl/styles.xml": `<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts>${Object.entries(
      input.numFmts ?? {},
    )
      .map(([id, code]) => `<numFmt numFmtId="${id}" formatCode="${esc(code)}"/>`)
      .join("")}</numFmts><cellStyleXfs count="1"><xf numFmtId="0"/></cellStyleXfs><cellXfs>${(input.styles ?? [0])
      .map((id) => `<xf numFmtId="${id}" applyNumberFormat="1"/>`)
      .join("")}</cellXfs></styleSheet>`,
    "xl/sharedStrings.xml": `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">${strings
      .map((s) => `<si><t xml:space="preserve">${esc(s)}</t></si>`)
      .join("")}</sst>`,
  };
  sheetXml.forEach((xml, i) => {
    parts[`xl/worksheets/sheet${i + 1}.xml`] = xml;
  });
  Object.assign(parts, input.parts ?? {});
  return buildZip(Object.entries(parts).map(([name, data]) => ({ name, data })));
}
