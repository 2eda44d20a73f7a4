/**
 * The streaming BAI2 parser: decoded text in chunks in, events out, one account header and one entry in
 * memory at a time. Same machine, same statements, entries and issues as {@link parseBai2}; each statement
 * ends with its integrity findings, computed from running totals with the same codes and messages as the
 * registry's checks (`formats/checks.ts`), so a file of any size is checked without keeping its entries.
 *
 * The events have the shape of the camt streaming parser's (`parseCamtStream`).
 *
 * @module
 */
import type { DocumentId } from "../../core/index.js";
import type { TotalsRule } from "../checks.js";
import { type StatementStreamEvent, streamStatementBatches, streamStatements } from "../statement-stream.js";
import { Bai2Machine } from "./bai2-machine.js";

/**
 * BAI2's 03 totals (100 Total Credits, 400 Total Debits) count money: an 890 "contains non-monetary information"
 * detail, or a bank code kept as information, is not in them. Banks send accounts of 03 summaries without 16
 * details (previous-day reporting): those close over their totals.
 */
export const BAI2_TOTALS: TotalsRule = { informationInTotals: false, totalsWithoutEntries: true };

/**
 * What {@link parseBai2Stream} reports, in document order: the shared statement-stream events. For BAI2 a
 * `statement` is an account (its 03 record: account, balances and totals); an `entry` is a 16 record; the
 * `statementEnd` comes at the account's 49 trailer (or the record that showed it missing), with
 * `BALANCE_MISMATCH`, `SUMMARY_MISMATCH` and continuity findings; `issue` events are what {@link parseBai2}
 * lists in `issues`, in the same order; `end.rejected` is set when no account could be read, the chunk source
 * failed, or the parser failed.
 */
export type Bai2Event = StatementStreamEvent;

/** Options of {@link parseBai2Stream}; a `ParseContext` will do. */
export interface Bai2StreamContext {
  /** The raw document's id, for the `source` of statements. */
  readonly documentId?: DocumentId;
}

/**
 * Parses a BAI2 document given as text chunks (split anywhere), yielding events as it reads: memory stays
 * bounded by one record and one entry, whatever the document's size. Never throws for bad input: a refusal is
 * the `end` event's `rejected`. An error of the chunk source itself (a file that cannot be read) refuses the
 * document with the source's code (`FILE_UNREADABLE` when it has none).
 *
 * @example
 * for await (const event of parseBai2Stream(chunks, { documentId })) {
 *   if (event.type === "entry") await store(event.entry);
 *   else if (event.type === "statementEnd") report(event.issues);
 * }
 */
export function parseBai2Stream(
  chunks: AsyncIterable<string> | Iterable<string>,
  context: Bai2StreamContext = {},
): AsyncGenerator<Bai2Event, void, undefined> {
  return streamStatements(chunks, (sink) => new Bai2Machine(sink, { documentId: context.documentId }), "bai2", BAI2_TOTALS);
}

/** {@link parseBai2Stream}'s events a batch at a time (see `streamStatementBatches`): what the registry streams. */
export function parseBai2StreamBatches(
  chunks: AsyncIterable<string> | Iterable<string>,
  context: Bai2StreamContext = {},
): AsyncGenerator<readonly Bai2Event[], void, undefined> {
  return streamStatementBatches(chunks, (sink) => new Bai2Machine(sink, { documentId: context.documentId }), "bai2", BAI2_TOTALS);
}
