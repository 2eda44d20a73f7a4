/**
 * The streaming driver shared by the formats whose parser is a push machine with the same sink (BAI2, OFX):
 * text chunks in, events out, each statement closed with its integrity findings computed from running totals
 * (`checks.ts`), so a document of any size is checked without keeping its entries. Never throws for bad input:
 * a refusal is the `end` event's `rejected`.
 *
 * @module
 */
import { type Entry, type Issue, isHubError, type Statement } from "../core/index.js";
import { createContinuityCheck, createStatementTally, type StatementTally, type TotalsRule } from "./checks.js";

/** Text read before the events it produced are yielded: bounds the queue whatever size of chunk a caller passes. */
const SLICE_CHARS = 65_536;

/** What a statement stream reports, in document order: the events of every streaming parser (camt, BAI2, OFX). */
export type StatementStreamEvent =
  /** A statement begins: its header with `entries` empty. */
  | { readonly type: "statement"; readonly index: number; readonly statement: Statement }
  /** One entry of statement `statementIndex`. */
  | { readonly type: "entry"; readonly statementIndex: number; readonly entry: Entry }
  /** The statement ended (`entries` empty): how many entries it had and its integrity findings. */
  | {
      readonly type: "statementEnd";
      readonly index: number;
      readonly statement: Statement;
      readonly entries: number;
      readonly issues: readonly Issue[];
    }
  /** A finding about the document: what the whole-document parser lists in `issues`, in the same order. */
  | { readonly type: "issue"; readonly issue: Issue }
  /** The last event; `rejected` is set when the document was refused, the chunk source failed or the parser failed. */
  | { readonly type: "end"; readonly statements: number; readonly entries: number; readonly rejected?: Issue };

/** Where a machine reports what it reads. */
export interface StatementSink {
  statement(statement: Statement, index: number): void;
  entry(entry: Entry, statementIndex: number): void;
  statementEnd(statement: Statement, index: number, entries: number): void;
  issue(issue: Issue): void;
}

/** A push parser over decoded text. */
export interface StatementMachine {
  feed(chunk: string): void;
  /** Ends the document: `undefined`, or why it is refused (`issued`: the refusal was already reported as an issue). */
  end(): { readonly refusal: Issue; readonly issued: boolean } | undefined;
  /** Statements read so far. */
  readonly statements: number;
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
 * Runs the machine that `createMachine` builds over `chunks` (split anywhere), yielding its events a batch at a
 * time: each slice of text read gives one array of the events it produced (never empty), handed over to the
 * consumer. Per-event iteration costs a promise and a generator resumption per event, more than reading a BAI2
 * entry; a batch costs them once per slice. `formatName` names the parser in a `PARSER_FAILED` message;
 * `totals` is the format's rule for its stated totals. An error of the chunk source refuses the document with the
 * source's code (`FILE_UNREADABLE` when it has none).
 */
export async function* streamStatementBatches(
  chunks: AsyncIterable<string> | Iterable<string>,
  createMachine: (sink: StatementSink) => StatementMachine,
  formatName: string,
  totals: TotalsRule = {},
): AsyncGenerator<readonly StatementStreamEvent[], void, undefined> {
  let queue: StatementStreamEvent[] = [];
  const continuity = createContinuityCheck();
  let tally: StatementTally = createStatementTally(totals);
  let entryCount = 0;
  const machine = createMachine({
    statement(statement, index) {
      tally = createStatementTally(totals);
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
  /** The events queued so far, handed over: the machine goes on with a new queue. */
  const take = (...more: StatementStreamEvent[]): StatementStreamEvent[] => {
    const batch = queue;
    queue = [];
    batch.push(...more);
    return batch;
  };
  const parserFailed = `the ${formatName} parser failed on this document`;
  const source = iteratorOf(chunks);
  let finished = false;
  const refusal = (issue: Issue): StatementStreamEvent[] =>
    take({ type: "issue", issue }, { type: "end", statements: machine.statements, entries: entryCount, rejected: issue });
  try {
    for (;;) {
      let next: IteratorResult<string>;
      try {
        next = await source.next();
      } catch (error) {
        yield refusal(failure(error, "FILE_UNREADABLE", "the document cannot be read"));
        return;
      }
      if (next.done === true) break;
      const chunk = next.value;
      try {
        // Large chunks are read a slice at a time, and each slice's events yielded before the next is read.
        for (let at = 0; at < chunk.length; at += SLICE_CHARS) {
          machine.feed(chunk.length <= SLICE_CHARS ? chunk : chunk.slice(at, at + SLICE_CHARS));
          if (queue.length > 0) yield take();
        }
      } catch (error) {
        yield refusal(failure(error, "PARSER_FAILED", parserFailed));
        return;
      }
    }
    finished = true;
    let refused: ReturnType<StatementMachine["end"]>;
    try {
      refused = machine.end();
    } catch (error) {
      yield refusal(failure(error, "PARSER_FAILED", parserFailed));
      return;
    }
    if (refused === undefined) yield take({ type: "end", statements: machine.statements, entries: entryCount });
    else if (refused.issued) yield take({ type: "end", statements: 0, entries: entryCount, rejected: refused.refusal });
    else yield refusal(refused.refusal);
  } finally {
    // Stopped early (refused, or the consumer left the loop): let the source close its file.
    if (!finished) await source.return?.();
  }
}

/**
 * {@link streamStatementBatches} one event at a time: for callers that want the simplest loop and read documents
 * of ordinary size (a million entries cost about a second more than in batches).
 */
export async function* streamStatements(
  chunks: AsyncIterable<string> | Iterable<string>,
  createMachine: (sink: StatementSink) => StatementMachine,
  formatName: string,
  totals: TotalsRule = {},
): AsyncGenerator<StatementStreamEvent, void, undefined> {
  for await (const batch of streamStatementBatches(chunks, createMachine, formatName, totals)) yield* batch;
}

/** Events one at a time from batches of them. */
export async function* eventsOf<T>(batches: AsyncIterable<readonly T[]> | Iterable<readonly T[]>): AsyncGenerator<T, void, undefined> {
  for await (const batch of batches) yield* batch;
}

/** What {@link wholeStatements} found besides the statements; filled as they are read. */
export interface StreamFindings {
  /** The document's findings and each statement's integrity findings, in the order read. */
  readonly issues: Issue[];
  /** Set when the `end` event says the document was refused. */
  rejected: Issue | undefined;
}

/**
 * The statements of streamed event batches, each whole (with its entries) once its `statementEnd` is read: for
 * consumers that handle a statement at a time (writing it, storing it). Findings and the refusal go to `findings`.
 */
export async function* wholeStatements(
  batches: AsyncIterable<readonly StatementStreamEvent[]>,
  findings: StreamFindings,
): AsyncGenerator<Statement, void, undefined> {
  let entries: Entry[] = [];
  for await (const batch of batches) {
    for (const event of batch) {
      if (event.type === "statement") entries = [];
      else if (event.type === "entry") entries.push(event.entry);
      else if (event.type === "statementEnd") {
        findings.issues.push(...event.issues);
        const statement: Statement = { ...event.statement, entries };
        entries = [];
        yield statement;
      } else if (event.type === "issue") findings.issues.push(event.issue);
      else findings.rejected = event.rejected;
    }
  }
}
