/**
 * A tolerant reader for OFX 1.x SGML, the markup OFX 2.x XML grew out of: element names in angle brackets,
 * aggregates closed by end tags, leaf elements usually not (`<TRNAMT>-6.60<FITID>123`). It calls the same
 * handler as the XML reader (`open`, `text`, `close`), closing every leaf itself, so one statement builder
 * serves both.
 *
 * What it tolerates, because banks send it:
 * - leaf elements closed or not, mixed in one file (ofx-js PR #3), and `<MESSAGE>OK</STATUS>` where the
 *   parent's end tag ends the leaf;
 * - an end tag that closes several open elements at once, and stray end tags (ignored);
 * - `"` and `'` in text (asgrim/ofxparser #49: a regex-based reader cut MEMO there), `<` that starts no tag,
 *   HTML entities (`&copy;`, libofx #72), CDATA sections, comments, processing instructions;
 * - empty leaves (`<NAME><MEMO>x`): a name the caller says is a leaf is closed at the next tag;
 * - markup in text that banks forgot to escape (`<MEMO>Order <ABC> done`, `<MEMO>a<b c`), by the rule below.
 *
 * Markup in text. SGML OFX ends a leaf's text at the next `<`, so a bank that writes `<` unescaped in a memo
 * cuts it, and the rest became an element of its own (`{ABC: "done"}`) or vanished into a broken tag. The same
 * shape is legitimate: a bank extension element right after a value (`<NAME>Shop<INTU.BID>3`, or a dot-less
 * `<CATEGORY>` some banks write), which must stay an element. Given the OFX element names (`elements`), the
 * reader decides only for a tag that follows text on the same line (writers put each element on a line of
 * its own, or run them together) and whose name is neither an OFX element nor an extension name (OFX names
 * extension elements with a prefix and a period: such a name stays an element after a space too, but is reported
 * there; a dotted name no element has, `<john.doe@example.com>` or `<INV.2024.001>`, is text). Such a tag is kept
 * as text when
 * - it is not a tag OFX can write: no `>` before the next `<` or the line's end, or more than a name before
 *   the `>` (`<b c`, `<a href="x">`: OFX elements have no attributes);
 * - it is an end tag of nothing open (`</b>` of `a <b>bold</b> c`): read as a tag it would end the leaf early;
 * - a space separates it from the text (`Order <ABC> done`): banks write an element right after its
 *   predecessor's value, a sentence puts a space before its next word;
 * - it is XML's empty-element form (`<X/>`), which SGML OFX has not;
 * - it is HTML's line break `<BR>`/`<BR/>` (ING Australia's memos), never reported: the builder reads it as one.
 * Otherwise (`m<CATEGORY>food`) it stays an element. Either way the caller is told (`onMarkupInText`), so a
 * text read either way is never changed silently. Everything else is read as before: names the reader knows are
 * elements wherever they appear, unless one follows text after a space and the caller says it cannot begin there
 * (`fitsHere`: `<MEMO>Invoice for <NAME> ref 42` in a transaction that has its NAME), and so is any tag that does
 * not follow text on its line. The check stays off
 * the hot path: the name cache remembers whether a name is an OFX element, so a known tag costs one array
 * read, and only a tag with another name looks back at the text before it.
 *
 * It is a push reader: text comes in chunks cut anywhere, and an unfinished token (a tag, a text run, a
 * comment) waits for the next chunk; the events do not depend on where the text was cut. A chunk that cannot end
 * the waiting token (no `<` after a text, no `-->` after a comment) is only kept, not read again with it, so a token
 * cut into many chunks costs time linear in its length. One pass of
 * `indexOf`/`charCodeAt`; element names are interned, so a name costs no allocation after its first time.
 *
 * @module
 */
import type { XmlHandler } from "../xml/index.js";
import { decodeOfxEntities } from "./ofx-entities.js";

