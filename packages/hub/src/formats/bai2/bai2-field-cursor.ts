/**
 * Reads the fields of one logical BAI2 record in order. BAI2 fields are positional but not all of fixed
 * number (a funds type brings 0–2n+1 more fields), so the parser takes them one at a time.
 *
 * A logical record is a physical record plus its `88` continuations. The cursor reads it where it lies in the
 * text, as parts (start, end, how the part joins the one before it), and only makes a string for a field the
 * parser keeps: the hot fields (type code, amount, funds type) are read by index, without a substring.
 *
 * @module
 */

/** The part starts a new field: the one before ended with the `/` delimiter. */
export const JOIN_FIELD = 1;
/**
 * The part goes on with the record, as a new line (the one before neither ended with `/` nor was full): the free
 * text's next line, or, when the line before ended with a complete field, the next field.
 */
export const JOIN_LINE = 2;
/** The part goes on with the same field and the same line: the one before filled the physical record length exactly. */
export const JOIN_FULL = 3;
/**
 * The part goes on with the same line of free text: the one before had exactly 80 characters in a file that declares
 * no record length (NatWest cuts its text at column 80: `CLIE` + `NT SECCY`). Any other field ends with the line
 * before, as after {@link JOIN_LINE}: a record that simply has 80 characters must not have its last amount or funds
 * type joined to the next 88's first field (`0` + `045` made funds type `0045`, and lost the 045 item).
 */
export const JOIN_TEXT_CUT = 4;

/** Whether a field of `length` characters that reaches the end of its part ends there, given the next part's `join`. */
function endsField(join: number, length: number): boolean {
  return join === JOIN_FIELD || ((join === JOIN_LINE || join === JOIN_TEXT_CUT) && length > 0);
}

/** A space or tab around a field. */
function isBlank(c: number): boolean {
  return c === 32 || c === 9;
}

/** A cursor over the fields of a logical record. */
export class Bai2FieldCursor {
  #s = "";
  /** (start, end, join) per part, offsets into {@link #s}; `join` of the first part is unused. */
  #parts: readonly number[] = [];
  #count = 0;
  /** The part being read and the position in it. */
  #part = 0;
  #pos = 0;
  #done = false;

  /** The string the last field lies in ({@link #s}, or a joined copy when it spanned parts) and its bounds there. */
  #src = "";
  #fs = 0;
  #fe = 0;
  /** Whether the last field ran to the end of its part (or past the last one) instead of ending at a comma. */
  #partEnd = false;

  /** Starts reading the record whose parts (triples of start, end and join) lie in `s`. */
  reset(s: string, parts: readonly number[], count: number): this {
    this.#s = s;
    this.#parts = parts;
    this.#count = count;
    this.#part = 0;
    this.#pos = parts[0] ?? 0;
    this.#done = count === 0;
    return this;
  }

  /** True when every field has been read. */
  get done(): boolean {
    return this.#done;
  }

