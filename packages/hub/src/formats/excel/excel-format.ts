/**
 * Excel bank exports as BankBridge formats: `xlsx` (Office Open XML) and `xls` (Excel 97–2003 BIFF8, and 5–95
 * BIFF5). A workbook is read into the rows of one sheet, and from there it is a bank CSV export like any other:
 * the bank-CSV engine picks the mapping profile from the content (or takes the caller's, `--profile FILE`) and
 * maps the rows. So every built-in profile reads a bank's Excel export as well as its CSV one.
 *
 * @module
 */
import type { Issue } from "../../core/index.js";
import { applyProfile, builtinProfile, builtinProfiles, type MappingProfile, matchProfile, validateProfile } from "../bank-csv/index.js";
import type { FormatResult, ParseContext, SniffInput, StatementFormat } from "../format.js";
import { readXls } from "./biff-reader.js";
import { CFB_SIGNATURE } from "./cfb-reader.js";
import { ExcelReadError } from "./excel-limits.js";
import type { ReadWorkbookOptions, WorkbookTable } from "./workbook.js";
import { readXlsx } from "./xlsx-reader.js";

const ZIP_SIGNATURE = Uint8Array.of(0x50, 0x4b, 0x03, 0x04);

function startsWith(bytes: Uint8Array, signature: Uint8Array): boolean {
  return bytes.length >= signature.length && signature.every((b, i) => bytes[i] === b);
}

/** Whether `bytes` holds `text` as ASCII (`utf16` as UTF-16LE, as OLE directory names are written). */
function contains(bytes: Uint8Array, text: string, utf16 = false): boolean {
  const needle = utf16 ? Buffer.from(text, "utf16le") : Buffer.from(text, "latin1");
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(needle);
}

/**
 * A ZIP whose local headers (in the first 64 KiB) name spreadsheet parts. Word and PowerPoint files are ZIPs
 * too, with `word/` and `ppt/` parts; a plain ZIP of CSV files has neither.
 */
function sniffXlsx({ head, filename, skipped = 0 }: SniffInput): number {
  // A ZIP starts with its signature: after white space the ZIP reader finds its directory entries off by as many
  // bytes and refuses the file as EXCEL_DAMAGED, so white space and then a workbook is no workbook.
  if (skipped > 0 || !startsWith(head, ZIP_SIGNATURE)) return 0;
  if (contains(head, "xl/workbook.xml")) return 0.95;
  if (contains(head, "xl/")) return 0.9;
  return filename !== undefined && /\.xls[xm]$/i.test(filename) ? 0.8 : 0;
}

/**
 * An OLE compound file with a `Workbook` (BIFF8) or `Book` (BIFF5) stream. The directory naming the streams is
 * usually near the start; when it is beyond the sniffed head, an `.xls` name or the absence of the other Office
 * documents' streams decides, and a non-workbook that gets this far is refused with `EXCEL_UNSUPPORTED`.
 */
function sniffXls({ head, filename, skipped = 0 }: SniffInput): number {
  // An OLE file starts with its signature too (see sniffXlsx).
  if (skipped > 0 || !startsWith(head, CFB_SIGNATURE)) return 0;
  if (contains(head, "Workbook", true) || contains(head, "Book", true)) return 0.95;
  if (filename !== undefined && /\.xl[st]$/i.test(filename)) return 0.9;
  if (contains(head, "WordDocument", true) || contains(head, "PowerPoint Document", true)) return 0;
  return 0.55;
}

function reject(code: string, message: string, details?: Readonly<Record<string, unknown>>, issues: readonly Issue[] = []): FormatResult {
  const issue: Issue = { severity: "error", code, message, ...(details === undefined ? {} : { details }) };
  return { statements: [], issues: [...issues, issue], rejected: issue };
}

/** The `sheet` option: a sheet name, or a 1-based position. */
function sheetOption(value: unknown): ReadWorkbookOptions["sheet"] | Issue {
  if (value === undefined) return undefined;
  if (typeof value === "string" && value !== "") return value;
  if (typeof value === "number" && Number.isInteger(value) && value >= 1) return value;
  return { severity: "error", code: "EXCEL_SHEET_NOT_FOUND", message: "the sheet option must be a sheet name or a 1-based sheet number" };
}

/** Below this score the chosen built-in profile is reported, as the bank-CSV format does for CSV files. */
const SURE = 0.7;