/** An extension element's name: a prefix, a period and a name, each a letter then letters, digits, `-`, `_` (`INTU.BID`). */
const EXTENSION_NAME = /^[A-Za-z][A-Za-z0-9_-]*(?:\.[A-Za-z][A-Za-z0-9_-]*)+$/;

/** What {@link readOfxSgml} saw besides the events. */
export interface SgmlReadResult {
  /** Elements still open at the end of the text (closed by the reader): the document may be cut off. */
  readonly unclosed: number;
}

/** Options of {@link readOfxSgml} and {@link OfxSgmlReader}. */
export interface SgmlReadOptions {
  /** Names that are always leaves: closed at the next tag even when they hold no text. */
  readonly leaves: ReadonlySet<string>;
  /**
   * Elements already open, outermost first, when reading starts in the middle of a document (after another
   * reader gave up), whether the innermost one has received text, and whether that text ended in a space or tab
   * on the line of the first tag read (`Order <ABC>`: the other reader took the space with the text).
   */
  readonly open?: { readonly names: readonly string[]; readonly hasText: boolean; readonly spaceBefore?: boolean };
  /**
   * The names that are OFX elements wherever they appear. Given, a tag with another name (and no period)
   * right after text on its line may be read as part of that text (see the module notes); without it, every
   * tag is an element.
   */
  readonly elements?: ReadonlySet<string>;
  /** Told of every tag that is not one of {@link elements} and follows text on its line, and how it was read. */
  readonly onMarkupInText?: (found: MarkupInText) => void;
  /**
   * The aggregates whose end tag an SGML document may leave out, and where each belongs: the parents it is a child of
   * (STMTTRN: BANKTRANLIST; a message set: OFX). One that opens where the element open last is not one of its
   * parents, while one of them is open further out, ends what is open above that parent: their end tags are missing
   * (SGML infers them from the content model). So unclosed transactions, statements, responses and message sets
   * follow each other instead of nesting ever deeper (past the deepest nesting kept, each new one would be closed at
   * once), and each keeps what it holds: a bank statement that began inside a card statement's unclosed transaction
   * used to end the bank statement at its first transaction, which was lost. One whose parents are not open at all
   * (a STMTTRN without BANKTRANLIST) ends only an open one of its own name, and nests otherwise.
   */
  readonly parents?: (name: string) => readonly string[] | undefined;
  /** Aggregates whose implied end is reported, through {@link onUnclosed}. */
  readonly reportUnclosed?: ReadonlySet<string>;
  /** Told, before the closes, that aggregate `closed` of {@link reportUnclosed} is ended because `opening` begins. */
  readonly onUnclosed?: (closed: string, opening: string) => void;
  /**
   * Whether an element of {@link elements} named `name` can begin where the reader is, inside the text of the leaf
   * `inside`. Asked only for one that follows text after a space on its line (`<MEMO>Invoice for <NAME> ref 42`):
   * `false` keeps the tag in the text,
   * told to {@link onMarkupInText}. Without it, such a tag is always an element.
   */
  readonly fitsHere?: (name: string, inside: string) => boolean;
}

/** What {@link SgmlReadOptions.onMarkupInText} is told. */
export interface MarkupInText {
  /** The markup as written (`<ABC>`, `</b>`, `<b c`), at most 40 characters. */
  readonly markup: string;
  /** The element whose text it follows (`MEMO`). */
  readonly leaf: string;
  /** `text`: kept in the leaf's text; `element`: read as an element, which ends the leaf's text. */
  readonly readAs: "text" | "element";
  /** An OFX element's name that cannot begin there (see {@link SgmlReadOptions.fitsHere}); else a name OFX has not. */
  readonly misplaced?: boolean;
}

const NOT_AFTER_TEXT = 0;
const ADJACENT = 1;
const AFTER_SPACE = 2;
/** Whether a `<` follows text on its line: not, directly (`a<X>`), or after a space (`a <X>`). */
type AfterText = typeof NOT_AFTER_TEXT | typeof ADJACENT | typeof AFTER_SPACE;

