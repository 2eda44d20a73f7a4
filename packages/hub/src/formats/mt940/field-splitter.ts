/**
 * Lines in, fields out: the second stage of the MT940 reader. It knows the file's framing — SWIFT envelopes
 * `{1:}{2:}{4:…-}`, `-` separators, bank header lines (ABN AMRO `ABNANL2A`/`940`, ING `0000 01INGBNL2AXXXX00001`,
 * Rabobank `:940:`), transmission control characters (mBank's SOH/ETX), blank lines — and gathers each
 * field's continuation lines. One pass, dispatching on the first character of each line.
 *
 * @module
 */
import type { Issue } from "../../core/index.js";
import { TAG, type TagId, tagIdOf } from "./field-tags.js";
import { mt940Issue } from "./mt940-issues.js";

/** What the splitter hands on. */
export interface FieldHandler {
  /**
   * A complete field: its tag id, its first line (after the tag), its continuation lines (`undefined` when it
   * has none) and the line it started on. The lines are slices of the text read, not copies. The list of
   * continuation lines is handed over: the splitter keeps no reference to it, and the handler may keep or change it.
   */
  field(tag: TagId, first: string, more: string[] | undefined, line: number): void;
  /** A field with a tag this parser does not know, already skipped. */
  unknownField(tag: string, line: number): void;
  /** The end of a message: a `-` separator or a new envelope. */
  boundary(line: number): void;
  issue(issue: Issue): void;
}

/** The longest line SWIFT allows in a message's text block: 65 characters, after a field tag of up to five (`:28C:`). */
const MAX_SWIFT_LINE = 70;
/** Longest field kept; `:86:` is at most 6 × 65 characters by the standard, far less than this. */
const MAX_FIELD_CHARS = 65_536;
const UNKNOWN = -2;
const NONE = -1;
/** Header lines remembered for choosing a bank profile. */
const MAX_HEADER_LINES = 8;

/** Splits lines into fields; see the module documentation. */
export class FieldSplitter {
  readonly #handler: FieldHandler;
  #tag: TagId | typeof UNKNOWN | typeof NONE = NONE;
  #first = "";
  #more: string[] | undefined;
  #length = 0;
  #line = 0;
  #cut = false;
  #pendingColon = 0;
  #headerLines: string[] = [];
  #headerOpen = false;
  #envelopeAddress: string | undefined;
  #sawField = false;

  constructor(handler: FieldHandler) {
    this.#handler = handler;
  }

  /** The bank header lines seen before the current statement. */
  get headerLines(): readonly string[] {
    return this.#headerLines;
  }

  /** The BIC and terminal code from the current message's SWIFT envelope, if any. */
  get envelopeAddress(): string | undefined {
    return this.#envelopeAddress;
  }

  /** Whether any field tag was seen at all. */
  get sawField(): boolean {
    return this.#sawField;
  }

