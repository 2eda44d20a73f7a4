/**
 * The OFX reading machine: text in chunks (cut anywhere) in, statements, entries and issues out, as they are
 * read. The whole-document parser and the streaming parser both run it.
 *
 * It reads the start of the document to tell OFX 1.x (SGML) from 2.x (XML), then feeds the body to the safe
 * XML reader (2.x) or the tolerant SGML reader (1.x and header-less bodies); both drive one statement builder.
 * Banks send 2.x headers over bodies that are not well-formed XML (unclosed leaf elements, ANZ's `anzcc.ofx`;
 * HTML entities): when the XML reader stops, the SGML reader goes on from the last element the XML reader
 * delivered, with the same open elements, so nothing is read twice and nothing before it is kept.
 *
 * @module
 */
import { type Entry, type Issue, isHubError, type Statement } from "../../core/index.js";
// As much white space before the header as `--format auto` skips before it looks: a document detection recognises
// is read, and one it does not is refused as no OFX.
import { MAX_LEADING_SPACE } from "../encoding.js";
import { createXmlReader, type XmlAttributes, type XmlHandler, type XmlPosition, type XmlReader } from "../xml/index.js";
import { type OfxHeader, readOfxHeader } from "./ofx-header.js";
import { OfxIssues } from "./ofx-issues.js";
import { MAX_SGML_TOKEN, type MarkupInText, OfxSgmlReader, type SgmlReadOptions, upperAscii } from "./ofx-sgml-reader.js";
import { OfxStatementBuilder } from "./ofx-statement-builder.js";
import { ELEMENTS, LEAVES } from "./ofx-tags.js";

/** Receives what an {@link OfxMachine} reads, in document order. */
export interface OfxSink {
  /** A statement begins: its header (account, period, balances read so far; `entries` empty). */
  statement(statement: Statement, index: number): void;
  /** One entry of statement `statementIndex`. */
  entry(entry: Entry, statementIndex: number): void;
  /** The statement ended: complete except its entries (`entries` empty), and how many it had. */
  statementEnd(statement: Statement, index: number, entries: number): void;
  /** A finding; issues of one code beyond the hundredth are counted into one issue at the end. */
  issue(issue: Issue): void;
}

/**
 * How much of the start of the document decides its syntax (the header block, or the `<?OFX …?>`
 * instruction or `<OFX>` element within the first 4 KiB after white space): read before any element.
 */
const HEAD_CHARS = 65_536;

/** Most 2.x text kept for the SGML reader to go on from (the XML reader's own limits keep it far below). */
const MAX_WINDOW = 8 << 20;

/** Distinct markups read as elements that are reported (once each); past this, OfxIssues' cap counts them. */
const MAX_MARKUP_NAMES = 1000;

/** Ctrl-Zs held back (see `OfxMachine.#body`) are handed on at most this many at a time. */
const EOF_PIECE = 65_536;

/**
 * Most white space and NULs (and Ctrl-Zs among them) after the Ctrl-Zs that begin a run ending the document, or from
 * its first NUL, for the run to be dropped as an end of file: line ends, a few blank lines, NULs padding the file to
 * its block. Longer, it is read as text, as the document's own.
 */
const EOF_TAIL = 4096;

/** Thrown by {@link XmlGuard} to stop the XML reader at an element opened inside a leaf that has text. */
class MixedContent extends Error {}

const NONE = 0;
const OPEN = 1;
const TEXT = 2;
const CLOSE = 3;

/**
 * Passes the XML reader's events to the builder, remembering what the SGML reader needs to take over: the
 * open elements, and the kind of the last event (the XML reader knows where it was).
 *
 * It also chooses how names are read. OFX names are upper case and XML names are case-sensitive, but some generators
 * write OFX 2 in lower or mixed case: all of it (`<ofx>`, `<stmttrn>`), or all but the root (`<OFX><signonmsgsrsv1>`),
 * or an upper-case envelope around a lower-case message set. At the first element whose name is an OFX name with
 * lower-case letters (the root or any other), the events from there on go through {@link UpperCaseNames}, reported
 * once by `onFolded`. Names before it were upper case already, so the builder sees every name as OFX writes it. A
 * document in upper case pays a read of each character of each name for this (no more than the XML reader's own);
 * only a name with a lower-case letter anywhere (`<ofx>`, `<StmtTrn>`, `<CCStmtRs>`, `<STmttrN>`, an extension like
 * `<x-bank.tag>`) is looked at further, and it decides only where an OFX element can be (not inside a bank extension
 * or a leaf).
 */
