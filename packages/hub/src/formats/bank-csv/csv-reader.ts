/**
 * An RFC 4180 reader that bank exports can survive: configurable delimiter and quote, quoted fields with
 * delimiters, newlines and doubled quotes, CRLF, LF or CR line ends, a leading byte-order mark, rows of any
 * length, and the habits RFC 4180 does not allow but banks have: text after a closing quote (`"-18.00"\t,`,
 * kept), a quote inside an unquoted field (kept as a character), an unclosed quote at the end (the field runs to
 * the end). It reads text pushed in chunks cut anywhere, one pass, `charCodeAt` only, and keeps nothing but
 * the row being read.
 *
 * @module
 */
import { trimCell } from "./trim-cell.js";

/** One row of a table (a CSV line, a spreadsheet row), before any meaning is given to it. */
export type TableRow = {
  /** 1-based line of the document where the row starts (a quoted newline makes a row span several lines). */
  readonly line: number;
  /** The cells as written, unquoted but not trimmed. */
  readonly cells: readonly string[];
};

/** How the CSV is written. */
export interface CsvDialect {
  /** One character. @default "," */
  readonly delimiter?: string;
  /** One character, or `""` for no quoting at all. @default "\"" */
  readonly quote?: string;
  /**
   * Deliver cells without the whitespace around them (inside the quotes too), as a profile with `trim` reads them
   * anyway, so the row mapper does not trim each cell again. @default false
   */
  readonly trim?: boolean;
}

/** A push reader: feed it text, it calls back with every complete row. */
export interface CsvRowReader {
  /** Reads `chunk` (cut anywhere, even between CR and LF or inside a quoted field). */
  push(chunk: string): void;
  /** The text has ended: delivers the last row if it had no line end. */
  end(): void;
}

const LF = 10;
const CR = 13;
const BOM = 0xfeff;

function dialectCode(value: string | undefined, fallback: number, what: string, allowEmpty: boolean): number {
  if (value === undefined) return fallback;
  if (value === "" && allowEmpty) return -1;
  const code = value.charCodeAt(0);
  if (value.length !== 1 || code === LF || code === CR) throw new RangeError(`the CSV ${what} must be one character other than a line end`);
  return code;
}

/**
 * A push reader calling `onRow` for each row in document order.
 *
 * @example
 * const rows: TableRow[] = [];
 * const reader = createCsvRowReader({ delimiter: ";" }, (row) => rows.push(row));
 * reader.push('a;"b\n'); reader.push('c";d\r'); reader.push("\ne;f"); reader.end();
 * // rows: { line: 1, cells: ["a", "b\nc", "d"] }, { line: 3, cells: ["e", "f"] }
 */
