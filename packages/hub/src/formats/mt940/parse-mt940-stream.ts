/**
 * MT940/MT942 from a stream of text chunks, for files too large to hold: statement heads, entries and
 * statement ends are yielded as they are read, so memory stays at one entry and one line, whatever the file's
 * size. Same reader, same results as {@link parseMt940}.
 *
 * @module
 */
import type { Entry, Issue, Statement } from "../../core/index.js";
import type { ParseContext } from "../format.js";
import { createMt940Reader, type Mt940Reader } from "./mt940-reader.js";
import { mt940Rejection } from "./parse-mt940.js";

/** Text read before the events it produced are yielded. */
const SLICE_CHARS = 16_384;

/** What {@link parseMt940Stream} yields, in document order. */
export type Mt940StreamEvent =
  /** A statement's head: everything before its first entry (`entries` empty, no closing balance yet). */
  | { readonly type: "statement"; readonly statement: Statement }
  | { readonly type: "entry"; readonly entry: Entry }
  /** The statement complete except its entries, which were yielded one by one (`entries` is empty). */
  | { readonly type: "statementEnd"; readonly statement: Statement }
  /** A finding; `rejected` on the last one when the document gave no statement at all. */
  | { readonly type: "issue"; readonly issue: Issue; readonly rejected?: true };

/**
 * Reads MT940 (or MT942, with `context.format` `mt942`) from `chunks` of decoded text. Chunks may cut lines,
 * and CRLF pairs, anywhere. Never throws on bad input.
 *
 * @example
 * for await (const event of parseMt940Stream(createReadStream(path, "latin1"), { format: "mt940", encoding: "windows-1252" })) {
 *   if (event.type === "entry") total += event.entry.amount.minor;
 * }
 */
export function parseMt940Stream(
  chunks: AsyncIterable<string> | Iterable<string>,
  context: ParseContext,
): AsyncGenerator<Mt940StreamEvent, void, undefined> {
  return new Mt940Stream(chunks, context);
}

type Result = IteratorResult<Mt940StreamEvent, void>;

const NOT_STARTED = 0;
const READING = 1;
/** The source is exhausted and the reader ended: the last events are handed out. */
const DRAINING = 2;
const FINISHED = 3;

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === "object" && value !== null && typeof (value as { then?: unknown }).then === "function";
}

/**
 * What {@link parseMt940Stream} returns: an async generator, written out. An `async function*` would do the same,
 * but each of its `yield`s awaits the value and goes through the generator's request queue, which costs about
 * twice what handing out a resolved promise does, on every entry (about 3% of streaming the bench file). Here
 * events already read are handed out at once, and only the chunk source is awaited.
 *
 * Same behaviour as the generator function it replaces: nothing is read before the first `next()`; requests are
 * served in order; `return()` and `throw()` close the chunk source when it is open; an error of the source or
 * of the reader ends the stream and rejects the request that met it.
 */
class Mt940Stream implements AsyncGenerator<Mt940StreamEvent, void, undefined> {
  readonly #chunks: AsyncIterable<string> | Iterable<string>;
  readonly #queue: Mt940StreamEvent[] = [];
  readonly #reader: Mt940Reader;
  /** The next event of {@link #queue} to hand out. */
  #next = 0;
  #source: AsyncIterator<string> | Iterator<string> | undefined;
  #sync = false;
  /** The chunk being read, a slice at a time, and where its next slice starts. */
  #chunk = "";
  #at = 0;
  #state = NOT_STARTED;
  /** The latest request, and whether one is waiting for the source: later requests wait for it. */
  #last: Promise<Result> | undefined;
  #waiting = false;

