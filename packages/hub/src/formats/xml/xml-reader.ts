/**
 * A safe, streaming XML reader for bank documents (ISO 20022 camt, OFX 2.x): a push parser over decoded
 * text that calls a handler for start tags, text and end tags.
 *
 * Safety: any DTD is refused (`XML_DTD_FORBIDDEN`), so no entity can be declared, expanded or fetched;
 * only the five predefined entities and character references exist. Depth, text, tag and attribute limits
 * are checked while scanning, so a hostile document fails after bounded work and memory. Nothing recurses
 * on nesting depth.
 *
 * Speed: one pass of `charCodeAt` over the text with table lookups, no regular expressions on the hot
 * path, strings made only for names (interned) and values that are delivered, and no object per event
 * except the attributes of elements that have some.
 *
 * This file is larger than our usual: the scanning loops share the reader's private state, and splitting
 * them across files would turn that state into public fields.
 *
 * @module
 */
import type { HubError } from "../../core/errors.js";
import {
  isNonCharacterAt,
  N_CHAR,
  N_CHECK,
  N_START,
  N_SURROGATE,
  NAME_CLASS,
  T_AMP,
  T_BYTE,
  T_CR,
  T_HIGH,
  T_INVALID,
  T_LF,
  T_LOW,
  T_LT,
  T_PLAIN,
  T_QUOTE,
  T_RSQB,
  TEXT_CLASS,
  UTF8_BYTES_NAME_CLASS,
  UTF8_BYTES_TEXT_CLASS,
} from "./char-tables.js";
import { parseDeclaration } from "./declaration.js";
import { decodeText, normalizeLineEnds, REF_BAD_CHAR, REF_INCOMPLETE, REF_UNKNOWN, scanReference } from "./references.js";
import { K_CDATA, K_COMMENT, K_NONE, K_PI, K_SHORT, K_TAG, TokenCarry } from "./token-carry.js";
import type { XmlAttributes, XmlDeclaration, XmlHandler, XmlPosition, XmlReader, XmlReaderOptions } from "./types.js";
import { decodeUtf8Bytes, hasHighByte } from "./utf8-bytes.js";
import { LazyAttributes } from "./xml-attributes.js";
import { quoted, type XmlErrorCode, xmlError } from "./xml-error.js";

/** Default of {@link XmlReaderOptions.maxDepth}. */
export const DEFAULT_MAX_DEPTH = 256;
/** Default of {@link XmlReaderOptions.maxTextLength}: 1 MiB of UTF-16 code units. */
export const DEFAULT_MAX_TEXT_LENGTH = 1_048_576;
/** Default of {@link XmlReaderOptions.maxTagLength}. */
export const DEFAULT_MAX_TAG_LENGTH = 65_536;
/** Default of {@link XmlReaderOptions.maxAttributes}. */
export const DEFAULT_MAX_ATTRIBUTES = 256;

/** Slots of the element-name cache (a power of two). A camt schema has a few hundred names. */
const NAME_CACHE_SIZE = 2048;
/** How much of the next chunk is joined to a short carry (longer than any reference accepted, `MAX_REFERENCE_LENGTH`). */
const SHORT_HEAD = 64;
/** Longer names are not cached: real ones are short, and the cache should not hold large strings. */
const MAX_CACHED_NAME = 64;

const OPEN = 0;
const ENDED = 1;
const FAILED = 2;

/**
 * Creates a streaming XML reader that calls `handler` as it reads.
 *
 * @param handler receives the document's events, see {@link XmlHandler}.
 * @param options limits and delivery choices, see {@link XmlReaderOptions}.
 * @example
 * const reader = createXmlReader(handler, { localNames: true });
 * const decoder = new TextDecoder("utf-8", { fatal: true });
 * for await (const bytes of stream) reader.write(decoder.decode(bytes, { stream: true }));
 * reader.write(decoder.decode());
 * reader.end();
 */
export function createXmlReader(handler: XmlHandler, options: XmlReaderOptions = {}): XmlReader {
  return new Reader(handler, options);
}

/**
 * Reads a whole document held in one string.
 *
 * @returns the XML declaration, or `undefined` if the document has none.
 * @example const declaration = readXml(text, handler); // declaration?.encoding === "UTF-8"
 */
export function readXml(text: string, handler: XmlHandler, options: XmlReaderOptions = {}): XmlDeclaration | undefined {
  const reader = new Reader(handler, options);
  reader.write(text);
  reader.end();
  return reader.declaration;
}

/**
 * The local part of a qualified name: `Ntry` for `ns2:Ntry`, the name itself when it has no prefix.
 *
 * @example localName("ns2:Ntry") === "Ntry"
 */
export function localName(name: string): string {
  const colon = name.indexOf(":");
  return colon < 0 ? name : name.slice(colon + 1);
}

/**
 * Whether `s` has `name` at `at` (which the caller knows fits). For names of a few characters this loop is
 * faster than `startsWith`, a call into the runtime.
 */
function sameAt(s: string, at: number, name: string): boolean {
  for (let k = 0; k < name.length; k++) if (s.charCodeAt(at + k) !== name.charCodeAt(k)) return false;
  return true;
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d;
}

function isAllSpace(s: string): boolean {
  for (let k = 0; k < s.length; k++) if (!isSpace(s.charCodeAt(k))) return false;
  return true;
}

/**
 * A flat copy of `name`. V8 makes a slice of 13 or more code units a view into its parent string, and a
 * cached name must not keep the chunk it was cut from alive for the reader's lifetime.
 */
function ownCopy(name: string): string {
  return name.length < 13 ? name : name.split("").join("");
}

/**
 * A copy of `text` that shares no characters with the string it was cut from. Flattening a fresh rope copies the
 * characters; the slice after the leading space then points into that copy, not into the chunk.
 */
function flatCopy(text: string): string {
  return ` ${text}`.slice(1);
}

