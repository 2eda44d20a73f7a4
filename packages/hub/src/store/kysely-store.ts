/**
 * The one {@link Store} implementation: Kysely queries shared by both dialects, plus the dialect's
 * bulk writer for ingest.
 *
 * @module
 */
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { Migrator, sql } from "kysely";
import {
  type AccountId,
  type BalanceType,
  type Bic,
  type CnBankCode,
  type CurrencyCode,
  type DocumentId,
  type EntryStatus,
  HubError,
  type IngestRunId,
  type IsoDate,
  type Issue,
  type Json,
  parseMoney,
  type TenantId,
  type TransactionId,
} from "../core/index.js";
import { runIngest } from "./ingest.js";
import { migrations } from "./migrations/index.js";
import type {
  ApiKey,
  IngestRun,
  IngestStatus,
  Role,
  Store,
  StoredAccount,
  StoredBalance,
  StoredBank,
  StoredTransaction,
  Tenant,
} from "./store.js";
import type { StoreDialect } from "./store-dialect.js";

/** Options of {@link createStore}. */
export interface StoreOptions {
  /** Clock for every timestamp the store writes. @default () => new Date() */
  readonly now?: () => Date;
}

const MAX_PAGE = 1000;

function omitNull<T extends Record<string, unknown>>(o: T): { [K in keyof T]: Exclude<T[K], null> } {
  for (const k of Object.keys(o)) if (o[k] === null || o[k] === undefined) delete o[k];
  return o as { [K in keyof T]: Exclude<T[K], null> };
}

function encodeCursor(sortDate: string, id: string): string {
  return Buffer.from(JSON.stringify([sortDate, id])).toString("base64url");
}

function decodeCursor(cursor: string): [string, string] {
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === "string" && typeof v[1] === "string" && /^\d+$/.test(v[1]))
      return [v[0], v[1]];
  } catch {}
  throw new HubError("REQUEST_INVALID", "cursor is not one this server issued", { details: { cursor: cursor.slice(0, 80) } });
}

/** True for an id this store could have issued (a positive 64-bit integer in decimal). */
function isRowId(id: string): boolean {
  return /^[1-9]\d{0,17}$/.test(id);
}

function hashSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

/** Wraps driver errors as `STORE_UNAVAILABLE` (retryable) unless they already are hub errors. */
function storeError(e: unknown): HubError {
  if (e instanceof HubError) return e;
  const message = e instanceof Error ? e.message : String(e);
  return new HubError("STORE_UNAVAILABLE", `database error: ${message}`, { cause: e });
}

