import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type CurrencyCode, type Entry, type IsoDate, parseMoney, type Statement, type TenantId } from "../core/index.js";
import { configureSqlite, createSqliteDialect, type SqliteDatabase } from "./dialects/sqlite.js";
import { createStore } from "./kysely-store.js";
import type { StoreDialect } from "./store-dialect.js";

const T = "acme" as TenantId;

/** `n` lines of the same facts (no bank id), told apart only by a text the fingerprint leaves out. */
function lines(n: number, text: string): Entry[] {
  return Array.from({ length: n }, () => ({
    amount: parseMoney("-3.50", "EUR"),
    status: "booked" as const,
    reversal: false,
    bookingDate: "2024-03-01" as IsoDate,
    valueDate: "2024-03-01" as IsoDate,
    description: text,
    details: [],
  }));
}

function statement(entries: Entry[]): Statement {
  return {
    kind: "statement",
    account: { id: "DE89370400440532013000", scheme: "iban", currency: "EUR" as CurrencyCode },
    balances: [],
    entries,
  };
}

let dir: string;
let database: SqliteDatabase;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "bankbridge-ingest-"));
  database = new Database(join(dir, "test.db")) as unknown as SqliteDatabase;
  configureSqlite(database);
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("ingest", () => {
  it("numbers identical lines across chunks in entry order, also when a chunk fails before its rows were built", async () => {
    const real = createSqliteDialect(database);
    // Chunks of 100; the first one fails before it asks for a row (as a BEGIN that times out does), while the second,
    // already handed over, is stored.
    let calls = 0;
    const failing: StoreDialect = {
      ...real,
      chunkSize: 100,
      writeEntries: (...args) => (++calls === 1 ? Promise.reject(new Error("database is locked")) : real.writeEntries(...args)),
    };
    const store = createStore(failing);
    await store.migrateToLatest();
    await store.tenants.ensure(T);
    // 250 lines of the same facts: the first 100 say "first", the next 100 "second", the last 50 "third".
    const s = statement([...lines(100, "first"), ...lines(100, "second"), ...lines(50, "third")]);
    await expect(store.ingest({ tenantId: T, statements: [s], source: "test" })).rejects.toMatchObject({ code: "STORE_UNAVAILABLE" });
    expect(await store.transactions.count(T)).toBe(100);

    // The second chunk went in as lines 101–200 (occurrences 100–199): importing the statement again adds the
    // first and third chunks and finds the second unchanged. Numbered from 0 it would have been taken for lines
    // 1–100, and their text overwritten.
    const again = createStore({ ...real, chunkSize: 100 });
    const report = await again.ingest({ tenantId: T, statements: [s], source: "test" });
    expect({ added: report.added, updated: report.updated, unchanged: report.unchanged }).toEqual({
      added: 150,
      updated: 0,
      unchanged: 100,
    });
    const texts = database
      .prepare("SELECT description, count(*) AS n FROM transactions GROUP BY description ORDER BY description")
      .all([]) as { description: string; n: number }[];
    expect(texts).toEqual([
      { description: "first", n: 100 },
      { description: "second", n: 100 },
      { description: "third", n: 50 },
    ]);
    await again.destroy();
  });
});
