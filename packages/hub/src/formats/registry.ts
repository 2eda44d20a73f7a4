/**
 * The format registry: the one entry point that turns raw bytes into statements. It decodes (see
 * `encoding.ts`), picks the format (`--format auto` asks every format's `sniff`), parses, runs the integrity
 * checks, and guarantees the contract a caller relies on: it never throws, whatever the bytes.
 *
 * @module
 */
import { type DocumentId, type Issue, toHubError } from "../core/index.js";
import type { Statement } from "../core/statement.js";
import { checkContinuity, checkStatement } from "./checks.js";
import {
  chooseEncoding,
  type Decoded,
  decodeChunks,
  decodeDocument,
  leadingSpaceBytes,
  MAX_LEADING_SPACE,
  normalizeEncoding,
  utf8Document,
} from "./encoding.js";
import { type FormatId, type FormatResult, SNIFF_BYTES, type StatementFormat } from "./format.js";
import type { StatementStreamEvent } from "./statement-stream.js";

/** Options of {@link FormatRegistry.parse}. */
export interface ParseDocumentOptions {
  /** A format id, or `auto` to detect. @default "auto" */
  readonly format?: FormatId | "auto";
  /** An encoding label, or `auto` to detect. @default "auto" */
  readonly encoding?: string;
  readonly documentId?: DocumentId;
  readonly filename?: string;
  /** Options handed to the format as `context.formatOptions` (for example a CSV mapping `profile`). */
  readonly formatOptions?: Readonly<Record<string, unknown>>;
}

/** A parsed document: what `bankbridge parse` prints and `importDocument` ingests. */
export interface ParsedDocument {
  /** The format used; `undefined` when none recognised the document. */
  readonly format: FormatId | undefined;
  /** The encoding the bytes were read with; `undefined` when they were not read. */
  readonly encoding: string | undefined;
  readonly statements: Statement[];
  readonly issues: Issue[];
  /** Set when the document as a whole was refused; the same issue is in `issues`. */
  readonly rejected?: Issue;
}

/**
 * From this size on, `bankbridge parse`, `bankbridge import` and `importDocument` read a document as a stream
 * (`--stream auto`). A whole-document parse holds every entry as objects, several times the file's size: a 200 MB
 * BAI2 file needs about 1.8 GB, and its JSON output more than Node's default heap. A stream holds one entry.
 */
export const LARGE_DOCUMENT_BYTES = 64 * 1024 * 1024;

/** A document read as events (see {@link FormatRegistry.stream}). */
export interface StreamedDocument {
  /** The format used; `undefined` when none recognised the document. */
  readonly format: FormatId | undefined;
  /** The encoding the bytes are read with; `undefined` when they are not read. */
  readonly encoding: string | undefined;
  /**
   * The events in batches (arrays, never empty, in document order: a promise per event would cost more than
   * reading many an entry), ending with `end` (whose `rejected` is set when the document was refused).
   * `eventsOf(batches)` gives them one at a time.
   */
  readonly batches: AsyncIterable<readonly StatementStreamEvent[]>;
}

/** The set of known formats. */
export interface FormatRegistry {
  /** Every registered format, in registration order. */
  list(): readonly StatementFormat[];
  get(id: FormatId): StatementFormat | undefined;
  /** The best-matching format for the bytes, with its score, or `undefined` when none scores ≥ 0.5. */
  detect(
    bytes: Uint8Array,
    options?: { encoding?: string; filename?: string },
  ): { format: StatementFormat; score: number; decoded: Decoded } | undefined;
  /** Parses a document. Never throws: refusals and findings are issues. */
  parse(bytes: Uint8Array, options?: ParseDocumentOptions): ParsedDocument;
  /**
   * Reads a document as events, keeping one entry at a time: for documents whose statements are too large to
   * hold. The format and encoding are chosen as {@link parse} chooses them, and the text is decoded a mebibyte at
   * a time. `undefined` when the format has no streaming parser (use {@link parse}). Never throws, and the events
   * never do: a refusal (unknown format, empty document, a parser failure) is an `issue` and the `end` event's
   * `rejected`, after whatever was read before it.
   */
  stream(bytes: Uint8Array, options?: ParseDocumentOptions): StreamedDocument | undefined;
}

/** The events of a document refused before it was read. */
async function* refusalEvents(issue: Issue): AsyncGenerator<readonly StatementStreamEvent[], void, undefined> {
  yield [
    { type: "issue", issue },
    { type: "end", statements: 0, entries: 0, rejected: issue },
  ];
}

/**
 * A format's event batches with the registry's guarantee: an exception (a parser bug) ends them with
 * `PARSER_FAILED` instead of escaping, nothing follows `end`, and they always end with `end`.
 */
