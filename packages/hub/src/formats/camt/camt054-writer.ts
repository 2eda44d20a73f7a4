/**
 * Canonical statements out as ISO 20022 camt.054.001.08 (bank-to-customer debit/credit notification: the entries
 * that just booked, without balances), valid against the ISO schema. The message has no place for balances: a
 * statement's are reported as a `CAMT_WRITE_LOSSY` warning, like everything else it cannot hold.
 *
 * @module
 */
import type { Issue, Statement } from "../../core/index.js";
import type { StatementWriter, WriteOptions } from "../format.js";
import { CAMT_054_08, writeCamtMessage } from "./camt-message-writer.js";

/** Writes `statements` as one camt.054.001.08 document (each as an `Ntfctn`). Pure, like {@link writeCamt053}. */
export function writeCamt054(statements: readonly Statement[], options?: WriteOptions): { content: string; issues: Issue[] } {
  return writeCamtMessage(CAMT_054_08, statements, options);
}

/** The camt.054.001.08 writer (`bankbridge parse --to camt.054`). */
export const camt054Writer: StatementWriter = {
  id: "camt.054",
  description: "ISO 20022 camt.054.001.08 bank-to-customer debit/credit notification",
  extension: "xml",
  mediaType: "application/xml",
  write: writeCamt054,
};
