/**
 * The SQLite writer thread: a worker with its own connection to the database file, running the bulk statements of
 * ingest chunks (`createSqliteChunkWriter`) for the main thread, which meanwhile builds the next rows. Loaded by
 * Node as a worker script (`sqlite-writer.ts` starts it); never imported by the rest of the store.
 *
 * Requests are handled one at a time, in the order they were posted: `begin`, row pieces (no reply), `inserted`
 * (the rows the pieces skipped since `begin`), the other chunk writer calls and SQL statements (the store's short
 * write transactions, `sqlite-thread-kysely.ts`), then `commit` or `rollback`.
 *
 * @module
 */
import { parentPort, workerData } from "node:worker_threads";
import Database from "better-sqlite3";
import type { ChunkWriter } from "../store-dialect.js";
import type { TransactionRow } from "../transaction-row.js";
import { configureSqlite, createSqliteChunkWriter, type SqliteDatabase } from "./sqlite.js";
import { createCheckpointer, deferCheckpoints } from "./sqlite-checkpointer.js";

/** The chunk writer calls the thread answers besides the row pieces. */
export type WriterMethod = Exclude<keyof ChunkWriter, "insertTransactions">;

/** A message to the writer thread. */
export type WriterRequest =
  /** Rows to insert in the open transaction, in order. Skipped rows are kept for the next `inserted`. */
  | { readonly rows: TransactionRow[] }
  | { readonly id: number; readonly op: "begin" | "inserted" | "commit" | "rollback" | "idle" | "close" }
  | { readonly id: number; readonly op: "call"; readonly method: WriterMethod; readonly args: unknown[] }
  /** One SQL statement in the open transaction, as Kysely compiled it; answered with Kysely's `QueryResult`. */
  | { readonly id: number; readonly op: "query"; readonly sql: string; readonly parameters: readonly unknown[] };

/** The error of a failed request, as plain data (errors do not cross threads with their properties). */
export interface WriterFailure {
  readonly message: string;
  readonly code?: string;
}

/** The thread's answer to a request with an id. */
export type WriterReply = { readonly id: number; readonly result?: unknown } | { readonly id: number; readonly error: WriterFailure };

/** What the main thread passes to the worker. */
export interface WriterThreadData {
  readonly file: string;
  /** Log pages after which a background checkpoint is due (`sqlite-checkpointer.ts`). */
  readonly checkpointPages?: number;
}

function failure(e: unknown): WriterFailure {
  if (!(e instanceof Error)) return { message: String(e) };
  const code = (e as { code?: unknown }).code;
  return typeof code === "string" ? { message: e.message, code } : { message: e.message };
}

function serve(port: NonNullable<typeof parentPort>, data: WriterThreadData): void {
  const database = new Database(data.file) as unknown as SqliteDatabase;
  configureSqlite(database);
  // Checkpoints run on a thread of their own, asked for before a transaction opens, not inside this one's COMMIT.
  deferCheckpoints(database, data.checkpointPages);
  const checkpointer = createCheckpointer(data.file, database, {
    ...(data.checkpointPages === undefined ? {} : { pages: data.checkpointPages }),
    script: new URL("./sqlite-checkpoint-thread.js", import.meta.url),
  });
  const writer = createSqliteChunkWriter(database);
  let skipped: TransactionRow[] = [];
  // The first error of the row pieces since `begin`: later pieces are dropped, `inserted` reports it.
  let failed: unknown;

  // The statements of a transaction run only inside it: never in autocommit after its BEGIN failed (`begin` is not
  // waited for, and the store's short transactions send statements, not rows, right behind it), nor after SQLite
  // rolled it back on its own. The transaction then fails with the error that ended it.
  const inOpenTransaction = () => {
    if (failed !== undefined) throw failed;
    if (!database.inTransaction) throw new Error("no transaction is open on the SQLite writer thread");
  };

  const handle = async (m: WriterRequest): Promise<void> => {
    if ("rows" in m) {
      if (failed !== undefined) return;
      try {
        const s = await writer.insertTransactions(m.rows);
        for (const r of s) skipped.push(r);
      } catch (e) {
        failed = e;
      }
      return;
    }
    let result: unknown;
    try {
      switch (m.op) {
        case "begin":
          skipped = [];
          failed = undefined;
          checkpointer.beforeWrite(); // never throws: the transaction opens whatever it did
          try {
            database.exec("BEGIN IMMEDIATE");
          } catch (e) {
            // The rows that follow without waiting for this answer must not go in outside a transaction.
            failed = e;
            throw e;
          }
          break;
        case "inserted": {
          const e = failed;
          result = skipped;
          skipped = [];
          failed = undefined;
          if (e !== undefined) throw e;
          break;
        }
        case "commit":
          if (failed !== undefined) throw failed;
          database.exec("COMMIT");
          break;
        case "rollback":
          skipped = [];
          failed = undefined;
          // SQLite may already have rolled back (SQLITE_FULL, an interrupted statement).
          if (database.inTransaction) database.exec("ROLLBACK");
          break;
        case "idle":
          await checkpointer.idle();
          break;
        case "close":
          await checkpointer.close();
          database.close();
          break;
        case "query": {
          inOpenTransaction();
          // As Kysely's own SQLite driver runs a compiled query.
          const statement = database.prepare(m.sql);
          if (statement.reader) result = { rows: statement.all(m.parameters) };
          else {
            const r = statement.run(m.parameters);
            result = { numAffectedRows: BigInt(r.changes), insertId: BigInt(r.lastInsertRowid), rows: [] };
          }
          break;
        }
        case "call": {
          inOpenTransaction();
          const fn = writer[m.method] as (...args: unknown[]) => Promise<unknown>;
          result = await fn(...m.args);
          break;
        }
      }
    } catch (e) {
      port.postMessage({ id: m.id, error: failure(e) } satisfies WriterReply);
      return;
    }
    try {
      port.postMessage({ id: m.id, result } satisfies WriterReply);
    } catch (e) {
      // A result that cannot be cloned must still answer, or the caller would wait forever.
      port.postMessage({ id: m.id, error: failure(e) } satisfies WriterReply);
    }
    if (m.op === "close") port.close();
  };

  // One request at a time: a call awaits (the chunk writer's methods are async), and the next must not start
  // before it has finished.
  let queue = Promise.resolve();
  port.on("message", (m: WriterRequest) => {
    queue = queue.then(() => handle(m)).catch(() => {});
  });
}

if (parentPort !== null) serve(parentPort, workerData as WriterThreadData);
