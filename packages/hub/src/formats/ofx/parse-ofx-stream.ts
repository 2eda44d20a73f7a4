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
import { type DocumentId, type Entry, type Issue, isHubError, type Statement } from "../../core/index.js";
import { createContinuityCheck, createStatementTally, type StatementTally } from "../checks.js";
import { OfxMachine } from "./ofx-machine.js";

/** Text read before the events it produced are yielded: bounds the queue whatever size of chunk a caller passes. */
const SLICE_CHARS = 65_536;

/** What {@link parseOfxStream} reports, in document order. */
export type OfxEvent =
  /**
   * A statement (STMTRS, CCSTMTRS) begins, at its first entry: its header (account, period) with `entries`
   * empty. OFX states its balances after the transactions: they are in `statementEnd`.
   */
  | { readonly type: "statement"; readonly index: number; readonly statement: Statement }
  /** One entry (STMTTRN) of statement `statementIndex`. */
  | { readonly type: "entry"; readonly statementIndex: number; readonly entry: Entry }
  /**
   * The statement ended: complete with its balances (LEDGERBAL, AVAILBAL, BALLIST) but `entries` empty, how
   * many entries it had, and its integrity findings (continuity with the previous statement of the account;
   * OFX states no opening balance, so no `BALANCE_MISMATCH`).
   */
  | {
      readonly type: "statementEnd";
      readonly index: number;
      readonly statement: Statement;
      readonly entries: number;
      readonly issues: readonly Issue[];
    }
  /** A finding about the document: what {@link parseOfx} lists in `issues`, in the same order. */
  | { readonly type: "issue"; readonly issue: Issue }
  /**
   * The last event. `rejected` is set when the document was refused: no statement could be read, the chunk
   * source failed, or the parser failed.
   */
  | { readonly type: "end"; readonly statements: number; readonly entries: number; readonly rejected?: Issue };

/** Options of {@link parseOfxStream}; a `ParseContext` will do. OFX statements locate themselves by path. */
export interface OfxStreamContext {
  /** The raw document's id. */
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
 * Parses an OFX document given as text chunks (split anywhere), yielding events as it reads: memory stays
 * bounded by one transaction and one entry, whatever the document's size. Never throws for bad input: a refusal is
 * the `end` event's `rejected`. An error of the chunk source itself (a file that cannot be read) refuses the
 * document with the source's code (`FILE_UNREADABLE` when it has none).
 *
 * @example
 * for await (const event of parseOfxStream(chunks, { documentId })) {
 *   if (event.type === "entry") await store(event.entry);
 *   else if (event.type === "statementEnd") report(event.issues);
 * }
 */
export async function* parseOfxStream(
  chunks: AsyncIterable<string> | Iterable<string>,
  _context: OfxStreamContext = {},
): AsyncGenerator<OfxEvent, void, undefined> {
  const queue: OfxEvent[] = [];
  const continuity = createContinuityCheck();
  let tally: StatementTally = createStatementTally();
  let entryCount = 0;
  const machine = new OfxMachine({
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
  });
  const source = iteratorOf(chunks);
  let finished = false;
  const refuse = (issue: Issue): OfxEvent[] => [
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
          for (let i = 0; i < queue.length; i++) yield queue[i] as OfxEvent;
          queue.length = 0;
        }
      } catch (error) {
        yield* queue.splice(0);
        yield* refuse(failure(error, "PARSER_FAILED", "the ofx parser failed on this document"));
        return;
      }
    }
    finished = true;
    let refused: ReturnType<OfxMachine["end"]>;
    try {
      refused = machine.end();
    } catch (error) {
      yield* queue.splice(0);
      yield* refuse(failure(error, "PARSER_FAILED", "the ofx parser failed on this document"));
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
