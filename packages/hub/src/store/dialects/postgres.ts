/**
 * PostgreSQL through pg: for several hub processes sharing one database. Writers of the same account are
 * serialised with a transaction-scoped advisory lock. New rows go in with COPY (several times faster than
 * INSERT with bound parameters); when a chunk hits an existing row, the chunk is staged in a temporary table
 * and inserted with ON CONFLICT DO NOTHING instead.
 *
 * @module
 */
import { Buffer } from "node:buffer";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { Kysely, PostgresDialect } from "kysely";
import { from as copyFrom } from "pg-copy-streams";
import { keyDateRange } from "../fingerprint.js";
import { resolveChunk } from "../resolve-chunk.js";
import type { Database } from "../schema.js";
import type { ChunkWriter, ExistingTransaction, PlacedTransaction, StoreDialect } from "../store-dialect.js";
import { COL, ROW_COLUMNS, rowFingerprint, type TransactionRow, UPDATABLE_COLUMNS } from "../transaction-row.js";

/** The subset of a pg pool client the store uses. */
export interface PgPoolClient {
  query(sql: string, parameters?: readonly unknown[]): Promise<{ rows: unknown[]; command: string; rowCount: number | null }>;
  query<T extends NodeJS.WritableStream>(stream: T): T;
  release(error?: Error | boolean): void;
  /** pg's client is an EventEmitter: `error` comes when the server ends the session while no query runs on it. */
  on?(event: "error", listener: (error: Error) => void): unknown;
  off?(event: "error", listener: (error: Error) => void): unknown;
}

/** The subset of a pg `Pool` the store uses (so the store does not depend on pg's types). */
export interface PgPool {
  connect(): Promise<PgPoolClient>;
  end(): Promise<void>;
}

const COLUMN_LIST = ROW_COLUMNS.join(", ");

const pgType = (c: string) => (c === "amount_minor" ? "bigint" : c === "reversal" ? "int" : "text");

/** Updates many rows in one statement: each column travels as one array. */
const UPDATE_SQL = `UPDATE transactions AS t SET ${UPDATABLE_COLUMNS.map((c) => `${c} = u.${c}`).join(", ")}, bank_ref = COALESCE(t.bank_ref, u.bank_ref)
  FROM unnest($1::bigint[], ${UPDATABLE_COLUMNS.map((c, i) => `$${i + 2}::${pgType(c)}[]`).join(", ")}, $${UPDATABLE_COLUMNS.length + 2}::text[])
    AS u(id, ${UPDATABLE_COLUMNS.join(", ")}, bank_ref)
  WHERE t.id = u.id`;

/** COPY text format: backslash, tab, newline and carriage return must be escaped; nothing else. */
const NEEDS_ESCAPE = /[\\\t\n\r]/;
const ESCAPABLE = /[\\\t\n\r]/g;
const ESCAPES: Readonly<Record<string, string>> = { "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" };

function copyEscape(value: string | number | null): string {
  if (value === null) return "\\N";
  if (typeof value === "number") return String(value);
  return NEEDS_ESCAPE.test(value) ? value.replace(ESCAPABLE, (m) => ESCAPES[m] as string) : value;
}

/**
 * Columns whose values the store makes itself and that can hold no character COPY escapes: the account id (digits),
 * the amount as formatted here and its minor units, the reversal flag, the ingest run id (a UUID) and the two
 * timestamps (`toISOString`). Only null needs writing as \N. Everything that comes from the document or the caller
 * is escaped, the fingerprint too: it starts with the entry's date as the parser gave it.
 */
const PLAIN: readonly boolean[] = ROW_COLUMNS.map((c) =>
  ["account_id", "amount", "amount_minor", "reversal", "ingest_run_id", "created_at", "updated_at"].includes(c),
);

function cell(row: TransactionRow, c: number): string | number {
  const v = row[c] ?? null;
  return PLAIN[c] === true ? (v === null ? "\\N" : v) : copyEscape(v);
}

/** The entry JSON's column: the widest by far, written on its own. */
const JSON_COLUMN = COL.entry_json;

