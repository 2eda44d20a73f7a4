/**
 * Reads a legacy .xls workbook (BIFF8, Excel 97–2003, and BIFF5/7, Excel 5–95) into the rows of one sheet.
 * Our own reader rather than a library: the one npm package that reads .xls (SheetJS `xlsx` 0.18.5) has
 * published, unpatched advisories on crafted files (see `docs/decisions/0002-excel-reading.md`). It reads only
 * the records that carry what a sheet shows — cell values, shared strings, number formats, the date system and
 * the sheet list — and skips every other record by its length, so each record costs its own bytes and no more.
 *
 * @module
 */
import type { Issue } from "../../core/index.js";
import { createChunkDecoder } from "../encoding.js";
import { type BiffRecord, ContinuedReader, R, readDouble, records, rkValue } from "./biff-records.js";
import {
  biffErrorText,
  builtinNumberFormat,
  classifyNumberFormat,
  type NumberFormatInfo,
  numberCellText,
  plainNumber,
} from "./cell-text.js";
import { isCompoundFile, openCompoundFile } from "./cfb-reader.js";
import { type ExcelLimits, ExcelReadError } from "./excel-limits.js";
import { SheetBuilder, type SheetRow } from "./sheet-builder.js";
import { checkInputSize, chooseSheet, limitsOf, type ReadWorkbookOptions, type WorkbookTable } from "./workbook.js";

const BIFF8 = 0x0600;
const BIFF5 = 0x0500;
const WORKBOOK_GLOBALS = 0x0005;
const WORKSHEET = 0x0010;
const GENERAL: NumberFormatInfo = { kind: "number" };

/** What the globals substream says about the workbook. */
interface Globals {
  readonly version: number;
  readonly date1904: boolean;
  readonly strings: readonly string[];
  /** Number format of each XF record, by XF index. */
  readonly xfs: readonly NumberFormatInfo[];
  readonly sheets: readonly { name: string; offset: number; hidden: boolean }[];
  /** Decodes BIFF5's 8-bit strings in the workbook's code page. */
  readonly decode8: (bytes: Uint8Array) => string;
}

function damaged(message: string): ExcelReadError {
  return new ExcelReadError("EXCEL_DAMAGED", `the .xls workbook stream is damaged: ${message}`, { container: "biff" });
}

/**
 * The rows of one sheet of the .xls in `bytes` (see {@link ReadWorkbookOptions} for which). Throws
 * `ExcelReadError` when the workbook cannot be read; cell findings are in the result's `issues`.
 *
 * @example
 * const { rows } = readXls(await readFile("statement.xls"));
 */
export function readXls(bytes: Uint8Array, options: ReadWorkbookOptions = {}): WorkbookTable {
  const limits = limitsOf(options);
  checkInputSize(bytes, limits, ".xls");
  if (!isCompoundFile(bytes)) throw damaged("the file is not an OLE compound file");
  const cfb = openCompoundFile(bytes);
  const stream = cfb.read("Workbook") ?? cfb.read("Book");
  if (stream === undefined) {
    if (cfb.read("EncryptedPackage") !== undefined) {
      throw new ExcelReadError(
        "EXCEL_ENCRYPTED",
        "the workbook is password-protected (an encrypted .xlsx in an OLE container); save it without a password",
      );
    }
    throw new ExcelReadError(
      "EXCEL_UNSUPPORTED",
      `the OLE file has no Workbook stream, so it is not an Excel 5–2003 workbook (streams: ${cfb.streams.slice(0, 10).join(", ")})`,
    );
  }
  const globals = readGlobals(stream, limits);
  const budget: ScanBudget = { left: 2 * stream.length + 65_536 };
  return chooseSheet(globals.sheets, options, (s) => readSheet(stream, s.offset, globals, limits, budget));
}

