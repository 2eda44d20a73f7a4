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
 * - empty leaves (`<NAME><MEMO>x`): a name the caller says is a leaf is closed at the next tag.
 *
 * One pass of `indexOf`/`charCodeAt`; element names are interned, so a name costs no allocation after its
 * first time.
 *
 * @module
 */
import type { XmlHandler } from "../xml/index.js";
import { decodeOfxEntities } from "./ofx-entities.js";

/** What {@link readOfxSgml} saw besides the events. */
export interface SgmlReadResult {
  /** Elements still open at the end of the text (closed by the reader): the document may be cut off. */
  readonly unclosed: number;
}

/** Options of {@link readOfxSgml}. */
export interface SgmlReadOptions {
  /** Names that are always leaves: closed at the next tag even when they hold no text. */
  readonly leaves: ReadonlySet<string>;
}

const NAME_CACHE_SIZE = 1024;
/** Deepest nesting kept; deeper elements are read as leaves. OFX nests about 8 deep. */
const MAX_DEPTH = 256;

/** Interns element names (upper-cased: SGML names are case-insensitive) without slicing known ones. */
class NameCache {
  readonly #slots: (string | undefined)[] = new Array(NAME_CACHE_SIZE);

  get(text: string, start: number, end: number): string {
    const length = end - start;
    let hash = length;
    for (let i = start; i < end; i++) hash = (Math.imul(hash, 31) + text.charCodeAt(i)) | 0;
    const slot = (hash >>> 0) & (NAME_CACHE_SIZE - 1);
    const cached = this.#slots[slot];
    if (cached !== undefined && cached.length === length) {
      let same = true;
      for (let i = 0; i < length; i++) {
        if (cached.charCodeAt(i) !== text.charCodeAt(start + i)) {
          same = false;
          break;
        }
      }
      if (same) return cached;
    }
    const raw = text.slice(start, end);
    const name = raw.toUpperCase();
    // Only cache names that are stored as written, so the comparison above stays exact.
    if (name === raw) this.#slots[slot] = name;
    return name;
  }
}

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

function isNameStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95; /* _ */
}

/**
 * Reads OFX SGML from `start` to the end of `text`, calling `handler` for every element. Never throws for
 * any text (an exception from the handler goes through).
 */
export function readOfxSgml(text: string, start: number, handler: XmlHandler, options: SgmlReadOptions): SgmlReadResult {
  const names = new NameCache();
  const leaves = options.leaves;
  const n = text.length;
  const stack: string[] = [];
  /** Whether the innermost open element has received text: it is a leaf, closed at the next tag. */
  let hasText = false;
  /** Text of the innermost element not delivered yet (a run may be split by CDATA or comments). */
  let pending = "";
  let pos = start;

  const flush = (): void => {
    if (pending === "") return;
    const value = pending.trim();
    pending = "";
    if (value === "" || stack.length === 0) return;
    handler.text(value);
    hasText = true;
  };
  const addText = (from: number, to: number): void => {
    let s = from;
    let e = to;
    // Runs of white space between tags are layout; skip them without making a string.
    if (pending === "") while (s < e && isSpace(text.charCodeAt(s))) s++;
    while (e > s && isSpace(text.charCodeAt(e - 1))) e--;
    if (e <= s) return;
    const raw = text.slice(s, e);
    pending += raw.includes("&") ? decodeOfxEntities(raw) : raw;
  };
  const closeTop = (): void => {
    const name = stack.pop();
    if (name !== undefined) handler.close(name);
    hasText = false;
  };

  while (pos < n) {
    const lt = text.indexOf("<", pos);
    if (lt < 0) {
      addText(pos, n);
      break;
    }
    addText(pos, lt);
    const c = text.charCodeAt(lt + 1);
    if (c === 33 /* ! */) {
      if (text.startsWith("<![CDATA[", lt)) {
        const end = text.indexOf("]]>", lt + 9);
        const stop = end < 0 ? n : end;
        pending += text.slice(lt + 9, stop);
        pos = end < 0 ? n : end + 3;
      } else if (text.startsWith("<!--", lt)) {
        const end = text.indexOf("-->", lt + 4);
        pos = end < 0 ? n : end + 3;
      } else {
        const end = text.indexOf(">", lt + 2);
        pos = end < 0 ? n : end + 1;
      }
      continue;
    }
    if (c === 63 /* ? */) {
      const end = text.indexOf("?>", lt + 2);
      pos = end < 0 ? n : end + 2;
      continue;
    }
    const isEnd = c === 47; /* / */
    const nameStart = isEnd ? lt + 2 : lt + 1;
    if (!isNameStart(text.charCodeAt(nameStart))) {
      // Not a tag: a `<` in text ("a < b"). Keep it, with the spaces before it that addText trimmed.
      let w = lt;
      while (w > pos && isSpace(text.charCodeAt(w - 1))) w--;
      pending += pending === "" ? "<" : `${text.slice(w, lt)}<`;
      pos = lt + 1;
      continue;
    }
    let nameEnd = nameStart;
    while (nameEnd < n) {
      const ch = text.charCodeAt(nameEnd);
      if (ch === 62 /* > */ || ch === 47 /* / */ || isSpace(ch) || ch === 60 /* < */) break;
      nameEnd++;
    }
    // The tag ends at `>`; a `<` first means the `>` is missing: the tag ends there.
    let gt = nameEnd;
    while (gt < n && text.charCodeAt(gt) !== 62 && text.charCodeAt(gt) !== 60) gt++;
    const selfClosing = gt > nameEnd && text.charCodeAt(gt - 1) === 47 && !isEnd;
    pos = gt < n && text.charCodeAt(gt) === 62 ? gt + 1 : gt;
    const name = names.get(text, nameStart, nameEnd);
    flush();
    if (isEnd) {
      // `</X>` ends the open X and everything opened inside it whose end tag never came (unclosed leaves).
      let at = stack.length - 1;
      while (at >= 0 && stack[at] !== name) at--;
      if (at < 0) {
        // A stray end tag; if it follows text, it at least ends that leaf.
        if (hasText) closeTop();
        continue;
      }
      while (stack.length > at) closeTop();
      continue;
    }
    const top = stack[stack.length - 1];
    if (hasText || (top !== undefined && leaves.has(top))) closeTop();
    if (stack.length >= MAX_DEPTH) closeTop();
    handler.open(name, undefined);
    stack.push(name);
    hasText = false;
    if (selfClosing) closeTop();
  }
  flush();
  const unclosed = stack.length;
  while (stack.length > 0) closeTop();
  return { unclosed };
}