  constructor(chunks: AsyncIterable<string> | Iterable<string>, context: ParseContext) {
    this.#chunks = chunks;
    const queue = this.#queue;
    this.#reader = createMt940Reader(
      {
        statementStart: (statement) => queue.push({ type: "statement", statement }),
        entry: (entry) => queue.push({ type: "entry", entry }),
        statementEnd: (statement) => queue.push({ type: "statementEnd", statement }),
        issue: (issue) => queue.push({ type: "issue", issue }),
      },
      {
        kind: context.format === "mt942" ? "report" : "statement",
        ...(context.documentId === undefined ? {} : { documentId: context.documentId }),
        // Entries are handed on, not kept (see keep-entries.ts).
        keepEntries: false,
      },
    );
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<Result> {
    // The common case, an event already read and no request waiting, is answered at once.
    if (!this.#waiting && this.#next < this.#queue.length) return Promise.resolve(this.#take());
    return this.#request(() => this.#step());
  }

  return(value?: void | PromiseLike<void>): Promise<Result> {
    return this.#request(async () => {
      const open = this.#state === READING;
      this.#finish();
      if (open) await this.#closeSource();
      return { value: (await value) as undefined, done: true };
    });
  }

  throw(error: unknown): Promise<Result> {
    return this.#request(async () => {
      const open = this.#state === READING;
      this.#finish();
      const source = this.#source;
      this.#source = undefined;
      if (open && source !== undefined) await closeQuietly(source);
      throw error;
    });
  }

  /** Runs `serve` now, or after the request that is waiting for the source. */
  #request(serve: () => Promise<Result>): Promise<Result> {
    const last = this.#last;
    const p = this.#waiting && last !== undefined ? last.then(serve, serve) : serve();
    this.#last = p;
    return p;
  }

  /** The next event read (there is one). */
  #take(): Result {
    const queue = this.#queue;
    const event = queue[this.#next++] as Mt940StreamEvent;
    if (this.#next === queue.length) {
      queue.length = 0;
      this.#next = 0;
    }
    return { value: event, done: false };
  }

  async #step(): Promise<Result> {
    const queue = this.#queue;
    for (;;) {
      if (this.#next < queue.length) return this.#take();
      if (this.#state >= DRAINING) {
        this.#state = FINISHED;
        return { value: undefined, done: true };
      }
      const chunk = this.#chunk;
      if (this.#at < chunk.length) {
        // Large chunks are read a slice at a time and each slice's events handed out before the next is read,
        // so what waits in the queue is bounded by the slice, not by the chunk a caller happens to pass.
        const at = this.#at;
        this.#at = at + SLICE_CHARS;
        try {
          this.#reader.feed(chunk.length <= SLICE_CHARS ? chunk : chunk.slice(at, at + SLICE_CHARS));
        } catch (error) {
          // A failure of the reader ends the stream, closing the source as leaving the generator's loop did.
          const source = this.#source;
          this.#finish();
          if (source !== undefined) await closeQuietly(source);
          throw error;
        }
        continue;
      }
      await this.#nextChunk();
    }
  }

  /** Takes the next chunk from the source, or ends the reader when there is none. */
  async #nextChunk(): Promise<void> {
    if (this.#state === NOT_STARTED) {
      const chunks = this.#chunks;
      this.#sync = !(Symbol.asyncIterator in chunks);
      this.#source = this.#sync
        ? (chunks as Iterable<string>)[Symbol.iterator]()
        : (chunks as AsyncIterable<string>)[Symbol.asyncIterator]();
      this.#state = READING;
    }
    const source = this.#source as AsyncIterator<string> | Iterator<string>;
    let result: IteratorResult<string>;
    try {
      if (this.#sync) {
        result = (source as Iterator<string>).next();
        // `for await` over a sync iterable awaits its values.
        if (!result.done && isThenable(result.value)) {
          this.#waiting = true;
          result = { value: (await result.value) as string, done: false };
        }
      } else {
        this.#waiting = true;
        result = await (source as AsyncIterator<string>).next();
      }
    } catch (error) {
      // The source failed: the stream ends with its error, and the source is not closed (it threw).
      this.#finish();
      throw error;
    } finally {
      this.#waiting = false;
    }
    if (result.done === true) {
      this.#source = undefined;
      this.#chunk = "";
      this.#at = 0;
      const found = this.#reader.end();
      const rejected = mt940Rejection(found);
      if (rejected !== undefined) this.#queue.push({ type: "issue", issue: rejected, rejected: true });
      this.#state = DRAINING;
      return;
    }
    this.#chunk = result.value;
    this.#at = 0;
  }

  async #closeSource(): Promise<void> {
    const source = this.#source;
    this.#source = undefined;
    if (source?.return !== undefined) await source.return();
  }

  #finish(): void {
    this.#state = FINISHED;
    this.#queue.length = 0;
    this.#next = 0;
    this.#chunk = "";
    this.#at = 0;
  }
}

/** Closes a source after an error, which is the one reported: an error closing it is dropped. */
async function closeQuietly(source: AsyncIterator<string> | Iterator<string>): Promise<void> {
  try {
    await source.return?.();
  } catch {
    // The first error wins, as when a `for await` loop is left by an exception.
  }
}