function readGlobals(stream: Uint8Array, limits: ExcelLimits): Globals {
  let version = 0;
  let date1904 = false;
  let codepage = 1252;
  let strings: string[] = [];
  const formats = new Map<number, NumberFormatInfo>();
  const xfFormats: number[] = [];
  const sheets: { name: string; offset: number; hidden: boolean }[] = [];
  const sheetNames: { bytes: Uint8Array; offset: number; hidden: boolean; wide?: string }[] = [];

  let first = true;
  for (const { record, continues } of records(stream, 0)) {
    if (first) {
      checkBof(record, WORKBOOK_GLOBALS);
      version = record.data.length >= 2 ? record.data[0]! | (record.data[1]! << 8) : 0;
      first = false;
      continue;
    }
    const d = record.data;
    switch (record.type) {
      case R.EOF:
        return finish();
      case R.FILEPASS:
        throw new ExcelReadError("EXCEL_ENCRYPTED", "the workbook is password-protected; save it without a password and read it again");
      case R.CODEPAGE:
        if (d.length >= 2) codepage = d[0]! | (d[1]! << 8);
        break;
      case R.DATEMODE:
        date1904 = d.length >= 2 && (d[0]! | (d[1]! << 8)) === 1;
        break;
      case R.FORMAT:
      case R.FORMAT_BIFF5: {
        if (d.length < 3) break;
        const id = d[0]! | (d[1]! << 8);
        const code = version === BIFF8 ? unicodeString(new ContinuedReader(d.subarray(2), continues)) : undefined;
        const bytes8 = version === BIFF8 ? undefined : d.subarray(3, 3 + d[2]!);
        formats.set(id, classifyNumberFormat(code ?? latin1Ascii(bytes8 ?? new Uint8Array(0))));
        break;
      }
      case R.XF:
        if (d.length >= 4) xfFormats.push(d[2]! | (d[3]! << 8));
        break;
      case R.BOUNDSHEET: {
        if (d.length < 8) break;
        const offset = (d[0]! | (d[1]! << 8) | (d[2]! << 16) | (d[3]! << 24)) >>> 0;
        const hidden = (d[4]! & 3) !== 0;
        const type = d[5]!;
        // Chart, macro and VBA sheets have no cells of their own.
        if (type !== 0) break;
        if (version === BIFF8) {
          const r = new ContinuedReader(d.subarray(6), []);
          const cch = r.byte();
          const flags = r.byte();
          sheetNames.push({ bytes: new Uint8Array(0), offset, hidden, wide: r.chars(cch, (flags & 1) === 1) });
        } else sheetNames.push({ bytes: d.subarray(7, 7 + d[6]!), offset, hidden });
        break;
      }
      case R.SST:
        strings = readSst(d, continues, limits);
        break;
    }
  }
  throw damaged("the workbook globals have no EOF record");

  function finish(): Globals {
    const decode8 = codepageDecoder(codepage);
    for (const s of sheetNames) sheets.push({ name: s.wide ?? decode8(s.bytes), offset: s.offset, hidden: s.hidden });
    const xfs = xfFormats.map((id) => formats.get(id) ?? builtinNumberFormat(id));
    return { version, date1904, strings, xfs, sheets, decode8 };
  }
}

function checkBof(record: BiffRecord, expected: number): void {
  if (record.type !== R.BOF) {
    // BIFF2–4 (Excel 2.x–4.0) start with BOF records of other types.
    if (record.type === 0x0009 || record.type === 0x0209 || record.type === 0x0409) {
      throw new ExcelReadError("EXCEL_UNSUPPORTED", "the workbook is in an Excel 2.x–4.0 format; save it as .xlsx or Excel 97–2003 .xls");
    }
    throw damaged(`a substream starts with record 0x${record.type.toString(16)} instead of BOF`);
  }
  const d = record.data;
  const version = d.length >= 2 ? d[0]! | (d[1]! << 8) : 0;
  if (version !== BIFF8 && version !== BIFF5) {
    throw new ExcelReadError(
      "EXCEL_UNSUPPORTED",
      `the workbook has BIFF version 0x${version.toString(16)}; Excel 5–2003 (BIFF5 and BIFF8) workbooks are read`,
    );
  }
  const type = d.length >= 4 ? d[2]! | (d[3]! << 8) : 0;
  if (type !== expected) throw damaged(`a substream of type 0x${type.toString(16)} is where 0x${expected.toString(16)} belongs`);
}

