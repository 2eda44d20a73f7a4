/**
 * The dedupe decision for one chunk of an account's transactions, the same on every dialect (on SQLite's writer
 * thread too, whose statements it calls from the main thread): insert, then look up only what conflicted and decide
 * per row whether it is new, a newer state of a stored transaction, or something we already have.
 *
 * @module
 */
import type { Issue } from "../core/index.js";
import { occurrenceOf, withOccurrence, withoutOccurrence } from "./fingerprint.js";
import type { ChunkWriter, ExistingTransaction, TransactionUpdate } from "./store-dialect.js";
import { COL, rowBankRef, rowFingerprint, type TransactionRow } from "./transaction-row.js";

/** What writing one chunk did. */
export interface ChunkResult {
  added: number;
  updated: number;
  unchanged: number;
  issues: Issue[];
}

const STATUS_RANK: Readonly<Record<string, number>> = { information: 0, pending: 1, booked: 2 };

/**
 * Writes `count` rows of `accountId` through `w`. Inserting first and looking up only what conflicted keeps
 * the common case (new transactions) at one statement per row. Runs inside the caller's transaction.
 */
export async function resolveChunk(
  w: ChunkWriter,
  accountId: string,
  rows: Iterable<TransactionRow>,
  count: number,
  unidentified: () => readonly string[] = () => [],
): Promise<ChunkResult> {
  const result: ChunkResult = { added: 0, updated: 0, unchanged: 0, issues: [] };
  let attempt: Iterable<TransactionRow> = rows;
  let offered = count;
  // Each round resolves every conflict or moves a row to a higher occurrence number; a row moves only
  // past rows that have a different bank id, so rounds are bounded by the rows that share its fingerprint.
  for (let round = 0; offered > 0; round++) {
    const conflicts = await w.insertTransactions(attempt);
    result.added += offered - conflicts.length;
    // A row without a bank id whose fingerprint is a stored transaction's second key (a later state of it, seen
    // with its bank id) went in as new: take it back out and decide it as a copy of that transaction.
    // (`unidentified` is known once the rows have been built, which the first insert does.)
    const aliased = round === 0 ? await aliasedCopies(w, accountId, unidentified(), conflicts) : undefined;
    if (aliased !== undefined) {
      result.added -= aliased.rows.length;
      conflicts.push(...aliased.rows);
    }
    if (conflicts.length === 0) break;
    const existing = await w.findTransactions(
      accountId,
      conflicts.flatMap((r) => {
        const ref = rowBankRef(r);
        return ref === null ? [] : [ref];
      }),
      conflicts.map(rowFingerprint),
    );
    const byRef = new Map<string, ExistingTransaction>();
    const byFp = new Map<string, ExistingTransaction>();
    for (const x of existing) {
      if (x.bank_ref !== null) byRef.set(x.bank_ref, x);
      byFp.set(x.fingerprint, x);
    }
    for (const [fp, x] of aliased?.byKey ?? []) byFp.set(fp, x);
    const updates: TransactionUpdate[] = [];
    /**
     * Stored transactions a row of this round was taken for, with that row's status: a second row of the round in the
     * same status is not taken for it by its id (two booked coffees under one id, the stored one still pending).
     */
    const claimed = new Map<string, string>();
    const aliases: { fingerprint: string; id: string }[] = [];
    const retry: TransactionRow[] = [];
    for (const row of conflicts) {
      const ref = rowBankRef(row);
      const fp = rowFingerprint(row);
      let match = ref === null ? undefined : byRef.get(ref);
      let apart = false;
      if (match !== undefined && match.fingerprint !== fp && (claimed.get(match.id) === row[COL.status] || !sameByRef(match, row))) {
        // The bank id of a stored transaction, on one that cannot be it: a second entry of the same document with
        // that id (a bank that repeats `//` references, an OFX FITID written twice), or one of another amount on
        // other dates (a bank that numbers its references per day). Matched by the id, it replaced or dropped a real
        // transaction; it is kept on its own, without the id: the stored copy of it kept so before, else a new row.
        const exact = byFp.get(fp);
        if (exact !== undefined && exact.bank_ref === null) {
          match = exact;
          apart = true;
        } else {
          result.issues.push({
            severity: "warning",
            code: "INGEST_BANK_REFERENCE_REUSED",
            message: `bank reference ${ref ?? ""} is already that of another transaction (${match.amount}); this one (${String(row[COL.amount])}) is kept apart, without it`,
            details: { bankReference: ref, stored: match.amount, amount: row[COL.amount] },
          });
          const alone = [...row];
          alone[COL.bank_ref] = null;
          retry.push(alone);
          continue;
        }
      }
      if (match !== undefined) claimed.set(match.id, row[COL.status] as string);
      // The same transaction by its bank id, in a state whose facts hash differently: keep that state's key too.
      // (Keys that differ only in their occurrence number are the same facts: no second key.)
      if (match !== undefined && withoutOccurrence(match.fingerprint) !== withoutOccurrence(fp))
        aliases.push({ fingerprint: fp, id: match.id });
      if (match === undefined) {
        const f = byFp.get(fp);
        if (f !== undefined && f.bank_ref !== null && ref !== null && f.bank_ref !== ref) {
          // Same facts, different bank ids: two real transactions. Take the next occurrence number.
          const next = [...row];
          next[COL.fingerprint] = withOccurrence(fp, occurrenceOf(fp) + 1);
          retry.push(next);
          continue;
        }
        match = f;
      }
      if (match === undefined) {
        // Conflicted, yet nothing matches: a concurrent writer removed it. Offer the row again.
        if (round > 3) {
          result.issues.push({ severity: "error", code: "INGEST_CONFLICT", message: `transaction ${fp} kept conflicting; skipped` });
          continue;
        }
        retry.push(row);
        continue;
      }
      const newer = (STATUS_RANK[row[COL.status] as string] ?? 0) - (STATUS_RANK[match.status] ?? 0);
      if (
        match.entry_json === row[COL.entry_json] ||
        newer < 0 ||
        // A copy without the bank's id (an MT940 of what a camt already gave us) only adds a later status.
        (newer === 0 && match.bank_ref !== null && ref === null)
      ) {
        // Identical, an older state of a transaction the bank has since booked, or a poorer copy: keep ours.
        result.unchanged++;
      } else {
        updates.push({ id: match.id, row: apart ? withoutRef(row) : row });
        result.updated++;
      }
    }
    await w.updateTransactions(updates);
    await w.addAliases(accountId, aliases);
    attempt = retry;
    offered = retry.length;
  }
  return result;
}

