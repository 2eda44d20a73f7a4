/**
 * `npm run bench:ingest`: stores N canonical transactions (default 1,000,000) with dedupe into SQLite and
 * PostgreSQL through `store.ingest`, and beside each a raw floor measured in the same run: the same rows,
 * the same table and indexes, inserted by a bare loop (SQLite: one prepared INSERT … ON CONFLICT DO
 * NOTHING per row in transactions of 10,000; PostgreSQL: batched INSERT … SELECT FROM unnest of 10,000
 * rows). Closing the database is timed with each run: it waits for every checkpoint due, whichever thread makes
 * it. Prints transactions per second, peak memory and the ratios.
 *
 * Options: --rows N, --dialects sqlite,postgres, --reimport (also time importing everything again),
 * --rounds N (floor and ours alternate N times, ours first in every other round; the verdict is the median of the
 * rounds' ratios),
 * DATABASE_URL for PostgreSQL (default postgres://postgres@127.0.0.1:5432/test).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Statement } from "@bankbridge/hub/core";
import { configureSqlite, openStore, ROW_COLUMNS, type SqliteDatabase, type Store } from "@bankbridge/hub/store";
import Database from "better-sqlite3";
import pg from "pg";
import { BENCH_TENANT, benchRows, benchStatements, PER_STATEMENT, SQLITE_INSERT } from "./bench-rows.js";
import { arg, cpuSeconds, fmt, inChild, type Measurement, median, peakMiB, table } from "./measure.js";

const DATABASE_URL = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const TENANT = BENCH_TENANT;

/**
 * A full collection before each timed part, for ours and the floor alike: the statement just generated (and,
 * for the floor, its rows) is then in the old generation, so neither timed part pays for promoting its input.
 * (The floor's rows are built before its clock starts, which promoted its input anyway; ours paid for it.)
 */