class XmlGuard implements XmlHandler {
  /** Where the events go: the builder, or {@link UpperCaseNames} in front of it once a name needed folding. */
  #next: XmlHandler;
  readonly #padding: (length: number, position: XmlPosition) => void;
  readonly #onFolded: (name: string, root: string | undefined) => void;
  /** Names with lower-case letters looked at that are no OFX name upper-cased (`x-bank.tag`): not looked at again. */
  readonly #asWritten = new Set<string>();
  /** The open elements, as written (upper-case them for the builder when {@link folded}). */
  readonly stack: string[] = [];
  last = NONE;
  /** Whether names are upper-cased on their way to the builder ({@link UpperCaseNames}). */
  folded = false;

  constructor(
    next: XmlHandler,
    padding: (length: number, position: XmlPosition) => void,
    onFolded: (name: string, root: string | undefined) => void,
  ) {
    this.#next = next;
    this.#padding = padding;
    this.#onFolded = onFolded;
  }

  /** NULs after the root that the reader skipped (its `padding` option); white space before `<?xml` never reaches it. */
  padding(kind: "leading" | "trailing", length: number, position: XmlPosition): void {
    if (kind === "trailing") this.#padding(length, position);
  }

  open(name: string, attributes: XmlAttributes | undefined): void {
    // An element inside one that has text: an OFX 1 leaf without its end tag (`<CODE>0<SEVERITY>`). The XML
    // reader would only notice at the parent's end tag, after reading the leaf's siblings as its children.
    if (this.last === TEXT) throw new MixedContent(`<${name}> opens inside <${this.stack.at(-1) ?? ""}>, after its text`);
    if (!this.folded && beyondUpper(name)) this.#checkCase(name);
    this.#next.open(name, attributes);
    this.stack.push(name);
    this.last = OPEN;
  }

  text(value: string): void {
    this.#next.text(value);
    this.last = TEXT;
  }

  close(name: string): void {
    this.#next.close(name);
    this.stack.pop();
    this.last = CLOSE;
  }

  /**
   * Folds names from here on when `name` is an OFX name written with lower-case ASCII letters. Only ASCII letters
   * are upper-cased: `toUpperCase` would make names that are not OFX's into OFX names (`<ſtmttrn>` STMTTRN).
   */
  #checkCase(name: string): void {
    if (this.#asWritten.has(name)) return;
    const upper = upperAscii(name);
    if (upper === name || !ELEMENTS.has(upper)) {
      if (this.#asWritten.size < MAX_FOLDED_NAMES) this.#asWritten.add(name);
      return;
    }
    // Only where an OFX element can be: at the root, under it, or inside an OFX aggregate as the builder saw it
    // (names before the fold are as written). Inside a bank extension (`<X-BANK.INFO><name>`) or a leaf (HTML in
    // MKTGINFO: `<code>`), an upper-case document holds elements named like OFX's that are not OFX: folding from there
    // would read the extension's <name> as the transaction's NAME. Not remembered in #asWritten: the same name may be
    // OFX's elsewhere.
    const parent = this.stack.length > 1 ? (this.stack[this.stack.length - 1] as string) : undefined;
    if (parent !== undefined && (!ELEMENTS.has(parent) || LEAVES.has(parent))) return;
    this.folded = true;
    this.#next = new UpperCaseNames(this.#next);
    this.#onFolded(name, this.stack[0]);
  }
}

/**
 * Whether `name` has a lower-case ASCII letter (or a character beyond ASCII) anywhere: not only among the first two
 * and the last, as `<STmttrN>` has them only inside. `_` and the other marks between `Z` and `a` are not looked at:
 * upper-cased, a name with them is unchanged.
 */
function beyondUpper(name: string): boolean {
  for (let i = 0; i < name.length; i++) if (name.charCodeAt(i) > 96) return true;
  return false;
}

/** Distinct names kept upper-cased by {@link UpperCaseNames}; past this (no OFX has so many), each is upper-cased again. */
const MAX_FOLDED_NAMES = 4096;

/**
 * Hands the XML reader's events on with the element names upper-cased. OFX names are upper case and XML names are
 * case-sensitive, but some generators write OFX 2 in lower case (`<ofx>`, `<stmttrn>`): read as written, no element
 * would be known and every statement would be lost. OFX has no two elements that differ only in case, so such a
 * document is read upper-cased, with a warning. Only from the first OFX name written with lower-case letters do the
 * events go through here ({@link XmlGuard} decides): in a document in upper case, as OFX writes, they reach the
 * builder directly.
 */
class UpperCaseNames implements XmlHandler {
  readonly #next: XmlHandler;
  readonly #names = new Map<string, string>();

