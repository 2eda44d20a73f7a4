/**
 * The streaming camt parser: decoded text in chunks in, events out, one statement header and one entry in
 * memory at a time. Each statement ends with its integrity findings, computed from running totals with the
 * same codes and messages as the registry's checks (`formats/checks.ts`), so a 10 GB statement is checked
 * without keeping its entries.
 *
 * @module
 */
import type { DocumentId, Issue } from "../../core/index.js";
import { createContinuityCheck, createStatementTally, type StatementTally } from "../checks.js";
import type { StatementStreamEvent } from "../statement-stream.js";
import { createXmlReader, type XmlReader } from "../xml/index.js";
import { CamtMachine, type CamtSink } from "./camt-machine.js";
import { emptyDocument, rejection } from "./camt-parser.js";

/**
 * What {@link parseCamtStream} reports, in document order: the shared statement-stream events. The
 * `statementEnd` carries the complete header (text after the entries included) with `BALANCE_MISMATCH`,
 * `SUMMARY_MISMATCH` and continuity findings; `issue` events are values not read or elements missing, and the
 * refusal before `end`. When `end.rejected` is set (not well-formed, a safety limit, not camt, unreadable), the
 * statement being read has no `statementEnd`, and what came before it stands as read.
 */
export type CamtEvent = StatementStreamEvent;

/** Options of {@link parseCamtStream}. */
export interface CamtStreamContext {
  /** The raw document's id, for the `source` of statements and entries. */
  readonly documentId?: DocumentId;
}

function iteratorOf(chunks: AsyncIterable<string> | Iterable<string>): AsyncIterator<string> | Iterator<string> {
  return Symbol.asyncIterator in chunks ? chunks[Symbol.asyncIterator]() : chunks[Symbol.iterator]();
}

/**
 * The event iterator. Written as a class rather than an async generator: each event then costs the consumer's
 * one resolved promise instead of a generator's resumption, which matters at a million entries.
 */
class CamtEventStream implements AsyncIterableIterator<CamtEvent> {
  readonly #queue: CamtEvent[] = [];
  #head = 0;
  /** `reading` the source, `ended` (all events queued), or `closed` by the consumer. */
  #state: "reading" | "ended" | "closed" = "reading";
  readonly #source: AsyncIterator<string> | Iterator<string>;
  readonly #machine: CamtMachine;
  readonly #reader: XmlReader;
  #entries = 0;

