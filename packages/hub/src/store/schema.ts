/**
 * Table types for Kysely. Column conventions, the same on both dialects so one query works on both:
 * timestamps are ISO 8601 UTC text, calendar dates `YYYY-MM-DD` text, exact amounts decimal text
 * (`amount`) plus an integer copy in the currency's minor units (`amount_minor`) for sums and filters,
 * null when the amount has more decimals than its currency.
 *
 * @module
 */
import type { Generated } from "kysely";

export interface TenantsTable {
  id: string;
  name: string;
  created_at: string;
}

export interface BanksTable {
  id: string;
  /** `bic:XXXX` or `cn:102…`: one unique key whatever identifies the bank. */
  bank_key: string;
  bic: string | null;
  cn_bank_code: string | null;
  name: string | null;
  country: string | null;
  created_at: string;
}

export interface AccountsTable {
  /** Integer (rowid / bigserial); the API shows it as a decimal string. */
  id: Generated<string | number>;
  tenant_id: string;
  number: string;
  scheme: string;
  currency: string;
  bank_id: string | null;
  holder_name: string | null;
  name: string | null;
  created_at: string;
}

export interface BalancesTable {
  id: Generated<number>;
  account_id: string | number;
  type: string;
  date: string;
  /** Empty string when the balance has no time, so (account, type, date, time) can be unique. */
  date_time: string;
  amount: string;
  amount_minor: string | number | bigint | null;
  currency: string;
  document_id: string | null;
  ingest_run_id: string | null;
  recorded_at: string;
}

export interface TransactionsTable {
  id: Generated<string | number>;
  tenant_id: string;
  account_id: string | number;
  bank_ref: string | null;
  fingerprint: string;
  amount: string;
  amount_minor: string | number | bigint | null;
  currency: string;
  booking_date: string | null;
  value_date: string | null;
  /** Booking date, else value date, else the ingest date: the order statements are listed in. */
  sort_date: string;
  status: string;
  reversal: number;
  counterparty_name: string | null;
  description: string | null;
  document_id: string | null;
  /**
   * Where in that document the entry was (migration 0004): its path (`/Document/…/Ntry[3]`), else its line (`12`), from
   * the entry's `source`; null when the parser gave none. With `document_id`, it finds the transaction again when the
   * same document is read anew by a version whose reading differs in a hashed fact.
   */
  source_position: string | null;
  ingest_run_id: string | null;
  entry_json: string;
  created_at: string;
  updated_at: string;
}

export interface RawDocumentsTable {
  tenant_id: string;
  id: string;
  size: number;
  media_type: string | null;
  filename: string | null;
  content: Uint8Array;
  received_at: string;
}

export interface IngestRunsTable {
  id: string;
  tenant_id: string;
  document_id: string | null;
  source: string;
  format: string | null;
  status: string;
  started_at: string;
  finished_at: string | null;
  added: number;
  updated: number;
  unchanged: number;
  issues_json: string;
}

export interface ApiKeysTable {
  id: string;
  tenant_id: string;
  name: string;
  role: string;
  /** SHA-256 of the secret; the secret itself is never stored. */
  key_hash: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

/** Second keys of transactions (migration 0003): later states' fingerprints. */
export interface TransactionAliasesTable {
  account_id: number | string;
  fingerprint: string;
  transaction_id: number | string;
}

/** The whole schema. */
export interface Database {
  tenants: TenantsTable;
  banks: BanksTable;
  accounts: AccountsTable;
  balances: BalancesTable;
  transactions: TransactionsTable;
  transaction_aliases: TransactionAliasesTable;
  raw_documents: RawDocumentsTable;
  ingest_runs: IngestRunsTable;
  api_keys: ApiKeysTable;
}
