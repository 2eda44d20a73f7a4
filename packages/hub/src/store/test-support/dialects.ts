/**
 * The databases every store test runs against, after Kysely's `DIALECTS`: SQLite (a temp file, written through the
 * writer thread and on one thread) and a real PostgreSQL (`DATABASE_URL`, default the local server), each test file in its own schema.
 * `STORE_DIALECTS=sqlite` narrows the list. PostgreSQL is skipped with a message when it cannot be
 * reached, unless `BANKBRIDGE_REQUIRE_POSTGRES=1` (CI), where that is a failure.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { openStore } from "../open-store.js";
import type { DialectName, Store } from "../store.js";

export const DATABASE_URL = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

/** A way to get a fresh, empty, migrated store of one dialect. */
export interface DialectDescriptor {
  readonly name: DialectName;
  /** The name in test titles and logs: the dialect, and how it writes when there is more than one way. */
  readonly label: string;
  /** Why this dialect cannot run here, or undefined when it can. */
  readonly unavailable: string | undefined;
  /** Opens a new empty store (migrated) and returns it with a function that removes it. */
  open(options?: { now?: () => Date }): Promise<{ store: Store; url: string; raw: RawSql; drop(): Promise<void> }>;
}

/**
 * Plain SQL on the store's database over a connection of its own, for tests that must see or shape what the
 * store's interface hides (keys, migration records). Returns the rows of a query, `[]` for other statements.
 */
export type RawSql = (text: string) => Promise<Record<string, unknown>[]>;

function rawSqlite(file: string): RawSql {
  return async (text) => {
    const db = new Database(file);
    try {
      const statement = db.prepare(text);
      if (statement.reader) return statement.all() as Record<string, unknown>[];
      statement.run();
      return [];
    } finally {
      db.close();
    }
  };
}

function rawPostgres(schema: string): RawSql {
  return async (text) => {
    const c = new pg.Client({ connectionString: DATABASE_URL, options: `-c search_path=${schema}` });
    await c.connect();
    try {
      return (await c.query(text)).rows as Record<string, unknown>[];
    } finally {
      await c.end();
    }
  };
}

async function postgresUnavailable(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: DATABASE_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query("select 1");
    return undefined;
  } catch (e) {
    return `PostgreSQL at ${DATABASE_URL} is not reachable (${(e as Error).message})`;
  } finally {
    await client.end().catch(() => {});
  }
}

let counter = 0;

/** The dialects selected for this run. */
export async function dialects(): Promise<DialectDescriptor[]> {
  const wanted = (process.env.STORE_DIALECTS ?? "sqlite,postgres").split(",").map((s) => s.trim());
  const out: DialectDescriptor[] = [];
  if (wanted.includes("sqlite")) {
    // The product's default (ingest chunks on the writer thread), then the same file database written on one
    // thread, as an in-memory database is.
    for (const [label, sqliteWriter] of [
      ["sqlite", "thread"],
      ["sqlite-inline", "inline"],
    ] as const) {
      out.push({
        name: "sqlite",
        label,
        unavailable: undefined,
        async open(options = {}) {
          const dir = mkdtempSync(join(tmpdir(), "bankbridge-store-"));
          const file = join(dir, "test.db");
          const url = `sqlite:${file}`;
          const store = await openStore({ url, sqliteWriter, ...options });
          await store.migrateToLatest();
          return {
            store,
            url,
            raw: rawSqlite(file),
            async drop() {
              await store.destroy();
              rmSync(dir, { recursive: true, force: true });
            },
          };
        },
      });
    }
  }
  if (wanted.includes("postgres")) {
    const why = await postgresUnavailable();
    if (why !== undefined && process.env.BANKBRIDGE_REQUIRE_POSTGRES === "1") {
      throw new Error(`${why}; BANKBRIDGE_REQUIRE_POSTGRES=1 forbids skipping the PostgreSQL store suite`);
    }
    out.push({
      name: "postgres",
      label: "postgres",
      unavailable: why,
      async open(options = {}) {
        const schema = `bb_test_${process.pid}_${Date.now().toString(36)}_${counter++}`;
        const url = `${DATABASE_URL}${DATABASE_URL.includes("?") ? "&" : "?"}schema=${schema}`;
        const store = await openStore({ url, ...options });
        await store.migrateToLatest();
        return {
          store,
          url,
          raw: rawPostgres(schema),
          async drop() {
            await store.destroy();
            const c = new pg.Client({ connectionString: DATABASE_URL });
            await c.connect();
            await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
            await c.end();
          },
        };
      },
    });
  }
  return out;
}