/** The shared-string table ([MS-XLS] 2.4.265): rich and phonetic parts skipped, strings continued across CONTINUE. */
function readSst(data: Uint8Array, continues: readonly Uint8Array[], limits: ExcelLimits): string[] {
  const r = new ContinuedReader(data, continues);
  r.u32(); // total references, not needed
  const unique = r.u32();
  if (unique > limits.maxSharedStrings) {
    throw new ExcelReadError("EXCEL_TOO_LARGE", `the .xls has ${unique} shared strings; at most ${limits.maxSharedStrings} are read`, {
      limit: limits.maxSharedStrings,
    });
  }
  const strings: string[] = [];
  // The count is only a claim: the loop also ends with the record, so a huge count costs nothing.
  for (let i = 0; i < unique && !r.done; i++) {
    const cch = r.u16();
    const flags = r.byte();
    const runs = (flags & 0x08) !== 0 ? r.u16() : 0;
    const ext = (flags & 0x04) !== 0 ? r.u32() : 0;
    strings.push(r.chars(cch, (flags & 1) === 1));
    r.skip(runs * 4);
    r.skip(ext);
  }
  return strings;
}

/** An XLUnicodeString: 2-byte count, option byte, characters. */
function unicodeString(r: ContinuedReader): string {
  const cch = r.u16();
  const flags = r.byte();
  return r.chars(cch, (flags & 1) === 1);
}

function latin1Ascii(bytes: Uint8Array): string {
  return String.fromCharCode(...bytes.subarray(0, 255));
}

/** Decoders for the code pages BIFF5 workbooks name in their CODEPAGE record ([MS-XLS] 2.4.52). */
function codepageDecoder(codepage: number): (bytes: Uint8Array) => string {
  const label = CODEPAGES.get(codepage) ?? "windows-1252";
  let decoder: { decode(bytes?: Uint8Array): string };
  try {
    decoder = createChunkDecoder(label);
  } catch {
    decoder = createChunkDecoder("windows-1252");
  }
  return (bytes) => decoder.decode(bytes);
}

const CODEPAGES = new Map<number, string>([
  [367, "windows-1252"],
  [874, "windows-874"],
  [932, "shift_jis"],
  [936, "gbk"],
  [949, "euc-kr"],
  [950, "big5"],
  [1200, "utf-16le"],
  [1250, "windows-1250"],
  [1251, "windows-1251"],
  [1252, "windows-1252"],
  [1253, "windows-1253"],
  [1254, "windows-1254"],
  [1255, "windows-1255"],
  [1256, "windows-1256"],
  [1257, "windows-1257"],
  [1258, "windows-1258"],
  [10000, "macintosh"],
  [32768, "macintosh"],
  [32769, "windows-1252"],
  [65001, "utf-8"],
]);

/** Bytes of sheet records read so far, shared by every sheet of one workbook. */
interface ScanBudget {
  left: number;
}

