/**
 * Opens a store from a URL: the one place that picks a dialect and creates its driver.
 *
 * @module
 */
import { mkdirSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { HubError } from "../core/index.js";
import { createPostgresDialect } from "./dialects/postgres.js";
import { configureSqlite, createSqliteDialect, type SqliteDatabase } from "./dialects/sqlite.js";
import { deferCheckpoints } from "./dialects/sqlite-checkpointer.js";
import { createSqliteWriterThread, type SqliteWriterThread, writerThreadScript } from "./dialects/sqlite-writer.js";
import { createStore, type StoreOptions } from "./kysely-store.js";
import type { Store } from "./store.js";

/** The SQLite URL of the default database file in `dataDir`. */
export function defaultSqliteUrl(dataDir: string): string {
  return `sqlite:${resolve(dataDir, "bankbridge.db")}`;
}

/** Options of {@link openStore}. */
export interface OpenStoreOptions extends StoreOptions {
  /**
   * `sqlite:/path/file.db`, `sqlite::memory:`, a plain file path (SQLite), or
   * `postgres://user@host:port/db` (optionally `?schema=name` to keep all tables in one schema).
   */
  readonly url: string;
  /** Directory that relative SQLite paths are resolved against. @default process.cwd() */
  readonly cwd?: string;
  /**
   * Where SQLite ingest chunks are written: `thread`, a writer thread with its own connection, which inserts while
   * this thread builds the next rows (measured in `docs/benchmarks.md`); `inline`, this thread's connection; `auto`,
   * the thread for a database file when the compiled worker script is there, else inline. `thread` fails with
   * `CONFIG_INVALID` for an in-memory database or without the script. @default "auto"
   */
  readonly sqliteWriter?: "auto" | "thread" | "inline";
  /**
   * With the writer thread: pages of write-ahead log (16 KiB each) after which it has the log copied back into the
   * database file by a checkpoint thread, off the path of every COMMIT; 16 to 1,048,576. @default 10000
   */
  readonly sqliteCheckpointPages?: number;
}

/** Describes a URL without its password, for messages and logs. */
export function redactUrl(url: string): string {
  return url.replace(/^(postgres(?:ql)?:\/\/[^:/@]*):[^@]*@/, "$1:***@");
}

/**
 * Opens (and for SQLite creates) the database. Does not migrate: call `store.migrateToLatest()`.
 * Throws `DB_URL_INVALID` for an unknown scheme and `STORE_UNAVAILABLE` when the file cannot be opened.
 */
export async function openStore(options: OpenStoreOptions): Promise<Store> {
  const { url } = options;
  if (/^postgres(ql)?:\/\//.test(url)) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch (e) {
      throw new HubError("DB_URL_INVALID", `"${redactUrl(url)}" is not a valid PostgreSQL URL`, { cause: e });
    }
    const schema = parsed.searchParams.get("schema") ?? undefined;
    if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
      throw new HubError("DB_URL_INVALID", `schema "${schema}" must be a lower-case SQL identifier`, { details: { schema } });
    }
    parsed.searchParams.delete("schema");
    const pool = new pg.Pool({
      connectionString: parsed.toString(),
      max: 10,
      connectionTimeoutMillis: 10_000,
      ...(schema === undefined ? {} : { options: `-c search_path=${schema}` }),
    });
    // An idle client that loses its server emits 'error'; without a listener that would end the process.
    pool.on("error", () => {});
    if (schema !== undefined) {
      try {
        const c = await pool.connect();
        try {
          await c.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
        } finally {
          c.release();
        }
      } catch (e) {
        await pool.end().catch(() => {});
        throw new HubError("STORE_UNAVAILABLE", `cannot reach PostgreSQL at ${redactUrl(url)}: ${(e as Error).message}`, { cause: e });
      }
    }
    return createStore(createPostgresDialect({ pool, ...(schema === undefined ? {} : { schema }) }), options);
  }
  let file: string;
  if (url === "sqlite::memory:" || url === ":memory:") file = ":memory:";
  else if (url.startsWith("sqlite:")) file = url.slice("sqlite:".length);
  else if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url))
    throw new HubError("DB_URL_INVALID", `unsupported database URL "${redactUrl(url)}": use sqlite:PATH or postgres://…`);
  else file = url;
  if (file === "") throw new HubError("DB_URL_INVALID", "sqlite: URL has no file path");
  if (file !== ":memory:") {
    file = isAbsolute(file) ? file : join(options.cwd ?? process.cwd(), file);
    try {
      mkdirSync(dirname(file), { recursive: true });
    } catch (e) {
      throw new HubError("STORE_UNAVAILABLE", `cannot create the directory for ${file}: ${(e as Error).message}`, { cause: e });
    }
  }
  let database: SqliteDatabase;
  try {
    database = new Database(file) as unknown as SqliteDatabase;
    configureSqlite(database);
  } catch (e) {
    throw new HubError("STORE_UNAVAILABLE", `cannot open SQLite database ${file}: ${(e as Error).message}`, { cause: e });
  }
  const mode = options.sqliteWriter ?? "auto";
  const script = mode === "inline" || file === ":memory:" ? undefined : writerThreadScript();
  if (mode === "thread" && script === undefined) {
    database.close();
    throw new HubError(
      "CONFIG_INVALID",
      file === ":memory:"
        ? "an in-memory SQLite database cannot have a writer thread (it is one connection's alone)"
        : "the SQLite writer thread's script is not built (run npm run build)",
      { details: { sqliteWriter: mode } },
    );
  }
  const pages = options.sqliteCheckpointPages;
  if (pages !== undefined && (!Number.isInteger(pages) || pages < 16 || pages > 1_048_576)) {
    database.close();
    throw new HubError("CONFIG_INVALID", `sqliteCheckpointPages must be a whole number from 16 to 1048576, not ${pages}`, {
      details: { sqliteCheckpointPages: pages },
    });
  }
  let writerThread: SqliteWriterThread | undefined;
  if (script !== undefined) {
    // The writer thread has checkpoints made in the background; this connection's own is only a backstop, so that
    // a small write here never copies the log on the event loop.
    deferCheckpoints(database, pages);
    writerThread = createSqliteWriterThread(file, script, pages === undefined ? {} : { checkpointPages: pages });
  }
  return createStore(createSqliteDialect(database, writerThread === undefined ? {} : { writerThread }), options);
}
