/**
 * PostgreSQL through pg: for several hub processes sharing one database. Writers of the same account
 * are serialised with a transaction-scoped advisory lock; bulk statements pass whole columns as arrays
 * (`unnest`), one round trip per chunk instead of one per row.
 *
 * @module
 */
import { Kysely, PostgresDialect, sql } from "kysely";
import type { Database } from "../schema.js";
import type { ChunkWriter, ExistingTransaction, StoreDialect, TransactionRow } from "../store-dialect.js";

/** The subset of a pg `Pool` the store uses (so the store does not depend on pg's types). */
export interface PgPool {
  connect(): Promise<PgPoolClient>;
  end(): Promise<void>;
}

/** The subset of a pg pool client Kysely uses. */
export interface PgPoolClient {
  query(sql: string, parameters: readonly unknown[]): Promise<{ rows: unknown[]; command: string; rowCount: number | null }>;
  release(): void;
}

const TEXT_COLUMNS = [
  "tenant_id",
  "account_id",
  "bank_ref",
  "fingerprint",
  "amount",
  "currency",
  "booking_date",
  "value_date",
  "sort_date",
  "status",
  "counterparty_name",
  "description",
  "document_id",
  "ingest_run_id",
  "entry_json",
  "created_at",
  "updated_at",
] as const satisfies readonly (keyof TransactionRow)[];

function column<K extends keyof TransactionRow>(rows: readonly TransactionRow[], key: K): TransactionRow[K][] {
  const out = new Array<TransactionRow[K]>(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = (rows[i] as TransactionRow)[key];
  return out;
}

/** Options of {@link createPostgresDialect}. */
export interface PostgresDialectOptions {
  readonly pool: PgPool;
  /** Schema for all tables (created by migration if missing). @default "public" */
  readonly schema?: string;
}

/** The PostgreSQL dialect over a pg pool. */
export function createPostgresDialect(options: PostgresDialectOptions): StoreDialect {
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: options.pool as never }) });
  const schema = options.schema;
  return {
    name: "postgres",
    db,
    ...(schema === undefined || schema === "public" ? {} : { migrationTableSchema: schema }),
    async writeTransaction(lockKey, fn) {
      return db.transaction().execute(async (trx) => {
        await sql`SELECT pg_advisory_xact_lock(hashtextextended(${lockKey}, 0))`.execute(trx);
        const writer: ChunkWriter = {
          db: trx,
          async insertTransactions(rows) {
            if (rows.length === 0) return [];
            const text = TEXT_COLUMNS.map((c) => sql`${column(rows, c)}::text[]`);
            const result = await sql<{ fingerprint: string }>`
              INSERT INTO transactions (${sql.join(TEXT_COLUMNS.map((c) => sql.ref(c)))}, amount_minor, reversal)
              SELECT * FROM unnest(${sql.join(text)}, ${column(rows, "amount_minor")}::bigint[], ${column(rows, "reversal")}::int[])
              ON CONFLICT DO NOTHING
              RETURNING fingerprint`.execute(trx);
            const inserted = new Set(result.rows.map((r) => r.fingerprint));
            return rows.map((r) => inserted.has(r.fingerprint));
          },
          async findTransactions(accountId, bankRefs, fingerprints) {
            const result = await sql<ExistingTransaction>`
              SELECT id::text AS id, bank_ref, fingerprint, status, entry_json FROM transactions
              WHERE account_id = ${accountId} AND (bank_ref = ANY(${[...bankRefs]}::text[]) OR fingerprint = ANY(${[...fingerprints]}::text[]))`.execute(
              trx,
            );
            return result.rows;
          },
          async updateTransactions(updates) {
            if (updates.length === 0) return;
            const rows = updates.map((u) => u.row);
            const set = TEXT_COLUMNS.filter(
              (c) => c !== "tenant_id" && c !== "account_id" && c !== "fingerprint" && c !== "created_at" && c !== "bank_ref",
            );
            await sql`
              UPDATE transactions AS t SET
                ${sql.join(set.map((c) => sql`${sql.ref(c)} = u.${sql.ref(c)}`))},
                amount_minor = u.amount_minor, reversal = u.reversal, bank_ref = COALESCE(t.bank_ref, u.bank_ref)
              FROM unnest(
                ${updates.map((u) => u.id)}::bigint[],
                ${sql.join(set.map((c) => sql`${column(rows, c)}::text[]`))},
                ${column(rows, "amount_minor")}::bigint[], ${column(rows, "reversal")}::int[], ${column(rows, "bank_ref")}::text[]
              ) AS u(id, ${sql.join(set.map((c) => sql.ref(c)))}, amount_minor, reversal, bank_ref)
              WHERE t.id = u.id`.execute(trx);
          },
        };
        return fn(writer);
      });
    },
    async destroy() {
      await db.destroy();
    },
  };
}