function settle(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

interface Fresh {
  readonly store: Store;
  /** Where the floor connects: the SQLite file or the PostgreSQL schema. */
  readonly file?: string;
  readonly schema?: string;
  drop(): Promise<void>;
}

/** A new empty, migrated database of the dialect. */
async function freshStore(dialect: string): Promise<Fresh> {
  if (dialect === "sqlite") {
    const dir = mkdtempSync(join(tmpdir(), "bankbridge-bench-"));
    const file = join(dir, "bench.db");
    const store = await openStore({ url: `sqlite:${file}` });
    await store.migrateToLatest();
    return {
      store,
      file,
      drop: async () => {
        await store.destroy().catch(() => {});
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const schema = `bb_bench_${process.pid}`;
  const store = await openStore({ url: `${DATABASE_URL}${DATABASE_URL.includes("?") ? "&" : "?"}schema=${schema}` });
  await store.migrateToLatest();
  return {
    store,
    schema,
    drop: async () => {
      await store.destroy().catch(() => {});
      const c = new pg.Client({ connectionString: DATABASE_URL });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await c.end();
    },
  };
}

/** Ours: canonical statements in, deduplicated rows stored. Generation is outside the timed part. */
async function ours(dialect: string, rows: number, reimport: boolean): Promise<Measurement> {
  const { store, drop } = await freshStore(dialect);
  await store.tenants.ensure(TENANT);
  let seconds = 0;
  let cpu = 0;
  let added = 0;
  let secondPass = 0;
  let unchanged = 0;
  for (const s of benchStatements(rows)) {
    settle();
    const t0 = process.hrtime.bigint();
    const c0 = cpuSeconds();
    const r = await store.ingest({ tenantId: TENANT, statements: [s], source: "bench" });
    // On the clock until the store's background work is done too: a checkpoint on its thread would otherwise go on
    // through the untimed generation of the next statement, while the floor's checkpoints are all inside its COMMITs.
    await store.idle();
    seconds += Number(process.hrtime.bigint() - t0) / 1e9;
    cpu += cpuSeconds() - c0;
    added += r.added;
  }
  if (reimport) {
    for (const s of benchStatements(rows)) {
      settle();
      const t0 = process.hrtime.bigint();
      const r = await store.ingest({ tenantId: TENANT, statements: [s], source: "bench" });
      secondPass += Number(process.hrtime.bigint() - t0) / 1e9;
      unchanged += r.unchanged;
    }
  }
  const stored = await store.transactions.count(TENANT);
  // Closing is on the clock, for the floor too: it waits for the checkpoints still due or running (ours makes them on
  // a thread of its own, which could otherwise finish after the clock stopped) and copies the rest of the log.
  const t0 = process.hrtime.bigint();
  const c0 = cpuSeconds();
  await store.destroy();
  seconds += Number(process.hrtime.bigint() - t0) / 1e9;
  cpu += cpuSeconds() - c0;
  await drop();
  if (stored !== rows || added !== rows) throw new Error(`expected ${rows} stored, got ${stored} (added ${added})`);
  if (reimport && unchanged !== rows) throw new Error(`re-import: expected ${rows} unchanged, got ${unchanged}`);
  return {
    name: `ours ${dialect}`,
    items: rows,
    seconds,
    cpuSeconds: cpu,
    peakMiB: peakMiB(),
    ...(reimport ? { note: `re-import of all ${fmt(rows)}: ${fmt(rows / secondPass)} tx/s, ${fmt(stored)} stored` } : {}),
  };
}

const COLUMNS = ROW_COLUMNS;

/** The floor: same table, same indexes, same rows, a bare insert loop. */
async function floor(dialect: string, rows: number): Promise<Measurement> {
  const fresh = await freshStore(dialect);
  await fresh.store.tenants.ensure(TENANT);
  // An empty statement creates the account row that transactions reference; then the store steps aside.
  const first = benchStatements(PER_STATEMENT).next().value as Statement;
  const accountId = (await fresh.store.ingest({ tenantId: TENANT, statements: [{ ...first, entries: [] }], source: "bench" }))
    .accounts[0] as string;
  await fresh.store.destroy();
  const now = new Date().toISOString();
  let seconds = 0;
  let cpu = 0;
  let inserted = 0;
  if (fresh.file !== undefined) {
    const db = new Database(fresh.file);
    // The same connection settings as the store: the floor differs only in skipping our layers.
    configureSqlite(db as unknown as SqliteDatabase);
    const insert = db.prepare(SQLITE_INSERT);
    const batch = db.transaction((batchRows: unknown[][]) => {
      for (const r of batchRows) inserted += insert.run(...r).changes;
    });
    for (const s of benchStatements(rows)) {
      const batchRows = [...benchRows(s, accountId, now)];
      settle();
      const t0 = process.hrtime.bigint();
      const c0 = cpuSeconds();
      batch(batchRows);
      seconds += Number(process.hrtime.bigint() - t0) / 1e9;
      cpu += cpuSeconds() - c0;
    }
    const t0 = process.hrtime.bigint();
    const c0 = cpuSeconds();
    db.close();
    seconds += Number(process.hrtime.bigint() - t0) / 1e9;
    cpu += cpuSeconds() - c0;
  } else {
    const client = new pg.Client({ connectionString: DATABASE_URL, options: `-c search_path=${fresh.schema}` });
    await client.connect();
    // The fastest bare batched INSERT measured here: one JSON parameter per batch, unpacked by the server.
    // (Column arrays with unnest ran at half its speed.)
    const types = COLUMNS.map((c) => `${c} ${c === "amount_minor" || c === "account_id" ? "bigint" : c === "reversal" ? "int" : "text"}`);
    const text = `INSERT INTO transactions (${COLUMNS.join(", ")}) SELECT ${COLUMNS.join(", ")} FROM json_to_recordset($1::json) AS x(${types.join(", ")}) ON CONFLICT DO NOTHING`;
    for (const s of benchStatements(rows)) {
      const batchRows = [...benchRows(s, accountId, now)].map((r) => Object.fromEntries(COLUMNS.map((c, i) => [c, r[i]])));
      settle();
      const t0 = process.hrtime.bigint();
      const c0 = cpuSeconds();
      const r = await client.query(text, [JSON.stringify(batchRows)]);
      seconds += Number(process.hrtime.bigint() - t0) / 1e9;
      cpu += cpuSeconds() - c0;
      inserted += r.rowCount ?? 0;
    }
    const t0 = process.hrtime.bigint();
    await client.end();
    seconds += Number(process.hrtime.bigint() - t0) / 1e9;
  }
  await fresh.drop();
  if (inserted !== rows) throw new Error(`floor inserted ${inserted} of ${rows}`);
  return { name: `floor ${dialect}`, items: rows, seconds, cpuSeconds: cpu, peakMiB: peakMiB() };
}

async function main(): Promise<void> {
  const worker = arg("worker", "");
  const rows = Number(arg("rows", "1000000"));
  const reimport = process.argv.includes("--reimport");
  const rounds = Number(arg("rounds", "1"));
  if (!Number.isInteger(rounds) || rounds < 1) {
    console.error(`--rounds must be a whole number of at least 1, not "${arg("rounds", "")}"`);
    process.exit(2);
  }
  if (worker !== "") {
    const [kind, dialect] = worker.split(":") as [string, string];
    const m = kind === "ours" ? await ours(dialect, rows, reimport) : await floor(dialect, rows);
    process.stdout.write(`${JSON.stringify(m)}\n`);
    return;
  }
  const dialects = arg("dialects", "sqlite,postgres").split(",");
  const targets: Record<string, number> = { sqlite: 50_000, postgres: 30_000 };
  console.log(
    `bench:ingest — ${fmt(rows)} canonical transactions per run, statements of ${fmt(PER_STATEMENT)} entries, Node ${process.version}`,
  );
  const results: string[][] = [];
  const verdicts: string[] = [];
  for (const d of dialects) {
    // Floor and ours alternate, round by round: a shared host's speed drifts within minutes, and a ratio is only
    // fair between two runs made in the same minutes. The verdict is the median of the rounds' ratios.
    const ratios: number[] = [];
    let best = 0;
    for (let r = 0; r < rounds; r++) {
      // Every other round runs ours first, so that neither always follows the other (PostgreSQL's clean-up of
      // the previous run's tables, the page cache).
      const runFloor = () => inChild(import.meta.url, ["--worker", `floor:${d}`, "--rows", String(rows)]);
      const runOurs = () =>
        inChild(import.meta.url, ["--worker", `ours:${d}`, "--rows", String(rows), ...(reimport ? ["--reimport"] : [])]);
      let f: Measurement;
      let o: Measurement;
      if (r % 2 === 0) {
        f = await runFloor();
        o = await runOurs();
      } else {
        o = await runOurs();
        f = await runFloor();
      }
      const fr = f.items / f.seconds;
      const or = o.items / o.seconds;
      const fc = f.cpuSeconds ?? 0;
      const oc = o.cpuSeconds ?? 0;
      ratios.push(fr / or);
      best = Math.max(best, or);
      const round = rounds > 1 ? ` (round ${r + 1})` : "";
      results.push([`${f.name}${round}`, fmt(f.seconds, 2), fmt(fr), fmt(f.peakMiB), "1.00", fmt(fc, 2), "1.00"]);
      results.push([
        `${o.name}${round}`,
        fmt(o.seconds, 2),
        fmt(or),
        fmt(o.peakMiB),
        fmt(fr / or, 2),
        fmt(oc, 2),
        fc > 0 ? fmt(oc / fc, 2) : "-",
      ]);
      if (o.note !== undefined) console.log(`  ${o.name}: ${o.note}`);
    }
    const ratio = median(ratios);
    const each = rounds > 1 ? ` [median of ${rounds} rounds: ${ratios.map((x) => fmt(x, 2)).join(", ")}]` : "";
    const target = targets[d] ?? 0;
    verdicts.push(
      `${d}: ours ${fmt(best)} tx/s${rounds > 1 ? " (fastest round)" : ""} (target ≥ ${fmt(target)}: ${best >= target ? "met" : "MISSED"}), ${fmt(ratio, 2)}× slower than the raw floor${each} (target ≤ 1.50: ${ratio <= 1.5 ? "met" : "MISSED"})`,
    );
  }
  console.log(table(["run", "seconds", "tx/s", "peak MiB", "floor/ours", "cpu s", "cpu ours/floor"], results));
  // On SQLite all the work is this process's, so the CPU ratio is the one to trust on a busy machine; on
  // PostgreSQL the server's work is not in it.
  console.log("cpu s: this process only (SQLite: all the work; PostgreSQL: the client side only)");
  for (const v of verdicts) console.log(v);
}

await main();
