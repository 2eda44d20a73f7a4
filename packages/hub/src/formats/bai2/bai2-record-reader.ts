/**
 * Reads a BAI2 document as logical records: a physical record plus the `88` continuation records after it
 * (any number of them, after any record: venturehacks/bai2 #10). The text may come in chunks cut anywhere;
 * a record is handed on once the line after it shows it is complete, and only the record being assembled and
 * an unfinished line are kept between chunks. A blocked file (mainframe transmissions: records padded to the length
 * the 01 record declares, one after the other with no line ends) is read in records of that length; a file whose
 * records run together with only a `/` between them (one long line) is read split at each `/` a record can follow.
 *
 * @module
 */
import { Bai2FieldCursor, JOIN_FIELD, JOIN_FULL, JOIN_LINE, JOIN_TEXT_CUT } from "./bai2-field-cursor.js";

/**
 * Physical length that, when a record fills it exactly in a file that declares none, means its free text was cut and
 * goes on without a break (NatWest), unless a longer line showed the file is not cut there.
 */
const DEFAULT_RECORD_LENGTH = 80;

/**
 * Longest physical line, and longest logical record, read (1 MiB). BAI2 records are 80 characters or a few
 * hundred; beyond this it is not a record, and a reader of chunks must not hold it.
 */
export const MAX_RECORD_CHARS = 1 << 20;

/** Receives the records of a {@link Bai2RecordReader}. */
export interface Bai2RecordHandler {
  /** A logical record: its code, line and size are on `reader`, its fields on `reader.cursor`. */
  record(reader: Bai2RecordReader): void;
  /**
   * A physical line longer than {@link MAX_RECORD_CHARS} (`line`: it was skipped), or a logical record that
   * grew past it (`record`: it was handed on as it was, and the continuation at `line` starts a record of its own).
   */
  tooLarge(what: "line" | "record", line: number): void;
  /**
   * The document's records run together on one line, only a `/` between them (its file header is followed by
   * `/02,`): they are read split at each `/` a record can follow (see {@link recordFollows}). Called once, with the
   * line of the file header.
   */
  runTogether?(line: number): void;
}

const LF = 10;
const CR = 13;

function isBlank(c: number): boolean {
  return c === 32 || c === 9 || c === 13 || c === 10 || c === 0x1a; /* DOS end-of-file mark */
}

/** The line ends in `s[from, to)`: each LF, CR LF, or CR alone. */
function lineBreaks(s: string, from: number, to: number): number {
  let count = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c === LF || (c === CR && s.charCodeAt(i + 1) !== LF)) count++;
  }
  return count;
}

/**
 * A push reader of BAI2 records: {@link feed} text chunks, then {@link end}. Lines end at LF (CR LF
 * included), or at CR in a document whose first line ends with a bare CR.
 */
export class Bai2RecordReader {
  readonly #handler: Bai2RecordHandler;
  /** The current record's fields. */
  readonly cursor = new Bai2FieldCursor();
  /** The physical record length the file header declared, 0 when it declared none. */
  recordLength = 0;
  /** The current record's code as a number (`16` for `"16"`), or -1 when it does not start with two digits. */
  code = -1;
  /** 1-based line of the current record's first physical record. */
  line = 0;
  /**
   * 1-based column of the current record's first character on its line when the document's records run together
   * (several on a line, a `/` between them: the line alone does not tell them apart); 0 otherwise.
   */
  column = 0;
  /** How many physical records the current record spans (1 + its 88s): what trailer record counts count. */
  physical = 0;

  /** Text not handed on yet: the record being assembled (from offset 0) and the unfinished last line. */
  #carry = "";
  /** Where scanning resumes in the carry (after the lines already assembled). */
  #scan = 0;
  /** The line end searched for: 0 until the first line end is seen, then LF or CR. */
  #eol = 0;
  #lineNo = 0;
  #started = false;
  /** Inside a line longer than {@link MAX_RECORD_CHARS}: its text is dropped up to its end. */
  #skipping = false;
  /**
   * The physical record length of a blocked file, whose records follow each other without line ends (a mainframe
   * transmission: `01,…,80,10,2/` padded to 80, then `02,…`); 0 for a file of lines.
   */
  #blocked = 0;
  /**
   * Records run together with only `/` between them (some banks send the whole file as one line): a record then
   * ends at a `/` that a record can follow, as well as at a line end. Decided once, from the file header.
   */
  #runTogether = false;
  /** In a run-together document, whether the last record read ended at a `/` (the next one is on the same line). */
  #sameLine = false;
  /** In a run-together document, the 0-based column, on its line, where the next piece starts. */
  #pieceColumn = 0;