class Reader implements XmlReader {
  readonly #handler: XmlHandler;
  readonly #maxDepth: number;
  readonly #maxText: number;
  readonly #maxTag: number;
  readonly #maxAttributes: number;
  readonly #keepWhitespace: boolean;
  readonly #localNames: boolean;
  /** The text is UTF-8 bytes one per character ({@link XmlReaderOptions.utf8Bytes}); `#textClass` knows their bytes 80–FF. */
  readonly #utf8: boolean;
  readonly #textClass: Uint8Array;
  readonly #nameClass: Uint8Array;
  /** Delivered text is a flat copy, never a V8 slice of the chunk ({@link XmlReaderOptions.ownText}). */
  readonly #ownText: boolean;
  /** White space before the declaration and NULs after the root are skipped ({@link XmlReaderOptions.padding}). */
  readonly #padding: boolean;

  /** Offset in the document of index 0 of the string being read. */
  #base = 0;
  /** Current line, and the document offset where it starts. */
  #line = 1;
  #lineStart = 0;
  /** Where the event being delivered is (see {@link position}). */
  #eventOffset = 0;
  #eventLine = 1;
  #eventLineStart = 0;
  /** 1 if the document starts with a byte order mark, which the XML declaration may follow. */
  #bom = 0;
  /** Document offset of the first NUL after the root element (-1: none), and the line it is on and where that starts. */
  #padStart = -1;
  #padLine = 0;
  #padLineStart = 0;

  /** Names of the open elements, as written; `#emitted` holds what `open` was given, when that differs. */
  readonly #stack: string[] = [];
  readonly #emitted: string[] = [];
  #depth = 0;
  #rootSeen = false;

  /** The text run so far (decoded), its length as written, and whether it has more than white space. */
  #text = "";
  #textLength = 0;
  #textContent = false;

  /** The unfinished token at the end of the input, and where in the string being read it starts. */
  readonly #carry = new TokenCarry();
  #carryAt = 0;
  #pendingKind = K_NONE;

  /** Results of {@link scanAttributes}. */
  #attrCount = 0;
  #attrEnd = 0;
  #selfClosing = false;
  /** Start and end of each attribute name of the current tag, for the duplicate check. */
  #spans = new Int32Array(32);

  /** Interned element names, by hash, with their local names. */
  readonly #names: (string | undefined)[] = new Array(NAME_CACHE_SIZE).fill(undefined);
  readonly #locals: string[] = new Array(NAME_CACHE_SIZE).fill("");
  /** The local name of the name {@link intern} returned last. */
  #local = "";

  #declaration: XmlDeclaration | undefined;
  #state = OPEN;
  #failure: unknown;

  constructor(handler: XmlHandler, options: XmlReaderOptions) {
    this.#handler = handler;
    this.#maxDepth = limit(options.maxDepth, DEFAULT_MAX_DEPTH, "maxDepth");
    this.#maxText = limit(options.maxTextLength, DEFAULT_MAX_TEXT_LENGTH, "maxTextLength");
    this.#maxTag = limit(options.maxTagLength, DEFAULT_MAX_TAG_LENGTH, "maxTagLength");
    this.#maxAttributes = limit(options.maxAttributes, DEFAULT_MAX_ATTRIBUTES, "maxAttributes");
    this.#keepWhitespace = options.keepWhitespace ?? false;
    this.#localNames = options.localNames ?? false;
    this.#utf8 = options.utf8Bytes ?? false;
    this.#ownText = options.ownText ?? false;
    this.#padding = options.padding ?? false;
    this.#textClass = this.#utf8 ? UTF8_BYTES_TEXT_CLASS : TEXT_CLASS;
    this.#nameClass = this.#utf8 ? UTF8_BYTES_NAME_CLASS : NAME_CLASS;
  }

  get declaration(): XmlDeclaration | undefined {
    return this.#declaration;
  }

  get depth(): number {
    return this.#depth;
  }

