/**
 * The MT940 stream as the events every streaming parser gives (`StatementStreamEvent`), a batch at a time:
 * numbered statements, each closed with its integrity findings from running totals, and a final `end`.
 * `parseMt940Stream` keeps its own lighter events, one at a time, for callers that only want entries; the
 * registry streams through this.
 *
 * @module
 */
import type { ParseContext } from "../format.js";
import { type StatementMachine, type StatementSink, type StatementStreamEvent, streamStatementBatches } from "../statement-stream.js";
import { createMt940Reader } from "./mt940-reader.js";
import { mt940Rejection } from "./parse-mt940.js";

/** The MT940 reader as a machine of the shared driver: statements numbered, entries counted per statement. */
function mt940Machine(sink: StatementSink, context: ParseContext): StatementMachine {
  let statements = 0;
  let index = -1;
  let inStatement = 0;
  const reader = createMt940Reader(
    {
      statementStart(statement) {
        index = statements++;
        inStatement = 0;
        sink.statement(statement, index);
      },
      entry(entry) {
        inStatement++;
        sink.entry(entry, index);
      },
      statementEnd(statement) {
        sink.statementEnd(statement, index, inStatement);
      },
      issue(issue) {
        sink.issue(issue);
      },
    },
    {
      kind: context.format === "mt942" ? "report" : "statement",
      ...(context.documentId === undefined ? {} : { documentId: context.documentId }),
      // Entries are handed on, not kept (see keep-entries.ts).
      keepEntries: false,
    },
  );
  return {
    feed: (chunk) => reader.feed(chunk),
    end() {
      const refusal = mt940Rejection(reader.end());
      return refusal === undefined ? undefined : { refusal, issued: false };
    },
    get statements() {
      return statements;
    },
  };
}

/**
 * Reads an MT940 (or, with `context.format` `mt942`, an MT942) document from text chunks (split anywhere) as
 * batches of {@link StatementStreamEvent}s, ending with `end`: the same statements, entries and findings as
 * `parseMt940`. Never throws: a refusal is the `end` event's `rejected`.
 */
export function mt940StatementBatches(
  chunks: AsyncIterable<string> | Iterable<string>,
  context: ParseContext,
): AsyncGenerator<readonly StatementStreamEvent[], void, undefined> {
  return streamStatementBatches(chunks, (sink) => mt940Machine(sink, context), context.format === "mt942" ? "mt942" : "mt940");
}
