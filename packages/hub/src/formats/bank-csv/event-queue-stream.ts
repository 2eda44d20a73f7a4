/**
 * The async event iterator under the bank CSV streams: work items (rows, byte chunks) in, the events the engine
 * pushes for them out, one item's events queued at a time.
 *
 * @module
 */
import type { Issue } from "../../core/index.js";
import type { BankCsvEvent } from "./profile-applier.js";

/**
 * An event iterator over a source of work items, each of which pushes zero or more events into the queue.
 * A class rather than an async generator: each event costs the consumer one resolved promise instead of a
 * generator's resumption, which matters at a million entries (as in the camt stream).
 */
export class EventQueueStream<T> implements AsyncIterableIterator<BankCsvEvent> {
  readonly #queue: BankCsvEvent[] = [];
  #head = 0;
  #state: "reading" | "ended" | "closed" = "reading";
  readonly #source: AsyncIterator<T> | Iterator<T>;
  readonly #feed: (item: T) => void;
  readonly #finish: () => void;
  readonly #refuse: (issue: Issue) => void;

  /**
   * @param source the work items (rows, text chunks)
   * @param feed pushes events for one item into {@link push}
   * @param finish pushes the events of the end (the engine's `end`)
   * @param refuse pushes a refusal when the source itself fails
   */
  constructor(source: AsyncIterable<T> | Iterable<T>, feed: (item: T) => void, finish: () => void, refuse: (issue: Issue) => void) {
    this.#source = Symbol.asyncIterator in source ? source[Symbol.asyncIterator]() : source[Symbol.iterator]();
    this.#feed = feed;
    this.#finish = finish;
    this.#refuse = refuse;
  }

  /** Queues one event (called by the engine). */
  readonly push = (event: BankCsvEvent): void => {
    this.#queue.push(event);
    if (event.type === "end") this.#state = this.#state === "closed" ? "closed" : "ended";
  };

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<BankCsvEvent, undefined>> {
    // A queued event is handed out as an already-resolved promise, without an async function's machinery: this is
    // called once per entry.
    if (this.#head < this.#queue.length) return Promise.resolve(this.#take());
    return this.#refill();
  }

  #take(): IteratorResult<BankCsvEvent, undefined> {
    const value = this.#queue[this.#head++]!;
    if (this.#head === this.#queue.length) {
      this.#queue.length = 0;
      this.#head = 0;
    }
    return { value, done: false };
  }

  async #refill(): Promise<IteratorResult<BankCsvEvent, undefined>> {
    for (;;) {
      if (this.#head < this.#queue.length) return this.#take();
      if (this.#state !== "reading") return { value: undefined, done: true };
      await this.#read();
    }
  }

  /** Stops early (the consumer left its loop): lets the source close its file. */
  async return(): Promise<IteratorResult<BankCsvEvent, undefined>> {
    const reading = this.#state === "reading";
    this.#state = "closed";
    this.#queue.length = 0;
    if (reading) await this.#source.return?.();
    return { value: undefined, done: true };
  }

  async #read(): Promise<void> {
    let next: IteratorResult<T>;
    try {
      next = await this.#source.next();
    } catch (error) {
      this.#refuse({
        severity: "error",
        code: "FILE_UNREADABLE",
        message: `the document cannot be read: ${error instanceof Error ? error.message : String(error)}`,
      });
      this.#state = "ended";
      return;
    }
    try {
      if (next.done === true) {
        this.#finish();
        this.#state = "ended";
      } else {
        this.#feed(next.value);
        // The engine ended early (a refusal): the rest of the source is not needed.
        if (this.#state !== "reading") await this.#source.return?.();
      }
    } catch (error) {
      // A bug in the engine, not bad input: still a clear refusal rather than a crash.
      this.#refuse({
        severity: "error",
        code: "PARSER_FAILED",
        message: `the bank CSV reader failed: ${error instanceof Error ? error.message : String(error)}`,
      });
      this.#state = "ended";
      if (next.done !== true) await this.#source.return?.();
    }
  }
}