  /**
   * The record being assembled: (start, end, join) per part, offsets into the text being read. The array is
   * reused from record to record (only {@link #partCount} triples are valid): emptying it would free its storage.
   */
  readonly #parts: number[] = [0, 0, 0, 0, 0, 0];
  #partCount = 0;
  #recordStart = -1;
  #recordEnd = 0;
  #recordLine = 0;
  #recordColumn = 0;
  #recordChars = 0;
  /**
   * Whether the last part ended with `/`, and whether it filled the record length: the join of a continuation after
   * it ({@link JOIN_FULL} for the length the file declares, {@link JOIN_TEXT_CUT} for the 80 assumed), else 0.
   */
  #delimited = false;
  #full = 0;
  /** A physical record longer than 80 was read: a file without a declared length is then not cut at 80. */
  #over80 = false;
  /** The text the current record lies in (during {@link Bai2RecordHandler.record}). */
  #text = "";

  constructor(handler: Bai2RecordHandler) {
    this.#handler = handler;
  }

  /** The current record's code as written (its first two characters), for messages. */
  codeText(): string {
    return this.#text.slice(this.#recordStart, Math.min(this.#recordStart + 2, this.#recordEnd));
  }

  /** Reads the next chunk of the document. */
  feed(chunk: string): void {
    if (chunk.length === 0) return;
    let s = this.#carry === "" ? chunk : this.#carry + chunk;
    if (!this.#started) {
      this.#started = true;
      // A byte-order mark the decoder left in is not part of the first record.
      if (s.charCodeAt(0) === 0xfeff) s = s.slice(1);
    }
    this.#run(s, false);
  }

