/**
 * The PostgreSQL dialect's own promises, beyond the store contract suite: the order of an account's chunks when the
 * connections they are written on reach the server in another order. Runs on the local server (`DATABASE_URL`);
 * skipped with a message when it cannot be reached, unless `BANKBRIDGE_REQUIRE_POSTGRES=1`.
 */
import { sql } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CurrencyCode, type Entry, type IsoDate, parseMoney, type Statement, type TenantId } from "../../core/index.js";
import { createStore } from "../kysely-store.js";
import type { Store } from "../store.js";
import { DATABASE_URL, dialects } from "../test-support/dialects.js";
import { createPostgresDialect, type PgPool, type PgPoolClient } from "./postgres.js";

const postgres = (await dialects()).find((d) => d.name === "postgres");
const unavailable = postgres === undefined ? "not selected (STORE_DIALECTS)" : postgres.unavailable;
if (unavailable !== undefined) console.warn(`PostgreSQL dialect tests SKIPPED: ${unavailable}`);

const T = "acme" as TenantId;
const LOCK = /pg_advisory_xact_lock/;

/**
 * A real pool whose advisory-lock requests, while `armed`, each wait before going to the server, every one less
 * than the one before (the first 600 ms, then 450, …): two requests in flight at once reach the server in the
 * opposite order to the one they were made in, as when the first waits for a new connection and the second gets
 * a pooled one.
 */
function slowLockPool(pool: pg.Pool): PgPool & { armed: boolean } {
  let made = 0;
  const wrapper = {
    armed: false,
    async connect(): Promise<PgPoolClient> {
      const client = await pool.connect();
      const query = client.query.bind(client) as (...a: unknown[]) => unknown;
      return Object.assign(Object.create(client) as PgPoolClient, {
        query(...args: unknown[]) {
          if (wrapper.armed && typeof args[0] === "string" && LOCK.test(args[0])) {
            const wait = Math.max(0, 600 - 150 * made++);
            return new Promise((resolve) => setTimeout(resolve, wait)).then(() => query(...args));
          }
          return query(...args);
        },
        release: (e?: Error | boolean) => client.release(e),
      });
    },
    end: () => pool.end(),
  };
  return wrapper;
}

/**
 * A real pool whose n-th connection (from 0) behaves as `script[n]` says: its advisory-lock request waits `lockDelay`
 * ms before going to the server, or its BEGIN fails as on a connection the server has closed.
 */
function scriptedPool(pool: pg.Pool, script: readonly { lockDelay?: number; failBegin?: boolean }[]): PgPool {
  let made = 0;
  return {
    async connect(): Promise<PgPoolClient> {
      const step = script[made++] ?? {};
      const client = await pool.connect();
      const query = client.query.bind(client) as (...a: unknown[]) => Promise<unknown>;
      return Object.assign(Object.create(client) as PgPoolClient, {
        query(...args: unknown[]) {
          if (typeof args[0] === "string" && args[0] === "BEGIN" && step.failBegin === true) {
            return Promise.reject(new Error("Connection terminated unexpectedly"));
          }
          if (typeof args[0] === "string" && LOCK.test(args[0]) && step.lockDelay !== undefined) {
            return new Promise((resolve) => setTimeout(resolve, step.lockDelay)).then(() => query(...args));
          }
          return query(...args);
        },
        release: (e?: Error | boolean) => client.release(e),
      });
    },
    end: () => pool.end(),
  };
}

function entries(n: number): Entry[] {
  return Array.from({ length: n }, (_, i) => ({
    amount: parseMoney(`${i + 1}.00`, "EUR"),
    status: "booked",
    reversal: false,
    bookingDate: "2024-03-01" as IsoDate,
    valueDate: "2024-03-01" as IsoDate,
    details: [],
    references: { bankReference: `B${i}` },
  }));
}

function statement(account: string, list: Entry[]): Statement {
  return { kind: "statement", account: { id: account, scheme: "other", currency: "EUR" as CurrencyCode }, balances: [], entries: list };
}

