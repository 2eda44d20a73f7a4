/**
 * PostgreSQL through pg: for several hub processes sharing one database. Writers of the same account are
 * serialised with a transaction-scoped advisory lock. New rows go in with COPY (several times faster than
 * INSERT with bound parameters); when a chunk hits an existing row, the chunk is staged in a temporary table
 * and inserted with ON CONFLICT DO NOTHING instead.
 *
 * @module
 */
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { Kysely, PostgresDialect } from "kysely";
import { from as copyFrom } from "pg-copy-streams";
import { resolveChunk } from "../resolve-chunk.js";
import type { Database } from "../schema.js";
import type { ChunkWriter, ExistingTransaction, StoreDialect } from "../store-dialect.js";
import { COL, ROW_COLUMNS, rowFingerprint, type TransactionRow, UPDATABLE_COLUMNS } from "../transaction-row.js";

/** The subset of a pg pool client the store uses. */
export interface PgPoolClient {
  query(sql: string, parameters?: readonly unknown[]): Promise<{ rows: unknown[]; command: string; rowCount: number | null }>;
  query<T extends NodeJS.WritableStream>(stream: T): T;
  release(error?: Error | boolean): void;
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

function copyEscape(value: string | number | null): string {
  if (value === null) return "\\N";
  if (typeof value === "number") return String(value);
  // COPY text format: backslash, tab, newline and carriage return must be escaped; nothing else.
  return /[\\\t\n\r]/.test(value)
    ? value.replace(/[\\\t\n\r]/g, (m) => (m === "\\" ? "\\\\" : m === "\t" ? "\\t" : m === "\n" ? "\\n" : "\\r"))
    : value;
}

/** COPY text in pieces of a few hundred rows, consuming the rows as they are built. */
function* copyText(rows: Iterable<TransactionRow>): Generator<string> {
  const PIECE = 256;
  let lines: string[] = [];
  for (const r of rows) {
    let line = copyEscape(r[0] ?? null);
    for (let c = 1; c < r.length; c++) line += `\t${copyEscape(r[c] ?? null)}`;
    lines.push(line);
    if (lines.length === PIECE) {
      lines.push("");
      yield lines.join("\n");
      lines = [];
    }
  }
  if (lines.length > 0) {
    lines.push("");
    yield lines.join("\n");
  }
}

async function copyInto(client: PgPoolClient, table: string, text: Iterable<string>): Promise<void> {
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
function chunkWriter(client: PgPoolClient, rendered?: readonly string[]): ChunkWriter {
  let staged = false;
  // COPY text of the first attempt, rendered before the transaction began (see writeEntries).
  let firstText: Iterable<string> | undefined = rendered;
  return {
    async insertTransactions(rows) {
      // Fast path: COPY straight into the table. It fails as a whole on the first existing row, so it
      // runs inside a savepoint; after one conflict in this transaction, go straight to staging.
      if (!staged) {
        await client.query("SAVEPOINT bulk_copy");
        try {
          const text = firstText ?? copyText(rows());
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
      await copyInto(client, "bankbridge_stage", copyText(rows()));
      const result = await client.query(
        `INSERT INTO transactions (${COLUMN_LIST}) SELECT ${COLUMN_LIST} FROM bankbridge_stage ON CONFLICT DO NOTHING RETURNING fingerprint`,
      );
      const inserted = new Set((result.rows as { fingerprint: string }[]).map((r) => r.fingerprint));
      const skipped: TransactionRow[] = [];
      for (const r of rows()) if (!inserted.has(rowFingerprint(r))) skipped.push(r);
      return skipped;
    },
    async findTransactions(accountId, bankRefs, fingerprints) {
      const result = await client.query(
        `SELECT id::text AS id, bank_ref, fingerprint, status, entry_json FROM transactions
         WHERE account_id = $1 AND (bank_ref = ANY($2::text[]) OR fingerprint = ANY($3::text[]))`,
        [accountId, bankRefs, fingerprints],
      );
      return result.rows as ExistingTransaction[];
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

  /** A transaction on one pooled client, holding the advisory lock of `lockKey` until it ends. */
  const locked = async <T>(lockKey: string, fn: (client: PgPoolClient, trx: Kysely<Database>) => Promise<T>): Promise<T> => {
    const client = await pool.connect();
    const trx = new Kysely<Database>({ dialect: new PostgresDialect({ pool: singleClientPool(client) as never }) });
    let broken = false;
    try {
      await client.query("BEGIN");
      await client.query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", [lockKey]);
      const result = await fn(client, trx);
      await client.query("COMMIT");
      return result;
    } catch (e) {
      await client.query("ROLLBACK").catch(() => {
        broken = true;
      });
      throw e;
    } finally {
      // A client whose rollback failed is in an unknown state: destroy it rather than pool it.
      client.release(broken);
      await trx.destroy();
    }
  };

  return {
    name: "postgres",
    db,
    chunkSize: 2500,
    ...(schema === undefined || schema === "public" ? {} : { migrationTableSchema: schema }),
    async writeTransaction(lockKey, fn) {
      return locked(lockKey, (_client, trx) => fn(trx));
    },
    writeEntries(lockKey, accountId, rows, count) {
      // Rendered now, before waiting for the lock: the caller hands over chunk k+1 while chunk k is still
      // being stored, so this thread renders while the server works.
      const rendered = [...copyText(rows())];
      return locked(lockKey, (client) => resolveChunk(chunkWriter(client, rendered), accountId, rows, count));
    },
    async destroy() {
      await db.destroy();
    },
  };
}
