/**
 * The whole-document camt parser: the state machine over a string, collecting statements with their entries.
 * It never throws: XML that is not well-formed or breaks a safety limit refuses the document with the XML
 * reader's code and position, a document without camt statements is refused, and a bug in the machine is
 * refused as `PARSER_FAILED` rather than escaping.
 *
 * @module
 */
import { type Entry, type Issue, isHubError, type Statement } from "../../core/index.js";
import type { FormatResult, ParseContext } from "../format.js";
import { createXmlReader, decodeUtf8Bytes } from "../xml/index.js";
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
 * Parses a whole camt.052, camt.053 or camt.054 document (any version 001.01–001.13). Integrity checks
 * (balances, totals, continuity) are the registry's, not this function's.
 *
 * With `context.utf8Bytes` the text is the document's UTF-8 bytes one per character, and only the text the
 * parser keeps is decoded. What that reading cannot do exactly (a name that is not ASCII) or refuses is read
 * again from the decoded document, so the result, refusals and their positions included, is the decoded one.
 *
 * @example parseCamt(xml, { format: "camt.053", encoding: "utf-8" }).statements[0]?.entries.length
 */
export function parseCamt(text: string, context: ParseContext): FormatResult {
  if (context.utf8Bytes !== true) return readCamt(text, context, false).result;
  const first = readCamt(text, context, true);
  return first.readerFailed ? readCamt(decodeUtf8Bytes(text), context, false).result : first.result;
}

function readCamt(text: string, context: ParseContext, utf8Bytes: boolean): { result: FormatResult; readerFailed: boolean } {
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
    const reader = createXmlReader(machine, { localNames: true, utf8Bytes });
    machine.attach(reader);
    reader.write(text);
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
