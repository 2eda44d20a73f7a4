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
import { type DocumentId, type Entry, type Issue, isHubError, type Statement } from "../../core/index.js";
import { createContinuityCheck, createStatementTally, type StatementTally } from "../checks.js";
import { Bai2Machine } from "./bai2-machine.js";

/** Text read before the events it produced are yielded: bounds the queue whatever size of chunk a caller passes. */
const SLICE_CHARS = 65_536;

/** What {@link parseBai2Stream} reports, in document order. */
export type Bai2Event =
  /** An account begins: its statement header (account, balances and totals of the 03 record) with `entries` empty. */
  | { readonly type: "statement"; readonly index: number; readonly statement: Statement }
  /** One entry (16 record) of statement `statementIndex`. */
  | { readonly type: "entry"; readonly statementIndex: number; readonly entry: Entry }
  /**
   * The account ended (its 49 trailer, or the record that showed the trailer missing): its statement
   * (`entries` empty), how many entries it had, and its integrity findings (`BALANCE_MISMATCH`,
   * `SUMMARY_MISMATCH`, continuity with the previous statement of the account).
   */
  | {
      readonly type: "statementEnd";
      readonly index: number;
      readonly statement: Statement;
      readonly entries: number;
      readonly issues: readonly Issue[];
    }
  /** A finding about the document: what {@link parseBai2} lists in `issues`, in the same order. */
  | { readonly type: "issue"; readonly issue: Issue }
  /**
   * The last event. `rejected` is set when the document was refused: no account could be read, the chunk
   * source failed, or the parser failed.
   */
  | { readonly type: "end"; readonly statements: number; readonly entries: number; readonly rejected?: Issue };

/** Options of {@link parseBai2Stream}; a `ParseContext` will do. */
export interface Bai2StreamContext {
  /** The raw document's id, for the `source` of statements. */
  readonly documentId?: DocumentId;
}

function iteratorOf(chunks: AsyncIterable<string> | Iterable<string>): AsyncIterator<string> | Iterator<string> {
  return Symbol.asyncIterator in chunks ? chunks[Symbol.asyncIterator]() : chunks[Symbol.iterator]();
}

function failure(error: unknown, code: string, what: string): Issue {
  if (isHubError(error)) return { severity: "error", code: error.code, message: error.message };
  const message = error instanceof Error ? error.message : String(error);
  return { severity: "error", code, message: `${what}: ${message}` };
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
export async function* parseBai2Stream(
  chunks: AsyncIterable<string> | Iterable<string>,
  context: Bai2StreamContext = {},
): AsyncGenerator<Bai2Event, void, undefined> {
  const queue: Bai2Event[] = [];
  const continuity = createContinuityCheck();
  let tally: StatementTally = createStatementTally();
  let entryCount = 0;
  const machine = new Bai2Machine(
    {
      statement(statement, index) {
        tally = createStatementTally();
        queue.push({ type: "statement", index, statement });
      },
      entry(entry, statementIndex) {
        tally.add(entry);
        entryCount++;
        queue.push({ type: "entry", statementIndex, entry });
      },
      statementEnd(statement, index, entries) {
        const path = `/statements/${index}`;
        const issues = [...tally.issues(statement, index), ...continuity(statement, path)];
        queue.push({ type: "statementEnd", index, statement, entries, issues });
      },
      issue(issue) {
        queue.push({ type: "issue", issue });
      },
    },
    { documentId: context.documentId },
  );
  const source = iteratorOf(chunks);
  let finished = false;
  const refuse = (issue: Issue): Bai2Event[] => [
    { type: "issue", issue },
    { type: "end", statements: machine.statements, entries: entryCount, rejected: issue },
  ];
  try {
    for (;;) {
      let next: IteratorResult<string>;
      try {
        next = await source.next();
      } catch (error) {
        yield* queue.splice(0);
        yield* refuse(failure(error, "FILE_UNREADABLE", "the document cannot be read"));
        return;
      }
      if (next.done === true) break;
      const chunk = next.value;
      try {
        // Large chunks are read a slice at a time, and each slice's events yielded before the next is read.
        for (let at = 0; at < chunk.length; at += SLICE_CHARS) {
          machine.feed(chunk.length <= SLICE_CHARS ? chunk : chunk.slice(at, at + SLICE_CHARS));
          for (let i = 0; i < queue.length; i++) yield queue[i] as Bai2Event;
          queue.length = 0;
        }
      } catch (error) {
        yield* queue.splice(0);
        yield* refuse(failure(error, "PARSER_FAILED", "the bai2 parser failed on this document"));
        return;
      }
    }
    finished = true;
    let refused: ReturnType<Bai2Machine["end"]>;
    try {
      refused = machine.end();
    } catch (error) {
      yield* queue.splice(0);
      yield* refuse(failure(error, "PARSER_FAILED", "the bai2 parser failed on this document"));
      return;
    }
    yield* queue.splice(0);
    if (refused === undefined) yield { type: "end", statements: machine.statements, entries: entryCount };
    else if (refused.issued) yield { type: "end", statements: 0, entries: entryCount, rejected: refused.refusal };
    else yield* refuse(refused.refusal);
  } finally {
    // Stopped early (refused, or the consumer left the loop): let the source close its file.
    if (!finished) await source.return?.();
  }
}
