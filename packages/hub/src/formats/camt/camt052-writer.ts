/**
 * Canonical statements out as ISO 20022 camt.052.001.08 (bank-to-customer account report: the intraday report
 * of what booked so far, with interim balances), valid against the ISO schema. Balances are optional here; what
 * the message cannot hold is reported as a `CAMT_WRITE_LOSSY` warning, as for camt.053.
 *
 * @module
 */
import type { Issue, Statement } from "../../core/index.js";
import type { StatementWriter, WriteOptions } from "../format.js";
import { CAMT_052_08, writeCamtMessage } from "./camt-message-writer.js";

/** Writes `statements` as one camt.052.001.08 document (each as a `Rpt`). Pure, like {@link writeCamt053}. */
export function writeCamt052(statements: readonly Statement[], options?: WriteOptions): { content: string; issues: Issue[] } {
  return writeCamtMessage(CAMT_052_08, statements, options);
}

/** The camt.052.001.08 writer (`bankbridge parse --to camt.052`). */
export const camt052Writer: StatementWriter = {
  id: "camt.052",
  description: "ISO 20022 camt.052.001.08 bank-to-customer account report (intraday)",
  extension: "xml",
  mediaType: "application/xml",
  write: writeCamt052,
};
