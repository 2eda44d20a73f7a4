/**
 * The statements and rows `bench:ingest` stores, ours through the store and the floor through its bare loop: one
 * generator, one row builder (the store's own), so both store the same rows.
 */
import { type AccountId, type CurrencyCode, formatMoney, type IngestRunId, type Statement, type TenantId } from "@bankbridge/hub/core";
import { createFingerprinter, createRowBuilder, ROW_COLUMNS } from "@bankbridge/hub/store";
import { generateStatements } from "@bankbridge/hub/testing";

/** A stored row as the store's row builder makes it (positional, in `ROW_COLUMNS` order). */
export type BenchRow = ReturnType<ReturnType<typeof createRowBuilder>>;

export const BENCH_TENANT = "bench" as TenantId;
export const PER_STATEMENT = 10_000;

/** The bare insert of a row into SQLite, as the floor runs it. */
export const SQLITE_INSERT = `INSERT INTO transactions (${ROW_COLUMNS.join(", ")}) VALUES (${ROW_COLUMNS.map(() => "?").join(", ")}) ON CONFLICT DO NOTHING`;

/**
 * Flattens every string in `value` (in place, as V8 does when a string is first read). The generator builds its
 * text with template literals, which V8 keeps as ropes until something reads them; statements from a parser hold
 * flat strings (slices of the decoded document). Without this, whichever timed part first reads an entry's
 * strings pays for flattening them and for promoting the flat copies: the floor's rows are built before its clock
 * starts, so only ours paid.
 */
function flatten(value: unknown): void {
  if (typeof value === "string") {
    value.charCodeAt(0);
    return;
  }
  if (typeof value !== "object" || value === null) return;
  for (const v of Object.values(value)) flatten(v);
}

/** The statements every measurement uses, flattened: same seed, so every run stores the same rows. */
export function* benchStatements(rows: number): Generator<Statement> {
  for (const s of generateStatements({ seed: 2024, statements: Math.ceil(rows / PER_STATEMENT), entriesPerStatement: PER_STATEMENT })) {
    flatten(s);
    yield s;
  }
}

/**
 * The rows the store stores for `s`, built by its own row builder as they are asked for: same columns, same values,
 * same widths. The run id is a fixed one of the same length.
 */
export function* benchRows(s: Statement, accountId: string, now: string): Generator<BenchRow> {
  const rowOf = createRowBuilder({
    tenantId: BENCH_TENANT,
    accountId: accountId as AccountId,
    currency: s.account.currency as CurrencyCode,
    runId: "00000000-0000-4000-8000-000000000000" as IngestRunId,
    now,
  });
  const fingerprint = createFingerprinter();
  for (const e of s.entries) {
    const amount = formatMoney(e.amount);
    yield rowOf(e, fingerprint(e, amount), amount);
  }
}
