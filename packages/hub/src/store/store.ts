/**
 * The storage contract. One interface, one Kysely implementation (`kysely-store.ts`), two dialects
 * (SQLite through better-sqlite3, PostgreSQL through pg). Every method is tenant-scoped: a tenant never
 * sees another tenant's rows.
 *
 * @module
 */
import type {
  AccountId,
  AccountScheme,
  BalanceType,
  Bic,
  CnBankCode,
  CurrencyCode,
  DocumentId,
  EntryStatus,
  IngestRunId,
  IsoDate,
  Issue,
  Json,
  Money,
  Statement,
  TenantId,
  TransactionId,
} from "../core/index.js";

/** Which SQL engine a store runs on. */
export type DialectName = "sqlite" | "postgres";

/** A tenant: one company or group whose data is kept apart from everyone else's. */
export interface Tenant {
  readonly id: TenantId;
  readonly name: string;
  readonly createdAt: string;
}

/** A bank known to the hub (by BIC or Chinese bank code). */
export interface StoredBank {
  readonly id: string;
  readonly bic?: Bic;
  readonly cnBankCode?: CnBankCode;
  readonly name?: string;
  readonly country?: string;
}

/** An account as stored: created on first import of a statement for it. */
export interface StoredAccount {
  readonly id: AccountId;
  readonly tenantId: TenantId;
  /** Account number as the bank identifies it (IBAN, BBAN, Chinese 账号). */
  readonly number: string;
  readonly scheme: AccountScheme;
  readonly currency: CurrencyCode;
  readonly bank?: StoredBank;
  readonly holderName?: string;
  readonly name?: string;
  readonly createdAt: string;
}

/** One balance observation. History is kept: one row per (account, type, date, time). */
export interface StoredBalance {
  readonly accountId: AccountId;
  readonly type: BalanceType;
  readonly amount: Money;
  readonly date: IsoDate;
  readonly dateTime?: string;
  readonly documentId?: DocumentId;
  readonly recordedAt: string;
}