/** Bytes per piece of COPY data handed to the connection. */
const PIECE_BYTES = 256 * 1024;

/**
 * COPY data in pieces of up to 256 KiB, consuming the rows as they are built. Each row is written as UTF-8 straight
 * into the piece in three writes (the columns before the entry JSON, the JSON, the rest). Joining the ~700
 * characters of a row into COPY text took 6.7 µs a row on the bench's rows, before the text was encoded again on
 * its way to the socket; this takes 1.8 µs.
 */
function* copyData(rows: Iterable<TransactionRow>): Generator<Buffer> {
  let piece = Buffer.allocUnsafe(PIECE_BYTES);
  let at = 0;
  for (const r of rows) {
    let head = `${cell(r, 0)}`;
    for (let c = 1; c < JSON_COLUMN; c++) head += `\t${cell(r, c)}`;
    head += "\t";
    const json = cell(r, JSON_COLUMN);
    const text = typeof json === "string" ? json : String(json);
    let tail = "";
    for (let c = JSON_COLUMN + 1; c < r.length; c++) tail += `\t${cell(r, c)}`;
    tail += "\n";
    // A UTF-16 code unit is at most 3 bytes of UTF-8.
    const most = 3 * (head.length + text.length + tail.length);
    if (at + most > piece.length) {
      if (at > 0) yield piece.subarray(0, at);
      piece = Buffer.allocUnsafe(Math.max(PIECE_BYTES, most));
      at = 0;
    }
    at += piece.write(head, at, "utf8");
    at += piece.write(text, at, "utf8");
    at += piece.write(tail, at, "utf8");
  }
  if (at > 0) yield piece.subarray(0, at);
}

async function copyInto(client: PgPoolClient, table: string, text: Iterable<Buffer>): Promise<void> {
  await pipeline(Readable.from(text), client.query(copyFrom(`COPY ${table} (${COLUMN_LIST}) FROM STDIN`)));
}

function column(rows: readonly TransactionRow[], index: number): (string | number | null)[] {
  return rows.map((r) => r[index] ?? null);
}

function isUniqueViolation(e: unknown): boolean {
  return typeof e === "object" && e !== null && (e as { code?: unknown }).code === "23505";
}

/** A pool of one: lets a Kysely instance run on the client that holds the write transaction. */
function singleClientPool(client: PgPoolClient): PgPool {
  return {
    connect: async () => ({ query: client.query.bind(client) as PgPoolClient["query"], release: () => {} }),
    end: async () => {},
  };
}

