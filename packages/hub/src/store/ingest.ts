/**
 * The ingest pipeline: canonical statements in, deduplicated rows stored. Dialect-independent; the bulk
 * statements come from the dialect's {@link ChunkWriter}.
 *
 * @module
 */
import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import {
  type AccountId,
  type CurrencyCode,
  entryToJson,
  formatMoney,
  type IngestRunId,
  type Issue,
  type Json,
  type Statement,
  type TenantId,
  toMinorUnits,
} from "../core/index.js";
import type { Balance, Entry } from "../core/statement.js";
import { bankRefOf, createOccurrenceCounter, fingerprintBase, occurrenceOf, withOccurrence } from "./fingerprint.js";
import type { Database } from "./schema.js";
import type { IngestInput, IngestReport, IngestStatus } from "./store.js";
import type { ChunkWriter, ExistingTransaction, StoreDialect, TransactionRow, TransactionUpdate } from "./store-dialect.js";

const INT64_MAX = 2n ** 63n - 1n;
const STATUS_RANK: Readonly<Record<string, number>> = { information: 0, pending: 1, booked: 2 };

interface Counts {
  added: number;
  updated: number;
  unchanged: number;
  balancesAdded: number;
  balancesUpdated: number;
  balancesUnchanged: number;
}

/** What the pipeline needs from its surroundings. */
export interface IngestContext {
  readonly dialect: StoreDialect;
  readonly now: () => Date;
}

function stripSource(o: { [k: string]: Json }): { [k: string]: Json } {
  // Where a transaction was seen changes with every document that lists it; what it is does not.
  delete o.source;
  const details = o.details;
  if (Array.isArray(details)) for (const d of details) if (d !== null && typeof d === "object" && !Array.isArray(d)) delete d.source;
  return o;
}

/** The JSON stored for an entry and compared on re-import: the canonical form without its source location. */
export function storedEntryJson(entry: Entry): string {
  return JSON.stringify(stripSource(entryToJson(entry)));
}

function minorColumn(amount: Entry["amount"]): string | null {
  const minor = toMinorUnits(amount);
  return minor === undefined || minor > INT64_MAX || minor < -INT64_MAX ? null : minor.toString();
}

/**
 * Text for a plain column. PostgreSQL text cannot hold U+0000, which a damaged bank file can carry; the
 * entry JSON keeps the exact value (JSON escapes it), the searchable columns get U+FFFD in its place.
 */
function clean(text: string): string;
function clean(text: string | undefined): string | null;
function clean(text: string | undefined): string | null {
  if (text === undefined) return null;
  return text.includes("\u0000") ? text.replaceAll("\u0000", "\uFFFD") : text;
}

function descriptionOf(e: Entry): string | null {
  if (e.description !== undefined) return clean(e.description);
  const u = e.remittance?.unstructured;
  return u === undefined || u.length === 0 ? null : clean(u.join(" "));
}

/** The currency of a statement: the account's, else its balances', else its first entry's. */
function statementCurrency(s: Statement): CurrencyCode | undefined {
  return (
    s.account.currency ??
    s.openingBalance?.amount.currency ??
    s.closingBalance?.amount.currency ??
    s.balances[0]?.amount.currency ??
    s.entries[0]?.amount.currency
  );
}

/**
 * Runs one ingest. Records the run before the first write and finishes it after the last, so a crash
 * leaves a `running` run that says how far it got. Chunks commit one by one: re-running an ingest that
 * failed halfway is safe because every write is idempotent.
 */