/** A stored transaction: the canonical entry plus the hub's bookkeeping. */
export interface StoredTransaction {
  readonly id: TransactionId;
  readonly tenantId: TenantId;
  readonly accountId: AccountId;
  readonly amount: Money;
  readonly status: EntryStatus;
  readonly bookingDate?: IsoDate;
  readonly valueDate?: IsoDate;
  /** Layer-1 dedupe key: the bank's own id for the transaction, scoped to the account. */
  readonly bankRef?: string;
  /** Layer-2 dedupe key: hash of the fields a user cannot edit (see `fingerprint.ts`). */
  readonly fingerprint: string;
  /** The canonical entry in its JSON form (`docs/model.md`). */
  readonly entry: Json;
  readonly documentId?: DocumentId;
  readonly ingestRunId?: IngestRunId;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** A raw bank document, content-addressed: its id is the SHA-256 of its bytes. */
export interface RawDocument {
  readonly id: DocumentId;
  readonly tenantId: TenantId;
  readonly size: number;
  readonly mediaType?: string;
  readonly filename?: string;
  readonly receivedAt: string;
  readonly content: Uint8Array;
}

/** Outcome of one ingest run. */
export type IngestStatus = "running" | "succeeded" | "partial" | "failed";

/** A record of one ingest: where from, what happened, what was found. */
export interface IngestRun {
  readonly id: IngestRunId;
  readonly tenantId: TenantId;
  readonly documentId?: DocumentId;
  readonly source: string;
  readonly format?: string;
  readonly status: IngestStatus;
  readonly startedAt: string;
  readonly finishedAt?: string;
  readonly added: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly issues: readonly Issue[];
}

/** What to ingest. */
export interface IngestInput {
  readonly tenantId: TenantId;
  /** Statements to store; an async source is consumed chunk by chunk with bounded memory. */
  readonly statements: Iterable<Statement> | AsyncIterable<Statement>;
  /** The raw document they were parsed from (save it first with {@link DocumentRepo.save}). */
  readonly documentId?: DocumentId;
  /** Where the data came from, for the run record (`file:statement.xml`, `api`, `connector:icbc`). */
  readonly source: string;
  readonly format?: string;
  /**
   * Findings of the parser, recorded with the run. Read once `statements` is consumed, so a streaming parser may
   * add to the array as it reads.
   */
  readonly parseIssues?: readonly Issue[];
}

/**
 * Result of an ingest. `added + updated + unchanged` is the number of entries offered that were valid;
 * entries that could not be stored are in `issues` with their location, after the parser's issues.
 * `status` counts both: `failed` when the parser reported errors and gave no statement, `partial` when
 * anything was left out, else `succeeded`.
 */
export interface IngestReport {
  readonly runId: IngestRunId;
  readonly status: IngestStatus;
  readonly added: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly balances: { readonly added: number; readonly updated: number; readonly unchanged: number };
  readonly accounts: readonly AccountId[];
  readonly issues: readonly Issue[];
}

/** A page of results and the cursor for the next one (absent on the last page). */
export interface Page<T> {
  readonly items: readonly T[];
  readonly nextCursor?: string;
}

/** Filters for listing transactions. */
export interface TransactionQuery {
  readonly tenantId: TenantId;
  readonly accountId?: AccountId;
  /** Booking date (or value date when the entry has none) from, inclusive. */
  readonly from?: IsoDate;
  /** … to, inclusive. */
  readonly to?: IsoDate;
  readonly status?: EntryStatus;
  /** @default 100; at most 1000 */
  readonly limit?: number;
  readonly cursor?: string;
}

/** Role of an API key; later issues refine the permissions behind each. */
export type Role = "admin" | "operator" | "viewer";

/** An API key's record. The secret itself is never stored, only its hash. */
export interface ApiKey {
  readonly id: string;
  readonly tenantId: TenantId;
  readonly name: string;
  readonly role: Role;
  readonly createdAt: string;
  readonly lastUsedAt?: string;
  readonly revokedAt?: string;
}

/** Tenants. */
export interface TenantRepo {
  /** The tenant, created with `name` if it does not exist yet. */
  ensure(id: TenantId, name?: string): Promise<Tenant>;
  get(id: TenantId): Promise<Tenant | undefined>;
  list(): Promise<Tenant[]>;
}

/** Raw documents. */
export interface DocumentRepo {
  /**
   * Saves bytes under their SHA-256. Saving the same bytes again is a no-op that returns the same id
   * (`created: false`).
   */
  save(input: {
    tenantId: TenantId;
    content: Uint8Array;
    mediaType?: string;
    filename?: string;
  }): Promise<{ id: DocumentId; created: boolean }>;
  /** The document with its content, or `undefined`. */
  get(tenantId: TenantId, id: DocumentId): Promise<RawDocument | undefined>;
}

/** Accounts. */
export interface AccountRepo {
  list(tenantId: TenantId): Promise<StoredAccount[]>;
  get(tenantId: TenantId, id: AccountId): Promise<StoredAccount | undefined>;
  /** Looks an account up by its number (and currency when the number is used for several). */
  findByNumber(tenantId: TenantId, number: string, currency?: CurrencyCode): Promise<StoredAccount | undefined>;
}

/** Balance history. */
export interface BalanceRepo {
  /** Balances of an account, newest date first, optionally of some types and within dates. */
  history(
    tenantId: TenantId,
    accountId: AccountId,
    options?: { types?: readonly BalanceType[]; from?: IsoDate; to?: IsoDate; limit?: number },
  ): Promise<StoredBalance[]>;
}

/** Transactions. */
export interface TransactionRepo {
  /** Transactions newest first (booking date, then id), in pages. */
  list(query: TransactionQuery): Promise<Page<StoredTransaction>>;
  get(tenantId: TenantId, id: TransactionId): Promise<StoredTransaction | undefined>;
  count(tenantId: TenantId, accountId?: AccountId): Promise<number>;
}

/** Ingest runs. */
export interface IngestRunRepo {
  list(tenantId: TenantId, options?: { limit?: number }): Promise<IngestRun[]>;
  get(tenantId: TenantId, id: IngestRunId): Promise<IngestRun | undefined>;
}

/** API keys (hashed). */
export interface ApiKeyRepo {
  /** Creates a key and returns its secret once; only a hash is kept. */
  create(input: { tenantId: TenantId; name: string; role: Role }): Promise<{ key: ApiKey; secret: string }>;
  /** The key's record if `secret` is a live key (and touches its last-used time), else `undefined`. */
  verify(secret: string): Promise<ApiKey | undefined>;
  list(tenantId: TenantId): Promise<ApiKey[]>;
  revoke(tenantId: TenantId, id: string): Promise<boolean>;
}

/** Outcome of running migrations. */
export interface MigrationReport {
  /** Migrations applied by this call, in order. */
  readonly applied: readonly string[];
  /** Latest migration now in the database. */
  readonly current: string | undefined;
}

/**
 * Everything the hub keeps. Only the engine and the CLI write; the API reads (and asks the engine to write).
 */
export interface Store {
  readonly dialect: DialectName;
  readonly tenants: TenantRepo;
  readonly documents: DocumentRepo;
  readonly accounts: AccountRepo;
  readonly balances: BalanceRepo;
  readonly transactions: TransactionRepo;
  readonly ingestRuns: IngestRunRepo;
  readonly apiKeys: ApiKeyRepo;
  /**
   * Stores statements idempotently: accounts and banks are created on first sight, balances are kept as
   * history, transactions are deduplicated by the bank's id per account (layer 1) and by a fingerprint of
   * the fields users cannot edit (layer 2). Never throws for bad data: it lands in `issues`.
   * Throws only when the database itself fails (`STORE_UNAVAILABLE`), after recording the run as failed.
   */
  ingest(input: IngestInput): Promise<IngestReport>;
  /** Applies pending migrations. Called at start; safe to call again. */
  migrateToLatest(): Promise<MigrationReport>;
  /** Checks the database answers. Throws `STORE_UNAVAILABLE`. */
  ping(): Promise<void>;
  /**
   * Resolves once the background work the store started has finished: on a SQLite file, a checkpoint copying the
   * write-ahead log back on its own thread. For backups, benchmarks and tests that want that work counted or done.
   */
  idle(): Promise<void>;
  /** Closes connections. */
  destroy(): Promise<void>;
}