/** The bulk statements on a client that is inside a transaction. */
function chunkWriter(client: PgPoolClient, rendered?: readonly Buffer[]): ChunkWriter {
  let staged = false;
  // COPY data of the first attempt, rendered before the transaction began (see writeEntries).
  let firstText: Iterable<Buffer> | undefined = rendered;
  return {
    async insertTransactions(rows) {
      // Fast path: COPY straight into the table. It fails as a whole on the first existing row, so it
      // runs inside a savepoint; after one conflict in this transaction, go straight to staging.
      if (!staged) {
        await client.query("SAVEPOINT bulk_copy");
        try {
          const text = firstText ?? copyData(rows);
          firstText = undefined;
          await copyInto(client, "transactions", text);
          await client.query("RELEASE SAVEPOINT bulk_copy");
          return [];
        } catch (e) {
          await client.query("ROLLBACK TO SAVEPOINT bulk_copy");
          if (!isUniqueViolation(e)) throw e;
          staged = true;
        }
      }
      await client.query(`CREATE TEMP TABLE IF NOT EXISTS bankbridge_stage AS SELECT ${COLUMN_LIST} FROM transactions WITH NO DATA`);
      await client.query("TRUNCATE bankbridge_stage");
      firstText = undefined;
      await copyInto(client, "bankbridge_stage", copyData(rows));
      const result = await client.query(
        `INSERT INTO transactions (${COLUMN_LIST}) SELECT ${COLUMN_LIST} FROM bankbridge_stage ON CONFLICT DO NOTHING RETURNING fingerprint`,
      );
      const inserted = new Set((result.rows as { fingerprint: string }[]).map((r) => r.fingerprint));
      const skipped: TransactionRow[] = [];
      for (const r of rows) if (!inserted.has(rowFingerprint(r))) skipped.push(r);
      return skipped;
    },
    async findTransactions(accountId, bankRefs, fingerprints) {
      const result = await client.query(
        `SELECT id::text AS id, bank_ref, fingerprint, status, entry_json, amount, ingest_run_id, booking_date, value_date, counterparty_name, description FROM transactions
         WHERE account_id = $1 AND (bank_ref = ANY($2::text[]) OR fingerprint = ANY($3::text[]))`,
        [accountId, bankRefs, fingerprints],
      );
      return result.rows as ExistingTransaction[];
    },
    async hasAliases(accountId) {
      const result = await client.query("SELECT 1 FROM transaction_aliases WHERE account_id = $1 LIMIT 1", [accountId]);
      return result.rows.length > 0;
    },
    async findAliased(accountId, fingerprints) {
      const result = await client.query(
        `SELECT a.fingerprint AS alias, t.id::text AS id, t.bank_ref, t.fingerprint, t.status, t.entry_json, t.amount, t.ingest_run_id, t.booking_date, t.value_date, t.counterparty_name, t.description
         FROM transaction_aliases a JOIN transactions t ON t.id = a.transaction_id
         WHERE a.account_id = $1 AND a.fingerprint = ANY($2::text[])`,
        [accountId, fingerprints],
      );
      const found = new Map<string, ExistingTransaction>();
      for (const { alias, ...existing } of result.rows as (ExistingTransaction & { alias: string })[]) found.set(alias, existing);
      return found;
    },
    async takeInserted(accountId, fingerprints) {
      const result = await client.query(
        `DELETE FROM transactions WHERE account_id = $1 AND fingerprint = ANY($2::text[]) RETURNING ${COLUMN_LIST}`,
        [accountId, fingerprints],
      );
      return (result.rows as Record<string, string | number | null>[]).map((r) => ROW_COLUMNS.map((c) => r[c] ?? null));
    },
    async findInDocument(accountId, documentId, runId, keyDates) {
      const ranges = keyDates.map(keyDateRange);
      // Each day's keys through the (account, fingerprint) index, then the document's rows among them.
      const result = await client.query(
        `SELECT t.id::text AS id, t.bank_ref, t.fingerprint, t.status, t.entry_json, t.amount, t.ingest_run_id, t.booking_date, t.value_date,
           t.counterparty_name, t.description, t.currency, t.reversal, t.source_position
         FROM unnest($2::text[], $3::text[]) AS r(lo, hi)
         JOIN transactions t ON t.account_id = $1 AND t.fingerprint >= r.lo AND t.fingerprint < r.hi
         WHERE t.document_id = $4 AND t.ingest_run_id IS DISTINCT FROM $5`,
        [accountId, ranges.map((r) => r[0]), ranges.map((r) => r[1]), documentId, runId],
      );
      return result.rows as PlacedTransaction[];
    },
    async addAliases(accountId, aliases) {
      if (aliases.length === 0) return;
      await client.query(
        `INSERT INTO transaction_aliases (account_id, fingerprint, transaction_id)
         SELECT $1, f, i FROM unnest($2::text[], $3::bigint[]) AS u(f, i) ON CONFLICT DO NOTHING`,
        [accountId, aliases.map((a) => a.fingerprint), aliases.map((a) => a.id)],
      );
    },
    async updateTransactions(updates) {
      if (updates.length === 0) return;
      const rows = updates.map((u) => u.row);
      await client.query(UPDATE_SQL, [
        updates.map((u) => u.id),
        ...UPDATABLE_COLUMNS.map((c) => column(rows, COL[c])),
        column(rows, COL.bank_ref),
      ]);
    },
  };
}

/** Options of {@link createPostgresDialect}. */
export interface PostgresDialectOptions {
  readonly pool: PgPool;
  /** Schema for all tables (created by the caller if missing). @default "public" */
  readonly schema?: string;
}

