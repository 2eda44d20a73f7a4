import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type AccountId, type CurrencyCode, formatMoney, HubError, type IngestRunId, type TenantId } from "../../core/index.js";
import { generateStatements } from "../../testing/statements.js";
import { createFingerprinter } from "../fingerprint.js";
import { createRowBuilder } from "../ingest.js";
import { openStore } from "../open-store.js";
import { holdWriteLock } from "../test-support/write-lock.js";
import { COL, type TransactionRow } from "../transaction-row.js";
import { createSqliteWriterThread, type SqliteWriterThread, writerThreadScript } from "./sqlite-writer.js";

const T = "acme" as TenantId;

let dir: string;
let file: string;
let accountId: AccountId;
let threads: SqliteWriterThread[];

/** Rows of `n` generated entries as the ingest builds them, for the account made in `beforeEach`. */
function rows(n: number, seed = 7): TransactionRow[] {
  const [s] = [...generateStatements({ seed, statements: 1, entriesPerStatement: n })];
  if (s === undefined) throw new Error("no statement");
  const rowOf = createRowBuilder({
    tenantId: T,
    accountId,
    currency: s.account.currency as CurrencyCode,
    runId: "00000000-0000-4000-8000-000000000000" as IngestRunId,
    now: "2026-11-29T10:00:00.000Z",
  });
  const fingerprint = createFingerprinter();
  return s.entries.map((e) => {
    const amount = formatMoney(e.amount);
    return rowOf(e, fingerprint(e, amount), amount);
  });
}

function stored(): number {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare("SELECT count(*) AS n FROM transactions").get() as { n: number }).n;
  } finally {
    db.close();
  }
}

function thread(script = writerThreadScript()): SqliteWriterThread {
  if (script === undefined) throw new Error("the writer thread script is not built: run npm run build");
  const t = createSqliteWriterThread(file, script);
  threads.push(t);
  return t;
}

beforeEach(async () => {
  threads = [];
  dir = mkdtempSync(join(tmpdir(), "bankbridge-writer-"));
  file = join(dir, "test.db");
  const store = await openStore({ url: `sqlite:${file}`, sqliteWriter: "inline" });
  await store.migrateToLatest();
  await store.tenants.ensure(T);
  const first = generateStatements({ seed: 7, statements: 1, entriesPerStatement: 1 }).next().value;
  if (first === undefined) throw new Error("no statement");
  const report = await store.ingest({ tenantId: T, statements: [{ ...first, entries: [] }], source: "test" });
  accountId = report.accounts[0] as AccountId;
  await store.destroy();
});

