/**
 * Checkpoints for the SQLite writer thread, off its path. SQLite checkpoints inside the COMMIT that takes the log past
 * `wal_autocheckpoint`: with synchronous = NORMAL that COMMIT also syncs the log and the database file, and on this
 * machine's disk one checkpoint of 10,000 pages took 0.75–1.0 s, 0.15 s of it CPU (`docs/benchmarks.md`, 2026-11-29,
 * stop 15). The writer thread's connection instead leaves checkpoints to a thread of their own
 * (`sqlite-checkpoint-thread.ts`) and only asks for one, before it opens a write transaction, once the log has grown
 * past the threshold.
 *
 * The log restarts from its beginning only when a write transaction starts with every frame copied back. A background
 * checkpoint never ends exactly then: the writer has gone on appending. So once the thread has caught up to within
 * about one transaction, the writer copies that remainder itself, just before its BEGIN, and that transaction restarts
 * the log. Both connections keep SQLite's own checkpoint at twice the threshold as a backstop
 * ({@link deferCheckpoints}).
 *
 * @module
 */
import { Worker } from "node:worker_threads";
import type { SqliteDatabase } from "./sqlite.js";
import type { CheckpointRequest, CheckpointThreadData } from "./sqlite-checkpoint-thread.js";
import { createWalIndexReader } from "./sqlite-wal-index.js";
import { threadExecArgv } from "./thread-options.js";

/** Log pages after which a checkpoint is due: 10,000 pages of 16 KiB (`configureSqlite`). */
export const WAL_CHECKPOINT_PAGES = 10_000;

/**
 * Sets a connection's own checkpoint to twice `pages`, for a connection whose checkpoints a {@link Checkpointer}
 * normally makes: it then runs only if the background ones fall behind, and copies little when it does (a checkpoint
 * that finds another running gives up at once).
 */
export function deferCheckpoints(database: SqliteDatabase, pages: number = WAL_CHECKPOINT_PAGES): void {
  database.pragma(`wal_autocheckpoint = ${2 * pages}`);
}

/** Decides and runs the checkpoints of one database for its writer. */
export interface Checkpointer {
  /**
   * Called on the writer's connection outside a transaction, before it opens one. Starts a background checkpoint when
   * the log is past the threshold and much of it is not copied yet; copies the rest inline when that is little, so
   * that the coming transaction restarts the log. Never throws: a checkpoint that fails, or a thread that cannot
   * start, leaves the log to the next call (after a pause) and to SQLite's own backstop.
   */
  beforeWrite(): void;
  /** Whether a checkpoint runs on the thread now. */
  readonly running: boolean;
  /** Resolves once no checkpoint runs on the thread. */
  idle(): Promise<void>;
  /** Waits for a running checkpoint, then stops the thread. */
  close(): Promise<void>;
}

/** Options of {@link createCheckpointer}. */
export interface CheckpointerOptions {
  /** Log pages after which a checkpoint is due. @default WAL_CHECKPOINT_PAGES */
  readonly pages?: number;
  /** The compiled `sqlite-checkpoint-thread.js`. */
  readonly script: URL;
  /** The clock for the pause after a failure. @default Date.now */
  readonly now?: () => number;
}

/** How long the checkpointer leaves the thread alone after it failed to start or stopped unasked. */
const RETRY_PAUSE_MS = 60_000;

/** Checkpoints for the writer connection `database` of the database `file`. The thread starts on first need. */
export function createCheckpointer(file: string, database: SqliteDatabase, options: CheckpointerOptions): Checkpointer {
  const pages = options.pages ?? WAL_CHECKPOINT_PAGES;
  const now = options.now ?? Date.now;
  const wal = createWalIndexReader(file);
  let thread: Worker | undefined;
  // Set here when a checkpoint is asked for, cleared by the thread the moment it ends: a reply message would reach this
  // thread only between the writer's own messages.
  const busy = new Int32Array(new SharedArrayBuffer(4));
  let pausedUntil = 0;
  let closing = false;
  // The log's length at the previous call, and the largest of the last transactions. The writer stalls for an
  // inline copy (bench:ingest here: 0.4 s for the ~1,030 frames of two transactions, 61–74 ms for the ~515 of one),
  // so it copies inline only once the thread has caught up to within about one transaction, and never more than an
  // eighth of the threshold. The largest of the last eight, not the last one: an ingest writes its run record, the
  // account and balances and the run's end in transactions of a frame or two between its chunks, and measured by
  // those the remainder of a chunk would never be copied inline, so the log would not restart.
  let lastFrames = 0;
  const recent = new Array<number>(8).fill(0);
  let nextRecent = 0;

  const running = () => Atomics.load(busy, 0) === 1;

  const start = (): Worker | undefined => {
    if (closing || now() < pausedUntil) return undefined;
    let worker: Worker;
    try {
      worker = new Worker(options.script, { workerData: { file, busy } satisfies CheckpointThreadData, execArgv: threadExecArgv() });
    } catch {
      // No thread to be had (ERR_WORKER_INIT_FAILED when the process is out of threads).
      pausedUntil = now() + RETRY_PAUSE_MS;
      return undefined;
    }
    worker.on("error", () => {
      pausedUntil = now() + RETRY_PAUSE_MS;
    });
    worker.on("exit", () => {
      Atomics.store(busy, 0, 0);
      if (thread === worker) thread = undefined;
    });
    return worker;
  };

  const decide = () => {
    const state = wal.read();
    if (state === undefined) return;
    if (state.frames > lastFrames) {
      recent[nextRecent] = state.frames - lastFrames;
      nextRecent = (nextRecent + 1) % recent.length;
    }
    lastFrames = state.frames;
    const perTransaction = Math.max(...recent);
    // Started at half the threshold: a new thread takes a few hundred milliseconds to load its modules, and the
    // first checkpoint should not wait for that while the log goes on growing.
    if (state.frames >= pages >> 1) thread ??= start();
    if (running() || state.frames < pages) return;
    const pending = state.frames - state.backfilled;
    if (pending <= 0) return;
    if (pending <= Math.min(perTransaction + (perTransaction >> 2), pages >> 3)) {
      // SQLITE_BUSY (another checkpoint) comes back as a result row, not an error.
      database.pragma("wal_checkpoint(PASSIVE)");
      return;
    }
    if (thread === undefined) return;
    Atomics.store(busy, 0, 1);
    thread.postMessage({ op: "checkpoint" } satisfies CheckpointRequest);
  };

  return {
    beforeWrite() {
      try {
        decide();
      } catch {
        // The writer's transaction must open whatever happened here; the log is due again at the next call.
      }
    },
    get running() {
      return running();
    },
    async idle() {
      while (running()) await new Promise((resolve) => setTimeout(resolve, 5));
    },
    async close() {
      closing = true;
      wal.close();
      const t = thread;
      thread = undefined;
      if (t === undefined) return;
      const exited = new Promise<void>((resolve) => t.once("exit", () => resolve()));
      // Behind a running checkpoint: the thread answers its messages in order.
      t.postMessage({ op: "close" } satisfies CheckpointRequest);
      await exited;
    },
  };
}
