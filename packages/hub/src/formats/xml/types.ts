/**
 * The contract of the XML reader: what it calls, what it is told, what it returns.
 *
 * @module
 */

/**
 * Receives the events of a document, in document order. The reader calls the methods on the handler
 * object (`this` is the handler), so a class instance works as well as a plain object.
 *
 * @example
 * const handler: XmlHandler = {
 *   open(name, attributes) { if (localName(name) === "Amt") currency = attributes?.get("Ccy") },
 *   text(value) { last = value },
 *   close(name) {},
 * };
 */
export interface XmlHandler {
  /**
   * A start tag (also for an empty-element tag `<a/>`, followed at once by {@link close}).
   *
   * @param name the element name as written, with its prefix (`ns2:Ntry`), unless `localNames` is set.
   * @param attributes the element's attributes, or `undefined` when it has none (no object is made then).
   */
  open(name: string, attributes: XmlAttributes | undefined): void;
  /**
   * The character data between two tags, entity references decoded, line ends normalised to LF, CDATA
   * sections included and comments and processing instructions left out. Delivered once per run: text
   * split across chunks, or around a comment or CDATA section, comes as one value. Whitespace-only runs
   * (after decoding: `&#32;` is white space) are not delivered unless `keepWhitespace` is set; text outside
   * the root element never is.
   *
   * A value of 13 or more code units may be a V8 slice that keeps the chunk it came from in memory: a
   * handler that keeps many values of a large streamed document should keep what it derives from them.
   */
  text(value: string): void;
  /** An end tag; `name` is the same string that {@link open} received for the element. */
  close(name: string): void;
  /** The XML declaration (`<?xml version="1.0" encoding="UTF-8"?>`), if the document starts with one. */
  declaration?(declaration: XmlDeclaration): void;
  /**
   * What the {@link XmlReaderOptions.padding} option let the reader skip, once per kind: `leading`, the white space
   * before the XML declaration (told once the declaration has been read, and before {@link declaration}: a
   * document refused for its declaration is told nothing); `trailing`, the NUL characters after the root
   * element with the white space among and after them (told by `end()`, from the first NUL on).
   *
   * @param length how many characters (bytes with `utf8Bytes`) were skipped.
   * @param position where the skipped characters start.
   */
  padding?(kind: "leading" | "trailing", length: number, position: XmlPosition): void;
}

/** The attributes of one start tag. The object is the handler's to keep; it does not change afterwards. */
export interface XmlAttributes extends Iterable<readonly [name: string, value: string]> {
  /** How many attributes the tag has (at least one). */
  readonly size: number;
  /**
   * The decoded value of the attribute named exactly `name` (with its prefix, e.g. `xmlns:ns2`).
   * Values are decoded when first asked for.
   */
  get(name: string): string | undefined;
  /** Whether the tag has an attribute named exactly `name`. */
  has(name: string): boolean;
  /** The attributes as written in the tag, between the element name and `>` or `/>` (already validated). */
  readonly raw: string;
}

/** The pseudo-attributes of the XML declaration. */
export interface XmlDeclaration {
  /** `version`, e.g. `"1.0"`. */
  readonly version: string;
  /**
   * `encoding` as declared (`"UTF-8"`, `"ISO-8859-1"`), or `undefined` when not declared. The reader reads
   * decoded text; this is what the document claims, for a caller to compare with how it decoded the bytes.
   */
  readonly encoding: string | undefined;
  /** `standalone` (`yes` is `true`), or `undefined` when not declared. */
  readonly standalone: boolean | undefined;
}

/** A place in the document. Offsets and columns count UTF-16 code units of the decoded text. */
export interface XmlPosition {
  /** 0-based index in the whole document (all chunks). */
  readonly offset: number;
  /** 1-based line (LF counts; CR LF counts once). */
  readonly line: number;
  /** 1-based column. */
  readonly column: number;
}