afterEach(async () => {
  for (const t of threads) await t.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("SQLite writer thread", () => {
  it("inserts rows in pieces inside one transaction, visible only after the commit, and hands back the ones it skipped", async () => {
    const w = thread();
    const all = rows(600);
    w.begin();
    // 600 rows are three pieces: all of them must go in, in one transaction.
    expect(await w.insertTransactions(all)).toEqual([]);
    expect(stored()).toBe(0);
    await w.commit();
    expect(stored()).toBe(600);

    // The same rows again: every one hits its unique key and comes back whole, in order.
    w.begin();
    const skipped = await w.insertTransactions(all);
    expect(skipped).toEqual(all);
    // The dedupe lookups run on the same transaction's connection.
    const found = await w.findTransactions(accountId, [], [all[0]?.[COL.fingerprint] as string]);
    expect(found.map((x) => x.fingerprint)).toEqual([all[0]?.[COL.fingerprint]]);
    await w.rollback();
    expect(stored()).toBe(600);
  });

  it("fails the transaction's answer with the database's error, rolls back, and serves the next transaction", async () => {
    const w = thread();
    const good = rows(300);
    // A row of an account that does not exist breaks the foreign key, in the second piece.
    const bad = good.map((r, i) => (i === 280 ? Object.assign([...r], { [COL.account_id]: "999999" }) : r));
    w.begin();
    const error = await w.insertTransactions(bad).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as { code?: string }).code).toBe("SQLITE_CONSTRAINT_FOREIGNKEY");
    await w.rollback();
    expect(stored()).toBe(0);

    w.begin();
    expect(await w.insertTransactions(good)).toEqual([]);
    await w.commit();
    expect(stored()).toBe(300);
  });

  it("drops the rows of a transaction whose BEGIN failed, instead of writing them outside any transaction", async () => {
    // Another connection holds the write lock past the thread's busy timeout (10 s, configureSqlite), and lets it go
    // a second after the thread's BEGIN gave up: rows written without a transaction would then go in.
    const released = holdWriteLock(file, 11_000);
    const w = thread();
    w.begin();
    const error = await w.insertTransactions(rows(300)).catch((e: unknown) => e);
    await released;
    await w.rollback();
    expect((error as { code?: string }).code).toBe("SQLITE_BUSY");
    await new Promise((r) => setTimeout(r, 200));
    expect(stored()).toBe(0);
  }, 30_000);

  it("fails what waits on a thread that stops with STORE_UNAVAILABLE (retryable), and starts a new thread for the next transaction", async () => {
    // A stand-in that dies on the first rows it receives, as a thread out of memory would.
    const script = join(dir, "dying-writer.mjs");
    writeFileSync(
      script,
      `import { parentPort } from "node:worker_threads";\nparentPort.on("message", (m) => { if ("rows" in m) process.exit(7); });\n`,
    );
    const w = thread(pathToFileURL(script));
    w.begin();
    const error = await w.insertTransactions(rows(10)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HubError);
    expect(error).toMatchObject({ code: "STORE_UNAVAILABLE", retryable: true });
    expect((error as Error).message).toMatch(/exit code 7/);
    // Later calls of the same transaction must not reach a new thread, which would answer from no transaction.
    await expect(w.findTransactions(accountId, ["C:x"], [])).rejects.toMatchObject({
      code: "STORE_UNAVAILABLE",
      message: expect.stringMatching(/stopped during the transaction/),
    });
    await w.rollback();

    // The next transaction starts a thread again (which dies again: the exit code says it was a new one).
    w.begin();
    await expect(w.insertTransactions(rows(10))).rejects.toMatchObject({ message: expect.stringMatching(/exit code 7/) });
    await w.rollback();
  });

  it("keeps the process alive while an ingest waits for it, and not after", () => {
    // A child process that ingests through the thread and never closes the store: it must print what it stored
    // (the thread kept it alive while the ingest waited) and then exit on its own (the idle thread does not).
    const storeModule = pathToFileURL(resolve(import.meta.dirname, "../../../dist/store/index.js")).href;
    const testingModule = pathToFileURL(resolve(import.meta.dirname, "../../../dist/testing/index.js")).href;
    const script = `
      const { openStore } = await import(${JSON.stringify(storeModule)});
      const { generateStatements } = await import(${JSON.stringify(testingModule)});
      const store = await openStore({ url: ${JSON.stringify(`sqlite:${file}`)}, sqliteWriter: "thread" });
      const statements = [...generateStatements({ seed: 3, statements: 1, entriesPerStatement: 2000 })];
      const report = await store.ingest({ tenantId: "acme", statements, source: "child" });
      console.log(JSON.stringify({ added: report.added }));
    `;
    const path = join(dir, "child.mjs");
    writeFileSync(path, script);
    const child = spawnSync(process.execPath, [path], { encoding: "utf8", timeout: 20_000 });
    expect(child.stderr).toBe("");
    expect(child.status).toBe(0);
    expect(JSON.parse(child.stdout)).toEqual({ added: 2000 });
    expect(stored()).toBe(2000);
  });

  it("writes from a process started with --input-type, an option a worker refuses", () => {
    const storeModule = pathToFileURL(resolve(import.meta.dirname, "../../../dist/store/index.js")).href;
    const testingModule = pathToFileURL(resolve(import.meta.dirname, "../../../dist/testing/index.js")).href;
    const script = (db: string) => `
      const { openStore } = await import(${JSON.stringify(storeModule)});
      const { generateStatements } = await import(${JSON.stringify(testingModule)});
      const store = await openStore({ url: ${JSON.stringify(`sqlite:${db}`)}, sqliteWriter: "thread" });
      await store.migrateToLatest();
      await store.tenants.ensure("acme");
      const statements = [...generateStatements({ seed: 3, statements: 1, entriesPerStatement: 500 })];
      const report = await store.ingest({ tenantId: "acme", statements, source: "child" });
      await store.destroy();
      console.log(JSON.stringify({ added: report.added }));
    `;
    // With a per-process option beside it, which a worker is refused when it is given one explicitly.
    const runs = [["--input-type=module"], ["--max-old-space-size=256", "--input-type", "module"]].map((flags, i) =>
      spawnSync(process.execPath, [...flags, "-e", script(join(dir, `input-type-${i}.db`))], { encoding: "utf8", timeout: 20_000 }),
    );
    for (const child of runs) {
      expect(child.stderr).toBe("");
      expect(child.status).toBe(0);
      expect(JSON.parse(child.stdout)).toEqual({ added: 500 });
    }
  });

  it("settles an ingest that a store closed under it, keeps whole chunks only, and runs nothing after the close", async () => {
    const store = await openStore({ url: `sqlite:${file}`, sqliteWriter: "thread" });
    // Six chunks of 10,000: about half a second of writing, closed after a tenth of a second.
    const statements = [...generateStatements({ seed: 5, statements: 1, entriesPerStatement: 60_000 })];
    const ingest = store.ingest({ tenantId: T, statements, source: "test" }).catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 100));
    await store.destroy();
    const outcome = await Promise.race([ingest, new Promise((r) => setTimeout(() => r("hung"), 10_000))]);
    expect(outcome).toMatchObject({ code: "STORE_UNAVAILABLE", retryable: true });
    const kept = stored();
    expect(kept % 10_000).toBe(0);
    expect(kept).toBeLessThan(60_000);
    // Nothing handed over before the close runs after it.
    await new Promise((r) => setTimeout(r, 300));
    expect(stored()).toBe(kept);
    await expect(store.ingest({ tenantId: T, statements, source: "test" })).rejects.toMatchObject({ code: "STORE_UNAVAILABLE" });
  }, 30_000);

  it("is refused for an in-memory database, whose one connection no thread can share", async () => {
    await expect(openStore({ url: "sqlite::memory:", sqliteWriter: "thread" })).rejects.toMatchObject({ code: "CONFIG_INVALID" });
  });
});
