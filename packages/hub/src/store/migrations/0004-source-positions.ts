import { type Kysely, type Migration, sql } from "kysely";

/**
 * Where in its raw document each transaction was (`transactions.source_position`: the entry's path, else its line),
 * so that re-reading the same document with a parser whose reading differs in a hashed fact finds the transaction it
 * gave before instead of storing a second one (`resolve-chunk.ts`, `readAnew`). Rows stored before keep null: the
 * first re-reading of their document after this upgrade cannot yet find them by their place (see `docs/architecture.md`).
 *
 * No index on the position: the lookup goes through the account's fingerprint index, whose keys lead with the entry's
 * date, and runs only for a document ingested before. An index over every row would be paid by every first-time
 * ingest. The one index added is on the ingest runs (one row per ingest), for the per-ingest "seen before?" question.
 *
 * Adding a nullable column without default rewrites no row on either engine (SQLite edits the schema text,
 * PostgreSQL the catalogue).
 */
export function sourcePositions(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await sql`ALTER TABLE transactions ADD COLUMN source_position text`.execute(db);
      await db.schema.createIndex("ingest_runs_tenant_document").on("ingest_runs").columns(["tenant_id", "document_id"]).execute();
    },
  };
}
