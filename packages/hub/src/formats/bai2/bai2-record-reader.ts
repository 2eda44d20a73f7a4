/**
 * Reads a BAI2 file as logical records: a physical record plus the `88` continuation records after it
 * (any number of them, after any record: venturehacks/bai2 #10).
 *
 * @module
 */

/**
 * Put between two physical records of one logical record when the first ended with the `/` delimiter: the
 * continuation starts a new field. It is a field separator like `,`.
 */
export const FIELD_BREAK = "\u0001";

/**
 * Put between two physical records when the first did not end with `/`: the continuation goes on with the
 * same field (the text of a 16 record), and a reader of text keeps the two parts as separate lines.
 */
export const LINE_BREAK = "\u0000";

/** Physical length that, when a record fills it exactly, means its text was cut and goes on without a break. */
const DEFAULT_RECORD_LENGTH = 80;

/**
 * A cursor over the logical records of a BAI2 document. Call {@link next} until it returns false; the
 * current record's fields are then on the reader. One pass over the text, no regular expressions.
 */
export class Bai2RecordReader {
  readonly #text: string;
  /** The line end searched for: LF (which also ends CR LF lines), or CR in a file that has no LF at all. */
  readonly #eol: string;
  #pos = 0;
  #lineNo = 0;
  /** The next physical record, already read (to see whether it is an 88): its start, end and line. */
  #peekStart = -1;
  #peekEnd = -1;
  #peekLine = 0;
  /** The physical record length the file header declared, 0 when it declared none. */
  recordLength = 0;

  /** The record code of the current record (`"01"`, `"16"`, …; whatever the line starts with when malformed). */
  code = "";
  /**
   * The current record's fields after the code: physical parts joined by {@link FIELD_BREAK} or
   * {@link LINE_BREAK}, each part without its `88,` prefix and its `/` terminator.
   */
  body = "";
  /** True when the body holds a {@link LINE_BREAK}. */
  hasLineBreak = false;
  /** True when the body holds a {@link FIELD_BREAK}. */
  hasFieldBreak = false;
  /** 1-based line of the record's first physical record. */
  line = 0;
  /** How many physical records it spans (1 + its 88s): what trailer record counts count. */
  physical = 0;

  constructor(text: string) {
    this.#text = text;
    this.#eol = text.includes("\n") ? "\n" : "\r";
    // A byte-order mark the decoder left in is not part of the first record.
    if (text.charCodeAt(0) === 0xfeff) this.#pos = 1;
    this.#peek();
  }

  /** Moves to the next logical record; false at the end of the document. */
  next(): boolean {
    if (this.#peekStart < 0) return false;
    const text = this.#text;
    let start = this.#peekStart;
    let end = this.#peekEnd;
    this.line = this.#peekLine;
    this.code = text.slice(start, Math.min(start + 2, end));
    // "16,..." → fields start after the comma; a record of just "16" or "16/" has none.
    let bodyStart = start + 2;
    if (bodyStart < end && text.charCodeAt(bodyStart) === 44 /* , */) bodyStart++;
    let delimited = end > bodyStart && text.charCodeAt(end - 1) === 47; /* / */
    let body = text.slice(bodyStart, delimited ? end - 1 : end);
    let full = this.#isFull(start, end);
    this.physical = 1;
    this.hasLineBreak = false;
    this.hasFieldBreak = false;
    this.#peek();
    while (this.#peekStart >= 0 && this.#isContinuation(this.#peekStart, this.#peekEnd)) {
      start = this.#peekStart;
      end = this.#peekEnd;
      let partStart = start + 2;
      if (partStart < end && text.charCodeAt(partStart) === 44) partStart++;
      const partDelimited = end > partStart && text.charCodeAt(end - 1) === 47;
      const part = text.slice(partStart, partDelimited ? end - 1 : end);
      if (delimited) {
        body += FIELD_BREAK + part;
        this.hasFieldBreak = true;
      } else if (full) body += part;
      else {
        body += LINE_BREAK + part;
        this.hasLineBreak = true;
      }
      delimited = partDelimited;
      full = this.#isFull(start, end);
      this.physical++;
      this.#peek();
    }
    this.body = body;
    return true;
  }

  /**
   * A record that fills the physical record length exactly was cut there: its text goes on in the next
   * 88 without a space (NatWest's 80-column files split words: `CLIE` + `NT SECCY`).
   */
  #isFull(start: number, end: number): boolean {
    return end - start === (this.recordLength > 0 ? this.recordLength : DEFAULT_RECORD_LENGTH);
  }

  #isContinuation(start: number, end: number): boolean {
    const t = this.#text;
    return (
      end - start >= 2 &&
      t.charCodeAt(start) === 56 /* 8 */ &&
      t.charCodeAt(start + 1) === 56 &&
      (end - start === 2 || t.charCodeAt(start + 2) === 44 || t.charCodeAt(start + 2) === 47)
    );
  }

  /** Reads the next non-blank physical record into the peek slot (LF, CR LF and CR all end a line). */
  #peek(): void {
    const t = this.#text;
    const n = t.length;
    let pos = this.#pos;
    while (pos < n) {
      // indexOf is a native scan, several times faster than a charCodeAt loop over the whole line.
      let lineEnd = t.indexOf(this.#eol, pos);
      if (lineEnd < 0) lineEnd = n;
      this.#lineNo++;
      const next = lineEnd + 1;
      // Fixed-length files pad records with spaces; the padding (and the CR of CR LF) is not data.
      let s = pos;
      let e = lineEnd;
      while (s < e && isBlank(t.charCodeAt(s))) s++;
      while (e > s && isBlank(t.charCodeAt(e - 1))) e--;
      pos = next;
      if (e > s) {
        this.#pos = pos;
        this.#peekStart = s;
        this.#peekEnd = e;
        this.#peekLine = this.#lineNo;
        return;
      }
    }
    this.#pos = n;
    this.#peekStart = -1;
  }
}

function isBlank(c: number): boolean {
  return c === 32 || c === 9 || c === 13 || c === 10 || c === 0x1a; /* DOS end-of-file mark */
}