  position(): XmlPosition {
    return { offset: this.#eventOffset, line: this.#eventLine, column: this.#eventOffset - this.#eventLineStart + 1 };
  }

  write(chunk: string): void {
    this.#guard();
    try {
      let from = 0;
      const carry = this.#carry;
      // Finish a carried token first, from a string that holds just that token (the carry joined with the
      // start of the chunk). The rest of the chunk is then read in place: a joined string is a rope in V8,
      // and reading a whole chunk through one is much slower than reading the chunk itself.
      while (carry.kind !== K_NONE && from < chunk.length) {
        if (carry.kind === K_SHORT) {
          // At most a reference's length: a small head of the chunk finishes it, or shows what it starts.
          let to = Math.min(chunk.length, from + SHORT_HEAD);
          // Read as UTF-8 bytes, the head must not end inside a character: the text after the carried token is
          // decoded up to the head's end, and the rest of the chunk must start on a character.
          if (this.#utf8) while (to < chunk.length && chunk.charCodeAt(to) >> 6 === 2) to++;
          this.#run(carry.take(chunk.slice(from, to)), 0);
          from = to;
          continue;
        }
        const end = carry.findEnd(chunk, from);
        if (end < 0) {
          carry.push(from === 0 ? chunk : chunk.slice(from));
          // Past its limit the token can only be an error: read what is carried to report the right one
          // (a malformed part may come before the limit), once, instead of carrying on.
          const max = carry.kind === K_TAG ? this.#maxTag : this.#maxText + 16;
          if (carry.length > max) this.#run(carry.take(""), 0);
          return;
        }
        this.#run(carry.take(chunk.slice(from, end)), 0);
        from = end;
      }
      if (from < chunk.length) {
        this.#base -= from;
        this.#run(chunk, from);
      }
    } catch (error) {
      this.#state = FAILED;
      this.#failure = error;
      throw error;
    }
  }

  end(): void {
    this.#guard();
    try {
      const carry = this.#carry;
      if (carry.kind !== K_NONE) {
        const rest = carry.take("");
        if (isAllSpace(rest)) this.#base += rest.length;
        else {
          // Read what is left as a whole read would, so that an error inside it (before the missing end)
          // is reported as such, at the same place, whatever the chunking was.
          this.#run(rest, 0);
          if (carry.kind !== K_NONE) {
            const kind = carry.kind;
            const left = carry.take("");
            const what = kind === K_SHORT ? (left.startsWith("<") ? "markup" : "text") : KIND_NAME[kind];
            throw this.#error("XML_MALFORMED", `the document ends inside ${what} ${quoted(left, 20)}`, 0);
          }
        }
      }
      if (!this.#rootSeen) throw this.#error("XML_MALFORMED", "the document has no root element", 0);
      if (this.#depth > 0) {
        const open = this.#stack[this.#depth - 1]!;
        throw this.#error("XML_MALFORMED", `the document ends before the element <${open}> is closed`, 0);
      }
      const pad = this.#padStart;
      if (pad >= 0) {
        this.#handler.padding?.("trailing", this.#base - pad, { offset: pad, line: this.#padLine, column: pad - this.#padLineStart + 1 });
      }
      this.#state = ENDED;
    } catch (error) {
      this.#state = FAILED;
      this.#failure = error;
      throw error;
    }
  }

  #guard(): void {
    if (this.#state === FAILED) throw this.#failure;
    if (this.#state === ENDED) throw new Error("XML reader: write() or end() called after end()");
  }

  /**
   * Reads `s` from index `from` as far as it goes, carrying an unfinished token at its end. Index 0 of `s`
   * is at document offset `#base`; afterwards `#base` is the offset where reading stopped.
   */
  #run(s: string, from: number): void {
    const n = s.length;
    let i = from;
    if (this.#base + i === 0 && i < n && s.charCodeAt(i) === 0xfeff) {
      i++;
      this.#bom = 1;
    }
    // Once NUL padding has begun, the rest of the document must be padding too.
    if (this.#padStart >= 0) i = this.#trailing(s, i);
    while (i < n) {
      let next: number;
      if (s.charCodeAt(i) === 0x3c /* < */) {
        const c = i + 1 < n ? s.charCodeAt(i + 1) : -1;
        if (c === 0x2f /* / */) next = this.#closeTag(s, i);
        else if (c === 0x21 /* ! */) next = this.#bang(s, i);
        else if (c === 0x3f /* ? */) next = this.#instruction(s, i);
        else if (c >= 0) next = this.#openTag(s, i);
        else next = this.#incomplete(K_SHORT, i);
      } else next = this.#textSegment(s, i);
      if (next < 0) break;
      i = next;
    }
    if (i >= n) {
      this.#base += n;
      return;
    }
    const at = this.#carryAt;
    this.#carry.start(this.#pendingKind, s.slice(at));
    this.#base += at;
  }

  /** Stops reading: the token of `kind` starting at `at` needs more input. */
  #incomplete(kind: number, at: number): number {
    this.#pendingKind = kind;
    this.#carryAt = at;
    return -1;
  }

  /** Character data from `i` up to the next `<`, or the end of the input. */
  #textSegment(s: string, i: number): number {
    const n = s.length;
    const start = i;
    const table = this.#textClass;
    let decode = false;
    let utf8 = false;
    let c = s.charCodeAt(i);
    // Leading white space first: between elements it is all there is (line breaks and indentation). Spaces
    // are nearly half of a pretty-printed document, so a run of them gets a loop that tests nothing else.
    for (;;) {
      if (c === 0x20) {
        do c = ++i < n ? s.charCodeAt(i) : -1;
        while (c === 0x20);
        continue;
      }
      if (c === 0x0a) {
        this.#line++;
        this.#lineStart = this.#base + i + 1;
      } else if (c === 0x0d) decode = true;
      else if (c !== 0x09) break;
      c = ++i < n ? s.charCodeAt(i) : -1;
    }
    if (i - start + this.#textLength > this.#maxText) throw this.#tooLarge("text node", start);
    if (c === 0x3c) {
      // Indentation before a tag, with no text before it: nothing to deliver or keep. Before a comment,
      // CDATA or PI the run goes on, and the white space may turn out to belong to text.
      if (this.#textLength === 0 && !this.#keepWhitespace) {
        const next = i + 1 < n ? s.charCodeAt(i + 1) : -1;
        if (next !== 0x21 && next !== 0x3f && next >= 0) return i;
      }
      this.#append(s, start, i, decode, false);
      return i;
    }
    if (i >= n) {
      // A final CR waits for the next chunk, which may start with the LF of a CR LF pair.
      const end = s.charCodeAt(n - 1) === 0x0d ? n - 1 : n;
      this.#append(s, start, end, decode, false);
      return end === n ? n : this.#incomplete(K_SHORT, end);
    }
    if (this.#depth === 0) {
      if (c === 0 && this.#rootSeen && this.#padding) return this.#trailing(s, i);
      const where = this.#rootSeen ? "after the root element" : "before the root element";
      throw this.#error("XML_MALFORMED", `text ${where} is not allowed`, i);
    }
    // Text that starts with a reference may still be white space (`&#32;`): #append decides from the decoded value.
    if (c !== 0x26) this.#textContent = true;
    const cap = start + (this.#maxText - this.#textLength) + 1;
    const lim = Math.min(cap, n);
    for (;;) {
      let t = T_PLAIN;
      for (; i < lim; i++) {
        t = table[s.charCodeAt(i)]!;
        if (t !== T_PLAIN) break;
      }
      if (i >= lim) {
        if (i >= cap) throw this.#tooLarge("text node", start);
        this.#append(s, start, n, decode, utf8);
        return n;
      }
      switch (t) {
        case T_LT:
          this.#append(s, start, i, decode, utf8);
          return i;
        case T_BYTE:
          if (isNonCharacterAt(s, i)) throw this.#badChar(s, i);
          utf8 = true;
          i++;
          break;
        case T_AMP: {
          const r = scanReference(s, i, n);
          if (r >= 0) {
            decode = true;
            i = r;
          } else if (r === REF_INCOMPLETE) {
            this.#append(s, start, i, decode, utf8);
            return this.#incomplete(K_SHORT, i);
          } else throw this.#referenceError(r, s, i);
          break;
        }
        case T_LF:
          this.#line++;
          this.#lineStart = this.#base + i + 1;
          i++;
          break;
        case T_CR:
          if (i + 1 >= n) {
            this.#append(s, start, i, decode, utf8);
            return this.#incomplete(K_SHORT, i);
          }
          decode = true;
          i++;
          break;
        case T_HIGH:
          if (i + 1 >= n) {
            this.#append(s, start, i, decode, utf8);
            return this.#incomplete(K_SHORT, i);
          }
          if (TEXT_CLASS[s.charCodeAt(i + 1)] !== T_LOW) throw this.#badChar(s, i);
          i += 2;
          break;
        case T_LOW:
        case T_INVALID:
          throw this.#badChar(s, i);
        case T_RSQB:
          // "]]>" may not appear in text (it would look like the end of a CDATA section).
          if (i + 1 >= n || (s.charCodeAt(i + 1) === 0x5d && i + 2 >= n)) {
            this.#append(s, start, i, decode, utf8);
            return this.#incomplete(K_SHORT, i);
          }
          if (s.charCodeAt(i + 1) === 0x5d && s.charCodeAt(i + 2) === 0x3e) {
            throw this.#error("XML_MALFORMED", '"]]>" is not allowed in text', i);
          }
          i++;
          break;
        default:
          i++;
      }
    }
  }

  /**
   * NUL padding after the root element, from `i` (its first NUL, or the start of a chunk after it) to the end of `s`:
   * only NULs and white space, counting lines for the positions of errors after it.
   */
  #trailing(s: string, i: number): number {
    if (this.#padStart < 0) {
      this.#padStart = this.#base + i;
      this.#padLine = this.#line;
      this.#padLineStart = this.#lineStart;
    }
    const n = s.length;
    for (; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c === 0x0a) this.#newline(i);
      else if (c !== 0 && c !== 0x20 && c !== 0x09 && c !== 0x0d) {
        throw this.#error(
          "XML_MALFORMED",
          `${quoted(s.charAt(i))} after the NUL padding that follows the root element is not allowed: only NULs and white space may follow it`,
          i,
        );
      }
    }
    return n;
  }

  /**
   * Adds `s[from, to)` (as written) to the text run: with references and line ends replaced if `decode`, and
   * decoded from UTF-8 bytes first if `utf8` (it has some above ASCII; references are ASCII and unchanged by that).
   */
  #append(s: string, from: number, to: number, decode: boolean, utf8: boolean): void {
    if (to === from) return;
    let value: string;
    if (utf8) {
      const text = decodeUtf8Bytes(s.slice(from, to));
      value = decode ? decodeText(text, 0, text.length, false) : text;
    } else value = decode ? decodeText(s, from, to, false) : s.slice(from, to);
    if (decode && !this.#textContent && !isAllSpace(value)) this.#textContent = true;
    this.#text = this.#textLength === 0 ? value : this.#text + value;
    this.#textLength += to - from;
  }

  /** Delivers the text run, if it is inside the root and more than white space (or white space is kept), and starts a new one. */
  #flushText(): void {
    const text = this.#text;
    const deliver = (this.#textContent || this.#keepWhitespace) && this.#depth > 0;
    this.#text = "";
    this.#textLength = 0;
    this.#textContent = false;
    if (deliver) this.#handler.text(this.#ownText && text.length >= 13 ? flatCopy(text) : text);
  }

  /** A start tag or empty-element tag at `i`. */
  #openTag(s: string, i: number): number {
    const n = s.length;
    const cap = i + this.#maxTag;
    const lim = Math.min(cap, n);
    const names = this.#nameClass;
    let j = i + 1;
    let c = s.charCodeAt(j);
    let flags = names[c]!;
    if ((flags & N_START) === 0) throw this.#error("XML_MALFORMED", `${quoted(s.charAt(j))} cannot start an element name`, j);
    let hash = c;
    for (j++; j < lim; j++) {
      c = s.charCodeAt(j);
      const f = names[c]!;
      if ((f & N_CHAR) === 0) break;
      flags |= f;
      hash = (hash * 31 + c) | 0;
    }
    if (j >= lim) return this.#tagCut(i, cap, n);
    if ((flags & N_CHECK) !== 0) this.#checkName(s, i + 1, j, flags);
    const line = this.#line;
    const lineStart = this.#lineStart;
    let attributes: XmlAttributes | undefined;
    let end: number;
    let empty = false;
    if (c === 0x3e /* > */) end = j + 1;
    else if (c === 0x2f /* / */) {
      if (j + 1 >= lim) return this.#tagCut(i, cap, n);
      if (s.charCodeAt(j + 1) !== 0x3e) throw this.#error("XML_MALFORMED", "expected '>' after '/' in a tag", j + 1);
      end = j + 2;
      empty = true;
    } else if (isSpace(c)) {
      end = this.#scanAttributes(s, i, j, lim, cap);
      if (end < 0) return end;
      empty = this.#selfClosing;
      if (this.#attrCount > 0) attributes = new LazyAttributes(s.slice(j, this.#attrEnd), this.#attrCount, this.#utf8);
    } else throw this.#error("XML_MALFORMED", `${quoted(s.charAt(j))} is not allowed in a start tag`, j);

    const name = this.#intern(s, i + 1, j, hash);
    this.#eventOffset = this.#base + i;
    this.#eventLine = line;
    this.#eventLineStart = lineStart;
    if (this.#textLength !== 0) this.#flushText();
    const depth = this.#depth;
    if (depth === 0) {
      if (this.#rootSeen) throw this.#eventError("XML_MALFORMED", `a second root element <${name}> is not allowed`);
      this.#rootSeen = true;
    }
    if (depth >= this.#maxDepth) {
      throw this.#eventError("XML_TOO_DEEP", `elements are nested deeper than ${this.#maxDepth} levels`);
    }
    const emitted = this.#localNames ? this.#local : name;
    this.#handler.open(emitted, attributes);
    if (empty) this.#handler.close(emitted);
    else {
      this.#stack[depth] = name;
      if (this.#localNames) this.#emitted[depth] = emitted;
      this.#depth = depth + 1;
    }
    return this.#skipIndentation(s, end);
  }

  /**
   * Where reading goes on after a tag that ends at `end`: past the white space that follows when a tag comes next
   * (indentation, which is no text node), else `end` itself, and `#textSegment` reads what follows. Most of a
   * pretty-printed document is that white space; reading it here saves a turn of the main loop per tag. Lines are
   * counted only when the white space is skipped, so that the fallback counts them once.
   */
  #skipIndentation(s: string, end: number): number {
    if (this.#keepWhitespace) return end;
    const n = s.length;
    let i = end;
    let lines = 0;
    let lineStart = 0;
    let c = i < n ? s.charCodeAt(i) : -1;
    for (;;) {
      if (c === 0x20) {
        do c = ++i < n ? s.charCodeAt(i) : -1;
        while (c === 0x20);
        continue;
      }
      if (c === 0x0a) {
        lines++;
        lineStart = i + 1;
      } else if (c !== 0x09) break;
      c = ++i < n ? s.charCodeAt(i) : -1;
    }
    // A CR, text, the end of the input, a run over the text limit, or white space before a comment, CDATA section or
    // processing instruction (which may turn out to be text): `#textSegment` decides, as for any text.
    if (c !== 0x3c || i + 1 >= n || i - end > this.#maxText) return end;
    const next = s.charCodeAt(i + 1);
    if (next === 0x21 || next === 0x3f) return end;
    if (lines > 0) {
      this.#line += lines;
      this.#lineStart = this.#base + lineStart;
    }
    return i;
  }

  /** The element name `s[from, to)`, from the cache when it was seen before (no new string, one instance per name). */
  #intern(s: string, from: number, to: number, hash: number): string {
    const length = to - from;
    if (length > MAX_CACHED_NAME) {
      const name = s.slice(from, to);
      if (this.#localNames) this.#local = localName(name);
      return name;
    }
    const slot = hash & (NAME_CACHE_SIZE - 1);
    const cached = this.#names[slot];
    if (cached !== undefined && cached.length === length && sameAt(s, from, cached)) {
      if (this.#localNames) this.#local = this.#locals[slot]!;
      return cached;
    }
    const name = ownCopy(s.slice(from, to));
    this.#names[slot] = name;
    if (this.#localNames) {
      this.#local = localName(name);
      this.#locals[slot] = this.#local;
    }
    return name;
  }

  /**
   * Validates the attributes of the start tag at `tagStart`, from `j` (white space after the name), without
   * making strings. Sets {@link #attrCount}, {@link #attrEnd}, {@link #selfClosing}.
   *
   * @returns the index after the tag, or -1 when the input ends first.
   */
  #scanAttributes(s: string, tagStart: number, j: number, lim: number, cap: number): number {
    const n = s.length;
    const table = this.#textClass;
    const names = this.#nameClass;
    const line = this.#line;
    const lineStart = this.#lineStart;
    let count = 0;
    let k = j;
    for (;;) {
      let c = k < lim ? s.charCodeAt(k) : -1;
      const spaceStart = k;
      while (k < lim && isSpace(c)) {
        if (c === 0x0a) this.#newline(k);
        c = ++k < lim ? s.charCodeAt(k) : -1;
      }
      if (k >= lim) return this.#tagCut(tagStart, cap, n, line, lineStart);
      if (c === 0x3e || c === 0x2f) {
        if (c === 0x2f) {
          if (k + 1 >= lim) return this.#tagCut(tagStart, cap, n, line, lineStart);
          if (s.charCodeAt(k + 1) !== 0x3e) throw this.#error("XML_MALFORMED", "expected '>' after '/' in a tag", k + 1);
        }
        this.#attrCount = count;
        this.#attrEnd = k;
        this.#selfClosing = c === 0x2f;
        return c === 0x2f ? k + 2 : k + 1;
      }
      if (k === spaceStart) throw this.#error("XML_MALFORMED", "attributes must be separated by white space", k);
      let flags = names[c]!;
      if ((flags & N_START) === 0) {
        throw this.#error("XML_MALFORMED", `${quoted(s.charAt(k))} is not allowed in a start tag`, k);
      }
      const nameStart = k;
      for (k++; k < lim; k++) {
        const f = names[s.charCodeAt(k)]!;
        if ((f & N_CHAR) === 0) break;
        flags |= f;
      }
      if (k >= lim) return this.#tagCut(tagStart, cap, n, line, lineStart);
      if ((flags & N_CHECK) !== 0) this.#checkName(s, nameStart, k, flags);
      if (count === this.#maxAttributes) {
        throw this.#error("XML_TAG_TOO_LARGE", `an element has more than ${this.#maxAttributes} attributes`, nameStart);
      }
      this.#recordAttribute(s, nameStart, k, count);
      count++;
      c = s.charCodeAt(k);
      while (k < lim && isSpace(c)) {
        if (c === 0x0a) this.#newline(k);
        c = ++k < lim ? s.charCodeAt(k) : -1;
      }
      if (k >= lim) return this.#tagCut(tagStart, cap, n, line, lineStart);
      if (c !== 0x3d /* = */) {
        throw this.#error("XML_MALFORMED", `expected '=' after the attribute name ${quoted(s.slice(nameStart, k))}`, k);
      }
      c = ++k < lim ? s.charCodeAt(k) : -1;
      while (k < lim && isSpace(c)) {
        if (c === 0x0a) this.#newline(k);
        c = ++k < lim ? s.charCodeAt(k) : -1;
      }
      if (k >= lim) return this.#tagCut(tagStart, cap, n, line, lineStart);
      if (c !== 0x22 && c !== 0x27) throw this.#error("XML_MALFORMED", "an attribute value must be in quotes", k);
      const quote = c;
      const valueStart = ++k;
      // The value may be no longer than maxTextLength, nor run past the tag's limit: whichever comes first.
      const valueCap = valueStart + this.#maxText + 1;
      const valueLim = Math.min(valueCap, lim);
      for (;;) {
        let t = T_PLAIN;
        for (; k < valueLim; k++) {
          t = table[s.charCodeAt(k)]!;
          if (t !== T_PLAIN) break;
        }
        if (k >= valueLim) {
          if (k >= valueCap) throw this.#tooLarge("attribute value", valueStart);
          return this.#tagCut(tagStart, cap, n, line, lineStart);
        }
        if (t === T_QUOTE) {
          if (s.charCodeAt(k) === quote) break;
          k++;
        } else if (t === T_LT) throw this.#error("XML_MALFORMED", "'<' is not allowed in an attribute value", k);
        else if (t === T_AMP) {
          const r = scanReference(s, k, lim);
          if (r >= 0) k = r;
          else if (r === REF_INCOMPLETE) return this.#tagCut(tagStart, cap, n, line, lineStart);
          else throw this.#referenceError(r, s, k);
        } else if (t === T_LF) {
          this.#newline(k);
          k++;
        } else if (t === T_HIGH) {
          if (k + 1 >= lim) return this.#tagCut(tagStart, cap, n, line, lineStart);
          if (TEXT_CLASS[s.charCodeAt(k + 1)] !== T_LOW) throw this.#badChar(s, k);
          k += 2;
        } else if (t === T_LOW || t === T_INVALID || (t === T_BYTE && isNonCharacterAt(s, k))) throw this.#badChar(s, k);
        else k++;
      }
      k++;
    }
  }

  /** Keeps the span of an attribute name, refusing a name the tag already has. */
  #recordAttribute(s: string, from: number, to: number, count: number): void {
    let spans = this.#spans;
    if (2 * count + 2 > spans.length) {
      spans = new Int32Array(spans.length * 2);
      spans.set(this.#spans);
      this.#spans = spans;
    }
    const length = to - from;
    for (let a = 0; a < count; a++) {
      const other = spans[2 * a]!;
      if (spans[2 * a + 1]! - other !== length) continue;
      let same = true;
      for (let x = 0; x < length && same; x++) same = s.charCodeAt(other + x) === s.charCodeAt(from + x);
      if (same) throw this.#error("XML_MALFORMED", `duplicate attribute ${quoted(s.slice(from, to))}`, from);
    }
    spans[2 * count] = from;
    spans[2 * count + 1] = to;
  }

  /**
   * The tag at `tagStart` reached the end of the input or its length limit before its `>`: the first means
   * wait for more input (lines counted inside it are uncounted, as it will be read again), the second is an error.
   */
  #tagCut(tagStart: number, cap: number, n: number, line = this.#line, lineStart = this.#lineStart): number {
    this.#line = line;
    this.#lineStart = lineStart;
    if (cap < n) throw this.#error("XML_TAG_TOO_LARGE", `a tag is longer than ${this.#maxTag} characters`, tagStart);
    return this.#incomplete(K_TAG, tagStart);
  }

  /** An end tag at `i`. */
  #closeTag(s: string, i: number): number {
    const depth = this.#depth;
    if (depth === 0) throw this.#error("XML_MALFORMED", "an end tag without a matching start tag", i);
    const name = this.#stack[depth - 1]!;
    const line = this.#line;
    const lineStart = this.#lineStart;
    let end = i + 2 + name.length;
    if (end >= s.length || s.charCodeAt(end) !== 0x3e || !sameAt(s, i + 2, name)) {
      end = this.#closeTagSlow(s, i, name);
      if (end < 0) return end;
    }
    this.#eventOffset = this.#base + i;
    this.#eventLine = line;
    this.#eventLineStart = lineStart;
    if (this.#textLength !== 0) this.#flushText();
    this.#depth = depth - 1;
    this.#handler.close(this.#localNames ? this.#emitted[depth - 1]! : name);
    return this.#skipIndentation(s, end + 1);
  }

  /** An end tag that is not exactly `</name>`: white space before `>`, a mismatch, or cut by the end of the input. Returns the index of its `>`. */
  #closeTagSlow(s: string, i: number, expected: string): number {
    const n = s.length;
    const cap = i + this.#maxTag;
    const lim = Math.min(cap, n);
    let k = i + 2;
    if (k >= lim) return this.#tagCut(i, cap, n);
    const names = this.#nameClass;
    let flags = names[s.charCodeAt(k)]!;
    if ((flags & N_START) === 0) throw this.#error("XML_MALFORMED", "expected an element name after '</'", k);
    for (k++; k < lim; k++) {
      const f = names[s.charCodeAt(k)]!;
      if ((f & N_CHAR) === 0) break;
      flags |= f;
    }
    if (k >= lim) return this.#tagCut(i, cap, n);
    if (k - i - 2 !== expected.length || !s.startsWith(expected, i + 2)) {
      const found = s.slice(i + 2, k);
      throw this.#error("XML_MALFORMED", `the end tag </${found}> does not match the start tag <${expected}>`, i);
    }
    const line = this.#line;
    const lineStart = this.#lineStart;
    let c = k < lim ? s.charCodeAt(k) : -1;
    while (k < lim && isSpace(c)) {
      if (c === 0x0a) this.#newline(k);
      c = ++k < lim ? s.charCodeAt(k) : -1;
    }
    if (k >= lim) return this.#tagCut(i, cap, n, line, lineStart);
    if (c !== 0x3e) throw this.#error("XML_MALFORMED", `expected '>' to end </${expected}>`, k);
    return k;
  }

  /** `<!`: a comment, a CDATA section, or a refused declaration. */
  #bang(s: string, i: number): number {
    const n = s.length;
    if (i + 2 >= n) return this.#incomplete(K_SHORT, i);
    const c = s.charCodeAt(i + 2);
    if (c === 0x2d /* - */) {
      if (i + 3 >= n) return this.#incomplete(K_SHORT, i);
      if (s.charCodeAt(i + 3) !== 0x2d) throw this.#error("XML_MALFORMED", "expected '<!--' to start a comment", i);
      return this.#comment(s, i);
    }
    if (c === 0x5b /* [ */) {
      if (n - i < 9) {
        if ("<![CDATA[".startsWith(s.slice(i))) return this.#incomplete(K_SHORT, i);
      } else if (s.startsWith("<![CDATA[", i)) return this.#cdata(s, i);
      throw this.#error("XML_MALFORMED", "expected '<![CDATA[' to start a CDATA section", i);
    }
    if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) {
      // <!DOCTYPE, or a markup declaration (<!ENTITY…) outside one. Bank XML has no DTD; a DTD is what
      // external entities (XXE) and entity expansion ("billion laughs") need, so none is read at all.
      throw this.#error(
        "XML_DTD_FORBIDDEN",
        "a document type declaration (<!DOCTYPE …>) or markup declaration is not accepted: bank XML has none",
        i,
      );
    }
    throw this.#error("XML_MALFORMED", `${quoted(s.slice(i, i + 3))} starts no XML construct`, i);
  }

  /** A comment at `i` (its `<!--` is checked): skipped after checking it. */
  #comment(s: string, i: number): number {
    const n = s.length;
    const from = i + 4;
    const dashes = s.indexOf("--", from);
    if (dashes < 0 || dashes + 2 >= n) {
      if ((dashes < 0 ? n - 1 : dashes) - from > this.#maxText) throw this.#tooLarge("comment", i);
      return this.#incomplete(K_COMMENT, i);
    }
    if (dashes - from > this.#maxText) throw this.#tooLarge("comment", i);
    if (s.charCodeAt(dashes + 2) !== 0x3e) throw this.#error("XML_MALFORMED", "'--' is not allowed inside a comment", dashes);
    this.#checkChars(s, from, dashes);
    return dashes + 3;
  }

  /** A CDATA section at `i` (its `<![CDATA[` is checked): its content joins the text run. */
  #cdata(s: string, i: number): number {
    if (this.#depth === 0) throw this.#error("XML_MALFORMED", "a CDATA section outside the root element is not allowed", i);
    const n = s.length;
    const from = i + 9;
    const allowance = this.#maxText - this.#textLength;
    const end = s.indexOf("]]>", from);
    if (end < 0) {
      if (n - from - 2 > allowance) throw this.#tooLarge("text node", i);
      return this.#incomplete(K_CDATA, i);
    }
    if (end - from > allowance) throw this.#tooLarge("text node", i);
    this.#checkChars(s, from, end);
    let content = false;
    let cr = false;
    let high = false;
    for (let k = from; k < end; k++) {
      const c = s.charCodeAt(k);
      if (c === 0x0d) cr = true;
      else if (!isSpace(c)) {
        content = true;
        if (c >= 0x80) high = true;
      }
    }
    if (end > from) {
      const raw = high && this.#utf8 ? decodeUtf8Bytes(s.slice(from, end)) : s.slice(from, end);
      const value = cr ? normalizeLineEnds(raw) : raw;
      this.#text = this.#textLength === 0 ? value : this.#text + value;
      this.#textLength += end - from;
      if (content) this.#textContent = true;
    }
    return end + 3;
  }

  /** `<?`: a processing instruction (checked and skipped), or the XML declaration. */
  #instruction(s: string, i: number): number {
    const n = s.length;
    const end = s.indexOf("?>", i + 2);
    if (end < 0) {
      if (n - (i + 2) - 1 > this.#maxText) throw this.#tooLarge("processing instruction", i);
      return this.#incomplete(K_PI, i);
    }
    if (end - (i + 2) > this.#maxText) throw this.#tooLarge("processing instruction", i);
    let k = i + 2;
    const names = this.#nameClass;
    let flags = k < end ? names[s.charCodeAt(k)]! : 0;
    if ((flags & N_START) === 0) throw this.#error("XML_MALFORMED", "expected a target name after '<?'", k);
    for (k++; k < end; k++) {
      const f = names[s.charCodeAt(k)]!;
      if ((f & N_CHAR) === 0) break;
      flags |= f;
    }
    if ((flags & N_CHECK) !== 0) this.#checkName(s, i + 2, k, flags);
    if (k < end && !isSpace(s.charCodeAt(k))) {
      throw this.#error("XML_MALFORMED", "expected white space after the processing instruction's target", k);
    }
    if (k - i - 2 === 3 && s.slice(i + 2, k).toLowerCase() === "xml") this.#xmlDeclaration(s, i, k, end);
    this.#checkChars(s, k, end);
    return end + 2;
  }

  /** The XML declaration at `i`, whose pseudo-attributes are `s[from, end)`. */
  #xmlDeclaration(s: string, i: number, from: number, end: number): void {
    const padding = this.#base + i - this.#bom;
    if (s.slice(i + 2, from) !== "xml" || (padding !== 0 && !this.#leadingPadding(padding))) {
      throw this.#error("XML_MALFORMED", "the XML declaration must be at the very start of the document, as '<?xml'", i);
    }
    const declaration = parseDeclaration(s.slice(from, end));
    if (declaration === undefined) {
      throw this.#error("XML_MALFORMED", `malformed XML declaration ${quoted(s.slice(i, end + 2), 80)}`, i);
    }
    // Told only now: white space before a declaration that is refused is no padding but part of a refused document.
    if (padding !== 0) this.#handler.padding?.("leading", padding, { offset: this.#bom, line: 1, column: 1 + this.#bom });
    this.#declaration = declaration;
    this.#eventOffset = this.#base + i;
    this.#eventLine = this.#line;
    this.#eventLineStart = this.#lineStart;
    this.#handler.declaration?.(declaration);
  }

  /**
   * Whether the `length` characters between any byte order mark and the declaration are white space the padding option
   * lets be skipped. That white space is the text run so far: a comment or processing instruction before it would
   * leave the run shorter than the distance.
   */
  #leadingPadding(length: number): boolean {
    return this.#padding && !this.#rootSeen && this.#declaration === undefined && this.#textLength === length;
  }

  /** Checks that `s[from, to)` has only XML characters, counting its lines. */
  #checkChars(s: string, from: number, to: number): void {
    const table = this.#textClass;
    for (let k = from; k < to; k++) {
      const t = table[s.charCodeAt(k)]!;
      if (t === T_PLAIN) continue;
      if (t === T_LF) this.#newline(k);
      else if (t === T_INVALID || t === T_LOW || (t === T_BYTE && isNonCharacterAt(s, k))) throw this.#badChar(s, k);
      else if (t === T_HIGH) {
        if (k + 1 >= to || TEXT_CLASS[s.charCodeAt(k + 1)] !== T_LOW) throw this.#badChar(s, k);
        k++;
      }
    }
  }

  /**
   * The second look at a name whose scan met a surrogate or a character in 80–FF (`flags`, its scan's
   * {@link NAME_CLASS} flags): reading UTF-8 bytes, such a name cannot be checked, and is refused for the
   * caller to read the document decoded; otherwise its surrogates must pair.
   */
  #checkName(s: string, from: number, to: number, flags: number): void {
    if (this.#utf8) {
      throw this.#error("XML_NAME_NOT_ASCII", `the name ${quoted(s.slice(from, to))} is not ASCII: read the document decoded`, from);
    }
    if ((flags & N_SURROGATE) !== 0) this.#checkPairs(s, from, to);
  }

