/**
 * The only part of the store that differs between SQLite and PostgreSQL: how a write transaction is
 * taken and locked, and the bulk statements of the ingest hot path. Everything else is one Kysely query
 * for both.
 *
 * @module
 */
import type { Kysely } from "kysely";
import type { Database } from "./schema.js";
import type { DialectName } from "./store.js";

/** A transaction row ready to insert. */
export interface TransactionRow {
  readonly tenant_id: string;
  readonly account_id: string;
  readonly bank_ref: string | null;
  readonly fingerprint: string;
  readonly amount: string;
  /** Minor units as a decimal string (both drivers take it), or null when not exact or beyond 64 bits. */
  readonly amount_minor: string | null;
  readonly currency: string;
  readonly booking_date: string | null;
  readonly value_date: string | null;
  readonly sort_date: string;
  readonly status: string;
  readonly reversal: number;
  readonly counterparty_name: string | null;
  readonly description: string | null;
  readonly document_id: string | null;
  readonly ingest_run_id: string | null;
  readonly entry_json: string;
  readonly created_at: string;
  readonly updated_at: string;
}

/** What the dedupe decision needs to know about a stored transaction. */
export interface ExistingTransaction {
  readonly id: string;
  readonly bank_ref: string | null;
  readonly fingerprint: string;
  readonly status: string;
  readonly entry_json: string;
}

/** A stored transaction replaced by a newer version of itself. */
export interface TransactionUpdate {
  readonly id: string;
  readonly row: TransactionRow;
}

/** Bulk operations inside one write transaction. */
export interface ChunkWriter {
  /** Kysely bound to the open transaction, for the non-bulk writes (accounts, balances). */
  readonly db: Kysely<Database>;
  /** Inserts rows, skipping those that hit a unique key; `true` at index i when row i was inserted. */
  insertTransactions(rows: readonly TransactionRow[]): Promise<boolean[]>;
  /** Stored rows of `accountId` that have one of `bankRefs` or one of `fingerprints`. */
  findTransactions(accountId: string, bankRefs: readonly string[], fingerprints: readonly string[]): Promise<ExistingTransaction[]>;
  /** Replaces the listed rows' data; keeps their id, fingerprint and creation time. */
  updateTransactions(updates: readonly TransactionUpdate[]): Promise<void>;
}

/** A SQL engine behind the store. */
export interface StoreDialect {
  readonly name: DialectName;
  readonly db: Kysely<Database>;
  /**
   * Entries written per write transaction. SQLite wants large ones (each commit rewrites the index pages it
   * touched); PostgreSQL wants several per statement, so that building one overlaps writing the previous.
   */
  readonly chunkSize: number;
  /** Schema holding the migration table (PostgreSQL with a non-default schema). */
  readonly migrationTableSchema?: string;
  /**
   * Runs `fn` in one write transaction. `lockKey` serialises writers of the same account across
   * processes (PostgreSQL advisory lock); SQLite takes its database write lock up front (BEGIN IMMEDIATE)
   * so a second process waits instead of failing halfway.
   */
  writeTransaction<T>(lockKey: string, fn: (writer: ChunkWriter) => Promise<T>): Promise<T>;
  /** Closes connections. */
  destroy(): Promise<void>;
}