async function* guarded(
  open: () => AsyncIterable<readonly StatementStreamEvent[]>,
  formatId: FormatId,
): AsyncGenerator<readonly StatementStreamEvent[], void, undefined> {
  let statements = 0;
  let entries = 0;
  try {
    for await (const batch of open()) {
      for (let i = 0; i < batch.length; i++) {
        const type = (batch[i] as StatementStreamEvent).type;
        if (type === "statement") statements++;
        else if (type === "entry") entries++;
        else if (type === "end") {
          yield i === batch.length - 1 ? batch : batch.slice(0, i + 1);
          return;
        }
      }
      if (batch.length > 0) yield batch;
    }
  } catch (e) {
    const issue: Issue = {
      severity: "error",
      code: "PARSER_FAILED",
      message: `the ${formatId} parser failed on this document: ${toHubError(e).message}`,
    };
    yield [
      { type: "issue", issue },
      { type: "end", statements, entries, rejected: issue },
    ];
    return;
  }
  // A stream that stopped without its end event: say so rather than leave the reader waiting for it.
  const issue: Issue = { severity: "error", code: "PARSER_FAILED", message: `the ${formatId} parser stopped without ending the document` };
  yield [
    { type: "issue", issue },
    { type: "end", statements, entries, rejected: issue },
  ];
}

/**
 * How many bytes of white space (space, tab, CR, LF) begin `bytes`, up to {@link MAX_LEADING_SPACE}, and an even
 * number: the formats are recognised from the first {@link SNIFF_BYTES} after them, so a camt document after 100 KB
 * of blank lines (host-to-host padding, which the camt reader skips) is recognised as `--format camt.053` reads it.
 * Even, because in UTF-16 without a byte-order mark a space is `20 00`: skipping one byte of it would shift the text.
 */
function leadingSpace(bytes: Uint8Array): number {
  return leadingSpaceBytes(bytes, MAX_LEADING_SPACE) & ~1;
}

/**
 * What detection reads of `whole`: its start after {@link leadingSpace}, and after a UTF-8 byte-order mark the white
 * space that follows it skipped too, with the mark kept in front (it decides the encoding), in a copy of
 * {@link SNIFF_BYTES} at most.
 */
function sniffedBytes(whole: Uint8Array): { bytes: Uint8Array; skipped: number } {
  const bom = whole[0] === 0xef && whole[1] === 0xbb && whole[2] === 0xbf ? 3 : 0;
  const skipped = leadingSpace(bom === 0 ? whole : whole.subarray(bom));
  if (skipped === 0) return { bytes: whole, skipped };
  if (bom === 0) return { bytes: whole.subarray(skipped), skipped };
  const rest = whole.subarray(bom + skipped, bom + skipped + SNIFF_BYTES);
  const out = new Uint8Array(bom + rest.length);
  out.set(whole.subarray(0, bom));
  out.set(rest, bom);
  return { bytes: out, skipped };
}

function reject(code: string, message: string, format?: FormatId, encoding?: string): ParsedDocument {
  const issue: Issue = { severity: "error", code, message };
  return { format, encoding, statements: [], issues: [issue], rejected: issue };
}