describe.skipIf(unavailable !== undefined)("PostgreSQL dialect", () => {
  const schema = `bb_pgdialect_${process.pid}_${Date.now().toString(36)}`;
  let pool: pg.Pool;
  let slow: ReturnType<typeof slowLockPool>;
  let store: Store;

  beforeAll(async () => {
    pool = new pg.Pool({ connectionString: DATABASE_URL, max: 10, options: `-c search_path=${schema}` });
    pool.on("error", () => {});
    await pool.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    slow = slowLockPool(pool);
    store = createStore(createPostgresDialect({ pool: slow, schema }));
    await store.migrateToLatest();
    await store.tenants.ensure(T, "Acme");
  });
  afterAll(async () => {
    await store?.destroy();
    const c = new pg.Client({ connectionString: DATABASE_URL });
    await c.connect();
    await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await c.end();
  });

  it("stores an account's chunks in the order they were handed over when their lock requests arrive reversed", async () => {
    // Three chunks of 10,000: each is handed over before the one before it is stored, so two lock requests of the
    // account are in flight at once. Rows get ids in the order they are stored.
    await store.ingest({ tenantId: T, statements: [statement("ORDER-1", entries(1))], source: "a" });
    slow.armed = true;
    const list = entries(25_000);
    const report = await store.ingest({ tenantId: T, statements: [statement("ORDER-1", list)], source: "a" });
    slow.armed = false;
    expect(report.added).toBe(24_999);
    const rows = (
      await pool.query(
        "SELECT bank_ref FROM transactions t JOIN accounts a ON a.id = t.account_id WHERE a.number = 'ORDER-1' ORDER BY t.id",
      )
    ).rows as { bank_ref: string }[];
    const order = rows.map((r) => Number(r.bank_ref.slice("C:B".length)));
    expect(order).toEqual(list.map((_, i) => i));
  }, 60_000);

  it("keeps the order of a key's lock requests when one between them fails before asking for the lock", async () => {
    // A's lock request is slow to reach the server; B's BEGIN fails on a dead connection; C must still come after A.
    const dialect = createPostgresDialect({ pool: scriptedPool(pool, [{ lockDelay: 300 }, { failBegin: true }, {}]), schema });
    const order: string[] = [];
    const a = dialect.writeTransaction("order-key", async () => {
      order.push("A");
    });
    const b = dialect.writeTransaction("order-key", async () => {
      order.push("B");
    });
    const c = dialect.writeTransaction("order-key", async () => {
      order.push("C");
    });
    const settled = await Promise.allSettled([a, b, c]);
    expect(settled.map((s) => s.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect(order).toEqual(["A", "C"]);
  });

  it("does not leave a lock request idle in a transaction while the ones before it wait", async () => {
    // Servers often end sessions idle in a transaction for long (idle_in_transaction_session_timeout). The third
    // request for a key waits while the first holds the lock for a second and the second waits for it on the server.
    const strict = new pg.Pool({
      connectionString: DATABASE_URL,
      max: 10,
      options: `-c search_path=${schema} -c idle_in_transaction_session_timeout=300`,
    });
    strict.on("error", () => {});
    const dialect = createPostgresDialect({ pool: strict, schema });
    try {
      const order: string[] = [];
      const held = dialect.writeTransaction("idle-key", async (trx) => {
        order.push("Z");
        await sql`SELECT pg_sleep(1)`.execute(trx);
      });
      const second = dialect.writeTransaction("idle-key", async () => {
        order.push("A");
      });
      const third = dialect.writeTransaction("idle-key", async () => {
        order.push("B");
      });
      await Promise.all([held, second, third]);
      expect(order).toEqual(["Z", "A", "B"]);
    } finally {
      await dialect.destroy();
    }
  }, 20_000);
  it("fails the transaction, and does not end the process, when the server ends its session between two queries", async () => {
    // pg emits 'error' on a connection the server closes while no query runs on it; with no listener, Node throws it
    // as an uncaught exception, which ends the hub. It must fail the one transaction instead.
    const own = new pg.Pool({ connectionString: DATABASE_URL, max: 10, options: `-c search_path=${schema}` });
    own.on("error", () => {});
    const dialect = createPostgresDialect({ pool: own, schema });
    const killer = new pg.Client({ connectionString: DATABASE_URL });
    await killer.connect();
    try {
      const write = dialect.writeTransaction("killed-key", async (trx) => {
        const pid = (await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.execute(trx)).rows[0]?.pid;
        await killer.query("SELECT pg_terminate_backend($1)", [pid]);
        // Between queries: the connection's end arrives now, as an 'error' event.
        await new Promise((resolve) => setTimeout(resolve, 300));
      });
      await expect(write).rejects.toThrow();
      // The pool still serves the key.
      await expect(dialect.writeTransaction("killed-key", async () => "again")).resolves.toBe("again");
    } finally {
      await killer.end();
      await dialect.destroy();
    }
  }, 20_000);
});