export async function runIngest(ctx: IngestContext, input: IngestInput): Promise<IngestReport> {
  const { db } = ctx.dialect;
  const runId = randomUUID() as IngestRunId;
  const startedAt = ctx.now().toISOString();
  await db
    .insertInto("ingest_runs")
    .values({
      id: runId,
      tenant_id: input.tenantId,
      document_id: input.documentId ?? null,
      source: clean(input.source),
      format: clean(input.format),
      status: "running",
      started_at: startedAt,
      added: 0,
      updated: 0,
      unchanged: 0,
      issues_json: "[]",
    })
    .execute();

  const issues: Issue[] = [];
  const counts: Counts = { added: 0, updated: 0, unchanged: 0, balancesAdded: 0, balancesUpdated: 0, balancesUnchanged: 0 };
  const accounts = new Set<AccountId>();
  const accountCache = new Map<string, AccountId>();
  let status: IngestStatus = "succeeded";
  let failure: unknown;
  let statementCount = 0;
  try {
    for await (const statement of input.statements) {
      await ingestStatement(ctx, input, runId, statement, statementCount++, { issues, counts, accounts, accountCache });
    }
  } catch (e) {
    status = "failed";
    failure = e;
  }
  const parseIssues = input.parseIssues ?? [];
  if (status === "succeeded") {
    // A document the parser could not read at all is a failed run, even though nothing went wrong here.
    if (statementCount === 0 && parseIssues.some((i) => i.severity === "error")) status = "failed";
    else if ([...parseIssues, ...issues].some((i) => i.severity === "error")) status = "partial";
  }
  const recorded = [...parseIssues, ...issues];
  await db
    .updateTable("ingest_runs")
    .set({
      status,
      finished_at: ctx.now().toISOString(),
      added: counts.added,
      updated: counts.updated,
      unchanged: counts.unchanged,
      issues_json: JSON.stringify(recorded.slice(0, 1000)),
    })
    .where("id", "=", runId)
    .execute()
    .catch(() => {
      // The database is what failed: the original error below says why; the run stays `running`.
    });
  if (failure !== undefined) throw failure;
  return {
    runId,
    status,
    added: counts.added,
    updated: counts.updated,
    unchanged: counts.unchanged,
    balances: { added: counts.balancesAdded, updated: counts.balancesUpdated, unchanged: counts.balancesUnchanged },
    accounts: [...accounts],
    issues: recorded,
  };
}

interface RunState {
  readonly issues: Issue[];
  readonly counts: Counts;
  readonly accounts: Set<AccountId>;
  readonly accountCache: Map<string, AccountId>;
}

async function ingestStatement(
  ctx: IngestContext,
  input: IngestInput,
  runId: IngestRunId,
  s: Statement,
  index: number,
  state: RunState,
): Promise<void> {
  const path = `/statements/${index}`;
  const number = clean(s.account.id.trim());
  if (number === "") {
    state.issues.push({
      severity: "error",
      code: "INGEST_ACCOUNT_MISSING",
      message: `statement ${index + 1} has no account number; skipped`,
      path,
    });
    return;
  }
  const currency = statementCurrency(s);
  if (currency === undefined) {
    if (s.entries.length > 0 || s.balances.length > 0) {
      state.issues.push({
        severity: "error",
        code: "INGEST_CURRENCY_UNKNOWN",
        message: `statement ${index + 1} (account ${number}) states no currency; skipped`,
        path,
      });
    }
    return;
  }
  const now = ctx.now().toISOString();
  const today = now.slice(0, 10);
  const lockKey = `${input.tenantId}\u001f${number}\u001f${currency}`;
  const nextOccurrence = createOccurrenceCounter();

  const balances: Balance[] = [];
  if (s.openingBalance !== undefined) balances.push(s.openingBalance);
  if (s.closingBalance !== undefined) balances.push(s.closingBalance);
  balances.push(...s.balances);

  // The account and the statement's balances first, in a short transaction of their own, so that every
  // row of the entries can carry the account id from the moment it is built.
  const accountId = await ctx.dialect.writeTransaction(lockKey, async (w) => {
    const id = state.accountCache.get(lockKey) ?? (await ensureAccount(w.db, input.tenantId, s, number, currency, now));
    await writeBalances(w.db, id, balances, currency, input, runId, now, state, path);
    return id;
  });
  state.accountCache.set(lockKey, accountId);
  state.accounts.add(accountId);

  // While one chunk is being written, the next one is built: on PostgreSQL the database works while we
  // compute. One write in flight at most, so chunks still commit in order.
  let inFlight: Promise<void> | undefined;
  const flush = (chunk: TransactionRow[]) => ctx.dialect.writeTransaction(lockKey, (w) => writeChunk(w, accountId, chunk, state));
  let rows: TransactionRow[] = [];

  for (let i = 0; i < s.entries.length; i++) {
    const e = s.entries[i] as Entry;
    if (e.amount.currency !== currency) {
      state.issues.push({
        severity: "error",
        code: "INGEST_CURRENCY_MISMATCH",
        message: `entry ${i + 1} is in ${e.amount.currency} but account ${number} is in ${currency}; skipped`,
        path: `${path}/entries/${i}`,
      });
      continue;
    }
    rows.push({
      tenant_id: input.tenantId,
      account_id: accountId,
      bank_ref: clean(bankRefOf(e)),
      fingerprint: nextOccurrence(fingerprintBase(e)),
      amount: formatMoney(e.amount),
      amount_minor: minorColumn(e.amount),
      currency,
      booking_date: e.bookingDate ?? null,
      value_date: e.valueDate ?? null,
      sort_date: e.bookingDate ?? e.valueDate ?? today,
      status: e.status,
      reversal: e.reversal ? 1 : 0,
      counterparty_name: clean(e.counterparty?.name),
      description: descriptionOf(e),
      document_id: input.documentId ?? null,
      ingest_run_id: runId,
      entry_json: storedEntryJson(e),
      created_at: now,
      updated_at: now,
    });
    if (rows.length >= ctx.dialect.chunkSize) {
      await inFlight;
      inFlight = flush(rows);
      rows = [];
    }
  }
  await inFlight;
  if (rows.length > 0) await flush(rows);
}

