/**
 * The whole-document camt parser: the state machine over a string, collecting statements with their entries.
 * It never throws: XML that is not well-formed or breaks a safety limit refuses the document with the XML
 * reader's code and position, a document without camt statements is refused, and a bug in the machine is
 * refused as `PARSER_FAILED` rather than escaping.
 *
 * @module
 */

import { Buffer, constants } from "node:buffer";
import { type Entry, type Issue, isHubError, type Statement } from "../../core/index.js";
import type { FormatResult, ParseContext } from "../format.js";
import { createXmlReader, utf8ByteChunks, type XmlReader } from "../xml/index.js";
import { CamtMachine, type CamtSink } from "./camt-machine.js";

/** The issue that refuses a document, from what the reader or machine threw. */
export function rejection(error: unknown): Issue {
  if (isHubError(error)) {
    const line = error.details.line;
    return {
      severity: "error",
      code: error.code,
      message: error.message,
      ...(typeof line === "number" ? { line } : {}),
      ...(Object.keys(error.details).length > 0 ? { details: error.details } : {}),
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { severity: "error", code: "PARSER_FAILED", message: `the camt parser failed on this document: ${message}` };
}

/** Why a document that read to its end gave no statements, or `undefined` when it gave some. */
export function emptyDocument(messages: number, statements: number): Issue | undefined {
  if (messages === 0) {
    return {
      severity: "error",
      code: "FORMAT_UNSUPPORTED",
      message: "the document has no camt message (BkToCstmrStmt, BkToCstmrAcctRpt or BkToCstmrDbtCdtNtfctn)",
    };
  }
  if (statements === 0) {
    return {
      severity: "error",
      code: "CAMT_NO_STATEMENT",
      message: "the camt message has no statement, report or notification that could be read (Stmt, Rpt, Ntfctn with an account)",
    };
  }
  return undefined;
}

/**
 * Parses a whole camt.052, camt.053 or camt.054 document (any version 001.01–001.13) from its decoded text.
 * Integrity checks (balances, totals, continuity) are the registry's, not this function's. The registry reads
 * UTF-8 documents with {@link parseCamtUtf8} instead.
 *
 * @example parseCamt(xml, { format: "camt.053", encoding: "utf-8" }).statements[0]?.entries.length
 */
export function parseCamt(text: string, context: ParseContext): FormatResult {
  return readCamt((reader) => reader.write(text), context, false).result;
}

/** How much of the document is turned into one string at a time by {@link parseCamtUtf8}. */
const CHUNK_BYTES = 64 * 1024;

/**
 * Parses a whole camt document given as bytes that the caller has checked to be valid UTF-8 (after any
 * byte-order mark), with the same result as {@link parseCamt} on the decoded text.
 *
 * The bytes are read one per character in chunks of 64 KiB (cut between characters), never decoded as a
 * whole: only the text the parser keeps is, and copied so that it keeps no chunk alive. Unlike one string of the
 * document, the chunks die young, so the document is held once (its bytes) instead of twice, and there is no
 * limit on its size from the longest string. What the byte reading cannot do exactly (a name that is not ASCII) or
 * refuses is read again from the decoded document, so the result, refusals and their positions included, is the
 * decoded one. `chunkBytes` is for tests.
 *
 * @example parseCamtUtf8(readFileSync("stmt.xml"), { format: "camt.053", encoding: "utf-8" })
 */
export function parseCamtUtf8(bytes: Uint8Array, context: ParseContext, chunkBytes = CHUNK_BYTES): FormatResult {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const first = readCamt(
    (reader) => {
      for (const chunk of utf8ByteChunks(buffer, chunkBytes)) reader.write(chunk);
    },
    context,
    true,
  );
  if (!first.readerFailed) return first.result;
  if (buffer.length > constants.MAX_STRING_LENGTH) {
    // Too long to decode into one string: the byte reading's refusal stands, unless it only refused a name it
    // could not check, which the decoded reading would have read.
    if (first.result.rejected?.code !== "XML_NAME_NOT_ASCII") return first.result;
    const refused: Issue = {
      severity: "error",
      code: "FILE_TOO_LARGE",
      message:
        "the document has a name that is not ASCII and is too large to read whole; read it as a stream (bankbridge parse --stream always)",
    };
    return { statements: [], issues: [refused], rejected: refused };
  }
  return readCamt((reader) => reader.write(buffer.toString("utf8")), context, false).result;
}

function readCamt(
  write: (reader: XmlReader) => void,
  context: ParseContext,
  utf8Bytes: boolean,
): { result: FormatResult; readerFailed: boolean } {
  const statements: Statement[] = [];
  const issues: Issue[] = [];
  let entries: Entry[] = [];
  const sink: CamtSink = {
    statement() {
      entries = [];
    },
    entry(entry) {
      entries.push(entry);
    },
    statementEnd(statement) {
      statements.push({ ...statement, entries });
      entries = [];
    },
    issue(issue) {
      issues.push(issue);
    },
  };
  const machine = new CamtMachine(sink, { documentId: context.documentId });
  try {
    const reader = createXmlReader(machine, { localNames: true, utf8Bytes, ownText: utf8Bytes, padding: true });
    machine.attach(reader);
    write(reader);
    reader.end();
  } catch (error) {
    const refused = rejection(error);
    issues.push(refused);
    return { result: { statements: [], issues, rejected: refused }, readerFailed: true };
  }
  const empty = emptyDocument(machine.messages, statements.length);
  if (empty !== undefined) {
    issues.push(empty);
    return { result: { statements: [], issues, rejected: empty }, readerFailed: false };
  }
  return { result: { statements, issues }, readerFailed: false };
}
