import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { type Kysely, sql } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { TenantId } from "../../core/index.js";
import { generateStatements } from "../../testing/statements.js";
import { createStore } from "../kysely-store.js";
import type { Database as Schema } from "../schema.js";
import type { Store } from "../store.js";
import type { StoreDialect } from "../store-dialect.js";
import { holdWriteLock } from "../test-support/write-lock.js";
import { configureSqlite, createSqliteDialect, type SqliteDatabase } from "./sqlite.js";
import { createThreadKysely } from "./sqlite-thread-kysely.js";
import { createSqliteWriterThread, writerThreadScript } from "./sqlite-writer.js";

const T = "acme" as TenantId;

let dir: string;
let file: string;
let opened: { store: Store; main: SqliteDatabase; dialect: StoreDialect }[];

/** A store over a main connection the test can look at, with or without the writer thread. */
async function open(withThread: boolean) {
  const main = new Database(file) as unknown as SqliteDatabase;
  configureSqlite(main);
  const script = writerThreadScript();
  if (withThread && script === undefined) throw new Error("the writer thread script is not built: run npm run build");
  const dialect = createSqliteDialect(
    main,
    withThread && script !== undefined ? { writerThread: createSqliteWriterThread(file, script) } : {},
  );
  const store = createStore(dialect);
  await store.migrateToLatest();
  await store.tenants.ensure(T);
  opened.push({ store, main, dialect });
  return { store, main, dialect };
}

/** Rows this connection has inserted, updated or deleted since it opened (SQLite's `total_changes()`). */
function changesOf(db: SqliteDatabase): number {
  return (db.prepare("SELECT total_changes() AS n").get() as { n: number }).n;
}

function count(table: string): number {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  } finally {
    db.close();
  }
}

/** Records an ingest run: one row, as `runIngest` writes it. */
const insertRun = (db: Kysely<Schema>, id: string) =>
  db
    .insertInto("ingest_runs")
    .values({
      id,
      tenant_id: T,
      document_id: null,
      source: "test",
      format: null,
      status: "running",
      started_at: "2026-11-29T10:00:00.000Z",
      added: 0,
      updated: 0,
      unchanged: 0,
      issues_json: "[]",
    })
    .execute();

beforeEach(() => {
  opened = [];
  dir = mkdtempSync(join(tmpdir(), "bankbridge-thread-kysely-"));
  file = join(dir, "test.db");
});

afterEach(async () => {
  for (const o of opened) await o.store.destroy();
  rmSync(dir, { recursive: true, force: true });
});

describe("the SQLite writer thread's Kysely", () => {
  it("carries every write of an ingest: the main connection changes no row (without the thread, it writes the run, account and balances)", async () => {
    const statements = [...generateStatements({ seed: 11, statements: 3, entriesPerStatement: 50 })];

    const threaded = await open(true);
    const before = changesOf(threaded.main);
    const report = await threaded.store.ingest({ tenantId: T, statements, source: "test" });
    expect(report.status).toBe("succeeded");
    expect(report.added).toBe(150);
    expect(report.balances.added).toBeGreaterThan(0);
    expect(changesOf(threaded.main) - before).toBe(0);
    expect(count("transactions")).toBe(150);
    expect(count("ingest_runs")).toBe(1);
    // The run was finished there too.
    const runs = await threaded.store.ingestRuns.list(T);
    expect(runs.map((r) => [r.status, r.added])).toEqual([["succeeded", 150]]);

    // The same probe, on a store that writes on its main connection, does see the writes.
    await threaded.store.destroy();
    opened = [];
    rmSync(dir, { recursive: true, force: true });
    dir = mkdtempSync(join(tmpdir(), "bankbridge-thread-kysely-"));
    file = join(dir, "test.db");
    const inline = await open(false);
    const start = changesOf(inline.main);
    await inline.store.ingest({ tenantId: T, statements, source: "test" });
    expect(changesOf(inline.main) - start).toBeGreaterThanOrEqual(150 + 2);
  });

  it("runs a write transaction's statements inside the thread's open transaction: seen by others after COMMIT, undone when it throws", async () => {
    const { dialect } = await open(true);

    const seen = await dialect.writeTransaction("k", async (db) => {
      await insertRun(db, "run-1");
      // Read back in the same transaction, on the thread; not yet visible to another connection.
      const inside = await db.selectFrom("ingest_runs").select("id").execute();
      return { inside: inside.map((r) => r.id), outside: count("ingest_runs") };
    });
    expect(seen).toEqual({ inside: ["run-1"], outside: 0 });
    expect(count("ingest_runs")).toBe(1);

    const failed = await dialect
      .writeTransaction("k", async (db) => {
        await insertRun(db, "run-2");
        throw new Error("changed my mind");
      })
      .catch((e: unknown) => e);
    expect((failed as Error).message).toBe("changed my mind");
    expect(count("ingest_runs")).toBe(1);

    // A statement the database refuses fails with the database's code, and the transaction with it.
    const duplicate = await dialect.writeTransaction("k", (db) => insertRun(db, "run-1")).catch((e: unknown) => e);
    expect((duplicate as { code?: string }).code).toMatch(/^SQLITE_CONSTRAINT/);
    expect(count("ingest_runs")).toBe(1);
  });

  it("runs nothing of a write transaction whose BEGIN failed, and fails it with the error that ended it", async () => {
    const { dialect } = await open(true);
    // Another connection holds the write lock past the thread's busy timeout (10 s, configureSqlite) and lets go half
    // a second later. The statements sent right behind the BEGIN must not run on their own meanwhile: the insert would
    // then wait for the lock, get it, and stay stored while the transaction failed.
    const released = holdWriteLock(file, 10_500);
    const error = await dialect
      .writeTransaction("k", async (db) => {
        await db.selectFrom("ingest_runs").select("id").execute();
        await insertRun(db, "run-x");
      })
      .catch((e: unknown) => e);
    await released;
    expect((error as { code?: string }).code).toBe("SQLITE_BUSY");
    await new Promise((r) => setTimeout(r, 200));
    expect(count("ingest_runs")).toBe(0);
    // The next transaction runs as usual.
    await dialect.writeTransaction("k", (db) => insertRun(db, "run-y"));
    expect(count("ingest_runs")).toBe(1);
  }, 30_000);

  it("refuses Kysely's own transactions and streaming, which the thread's protocol does not carry", async () => {
    await open(true); // the tables
    const script = writerThreadScript();
    if (script === undefined) throw new Error("the writer thread script is not built");
    const thread = createSqliteWriterThread(file, script);
    const db = createThreadKysely(thread);
    try {
      await expect(db.transaction().execute(async () => {})).rejects.toThrow(/opened by the dialect/);
      thread.begin();
      await expect(sql`SELECT 1`.execute(db)).resolves.toMatchObject({ rows: [{ 1: 1 }] });
      const stream = db.selectFrom("ingest_runs").selectAll().stream();
      await expect(stream.next()).rejects.toThrow(/streaming queries do not run/);
      await thread.rollback();
    } finally {
      await thread.close();
    }
  });
});
