/**
 * Canonical statements out as ISO 20022 camt.053.001.08, valid against the ISO schema. Everything the message
 * can hold is written; what it cannot (the Chinese balance kinds, funds codes, a report's kind, text over the
 * schema's lengths…) is reported as a `CAMT_WRITE_LOSSY` warning, one per kind of loss, never dropped silently.
 * Reading the document back with the camt parser gives the same statements in everything camt.053 carries.
 *
 * @module
 */
import type { Issue, Statement } from "../../core/index.js";
import type { StatementWriter, WriteOptions } from "../format.js";
import { CAMT_053_08, writeCamtMessage } from "./camt-message-writer.js";

/**
 * Writes `statements` as one camt.053.001.08 document. The message id is a hash of the statements, and the
 * message's creation time is the first statement's (else the latest date they mention; the clock's,
 * `options.now`, only when they mention none). No statement gives no document and a `WRITE_NO_STATEMENTS` warning.
 */
export function writeCamt053(statements: readonly Statement[], options?: WriteOptions): { content: string; issues: Issue[] } {
  return writeCamtMessage(CAMT_053_08, statements, options);
}

/** The camt.053.001.08 writer (`bankbridge parse --to camt.053`). */
export const camt053Writer: StatementWriter = {
  id: "camt.053",
  description: "ISO 20022 camt.053.001.08 bank-to-customer statement",
  extension: "xml",
  mediaType: "application/xml",
  write: writeCamt053,
};