/**
 * Options of {@link createXmlReader}. The limits bound the work and memory a hostile document can cause;
 * the defaults are far above anything a bank sends.
 *
 * @example createXmlReader(handler, { localNames: true, maxDepth: 64 })
 */
export interface XmlReaderOptions {
  /** Deepest element nesting allowed (the root is depth 1); deeper is `XML_TOO_DEEP`. @default 256 */
  readonly maxDepth?: number;
  /**
   * Longest text run, CDATA section, comment, processing instruction or attribute value, in UTF-16 code units
   * as written (before references are decoded); longer is `XML_TEXT_TOO_LARGE`. Detected while streaming:
   * the reader holds at most this much of a text run. @default 1_048_576
   */
  readonly maxTextLength?: number;
  /**
   * Longest start or end tag, `<` to `>`, in UTF-16 code units; longer is `XML_TAG_TOO_LARGE`. This bounds
   * names and attribute lists, and so caps attribute values below `maxTextLength` unless raised. @default 65_536
   */
  readonly maxTagLength?: number;
  /** Most attributes on one element; more is `XML_TAG_TOO_LARGE`. @default 256 */
  readonly maxAttributes?: number;
  /** Deliver whitespace-only text runs inside the root element too. @default false */
  readonly keepWhitespace?: boolean;
  /** Give `open` and `close` local names (`Ntry` for `ns2:Ntry`). Attribute names are unchanged. @default false */
  readonly localNames?: boolean;
  /**
   * The text is a document already checked to be valid UTF-8, read one byte per character
   * (`buffer.toString("latin1")`), in one `write` or in chunks that each end at a character boundary (never inside
   * a multi-byte sequence, which would be decoded in two halves). Markup is ASCII, so the reader reads it as it is
   * and the document is never decoded as a whole: only the text and attribute values it delivers are decoded
   * from UTF-8 (before references are replaced, so `&#xE9;` stays one character). A name that is not ASCII
   * cannot be checked this way and is refused as `XML_NAME_NOT_ASCII`: read such a document again decoded.
   * Limits and positions count bytes instead of UTF-16 code units. @default false
   */
  readonly utf8Bytes?: boolean;
  /**
   * Deliver text that refers to no chunk: V8 makes a slice of 13 or more characters a view that keeps its whole
   * parent string alive, so a handler that keeps text from every chunk would keep every chunk. With this set,
   * text runs of 13 characters or more are copied before delivery. @default false
   */
  readonly ownText?: boolean;
  /**
   * Accept the padding that file transfers add around a document, which XML does not allow: white space before the
   * XML declaration (blank lines, also after a byte order mark), and NUL characters after the root element (records
   * of a fixed size filled with `\0`), with white space among them. Nothing else is accepted there: text, markup or
   * another character after the NULs, or a comment before the declaration, is still `XML_MALFORMED`. The handler's
   * {@link XmlHandler.padding} is told what was skipped. @default false
   */
  readonly padding?: boolean;
}

/**
 * A push parser: feed decoded text in any number of chunks, split anywhere, then call {@link end}.
 * Every problem is thrown as a `HubError` whose `code` is one of the `XML_*` codes and whose `details`
 * hold the `line`, `column` and `offset`; after that the reader refuses further input. An error thrown by
 * the handler goes through unchanged and stops the reader the same way.
 */
export interface XmlReader {
  /** Reads the next chunk of the document, calling the handler for everything complete in it. */
  write(chunk: string): void;
  /** Declares the end of the document and checks that it was complete. */
  end(): void;
  /** The XML declaration, once read; `undefined` if there is none (or not yet). */
  readonly declaration: XmlDeclaration | undefined;
  /** How many elements are open; during `open` and `close`, that of the element's parent (0 for the root). */
  readonly depth: number;
  /**
   * Where the reader is: during `open`, the start of that start tag; during `text` and `close`, the start of
   * the tag that ends the text or the element. Meant for messages about the content being delivered.
   */
  position(): XmlPosition;
}
