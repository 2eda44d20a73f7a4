/**
 * The contract every bank file format implements. A format is a plain object: it says how sure it is that
 * a document is its kind (`sniff`) and turns decoded text into canonical statements (`parse`). The
 * framework (`registry.ts`) does what all formats share: reading the bytes' encoding, choosing the format,
 * integrity checks, and turning anything unexpected into an issue instead of an exception.
 *
 * @module
 */
import type { DocumentId, Issue, Statement } from "../core/index.js";
import type { TotalsRule } from "./checks.js";
import type { StatementStreamEvent } from "./statement-stream.js";

/** Format identifier: `camt.053`, `mt940`, `bai2`, `ofx`, `canonical-json`, … (stable: users type them). */
export type FormatId = string;

/** What a format sees when asked whether a document is its kind. */
export interface SniffInput {
  /**
   * The first bytes of the document (at most {@link SNIFF_BYTES}) after the white space it starts with, if any (up
   * to a mebibyte, an even number of bytes: see `registry.ts`).
   */
  readonly head: Uint8Array;
  /** The same bytes decoded with the detected encoding (a character may be cut at the end). */
  readonly text: string;
  /**
   * How many bytes of white space were skipped before {@link head} (after a UTF-8 byte-order mark, which `head`
   * keeps). A binary format whose files start with a signature (a ZIP, an OLE file) is not recognised after white
   * space: its reader could not read it. @default 0
   */
  readonly skipped?: number;
  readonly filename?: string;
}

/** How many leading bytes sniffing looks at (after leading white space). */
export const SNIFF_BYTES = 64 * 1024;

/** What a format's parse is told besides the text. */
export interface ParseContext {
  /** The format id the document was recognised as (one implementation may serve several ids). */
  readonly format: FormatId;
  /** The encoding the text was decoded from (`utf-8`, `gb18030`, `windows-1252`, …). */
  readonly encoding: string;
  /** The raw document's id, for the entries' source locations. */
  readonly documentId?: DocumentId;
  readonly filename?: string;
  /**
   * Options for this format from the caller (`bankbridge parse --profile FILE` puts a bank CSV mapping profile
   * here as `profile`). Formats validate what they read from it.
   */
  readonly formatOptions?: Readonly<Record<string, unknown>>;
}

/** What a format made of a document. */
export interface FormatResult {
  readonly statements: Statement[];
  /** Everything found on the way; an `error` issue means something was not read. */
  readonly issues: Issue[];
  /**
   * Set when the document as a whole was refused (not this format after all, malformed beyond recovery, a
   * security limit): the CLI exits 2 and the ingest run fails. Also in `issues`.
   */
  readonly rejected?: Issue;
}

/** A bank statement format. */
export interface StatementFormat {
  readonly id: FormatId;
  /** One line for `bankbridge parse --help` and docs. */
  readonly description: string;
  /**
   * How sure the format is that the document is its kind: 0 (certainly not) to 1 (certain). The registry picks
   * the highest score; 0.5 and above counts as recognised.
   */
  sniff(input: SniffInput): number;
  /** Turns decoded text into statements. Must not throw on any input: bad input becomes issues. */
  parse(text: string, context: ParseContext): FormatResult;
  /**
   * Parses a document from its bytes, which the registry has checked to be valid UTF-8 (a byte-order mark
   * removed), with the same result as {@link parse} on the decoded text. The registry prefers it for UTF-8
   * documents: a format whose markup is ASCII can then read the bytes in chunks and decode only what it keeps,
   * instead of holding the document twice (bytes and text) and decoding all of it.
   */
  parseUtf8?(bytes: Uint8Array, context: ParseContext): FormatResult;
  /**
   * Reads the document from text chunks (split anywhere) as events, keeping no more than a slice of text's entries
   * however large it is (`statement-stream.ts` lists the events). The events come in batches (arrays, never empty,
   * in document order, the consumer's to keep): a promise per event would cost more than reading a BAI2 entry. The
   * registry's `stream` uses it, and `bankbridge parse` and `import` read large files this way. Gives the
   * statements, entries and findings `parse` gives, each statement's integrity findings in its `statementEnd`
   * event; on a refusal, what was read before it stands. Must not throw.
   */
  stream?(chunks: Iterable<string> | AsyncIterable<string>, context: ParseContext): AsyncIterable<readonly StatementStreamEvent[]>;
  /** How the format's stated totals count entries, for the integrity checks (`checks.ts`). @default {} */
  readonly totals?: TotalsRule;
  /**
   * For binary formats (Excel): parses the raw bytes instead of decoded text. When present, the registry calls
   * this and not {@link parse}, and `context.encoding` is `binary`. Must not throw either.
   */
  parseBytes?(bytes: Uint8Array, context: ParseContext): FormatResult;
}

/** Writes canonical statements in a bank or interchange format (`--to`). */
export interface StatementWriter {
  /** `camt.053`, `mt940`, `csv`, … */
  readonly id: string;
  readonly description: string;
  /** File extension for `--out`, without the dot. */
  readonly extension: string;
  readonly mediaType: string;
  /**
   * What a character the output encoding lacks is written as (`parse --out-encoding`), where `?` would mean
   * something in the format (MT940's `:86:` subfields). @default "?"
   */
  readonly unrepresentable?: string;
  /**
   * The document for `statements`. What the target format cannot hold is reported as issues (warnings),
   * never dropped silently. With no statement, a format that cannot hold none (camt, MT940) writes nothing
   * (`content` empty) and says so (`WRITE_NO_STATEMENTS`), rather than a document its readers would refuse.
   */
  write(statements: readonly Statement[], options?: WriteOptions): { content: string; issues: Issue[] };
  /**
   * Writes statements one at a time, for documents read as a stream (`bankbridge parse --to … --stream`): the
   * texts a session returns, joined, are `write`'s content for the same statements, and its `end` issues are
   * `write`'s issues. Absent where the format is one document around all statements (camt).
   */
  begin?(): StatementWriteSession;
}

/** What a writer is told besides the statements. */
export interface WriteOptions {
  /**
   * The moment of writing: the document's creation time when no statement says when it was made or what day it is
   * of (a BAI2 file with nothing to report), instead of a made-up date. Writers are otherwise pure.
   * @default () => new Date()
   */
  readonly now?: () => Date;
}

/** One document written a statement at a time (see {@link StatementWriter.begin}). */
export interface StatementWriteSession {
  /** The text for the next statement (the first one's begins with the document's head). */
  statement(statement: Statement): string;
  /** The text that ends the document (its head, if no statement came), and what could not be written. */
  end(): { content: string; issues: Issue[] };
}