/**
 * The caller's profile (`formatOptions.profile`: a profile object, validated, or a built-in profile's id), else
 * the built-in profile the rows match best; else the refusal. The same rules and codes as the `bank-csv` format,
 * so a bank's CSV and Excel exports behave alike.
 */
function chooseProfile(
  rows: WorkbookTable["rows"],
  option: unknown,
): { profile: MappingProfile; issues: Issue[] } | { refused: FormatResult } {
  if (typeof option === "string") {
    const profile = builtinProfile(option);
    if (profile !== undefined) return { profile, issues: [] };
    return {
      refused: reject(
        "PROFILE_INVALID",
        `no built-in profile "${option.slice(0, 40)}"; known: ${builtinProfiles.map((p) => p.id).join(", ")}`,
      ),
    };
  }
  if (option !== undefined && option !== null) {
    const { profile, issues } = validateProfile(option);
    if (profile !== undefined) return { profile, issues: [] };
    const first = issues[0];
    const why = first === undefined ? "unknown mistake" : `${first.path ?? ""}: ${first.message}`;
    return { refused: reject("PROFILE_INVALID", `the mapping profile is not valid: ${why}`, undefined, issues) };
  }
  const best = matchProfile(rows, builtinProfiles);
  if (best === undefined || best.score < 0.5) {
    return {
      refused: reject(
        "BANK_CSV_PROFILE_UNKNOWN",
        "no built-in profile recognises this spreadsheet's columns; write a mapping profile (bankbridge profile suggest FILE) and pass it with --profile",
      ),
    };
  }
  const issues: Issue[] = [];
  if (best.score < SURE) {
    issues.push({
      severity: "warning",
      code: "BANK_CSV_PROFILE_UNCERTAIN",
      message: `read with the built-in profile "${best.profile.id}" (${best.profile.name}), which fits only partly (score ${best.score.toFixed(2)}); check the result or pass a profile with --profile`,
      details: { profile: best.profile.id, score: Number(best.score.toFixed(2)) },
    });
  }
  return { profile: best.profile, issues };
}

function parseWorkbook(
  read: (bytes: Uint8Array, options: ReadWorkbookOptions) => WorkbookTable,
  bytes: Uint8Array,
  context: ParseContext,
): FormatResult {
  const options = context.formatOptions ?? {};
  const sheet = sheetOption(options.sheet);
  if (typeof sheet === "object") return reject(sheet.code, sheet.message);
  let table: WorkbookTable;
  try {
    table = read(bytes, sheet === undefined ? {} : { sheet });
  } catch (e) {
    if (e instanceof ExcelReadError) return reject(e.code, e.message, e.details);
    throw e;
  }
  const chosen = chooseProfile(table.rows, options.profile);
  if ("refused" in chosen) return { ...chosen.refused, issues: [...table.issues, ...chosen.refused.issues] };
  const result = applyProfile(table.rows, chosen.profile, context);
  return { ...result, issues: [...table.issues, ...chosen.issues, ...result.issues] };
}

/**
 * The `.xlsx` format: an Excel 2007+ workbook, read with our own ZIP directory reader, Node's zlib and our XML
 * reader (see `docs/decisions/0002-excel-reading.md`). `formatOptions.sheet` names the sheet to read,
 * `formatOptions.profile` gives the mapping profile.
 *
 * @example
 * const registry = createFormatRegistry([...excelFormats]);
 * const { statements } = registry.parse(await readFile("wechat.xlsx"));
 */
export const xlsxFormat: StatementFormat = {
  id: "xlsx",
  description: "Excel workbook (.xlsx) bank export, mapped with a bank CSV profile",
  sniff: sniffXlsx,
  parse: (_text, context) => reject("EXCEL_DAMAGED", `the ${context.format} format reads bytes, not decoded text`),
  parseBytes: (bytes, context) => parseWorkbook(readXlsx, bytes, context),
};

/** The `.xls` format: an Excel 97–2003 (or 5–95) workbook, read with our own OLE and BIFF reader. */
export const xlsFormat: StatementFormat = {
  id: "xls",
  description: "Excel 97-2003 workbook (.xls) bank export, mapped with a bank CSV profile",
  sniff: sniffXls,
  parse: (_text, context) => reject("EXCEL_DAMAGED", `the ${context.format} format reads bytes, not decoded text`),
  parseBytes: (bytes, context) => parseWorkbook(readXls, bytes, context),
};

/** Both Excel formats, for the registry. */
export const excelFormats: StatementFormat[] = [xlsxFormat, xlsFormat];
