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
  type DocumentId,
  formatMoney,
  type IngestRunId,
  type Issue,
  type Statement,
  storedEntryJson,
  type TenantId,
  toMinorUnits,
} from "../core/index.js";
import type { Balance, Entry } from "../core/statement.js";
import { bankRefOf, nextFingerprint, type Occurrences } from "./fingerprint.js";
import type { ChunkResult } from "./resolve-chunk.js";
import type { Database } from "./schema.js";
import type { IngestInput, IngestReport, IngestStatus } from "./store.js";
import type { Claim, Placing, ReadingLines, Reread, StoreDialect } from "./store-dialect.js";
import { COL, type TransactionRow } from "./transaction-row.js";
import { detailKey, lineKey } from "./unplaced.js";

const INT64_MAX = 2n ** 63n - 1n;

interface Counts {
  added: number;
  updated: number;
  unchanged: number;
  balancesAdded: number;
  balancesUpdated: number;
  balancesUnchanged: number;
  /** Transactions of a document ingested before, found by their place in it (`Reread`). */
  readAnew: number;
}

/** What the pipeline needs from its surroundings. */
export interface IngestContext {
  readonly dialect: StoreDialect;
  readonly now: () => Date;
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

/**
 * Where the entry was in its document: its path, else its line (`SourceLocation`); null when the parser gave neither.
 * The path first: a camt written on one line (no line breaks) has every Ntry on line 1, each at its own path. A
 * location in another document than the one ingested (an entry of a canonical JSON export that names the raw
 * document it was first read from) carries that document's id, so that two such entries never share a place.
 */
function positionOf(e: Entry, documentId: DocumentId | null): string | null {
  const s = e.source;
  if (s === undefined) return null;
  const at = s.path ?? (s.line !== undefined ? String(s.line) : undefined);
  if (at === undefined) return null;
  return clean(s.documentId === undefined || s.documentId === documentId ? at : `${s.documentId}@${at}`);
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
  const runId = randomUUID() as IngestRunId;
  const startedAt = ctx.now().toISOString();
  // Through the dialect, like every write of the ingest: on SQLite's writer thread, a write on another connection
  // would empty that thread's page cache.
  await ctx.dialect.write((db) =>
    db
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
      .execute(),
  );

  const issues: Issue[] = [];
  const counts: Counts = {
    added: 0,
    updated: 0,
    unchanged: 0,
    balancesAdded: 0,
    balancesUpdated: 0,
    balancesUnchanged: 0,
    readAnew: 0,
  };
  const accounts = new Set<AccountId>();
  const accountCache = new Map<string, AccountId>();
  const pages: RunState["pages"] = new Map();
  const readings: RunState["readings"] = new Map();
  let status: IngestStatus = "succeeded";
  let failure: unknown;
  let statementCount = 0;
  try {
    const seen = await seenBefore(ctx, input, runId);
    for await (const statement of input.statements) {
      await ingestStatement(ctx, input, runId, statement, statementCount++, {
        issues,
        counts,
        accounts,
        accountCache,
        pages,
        seen,
        readings,
      });
    }
  } catch (e) {
    status = "failed";
    failure = e;
  }
  if (counts.readAnew > 0) {
    issues.push({
      severity: "warning",
      code: "INGEST_READ_ANEW",
      message: `${counts.readAnew} transaction(s) of this document, ingested before, were read differently this time and were found by their place in it (or, stored before places were recorded, by their amount, dates and facts): taken as the same transactions, not stored again`,
      details: { documentId: input.documentId, transactions: counts.readAnew },
    });
  }
  const parseIssues = input.parseIssues ?? [];
  if (status === "succeeded") {
    // A document the parser could not read at all is a failed run, even though nothing went wrong here.
    if (statementCount === 0 && parseIssues.some((i) => i.severity === "error")) status = "failed";
    else if ([...parseIssues, ...issues].some((i) => i.severity === "error")) status = "partial";
  }
  const recorded = [...parseIssues, ...issues];
  await ctx.dialect
    .write((db) =>
      db
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
        .execute(),
    )
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

/**
 * Whether another ingest run read this document before: the one question a first-time document pays for (one indexed
 * lookup of the run records, `ingest_runs_tenant_document`). Only then may rows that find nothing stored be an earlier
 * reading's rows read anew.
 */
async function seenBefore(ctx: IngestContext, input: IngestInput, runId: IngestRunId): Promise<boolean> {
  if (input.documentId === undefined) return false;
  const row = await ctx.dialect.db
    .selectFrom("ingest_runs")
    .select("id")
    .where("tenant_id", "=", input.tenantId)
    .where("document_id", "=", input.documentId)
    .where("id", "<>", runId)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** What every row of one statement's entries shares. */
export interface RowContext {
  readonly tenantId: TenantId;
  readonly accountId: AccountId;
  /** The account's currency (entries in another are refused before rows are built). */
  readonly currency: CurrencyCode;
  readonly documentId?: DocumentId;
  readonly runId: IngestRunId;
  /** ISO time of the ingest; its date is the sort date of an entry without dates. */
  readonly now: string;
}

/** A {@link RowContext} with what every row derives from it worked out once. */
interface RowFields {
  readonly tenantId: TenantId;
  readonly accountId: AccountId;
  readonly currency: CurrencyCode;
  readonly documentId: DocumentId | null;
  readonly runId: IngestRunId;
  readonly now: string;
  readonly today: string;
}

function rowFields(c: RowContext): RowFields {
  return {
    tenantId: c.tenantId,
    accountId: c.accountId,
    currency: c.currency,
    documentId: c.documentId ?? null,
    runId: c.runId,
    now: c.now,
    today: c.now.slice(0, 10),
  };
}

/** The stored row of an entry, in {@link ROW_COLUMNS} order. */
function buildRow(c: RowFields, e: Entry, fingerprint: string, amountText: string): TransactionRow {
  return [
    c.tenantId,
    c.accountId,
    clean(bankRefOf(e)),
    fingerprint,
    amountText,
    minorColumn(e.amount),
    c.currency,
    e.bookingDate ?? null,
    e.valueDate ?? null,
    e.bookingDate ?? e.valueDate ?? c.today,
    e.status,
    e.reversal ? 1 : 0,
    clean(e.counterparty?.name),
    descriptionOf(e),
    c.documentId,
    positionOf(e, c.documentId),
    c.runId,
    storedEntryJson(e),
    c.now,
    c.now,
  ];
}

/**
 * Builds the stored row of an entry, in {@link ROW_COLUMNS} order, from its fingerprint (with occurrence number)
 * and its formatted amount. Exported so that the benchmark's raw floor stores exactly the rows ours stores.
 */
export function createRowBuilder(c: RowContext): (e: Entry, fingerprint: string, amountText: string) => TransactionRow {
  const fields = rowFields(c);
  return (e, fingerprint, amountText) => buildRow(fields, e, fingerprint, amountText);
}

/**
 * One statement's entries on their way to rows. Fingerprints are made as rows are built, when the writer first
 * asks for them: on SQLite's writer thread the rows are built while the thread inserts the previous ones, and
 * fingerprints made beforehand were a sixth of the time nothing overlapped. Occurrence numbers count identical lines
 * in entry order across the whole statement, so the n-th entry's fingerprint needs all before it: asking for it
 * makes those first, even when an earlier chunk failed before its rows were built. They are kept for a writer that
 * builds a chunk's rows twice.
 */
interface StatementRows {
  readonly entries: readonly Entry[];
  readonly fields: RowFields;
  readonly seen: Occurrences;
  readonly fingerprints: string[];
  /** Set when the document was ingested before. */
  readonly reread: RereadStatement | undefined;
}

/** A statement of a document ingested before: what finding the earlier reading's rows needs. */
interface RereadStatement {
  readonly documentId: DocumentId;
  readonly runId: IngestRunId;
  /** Lines per `lineKey` of the statements of the same account this ingest wrote before this one. */
  readonly earlier: Map<string, number>;
  /** The places of the statements of the same account this ingest wrote before this one. */
  readonly earlierPlaces: Set<string>;
  /** The account's stored rows taken by place or pairing in this ingest so far (`Reread.claims`). */
  readonly claims: Map<string, Claim>;
  /** The account's stored rows found by a second key in this ingest so far (`Reread.keyed`). */
  readonly keyed: Set<string>;
  /** The statement's lines per `lineKey`, counted when first needed. */
  lines: Map<string, number> | undefined;
  /** {@link Placing} of the statement, worked out when first asked for. */
  placing: Placing | undefined;
  /** {@link ReadingLines} of the statement, worked out when first asked for. */
  reading: ReadingLines | undefined;
}

/** The `lineKey` (`unplaced.ts`) of entry `e` of statement `s`. */
function entryLineKey(s: StatementRows, e: Entry): string {
  return lineKey(formatMoney(e.amount), s.fields.currency, e.reversal ? 1 : 0, e.bookingDate ?? null, e.valueDate ?? null);
}

/** Counts the statement's lines by `lineKey`, once. */
function countLines(s: StatementRows, r: RereadStatement): Map<string, number> {
  if (r.lines !== undefined) return r.lines;
  const lines = new Map<string, number>();
  for (let n = 0; n < s.entries.length; n++) {
    const k = entryLineKey(s, s.entries[n] as Entry);
    lines.set(k, (lines.get(k) ?? 0) + 1);
  }
  r.lines = lines;
  return lines;
}

/** The statement's {@link Placing}, once. */
function placingOf(s: StatementRows, r: RereadStatement): Placing {
  if (r.placing !== undefined) return r.placing;
  const places = new Map<string, number>();
  for (let n = 0; n < s.entries.length; n++) {
    const at = positionOf(s.entries[n] as Entry, s.fields.documentId);
    if (at !== null) places.set(at, (places.get(at) ?? 0) + 1);
  }
  if (s.entries.length > 0) fingerprintAt(s, s.entries.length - 1, undefined);
  r.placing = { places, earlier: r.earlierPlaces, fingerprints: new Set(s.fingerprints) };
  return r.placing;
}

/** The statement's {@link ReadingLines}: asked for only when the document has stored rows without a place. */
function readingOf(s: StatementRows, r: RereadStatement): ReadingLines {
  if (r.reading !== undefined) return r.reading;
  const lines = countLines(s, r);
  const details = new Map<string, number>();
  for (let n = 0; n < s.entries.length; n++) {
    const e = s.entries[n] as Entry;
    const d = detailKey(entryLineKey(s, e), clean(e.counterparty?.name), descriptionOf(e));
    details.set(d, (details.get(d) ?? 0) + 1);
  }
  r.reading = { lines, details, earlier: r.earlier, fingerprints: placingOf(s, r).fingerprints };
  return r.reading;
}

/** The fingerprint of entry `n`; `amount` is its formatted amount when the caller has it. */
function fingerprintAt(s: StatementRows, n: number, amount: string | undefined): string {
  const { entries, seen, fingerprints } = s;
  for (let k = fingerprints.length; k <= n; k++)
    fingerprints.push(nextFingerprint(seen, entries[k] as Entry, k === n ? amount : undefined));
  return fingerprints[n] as string;
}

/**
 * The rows of one chunk (entries `start` to `end` of a statement), built as they are iterated, every time they are
 * iterated. A class and plain functions over explicit state, not a generator closure per chunk over closures per
 * statement: V8 compiled each new closure afresh (12 ms of compiler time per statement) and, at every full garbage
 * collection, threw away optimised code that had inlined a closure that had since died. Each statement's first few
 * thousand rows then ran unoptimised, at about half speed (`docs/benchmarks.md`, stop 17).
 */
class ChunkRows implements Iterable<TransactionRow> {
  /**
   * An instance that lives as long as the class. V8 keeps the hidden classes of a class's instances only while some
   * instance has them, and optimised code holds them weakly: at a full garbage collection between two ingests, when
   * no chunk was alive, they died, and the optimised writer loops that iterate chunks were thrown away with them (the
   * SQLite writer's row loop was compiled again for every statement of `bench:ingest`). A module-level constant does
   * not do: V8 keeps one that no function reads only while the module runs. It is never iterated: its statement is
   * empty, and its currency is ISO 4217's code for "no currency".
   */
  static readonly kept = new ChunkRows(
    {
      entries: [],
      fields: rowFields({
        tenantId: "" as TenantId,
        accountId: "" as AccountId,
        currency: "XXX" as CurrencyCode,
        runId: "" as IngestRunId,
        now: "",
      }),
      seen: new Map(),
      fingerprints: [],
      reread: undefined,
    },
    0,
    0,
  );

  #unidentified: string[] | undefined;

  constructor(
    private readonly statement: StatementRows,
    private readonly start: number,
    private readonly end: number,
  ) {}

  *[Symbol.iterator](): Generator<TransactionRow> {
    const { statement, start, end } = this;
    const { entries, fields } = statement;
    // Rows without a bank id may be copies of a later state of a stored transaction (its second key).
    const found: string[] = [];
    for (let n = start; n < end; n++) {
      const e = entries[n] as Entry;
      // The amount's text goes into the fingerprint, two columns and the JSON: formatted once.
      const amount = formatMoney(e.amount);
      const fingerprint = fingerprintAt(statement, n, amount);
      const row = buildRow(fields, e, fingerprint, amount);
      if (row[COL.bank_ref] === null) found.push(fingerprint);
      yield row;
    }
    this.#unidentified = found;
  }

  /** What the writer needs to find rows of an earlier reading of the document; undefined for a first reading. */
  reread(): Reread | undefined {
    const r = this.statement.reread;
    if (r === undefined) return undefined;
    return {
      placing: () => placingOf(this.statement, r),
      reading: () => readingOf(this.statement, r),
      documentId: r.documentId,
      runId: r.runId,
      claims: r.claims,
      keyed: r.keyed,
      fingerprints: () => {
        fingerprintAt(this.statement, this.end - 1, undefined);
        return this.statement.fingerprints.slice(this.start, this.end);
      },
      rowsOf: (wanted) => {
        const { entries, fields, fingerprints } = this.statement;
        const rows: TransactionRow[] = [];
        for (let n = this.start; n < this.end; n++) {
          const fp = fingerprints[n] as string;
          if (wanted.has(fp)) {
            const e = entries[n] as Entry;
            rows.push(buildRow(fields, e, fp, formatMoney(e.amount)));
          }
        }
        return rows;
      },
    };
  }

  /** The fingerprints of the rows without a bank id: collected while the rows were built, or now. */
  unidentified(): readonly string[] {
    if (this.#unidentified === undefined) {
      const found: string[] = [];
      for (let n = this.start; n < this.end; n++) {
        const e = this.statement.entries[n] as Entry;
        if (bankRefOf(e) === undefined) found.push(fingerprintAt(this.statement, n, formatMoney(e.amount)));
      }
      this.#unidentified = found;
    }
    return this.#unidentified;
  }
}

/**
 * The statement's entries in the account's currency; an issue for each other one. Its own function, so that the one
 * loop over every entry is all V8 optimises here: `ingestStatement` itself runs once per statement, and optimising it
 * for this loop cost 20 ms of compiler time every statement, because its code did not survive a full collection.
 */
function entriesIn(s: Statement, currency: CurrencyCode, number: string, path: string, issues: Issue[]): Entry[] {
  const valid: Entry[] = [];
  for (let i = 0; i < s.entries.length; i++) {
    const e = s.entries[i] as Entry;
    if (e.amount.currency === currency) valid.push(e);
    else {
      issues.push({
        severity: "error",
        code: "INGEST_CURRENCY_MISMATCH",
        message: `entry ${i + 1} is in ${e.amount.currency} but account ${number} is in ${currency}; skipped`,
        path: `${path}/entries/${i}`,
      });
    }
  }
  return valid;
}

/** Adds what writing one chunk did to the run's counts and issues. */
function addChunkResult(state: RunState, r: ChunkResult): void {
  state.counts.added += r.added;
  state.counts.updated += r.updated;
  state.counts.unchanged += r.unchanged;
  state.counts.readAnew += r.readAnew;
  state.issues.push(...r.issues);
}

interface RunState {
  readonly issues: Issue[];
  readonly counts: Counts;
  readonly accounts: Set<AccountId>;
  readonly accountCache: Map<string, AccountId>;
  /** Per account, the last statement's number, page and occurrence counts: the next page goes on counting. */
  readonly pages: Map<string, { readonly legal: string | undefined; readonly page: number | undefined; readonly seen: Occurrences }>;
  /** Whether an earlier ingest run read this document. */
  readonly seen: boolean;
  /**
   * When it did: per account, the lines per `lineKey` (`unplaced.ts`) and the places of the statements written so far,
   * the stored rows taken by place or pairing, and those found by a second key.
   */
  readonly readings: Map<
    string,
    { readonly lines: Map<string, number>; readonly places: Set<string>; readonly claims: Map<string, Claim>; readonly keyed: Set<string> }
  >;
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
  const lockKey = `${input.tenantId}\u001f${number}\u001f${currency}`;

  const balances: Balance[] = [];
  if (s.openingBalance !== undefined) balances.push(s.openingBalance);
  if (s.closingBalance !== undefined) balances.push(s.closingBalance);
  balances.push(...s.balances);

  // The account and the statement's balances first, in a short transaction of their own, so that every
  // row of the entries can carry the account id from the moment it is built.
  const accountId = await ctx.dialect.writeTransaction(lockKey, async (db) => {
    const id = state.accountCache.get(lockKey) ?? (await ensureAccount(db, input.tenantId, s, number, currency, now));
    await writeBalances(db, id, balances, currency, input, runId, now, state, path);
    return id;
  });
  state.accountCache.set(lockKey, accountId);
  state.accounts.add(accountId);

  const valid = entriesIn(s, currency, number, path, state.issues);

  // The pages of one statement (MT940 :28C: 7/1, 7/2; camt StmtPgntn) are one statement: identical lines on two pages
  // are two transactions, counted on (an occurrence number per page made the second a repeat of the first, lost).
  const sequence = s.sequence;
  const before = state.pages.get(lockKey);
  // Statements only: intraday reports numbered n/1, n/2 may repeat what the one before listed.
  const continues =
    s.kind === "statement" &&
    sequence?.page !== undefined &&
    sequence.legal !== undefined &&
    before !== undefined &&
    before.legal === sequence.legal &&
    before.page === sequence.page - 1;
  const seen: Occurrences = continues ? before.seen : new Map();
  state.pages.set(lockKey, { legal: sequence?.legal, page: sequence?.page, seen });

  const statement: StatementRows = {
    entries: valid,
    fields: rowFields({ tenantId: input.tenantId, accountId, currency, documentId: input.documentId, runId, now }),
    seen,
    fingerprints: [],
    // Always present, in the literal: an object shaped by a spread gets a hidden class that dies between ingests, and
    // with it the optimised code of the row path (`optimised-code.test.ts`).
    reread: state.seen && input.documentId !== undefined ? rereadStatement(state, lockKey, input.documentId, runId) : undefined,
  };
  const size = ctx.dialect.chunkSize;
  // One chunk in flight while the next is prepared: on PostgreSQL the server stores one chunk while this
  // thread renders the next. Chunks are written in the order they were handed over.
  let inFlight: Promise<ChunkResult> | undefined;
  try {
    for (let start = 0; start < valid.length; start += size) {
      const end = Math.min(start + size, valid.length);
      const rows = new ChunkRows(statement, start, end);
      const next = ctx.dialect.writeEntries(lockKey, accountId, rows, end - start, () => rows.unidentified(), rows.reread());
      const previous = inFlight;
      inFlight = next;
      if (previous !== undefined) addChunkResult(state, await previous);
    }
    if (inFlight !== undefined) addChunkResult(state, await inFlight);
    // The account's next statements pair rows without a place only with lines of facts none of these had, and find
    // rows by place only at places none of these had (a statement of a document seen before pays two passes over its
    // entries for it; a first-time document pays nothing).
    if (statement.reread !== undefined) {
      const { earlier, earlierPlaces } = statement.reread;
      for (const [k, c] of countLines(statement, statement.reread)) earlier.set(k, (earlier.get(k) ?? 0) + c);
      for (const at of placingOf(statement, statement.reread).places.keys()) earlierPlaces.add(at);
    }
  } catch (e) {
    // Do not leave a handed-over chunk unobserved: its rejection would surface as an unhandled one.
    await inFlight?.catch(() => {});
    throw e;
  }
}

function rereadStatement(state: RunState, lockKey: string, documentId: DocumentId, runId: IngestRunId): RereadStatement {
  let earlier = state.readings.get(lockKey);
  if (earlier === undefined) {
    earlier = { lines: new Map(), places: new Set(), claims: new Map(), keyed: new Set() };
    state.readings.set(lockKey, earlier);
  }
  return {
    documentId,
    runId,
    earlier: earlier.lines,
    earlierPlaces: earlier.places,
    claims: earlier.claims,
    keyed: earlier.keyed,
    lines: undefined,
    placing: undefined,
    reading: undefined,
  };
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