  /** Reads what is left: the last line (without its line end) and the record it completes. */
  end(): void {
    const s = this.#carry;
    this.#carry = "";
    this.#run(s, true);
    if (this.#recordStart >= 0) this.#emit(s);
  }

  #run(s: string, final: boolean): void {
    const n = s.length;
    let pos = this.#scan;
    // No line end in the first few KiB: a blocked file if its header says so (see #blocked). Decided once, before
    // any line, on the same characters however the document was cut.
    if (this.#blocked === 0 && this.#lineNo === 0) {
      // Blank lines and spaces before the file header are no part of a blocked file's first record (a file of lines
      // counts them as lines).
      let head = pos;
      while (head < n && isBlank(s.charCodeAt(head))) head++;
      // A file of lines shows a line end inside its first record; until the probe is read or such a line end is seen,
      // nothing is read (a line end at the very end of what came so far may be a blocked file's last).
      const other = n - head >= 3 ? !s.startsWith("01,", head) : !"01,".startsWith(s.slice(head));
      if (n - head >= BLOCK_PROBE || final || other || innerLineEnd(s, head, n)) {
        this.#blocked = blockedLength(s, head, n);
        if (this.#blocked === 0) {
          this.#blocked = -1;
          this.#runTogether = runTogetherAt(s, head, n);
          // Reported at the line the records are on: blank lines before the file header count.
          if (this.#runTogether) this.#handler.runTogether?.(1 + lineBreaks(s, pos, head));
        } else pos = head;
      } else {
        this.#keep(s, pos);
        return;
      }
    }
    if (this.#eol === 0 && this.#blocked <= 0) {
      let i = pos;
      while (i < n && s.charCodeAt(i) !== LF && s.charCodeAt(i) !== CR) i++;
      if (i < n) {
        if (s.charCodeAt(i) === LF) this.#eol = LF;
        else if (i + 1 < n) this.#eol = s.charCodeAt(i + 1) === LF ? LF : CR;
        else if (final) this.#eol = CR;
      }
    }
    const blocked = Math.max(this.#blocked, 0);
    const eol = this.#eol === CR ? "\r" : "\n";
    while (pos < n) {
      // indexOf is a native scan, several times faster than a charCodeAt loop over the line. Before the line
      // end is known (a first line cut after a CR), no line is complete.
      let lineEnd = this.#runTogether
        ? this.#pieceEnd(s, pos, n, final)
        : blocked > 0
          ? pos + blocked <= n
            ? pos + blocked
            : final
              ? n
              : -1
          : this.#eol === 0
            ? -1
            : s.indexOf(eol, pos);
      if (lineEnd < 0) {
        if (!final) {
          if (n - pos > MAX_RECORD_CHARS && !this.#skipping) {
            this.#emitPending(s);
            this.#handler.tooLarge("line", this.#lineNo + 1);
            this.#skipping = true;
          }
          if (this.#skipping) pos = n;
          break;
        }
        lineEnd = n;
      }
      let next = blocked > 0 ? lineEnd : lineEnd + 1;
      /** The column (0-based) of `pos` on its line, in a run-together document. */
      let column = 0;
      if (this.#runTogether) {
        // A record that ended at a `/` keeps the `/` (as on its own line) and the next starts right after it, on the
        // same physical line: line numbers stay those of the file, and columns tell the records of a line apart.
        const slash = lineEnd > pos && s.charCodeAt(lineEnd - 1) === 47;
        if (!this.#sameLine) {
          this.#lineNo++;
          this.#pieceColumn = 0;
        }
        column = this.#pieceColumn;
        this.#sameLine = slash;
        if (slash) next = lineEnd;
        this.#pieceColumn = column + (next - pos);
      } else this.#lineNo++;
      if (this.#skipping) {
        this.#skipping = false;
        pos = next;
        continue;
      }
      if (lineEnd - pos > MAX_RECORD_CHARS) {
        this.#emitPending(s);
        this.#handler.tooLarge("line", this.#lineNo);
        pos = next;
        continue;
      }
      // Fixed-length files pad records with spaces; the padding (and the CR of CR LF) is not data.
      let start = pos;
      let end = lineEnd;
      while (start < end && isBlank(s.charCodeAt(start))) start++;
      while (end > start && isBlank(s.charCodeAt(end - 1))) end--;
      // 1-based, where the record's text starts (after the blanks before it); 0 outside a run-together document.
      const startColumn = this.#runTogether ? column + (start - pos) + 1 : 0;
      pos = next;
      if (end === start) continue;
      if (this.#recordStart >= 0 && isContinuation(s, start, end)) {
        if (this.#recordChars + (end - start) <= MAX_RECORD_CHARS) {
          this.#addPart(s, start, end);
          continue;
        }
        this.#emit(s);
        this.#handler.tooLarge("record", this.#lineNo);
      } else if (this.#recordStart >= 0) this.#emit(s);
      this.#begin(s, start, end, startColumn);
    }
    if (final) return;
    this.#keep(s, pos);
  }

  /** Keeps the record being assembled and the unfinished line (from `pos`) for the next chunk. */
  #keep(s: string, pos: number): void {
    const n = s.length;
    // Keep the record being assembled and the unfinished line; offsets into the carry start at the record.
    const from = this.#recordStart >= 0 ? this.#recordStart : pos;
    this.#carry = from >= n ? "" : s.slice(from);
    this.#scan = pos - from;
    if (from > 0 && this.#recordStart >= 0) {
      const parts = this.#parts;
      for (let i = 0; i < this.#partCount * 3; i += 3) {
        parts[i] = (parts[i] as number) - from;
        parts[i + 1] = (parts[i + 1] as number) - from;
      }
      this.#recordStart -= from;
      this.#recordEnd -= from;
    }
  }

  /**
   * Where the record from `pos` ends in a run-together document: after the first `/` a record can follow (the `/`
   * included), else at the line end (or `n` when `final`); -1 when the chunk ends before that can be told.
   */
  #pieceEnd(s: string, pos: number, n: number, final: boolean): number {
    let p = pos;
    while (p < n && (s.charCodeAt(p) === 32 || s.charCodeAt(p) === 9)) p++;
    const own = twoDigits(s, p, n);
    // An 88 goes on with the record it continues: what may follow is what may follow that one.
    const current = own === 88 && this.#recordStart >= 0 ? twoDigits(s, this.#recordStart, n) : own;
    for (let i = p; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c === LF) return i;
      if (c === CR) {
        // The line end is the file's: in CR LF the LF (the CR is a blank of the line before it, as in a file of
        // lines), else the CR. Ending at both counted each CR LF as two lines. Not yet known (a CR that ends the
        // chunk), the next chunk tells.
        if (this.#eol === LF) continue;
        if (this.#eol === CR || final) return i;
        return -1;
      }
      if (c !== 47 /* / */) continue;
      if (!final && n - i <= FOLLOW_PROBE) return -1;
      if (recordFollows(s, i + 1, Math.min(n, i + 1 + FOLLOW_PROBE), current)) return i + 1;
    }
    return final ? n : -1;
  }

  /** Starts assembling a record at the trimmed line `start`–`end`, which starts at `column` (see {@link column}). */
  #begin(s: string, start: number, end: number, column: number): void {
    this.#recordStart = start;
    this.#recordEnd = end;
    this.#recordLine = this.#lineNo;
    this.#recordColumn = column;
    this.#recordChars = end - start;
    this.physical = 1;
    // "16,..." → fields start after the comma; a record of just "16" or "16/" has none.
    let bodyStart = start + 2;
    if (bodyStart < end && s.charCodeAt(bodyStart) === 44 /* , */) bodyStart++;
    if (bodyStart > end) bodyStart = end;
    this.#delimited = end > bodyStart && s.charCodeAt(end - 1) === 47; /* / */
    this.#full = this.#isFull(start, end);
    this.#partCount = 0;
    this.#addPartBounds(bodyStart, this.#delimited ? end - 1 : end, JOIN_FIELD);
  }

  /** Adds an 88 continuation line to the record being assembled. */
  #addPart(s: string, start: number, end: number): void {
    let partStart = start + 2;
    if (partStart < end && (s.charCodeAt(partStart) === 44 || s.charCodeAt(partStart) === 58)) partStart++;
    const delimited = end > partStart && s.charCodeAt(end - 1) === 47;
    // After a `/` a continuation starts a new field; after a full record it goes on with the same field (the length
    // the file declares) or the same text (80 columns assumed: NatWest's files split words, `CLIE` + `NT SECCY`);
    // otherwise it is the same field's next line.
    const join = this.#delimited ? JOIN_FIELD : this.#full !== 0 ? this.#full : JOIN_LINE;
    this.#addPartBounds(partStart, delimited ? end - 1 : end, join);
    this.#delimited = delimited;
    this.#full = this.#isFull(start, end);
    this.#recordChars += end - start;
    this.physical++;
  }

  #addPartBounds(start: number, end: number, join: number): void {
    const at = this.#partCount * 3;
    const parts = this.#parts;
    if (at < parts.length) {
      parts[at] = start;
      parts[at + 1] = end;
      parts[at + 2] = join;
    } else parts.push(start, end, join);
    this.#partCount++;
  }