  /** Takes the next line (without its line break). */
  line(raw: string, no: number): void {
    let s = raw;
    // SWIFT transmissions frame messages with SOH/ETX and files may carry other control bytes at line ends.
    let a = 0;
    let b = s.length;
    while (a < b && (s.charCodeAt(a) < 32 || s.charCodeAt(a) === 0xfeff)) a++;
    while (b > a && s.charCodeAt(b - 1) < 32) b--;
    // Spaces that run a line past what SWIFT allows are padding to a fixed record length (80, 128), written by host
    // systems that store records that way. Kept, they would sit inside names, IBANs and remittance text where a line
    // was wrapped, and turn `:90D:` or a tag into an unreadable field. Within the limit, spaces may be the text's own,
    // and after a line that is too long without them (a bank that ignores the limit) the first may be: it is kept,
    // the rest of a padded record is not.
    if (b - a > MAX_SWIFT_LINE && s.charCodeAt(b - 1) === 32) {
      let c = b;
      while (c > a && s.charCodeAt(c - 1) <= 32) c--;
      b = c - a <= MAX_SWIFT_LINE ? c : Math.min(b, c + 1);
    }
    if (a > 0 || b < s.length) s = s.slice(a, b);
    if (s.length === 0) return;
    if (this.#pendingColon > 0) {
      // A tag broken after its first colon (":" alone, then "86:…", WoLpH `sparkassen.sta`).
      const colonLine = this.#pendingColon;
      this.#pendingColon = 0;
      if (/^(\d\d[A-Z]?|NS):/.test(s)) {
        this.#tagLine(`:${s}`, colonLine);
        return;
      }
      if (this.#tag !== NONE) this.#text(":");
    }
    const c0 = s.charCodeAt(0);
    if (c0 === 58 /* : */) {
      if (s.length === 1) {
        this.#pendingColon = no;
        return;
      }
      this.#tagLine(s, no);
    } else if (c0 === 45 /* - */ && isSeparator(s)) {
      this.#flush();
      this.#handler.boundary(no);
    } else if ((c0 === 123 /* { */ && /^\{[1-5]:/.test(s)) || (c0 === 0xe4 /* ä */ && s.startsWith("ä4:"))) {
      this.#envelope(s, no);
    } else {
      this.#text(s);
    }
  }

  /** A line outside any field: a bank header. A new block of them replaces the previous one. */
  #header(s: string): void {
    if (!this.#headerOpen) {
      this.#headerLines = [];
      this.#headerOpen = true;
    }
    if (this.#headerLines.length === MAX_HEADER_LINES) this.#headerLines.shift();
    this.#headerLines.push(s);
  }

  /** Ends the input: the last field is handed on. */
  end(): void {
    if (this.#pendingColon > 0 && this.#tag !== NONE) this.#text(":");
    this.#pendingColon = 0;
    this.#flush();
  }

  #tagLine(s: string, no: number): void {
    let close = -1;
    for (let i = 2; i < 6 && i < s.length; i++) {
      if (s.charCodeAt(i) === 58) {
        close = i;
        break;
      }
    }
    const id = close < 0 ? -1 : tagIdOf(s, 1, close);
    if (id !== -1) {
      this.#flush();
      this.#sawField = true;
      this.#headerOpen = false;
      this.#tag = id;
      this.#first = s.slice(close + 1);
      this.#more = undefined;
      this.#length = this.#first.length;
      this.#line = no;
      this.#cut = false;
      return;
    }
    // Rabobank starts its files with a `:940:` line: a header, not a field.
    if (close === 4 && (s.startsWith(":940:") || s.startsWith(":942:")) && s.slice(5).trim() === "") {
      this.#flush();
      this.#header(s);
      return;
    }
    // `:26:37 Fo…` inside a wrapped `:86:` (WoLpH `wrapped_timestamp.sta`) is text, not a field: in free-text
    // fields only known tags start a new field. Elsewhere an unknown tag (`:NSF:`) is a field to skip.
    const freeText = this.#tag === TAG.T86 || this.#tag === TAG.TNS || this.#tag === TAG.T61;
    if (close > 0 && !freeText && /^[0-9A-Z]{2,4}$/.test(s.slice(1, close))) {
      this.#flush();
      this.#handler.unknownField(s.slice(1, close), no);
      this.#tag = UNKNOWN;
      this.#headerOpen = false;
      return;
    }
    if (this.#tag !== NONE) this.#text(s);
  }

  /**
   * A line that is no field: the current field's next line, or, after the balances that end a statement (one line
   * each), the start of the next statement's bank header. A bank may leave out the `-` before that header; glued to
   * `:62F:` it would spoil the closing balance.
   */
  #text(s: string): void {
    if (this.#tag === NONE || endsStatement(this.#tag)) {
      this.#flush();
      this.#header(s);
    } else this.#continue(s);
  }

  #continue(s: string): void {
    if (this.#tag === UNKNOWN || this.#tag === NONE || this.#cut) return;
    this.#length += s.length + 1;
    if (this.#length > MAX_FIELD_CHARS) {
      this.#cut = true;
      this.#handler.issue(
        mt940Issue("lineTooLong", `field is longer than ${MAX_FIELD_CHARS} characters; the rest is not read`, this.#line),
      );
      return;
    }
    if (this.#more === undefined) this.#more = [s];
    else this.#more.push(s);
  }

  #envelope(s: string, no: number): void {
    this.#flush();
    this.#handler.boundary(no);
    const address = /\{[12]:[^}]*?([A-Z]{6}[A-Z0-9]{2}[A-Z0-9]{0,4})/.exec(s);
    if (address?.[1] !== undefined) this.#envelopeAddress = address[1];
    const text = s.indexOf("{4:");
    const start = text >= 0 ? text + 3 : s.startsWith("ä4:") ? 3 : -1;
    // The text block may start on the envelope's line: `{4::20:…`.
    if (start >= 0 && start < s.length) {
      const rest = s.slice(start);
      if (rest.trim() !== "" && rest.trim() !== "}") this.line(rest, no);
    }
  }

  #flush(): void {
    const tag = this.#tag;
    this.#tag = NONE;
    if (tag === NONE || tag === UNKNOWN) return;
    const first = this.#first;
    const more = this.#more;
    this.#first = "";
    this.#more = undefined;
    this.#handler.field(tag, first, more, this.#line);
  }
}

/**
 * The end of a message: `-` alone, `-}` (end of the SWIFT text block, maybe followed by `{5:…}`), `-å` (the same
 * in the Swedish national character set, cmxl `mt940-handelsbank.txt`) or ING's `-XXX` (jejik `ing.sta`).
 */
function isSeparator(s: string): boolean {
  if (s.length === 1) return true;
  const c1 = s.charCodeAt(1);
  if (c1 === 125 /* } */ || c1 === 0xe5 /* å */) return true;
  const rest = s.slice(1).trim();
  return rest === "" || /^X+$/.test(rest);
}

/** Whether `tag` is a one-line balance field that ends a statement (`:62F/M:`, `:64:`, `:65:`). */
function endsStatement(tag: number): boolean {
  return tag === TAG.T62F || tag === TAG.T62M || tag === TAG.T64 || tag === TAG.T65;
}

/** A field's text: its lines joined by `\n`. */
export function fieldText(first: string, more: readonly string[] | undefined): string {
  return more === undefined ? first : `${first}\n${more.join("\n")}`;
}