  constructor(next: XmlHandler) {
    this.#next = next;
  }

  open(name: string, attributes: XmlAttributes | undefined): void {
    this.#next.open(this.#upper(name), attributes);
  }

  text(value: string): void {
    this.#next.text(value);
  }

  close(name: string): void {
    this.#next.close(this.#upper(name));
  }

  padding(kind: "leading" | "trailing", length: number, position: XmlPosition): void {
    this.#next.padding?.(kind, length, position);
  }

  /** The upper-case `name`, one string per name (the builder looks names up in maps). */
  #upper(name: string): string {
    let upper = this.#names.get(name);
    if (upper === undefined) {
      upper = upperAscii(name);
      if (this.#names.size < MAX_FOLDED_NAMES) this.#names.set(name, upper);
    }
    return upper;
  }
}

/** Where the aggregates whose end tags SGML documents leave out belong (see `SgmlReadOptions.parents`). */
const PARENTS: ReadonlyMap<string, readonly string[]> = new Map([
  ["STMTTRN", ["BANKTRANLIST"]],
  ["STMTTRNP", ["BANKTRANLISTP"]],
  ["BANKTRANLIST", ["STMTRS", "CCSTMTRS"]],
  ["BANKTRANLISTP", ["STMTRS", "CCSTMTRS"]],
  ["LEDGERBAL", ["STMTRS", "CCSTMTRS"]],
  ["AVAILBAL", ["STMTRS", "CCSTMTRS"]],
  ["BALLIST", ["STMTRS", "CCSTMTRS"]],
  ["STMTRS", ["STMTTRNRS"]],
  ["CCSTMTRS", ["CCSTMTTRNRS"]],
  ["STMTTRNRS", ["BANKMSGSRSV1"]],
  ["STMTENDTRNRS", ["BANKMSGSRSV1"]],
  ["CCSTMTTRNRS", ["CREDITCARDMSGSRSV1"]],
  ["CCSTMTENDTRNRS", ["CREDITCARDMSGSRSV1"]],
]);
const ROOT: readonly string[] = ["OFX"];

/** The parents of `name`: a message set (`…MSGSRSV1`) is a child of OFX. */
function parentsOf(name: string): readonly string[] | undefined {
  return PARENTS.get(name) ?? (name.endsWith("MSGSRSV1") ? ROOT : undefined);
}

/** The aggregates whose missing end tag is reported. */
const REPORTED: ReadonlySet<string> = new Set(["STMTTRN", "STMTTRNP", "STMTRS", "CCSTMTRS"]);

/** The XML reader of a 2.x body, with the text the SGML reader would need to go on from where it stops. */
interface XmlState {
  readonly reader: XmlReader;
  readonly guard: XmlGuard;
  /** Body text from {@link windowStart} on: what follows the last event delivered. */
  readonly window: string[];
  windowStart: number;
  windowEnd: number;
  /** The last character of the text dropped from the window (`NaN` before any): what precedes {@link windowStart}. */
  dropped: number;
}

/** The end of the tag that starts at `at` in `text` (after its `>`; quoted attribute values may hold `>`). */
function afterTag(text: string, at: number): number {
  let quote = 0;
  for (let i = at + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (quote !== 0) {
      if (c === quote) quote = 0;
    } else if (c === 34 || c === 39) quote = c;
    else if (c === 62) return i + 1;
  }
  return text.length;
}

/**
 * Reads an OFX document fed in chunks and reports statements, entries and issues to a sink as it goes.
 * Keeps one statement's header and one transaction, never the entries (except the rare transactions read
 * before their statement's account or currency, which wait for it).
 */
export class OfxMachine {
  readonly #issues: OfxIssues;
  readonly #builder: OfxStatementBuilder;
  #head = "";
  #decided = false;
  /**
   * White space characters skipped before the document's first other character (a byte-order mark not counted):
   * proxies and portals put blank lines before `OFXHEADER:100` or `<?xml`. Skipped as they come, so however long
   * it is, the syntax is decided on the 64 Ki characters after it and none of it is held.
   */
  #leading = 0;
  /** Line ends in {@link #leading} (CR LF counts once), and whether the last character skipped was a CR. */
  #leadingLines = 0;
  #leadingCr = false;
  #refusal: Issue | undefined;
  /** Lines before the body (blank lines before `<?xml`, skipped): the XML reader counts from the body. */
  #linesBefore = 0;
  #xml: XmlState | undefined;
  #sgml: OfxSgmlReader | undefined;
  /** Ctrl-Zs at the end of the text read so far, held back (see {@link #body}). */
  #eofMarks = 0;
  /** What followed them, held back too: white space, NULs and more Ctrl-Zs, at most {@link EOF_TAIL} characters. */
  #eofTail = "";
  /** Whether the Ctrl-Zs and white space that end the text so far were too long to be an end of file, and are read. */
  #eofOverflow = false;
  /** Unknown elements after text already reported (see {@link #markupInText}). */
  readonly #markupSeen = new Set<string>();
  /** What every SGML reader of the document is given. */
  readonly #sgmlOptions: Pick<
    SgmlReadOptions,
    "leaves" | "elements" | "onMarkupInText" | "parents" | "reportUnclosed" | "onUnclosed" | "fitsHere"
  >;

