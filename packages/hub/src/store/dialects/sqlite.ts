/**
 * SQLite through better-sqlite3: the embedded default. WAL journal, so readers in other processes never block the
 * writer. The ingest hot path runs prepared statements inside the write transaction: for a database file on the
 * writer thread's connection (`sqlite-writer.ts`), which inserts rows while this thread builds the next ones; for an
 * in-memory database, or when asked, on this thread's connection. Both run the same chunk writer below.
 *
 * @module
 */
import { Kysely, type SqliteDatabase as KyselySqliteDatabase, SqliteDialect } from "kysely";
import { keyDateRange } from "../fingerprint.js";
import { resolveChunk } from "../resolve-chunk.js";
import type { Database } from "../schema.js";
import type { ChunkWriter, ExistingTransaction, PlacedTransaction, StoreDialect, TransactionUpdate } from "../store-dialect.js";
import { COL, ROW_COLUMNS, type TransactionRow, UPDATABLE_COLUMNS } from "../transaction-row.js";
import { WAL_CHECKPOINT_PAGES } from "./sqlite-checkpointer.js";
import { createThreadKysely } from "./sqlite-thread-kysely.js";
import type { SqliteWriterThread } from "./sqlite-writer.js";

/** The subset of better-sqlite3's `Statement` the store uses besides what Kysely needs. */
export interface SqliteStatement {
  /** Whether the statement returns rows (Kysely's own driver runs such a statement with `all`). */
  readonly reader: boolean;
  run(...params: unknown[]): { changes: number | bigint; lastInsertRowid: number | bigint };
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
  /** Rows as arrays in column order instead of objects. */
  raw(on: boolean): SqliteStatement;
}

/**
 * The subset of better-sqlite3's `Database` the store uses (Kysely's subset plus `exec` and `pragma`), so the
 * store does not depend on the driver's types.
 */
export interface SqliteDatabase extends KyselySqliteDatabase {
  prepare(sql: string): SqliteStatement & ReturnType<KyselySqliteDatabase["prepare"]>;
  exec(sql: string): unknown;
  pragma(source: string, options?: { simple?: boolean }): unknown;
  readonly inTransaction: boolean;
}

const UPDATABLE_INDEXES = UPDATABLE_COLUMNS.map((c) => COL[c]);

/**
 * Prepares a SQLite connection for the hub: WAL, foreign keys, a wait instead of SQLITE_BUSY, and page and
 * checkpoint sizes for bulk ingest. Measured on 1,000,000 transactions with their two unique indexes: 4 KiB
 * pages and the default 4 MiB checkpoint 60,000 rows/s; 16 KiB pages and 160 MiB checkpoints 118,000 rows/s
 * (index pages are rewritten far less often).
 */
export function configureSqlite(database: SqliteDatabase): void {
  // Only takes effect on a new database (before the first table); existing files keep their page size.
  database.pragma("page_size = 16384");
  database.pragma("journal_mode = WAL");
  // NORMAL is durable in WAL mode except for the last transactions before a power loss; re-importing the
  // raw documents (kept) restores them, and it triples write speed.
  database.pragma("synchronous = NORMAL");
  database.pragma(`wal_autocheckpoint = ${WAL_CHECKPOINT_PAGES}`);
  // …and the WAL file shrinks back to 64 MiB after a checkpoint instead of keeping its peak size.
  database.pragma("journal_size_limit = 67108864");
  database.pragma("foreign_keys = ON");
  database.pragma("busy_timeout = 10000");
  // 64 MiB page cache (the default is 2 MiB): the transaction indexes of a few million rows stay in memory.
  database.pragma("cache_size = -65536");
  database.pragma("temp_store = MEMORY");
}

/** The bulk statements on one connection, prepared on first use (the table exists only after migrations). */
/** The stored columns of a row read back as a {@link TransactionRow}: integers as text, so none loses digits. */
const READ_BACK = ROW_COLUMNS.map((c) => (c === "account_id" || c === "amount_minor" ? `CAST(${c} AS TEXT) AS ${c}` : c)).join(", ");