  constructor(chunks: AsyncIterable<string> | Iterable<string>, context: CamtStreamContext) {
    const queue = this.#queue;
    const continuity = createContinuityCheck();
    let tally: StatementTally = createStatementTally();
    const sink: CamtSink = {
      statement: (statement, index) => {
        tally = createStatementTally();
        queue.push({ type: "statement", index, statement });
      },
      entry: (entry, statementIndex) => {
        tally.add(entry);
        this.#entries++;
        queue.push({ type: "entry", statementIndex, entry });
      },
      statementEnd: (statement, index, entries) => {
        const issues = [...tally.issues(statement, index), ...continuity(statement, `/statements/${index}`)];
        queue.push({ type: "statementEnd", index, statement, entries, issues });
      },
      issue: (issue) => {
        queue.push({ type: "issue", issue });
      },
    };
    this.#machine = new CamtMachine(sink, { documentId: context.documentId });
    this.#reader = createXmlReader(this.#machine, { localNames: true, padding: true });
    this.#machine.attach(this.#reader);
    this.#source = iteratorOf(chunks);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  async next(): Promise<IteratorResult<CamtEvent, undefined>> {
    for (;;) {
      if (this.#head < this.#queue.length) {
        const value = this.#queue[this.#head++]!;
        // One chunk's events at a time: the queue never holds more than one chunk's worth.
        if (this.#head === this.#queue.length) {
          this.#queue.length = 0;
          this.#head = 0;
        }
        return { value, done: false };
      }
      if (this.#state !== "reading") return { value: undefined, done: true };
      await this.#read();
    }
  }

  /** Every event read and not yet taken, at least one, handed over; `undefined` when none are left. */
  async nextBatch(): Promise<CamtEvent[] | undefined> {
    for (;;) {
      if (this.#head < this.#queue.length) {
        const batch = this.#head === 0 ? this.#queue.splice(0) : this.#queue.slice(this.#head);
        this.#queue.length = 0;
        this.#head = 0;
        return batch;
      }
      if (this.#state !== "reading") return undefined;
      await this.#read();
    }
  }

  /** Stops early (the consumer left its loop): lets the source close its file. */
  async return(): Promise<IteratorResult<CamtEvent, undefined>> {
    const reading = this.#state === "reading";
    this.#state = "closed";
    this.#queue.length = 0;
    if (reading) await this.#source.return?.();
    return { value: undefined, done: true };
  }

  /** Reads the next chunk (or the end) into the queue. */
  async #read(): Promise<void> {
    let next: IteratorResult<string>;
    try {
      next = await this.#source.next();
    } catch (error) {
      const issue = rejection(error);
      this.#refuse(
        issue.code === "PARSER_FAILED"
          ? { ...issue, code: "FILE_UNREADABLE", message: `the document cannot be read: ${issue.message}` }
          : issue,
      );
      return;
    }
    try {
      if (next.done !== true) {
        this.#reader.write(next.value);
        return;
      }
      this.#state = "ended";
      this.#reader.end();
    } catch (error) {
      this.#refuse(rejection(error));
      if (next.done !== true) await this.#source.return?.();
      return;
    }
    const empty = emptyDocument(this.#machine.messages, this.#machine.statements);
    if (empty !== undefined) this.#refuse(empty);
    else this.#queue.push({ type: "end", statements: this.#machine.statements, entries: this.#entries });
  }

  #refuse(issue: Issue): void {
    this.#state = "ended";
    this.#queue.push(
      { type: "issue", issue },
      { type: "end", statements: this.#machine.statements, entries: this.#entries, rejected: issue },
    );
  }
}

/**
 * Parses a camt.052/053/054 document given as text chunks (split anywhere), yielding events as it reads:
 * memory stays bounded by the largest single entry, whatever the document's size. Never throws for bad input:
 * a refusal is an `issue` event and the `end` event's `rejected`. An error of the chunk source itself (a file
 * that cannot be read) refuses the document with the source's code (`FILE_UNREADABLE` when it has none).
 *
 * Text values of 13 or more characters may be V8 slices of the chunk they came from: a consumer that keeps
 * every entry of a huge document keeps those chunks as well (one that stores and forgets entries keeps none).
 *
 * @example
 * for await (const event of parseCamtStream(chunks, {})) {
 *   if (event.type === "entry") await store(event.entry);
 *   else if (event.type === "statementEnd") report(event.issues);
 * }
 */
export function parseCamtStream(
  chunks: AsyncIterable<string> | Iterable<string>,
  context: CamtStreamContext = {},
): AsyncIterableIterator<CamtEvent> {
  return new CamtEventStream(chunks, context);
}

/**
 * {@link parseCamtStream}'s events a batch at a time (each chunk read gives one array, never empty, the
 * consumer's to keep): what the registry streams, without a promise per event.
 */
export async function* parseCamtStreamBatches(
  chunks: AsyncIterable<string> | Iterable<string>,
  context: CamtStreamContext = {},
): AsyncGenerator<readonly CamtEvent[], void, undefined> {
  const stream = new CamtEventStream(chunks, context);
  let done = false;
  try {
    for (;;) {
      const batch = await stream.nextBatch();
      if (batch === undefined) {
        done = true;
        return;
      }
      yield batch;
    }
  } finally {
    // Left early: let the source close its file.
    if (!done) await stream.return();
  }
}
