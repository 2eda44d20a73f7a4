/**
 * Text in, lines out: the first stage of the MT940 reader, shared by the whole-document and the streaming
 * parser. CR, LF and CRLF all end a line (jejik `ing-dos` vs `ing-unix`, cmxl `windows-line-breaks`), also when
 * a CRLF is split between two chunks; a missing final line break is fine. The text is never split into an
 * array: each line is a slice handed to `onLine` as it is found, so memory does not grow with the input.
 *
 * @module
 */

/** Longest line passed on; longer ones are cut (no bank writes lines anywhere near this; SWIFT allows 65). */
export const MAX_LINE_CHARS = 65_536;

/** Splits text arriving in chunks into numbered lines. */
export class LineSplitter {
  readonly #onLine: (text: string, line: number) => void;
  readonly #onTooLong: (line: number) => void;
  #carry = "";
  #pendingCr = false;
  #skipRest = false;
  #line = 0;

  /**
   * @param onLine called with each line (without its line break) and its 1-based number
   * @param onTooLong called once for a line longer than {@link MAX_LINE_CHARS}, which is cut
   */
  constructor(onLine: (text: string, line: number) => void, onTooLong: (line: number) => void) {
    this.#onLine = onLine;
    this.#onTooLong = onTooLong;
  }

  /** Feeds the next chunk of text. */
  feed(chunk: string): void {
    let pos = 0;
    if (this.#pendingCr) {
      this.#pendingCr = false;
      if (chunk.charCodeAt(0) === 10) pos = 1;
    }
    const n = chunk.length;
    // Next LF and CR at or after `pos`, recomputed only when passed: each indexOf scans a stretch once.
    let nl = chunk.indexOf("\n", pos);
    let cr = chunk.indexOf("\r", pos);
    while (pos < n) {
      if (nl >= 0 && nl < pos) nl = chunk.indexOf("\n", pos);
      if (cr >= 0 && cr < pos) cr = chunk.indexOf("\r", pos);
      let end: number;
      let next: number;
      if (cr < 0 || (nl >= 0 && nl < cr)) {
        if (nl < 0) break;
        end = nl;
        next = nl + 1;
      } else {
        end = cr;
        if (cr + 1 < n) next = chunk.charCodeAt(cr + 1) === 10 ? cr + 2 : cr + 1;
        else {
          // A CR at the end of the chunk: an LF starting the next chunk belongs to it.
          next = cr + 1;
          this.#pendingCr = true;
        }
      }
      // The end of a line whose start was already passed on as too long: nothing more to pass on.
      if (this.#skipRest) this.#skipRest = false;
      else this.#emit(this.#carry === "" ? chunk.slice(pos, end) : this.#carry + chunk.slice(pos, end));
      this.#carry = "";
      pos = next;
    }
    if (pos < n) this.#hold(chunk.slice(pos));
  }

  /** Ends the text: the last line, if it had no line break, is passed on. */
  end(): void {
    if (this.#carry !== "" && !this.#skipRest) this.#emit(this.#carry);
    this.#carry = "";
    this.#skipRest = false;
  }

  #hold(rest: string): void {
    if (this.#skipRest) return;
    this.#carry += rest;
    if (this.#carry.length > MAX_LINE_CHARS) {
      // Pass the start on now and drop the rest of this line, so one endless line cannot fill memory.
      this.#emit(this.#carry);
      this.#carry = "";
      this.#skipRest = true;
    }
  }

  #emit(text: string): void {
    this.#line++;
    if (text.length > MAX_LINE_CHARS) {
      this.#onTooLong(this.#line);
      this.#onLine(text.slice(0, MAX_LINE_CHARS), this.#line);
    } else this.#onLine(text, this.#line);
  }
}
