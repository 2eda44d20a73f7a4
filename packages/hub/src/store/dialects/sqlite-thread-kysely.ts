/**
 * Kysely over the SQLite writer thread's connection, for the store's short write transactions (accounts, balances,
 * ingest runs) when chunks are written on that thread.
 *
 * Why they go there: SQLite empties a connection's page cache when it finds that another connection has committed
 * since its last transaction. With these writes on the main connection, the writer thread lost its cache at every
 * statement, gave the memory back to the allocator, which gave it back to the system, and read its index pages in
 * again: on 200,000 bench rows, 127,000 page faults against 105,000 with those writes left out (`strace -k` put the
 * difference in `pcache1Truncate`). With every ingest write on one connection, its cache lives from one statement to
 * the next.
 *
 * Transactions are the dialect's (`thread.begin()` … `commit()`), not Kysely's: this Kysely only runs the statements
 * inside one.
 *
 * @module
 */
import {
  type CompiledQuery,
  type DatabaseConnection,
  type Driver,
  Kysely,
  type QueryResult,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type TransactionSettings,
} from "kysely";
import type { Database } from "../schema.js";
import type { SqliteWriterThread } from "./sqlite-writer.js";

/** A Kysely whose queries run on `thread`'s connection, inside the transaction the caller has opened there. */
export function createThreadKysely(thread: SqliteWriterThread): Kysely<Database> {
  const connection: DatabaseConnection = {
    executeQuery: <R>(query: CompiledQuery) => thread.query(query.sql, query.parameters) as Promise<QueryResult<R>>,
    // biome-ignore lint/correctness/useYield: refuses before the first row
    async *streamQuery() {
      throw new Error("streaming queries do not run on the SQLite writer thread");
    },
  };
  const refuse = async (_c: DatabaseConnection, _s?: TransactionSettings): Promise<void> => {
    throw new Error("transactions on the SQLite writer thread are opened by the dialect, not by Kysely");
  };
  const driver: Driver = {
    init: async () => {},
    acquireConnection: async () => connection,
    beginTransaction: refuse,
    commitTransaction: refuse,
    rollbackTransaction: refuse,
    releaseConnection: async () => {},
    destroy: async () => {},
  };
  return new Kysely<Database>({
    dialect: {
      createAdapter: () => new SqliteAdapter(),
      createDriver: () => driver,
      createQueryCompiler: () => new SqliteQueryCompiler(),
      createIntrospector: (db) => new SqliteIntrospector(db),
    },
  });
}