  constructor(sink: OfxSink) {
    this.#issues = new OfxIssues((issue) => sink.issue(issue));
    this.#builder = new OfxStatementBuilder(this.#issues, sink);
    this.#sgmlOptions = {
      leaves: LEAVES,
      elements: ELEMENTS,
      onMarkupInText: (found) => this.#markupInText(found),
      parents: parentsOf,
      reportUnclosed: REPORTED,
      onUnclosed: (closed, opening) => this.#unclosed(closed, opening),
      fitsHere: (name, inside) => this.#builder.fitsHere(name, inside),
    };
  }

  /** Statements handed on so far. */
  get statements(): number {
    return this.#builder.statements;
  }

  /** Reads the next chunk of the document. */
  feed(chunk: string): void {
    if (chunk.length === 0 || this.#refusal !== undefined) return;
    if (!this.#decided) {
      const from = this.#head.length === 0 ? this.#skipLeading(chunk) : 0;
      if (from === chunk.length || this.#refusal !== undefined) return;
      this.#head += from === 0 ? chunk : chunk.slice(from);
      if (this.#head.length >= HEAD_CHARS) this.#decide();
      return;
    }
    this.#body(chunk);
  }

  /**
   * Reads the rest of the document. Returns the refusal when no statement could be read (already handed on
   * as an issue when `issued`), else `undefined`.
   */
  end(): { readonly refusal: Issue; readonly issued: boolean } | undefined {
    // A refusal while skipping leading white space (more than the limit) stands: deciding now would call it blank.
    if (!this.#decided && this.#refusal === undefined) this.#decide();
    if (this.#refusal === undefined) {
      const xml = this.#xml;
      if (xml !== undefined) {
        this.#endPadding(xml);
        try {
          xml.reader.end();
        } catch (error) {
          this.#fallBack(xml, error);
        }
      }
      const sgml = this.#sgml;
      if (sgml !== undefined) {
        const { unclosed } = sgml.end();
        if (!this.#checkSgml(sgml) && unclosed > 0) {
          this.#issues.add("warning", "OFX_TRUNCATED", `the document ends with ${unclosed} element(s) still open: it may be cut off`, "");
        }
      }
    }
    this.#issues.finish();
    if (this.#refusal !== undefined) return { refusal: this.#refusal, issued: false };
    if (this.statements > 0) return undefined;
    const found = this.#issues.firstLost ?? this.#issues.firstError;
    if (found !== undefined) return { refusal: found, issued: true };
    return {
      refusal: {
        severity: "error",
        code: "OFX_NO_STATEMENTS",
        message:
          this.#builder.statementCount === 0
            ? "the OFX document holds no bank or credit-card statement (STMTRS, CCSTMTRS)"
            : "no statement of the OFX document could be read",
      },
      issued: false,
    };
  }

  /** Skips the white space (and a byte-order mark) at the start of `chunk`, before the head; returns where it ends. */
  #skipLeading(chunk: string): number {
    let i = 0;
    for (; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (c === 0xfeff && this.#leading === 0) continue;
      if (c !== 32 && c !== 9 && c !== 10 && c !== 13) break;
      if (c === 13 || (c === 10 && !this.#leadingCr)) this.#leadingLines++;
      this.#leadingCr = c === 13;
      if (++this.#leading > MAX_LEADING_SPACE) {
        this.#refusal = {
          severity: "error",
          code: "FORMAT_UNSUPPORTED",
          message: `the document starts with more than ${MAX_LEADING_SPACE} characters of white space: not an OFX document`,
        };
        return chunk.length;
      }
    }
    return i;
  }

  /**
   * Reports the white space skipped before an OFX 1 header block or an OFX 2 XML declaration, which neither syntax
   * allows there. Before a header-less `<OFX>` body it is no finding: SGML allows white space before the root.
   */
  #leadingSpace(syntax: "sgml" | "xml", headerBlock: boolean): void {
    const length = this.#leading;
    if (length === 0 || !(syntax === "xml" || headerBlock)) return;
    const where = "they were skipped (line 1)";
    if (syntax === "xml")
      this.#issues.add(
        "warning",
        "XML_LEADING_WHITESPACE",
        `the document starts with ${length} characters of white space before its XML declaration, which XML does not allow; ${where}`,
        "",
        { length },
        1,
      );
    else
      this.#issues.add(
        "warning",
        "OFX_LEADING_WHITESPACE",
        `the document starts with ${length} characters of white space before its OFX 1 header block (OFXHEADER:…), which OFX 1 does not allow; ${where}`,
        "",
        { length },
        1,
      );
  }

  /**
   * Reports the NULs and Ctrl-Zs (0x1A, DOS end of file) skipped before the document (`readOfxHeader` skips them, with
   * the white space among them): file transfers and DOS tools leave them, and the user is told the file had them.
   */
  #leadingControl(head: string, header: OfxHeader): void {
    let nul = 0;
    let ctrlZ = 0;
    let first = -1;
    for (let i = 0; i < header.start; i++) {
      const c = head.charCodeAt(i);
      if (c !== 0 && c !== 0x1a) continue;
      if (first < 0) first = i;
      if (c === 0) nul++;
      else ctrlZ++;
    }
    if (first < 0) return;
    const parts = [
      ...(nul === 0 ? [] : [nul === 1 ? "a NUL character" : `${nul} NUL characters`]),
      ...(ctrlZ === 0 ? [] : [ctrlZ === 1 ? "a Ctrl-Z (0x1A)" : `${ctrlZ} Ctrl-Zs (0x1A)`]),
    ].join(" and ");
    const what =
      header.syntax === "xml"
        ? "its XML declaration"
        : header.fields.OFXHEADER !== undefined
          ? "its OFX 1 header block (OFXHEADER:…)"
          : "its <OFX> element";
    // The line of the first: after the white space skipped before the head, and any line ends among them.
    const line = this.#leadingLines + head.slice(0, first).split(/\r\n|\r|\n/).length;
    this.#issues.add(
      "warning",
      "OFX_LEADING_CONTROL",
      nul + ctrlZ === 1
        ? `the document starts with ${parts} before ${what}, which is no part of OFX (file transfers and DOS tools leave it); it was skipped`
        : `the document starts with ${parts} before ${what}, which are no part of OFX (file transfers and DOS tools leave them); they were skipped`,
      "",
      { nul, ctrlZ },
      line,
    );
  }

  /** Reads the header from the start of the document and chooses the body's reader. */
  #decide(): void {
    this.#decided = true;
    const head = this.#head;
    this.#head = "";
    // Decided on the same characters however the document was cut, so the choice does not depend on the chunks.
    const header = readOfxHeader(head.length > HEAD_CHARS ? head.slice(0, HEAD_CHARS) : head);
    if (header === undefined) {
      this.#refusal = {
        severity: "error",
        code: "FORMAT_UNSUPPORTED",
        message:
          head.length === 0 && this.#leading > 0
            ? "the document is white space only: not an OFX document"
            : "no OFX header and no <OFX> element: not an OFX document",
      };
      return;
    }
    this.#leadingSpace(header.syntax, header.fields.OFXHEADER !== undefined);
    this.#leadingControl(head, header);
    if (header.syntax === "xml") {
      // The elements as the XML reader reads them decide how names are read (see XmlGuard), not a comment before them.
      const guard = new XmlGuard(
        this.#builder,
        (length, position) => this.#trailingPadding(length, position),
        (name, root) => this.#tagCase(name, root),
      );
      this.#linesBefore = this.#leadingLines + head.slice(0, header.bodyStart).split(/\r\n|\r|\n/).length - 1;
      // NUL padding after </OFX> (fixed-size records of file transfers) is skipped, as for camt, not read as SGML.
      const reader = createXmlReader(guard, { padding: true });
      this.#xml = { reader, guard, window: [], windowStart: 0, windowEnd: 0, dropped: Number.NaN };
    } else this.#sgml = new OfxSgmlReader(this.#builder, this.#sgmlOptions);
    if (head.length > header.bodyStart) this.#body(head, header.bodyStart);
  }

  /**
   * Reads a chunk of the body (from index `from` on).
   *
   * DOS tools end a text file with Ctrl-Z (0x1A, the CP/M end of file), a transfer in text mode may add a line end
   * after it, and a transfer that pads the file to its block adds NULs (`</OFX>` Ctrl-Z NUL NUL …). A run of Ctrl-Zs
   * and NULs at the end of the document, with the white space after its first (at most {@link EOF_TAIL} characters
   * after its first Ctrl-Zs, among which more Ctrl-Zs and NULs), is dropped: the XML reader would take a Ctrl-Z for
   * text after the root element (and fall back to SGML, calling the bank's XML broken), the SGML reader the run for
   * the last leaf's text. In an OFX 2 document, the run begins at its first Ctrl-Z (NULs before it go to the XML reader
   * as they come, as white space does), and the NULs after it are handed to the XML reader at the end, which reports
   * them as padding (see {@link #endPadding}). Such a run at the end of what came so far waits for the next chunk, and is read
   * before it when one comes with other text. White space before the run's first Ctrl-Z or NUL is read as it comes.
   */
  #body(text: string, from = 0): void {
    let end = text.length;
    let marks = false;
    // Whether the run holds anything but Ctrl-Zs: white space or NULs.
    let others = false;
    while (end > from) {
      const c = text.charCodeAt(end - 1);
      if (c === 0x1a) marks = true;
      else if (c === 0) marks = others = true;
      else if (c === 32 || c === 9 || c === 10 || c === 13) others = true;
      else break;
      end--;
    }
    if (end > from) {
      // Text other than the run: what was held is no end of file, and is read before it.
      this.#flushEof();
      this.#eofOverflow = false;
      // The common case: a chunk that ends in text, or in white space without a Ctrl-Z, is read whole.
      if (!marks) {
        this.#read(text, from);
        return;
      }
      this.#read(text.slice(0, end), from);
    }
    this.#eofRun(text, end, others);
  }

  /**
   * Holds back the Ctrl-Zs, NULs and white space that end `text` from `from` on (see {@link #body}); `others` says
   * whether there is anything but Ctrl-Zs among them.
   */
  #eofRun(text: string, from: number, others: boolean): void {
    let at = from;
    if (this.#eofOverflow) {
      // Longer than an end of file's white space: read as any text.
      this.#read(text, at);
      return;
    }
    if (this.#eofMarks === 0 && this.#eofTail === "") {
      // White space before the first Ctrl-Z or NUL is read as it comes: it is the document's own. So are NULs before
      // the first Ctrl-Z of an OFX 2 document: the XML reader skips NUL padding after the root whatever its length.
      const nulEnds = this.#xml === undefined;
      let mark = at;
      for (; mark < text.length; mark++) {
        const c = text.charCodeAt(mark);
        if (c === 0x1a || (c === 0 && nulEnds)) break;
      }
      if (mark === text.length) {
        if (at < text.length) this.#read(text, at);
        return;
      }
      if (mark > at) this.#read(text.slice(0, mark), at);
      at = mark;
    }
    if (this.#eofTail === "") {
      // Only counted: a long run of Ctrl-Zs in many chunks costs no more than in one.
      if (!others) {
        this.#eofMarks += text.length - at;
        return;
      }
      while (at < text.length && text.charCodeAt(at) === 0x1a) {
        this.#eofMarks++;
        at++;
      }
      if (at === text.length) return;
    }
    this.#eofTail += at === 0 ? text : text.slice(at);
    if (this.#eofTail.length > EOF_TAIL) {
      this.#flushEof();
      this.#eofOverflow = true;
    }
  }

  /**
   * At the end of an OFX 2 document whose root element is closed, hands the NULs held back (see {@link #body}), with
   * the white space among them and without the Ctrl-Zs, to the XML reader, which skips them as the NUL padding they
   * are (XML_TRAILING_PADDING): as it does NULs without a Ctrl-Z. With its root still open they are dropped, as the
   * Ctrl-Zs are: a NUL inside an element is no padding, and would make the document's own text end in NULs.
   */
  #endPadding(xml: XmlState): void {
    const held = this.#eofTail;
    if (!held.includes("\0") || xml.guard.stack.length > 0 || xml.guard.last !== CLOSE) return;
    this.#eofMarks = 0;
    this.#eofTail = "";
    this.#read(held.replaceAll("\x1a", ""));
  }

  /** Reads the Ctrl-Zs, NULs and white space held back (see {@link #body}) as text of the document. */
  #flushEof(): void {
    // In pieces, not one string: however long the run, memory stays bounded as for any other text (and once the
    // reader stopped at text too large, nothing more is read).
    for (let left = this.#eofMarks; left > 0 && (this.#xml !== undefined || this.#sgml !== undefined); left -= EOF_PIECE)
      this.#read("\x1a".repeat(Math.min(left, EOF_PIECE)));
    this.#eofMarks = 0;
    const tail = this.#eofTail;
    this.#eofTail = "";
    if (tail !== "" && (this.#xml !== undefined || this.#sgml !== undefined)) this.#read(tail);
  }

  /** Hands a chunk of the body (from index `from` on) to the reader of its syntax. */
  #read(text: string, from = 0): void {
    const xml = this.#xml;
    if (xml !== undefined) {
      const chunk = from === 0 ? text : text.slice(from);
      xml.window.push(chunk);
      xml.windowEnd += chunk.length;
      try {
        xml.reader.write(chunk);
      } catch (error) {
        this.#fallBack(xml, error);
        return;
      }
      // Everything before the last event's tag has been delivered: the SGML reader would never need it. Past
      // MAX_WINDOW without an event (a flood of comments), the oldest text goes anyway: memory stays bounded,
      // and a fallback after that goes on from the oldest text kept.
      const last = xml.reader.position().offset;
      while (
        xml.window.length > 1 &&
        (xml.windowStart + (xml.window[0] as string).length <= last || xml.windowEnd - xml.windowStart > MAX_WINDOW)
      ) {
        const gone = xml.window.shift() as string;
        xml.windowStart += gone.length;
        if (gone.length > 0) xml.dropped = gone.charCodeAt(gone.length - 1);
      }
      return;
    }
    const sgml = this.#sgml;
    if (sgml !== undefined) {
      sgml.write(text, from);
      this.#checkSgml(sgml);
    }
  }

  /** The XML reader stopped: report it and let the SGML reader go on from the last event it delivered. */
  #fallBack(xml: XmlState, error: unknown): void {
    const mixed = error instanceof MixedContent;
    if (!mixed && !(isHubError(error) && error.code.startsWith("XML_"))) throw error;
    this.#xml = undefined;
    const reason = error instanceof Error ? error.message : String(error);
    this.#issues.add(
      "warning",
      "OFX_XML_MALFORMED",
      `the OFX 2 document is not well-formed XML (${reason.slice(0, 200)}); it was read on from there as OFX 1 SGML`,
      "",
      { xmlCode: mixed ? "XML_MALFORMED" : isHubError(error) ? error.code : "XML_MALFORMED" },
    );
    const guard = xml.guard;
    const text = xml.window.join("");
    // The last event was at the tag at `at`: after an element's start or end, go on after that tag; after
    // text, the tag that ended it was not read (the error was in it, or it opened inside the leaf).
    const at = guard.last === NONE ? xml.windowStart : xml.reader.position().offset;
    const local = Math.max(at - xml.windowStart, 0);
    const from = guard.last === OPEN || guard.last === CLOSE ? afterTag(text, local) : local;
    // After text, whether it ended in a space or tab before the tag: the XML reader took those with the text, and
    // the SGML reader's rule for markup in text tells `Order <ABC>` from `m<CATEGORY>` by that space.
    const before = from > 0 ? text.charCodeAt(from - 1) : xml.dropped;
    const spaceBefore = guard.last === TEXT && (before === 32 || before === 9);
    const sgml = new OfxSgmlReader(this.#builder, {
      ...this.#sgmlOptions,
      // The builder has seen the names upper-cased when they were read so: the SGML reader closes them by those.
      open: { names: guard.folded ? guard.stack.map(upperAscii) : guard.stack, hasText: guard.last === TEXT, spaceBefore },
    });
    this.#sgml = sgml;
    sgml.write(text, from);
    this.#checkSgml(sgml);
  }

  /**
   * Reports the NUL padding the XML reader skipped after the root element, with the code and message camt gives it.
   * The line, not the offset, locates it: the offset counts from the body, after the header.
   */
  #trailingPadding(length: number, position: XmlPosition): void {
    this.#issues.add(
      "warning",
      "XML_TRAILING_PADDING",
      `the document ends with ${length} NUL characters and white space after its root element, which XML does not allow (the padding of fixed-size records); they were skipped (line ${position.line + this.#linesBefore})`,
      "",
      { length },
      position.line + this.#linesBefore,
    );
  }

  /**
   * Reports an OFX 2 document whose element names are not written in upper case (see {@link UpperCaseNames}): from
   * `name`, the first such name, inside the root element `root` (`undefined` when `name` is the root).
   */
  #tagCase(name: string, root: string | undefined): void {
    this.#issues.add(
      "warning",
      "OFX_TAG_CASE",
      `the OFX 2 document writes its element names in lower or mixed case (<${name}>${root === undefined ? "" : ` in <${root}>`}), where OFX writes them in upper case and XML names are case-sensitive; they were read as if in upper case`,
      "",
      root === undefined ? { root: name } : { root, element: name },
    );
  }

  /** Reports an aggregate the SGML reader ended because `opening` began inside it (its end tag is missing). */
  #unclosed(name: string, opening: string): void {
    this.#issues.add(
      "warning",
      "OFX_AGGREGATE_UNCLOSED",
      `${name} has no end tag: ${opening === name ? `another ${name}` : opening} begins inside it; it was ended there and kept`,
      name === "STMTTRN" || name === "STMTTRNP" ? this.#builder.location : this.#builder.statementLocation,
      { element: name },
    );
  }

  /**
   * Reports a tag that is not an OFX element found right after text (`<MEMO>Order <ABC> done`): every time it
   * was kept as text, as that changed one transaction's text; once per markup when it was read as an element,
   * as a bank that writes a dot-less extension element (`<CATEGORY>`) writes it in every transaction.
   */
  #markupInText(found: MarkupInText): void {
    const { markup, leaf, readAs, misplaced = false } = found;
    if (readAs === "element") {
      if (this.#markupSeen.has(markup)) return;
      if (this.#markupSeen.size < MAX_MARKUP_NAMES) this.#markupSeen.add(markup);
    }
    this.#issues.add(
      "warning",
      "OFX_MARKUP_IN_TEXT",
      misplaced
        ? `"${markup}" in the text of ${leaf} names an OFX element that cannot begin there (the transaction has it already, or it is no part of a transaction); it was kept as text`
        : readAs === "text"
          ? `"${markup}" in the text of ${leaf} is not an OFX element; it was kept as text`
          : `${markup} follows the text of ${leaf} on its line and is not an OFX element: it was read as an element (a bank extension), which ends the text of ${leaf}; if it belongs to that text, the text was cut there (reported once per element)`,
      this.#builder.location,
      misplaced ? { markup, leaf, readAs, misplaced } : { markup, leaf, readAs },
    );
  }

  /** Whether the SGML reader stopped at a token too large to be OFX; reported once, and what is open is closed. */
  #checkSgml(sgml: OfxSgmlReader): boolean {
    if (!sgml.tooLarge) return false;
    this.#sgml = undefined;
    this.#issues.add(
      "error",
      "OFX_TEXT_TOO_LARGE",
      `a text, tag or comment is longer than ${MAX_SGML_TOKEN} characters: not OFX; the document was not read from there on`,
      "",
    );
    sgml.end();
    return true;
  }
}