const MAX_MARKUP_SHOWN = 40;
/** What ends a tag a reader waits for (see `OfxSgmlReader.#until`): its `>`, or a `<` where the `>` is missing. */
const TAG_END = Symbol("tag end");
const NAME_CACHE_SIZE = 1024;
/** Deepest nesting kept; deeper elements are read as leaves. OFX nests about 8 deep. */
const MAX_DEPTH = 256;
/**
 * Longest token read (1 MiB): a text run, a tag, a comment or CDATA section, or an element's text. Bank text
 * is short; beyond this the reader stops, so that a reader of chunks never holds more.
 */
export const MAX_SGML_TOKEN = 1 << 20;

/**
 * `name` with its ASCII letters upper-cased, or as written when it has any character beyond ASCII. OFX names are
 * ASCII; `toUpperCase` would make some that are not OFX's into OFX names (`<ſtmttrn>` STMTTRN, `<ﬁtid>` FITID,
 * `<fıtid>` with a dotless ı FITID) and read their content as what they are not.
 */
export function upperAscii(name: string): string {
  return NOT_ASCII.test(name) ? name : name.toUpperCase();
}

const NOT_ASCII = /[^\0-\x7f]/;

/** Interns element names (upper-cased: SGML names are case-insensitive) without slicing known ones. */
class NameCache {
  readonly #slots: (string | undefined)[] = new Array(NAME_CACHE_SIZE).fill(undefined);
  /** Per slot, whether its name is one of {@link #elements}: looked up once per name, not once per tag. */
  readonly #known = new Uint8Array(NAME_CACHE_SIZE);
  readonly #elements: ReadonlySet<string> | undefined;
  /** Whether the name {@link get} returned last is an OFX element (always, when no elements were given). */
  known = true;

  constructor(elements: ReadonlySet<string> | undefined) {
    this.#elements = elements;
  }

  /** The name `text[start, end)`, whose {@link nameHash} the caller computed while scanning it. */
  get(text: string, start: number, end: number, hash: number): string {
    const length = end - start;
    const slot = (hash >>> 0) & (NAME_CACHE_SIZE - 1);
    const cached = this.#slots[slot];
    // Compared in place by the native `startsWith`: cheaper than a loop of `charCodeAt`s.
    if (cached !== undefined && cached.length === length && text.startsWith(cached, start)) {
      this.known = this.#known[slot] === 1;
      return cached;
    }
    // A flat copy: a slice would keep the whole chunk it was cut from alive as long as the cache lives.
    const raw = text.slice(start, end);
    // Only on a miss: names met again come from the slots above.
    const name = upperAscii(raw);
    const known = this.#elements === undefined || this.#elements.has(name);
    this.known = known;
    // Only cache names that are stored as written, so the comparison above stays exact.
    if (name === raw) {
      this.#slots[slot] = length < 13 ? name : name.split("").join("");
      this.#known[slot] = known ? 1 : 0;
    }
    return name;
  }
}

/** The hash {@link NameCache} files a name under: one step per character, from 0. */
function nameHash(hash: number, c: number): number {
  return (Math.imul(hash, 31) + c) | 0;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

function isNameStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95; /* _ */
}

