/**
 * A probe, not a product path: would SQLite ingest gain from a writer thread? It stores the `bench:ingest` rows
 * (the store's own row builder: entry JSON, fingerprints, amounts) into a migrated database two ways, in one
 * process each:
 *
 * - `seq`: as the store does today, rows built and inserted on one thread, in batches of 256, one transaction
 *   per statement of 10,000 rows;
 * - `pipe`: the main thread builds each statement's rows and writes them as UTF-8 into a buffer (values split by
 *   U+0000, rows by U+0001, null as U+0002) that it transfers to a worker thread, which decodes, splits and
 *   inserts them in one transaction while the main thread builds the next. Buffers go back and forth, so no chunk
 *   touches fresh memory. No dedupe, no escaping: the bench's rows hold none of those three characters, and every
 *   row is new.
 *
 * Usage: `npm run build && node --expose-gc packages/bench/dist/sqlite-pipeline-probe.js [--rows 1000000] [--mode seq|pipe]`
 * (run the two modes alternately: the figures are recorded in `docs/benchmarks.md`, 2026-11-29 stop 13).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import type { AccountId, Statement } from "@bankbridge/hub/core";
import { configureSqlite, openStore, ROW_COLUMNS, type SqliteDatabase } from "@bankbridge/hub/store";
import Database from "better-sqlite3";
import { BENCH_TENANT, type BenchRow, benchRows, benchStatements, SQLITE_INSERT } from "./bench-rows.js";
import { arg } from "./measure.js";

type TransactionRow = BenchRow;

const TENANT = BENCH_TENANT;
const INSERT = SQLITE_INSERT;
const JSON_COLUMN = ROW_COLUMNS.indexOf("entry_json");

function open(file: string): Database.Database {
  const db = new Database(file);
  configureSqlite(db as unknown as SqliteDatabase);
  return db;
}

interface Done {
  readonly count: number;
  readonly buffer: ArrayBuffer;
}

function worker(): void {
  const { file } = workerData as { file: string };
  const db = open(file);
  const insert = db.prepare(INSERT);
  const store = db.transaction((lines: string[]) => {
    let count = 0;
    for (const line of lines) {
      const row: (string | null)[] = line.split("\u0000");
      for (let j = 0; j < row.length; j++) if (row[j] === "\u0002") row[j] = null;
      count += insert.run(row).changes;
    }
    return count;
  });
  parentPort?.on("message", (bytes: Uint8Array) => {
    const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8");
    const done: Done = { count: store(text.split("\u0001")), buffer: bytes.buffer as ArrayBuffer };
    parentPort?.postMessage(done, [done.buffer]);
  });
}

/** Writes the rows as UTF-8 into `buffer` (grown when needed); returns the buffer used and the bytes written. */
function pack(rows: Iterable<TransactionRow>, buffer: Buffer): { buffer: Buffer; length: number } {
  let at = 0;
  let out = buffer;
  const text = (v: string | number | null) => (v === null ? "\u0002" : String(v));
  for (const r of rows) {
    let head = text(r[0] ?? null);
    for (let j = 1; j < JSON_COLUMN; j++) head += `\u0000${text(r[j] ?? null)}`;
    head += "\u0000";
    const json = text(r[JSON_COLUMN] ?? null);
    let tail = "";
    for (let j = JSON_COLUMN + 1; j < r.length; j++) tail += `\u0000${text(r[j] ?? null)}`;
    tail += "\u0001";
    const most = 3 * (head.length + json.length + tail.length);
    if (at + most > out.length) {
      const bigger = Buffer.allocUnsafeSlow(2 * out.length + most);
      out.copy(bigger, 0, 0, at);
      out = bigger;
    }
    at += out.write(head, at, "utf8");
    at += out.write(json, at, "utf8");
    at += out.write(tail, at, "utf8");
  }
  return { buffer: out, length: at - 1 };
}

async function main(): Promise<void> {
  const rows = Number(arg("rows", "1000000"));
  const mode = arg("mode", "pipe");
  const dir = mkdtempSync(join(tmpdir(), "bankbridge-probe-"));
  const file = join(dir, "probe.db");
  const statements = () => benchStatements(rows);
  const store = await openStore({ url: `sqlite:${file}` });
  await store.migrateToLatest();
  await store.tenants.ensure(TENANT);
  const first = statements().next().value as Statement;
  const report = await store.ingest({ tenantId: TENANT, statements: [{ ...first, entries: [] }], source: "probe" });
  const accountId = report.accounts[0] as AccountId;
  await store.destroy();
  const now = new Date().toISOString();
  const gc = (globalThis as { gc?: () => void }).gc;
  let seconds = 0;
  let stored = 0;
  if (mode === "seq") {
    const db = open(file);
    const insert = db.prepare(INSERT);
    const store = db.transaction((s: Statement) => {
      const batch: TransactionRow[] = [];
      const flush = () => {
        for (const r of batch) stored += insert.run(r).changes;
        batch.length = 0;
      };
      for (const r of benchRows(s, accountId, now)) if (batch.push(r) === 256) flush();
      flush();
    });
    for (const s of statements()) {
      gc?.();
      const t0 = performance.now();
      store(s);
      seconds += (performance.now() - t0) / 1000;
    }
    db.close();
  } else {
    const thread = new Worker(new URL(import.meta.url), { workerData: { file } });
    const free: Buffer[] = [];
    const waiting: ((count: number) => void)[] = [];
    thread.on("message", (done: Done) => {
      free.push(Buffer.from(done.buffer));
      waiting.shift()?.(done.count);
    });
    let inFlight: Promise<number> = Promise.resolve(0);
    for (const s of statements()) {
      gc?.();
      const t0 = performance.now();
      const packed = pack(benchRows(s, accountId, now), free.pop() ?? Buffer.allocUnsafeSlow(24 * 1024 * 1024));
      stored += await inFlight;
      const bytes = new Uint8Array(packed.buffer.buffer, packed.buffer.byteOffset, packed.length);
      inFlight = new Promise<number>((resolve) => {
        waiting.push(resolve);
        thread.postMessage(bytes, [bytes.buffer as ArrayBuffer]);
      });
      seconds += (performance.now() - t0) / 1000;
    }
    const t0 = performance.now();
    stored += await inFlight;
    seconds += (performance.now() - t0) / 1000;
    await thread.terminate();
  }
  rmSync(dir, { recursive: true, force: true });
  if (stored !== rows) throw new Error(`stored ${stored} of ${rows}`);
  console.log(JSON.stringify({ mode, rows, seconds: Number(seconds.toFixed(2)), txPerSecond: Math.round(rows / seconds) }));
}

if (isMainThread) await main();
else worker();