  /**
   * Moves to the next field (past the end: an empty one). Separators are `,` and the start of a part that
   * begins a new field; a field cut across parts that go on with it is joined.
   */
  advance(): void {
    if (this.#done) {
      this.#src = "";
      this.#fs = 0;
      this.#fe = 0;
      this.#partEnd = true;
      return;
    }
    const s = this.#s;
    const parts = this.#parts;
    let pos = this.#pos;
    let end = parts[this.#part * 3 + 1] as number;
    // Records are short: a bounded loop beats indexOf, which would run on into the next records.
    let i = pos;
    while (i < end && s.charCodeAt(i) !== 44 /* , */) i++;
    this.#src = s;
    this.#fs = pos;
    this.#fe = i;
    if (i < end) {
      this.#pos = i + 1;
      this.#partEnd = false;
      this.#trim();
      return;
    }
    this.#partEnd = true;
    // The field runs to the end of its part, whose `/` delimiter is already off. A second one (`16,142,500//`,
    // `03,A,USD//`) ends the record too: no field but the free text (read by restAsLines) holds a slash, and kept,
    // it made the amount `500/` and the currency `USD/`, and lost the entry or the whole account.
    while (this.#fe > pos && s.charCodeAt(this.#fe - 1) === 47 /* / */) this.#fe--;
    this.#trim();
    if (this.#part + 1 >= this.#count) {
      this.#done = true;
      return;
    }
    // BAI2 splits no field but the text between a record and its continuation: a field that ends with its line
    // is complete even without the `/` (`03,111,USD,010` then `88,1000,,/`), and only an empty one (the line
    // ended with `,`) or one cut by the fixed record length goes on in the next part.
    if (endsField(parts[(this.#part + 1) * 3 + 2] as number, i - pos)) {
      this.#part++;
      this.#pos = parts[this.#part * 3] as number;
      return;
    }
    // Rare: the field goes on in the next part (an amount cut by a fixed record length). Join the pieces.
    let text = s.slice(pos, i);
    for (;;) {
      this.#part++;
      pos = parts[this.#part * 3] as number;
      end = parts[this.#part * 3 + 1] as number;
      i = pos;
      while (i < end && s.charCodeAt(i) !== 44) i++;
      text += s.slice(pos, i);
      if (i < end) {
        this.#pos = i + 1;
        this.#partEnd = false;
        break;
      }
      if (this.#part + 1 >= this.#count) {
        this.#done = true;
        break;
      }
      if (endsField(parts[(this.#part + 1) * 3 + 2] as number, text.length)) {
        this.#part++;
        this.#pos = parts[this.#part * 3] as number;
        break;
      }
    }
    this.#src = text;
    this.#fs = 0;
    this.#fe = text.length;
    this.#trim();
  }

  /**
   * Drops the blanks around the current field (`16, 195, 100000`, `03,1, USD`): some banks write a space after
   * each comma, and kept, it made ` USD` an unknown currency and ` 100000` no amount. Bounds only, no string: the
   * field cursor is the hot path. The free text (restAsLines) is not a field and keeps its inner spaces.
   */
  #trim(): void {
    const src = this.#src;
    let fs = this.#fs;
    let fe = this.#fe;
    while (fs < fe && isBlank(src.charCodeAt(fs))) fs++;
    while (fe > fs && isBlank(src.charCodeAt(fe - 1))) fe--;
    this.#fs = fs;
    this.#fe = fe;
  }

  /** The next field's text (`""` for an empty one or past the end). */
  next(): string {
    this.advance();
    return this.text();
  }

  /** The current field's text. */
  text(): string {
    return this.#fe === this.#fs ? "" : this.#src.slice(this.#fs, this.#fe);
  }

  /**
   * Whether the current field ended with its physical record (before its `/` or line end) rather than at a comma:
   * an empty one there is what a trailing comma (`,/`) leaves, not a field the bank wrote.
   */
  get endedPart(): boolean {
    return this.#partEnd;
  }

  /** Length of the current field. */
  get length(): number {
    return this.#fe - this.#fs;
  }

  /** The current field's first character code (-1 when empty). */
  firstChar(): number {
    return this.#fe === this.#fs ? -1 : this.#src.charCodeAt(this.#fs);
  }

  /** The current field as a number of exactly three digits (a type code), or -1. */
  threeDigits(): number {
    if (this.#fe - this.#fs !== 3) return -1;
    const src = this.#src;
    const at = this.#fs;
    const a = src.charCodeAt(at) - 48;
    const b = src.charCodeAt(at + 1) - 48;
    const c = src.charCodeAt(at + 2) - 48;
    if (a < 0 || a > 9 || b < 0 || b > 9 || c < 0 || c > 9) return -1;
    return a * 100 + b * 10 + c;
  }

  /**
   * The current field as an unsigned integer of at most 15 digits (exact in a double), or -1 when it is empty,
   * longer, or not all digits. Longer amounts are read from {@link text}.
   */
  smallInteger(): number {
    const n = this.#fe - this.#fs;
    if (n === 0 || n > 15) return -1;
    const src = this.#src;
    let v = 0;
    for (let i = this.#fs; i < this.#fe; i++) {
      const d = src.charCodeAt(i) - 48;
      if (d < 0 || d > 9) return -1;
      v = v * 10 + d;
    }
    return v;
  }

  /**
   * Everything after the fields read so far, as text lines: the free text of a 16 record, which may hold
   * commas and goes on over 88 records. Each physical part is a line (a part that continues a full one goes on
   * with its line); lines are trimmed and empty ones dropped.
   */
  restAsLines(): string[] {
    if (this.#done) return [];
    const s = this.#s;
    const parts = this.#parts;
    this.#done = true;
    if (this.#count === 1) {
      // One physical line: trim by index and slice once.
      let from = this.#pos;
      let to = parts[1] as number;
      while (from < to && s.charCodeAt(from) <= 32) from++;
      while (to > from && s.charCodeAt(to - 1) <= 32) to--;
      return to > from ? [s.slice(from, to)] : [];
    }
    const lines: string[] = [];
    let line = s.slice(this.#pos, parts[this.#part * 3 + 1] as number);
    for (let p = this.#part + 1; p < this.#count; p++) {
      const piece = s.slice(parts[p * 3] as number, parts[p * 3 + 1] as number);
      const join = parts[p * 3 + 2];
      if (join === JOIN_FULL || join === JOIN_TEXT_CUT) {
        line += piece;
        continue;
      }
      const trimmed = line.trim();
      if (trimmed !== "") lines.push(trimmed);
      line = piece;
    }
    const trimmed = line.trim();
    if (trimmed !== "") lines.push(trimmed);
    // An exact-length copy: a pushed-to array has room for 17, and a whole-file parse keeps one per entry.
    return lines.slice();
  }
}