/** A push reader of OFX SGML: {@link write} chunks, then {@link end}. */
export class OfxSgmlReader {
  readonly #handler: XmlHandler;
  readonly #leaves: ReadonlySet<string>;
  readonly #onMarkup: ((found: MarkupInText) => void) | undefined;
  readonly #fitsHere: ((name: string, inside: string) => boolean) | undefined;
  readonly #parents: ((name: string) => readonly string[] | undefined) | undefined;
  readonly #reportUnclosed: ReadonlySet<string> | undefined;
  readonly #onUnclosed: ((closed: string, opening: string) => void) | undefined;
  readonly #names: NameCache;
  readonly #stack: string[];
  /** Whether the innermost open element has received text: it is a leaf, closed at the next tag. */
  #hasText: boolean;
  /** Until the first tag is read: the text before it, read by another reader, ended in a space or tab. */
  #spaceBefore: boolean;
  /** Text of the innermost element not delivered yet (a run may be split by CDATA or comments). */
  #pending = "";
  /**
   * The unfinished token at the end of the text read so far (with the text run before it, read with the token), in
   * the pieces it came in: joined only when a write can end it.
   */
  #carry: string[] = [];
  #carryLength = 0;
  /**
   * What can end the carried token: `undefined`, any more text (a `<` at the end, a name not begun); else the text
   * that ends it (`<` after a text run; `-->`, `]]>`, `?>`, `>` after a comment, CDATA section, processing
   * instruction, declaration) or, for a tag, {@link TAG_END}. A write that cannot end it is only kept: reading the
   * carry again from its start at every write made a long token cut into small chunks quadratic (a memo of 1M
   * characters in 16-character chunks took 17 s).
   */
  #until: string | typeof TAG_END | undefined;
  /** Where in the text `#run` stopped at, {@link #until} can begin first (set by {@link #wait}). */
  #untilFrom = 0;
  /** The carry's last characters where a multi-character {@link #until} can begin (at most its length less one). */
  #untilTail = "";
  /** Where the carried token begins (in the text `#run` stopped at, then in the carry): its size counts from there. */
  #tokenAt = 0;
  #ended = false;
  /** Set when a token longer than {@link MAX_SGML_TOKEN} stopped the reader: the rest of the document is not read. */
  tooLarge = false;

  constructor(handler: XmlHandler, options: SgmlReadOptions) {
    this.#handler = handler;
    this.#leaves = options.leaves;
    this.#onMarkup = options.onMarkupInText;
    this.#fitsHere = options.fitsHere;
    this.#parents = options.parents;
    this.#reportUnclosed = options.reportUnclosed;
    this.#onUnclosed = options.onUnclosed;
    this.#names = new NameCache(options.elements);
    this.#stack = [...(options.open?.names ?? [])];
    this.#hasText = options.open?.hasText ?? false;
    this.#spaceBefore = options.open?.spaceBefore ?? false;
  }

  /**
   * Reads the next chunk (from index `from` on), calling the handler for everything complete in it. Reading
   * the chunk in place, rather than a slice of it, keeps every character access on the flat string.
   */
  write(chunk: string, from = 0): void {
    if (this.tooLarge || this.#ended || chunk.length <= from) return;
    if (this.#carryLength > 0 && !this.#canEnd(chunk, from)) {
      this.#keep(chunk, from);
      return;
    }
    // The unfinished token and the new chunk as one flat string: a concatenation (a V8 cons string) would be
    // flattened by the first read anyway, and every read after it would go through the pair.
    let s = chunk;
    if (this.#carryLength > 0) {
      this.#carry.push(from === 0 ? chunk : chunk.slice(from));
      s = this.#carry.join("");
    }
    const stop = this.#run(s, s === chunk ? from : 0, false);
    if (stop >= s.length) {
      this.#carry = [];
      this.#carryLength = 0;
      return;
    }
    const rest = s.slice(stop);
    this.#carry = [rest];
    this.#carryLength = rest.length;
    const until = this.#until;
    this.#untilTail = typeof until === "string" && until.length > 1 ? s.slice(Math.max(this.#untilFrom, s.length - until.length + 1)) : "";
    this.#tokenAt -= stop;
  }

  /** Whether `chunk` (from index `from` on) can end the carried token (see {@link #until}). */
  #canEnd(chunk: string, from: number): boolean {
    const until = this.#until;
    if (until === undefined) return true;
    if (until === TAG_END) return chunk.indexOf(">", from) >= 0 || chunk.indexOf("<", from) >= 0;
    if (chunk.indexOf(until, from) >= 0) return true;
    // Begun in the carry and ended in the chunk (`--` then `>`).
    const tail = this.#untilTail;
    return tail !== "" && (tail + chunk.slice(from, from + until.length - 1)).includes(until);
  }