  #emitPending(s: string): void {
    if (this.#recordStart >= 0) this.#emit(s);
  }

  /** Hands the assembled record on. */
  #emit(s: string): void {
    const start = this.#recordStart;
    const end = this.#recordEnd;
    const a = end - start >= 2 ? s.charCodeAt(start) - 48 : -1;
    const b = end - start >= 2 ? s.charCodeAt(start + 1) - 48 : -1;
    this.code = a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
    this.line = this.#recordLine;
    this.column = this.#recordColumn;
    this.#text = s;
    this.cursor.reset(s, this.#parts, this.#partCount);
    try {
      this.#handler.record(this);
    } finally {
      this.#partCount = 0;
      this.#recordStart = -1;
      this.#text = "";
    }
  }

  /**
   * A record that fills the physical record length exactly was cut there: it goes on in the next 88 without a
   * space. The join that says so (see {@link #full}), or 0.
   */
  #isFull(start: number, end: number): number {
    const length = end - start;
    if (length > DEFAULT_RECORD_LENGTH) this.#over80 = true;
    // Records run together were cut by no column.
    if (this.#runTogether) return 0;
    if (this.recordLength > 0) return length === this.recordLength ? JOIN_FULL : 0;
    // No length declared: 80 columns is a guess, so only free text is taken as cut (a field that ends with the line is
    // complete), and not once a longer line has shown the file is not cut at 80.
    return length === DEFAULT_RECORD_LENGTH && !this.#over80 ? JOIN_TEXT_CUT : 0;
  }
}

