/**
 * Checkpoints for the SQLite writer thread, off its path. SQLite checkpoints inside the COMMIT that takes the log past
 * `wal_autocheckpoint`: with synchronous = NORMAL that COMMIT also syncs the log and the database file, and on this
 * machine's disk one checkpoint of 10,000 pages took 0.75–1.0 s, 0.15 s of it CPU (`docs/benchmarks.md`, 2026-11-29,
 * stop 15). The writer thread's connection instead leaves checkpoints to a thread of their own
 * (`sqlite-checkpoint-thread.ts`) and only asks for one, before it opens a write transaction, once the log has grown
 * past the threshold.
 *
 * The log restarts from its beginning only when a write transaction starts with every frame copied back. A background
 * checkpoint never ends exactly then: the writer has gone on appending. So once the big copy is done, the writer
 * copies the few frames added meanwhile itself, just before its BEGIN, and that transaction restarts the log. Both
 * connections keep SQLite's own checkpoint at twice the threshold as a backstop ({@link deferCheckpoints}).
 *
 * @module
 */
import { Worker } from "node:worker_threads";
import type { SqliteDatabase } from "./sqlite.js";
import type { CheckpointReply, CheckpointRequest, CheckpointThreadData } from "./sqlite-checkpoint-thread.js";
import { createWalIndexReader } from "./sqlite-wal-index.js";

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
   * that the coming transaction restarts the log. Never throws: a failed checkpoint is tried again next time.
   */
  beforeWrite(): void;
  /** Whether a checkpoint runs on the thread now. */
  readonly running: boolean;
  /** Waits for a running checkpoint, then stops the thread. */
  close(): Promise<void>;
}

/** Options of {@link createCheckpointer}. */
export interface CheckpointerOptions {
  /** Log pages after which a checkpoint is due. @default WAL_CHECKPOINT_PAGES */
  readonly pages?: number;
  /** The compiled `sqlite-checkpoint-thread.js`. */
  readonly script: URL;
}

/** Checkpoints for the writer connection `database` of the database `file`. The thread starts on first need. */
export function createCheckpointer(file: string, database: SqliteDatabase, options: CheckpointerOptions): Checkpointer {
  const pages = options.pages ?? WAL_CHECKPOINT_PAGES;
  const wal = createWalIndexReader(file);
  let thread: Worker | undefined;
  let running = false;
  // The log's length at the previous call, and how much the transaction since then added. The writer stalls for an
  // inline copy (bench:ingest here: 0.4 s for the ~1,030 frames of two transactions, 61–74 ms for the ~515 of one),
  // so it copies inline only once the thread has caught up to within about one transaction, and never more than an
  // eighth of the threshold.
  let lastFrames = 0;
  let perTransaction = Math.max(1, Math.floor(pages / 16));

  const start = (): Worker => {
    const worker = new Worker(options.script, { workerData: { file } satisfies CheckpointThreadData });
    worker.on("message", (_reply: CheckpointReply) => {
      // A failed checkpoint (the backstop's running, the disk is full) is simply due again at the next write.
      running = false;
    });
    worker.on("error", () => {});
    worker.on("exit", () => {
      running = false;
      if (thread === worker) thread = undefined;
    });
    return worker;
  };

  return {
    beforeWrite() {
      const state = wal.read();
      if (state === undefined) return;
      if (state.frames > lastFrames) perTransaction = state.frames - lastFrames;
      lastFrames = state.frames;
      // Started at half the threshold: a new thread takes a few hundred milliseconds to load its modules, and the
      // first checkpoint should not wait for that while the log goes on growing.
      if (state.frames >= pages >> 1) thread ??= start();
      if (running || state.frames < pages) return;
      const pending = state.frames - state.backfilled;
      if (pending === 0) return;
      if (pending <= Math.min(perTransaction + (perTransaction >> 2), pages >> 3)) {
        try {
          database.pragma("wal_checkpoint(PASSIVE)");
        } catch {
          // Due again at the next write.
        }
        return;
      }
      thread ??= start();
      running = true;
      thread.postMessage({ op: "checkpoint" } satisfies CheckpointRequest);
    },
    get running() {
      return running;
    },
    async close() {
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
