/**
 * The only part of the store that differs between SQLite and PostgreSQL: how a write transaction is
 * taken and locked, and the bulk statements of the ingest hot path. Everything else is one Kysely query
 * for both.
 *
 * @module
 */
import type { Kysely } from "kysely";
import type { ChunkResult } from "./resolve-chunk.js";
import type { Database } from "./schema.js";
import type { DialectName } from "./store.js";
import type { TransactionRow } from "./transaction-row.js";

/** What the dedupe decision needs to know about a stored transaction. */
export interface ExistingTransaction {
  readonly id: string;
  readonly bank_ref: string | null;
  readonly fingerprint: string;
  readonly status: string;
  readonly entry_json: string;
  /** The amount as decimal text. */
  readonly amount: string;
  /** The import run that stored (or last replaced) it. */
  readonly ingest_run_id: string | null;
  readonly booking_date: string | null;
  readonly value_date: string | null;
  readonly counterparty_name: string | null;
  readonly description: string | null;
}

/** A stored transaction of a document, with where in it the entry was: a candidate for that entry read anew. */
export interface PlacedTransaction extends ExistingTransaction {
  readonly currency: string;
  /** 0 or 1 (a number on both engines). */
  readonly reversal: number | string;
  /** Null for a row stored before migration 0004. */
  readonly source_position: string | null;
}

/**
 * The lines of the statement a chunk belongs to, in the current reading of a document read before: what pairing its
 * stored rows that have no place needs to know (`unplaced.ts`).
 */
export interface ReadingLines {
  /** The statement's lines per `lineKey` (amount, currency, reversal, dates). */
  readonly lines: ReadonlyMap<string, number>;
  /** The statement's lines per `detailKey` (`lineKey`, counterparty name, text). */
  readonly details: ReadonlyMap<string, number>;
  /** Lines per `lineKey` of the statements of the same account that this ingest wrote before this one. */
  readonly earlier: ReadonlyMap<string, number>;
  /** The fingerprints of every line of the statement. */
  readonly fingerprints: ReadonlySet<string>;
}

/**
 * Where the lines of the statement a chunk belongs to are, in the current reading of a document read before: a place
 * names one stored transaction only if one line of the reading is there (a camt on one line has every entry on line 1,
 * BAI2 records run together too) and no line of the reading has that transaction's key.
 */
export interface Placing {
  /** The statement's lines per place (`source_position`). */
  readonly places: ReadonlyMap<string, number>;
  /** The places of the statements of the same account that this ingest wrote before this one. */
  readonly earlier: ReadonlySet<string>;
  /** The fingerprints of every line of the statement. */
  readonly fingerprints: ReadonlySet<string>;
}

/**
 * A chunk of a document that an earlier ingest run read: its rows that find nothing stored may be that run's rows
 * read anew (`resolve-chunk.ts`). Absent for a document never ingested before, the normal case.
 */
export interface Reread {
  readonly documentId: string;
  /** This ingest run: rows it stored are never the earlier reading. */
  readonly runId: string;
  /** The fingerprints of every row of the chunk, once the rows have been built. */
  fingerprints(): readonly string[];
  /** The chunk's rows with one of `fingerprints`, built again. */
  rowsOf(fingerprints: ReadonlySet<string>): TransactionRow[];
  /** The places of the chunk's statement's lines, worked out on the first call (only when stored rows were found). */
  placing(): Placing;
  /** The lines of the chunk's statement, worked out on the first call (only a document with rows without a place asks). */
  reading(): ReadingLines;
  /**
   * The stored rows of the account that earlier chunks of this ingest took by place or pairing, by id: what a later
   * chunk needs when one of its lines finds such a row by its key (`resolve-chunk.ts`). Shared by the ingest's chunks.
   */
  readonly claims: Map<string, Claim>;
  /**
   * Ids of the account's stored rows that lines of this ingest found by a second key: never taken by place or pairing
   * in a later chunk (a line of the statement that finds a row by its fingerprint is seen by `Placing.fingerprints`).
   */
  readonly keyed: Set<string>;
}

/**
 * A stored row taken by place or pairing (`Reread`): the line that took it, how that chunk counted it, and the row as
 * it was found (its place and facts before the take), which a later line that would take it too is compared with.
 */