async function ensureBank(db: Kysely<Database>, s: Statement, now: string): Promise<string | null> {
  const bank = s.account.bank;
  const key = bank?.bic !== undefined ? `bic:${bank.bic}` : bank?.cnBankCode !== undefined ? `cn:${bank.cnBankCode}` : undefined;
  if (bank === undefined || key === undefined) return null;
  await db
    .insertInto("banks")
    .values({
      id: randomUUID(),
      bank_key: key,
      bic: bank.bic ?? null,
      cn_bank_code: bank.cnBankCode ?? null,
      name: clean(bank.name),
      country: clean(bank.country),
      created_at: now,
    })
    .onConflict((oc) => oc.column("bank_key").doNothing())
    .execute();
  const row = await db.selectFrom("banks").select("id").where("bank_key", "=", key).executeTakeFirstOrThrow();
  return row.id;
}

async function ensureAccount(
  db: Kysely<Database>,
  tenantId: TenantId,
  s: Statement,
  number: string,
  currency: CurrencyCode,
  now: string,
): Promise<AccountId> {
  const existing = await db
    .selectFrom("accounts")
    .select(["id", "bank_id", "holder_name"])
    .where("tenant_id", "=", tenantId)
    .where("number", "=", number)
    .where("currency", "=", currency)
    .executeTakeFirst();
  const bankId = await ensureBank(db, s, now);
  if (existing !== undefined) {
    // Later statements may name the bank or holder that earlier ones left out.
    if ((existing.bank_id === null && bankId !== null) || (existing.holder_name === null && s.account.holderName !== undefined)) {
      await db
        .updateTable("accounts")
        .set({ bank_id: existing.bank_id ?? bankId, holder_name: existing.holder_name ?? clean(s.account.holderName) })
        .where("id", "=", existing.id)
        .execute();
    }
    return String(existing.id) as AccountId;
  }
  await db
    .insertInto("accounts")
    .values({
      tenant_id: tenantId,
      number,
      scheme: s.account.scheme,
      currency,
      bank_id: bankId,
      holder_name: clean(s.account.holderName),
      name: clean(s.account.name),
      created_at: now,
    })
    .onConflict((oc) => oc.columns(["tenant_id", "number", "currency"]).doNothing())
    .execute();
  const row = await db
    .selectFrom("accounts")
    .select("id")
    .where("tenant_id", "=", tenantId)
    .where("number", "=", number)
    .where("currency", "=", currency)
    .executeTakeFirstOrThrow();
  return String(row.id) as AccountId;
}

