/**
 * The part of the input that ends inside an unfinished token, kept until a later chunk finishes it.
 *
 * A naive streaming reader appends each chunk to what is left and parses again from the token's start,
 * which is quadratic when a long token arrives in many small chunks. Here each new chunk is only searched
 * for the token's terminator (a `>` outside quotes, `-->`, `]]>`, `?>`), with the search state kept across
 * chunks, and the pieces are joined once, when the terminator arrives: every code unit is looked at a
 * bounded number of times, whatever the chunking.
 *
 * @module
 */

/** Nothing is carried. */
export const K_NONE = 0;
/** A few code units (an undecided `<!…`, or the end of text: part of a reference, `]`, CR, a high surrogate): joined with the next chunk as is. */
export const K_SHORT = 1;
/** A start or end tag: ends at a `>` outside quotes. */
export const K_TAG = 2;
/** A comment: ends at `-->`. */
export const K_COMMENT = 3;
/** A CDATA section: ends at `]]>`. */
export const K_CDATA = 4;
/** A processing instruction or the XML declaration: ends at `?>`. */
export const K_PI = 5;

/** The terminator searched for, by kind. */
const TERMINATOR = ["", "", ">", "-->", "]]>", "?>"] as const;
/** Length of the opening delimiter, by kind: the terminator is only searched for after it. */
const OPENER = [0, 0, 1, 4, 9, 2] as const;

/** What is carried and how far the terminator search has got. */
export class TokenCarry {
  /** One of the `K_*` kinds. */
  kind = K_NONE;
  /** Total length of the carried pieces. */
  length = 0;
  #parts: string[] = [];
  /** For a tag: the quote character the search is inside, or 0. */
  #quote = 0;
  /** For the other kinds: the last code units searched, in case the terminator straddles two chunks. */
  #tail = "";

  /** Starts carrying `rest`, which begins with an unfinished token of `kind`. */
  start(kind: number, rest: string): void {
    this.kind = kind;
    this.length = rest.length;
    this.#parts = [rest];
    this.#quote = 0;
    this.#tail = "";
    if (kind === K_TAG) this.#scanTag(rest, 1);
    else if (kind !== K_SHORT) {
      const keep = TERMINATOR[kind]!.length - 1;
      this.#tail = rest.slice(Math.max(OPENER[kind]!, rest.length - keep));
    }
  }

  /**
   * The index in `chunk` just after the terminator of the carried token, searching from `from`, or -1 if
   * the chunk does not finish it (the search state is then updated).
   */
  findEnd(chunk: string, from: number): number {
    if (this.kind === K_TAG) return this.#scanTag(chunk, from);
    const terminator = TERMINATOR[this.kind]!;
    const keep = terminator.length - 1;
    const tail = this.#tail;
    const head = tail + chunk.slice(from, from + keep);
    const across = head.indexOf(terminator);
    if (across >= 0) return from + across + terminator.length - tail.length;
    const within = chunk.indexOf(terminator, from);
    if (within >= 0) return within + terminator.length;
    this.#tail = chunk.length - from >= keep ? chunk.slice(chunk.length - keep) : (tail + chunk.slice(from)).slice(-keep);
    return -1;
  }

  /** Adds a piece of input that did not finish the token. */
  push(piece: string): void {
    this.#parts.push(piece);
    this.length += piece.length;
  }

  /**
   * Everything carried followed by `piece`, and stops carrying. The result is a flat string (`join` copies,
   * where `+` would make a rope): the reader's scanning loops then only ever see flat strings, and stay fast.
   */
  take(piece: string): string {
    this.#parts.push(piece);
    const s = this.#parts.join("");
    this.kind = K_NONE;
    this.length = 0;
    this.#parts = [];
    this.#tail = "";
    return s;
  }

  /** Scans `s` from `from` for a `>` outside quotes, keeping the quote state; see {@link findEnd}. */
  #scanTag(s: string, from: number): number {
    let quote = this.#quote;
    for (let k = from; k < s.length; k++) {
      const c = s.charCodeAt(k);
      if (quote !== 0) {
        if (c === quote) quote = 0;
      } else if (c === 0x3e /* > */) {
        this.#quote = 0;
        return k + 1;
      } else if (c === 0x22 || c === 0x27) quote = c;
    }
    this.#quote = quote;
    return -1;
  }
}