function readSheet(
  stream: Uint8Array,
  offset: number,
  g: Globals,
  limits: ExcelLimits,
  budget: ScanBudget,
): { rows: SheetRow[]; issues: Issue[] } {
  if (offset + 4 > stream.length) throw damaged(`a sheet starts at offset ${offset}, beyond the end of the stream`);
  const sheet = new SheetBuilder(limits);
  const format = (xf: number) => g.xfs[xf] ?? GENERAL;
  const number = (row: number, col: number, xf: number, value: number) => {
    const shown = numberCellText(value, format(xf), g.date1904);
    if (shown.problem !== undefined)
      sheet.issue("warning", "EXCEL_DATE_INVALID", row, col, `${shown.problem}; read as ${plainNumber(value)}`);
    sheet.set(row, col, shown.text);
  };
  const biff8 = g.version === BIFF8;
  /** A FORMULA whose string result follows in a STRING record. */
  let pendingString: { row: number; col: number } | undefined;
  let depth = 0;
  for (const { record, continues } of records(stream, offset)) {
    const d = record.data;
    // Sheets that overlap (two sheet entries at one offset, BOFs nested to make every sheet span the rest of the
    // stream) would make reading them all quadratic; a real workbook reads each byte once.
    budget.left -= 4 + d.length;
    if (budget.left < 0) throw damaged("its sheets overlap each other");
    if (depth === 0) {
      checkBof(record, WORKSHEET);
      depth = 1;
      continue;
    }
    // Charts embedded in a worksheet are substreams of their own, BOF to EOF, inside it.
    if (record.type === R.BOF) {
      depth++;
      continue;
    }
    if (record.type === R.EOF) {
      if (--depth === 0) return { rows: sheet.rows(), issues: sheet.issues() };
      continue;
    }
    if (depth > 1) continue;
    if (record.type === R.STRING) {
      if (pendingString !== undefined) {
        const text = biff8 ? unicodeString(new ContinuedReader(d, continues)) : g.decode8(byteString(d, 0));
        sheet.set(pendingString.row, pendingString.col, text);
        pendingString = undefined;
      }
      continue;
    }
    if (d.length < 6) continue;
    const row = d[0]! | (d[1]! << 8);
    const col = d[2]! | (d[3]! << 8);
    const xf = d[4]! | (d[5]! << 8);
    switch (record.type) {
      case R.NUMBER:
        if (d.length >= 14) number(row, col, xf, readDouble(d, 6));
        break;
      case R.RK:
        if (d.length >= 10) number(row, col, xf, rkValue((d[6]! | (d[7]! << 8) | (d[8]! << 16) | (d[9]! << 24)) >>> 0));
        break;
      case R.MULRK: {
        // rw, colFirst, then (ixfe, RK) pairs of 6 bytes, then colLast.
        const pairs = Math.floor((d.length - 6) / 6);
        for (let k = 0; k < pairs; k++) {
          const at = 4 + k * 6;
          const rk = (d[at + 2]! | (d[at + 3]! << 8) | (d[at + 4]! << 16) | (d[at + 5]! << 24)) >>> 0;
          number(row, col + k, d[at]! | (d[at + 1]! << 8), rkValue(rk));
        }
        break;
      }
      case R.LABELSST: {
        if (d.length < 10) break;
        const index = (d[6]! | (d[7]! << 8) | (d[8]! << 16) | (d[9]! << 24)) >>> 0;
        const text = g.strings[index];
        if (text === undefined)
          sheet.issue("warning", "EXCEL_CELL_INVALID", row, col, `refers to shared string ${index}, which does not exist`);
        else sheet.set(row, col, text);
        break;
      }
      case R.LABEL:
      case R.RSTRING:
        sheet.set(row, col, biff8 ? unicodeString(new ContinuedReader(d.subarray(6), continues)) : g.decode8(byteString(d, 6)));
        break;
      case R.BOOLERR:
        if (d.length < 8) break;
        if (d[7] === 0) sheet.set(row, col, d[6] === 0 ? "FALSE" : "TRUE");
        else sheet.issue("warning", "EXCEL_CELL_ERROR", row, col, `holds the error value ${biffErrorText(d[6]!)}; read as empty`);
        break;
      case R.FORMULA: {
        if (d.length < 14) break;
        pendingString = undefined;
        // A result that is not a number has 0xFFFF in its last two bytes and its kind in the first.
        if (d[12] === 0xff && d[13] === 0xff) {
          const kind = d[6];
          if (kind === 0) pendingString = { row, col };
          else if (kind === 1) sheet.set(row, col, d[8] === 0 ? "FALSE" : "TRUE");
          else if (kind === 2)
            sheet.issue("warning", "EXCEL_CELL_ERROR", row, col, `holds the error value ${biffErrorText(d[8]!)}; read as empty`);
        } else number(row, col, xf, readDouble(d, 6));
        break;
      }
    }
  }
  throw damaged("a sheet has no EOF record");
}

/** A BIFF5 byte string: 2-byte count, then that many bytes in the workbook's code page. */
function byteString(d: Uint8Array, at: number): Uint8Array {
  if (at + 2 > d.length) return new Uint8Array(0);
  const cch = d[at]! | (d[at + 1]! << 8);
  return d.subarray(at + 2, Math.min(d.length, at + 2 + cch));
}