async function writeBalances(
  db: Kysely<Database>,
  accountId: AccountId,
  balances: readonly Balance[],
  currency: CurrencyCode,
  input: IngestInput,
  runId: IngestRunId,
  now: string,
  state: RunState,
  path: string,
): Promise<void> {
  for (const b of balances) {
    if (b.amount.currency !== currency) {
      state.issues.push({
        severity: "error",
        code: "INGEST_CURRENCY_MISMATCH",
        message: `${b.type} balance of ${b.date} is in ${b.amount.currency} but the account is in ${currency}; skipped`,
        path,
      });
      continue;
    }
    const amount = formatMoney(b.amount);
    const dateTime = b.dateTime ?? "";
    const existing = await db
      .selectFrom("balances")
      .select(["id", "amount"])
      .where("account_id", "=", accountId)
      .where("type", "=", b.type)
      .where("date", "=", b.date)
      .where("date_time", "=", dateTime)
      .executeTakeFirst();
    if (existing === undefined) {
      await db
        .insertInto("balances")
        .values({
          account_id: accountId,
          type: b.type,
          date: b.date,
          date_time: dateTime,
          amount,
          amount_minor: minorColumn(b.amount),
          currency,
          document_id: input.documentId ?? null,
          ingest_run_id: runId,
          recorded_at: now,
        })
        .execute();
      state.counts.balancesAdded++;
    } else if (existing.amount === amount) {
      state.counts.balancesUnchanged++;
    } else {
      // Two documents disagree about the same balance. The newer one wins (banks correct statements), but
      // nobody should find out by accident.
      state.issues.push({
        severity: "warning",
        code: "BALANCE_CHANGED",
        message: `${b.type} balance of ${b.date}${dateTime === "" ? "" : ` ${dateTime}`} was ${existing.amount}, now ${amount}`,
        path,
        details: { type: b.type, date: b.date, previous: existing.amount, current: amount },
      });
      await db
        .updateTable("balances")
        .set({ amount, amount_minor: minorColumn(b.amount), document_id: input.documentId ?? null, ingest_run_id: runId, recorded_at: now })
        .where("id", "=", existing.id)
        .execute();
      state.counts.balancesUpdated++;
    }
  }
}

/**
 * Writes one chunk of one account's rows. Inserting first and looking up only what conflicted keeps the
 * common case (new transactions) at one statement per row.
 */
async function writeChunk(w: ChunkWriter, accountId: string, rows: readonly TransactionRow[], state: RunState): Promise<void> {
  let pending = rows;
  // Each round resolves every conflict or moves a row to a higher occurrence number; a row moves only
  // past rows that have a different bank id, so rounds are bounded by the rows that share its fingerprint.
  for (let round = 0; pending.length > 0; round++) {
    const inserted = await w.insertTransactions(pending);
    const conflicts: TransactionRow[] = [];
    for (let i = 0; i < pending.length; i++) {
      if (inserted[i]) state.counts.added++;
      else conflicts.push(pending[i] as TransactionRow);
    }
    if (conflicts.length === 0) return;
    const existing = await w.findTransactions(
      accountId,
      conflicts.flatMap((r) => (r.bank_ref === null ? [] : [r.bank_ref])),
      conflicts.map((r) => r.fingerprint),
    );
    const byRef = new Map<string, ExistingTransaction>();
    const byFp = new Map<string, ExistingTransaction>();
    for (const x of existing) {
      if (x.bank_ref !== null) byRef.set(x.bank_ref, x);
      byFp.set(x.fingerprint, x);
    }
    const updates: TransactionUpdate[] = [];
    const retry: TransactionRow[] = [];
    for (const row of conflicts) {
      let match = row.bank_ref === null ? undefined : byRef.get(row.bank_ref);
      if (match === undefined) {
        const f = byFp.get(row.fingerprint);
        if (f !== undefined && f.bank_ref !== null && row.bank_ref !== null && f.bank_ref !== row.bank_ref) {
          // Same facts, different bank ids: two real transactions. Take the next occurrence number.
          retry.push({ ...row, fingerprint: withOccurrence(row.fingerprint, occurrenceOf(row.fingerprint) + 1) });
          continue;
        }
        match = f;
      }
      if (match === undefined) {
        // Conflicted, yet nothing matches: a concurrent writer removed it. Offer the row again.
        if (round > 3) {
          state.issues.push({
            severity: "error",
            code: "INGEST_CONFLICT",
            message: `transaction ${row.fingerprint} kept conflicting; skipped`,
          });
          continue;
        }
        retry.push(row);
        continue;
      }
      const newer = (STATUS_RANK[row.status] ?? 0) - (STATUS_RANK[match.status] ?? 0);
      if (
        match.entry_json === row.entry_json ||
        newer < 0 ||
        // A copy without the bank's id (an MT940 of what a camt already gave us) only adds a later status.
        (newer === 0 && match.bank_ref !== null && row.bank_ref === null)
      ) {
        // Identical, an older state of a transaction the bank has since booked, or a poorer copy: keep ours.
        state.counts.unchanged++;
      } else {
        updates.push({ id: match.id, row });
        state.counts.updated++;
      }
    }
    await w.updateTransactions(updates);
    pending = retry;
  }
}
