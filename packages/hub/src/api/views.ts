/**
 * Stored records as the API shows them. Money becomes the canonical `{ amount, currency }` pair of
 * decimal strings (never a float, never a bigint, which JSON cannot carry). The dedupe keys (bank reference
 * key and fingerprint) are the store's bookkeeping and stay inside; the bank's references are in `entry`.
 *
 * @module
 */
import type { z } from "@hono/zod-openapi";
import { formatMoney } from "../core/index.js";
import type { DocumentImportReport } from "../engine/import-document.js";
import type { IngestRun, StoredAccount, StoredBalance, StoredTransaction } from "../store/store.js";
import type { AccountSchema, BalanceSchema, ImportReportSchema, IngestRunSchema, TransactionSchema } from "./schemas.js";

type Out<S extends z.ZodType> = z.output<S>;

/** An account on the wire. */
export function accountView(a: StoredAccount): Out<typeof AccountSchema> {
  return {
    id: a.id,
    number: a.number,
    scheme: a.scheme,
    currency: a.currency,
    ...(a.bank === undefined ? {} : { bank: { ...a.bank } }),
    ...(a.holderName === undefined ? {} : { holderName: a.holderName }),
    ...(a.name === undefined ? {} : { name: a.name }),
    createdAt: a.createdAt,
  };
}

/** A balance observation on the wire: `{ type, amount, currency, date, … }` as in the canonical form. */
export function balanceView(b: StoredBalance): Out<typeof BalanceSchema> {
  return {
    type: b.type,
    amount: formatMoney(b.amount),
    currency: b.amount.currency,
    date: b.date,
    ...(b.dateTime === undefined ? {} : { dateTime: b.dateTime }),
    ...(b.documentId === undefined ? {} : { documentId: b.documentId }),
    recordedAt: b.recordedAt,
  };
}

/** A transaction on the wire: the hub's bookkeeping plus the canonical entry it stores. */
export function transactionView(t: StoredTransaction): Out<typeof TransactionSchema> {
  return {
    id: t.id,
    accountId: t.accountId,
    amount: formatMoney(t.amount),
    currency: t.amount.currency,
    status: t.status,
    ...(t.bookingDate === undefined ? {} : { bookingDate: t.bookingDate }),
    ...(t.valueDate === undefined ? {} : { valueDate: t.valueDate }),
    ...(t.documentId === undefined ? {} : { documentId: t.documentId }),
    ...(t.ingestRunId === undefined ? {} : { ingestRunId: t.ingestRunId }),
    createdAt: t.createdAt,
    updatedAt: t.updatedAt,
    entry: typeof t.entry === "object" && t.entry !== null && !Array.isArray(t.entry) ? t.entry : {},
  };
}

/** An ingest run on the wire. */
export function ingestRunView(r: IngestRun): Out<typeof IngestRunSchema> {
  return {
    id: r.id,
    ...(r.documentId === undefined ? {} : { documentId: r.documentId }),
    source: r.source,
    ...(r.format === undefined ? {} : { format: r.format }),
    status: r.status,
    startedAt: r.startedAt,
    ...(r.finishedAt === undefined ? {} : { finishedAt: r.finishedAt }),
    added: r.added,
    updated: r.updated,
    unchanged: r.unchanged,
    issues: r.issues.map((i) => ({ ...i })),
  };
}

/** The report of an upload on the wire. */
export function importReportView(r: DocumentImportReport): Out<typeof ImportReportSchema> {
  return {
    runId: r.runId,
    documentId: r.documentId,
    format: r.format ?? null,
    status: r.status,
    added: r.added,
    updated: r.updated,
    unchanged: r.unchanged,
    balances: { ...r.balances },
    accounts: [...r.accounts],
    issues: r.issues.map((i) => ({ ...i })),
  };
}