/** A registry over `formats`. Ids must be unique. */
export function createFormatRegistry(formats: readonly StatementFormat[]): FormatRegistry {
  const byId = new Map<FormatId, StatementFormat>();
  for (const f of formats) {
    if (byId.has(f.id)) throw new Error(`format ${f.id} registered twice`);
    byId.set(f.id, f);
  }
  const list = Object.freeze([...formats]);

  const decodeHead = (bytes: Uint8Array, encoding: string | undefined): Decoded => {
    const head = decodeDocument(bytes.subarray(0, SNIFF_BYTES), encoding);
    // The first SNIFF_BYTES may end inside a character (UTF-8 and GB18030 take up to four bytes): that alone fails
    // the strict checks that choose UTF-8 or GB18030, and the head would be read as windows-1252, its Chinese
    // headers garbled, and a bank CSV refused as no format. The head is read again without the cut character.
    if (
      bytes.length <= SNIFF_BYTES ||
      encoding !== undefined ||
      head.basis === "bom" ||
      head.encoding === "utf-8" ||
      head.encoding === "gb18030"
    )
      return head;
    for (let cut = 1; cut <= 3; cut++) {
      const shorter = decodeDocument(bytes.subarray(0, SNIFF_BYTES - cut));
      if (shorter.encoding === "utf-8" || shorter.encoding === "gb18030") return shorter;
    }
    return head;
  };

  const detect: FormatRegistry["detect"] = (whole, options = {}) => {
    const forced = options.encoding === undefined || options.encoding === "auto" ? undefined : options.encoding;
    const { bytes, skipped } = sniffedBytes(whole);
    const head = decodeHead(bytes, forced);
    let best: { format: StatementFormat; score: number } | undefined;
    for (const f of list) {
      let score = 0;
      try {
        score = f.sniff({
          head: bytes.subarray(0, SNIFF_BYTES),
          text: head.text,
          skipped,
          ...(options.filename === undefined ? {} : { filename: options.filename }),
        });
      } catch {
        score = 0;
      }
      if (score >= 0.5 && (best === undefined || score > best.score)) best = { format: f, score };
    }
    return best === undefined ? undefined : { ...best, decoded: head };
  };

  /** The format for `bytes` (given or detected) and the encoding asked for, or the refusal. */
  const pick = (
    bytes: Uint8Array,
    options: ParseDocumentOptions,
  ): { format: StatementFormat; encodingOption: string | undefined } | ParsedDocument => {
    const encodingOption = options.encoding === undefined || options.encoding === "auto" ? undefined : options.encoding;
    if (encodingOption !== undefined && normalizeEncoding(encodingOption) === undefined) {
      return reject("ENCODING_UNSUPPORTED", `unknown encoding "${encodingOption.slice(0, 40)}"`);
    }
    if (bytes.byteLength === 0) return reject("FILE_EMPTY", "the document is empty");
    if (options.format !== undefined && options.format !== "auto") {
      const format = byId.get(options.format);
      if (format === undefined) {
        return reject("FORMAT_UNKNOWN", `unknown format "${options.format.slice(0, 40)}"; known: ${list.map((f) => f.id).join(", ")}`);
      }
      return { format, encodingOption };
    }
    const format = detect(bytes, {
      ...(encodingOption === undefined ? {} : { encoding: encodingOption }),
      ...(options.filename === undefined ? {} : { filename: options.filename }),
    })?.format;
    if (format === undefined) {
      return reject("FORMAT_UNSUPPORTED", `no format recognises this document; known: ${list.map((f) => f.id).join(", ")}`);
    }
    return { format, encodingOption };
  };

  const contextOf = (format: StatementFormat, options: ParseDocumentOptions) => ({
    format: format.id,
    ...(options.documentId === undefined ? {} : { documentId: options.documentId }),
    ...(options.filename === undefined ? {} : { filename: options.filename }),
    ...(options.formatOptions === undefined ? {} : { formatOptions: options.formatOptions }),
  });

  const stream: FormatRegistry["stream"] = (bytes, options = {}) => {
    const picked = pick(bytes, options);
    if ("statements" in picked) {
      const issues = picked.issues;
      return { format: picked.format, encoding: picked.encoding, batches: refusalEvents(issues[0] as Issue) };
    }
    const { format, encodingOption } = picked;
    if (format.stream === undefined || format.parseBytes !== undefined) return undefined;
    const choice = chooseEncoding(bytes, encodingOption);
    const encoding = choice.encoding;
    const context = { ...contextOf(format, options), encoding };
    const read = format.stream.bind(format);
    return { format: format.id, encoding, batches: guarded(() => read(decodeChunks(bytes, choice), context), format.id) };
  };

  return {
    list: () => list,
    get: (id) => byId.get(id),
    detect,
    stream,
    parse(bytes, options = {}) {
      const picked = pick(bytes, options);
      if ("statements" in picked) return picked;
      const { format, encodingOption } = picked;
      const context = contextOf(format, options);
      let result: FormatResult;
      let encoding: string;
      if (format.parseBytes !== undefined) {
        // Binary formats read the bytes themselves; there is no text encoding to detect.
        encoding = "binary";
        try {
          result = format.parseBytes(bytes, { ...context, encoding });
        } catch (e) {
          return reject("PARSER_FAILED", `the ${format.id} parser failed on this document: ${toHubError(e).message}`, format.id, encoding);
        }
      } else {
        // A UTF-8 document goes to a format's byte reader when it has one: no decoded copy of the whole text.
        const utf8 = format.parseUtf8 === undefined ? undefined : utf8Document(bytes, encodingOption);
        let read: () => FormatResult;
        if (utf8 !== undefined) {
          encoding = "utf-8";
          const parseUtf8 = format.parseUtf8 as NonNullable<StatementFormat["parseUtf8"]>;
          const utf8Context = { ...context, encoding };
          read = () => parseUtf8.call(format, utf8, utf8Context);
        } else {
          let decoded: Decoded;
          try {
            decoded = decodeDocument(bytes, encodingOption);
          } catch (e) {
            // A document too large for one string (over ~512 MiB) ends up here; the streaming parsers read those.
            return reject("FILE_TOO_LARGE", `cannot read the document as text: ${toHubError(e).message}`, format.id);
          }
          encoding = decoded.encoding;
          const textContext = { ...context, encoding };
          read = () => format.parse(decoded.text, textContext);
        }
        try {
          result = read();
        } catch (e) {
          // A parser bug, not bad input: still a clear refusal rather than a crash, and the cause is kept.
          return reject("PARSER_FAILED", `the ${format.id} parser failed on this document: ${toHubError(e).message}`, format.id, encoding);
        }
      }
      const issues = [...result.issues];
      if (result.rejected === undefined) {
        try {
          result.statements.forEach((s, i) => {
            issues.push(...checkStatement(s, i, format.totals));
          });
          issues.push(...checkContinuity(result.statements.map((statement, i) => ({ statement, path: `/statements/${i}` }))));
        } catch (e) {
          issues.push({ severity: "warning", code: "CHECK_FAILED", message: `integrity checks could not run: ${toHubError(e).message}` });
        }
      }
      return {
        format: format.id,
        encoding,
        statements: result.statements,
        issues,
        ...(result.rejected === undefined ? {} : { rejected: result.rejected }),
      };
    },
  };
}
