import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { HubError, type TenantId } from "../../core/index.js";
import { generateStatements } from "../../testing/statements.js";
import { openStore } from "../open-store.js";
import { configureSqlite, type SqliteDatabase } from "./sqlite.js";
import { createCheckpointer } from "./sqlite-checkpointer.js";
import { createWalIndexReader, type WalIndexState } from "./sqlite-wal-index.js";

// The worker script runs from the build, which `npm test` makes first.
const SCRIPT = new URL("../../../dist/store/dialects/sqlite-checkpoint-thread.js", import.meta.url);

let dir: string;
let file: string;
let open: { close(): unknown }[];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "bankbridge-checkpoint-"));
  file = join(dir, "test.db");
  open = [];
});

afterEach(async () => {
  for (const o of open.reverse()) await o.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A connection as the store configures it, SQLite's own checkpoints off, with a table of ~1 KB rows. */
function connection(): SqliteDatabase & { pragma(s: string): unknown } {
  const db = new Database(file) as unknown as SqliteDatabase;
  configureSqlite(db);
  db.pragma("wal_autocheckpoint = 0");
  db.exec("CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, body TEXT NOT NULL)");
  open.push(db);
  return db;
}

/** Writes `n` rows of 1 KB in one transaction: about one 16 KiB page per 15 rows, plus the tree's pages. */
function write(db: SqliteDatabase, n: number): void {
  const insert = db.prepare("INSERT INTO t (body) VALUES (?)");
  db.exec("BEGIN IMMEDIATE");
  for (let i = 0; i < n; i++) insert.run(`${i}`.padEnd(1000, "x"));
  db.exec("COMMIT");
}

function reader() {
  const r = createWalIndexReader(file);
  open.push(r);
  return r;
}

describe("SQLite WAL index reader", () => {
  it("reports the frames in the log and the frames checkpointed as SQLite's own checkpoint counts them", () => {
    const db = connection();
    const wal = reader();
    write(db, 3000);
    const before = wal.read() as WalIndexState;
    expect(before.frames).toBeGreaterThan(150);
    expect(before.backfilled).toBe(0);
    const [r] = db.pragma("wal_checkpoint(PASSIVE)") as { log: number; checkpointed: number }[];
    expect(r).toEqual({ busy: 0, log: before.frames, checkpointed: before.frames });
    expect(wal.read()).toEqual({ frames: before.frames, backfilled: before.frames });
    // Fully checkpointed: the next write transaction starts the log again from its beginning.
    write(db, 100);
    const after = wal.read() as WalIndexState;
    expect(after.frames).toBeLessThan(before.frames);
    expect(after.backfilled).toBe(0);
  });

  it("reports nothing for a database without a log", () => {
    expect(reader().read()).toBeUndefined();
  });
});

describe("SQLite checkpointer", () => {
  it("copies a long log back on its own thread, then the few frames added meanwhile inline, so that the log restarts", async () => {
    const db = connection();
    const wal = reader();
    const checkpointer = createCheckpointer(file, db, { pages: 200, script: SCRIPT });
    open.push({ close: () => checkpointer.close() });
    write(db, 1000);
    const short = wal.read() as WalIndexState;
    expect(short.frames).toBeLessThan(200);
    checkpointer.beforeWrite(); // below the threshold: nothing
    expect(wal.read()).toEqual(short);

    write(db, 3000);
    const long = wal.read() as WalIndexState;
    expect(long.frames).toBeGreaterThanOrEqual(200);
    // A reader of the latest snapshot: it lets the whole log be copied, but keeps the next write from restarting it.
    const other = new Database(file);
    open.push(other);
    other.exec("BEGIN");
    other.prepare("SELECT count(*) FROM t").get();
    checkpointer.beforeWrite(); // far behind: on the thread, and this returns at once
    expect(checkpointer.running).toBe(true);
    await checkpointer.idle();
    expect(wal.read()).toEqual({ frames: long.frames, backfilled: long.frames });

    write(db, 100); // appended after the copy
    other.exec("COMMIT");
    const behind = wal.read() as WalIndexState;
    expect(behind.frames).toBeGreaterThan(long.frames);
    expect(behind.frames - behind.backfilled).toBeLessThanOrEqual(25);
    checkpointer.beforeWrite(); // a little: inline
    expect(wal.read()).toEqual({ frames: behind.frames, backfilled: behind.frames });

    write(db, 100); // starts the log again
    expect((wal.read() as WalIndexState).frames).toBeLessThan(50);
    expect((db.prepare("SELECT count(*) AS n FROM t").get() as { n: number }).n).toBe(4200);
  });

  it("copies the rest of a chunk inline although small transactions came after it, as an ingest's run record does", async () => {
    const db = connection();
    const wal = reader();
    const checkpointer = createCheckpointer(file, db, { pages: 400, script: SCRIPT });
    open.push({ close: () => checkpointer.close() });
    // As the writer thread calls it: before every BEGIN.
    const tx = (n: number) => {
      checkpointer.beforeWrite();
      write(db, n);
    };
    tx(7000);
    expect((wal.read() as WalIndexState).frames).toBeGreaterThanOrEqual(400);
    // A reader holds the snapshot of now, so nothing after it can be copied until it lets go.
    const other = new Database(file);
    open.push(other);
    other.exec("BEGIN");
    other.prepare("SELECT count(*) FROM t").get();
    tx(450); // a chunk: about 35 frames
    tx(1); // the run's end
    tx(1); // the next ingest's run record
    await checkpointer.idle();
    other.exec("COMMIT");
    const state = wal.read() as WalIndexState;
    const pending = state.frames - state.backfilled;
    // About one chunk is left: within an eighth of the threshold, and not much more than the chunk.
    expect(pending).toBeGreaterThan(25);
    expect(pending).toBeLessThanOrEqual(50);
    checkpointer.beforeWrite();
    // Copied inline (measured by the last transaction, two frames, it would have gone to the thread again).
    expect(checkpointer.running).toBe(false);
    expect(wal.read()).toEqual({ frames: state.frames, backfilled: state.frames });
  });

  it("closes after the checkpoint it is running, leaving a whole database", async () => {
    const db = connection();
    const wal = reader();
    const checkpointer = createCheckpointer(file, db, { pages: 100, script: SCRIPT });
    write(db, 20_000);
    const long = wal.read() as WalIndexState;
    checkpointer.beforeWrite();
    await checkpointer.close();
    expect(wal.read()).toEqual({ frames: long.frames, backfilled: long.frames });
  });

  it("never throws when its thread cannot start: the writer's transaction must open all the same", () => {
    const db = connection();
    const wal = reader();
    const checkpointer = createCheckpointer(file, db, { pages: 100, script: new URL("http://127.0.0.1:9/none.js") });
    open.push({ close: () => checkpointer.close() });
    write(db, 3000);
    expect(() => checkpointer.beforeWrite()).not.toThrow();
    expect(checkpointer.running).toBe(false);
    expect((wal.read() as WalIndexState).backfilled).toBe(0);
    write(db, 100);
    expect((db.prepare("SELECT count(*) AS n FROM t").get() as { n: number }).n).toBe(3100);
  });
});

describe("SQLite writer thread with background checkpoints", () => {
  const T = "acme" as TenantId;

  it("has the log copied back and restarted during a long ingest, before SQLite's own checkpoint would, losing nothing", async () => {
    // 1,024 pages before a checkpoint is due; SQLite's own, the backstop, comes at 2,048. Each statement here adds
    // about 70 pages of log.
    const store = await openStore({ url: `sqlite:${file}`, sqliteWriter: "thread", sqliteCheckpointPages: 1024 });
    await store.migrateToLatest();
    await store.tenants.ensure(T);
    const wal = reader();
    const statements = generateStatements({ seed: 3, statements: 60, entriesPerStatement: 1000 });
    let previous: WalIndexState = { frames: 0, backfilled: 0 };
    let longest = 0;
    let restarted = false;
    let ingested = 0;
    for (const s of statements) {
      const r = await store.ingest({
        tenantId: T,
        statements: [{ ...s, account: { ...s.account, id: "DE89370400440532013000" } }],
        source: "test",
      });
      expect(r.issues).toEqual([]);
      ingested += s.entries.length;
      const now = wal.read() as WalIndexState;
      if (now.frames < previous.frames) {
        restarted = true;
        break;
      }
      longest = now.frames;
      if (previous.frames >= 1024) {
        // This ingest began past the threshold, so the thread has copied the log, from the first BEGIN that found it
        // past the threshold (the previous ingest's last transaction, its run's end, may be that one, and is then not
        // copied yet), with no COMMIT anywhere near SQLite's own. Once it is done, the next transaction finds about one transaction's frames left, which
        // the writer copies before it begins: that transaction restarts the log.
        await store.idle();
        // All but, at most, the previous ingest's last transaction (its run's end: a row of ingest_runs, a few frames).
        expect((wal.read() as WalIndexState).backfilled).toBeGreaterThanOrEqual(previous.frames - 8);
      }
      previous = wal.read() as WalIndexState;
    }
    expect(restarted).toBe(true);
    expect(longest).toBeGreaterThanOrEqual(1024);
    expect(longest).toBeLessThan(2048);
    expect(statSync(file).size).toBeGreaterThan(8 * 1024 * 1024);
    expect(await store.transactions.count(T)).toBe(ingested);
    await store.destroy();
    expect(existsSync(`${file}-wal`)).toBe(false);
    const check = new Database(file, { readonly: true });
    expect((check.prepare("SELECT count(*) AS n FROM transactions").get() as { n: number }).n).toBe(ingested);
    check.close();
  });

  it("refuses a checkpoint threshold that is not a whole number of pages", async () => {
    for (const pages of [0, 8, 1.5, -3, 2 ** 30, 1e21]) {
      await expect(openStore({ url: `sqlite:${file}`, sqliteCheckpointPages: pages })).rejects.toSatisfy(
        (e: unknown) => e instanceof HubError && e.code === "CONFIG_INVALID",
      );
    }
  });
});