/**
 * Whether stored transaction `x`, found by the bank id of `row`, may be the transaction `row` is a state of:
 * - an older state of it arriving late (pending after booked): yes, and it changes nothing;
 * - one stored pending or as information: yes, whatever the amount (a card payment booked for another amount);
 * - one this same import stored: only with the same amount and other facts (a later report of the same document
 *   with more detail), never an identical line at another occurrence or another amount (a document lists no
 *   transaction twice under one id);
 * - one stored before: with the same amount, or another amount on the same dates (a correction); another amount on
 *   other dates is another transaction (references numbered per day).
 */
function sameByRef(x: ExistingTransaction, row: TransactionRow): boolean {
  if ((STATUS_RANK[row[COL.status] as string] ?? 0) < (STATUS_RANK[x.status] ?? 0)) return true;
  if (x.status !== "booked") return true;
  const sameAmount = decimalKey(x.amount) === decimalKey(String(row[COL.amount]));
  if (x.ingest_run_id !== null && x.ingest_run_id === row[COL.ingest_run_id]) {
    const fp = rowFingerprint(row);
    return sameAmount && withoutOccurrence(x.fingerprint) !== withoutOccurrence(fp);
  }
  return sameAmount || (x.booking_date === row[COL.booking_date] && x.value_date === row[COL.value_date]);
}

/** `row` without its bank id: written over a stored row kept apart, whose id another transaction holds. */
function withoutRef(row: TransactionRow): TransactionRow {
  const copy = [...row];
  copy[COL.bank_ref] = null;
  return copy;
}

/** A decimal's text without trailing zeros after its point, so that `5.0` and `5.00` compare equal. */
function decimalKey(text: string): string {
  if (!text.includes(".")) return text;
  let end = text.length;
  while (text.charCodeAt(end - 1) === 48) end--;
  if (text.charCodeAt(end - 1) === 46) end--;
  return text.slice(0, end);
}

/**
 * The rows just inserted (no bank id, no conflict) whose fingerprint is a second key of a stored transaction,
 * removed again, with the transactions they copy by that key. `undefined` when there are none.
 */
async function aliasedCopies(
  w: ChunkWriter,
  accountId: string,
  unidentified: readonly string[],
  conflicts: readonly TransactionRow[],
): Promise<{ rows: TransactionRow[]; byKey: Map<string, ExistingTransaction> } | undefined> {
  if (unidentified.length === 0 || !(await w.hasAliases(accountId))) return undefined;
  const conflicted = new Set(conflicts.map(rowFingerprint));
  const inserted = unidentified.filter((f) => !conflicted.has(f));
  if (inserted.length === 0) return undefined;
  const byKey = await w.findAliased(accountId, inserted);
  if (byKey.size === 0) return undefined;
  return { rows: await w.takeInserted(accountId, [...byKey.keys()]), byKey };
}
