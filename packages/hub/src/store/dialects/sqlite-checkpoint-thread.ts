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

/** The answer to `checkpoint`: frames in the log and frames copied, or why it failed. */
export type CheckpointReply =
  | { readonly op: "checkpointed"; readonly frames: number; readonly backfilled: number }
  | { readonly op: "failed"; readonly message: string };

/** What the writer thread passes to the worker. */
export interface CheckpointThreadData {
  readonly file: string;
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
    let reply: CheckpointReply;
    try {
      // PASSIVE: copies what it can without waiting for, or blocking, the writer and readers.
      const [r] = database.pragma("wal_checkpoint(PASSIVE)") as { log: number; checkpointed: number }[];
      reply = { op: "checkpointed", frames: r?.log ?? 0, backfilled: r?.checkpointed ?? 0 };
    } catch (e) {
      reply = { op: "failed", message: e instanceof Error ? e.message : String(e) };
    }
    port.postMessage(reply);
  });
}

if (parentPort !== null) serve(parentPort, workerData as CheckpointThreadData);
