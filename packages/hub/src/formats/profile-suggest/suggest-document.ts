/**
 * Profile inference for a whole document: an Excel workbook's first sheet with data, or a CSV export whose
 * encoding and delimiter are detected here (the delimiter that splits the rows into the most columns, the same
 * number row after row). Pure over bytes; the CLI reads the file and prints the result.
 *
 * @module
 */
import { readCsvRows, type TableRow } from "../bank-csv/index.js";
import { decodeDocument, normalizeEncoding } from "../encoding.js";
import { ExcelReadError, readWorkbook, workbookKind } from "../excel/index.js";
import { type ProfileSuggestion, type SuggestOptions, suggestProfile } from "./suggest-profile.js";

/** Delimiters tried, in order of preference on a tie. */
const DELIMITERS = [",", "\t", ";", "|"] as const;
/** Rows looked at to choose the delimiter. */
const SAMPLE_ROWS = 200;

/** Options of {@link suggestDocument}. */
export interface SuggestDocumentOptions extends Pick<SuggestOptions, "id" | "name" | "currency"> {
  /** The file's name (for the profile's description). */
  readonly filename?: string;
  /** An encoding label instead of detecting it (CSV only). */
  readonly encoding?: string;
  /** The delimiter instead of detecting it (CSV only). */
  readonly delimiter?: string;
  /** For workbooks: the sheet (name or 1-based number). @default the first sheet with data */
  readonly sheet?: string | number;
}

/** A suggestion with what was found out about the document itself. */
export interface DocumentSuggestion extends ProfileSuggestion {
  readonly kind: "csv" | "xlsx" | "xls";
  /** CSV: the encoding the text was read with. */
  readonly encoding?: string;
  /** CSV: the delimiter chosen. */
  readonly delimiter?: string;
  /** Workbooks: the sheet read. */
  readonly sheet?: string;
}

/** Why a document could not be looked at. */
export class SuggestError extends Error {
  override readonly name = "SuggestError";
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

/**
 * Proposes a profile for the export in `bytes`. Throws {@link SuggestError} (`ENCODING_UNSUPPORTED`, an
 * `EXCEL_*` code) when the document cannot be read at all.
 *
 * @example
 * const s = suggestDocument(await readFile("export.csv"), { filename: "export.csv" });
 * s.delimiter // ","; s.encoding // "gb18030"; s.profile // the MappingProfile
 */
export function suggestDocument(bytes: Uint8Array, options: SuggestDocumentOptions = {}): DocumentSuggestion {
  const common = {
    ...(options.id === undefined ? {} : { id: options.id }),
    ...(options.name === undefined ? {} : { name: options.name }),
    ...(options.currency === undefined ? {} : { currency: options.currency }),
    ...(options.filename === undefined ? {} : { source: options.filename }),
  };
  const kind = workbookKind(bytes);
  if (kind !== undefined) {
    let table: ReturnType<typeof readWorkbook>;
    try {
      table = readWorkbook(bytes, options.sheet === undefined ? {} : { sheet: options.sheet });
    } catch (e) {
      if (e instanceof ExcelReadError) throw new SuggestError(e.code, e.message);
      throw e;
    }
    if (table === undefined) throw new SuggestError("FORMAT_UNSUPPORTED", "the file is not a workbook");
    return { ...suggestProfile(table.rows, common), kind, sheet: table.sheet };
  }
  if (options.encoding !== undefined && options.encoding !== "auto" && normalizeEncoding(options.encoding) === undefined) {
    throw new SuggestError("ENCODING_UNSUPPORTED", `unknown encoding "${options.encoding.slice(0, 40)}"`);
  }
  const forced = options.encoding === undefined || options.encoding === "auto" ? undefined : options.encoding;
  const decoded = decodeDocument(bytes, forced);
  const delimiter = options.delimiter ?? detectDelimiter(decoded.text);
  const rows = [...readCsvRows(decoded.text, { delimiter })];
  return {
    ...suggestProfile(rows, { ...common, delimiter, ...(forced === undefined ? {} : { encoding: decoded.encoding }) }),
    kind: "csv",
    encoding: decoded.encoding,
    delimiter,
  };
}

/**
 * The delimiter that splits the text's rows most consistently: the most rows with the same number of cells
 * (at least two), weighted by that number, and cells that do not start with another candidate (a tab-padded
 * comma-separated export split on tabs leaves its commas at the cells' starts).
 */
export function detectDelimiter(text: string): string {
  let best: { delimiter: string; score: number } | undefined;
  for (const delimiter of DELIMITERS) {
    const rows: TableRow[] = [];
    for (const row of readCsvRows(text, { delimiter })) {
      rows.push(row);
      if (rows.length >= SAMPLE_ROWS) break;
    }
    const counts = new Map<number, number>();
    for (const r of rows) if (r.cells.length >= 2) counts.set(r.cells.length, (counts.get(r.cells.length) ?? 0) + 1);
    const [width, count] = [...counts.entries()].sort((a, b) => b[1] * (b[0] - 1) - a[1] * (a[0] - 1))[0] ?? [1, 0];
    const cells = rows.flatMap((r) => (r.cells.length >= 2 ? r.cells : []));
    const others = DELIMITERS.filter((d) => d !== delimiter && d !== "\t");
    const dirty = cells.length === 0 ? 0 : cells.filter((c) => others.some((d) => c.startsWith(d))).length / cells.length;
    const score = count * (width - 1) * (1 - dirty);
    if (best === undefined || score > best.score) best = { delimiter, score };
  }
  return best?.delimiter ?? ",";
}
