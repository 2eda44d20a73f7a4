/**
 * Storage: the {@link Store} contract, its Kysely implementation and the SQLite/PostgreSQL dialects.
 *
 * @module
 */

// The stored entry JSON is the core's canonical form; re-exported where it was before it moved there.
export { storedEntryJson } from "../core/canonical-json.js";
export { configureSqlite, type SqliteDatabase } from "./dialects/sqlite.js";
export { bankRefOf, createFingerprinter, fingerprintBase } from "./fingerprint.js";
export { createRowBuilder, type RowContext } from "./ingest.js";
export { createStore, type StoreOptions } from "./kysely-store.js";
export { defaultSqliteUrl, type OpenStoreOptions, openStore, redactUrl } from "./open-store.js";
export type * from "./store.js";
export { ROW_COLUMNS } from "./transaction-row.js";