/** A Store over a dialect. Call {@link Store.migrateToLatest} before anything else. */
export function createStore(dialect: StoreDialect, options: StoreOptions = {}): Store {
  const { db } = dialect;
  const now = options.now ?? (() => new Date());
  const iso = () => now().toISOString();

  const toAccount = (r: {
    id: string | number;
    tenant_id: string;
    number: string;
    scheme: string;
    currency: string;
    holder_name: string | null;
    name: string | null;
    created_at: string;
    bank_id: string | null;
    bic: string | null;
    cn_bank_code: string | null;
    bank_name: string | null;
    country: string | null;
  }): StoredAccount => {
    const bank: StoredBank | undefined =
      r.bank_id === null
        ? undefined
        : omitNull({
            id: r.bank_id,
            bic: r.bic as Bic | null,
            cnBankCode: r.cn_bank_code as CnBankCode | null,
            name: r.bank_name,
            country: r.country,
          });
    return omitNull({
      id: String(r.id) as AccountId,
      tenantId: r.tenant_id as TenantId,
      number: r.number,
      scheme: r.scheme as StoredAccount["scheme"],
      currency: r.currency as CurrencyCode,
      bank: bank ?? null,
      holderName: r.holder_name,
      name: r.name,
      createdAt: r.created_at,
    });
  };

  const accountQuery = () =>
    db
      .selectFrom("accounts as a")
      .leftJoin("banks as b", "b.id", "a.bank_id")
      .select([
        "a.id",
        "a.tenant_id",
        "a.number",
        "a.scheme",
        "a.currency",
        "a.holder_name",
        "a.name",
        "a.created_at",
        "a.bank_id",
        "b.bic",
        "b.cn_bank_code",
        "b.name as bank_name",
        "b.country",
      ]);

  type TxRowOut = {
    id: string | number | bigint;
    tenant_id: string;
    account_id: string | number;
    amount: string;
    currency: string;
    status: string;
    booking_date: string | null;
    value_date: string | null;
    bank_ref: string | null;
    fingerprint: string;
    entry_json: string;
    document_id: string | null;
    ingest_run_id: string | null;
    created_at: string;
    updated_at: string;
    sort_date: string;
  };
  const toTransaction = (r: TxRowOut): StoredTransaction =>
    omitNull({
      id: String(r.id) as TransactionId,
      tenantId: r.tenant_id as TenantId,
      accountId: String(r.account_id) as AccountId,
      amount: parseMoney(r.amount, r.currency),
      status: r.status as EntryStatus,
      bookingDate: r.booking_date as IsoDate | null,
      valueDate: r.value_date as IsoDate | null,
      bankRef: r.bank_ref,
      fingerprint: r.fingerprint,
      entry: JSON.parse(r.entry_json) as Json,
      documentId: r.document_id as DocumentId | null,
      ingestRunId: r.ingest_run_id as IngestRunId | null,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    });
  const txColumns = [
    "id",
    "tenant_id",
    "account_id",
    "amount",
    "currency",
    "status",
    "booking_date",
    "value_date",
    "bank_ref",
    "fingerprint",
    "entry_json",
    "document_id",
    "ingest_run_id",
    "created_at",
    "updated_at",
    "sort_date",
  ] as const;

  const toRun = (r: {
    id: string;
    tenant_id: string;
    document_id: string | null;
    source: string;
    format: string | null;
    status: string;
    started_at: string;
    finished_at: string | null;
    added: number;
    updated: number;
    unchanged: number;
    issues_json: string;
  }): IngestRun =>
    omitNull({
      id: r.id as IngestRunId,
      tenantId: r.tenant_id as TenantId,
      documentId: r.document_id as DocumentId | null,
      source: r.source,
      format: r.format,
      status: r.status as IngestStatus,
      startedAt: r.started_at,
      finishedAt: r.finished_at,
      added: Number(r.added),
      updated: Number(r.updated),
      unchanged: Number(r.unchanged),
      issues: JSON.parse(r.issues_json) as Issue[],
    });

  const toKey = (r: {
    id: string;
    tenant_id: string;
    name: string;
    role: string;
    created_at: string;
    last_used_at: string | null;
    revoked_at: string | null;
  }): ApiKey =>
    omitNull({
      id: r.id,
      tenantId: r.tenant_id as TenantId,
      name: r.name,
      role: r.role as Role,
      createdAt: r.created_at,
      lastUsedAt: r.last_used_at,
      revokedAt: r.revoked_at,
    });

  const guard = async <T>(fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (e) {
      throw storeError(e);
    }
  };

  return {
    dialect: dialect.name,

    tenants: {
      ensure: (id, name) =>
        guard(async () => {
          await db
            .insertInto("tenants")
            .values({ id, name: name ?? id, created_at: iso() })
            .onConflict((oc) => oc.column("id").doNothing())
            .execute();
          const r = await db.selectFrom("tenants").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
          return { id: r.id as TenantId, name: r.name, createdAt: r.created_at };
        }),
      get: (id) =>
        guard(async () => {
          const r = await db.selectFrom("tenants").selectAll().where("id", "=", id).executeTakeFirst();
          return r === undefined ? undefined : ({ id: r.id as TenantId, name: r.name, createdAt: r.created_at } satisfies Tenant);
        }),
      list: () =>
        guard(async () => {
          const rows = await db.selectFrom("tenants").selectAll().orderBy("id").execute();
          return rows.map((r) => ({ id: r.id as TenantId, name: r.name, createdAt: r.created_at }));
        }),
    },

    documents: {
      save: ({ tenantId, content, mediaType, filename }) =>
        guard(async () => {
          const id = createHash("sha256").update(content).digest("hex") as DocumentId;
          const result = await db
            .insertInto("raw_documents")
            .values({
              tenant_id: tenantId,
              id,
              size: content.byteLength,
              media_type: mediaType ?? null,
              filename: filename ?? null,
              content: Buffer.from(content.buffer, content.byteOffset, content.byteLength),
              received_at: iso(),
            })
            .onConflict((oc) => oc.columns(["tenant_id", "id"]).doNothing())
            .executeTakeFirst();
          return { id, created: Number(result.numInsertedOrUpdatedRows ?? 0n) > 0 };
        }),
      get: (tenantId, id) =>
        guard(async () => {
          const r = await db
            .selectFrom("raw_documents")
            .selectAll()
            .where("tenant_id", "=", tenantId)
            .where("id", "=", id)
            .executeTakeFirst();
          if (r === undefined) return undefined;
          return omitNull({
            id: r.id as DocumentId,
            tenantId: r.tenant_id as TenantId,
            size: Number(r.size),
            mediaType: r.media_type,
            filename: r.filename,
            receivedAt: r.received_at,
            content: new Uint8Array(r.content),
          });
        }),
    },

    accounts: {
      list: (tenantId) =>
        guard(async () =>
          (await accountQuery().where("a.tenant_id", "=", tenantId).orderBy("a.number").orderBy("a.currency").execute()).map(toAccount),
        ),
      get: (tenantId, id) =>
        guard(async () => {
          if (!isRowId(id)) return undefined;
          const r = await accountQuery().where("a.tenant_id", "=", tenantId).where("a.id", "=", id).executeTakeFirst();
          return r === undefined ? undefined : toAccount(r);
        }),
      findByNumber: (tenantId, number, currency) =>
        guard(async () => {
          let q = accountQuery().where("a.tenant_id", "=", tenantId).where("a.number", "=", number);
          if (currency !== undefined) q = q.where("a.currency", "=", currency);
          const r = await q.orderBy("a.currency").executeTakeFirst();
          return r === undefined ? undefined : toAccount(r);
        }),
    },

    balances: {
      history: (tenantId, accountId, opts = {}) =>
        guard(async () => {
          if (!isRowId(accountId)) return [];
          let q = db
            .selectFrom("balances as b")
            .innerJoin("accounts as a", "a.id", "b.account_id")
            .select(["b.account_id", "b.type", "b.amount", "b.currency", "b.date", "b.date_time", "b.document_id", "b.recorded_at"])
            .where("a.tenant_id", "=", tenantId)
            .where("b.account_id", "=", accountId);
          if (opts.types !== undefined && opts.types.length > 0) q = q.where("b.type", "in", [...opts.types]);
          if (opts.from !== undefined) q = q.where("b.date", ">=", opts.from);
          if (opts.to !== undefined) q = q.where("b.date", "<=", opts.to);
          const rows = await q
            .orderBy("b.date", "desc")
            .orderBy("b.date_time", "desc")
            .orderBy("b.type")
            .limit(Math.min(opts.limit ?? MAX_PAGE, MAX_PAGE))
            .execute();
          return rows.map(
            (r): StoredBalance =>
              omitNull({
                accountId: String(r.account_id) as AccountId,
                type: r.type as BalanceType,
                amount: parseMoney(r.amount, r.currency),
                date: r.date as IsoDate,
                dateTime: r.date_time === "" ? null : r.date_time,
                documentId: r.document_id as DocumentId | null,
                recordedAt: r.recorded_at,
              }),
          );
        }),
    },

    transactions: {
      list: (query) =>
        guard(async () => {
          const limit = Math.max(1, Math.min(query.limit ?? 100, MAX_PAGE));
          let q = db.selectFrom("transactions").select(txColumns).where("tenant_id", "=", query.tenantId);
          if (query.accountId !== undefined) {
            if (!isRowId(query.accountId)) return { items: [] };
            q = q.where("account_id", "=", query.accountId);
          }
          if (query.from !== undefined) q = q.where("sort_date", ">=", query.from);
          if (query.to !== undefined) q = q.where("sort_date", "<=", query.to);
          if (query.status !== undefined) q = q.where("status", "=", query.status);
          if (query.cursor !== undefined) {
            const [d, id] = decodeCursor(query.cursor);
            q = q.where((eb) => eb.or([eb("sort_date", "<", d), eb.and([eb("sort_date", "=", d), eb("id", "<", id)])]));
          }
          const rows = await q
            .orderBy("sort_date", "desc")
            .orderBy("id", "desc")
            .limit(limit + 1)
            .execute();
          const items = rows.slice(0, limit).map(toTransaction);
          const last = rows[limit - 1];
          return rows.length > limit && last !== undefined
            ? { items, nextCursor: encodeCursor(last.sort_date, String(last.id)) }
            : { items };
        }),
      get: (tenantId, id) =>
        guard(async () => {
          if (!isRowId(id)) return undefined;
          const r = await db
            .selectFrom("transactions")
            .select(txColumns)
            .where("tenant_id", "=", tenantId)
            .where("id", "=", id)
            .executeTakeFirst();
          return r === undefined ? undefined : toTransaction(r);
        }),
      count: (tenantId, accountId) =>
        guard(async () => {
          let q = db
            .selectFrom("transactions")
            .select((eb) => eb.fn.countAll().as("n"))
            .where("tenant_id", "=", tenantId);
          if (accountId !== undefined) {
            if (!isRowId(accountId)) return 0;
            q = q.where("account_id", "=", accountId);
          }
          const r = await q.executeTakeFirstOrThrow();
          return Number(r.n);
        }),
    },

    ingestRuns: {
      list: (tenantId, opts = {}) =>
        guard(async () => {
          const rows = await db
            .selectFrom("ingest_runs")
            .selectAll()
            .where("tenant_id", "=", tenantId)
            .orderBy("started_at", "desc")
            .orderBy("id")
            .limit(Math.min(opts.limit ?? 100, MAX_PAGE))
            .execute();
          return rows.map(toRun);
        }),
      get: (tenantId, id) =>
        guard(async () => {
          const r = await db
            .selectFrom("ingest_runs")
            .selectAll()
            .where("tenant_id", "=", tenantId)
            .where("id", "=", id)
            .executeTakeFirst();
          return r === undefined ? undefined : toRun(r);
        }),
    },

    apiKeys: {
      create: ({ tenantId, name, role }) =>
        guard(async () => {
          // 256 random bits; the prefix lets secret scanners (and people) recognise a leaked key.
          const secret = `bbk_${randomBytes(32).toString("base64url")}`;
          const row = {
            id: `key_${randomUUID()}`,
            tenant_id: tenantId,
            name,
            role,
            key_hash: hashSecret(secret),
            created_at: iso(),
            last_used_at: null,
            revoked_at: null,
          };
          await db.insertInto("api_keys").values(row).execute();
          return { key: toKey(row), secret };
        }),
      verify: (secret) =>
        guard(async () => {
          if (!secret.startsWith("bbk_") || secret.length > 200) return undefined;
          const r = await db
            .selectFrom("api_keys")
            .selectAll()
            .where("key_hash", "=", hashSecret(secret))
            .where("revoked_at", "is", null)
            .executeTakeFirst();
          if (r === undefined) return undefined;
          const t = now();
          // One write per key per minute at most: verification is on every request.
          if (r.last_used_at === null || t.getTime() - Date.parse(r.last_used_at) > 60_000) {
            await db.updateTable("api_keys").set({ last_used_at: t.toISOString() }).where("id", "=", r.id).execute();
            r.last_used_at = t.toISOString();
          }
          return toKey(r);
        }),
      list: (tenantId) =>
        guard(async () =>
          (await db.selectFrom("api_keys").selectAll().where("tenant_id", "=", tenantId).orderBy("created_at").execute()).map(toKey),
        ),
      revoke: (tenantId, id) =>
        guard(async () => {
          const r = await db
            .updateTable("api_keys")
            .set({ revoked_at: iso() })
            .where("tenant_id", "=", tenantId)
            .where("id", "=", id)
            .where("revoked_at", "is", null)
            .executeTakeFirst();
          return Number(r.numUpdatedRows) > 0;
        }),
    },

    async ingest(input) {
      try {
        return await runIngest({ dialect, now }, input);
      } catch (e) {
        throw storeError(e);
      }
    },

    async migrateToLatest() {
      const migrator = new Migrator({
        db,
        provider: { getMigrations: async () => migrations(dialect.name) },
        ...(dialect.migrationTableSchema === undefined ? {} : { migrationTableSchema: dialect.migrationTableSchema }),
      });
      const known = Object.keys(migrations(dialect.name));
      const { error, results = [] } = await migrator.migrateToLatest();
      if (error !== undefined) {
        const message = error instanceof Error ? error.message : String(error);
        if (/corrupted migrations|previously executed migration .* is missing/i.test(message)) {
          throw new HubError("STORE_SCHEMA_TOO_NEW", `the database has migrations this version does not know: ${message}`, {
            cause: error,
          });
        }
        const failed = results.find((r) => r.status === "Error");
        throw new HubError("STORE_MIGRATION_FAILED", `migration ${failed?.migrationName ?? "?"} failed: ${message}`, {
          cause: error,
          details: { migration: failed?.migrationName },
        });
      }
      const applied = results.filter((r) => r.status === "Success").map((r) => r.migrationName);
      return { applied, current: known[known.length - 1] };
    },

    async ping() {
      try {
        await sql`SELECT 1`.execute(db);
      } catch (e) {
        throw storeError(e);
      }
    },

    async idle() {
      await dialect.idle?.();
    },

    async destroy() {
      await dialect.destroy();
    },
  };
}
