/**
 * The SQLite checkpoint thread: a worker with its own connection that copies the write-ahead log back into the
 * database file when the writer thread asks (`sqlite-checkpointer.ts`), so that neither the writer's COMMIT nor the
 * main thread's event loop waits for it. Loaded by Node as a worker script; never imported by the rest of the store.
 *
 * @module
 */
import { parentPort, workerData } from "node:worker_threads";
import Database from "better-sqlite3";
import { configureSqlite, type SqliteDatabase } from "./sqlite.js";

/** A message to the checkpoint thread. */
export type CheckpointRequest = { readonly op: "checkpoint" } | { readonly op: "close" };

/** What the writer thread passes to the worker. */
export interface CheckpointThreadData {
  readonly file: string;
  /** Set to 1 by the writer thread when it asks for a checkpoint; this thread sets it back to 0 when that ends. */
  readonly busy: Int32Array;
}

function serve(port: NonNullable<typeof parentPort>, data: CheckpointThreadData): void {
  const database = new Database(data.file) as unknown as SqliteDatabase;
  configureSqlite(database);
  // This connection never writes; its only checkpoints are the ones asked for.
  database.pragma("wal_autocheckpoint = 0");
  port.on("message", (m: CheckpointRequest) => {
    if (m.op === "close") {
      database.close();
      port.close();
      return;
    }
    try {
      // PASSIVE: copies what it can without waiting for, or blocking, the writer and readers.
      database.pragma("wal_checkpoint(PASSIVE)");
    } catch {
      // (The disk is full, say.) The log is left to the next request and to SQLite's own backstop.
    } finally {
      Atomics.store(data.busy, 0, 0);
    }
  });
}

if (parentPort !== null) serve(parentPort, workerData as CheckpointThreadData);