export function createSqliteChunkWriter(database: SqliteDatabase): ChunkWriter {
  let s:
    | {
        insert: SqliteStatement;
        byRef: SqliteStatement;
        byFp: SqliteStatement;
        update: SqliteStatement;
        anyAlias: SqliteStatement;
        byAlias: SqliteStatement;
        readBack: SqliteStatement;
        remove: SqliteStatement;
        addAlias: SqliteStatement;
        inDocument: SqliteStatement;
      }
    | undefined;
  const prepared = () => {
    s ??= {
      // amount_minor arrives as decimal text; the column's INTEGER affinity stores it as an exact integer.
      insert: database.prepare(
        `INSERT INTO transactions (${ROW_COLUMNS.join(", ")}) VALUES (${ROW_COLUMNS.map(() => "?").join(", ")}) ON CONFLICT DO NOTHING`,
      ),
      byRef: database.prepare(
        "SELECT CAST(id AS TEXT) AS id, bank_ref, fingerprint, status, entry_json, amount, ingest_run_id, booking_date, value_date, counterparty_name, description FROM transactions WHERE account_id = ? AND bank_ref = ?",
      ),
      byFp: database.prepare(
        "SELECT CAST(id AS TEXT) AS id, bank_ref, fingerprint, status, entry_json, amount, ingest_run_id, booking_date, value_date, counterparty_name, description FROM transactions WHERE account_id = ? AND fingerprint = ?",
      ),
      update: database.prepare(
        `UPDATE transactions SET ${UPDATABLE_COLUMNS.map((c) => `${c} = ?`).join(", ")}, bank_ref = COALESCE(bank_ref, ?) WHERE id = ?`,
      ),
      anyAlias: database.prepare("SELECT 1 FROM transaction_aliases WHERE account_id = ? LIMIT 1"),
      byAlias: database.prepare(
        `SELECT a.fingerprint AS alias, CAST(t.id AS TEXT) AS id, t.bank_ref, t.fingerprint, t.status, t.entry_json, t.amount, t.ingest_run_id, t.booking_date, t.value_date, t.counterparty_name, t.description
         FROM transaction_aliases a JOIN transactions t ON t.id = a.transaction_id WHERE a.account_id = ? AND a.fingerprint = ?`,
      ),
      readBack: database.prepare(`SELECT ${READ_BACK} FROM transactions WHERE account_id = ? AND fingerprint = ?`).raw(true),
      remove: database.prepare("DELETE FROM transactions WHERE account_id = ? AND fingerprint = ?"),
      addAlias: database.prepare(
        "INSERT INTO transaction_aliases (account_id, fingerprint, transaction_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
      ),
      // Through the (account, fingerprint) index: a day's keys, then the document's rows among them (those without a
      // place too: stored before migration 0004, they are paired by their facts).
      inDocument: database.prepare(
        `SELECT CAST(id AS TEXT) AS id, bank_ref, fingerprint, status, entry_json, amount, ingest_run_id, booking_date, value_date, counterparty_name, description, currency, reversal, source_position
         FROM transactions WHERE account_id = ? AND fingerprint >= ? AND fingerprint < ? AND document_id = ?
           AND (ingest_run_id IS NULL OR ingest_run_id <> ?)`,
      ),
    };
    return s;
  };
  return {
    async insertTransactions(rows) {
      const { insert } = prepared();
      const skipped: TransactionRow[] = [];
      // Rows are built in small batches and then inserted back to back: alternating row building and B-tree
      // inserts row by row keeps evicting SQLite's pages from the CPU caches (measured: inserts 30% slower),
      // while batches this small still die young in the garbage collector.
      const batch: TransactionRow[] = [];
      const flush = () => {
        // A row is already the positional parameter list, in column order.
        for (const row of batch) if (Number(insert.run(row).changes) !== 1) skipped.push(row);
        batch.length = 0;
      };
      for (const row of rows) if (batch.push(row) === 256) flush();
      flush();
      return skipped;
    },
    async findTransactions(accountId, bankRefs, fingerprints) {
      const { byRef, byFp } = prepared();
      const found = new Map<string, ExistingTransaction>();
      for (const r of bankRefs) {
        const row = byRef.get(accountId, r) as ExistingTransaction | undefined;
        if (row !== undefined) found.set(row.id, row);
      }
      for (const f of fingerprints) {
        const row = byFp.get(accountId, f) as ExistingTransaction | undefined;
        if (row !== undefined) found.set(row.id, row);
      }
      return [...found.values()];
    },
    async updateTransactions(updates: readonly TransactionUpdate[]) {
      const { update } = prepared();
      for (const u of updates) update.run([...UPDATABLE_INDEXES.map((i) => u.row[i]), u.row[COL.bank_ref], u.id]);
    },
    async hasAliases(accountId) {
      return prepared().anyAlias.get(accountId) !== undefined;
    },
    async findAliased(accountId, fingerprints) {
      const { byAlias } = prepared();
      const found = new Map<string, ExistingTransaction>();
      for (const f of fingerprints) {
        const row = byAlias.get(accountId, f) as (ExistingTransaction & { alias: string }) | undefined;
        if (row !== undefined) {
          const { alias, ...existing } = row;
          found.set(alias, existing);
        }
      }
      return found;
    },
    async takeInserted(accountId, fingerprints) {
      const { readBack, remove } = prepared();
      const rows: TransactionRow[] = [];
      for (const f of fingerprints) {
        const row = readBack.get(accountId, f) as TransactionRow | undefined;
        if (row === undefined) continue;
        remove.run(accountId, f);
        rows.push(row);
      }
      return rows;
    },
    async findInDocument(accountId, documentId, runId, keyDates) {
      const { inDocument } = prepared();
      const found: PlacedTransaction[] = [];
      for (const d of keyDates) {
        const [from, to] = keyDateRange(d);
        for (const row of inDocument.all(accountId, from, to, documentId, runId)) found.push(row as PlacedTransaction);
      }
      return found;
    },
    async addAliases(accountId, aliases) {
      const { addAlias } = prepared();
      for (const a of aliases) addAlias.run(accountId, a.fingerprint, a.id);
    },
  };
}