  /** Adds `chunk` (from index `from` on), which cannot end the carried token, to the carry, up to the token limit. */
  #keep(chunk: string, from: number): void {
    const piece = from === 0 ? chunk : chunk.slice(from);
    this.#carry.push(piece);
    this.#carryLength += piece.length;
    const until = this.#until;
    if (typeof until === "string" && until.length > 1)
      this.#untilTail = (this.#untilTail + piece.slice(1 - until.length)).slice(1 - until.length);
    // What `#run` would find reading the carry: the token longer than the limit.
    if (this.#carryLength - this.#tokenAt > MAX_SGML_TOKEN) {
      this.#stop();
      this.#carry = [];
      this.#carryLength = 0;
    }
  }

  /**
   * Leaves the token at `pos` for the next write (see {@link #until}), which can end it with `until` found from
   * `searchFrom` on; the token begins at `tokenAt` (after a text run, at its `<`). Returns `pos`, where `#run` stops.
   */
  #wait(pos: number, until?: string | typeof TAG_END, searchFrom = pos, tokenAt = pos): number {
    this.#until = until;
    this.#untilFrom = searchFrom;
    this.#tokenAt = tokenAt;
    return pos;
  }

  /** Reads what is left and closes every element still open. Never throws for any text. */
  end(): SgmlReadResult {
    if (!this.#ended) {
      this.#ended = true;
      const rest = this.#carry.join("");
      this.#carry = [];
      this.#carryLength = 0;
      if (!this.tooLarge && rest !== "") this.#run(rest, 0, true);
      if (!this.tooLarge) this.#flush();
    }
    const unclosed = this.#stack.length;
    while (this.#stack.length > 0) this.#closeTop();
    return { unclosed };
  }

  #flush(): void {
    if (this.#pending === "") return;
    const value = this.#pending.trim();
    this.#pending = "";
    if (value === "" || this.#stack.length === 0) return;
    this.#handler.text(value);
    this.#hasText = true;
  }

  #addText(text: string, from: number, to: number): void {
    let s = from;
    let e = to;
    // Runs of white space between tags are layout; skip them without making a string.
    if (this.#pending === "") while (s < e && isSpace(text.charCodeAt(s))) s++;
    while (e > s && isSpace(text.charCodeAt(e - 1))) e--;
    if (e <= s) return;
    const raw = text.slice(s, e);
    this.#pending += raw.includes("&") ? decodeOfxEntities(raw) : raw;
  }

  /** Keeps the `<` at `lt` as text, after the text before it and the spaces that `#addText` would trim. */
  #keepLt(text: string, pos: number, lt: number): void {
    this.#addText(text, pos, lt);
    let w = lt;
    while (w > pos && isSpace(text.charCodeAt(w - 1))) w--;
    this.#pending += this.#pending === "" ? "<" : `${text.slice(w, lt)}<`;
  }

  /**
   * Whether the `<` at `lt` follows text of the innermost element on the same line (the text run starts at
   * `pos`): directly, or after spaces. Text before a line break does not count: writers that break lines put
   * each element on a line of its own.
   */
  #afterText(text: string, pos: number, lt: number): AfterText {
    if (this.#stack.length === 0) return NOT_AFTER_TEXT;
    let w = lt;
    while (w > pos) {
      const c = text.charCodeAt(w - 1);
      if (c !== 32 && c !== 9) break;
      w--;
    }
    if (w > pos) {
      const c = text.charCodeAt(w - 1);
      if (c === 10 || c === 13) return NOT_AFTER_TEXT;
      // Text run on this line before the `<`.
    } else if (this.#pending === "" && !this.#hasText) return NOT_AFTER_TEXT;
    else if (this.#pending === "" && this.#spaceBefore) return AFTER_SPACE;
    return w < lt ? AFTER_SPACE : ADJACENT;
  }

  /**
   * Decides whether markup that follows text (`after`) and is named `name`, not an OFX element, is text: the
   * rule of the module notes. Reports what it decided, and returns `true` for text.
   */
  #markupIsText(text: string, after: AfterText, lt: number, nameEnd: number, gt: number, name: string, isEnd: boolean): boolean {
    // HTML's line break is never an OFX element: ING Australia writes `<BR/>` inside memos (libofx #32, GnuCash
    // bug 797633), which as an element cut the memo there and lost the rest. Kept as text, the entry's builder
    // reads it as a line break, which needs no report.
    if (name === "BR") return true;
    // An extension element: OFX names them with the extender's prefix and a period (`<INTU.BID>`). Right after a
    // value it is read as one silently; after a space too (a bank may pad values), but said, since a web address
    // (`PAYPAL *SHOP <WWW.SHOP.COM>`) looks the same. A name no element has (`<john.doe@example.com>`,
    // `<INV.2024.001>`) is text.
    const dotted = name.includes(".");
    const extension = dotted && EXTENSION_NAME.test(name);
    if (extension && after !== AFTER_SPACE) return false;
    // A tag is the name, maybe a `/`, then `>` on the same line: OFX elements have no attributes.
    const closed = gt < text.length && text.charCodeAt(gt) === 62;
    let end = nameEnd;
    while (end < gt) {
      const c = text.charCodeAt(end);
      if (c !== 32 && c !== 9 && c !== 47) break;
      end++;
    }
    const tag = closed && end === gt;
    // `<X/>` is XML's empty element, which SGML OFX has not: after text, it is text.
    const selfClosing = tag && text.charCodeAt(gt - 1) === 47;
    const asText = extension ? !tag || isEnd || selfClosing : !tag || isEnd || after === AFTER_SPACE || selfClosing || dotted;
    if (this.#onMarkup !== undefined) {
      let stop = lt + 1;
      while (stop < gt && text.charCodeAt(stop) !== 10 && text.charCodeAt(stop) !== 13) stop++;
      if (stop === gt && closed) stop++;
      this.#onMarkup({
        markup: text.slice(lt, Math.min(stop, lt + MAX_MARKUP_SHOWN)).trimEnd(),
        leaf: this.#stack[this.#stack.length - 1] ?? "",
        readAs: asText ? "text" : "element",
      });
    }
    return asText;
  }

  /**
   * Whether the OFX element `name`, whose tag is at `lt`, follows text after a space on its line and cannot begin
   * there (the caller's `fitsHere`): a word of that text written in angle brackets (`Invoice for <NAME> ref 42`,
   * `RE: <STATUS> update`). Told to `onMarkupInText` when so. The look back is only made after a space or tab.
   */
  #misplaced(text: string, pos: number, lt: number, gt: number, name: string): boolean {
    const before = lt > pos ? text.charCodeAt(lt - 1) : this.#spaceBefore ? 32 : 0;
    if (before !== 32 && before !== 9) return false;
    const inside = this.#stack[this.#stack.length - 1] ?? "";
    if (this.#afterText(text, pos, lt) !== AFTER_SPACE || this.#fitsHere?.(name, inside) !== false) return false;
    if (this.#onMarkup !== undefined) {
      const stop = Math.min(gt < text.length && text.charCodeAt(gt) === 62 ? gt + 1 : gt, lt + MAX_MARKUP_SHOWN);
      this.#onMarkup({ markup: text.slice(lt, stop), leaf: this.#stack[this.#stack.length - 1] ?? "", readAs: "text", misplaced: true });
    }
    return true;
  }

  #closeTop(): void {
    const name = this.#stack.pop();
    if (name !== undefined) this.#handler.close(name);
    this.#hasText = false;
  }

  /** Stops reading at a token longer than {@link MAX_SGML_TOKEN}. */
  #stop(): number {
    this.tooLarge = true;
    this.#pending = "";
    return Number.MAX_SAFE_INTEGER;
  }

  /**
   * Reads `text` as far as it goes. Returns where the first unfinished token starts (a text run is only read
   * with the token that ends it, so that its white space is trimmed the same however it was cut), or the end.
   * With `final`, every token is finished by the end of the text.
   */
  #run(text: string, from: number, final: boolean): number {
    const n = text.length;
    const stack = this.#stack;
    const handler = this.#handler;
    let pos = from;
    while (pos < n) {
      if (this.#pending.length > MAX_SGML_TOKEN) return this.#stop();
      const lt = text.indexOf("<", pos);
      if (lt < 0 || lt - pos > MAX_SGML_TOKEN) {
        if (n - pos > MAX_SGML_TOKEN) return this.#stop();
        if (!final) return this.#wait(pos, "<", n);
        this.#addText(text, pos, n);
        return n;
      }
      // The token at `lt` must be complete before the text run before it is read.
      if (lt + 1 >= n && !final) return this.#wait(pos);
      const c = text.charCodeAt(lt + 1);
      if (c === 33 /* ! */) {
        if (lt + 9 > n && !final && "<![CDATA[".startsWith(text.slice(lt, lt + 9))) return this.#wait(pos);
        let close: string;
        let from: number;
        const cdata = text.startsWith("<![CDATA[", lt);
        if (cdata) {
          close = "]]>";
          from = lt + 9;
        } else if (text.startsWith("<!--", lt)) {
          close = "-->";
          from = lt + 4;
        } else if (lt + 4 > n && !final && "<!--".startsWith(text.slice(lt, lt + 4))) return this.#wait(pos);
        else {
          close = ">";
          from = lt + 2;
        }
        const end = text.indexOf(close, from);
        const stop = end < 0 ? n : end;
        if (stop - lt > MAX_SGML_TOKEN) return this.#stop();
        if (end < 0 && !final) return this.#wait(pos, close, from, lt);
        this.#addText(text, pos, lt);
        if (cdata) this.#pending += text.slice(from, stop);
        pos = end < 0 ? n : end + close.length;
        continue;
      }
      if (c === 63 /* ? */) {
        const end = text.indexOf("?>", lt + 2);
        if ((end < 0 ? n : end) - lt > MAX_SGML_TOKEN) return this.#stop();
        if (end < 0 && !final) return this.#wait(pos, "?>", lt + 2, lt);
        this.#addText(text, pos, lt);
        pos = end < 0 ? n : end + 2;
        continue;
      }
      const isEnd = c === 47; /* / */
      const nameStart = isEnd ? lt + 2 : lt + 1;
      if (nameStart >= n && !final) return this.#wait(pos);
      if (!isNameStart(text.charCodeAt(nameStart))) {
        // Not a tag: a `<` in text ("a < b").
        this.#keepLt(text, pos, lt);
        pos = lt + 1;
        continue;
      }
      let nameEnd = nameStart;
      let hash = 0;
      while (nameEnd < n) {
        const ch = text.charCodeAt(nameEnd);
        if (ch === 62 /* > */ || ch === 47 /* / */ || isSpace(ch) || ch === 60 /* < */) break;
        hash = nameHash(hash, ch);
        nameEnd++;
      }
      // The tag ends at `>`; a `<` first means the `>` is missing: the tag ends there.
      let gt = nameEnd;
      while (gt < n && text.charCodeAt(gt) !== 62 && text.charCodeAt(gt) !== 60) gt++;
      if (gt - lt > MAX_SGML_TOKEN) return this.#stop();
      if (gt >= n && !final) return this.#wait(pos, TAG_END, n, lt);
      const names = this.#names;
      const name = names.get(text, nameStart, nameEnd, hash);
      // `</X>` ends the open X and everything opened inside it whose end tag never came (unclosed leaves).
      const at = isEnd ? stack.lastIndexOf(name) : -1;
      // A tag that is no OFX element (the cache knows, without a look-up), and not the end tag of an open
      // element, may be part of the text before it: only then is the text before it looked at.
      // HTML's line break inside a text is text wherever it stands, also at the start of a line (ING Australia
      // breaks memos so): read as a tag, it would end the text and lose what follows.
      if (
        !names.known &&
        at < 0 &&
        name === "BR" &&
        stack.length > 0 &&
        (this.#hasText || this.#pending !== "" || hasText(text, pos, lt))
      ) {
        this.#keepLt(text, pos, lt);
        pos = lt + 1;
        continue;
      }
      // Only inside the free texts (NAME, MEMO: names are interned, so these are pointer comparisons), where a word
      // in angle brackets can stand: every other known tag goes on without a look back.
      const inText = stack.length > 0 && (stack[stack.length - 1] === "MEMO" || stack[stack.length - 1] === "NAME");
      if (inText && names.known && !isEnd && this.#fitsHere !== undefined && this.#misplaced(text, pos, lt, gt, name)) {
        this.#keepLt(text, pos, lt);
        pos = lt + 1;
        continue;
      }
      if (!names.known && at < 0) {
        const after = this.#afterText(text, pos, lt);
        this.#spaceBefore = false;
        if (after !== NOT_AFTER_TEXT && this.#markupIsText(text, after, lt, nameEnd, gt, name, isEnd)) {
          this.#keepLt(text, pos, lt);
          pos = lt + 1;
          continue;
        }
      }
      this.#addText(text, pos, lt);
      this.#spaceBefore = false;
      const selfClosing = gt > nameEnd && text.charCodeAt(gt - 1) === 47 && !isEnd;
      pos = gt < n && text.charCodeAt(gt) === 62 ? gt + 1 : gt;
      this.#flush();
      if (isEnd) {
        if (at < 0) {
          // A stray end tag; if it follows text, it at least ends that leaf.
          if (this.#hasText) this.#closeTop();
          continue;
        }
        while (stack.length > at) this.#closeTop();
        continue;
      }
      const top = stack[stack.length - 1];
      if (this.#hasText || (top !== undefined && this.#leaves.has(top))) this.#closeTop();
      const parents = this.#parents?.(name);
      if (parents !== undefined) {
        const at = lastOf(stack, parents);
        // Open in its parent already, or with no parent open: only an open one of its own name is ended.
        const end = at >= 0 ? at + 1 : stack.lastIndexOf(name);
        if (end >= 0 && end < stack.length) {
          for (let i = stack.length - 1; i >= end; i--) {
            const open = stack[i] as string;
            if (this.#reportUnclosed?.has(open) === true) this.#onUnclosed?.(open, name);
          }
          while (stack.length > end) this.#closeTop();
        }
      }
      if (stack.length >= MAX_DEPTH) this.#closeTop();
      handler.open(name, undefined);
      stack.push(name);
      this.#hasText = false;
      if (selfClosing) this.#closeTop();
    }
    return n;
  }
}

/** The index of the last element of `stack` that is one of `names`, or -1. */
function lastOf(stack: readonly string[], names: readonly string[]): number {
  for (let i = stack.length - 1; i >= 0; i--) if (names.includes(stack[i] as string)) return i;
  return -1;
}

/** Whether `text[from, to)` holds anything but white space. */
function hasText(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13) return true;
  }
  return false;
}

/**
 * Reads OFX SGML from `start` to the end of `text`, calling `handler` for every element. Never throws for
 * any text (an exception from the handler goes through).
 */
export function readOfxSgml(text: string, start: number, handler: XmlHandler, options: SgmlReadOptions): SgmlReadResult {
  const reader = new OfxSgmlReader(handler, options);
  reader.write(text, start);
  return reader.end();
}