export function createCsvRowReader(dialect: CsvDialect, onRow: (row: TableRow) => void): CsvRowReader {
  const delimiter = dialectCode(dialect.delimiter, 44, "delimiter", false);
  const quote = dialectCode(dialect.quote, 34, "quote", true);
  if (delimiter === quote) throw new RangeError("the CSV delimiter and quote must differ");

  // State carried from one chunk to the next; within a chunk, cells are slices of it.
  let cells: string[] = [];
  /** Text of the current field read from earlier chunks (or before a doubled quote). */
  let field = "";
  /** The field has text in `field` that belongs to it (so an empty rest still makes a cell). */
  let inField = false;
  let inQuotes = false;
  /** The previous chunk ended on a quote inside a quoted field: a doubled quote or the closing one. */
  let quotePending = false;
  /** The previous chunk ended on CR: an LF starting this one belongs to that line end. */
  let crPending = false;
  /** The previous chunk ended on CR inside quotes: an LF starting this one was already counted as a line. */
  let quotedCr = false;
  let line = 1;
  let rowLine = 1;
  let started = false;

  const trim = dialect.trim === true;
  /** The cell `chunk[from, to)`, trimmed when asked (native `trim`: fast over ICBC's long padding). */
  const cut = (chunk: string, from: number, to: number): string => (trim ? chunk.slice(from, to).trim() : chunk.slice(from, to));
  const whole = (text: string): string => (trim ? trimCell(text) : text);

  const endRow = () => {
    onRow({ line: rowLine, cells });
    cells = [];
  };

  return {
    push(chunk) {
      const n = chunk.length;
      const quoteChar = quote < 0 ? "" : String.fromCharCode(quote);
      const delimiterChar = String.fromCharCode(delimiter);
      // The next LF, CR and delimiter at or after a position, found with indexOf (native, fast over long padded
      // cells) and kept until the scan passes them: each character is searched for at most once per kind.
      let nextLf = -1;
      let nextCr = -1;
      let nextDelimiter = -1;
      const lfFrom = (from: number): number => {
        if (nextLf < from) {
          nextLf = chunk.indexOf("\n", from);
          if (nextLf < 0) nextLf = n;
        }
        return nextLf;
      };
      const crFrom = (from: number): number => {
        if (nextCr < from) {
          nextCr = chunk.indexOf("\r", from);
          if (nextCr < 0) nextCr = n;
        }
        return nextCr;
      };
      const delimiterFrom = (from: number): number => {
        if (nextDelimiter < from) {
          nextDelimiter = chunk.indexOf(delimiterChar, from);
          if (nextDelimiter < 0) nextDelimiter = n;
        }
        return nextDelimiter;
      };
      /** Line ends inside quotes between `from` and `to`: each CR, LF or CRLF once (a CRLF at its LF). */
      const countLineEnds = (from: number, to: number): void => {
        for (let p = lfFrom(from); p < to; p = lfFrom(p + 1)) if (p > 0 || !quotedCr) line++;
        for (let p = crFrom(from); p < to; p = crFrom(p + 1)) if (chunk.charCodeAt(p + 1) !== LF) line++;
      };

      let i = 0;
      if (!started && n > 0) {
        started = true;
        if (chunk.charCodeAt(0) === BOM) i = 1;
      }
      if (crPending && i < n) {
        crPending = false;
        if (chunk.charCodeAt(i) === LF) i++;
      }
      let start = i;
      if (quotePending && i < n) {
        quotePending = false;
        if (chunk.charCodeAt(i) === quote) {
          // A doubled quote across the cut: one quote character, still inside the quotes.
          field += quoteChar;
          i++;
          start = i;
        } else {
          inQuotes = false;
        }
      }
      while (i < n) {
        if (inQuotes) {
          // Inside quotes only the quote character means anything; line ends are text (and still counted).
          const q = chunk.indexOf(quoteChar, i);
          if (q < 0) {
            countLineEnds(i, n);
            quotedCr = chunk.charCodeAt(n - 1) === CR;
            i = n;
            break;
          }
          countLineEnds(i, q);
          if (field === "" && chunk.charCodeAt(q + 1) === delimiter) {
            // The common quoted cell, closed and followed by the delimiter: cut once, no scan after the quote.
            cells.push(cut(chunk, start, q));
            inQuotes = false;
            inField = false;
            i = q + 2;
            start = i;
            if (i < n && chunk.charCodeAt(i) === quote) {
              inQuotes = true;
              inField = true;
              start = ++i;
            }
            continue;
          }
          field += chunk.slice(start, q);
          inField = true;
          if (q + 1 === n) {
            // Doubled or closing: the next chunk decides.
            quotePending = true;
            i = n;
            start = n;
            break;
          }
          if (chunk.charCodeAt(q + 1) === quote) {
            field += quoteChar;
            i = q + 2;
          } else {
            inQuotes = false;
            i = q + 1;
          }
          start = i;
          continue;
        }
        if (i === start && !inField && chunk.charCodeAt(i) === quote) {
          // A quote opening a field (the first of a row or of a chunk; later ones are opened below).
          inQuotes = true;
          inField = true;
          start = ++i;
          continue;
        }
        // An unquoted field (or the rest after a closing quote) runs to the next delimiter or line end.
        const d = delimiterFrom(i);
        const lf = lfFrom(i);
        const cr = crFrom(i);
        const end = Math.min(d, lf, cr);
        if (end === n) {
          i = n;
          break;
        }
        cells.push(inField ? whole(field + chunk.slice(start, end)) : cut(chunk, start, end));
        field = "";
        inField = false;
        i = end + 1;
        if (end === d) {
          start = i;
          if (i < n && chunk.charCodeAt(i) === quote) {
            inQuotes = true;
            inField = true;
            start = ++i;
          }
          continue;
        }
        endRow();
        line++;
        if (end === cr) {
          if (i === n) crPending = true;
          else if (chunk.charCodeAt(i) === LF) i++;
        }
        rowLine = line;
        start = i;
        if (i < n && chunk.charCodeAt(i) === quote) {
          inQuotes = true;
          inField = true;
          start = ++i;
        }
      }
      if (start < n) {
        field += chunk.slice(start, n);
        inField = true;
      }
    },
    end() {
      if (inField || cells.length > 0) {
        cells.push(whole(field));
        field = "";
        inField = false;
        endRow();
      }
      inQuotes = false;
      quotePending = false;
    },
  };
}

/** Text is read in slices of this many characters, so a whole document never becomes one array of rows. */
const SLICE = 1 << 20;

/**
 * The rows of a whole CSV text, lazily.
 *
 * @example [...readCsvRows('a,"b,c"\r\n1,2')] // [{ line: 1, cells: ["a", "b,c"] }, { line: 2, cells: ["1", "2"] }]
 */
export function* readCsvRows(text: string, dialect: CsvDialect = {}): Generator<TableRow, void, undefined> {
  let batch: TableRow[] = [];
  const reader = createCsvRowReader(dialect, (row) => batch.push(row));
  for (let at = 0; at < text.length; at += SLICE) {
    reader.push(text.slice(at, at + SLICE));
    if (batch.length > 0) {
      const ready = batch;
      batch = [];
      yield* ready;
    }
  }
  reader.end();
  yield* batch;
}

/**
 * The rows of a CSV text arriving in chunks (a decoded file stream), one chunk's rows at a time.
 *
 * @example for await (const row of readCsvRowsAsync(decodedChunks, { delimiter: "\t" })) …
 */
export async function* readCsvRowsAsync(
  chunks: AsyncIterable<string> | Iterable<string>,
  dialect: CsvDialect = {},
): AsyncGenerator<TableRow, void, undefined> {
  let batch: TableRow[] = [];
  const reader = createCsvRowReader(dialect, (row) => batch.push(row));
  for await (const chunk of chunks) {
    reader.push(chunk);
    if (batch.length > 0) {
      const ready = batch;
      batch = [];
      yield* ready;
    }
  }
  reader.end();
  yield* batch;
}
