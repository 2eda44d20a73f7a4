/**
 * The streaming OFX parser (1.x SGML and 2.x XML, QFX included): decoded text in chunks in, events out, one
 * statement header and one transaction in memory at a time. Same machine, same statements, entries and issues
 * as {@link parseOfx}; each statement
 * ends with its integrity findings, computed from running totals with the same codes and messages as the
 * registry's checks (`formats/checks.ts`), so a file of any size is checked without keeping its entries.
 *
 * The events have the shape of the camt streaming parser's (`parseCamtStream`).
 *
 * @module
 */
import type { DocumentId } from "../../core/index.js";
import { type StatementStreamEvent, streamStatementBatches, streamStatements } from "../statement-stream.js";
import { OfxMachine } from "./ofx-machine.js";

/**
 * What {@link parseOfxStream} reports, in document order: the shared statement-stream events. A `statement`
 * (STMTRS, CCSTMTRS) begins at its first entry with its header (account, period); OFX states its balances after
 * the transactions, so they are in `statementEnd` (LEDGERBAL, AVAILBAL, BALLIST), whose findings are continuity
 * with the previous statement of the account (OFX states no opening balance, so no `BALANCE_MISMATCH`). `issue`
 * events are what {@link parseOfx} lists in `issues`, in the same order; `end.rejected` is set when no statement
 * could be read, the chunk source failed, or the parser failed.
 */
export type OfxEvent = StatementStreamEvent;

/** Options of {@link parseOfxStream}; a `ParseContext` will do. OFX statements locate themselves by path. */
export interface OfxStreamContext {
  /** The raw document's id. */
  readonly documentId?: DocumentId;
}

/**
 * Parses an OFX document given as text chunks (split anywhere), yielding events as it reads: memory stays
 * bounded by one transaction and one entry, whatever the document's size, plus 16–32 bytes per transaction of
 * the statement being read to find repeated FITIDs (at most 48 MB, `ofx-fitids.ts`). Never throws for bad input: a refusal is
 * the `end` event's `rejected`. An error of the chunk source itself (a file that cannot be read) refuses the
 * document with the source's code (`FILE_UNREADABLE` when it has none).
 *
 * @example
 * for await (const event of parseOfxStream(chunks, { documentId })) {
 *   if (event.type === "entry") await store(event.entry);
 *   else if (event.type === "statementEnd") report(event.issues);
 * }
 */
export function parseOfxStream(
  chunks: AsyncIterable<string> | Iterable<string>,
  _context: OfxStreamContext = {},
): AsyncGenerator<OfxEvent, void, undefined> {
  return streamStatements(chunks, (sink) => new OfxMachine(sink), "ofx");
}

/** {@link parseOfxStream}'s events a batch at a time (see `streamStatementBatches`): what the registry streams. */
export function parseOfxStreamBatches(
  chunks: AsyncIterable<string> | Iterable<string>,
  _context: OfxStreamContext = {},
): AsyncGenerator<readonly OfxEvent[], void, undefined> {
  return streamStatementBatches(chunks, (sink) => new OfxMachine(sink), "ofx");
}