/** The PostgreSQL dialect over a pg pool. */
export function createPostgresDialect(options: PostgresDialectOptions): StoreDialect {
  const { pool } = options;
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: pool as never }) });
  const schema = options.schema;

  // The lock requests of this process for each key, in the order they were made. An ingest hands over an account's
  // next chunk before the previous one is stored, and each chunk asks for the account's lock on its own pooled
  // connection; the server grants it to whichever request arrives first, and a connection being opened arrives later
  // than one taken from the pool. So a request waits until the one before it with the same key holds the lock (or
  // has failed), and the server then queues it behind that one: chunks are stored in the order they were handed over
  // (`StoreDialect.writeEntries`). Seen out of order before this, once in seven runs of a contract test.
  // It waits before it takes a connection: waiting after BEGIN, the session sat idle in a transaction while the ones
  // before it were stored (servers end such sessions: idle_in_transaction_session_timeout, and pg then throws the
  // error outside any query), and a connection or BEGIN that failed let the next request past the ones still waiting.
  const turns = new Map<string, Promise<void>>();

  /** A transaction on one pooled client, holding the advisory lock of `lockKey` until it ends. */
  const locked = async <T>(lockKey: string, fn: (client: PgPoolClient, trx: Kysely<Database>) => Promise<T>): Promise<T> => {
    const before = turns.get(lockKey);
    let held = () => {};
    const turn = new Promise<void>((resolve) => {
      held = () => {
        if (turns.get(lockKey) === turn) turns.delete(lockKey);
        resolve();
      };
    });
    turns.set(lockKey, turn);
    await before;
    let client: PgPoolClient;
    try {
      client = await pool.connect();
    } catch (e) {
      held();
      throw e;
    }
    const trx = new Kysely<Database>({ dialect: new PostgresDialect({ pool: singleClientPool(client) as never }) });
    let broken = false;
    // The pool listens for a lost connection only while it is idle there. Checked out, pg emits the loss as an 'error'
    // event when no query is running (this transaction renders or decides between its queries), and with no listener
    // Node throws it as an uncaught exception, which ended the hub. Noted here instead: the next query fails, and the
    // transaction with it; the connection is destroyed, not pooled.
    let lost: Error | undefined;
    const onError = (e: Error) => {
      lost = e;
    };
    client.on?.("error", onError);
    try {
      await client.query("BEGIN");
      await client.query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", [lockKey]).finally(held);
      const result = await fn(client, trx);
      await client.query("COMMIT");
      return result;
    } catch (e) {
      await client.query("ROLLBACK").catch(() => {
        broken = true;
      });
      throw e;
    } finally {
      // Also when BEGIN failed: the next request for the key must not wait on this one for ever (the one before
      // this already holds the lock, so the next is still queued behind it).
      held();
      client.off?.("error", onError);
      // A client whose rollback failed, or whose connection was lost, is in an unknown state: destroy it rather than pool it.
      client.release(lost ?? broken);
      await trx.destroy();
    }
  };

  return {
    name: "postgres",
    db,
    // Each chunk is its own transaction (lock, savepoint, COPY, commit), and that cost per chunk outweighs the
    // overlap of rendering one chunk while the server stores the previous: 200,000 rows took 6.8 s in chunks of
    // 10,000, 7.3 s of 5,000, 8.4 s of 2,500 and 8.8 s of 1,000; re-importing them 18,500 tx/s against 8,400 at 2,500.
    chunkSize: 10_000,
    ...(schema === undefined || schema === "public" ? {} : { migrationTableSchema: schema }),
    async writeTransaction(lockKey, fn) {
      return locked(lockKey, (_client, trx) => fn(trx));
    },
    write: (fn) => fn(db),
    writeEntries(lockKey, accountId, rows, count, unidentified, reread) {
      // Rendered now, before waiting for the lock: the caller hands over chunk k+1 while chunk k is still
      // being stored, so this thread renders while the server works.
      const rendered = [...copyData(rows)];
      return locked(lockKey, (client) => resolveChunk(chunkWriter(client, rendered), accountId, rows, count, unidentified, reread));
    },
    async destroy() {
      await db.destroy();
    },
  };
}