/** The two-digit record code at `pos` (`16` for `"16"`), or -1. */
function twoDigits(s: string, pos: number, n: number): number {
  if (pos + 2 > n) return -1;
  const a = s.charCodeAt(pos) - 48;
  const b = s.charCodeAt(pos + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/** How far after a `/` {@link recordFollows} looks: a 16's type code, amount and funds type, or a trailer's fields. */
const FOLLOW_PROBE = 64;

/** Record codes BAI2 defines. */
const RECORD_CODES: ReadonlySet<number> = new Set([1, 2, 3, 16, 49, 88, 98, 99]);

/**
 * The shapes of the records that may follow the free text of a 16 (or of its 88s), which may itself hold `/` and
 * commas: the next detail (a type code of three digits or none, an amount, and a funds type or the record's end), a
 * continuation, the account trailer (control total and record count), or, where the 49 is missing, the next
 * account (its number and currency, then a type code or its end: `03,54321,/`) or the group or file trailer.
 * Trailer totals and counts may be blank (`49,,2/`, ministryofjustice/bai2 account_trailer_amount_blank_example):
 * the digits are optional, the commas that place them are not.
 */
const AFTER_TEXT =
  /^(?:16, *\d{0,3} *, *[+-]?\d* *(?:[,/]|$)|88,|49, *[+-]?\d* *, *\d* *[,/]|03,[^,/]+,[ A-Za-z]{0,3}[,/]|98, *[+-]?\d* *, *\d* *, *\d* *[,/]|99, *[+-]?\d* *, *\d* *, *\d* *[,/])/;

/**
 * Whether a record can start at `at` in a run-together document, after one of code `current`. Outside a 16, no field
 * holds a `/` (the specification's delimiter), so any record code and a comma start one. A 16 ends in free text,
 * which may (`INV 2024/16, PAID`): there the next record must have one of the shapes that may follow a detail
 * ({@link AFTER_TEXT}).
 */
export function recordFollows(s: string, at: number, end: number, current: number): boolean {
  const code = twoDigits(s, at, end);
  if (code < 0 || s.charCodeAt(at + 2) !== 44 /* , */ || !RECORD_CODES.has(code)) return false;
  return current !== 16 || AFTER_TEXT.test(s.slice(at, end));
}

/**
 * Whether the document at `pos` is BAI2 records run together with only `/` between them: a file header whose first
 * `/`, before any line end, is followed by the group header (`01,…,2/02,`). The file header must have BAI2's shape up
 * to its creation date (sender, receiver, YYMMDD): a CSV row numbered 01 with a day and month (`01,15/02,Coffee`)
 * also has a `/` followed by `02,`. Run once per document.
 */
export function runTogetherAt(s: string, pos: number, n: number = s.length): boolean {
  if (!s.startsWith("01,", pos)) return false;
  for (let i = pos; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c === LF || c === CR) return false;
    if (c !== 47 /* / */) continue;
    if (!s.startsWith("02,", i + 1)) return false;
    const created = s.slice(pos, i).split(",")[3]?.trim() ?? "";
    return /^\d{6}$/.test(created);
  }
  return false;
}

/** Whether `s` from `pos` holds a line end that has more text after it. */
function innerLineEnd(s: string, pos: number, n: number): boolean {
  for (let i = pos; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c !== LF && c !== CR) continue;
    for (let j = i + 1; j < n; j++) if (s.charCodeAt(j) !== LF && s.charCodeAt(j) !== CR) return true;
    return false;
  }
  return false;
}

/** How much of a document without line ends is looked at before deciding whether it is blocked. */
const BLOCK_PROBE = 4096;

/**
 * The physical record length of a blocked file starting at `pos`: the length its 01 record declares (its 7th field,
 * 40–1000), when the text holds no line end and the next record (02, or an 88) starts right there; else 0.
 */
export function blockedLength(s: string, pos: number, n: number = s.length): number {
  if (!s.startsWith("01,", pos)) return 0;
  const probe = s.slice(pos, Math.min(n, pos + BLOCK_PROBE));
  // A line end only at the very end (a file transfer's last one) still leaves the file blocked.
  const text = probe.replace(/[\r\n]+$/, "");
  if (text.includes("\n") || text.includes("\r")) return 0;
  const slash = probe.indexOf("/");
  const fields = probe.slice(0, slash < 0 ? 200 : slash).split(",");
  const length = /^\d{2,4}$/.test(fields[6] ?? "") ? Number(fields[6]) : 0;
  if (length < 40 || length > 1000) return 0;
  if (n - pos <= length) return length;
  return /^(?:02|88),/.test(s.slice(pos + length, pos + length + 3)) ? length : 0;
}

/**
 * Whether the trimmed line is an 88 continuation: `88`, then `,`, `/` or nothing. `88:` counts too, a typo seen in
 * a bank's sample (moov-io/bai2 #105, Goldman Sachs), which otherwise ends the record and takes the next 88 with it.
 */
function isContinuation(s: string, start: number, end: number): boolean {
  if (end - start < 2 || s.charCodeAt(start) !== 56 /* 8 */ || s.charCodeAt(start + 1) !== 56) return false;
  if (end - start === 2) return true;
  const c = s.charCodeAt(start + 2);
  return c === 44 /* , */ || c === 47 /* / */ || c === 58 /* : */;
}