  /** Checks the surrogates of the name `s[from, to)`: each high one followed by a low one, and no low one alone. */
  #checkPairs(s: string, from: number, to: number): void {
    for (let k = from; k < to; k++) {
      const t = TEXT_CLASS[s.charCodeAt(k)];
      if (t === T_LOW) throw this.#badChar(s, k);
      if (t === T_HIGH) {
        if (k + 1 >= to || TEXT_CLASS[s.charCodeAt(k + 1)] !== T_LOW) throw this.#badChar(s, k);
        k++;
      }
    }
  }

  /** Counts the LF at index `k`. */
  #newline(k: number): void {
    this.#line++;
    this.#lineStart = this.#base + k + 1;
  }

  #error(code: XmlErrorCode, message: string, index: number): HubError {
    const offset = this.#base + index;
    return xmlError(code, message, { offset, line: this.#line, column: Math.max(1, offset - this.#lineStart + 1) });
  }

  #eventError(code: XmlErrorCode, message: string): HubError {
    return xmlError(code, message, this.position());
  }

  #tooLarge(what: string, index: number): HubError {
    return this.#error("XML_TEXT_TOO_LARGE", `a ${what} is longer than ${this.#maxText} characters`, index);
  }

  #badChar(s: string, index: number): HubError {
    let code = s.charCodeAt(index);
    // Reading UTF-8 bytes, the character is the sequence its lead byte starts (EF BF BE for U+FFFE).
    if (this.#utf8 && code >= 0xc0)
      code = decodeUtf8Bytes(s.slice(index, index + (code < 0xe0 ? 2 : code < 0xf0 ? 3 : 4))).codePointAt(0) ?? code;
    const hex = code.toString(16).toUpperCase().padStart(4, "0");
    const what = code >= 0xd800 && code <= 0xdfff ? "an unpaired surrogate" : "not allowed in XML";
    return this.#error("XML_MALFORMED", `the character U+${hex} is ${what}`, index);
  }

  #referenceError(outcome: number, s: string, amp: number): HubError {
    const semi = s.indexOf(";", amp);
    // Reading UTF-8 bytes, an entity name above ASCII cannot be judged (`&é;` is an unknown entity, its bytes are not a name).
    if (this.#utf8 && hasHighByte(s, amp, semi >= 0 && semi - amp < 40 ? semi : Math.min(s.length, amp + 40))) {
      return this.#error("XML_NAME_NOT_ASCII", "a reference's name is not ASCII: read the document decoded", amp);
    }
    const text = quoted(s.slice(amp, semi >= 0 && semi - amp < 40 ? semi + 1 : amp + 12));
    if (outcome === REF_UNKNOWN) {
      return this.#error(
        "XML_ENTITY_UNKNOWN",
        `unknown entity ${text}: without a DTD only &amp; &lt; &gt; &quot; &apos; and character references exist`,
        amp,
      );
    }
    if (outcome === REF_BAD_CHAR) return this.#error("XML_MALFORMED", `the character reference ${text} is not an XML character`, amp);
    return this.#error("XML_MALFORMED", `malformed reference ${text}: a '&' must start &name; &#digits; or &#xhex;`, amp);
  }
}

/** How {@link end} names an unfinished token. */
const KIND_NAME = ["", "", "a tag", "a comment", "a CDATA section", "a processing instruction"] as const;

/** An option's value: a positive integer, or the default. */
function limit(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`XML reader option ${name} must be a positive integer, not ${value}`);
  return value;
}