export interface Claim {
  readonly row: TransactionRow;
  readonly counted: "updated" | "unchanged";
  readonly stored: PlacedTransaction;
}

/** A stored transaction replaced by a newer version of itself. */
export interface TransactionUpdate {
  readonly id: string;
  readonly row: TransactionRow;
}

/** Bulk operations inside one write transaction: what `resolveChunk` needs from a dialect. */
export interface ChunkWriter {
  /**
   * Inserts rows, skipping those that hit a unique key, and returns the skipped ones. `rows` builds the
   * rows lazily as it is iterated and may be iterated again when an attempt has to be repeated: rows are consumed
   * as they are made, so a chunk never sits in memory as objects (that garbage was a third of ingest time).
   */
  insertTransactions(rows: Iterable<TransactionRow>): Promise<TransactionRow[]>;
  /** Stored rows of `accountId` that have one of `bankRefs` or one of `fingerprints`. */
  findTransactions(accountId: string, bankRefs: readonly string[], fingerprints: readonly string[]): Promise<ExistingTransaction[]>;
  /** Replaces the listed rows' data; keeps their id, fingerprint and creation time. */
  updateTransactions(updates: readonly TransactionUpdate[]): Promise<void>;
  /** Whether the account has any second key (`transaction_aliases`): most have none, and then nothing is looked up. */
  hasAliases(accountId: string): Promise<boolean>;
  /** The stored transactions that have one of `fingerprints` as a second key (`transaction_aliases`), by that key. */
  findAliased(accountId: string, fingerprints: readonly string[]): Promise<Map<string, ExistingTransaction>>;
  /** Removes the rows of `accountId` with these fingerprints (just inserted in this transaction) and returns them. */
  takeInserted(accountId: string, fingerprints: readonly string[]): Promise<TransactionRow[]>;
  /**
   * Stored rows of `accountId` from document `documentId` (with a source position or, stored before migration 0004,
   * without), not stored by run `runId`, and whose fingerprint leads with one of `keyDates` (`YYYY-MM-DD`; the lookup goes through the fingerprint
   * index). May return rows of neighbouring keys too: callers check the fingerprint's date themselves.
   */
  findInDocument(accountId: string, documentId: string, runId: string, keyDates: readonly string[]): Promise<PlacedTransaction[]>;
  /** Records second keys; a key already recorded is left as it is. */
  addAliases(accountId: string, aliases: readonly { readonly fingerprint: string; readonly id: string }[]): Promise<void>;
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
   * Runs `fn` in one short write transaction (accounts, balances). `lockKey` serialises writers of the same
   * account across processes (PostgreSQL advisory lock); SQLite takes its write lock up front (BEGIN
   * IMMEDIATE) so a second process waits instead of failing halfway.
   */
  writeTransaction<T>(lockKey: string, fn: (db: Kysely<Database>) => Promise<T>): Promise<T>;
  /**
   * Runs `fn`'s writes outside any account's lock, each statement on its own (an ingest run's record). On SQLite with
   * a writer thread they run in a transaction there, so that its connection stays the only one writing during an
   * ingest (`sqlite-thread-kysely.ts`); elsewhere `fn` gets `db`.
   */
  write<T>(fn: (db: Kysely<Database>) => Promise<T>): Promise<T>;
  /**
   * Writes one chunk of an account's transactions in one transaction, deduplicated by `resolveChunk`;
   * `unidentified` gives the fingerprints of its rows without a bank id once `rows` has been iterated.
   * `rows` builds the rows lazily as it is iterated and may be iterated more than once. A caller may hand over the next chunk
   * before this one's promise settles; chunks are written in the order they are handed over. `reread` is given when
   * the chunk's document was ingested before.
   */
  writeEntries(
    lockKey: string,
    accountId: string,
    rows: Iterable<TransactionRow>,
    count: number,
    unidentified: () => readonly string[],
    reread?: Reread,
  ): Promise<ChunkResult>;
  /** Resolves once background work the dialect started has finished (SQLite: a checkpoint on its thread). */
  idle?(): Promise<void>;
  /** Closes connections. */
  destroy(): Promise<void>;
}