/** Runs `fn` between BEGIN IMMEDIATE and COMMIT on `database`, rolling back if it throws. */
export async function immediateTransaction<T>(database: SqliteDatabase, fn: () => Promise<T>): Promise<T> {
  // Kysely's own transactions begin DEFERRED, which fail with SQLITE_BUSY when another connection writes
  // meanwhile; IMMEDIATE waits (busy_timeout) for the write lock up front instead.
  database.exec("BEGIN IMMEDIATE");
  try {
    const result = await fn();
    database.exec("COMMIT");
    return result;
  } catch (e) {
    // SQLite may already have rolled back (SQLITE_FULL, an interrupted statement): the original error matters.
    try {
      database.exec("ROLLBACK");
    } catch {}
    throw e;
  }
}

/** Options of {@link createSqliteDialect}. */
export interface SqliteDialectOptions {
  /**
   * Writes ingest chunks on a writer thread with its own connection (see `sqlite-writer.ts`) instead of this
   * connection. Only for a database file: an in-memory database is this connection's alone.
   */
  readonly writerThread?: SqliteWriterThread;
}

/** The SQLite dialect over an open, configured better-sqlite3 database. */
export function createSqliteDialect(database: SqliteDatabase, options: SqliteDialectOptions = {}): StoreDialect {
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
  const writer = createSqliteChunkWriter(database);
  const { writerThread } = options;
  // Hold Kysely's single connection so no other query interleaves with the hand-driven transaction. The writer
  // thread's chunks hold it too: every write of the store then still takes its turn, so a statement's account and
  // balances (on this connection) never wait on this thread for a lock held by the writer thread.
  const onConnection = <T>(fn: (conn: Kysely<Database>) => Promise<T>) =>
    db.connection().execute((conn) => immediateTransaction(database, () => fn(conn)));
  const onThread = <T>(thread: SqliteWriterThread, fn: () => Promise<T>) =>
    db.connection().execute(async () => {
      thread.begin();
      try {
        const result = await fn();
        await thread.commit();
        return result;
      } catch (e) {
        await thread.rollback();
        throw e;
      }
    });
  // With a writer thread, every write transaction of the ingest runs there (`sqlite-thread-kysely.ts` says why).
  const threadDb = writerThread === undefined ? undefined : createThreadKysely(writerThread);
  const onWriter = <T>(fn: (db: Kysely<Database>) => Promise<T>, otherwise: () => Promise<T>) =>
    writerThread === undefined || threadDb === undefined ? otherwise() : onThread(writerThread, () => fn(threadDb));
  return {
    name: "sqlite",
    db,
    chunkSize: 10_000,
    writeTransaction: (_lockKey, fn) => onWriter(fn, () => onConnection(fn)),
    write: (fn) => onWriter(fn, () => fn(db)),
    writeEntries: (_lockKey, accountId, rows, count, unidentified, reread) =>
      writerThread === undefined
        ? onConnection(() => resolveChunk(writer, accountId, rows, count, unidentified, reread))
        : onThread(writerThread, () => resolveChunk(writerThread, accountId, rows, count, unidentified, reread)),
    idle: async () => {
      await writerThread?.idle();
    },
    async destroy() {
      await writerThread?.close();
      await db.destroy();
    },
  };
}
