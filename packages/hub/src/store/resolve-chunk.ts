/**
 * The dedupe decision for one chunk of an account's transactions, the same on every dialect (on SQLite's writer
 * thread too, whose statements it calls from the main thread): insert, then look up only what conflicted and decide
 * per row whether it is new, a newer state of a stored transaction, or something we already have.
 *
 * @module
 */
import type { Issue } from "../core/index.js";
import { occurrenceOf, withOccurrence, withoutOccurrence } from "./fingerprint.js";
import type { ChunkWriter, Claim, ExistingTransaction, PlacedTransaction, Reread, TransactionUpdate } from "./store-dialect.js";
import { COL, decimalKey, rowBankRef, rowFingerprint, type TransactionRow } from "./transaction-row.js";
import { detailKey, lineKey, pairUnplaced, rowLineKey, sameLine } from "./unplaced.js";

/** What writing one chunk did. */
export interface ChunkResult {
  added: number;
  updated: number;
  unchanged: number;
  /** Rows found by their place in a document ingested before (also counted as updated or unchanged). */
  readAnew: number;
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
  reread?: Reread,
): Promise<ChunkResult> {
  const result: ChunkResult = { added: 0, updated: 0, unchanged: 0, readAnew: 0, issues: [] };
  let attempt: Iterable<TransactionRow> = rows;
  /**
   * Fingerprints of rows kept apart from the transaction that holds their bank id (see below), offered again without
   * it. By fingerprint, not by the row: the SQLite writer thread hands conflicting rows back as copies.
   */
  const apartRows = new Set<string>();
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
      // Found by a second key, these rows are those lines' whatever chunk of the ingest comes later (`readAnew`).
      if (reread !== undefined) for (const x of aliased.byKey.values()) reread.keyed.add(x.id);
    }
    // A document read before, read anew: a row that went in as new may be what that reading stored at the same place.
    const anew = round === 0 && reread !== undefined ? await readAnew(w, accountId, reread, conflicts) : undefined;
    if (anew !== undefined) {
      result.added -= anew.rows.length;
      result.readAnew += anew.rows.length;
      conflicts.push(...anew.rows);
    }
    // Lines of earlier chunks that took a row a line of this chunk would take too: stored on their own (`readAnew`).
    const contested = anew?.contested ?? [];
    for (const claim of contested) {
      result.readAnew--;
      result[claim.counted]--;
    }
    if (conflicts.length === 0) {
      if (contested.length === 0) break;
      attempt = contested.map((c) => c.row);
      offered = contested.length;
      continue;
    }
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
    for (const [fp, x] of anew?.byKey ?? []) byFp.set(fp, x);
    // Stored rows that an earlier chunk of this ingest took by place or pairing and a line of this chunk finds by its key.
    const reclaimed = new Set<string>(anew?.back);
    const freed = reread === undefined ? [] : settleClaims(reread, conflicts, anew?.byKey, byRef, byFp, reclaimed, result);
    const updates: TransactionUpdate[] = [];
    /**
     * Stored transactions a row of this round was taken for, with that row's status: a second row of the round in the
     * same status is not taken for it by its id (two booked coffees under one id, the stored one still pending).
     */
    const claimed = new Map<string, string>();
    /** Bank ids this round writes onto stored rows that had none: one row each, or the unique index fails. */
    const given = new Set<string>();
    // A transaction read anew keeps the key of its earlier reading (an overlapping document read that way still finds
    // it) and gets the new reading's as a second key (the next import finds it by that, wherever it is).
    const aliases: { fingerprint: string; id: string }[] = [...(anew?.byKey ?? [])].map(([fingerprint, x]) => ({ fingerprint, id: x.id }));
    const retry: TransactionRow[] = [];
    for (const row of conflicts) {
      const ref = rowBankRef(row);
      const fp = rowFingerprint(row);
      let match = ref === null ? undefined : byRef.get(ref);
      let apart = false;
      const exact = byFp.get(fp);
      if (match !== undefined && exact !== undefined && exact !== match && exact.bank_ref === null && match.status === "booked") {
        // A row stored apart before, without the id a booked transaction holds: this is that row again. (An id held by
        // a pending one is that one's, booked now: a copy stored before without the id stays a copy, as it did.)
        match = exact;
        apart = true;
      } else if (match !== undefined && match.fingerprint !== fp && (claimed.get(match.id) === row[COL.status] || !sameByRef(match, row))) {
        // The bank id of a stored transaction, on one that cannot be it: a second entry of the same document with
        // that id (a bank that repeats `//` references, an OFX FITID written twice), or another transaction on other
        // dates or with another counterparty (a bank that numbers its references per day). Matched by the id, it
        // replaced or dropped a real transaction; it is kept on its own, without the id.
        result.issues.push({
          severity: "warning",
          code: "INGEST_BANK_REFERENCE_REUSED",
          message: `bank reference ${ref ?? ""} is already that of another transaction (${match.amount}); this one (${String(row[COL.amount])}) is kept apart, without it`,
          details: { bankReference: ref, stored: match.amount, amount: row[COL.amount] },
        });
        const alone = withoutRef(row);
        apartRows.add(fp);
        retry.push(alone);
        continue;
      }
      if (match !== undefined) claimed.set(match.id, row[COL.status] as string);
      // The same transaction by its bank id, in a state whose facts hash differently: keep that state's key too.
      // (Keys that differ only in their occurrence number are the same facts: no second key.)
      if (match !== undefined && withoutOccurrence(match.fingerprint) !== withoutOccurrence(fp))
        aliases.push({ fingerprint: fp, id: match.id });
      if (match === undefined) {
        const f = byFp.get(fp);
        if (f !== undefined && f.bank_ref !== null && ((ref !== null && f.bank_ref !== ref) || apartRows.has(fp))) {
          // Same facts, different bank ids: two real transactions. Take the next occurrence number.
          const next = [...row];
          next[COL.fingerprint] = withOccurrence(fp, occurrenceOf(fp) + 1);
          if (apartRows.has(fp)) apartRows.add(rowFingerprint(next));
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
      // A row that this line finds by its key and that an earlier chunk wrote another line into: this line's, whatever.
      const reclaim = reclaimed.has(match.id);
      const tookAnew = anew?.byKey.get(fp);
      if (
        !reclaim &&
        (match.entry_json === row[COL.entry_json] ||
          newer < 0 ||
          // A copy without the bank's id (an MT940 of what a camt already gave us) only adds a later status.
          (newer === 0 && match.bank_ref !== null && ref === null))
      ) {
        // Identical, an older state of a transaction the bank has since booked, or a poorer copy: keep ours.
        result.unchanged++;
        if (tookAnew !== undefined) reread?.claims.set(match.id, { row, counted: "unchanged", stored: tookAnew });
      } else {
        // An id written onto a stored row that had none (COALESCE): once per round, and never over a row apart.
        const writesRef = !apart && match.bank_ref === null && ref !== null;
        const keep = apart || (writesRef && given.has(ref));
        if (writesRef && !keep) given.add(ref);
        updates.push({ id: match.id, row: keep ? withoutRef(row) : row });
        result.updated++;
        if (tookAnew !== undefined) reread?.claims.set(match.id, { row, counted: "updated", stored: tookAnew });
      }
    }
    retry.push(...freed, ...contested.map((c) => c.row));
    await w.updateTransactions(updates);
    await w.addAliases(accountId, aliases);
    attempt = retry;
    offered = retry.length;
  }
  return result;
}

/**
 * Keeps every stored row of a document read anew to one line of it: a row that a line finds by its key (fingerprint,
 * second key, bank id) is that line's, and no other line may take it by place or pairing. Within the statement the
 * checks in {@link readAnew} see every line; a later statement of the account in the same document (a two-day BAI2 file
 * run together on one line, a page stored before migration 0004 whose facts another line shares) they cannot see. So:
 * - a row taken in this chunk that another row of the chunk finds by its key is given up: the taking row goes in as new;
 * - a row an earlier chunk took (`Reread.claims`) that a row of this chunk finds by its key, with other facts than the
 *   line that took it, is this row's: it is written back (`reclaimed`) and the line that took it is returned, to be
 *   stored on its own (its key then shadows the second key the take gave the row).
 * Either way the line that took the row is stored again, a duplicate at worst. Left as it was, the two lines shared one
 * row: one of the two transactions was gone, at once or at the next import of a document that lists only the other.
 * A key is looked at wider than the decision below takes it (a bank id that turns out to be another transaction's):
 * that gives up a take that was right, a duplicate, never a loss.
 */
function settleClaims(
  reread: Reread,
  conflicts: readonly TransactionRow[],
  taken: Map<string, ExistingTransaction> | undefined,
  byRef: ReadonlyMap<string, ExistingTransaction>,
  byFp: Map<string, ExistingTransaction>,
  reclaimed: Set<string>,
  result: ChunkResult,
): TransactionRow[] {
  const keyed = new Map<string, string>();
  for (const row of conflicts) {
    const fp = rowFingerprint(row);
    if (taken?.has(fp) === true) continue;
    const ref = rowBankRef(row);
    const byKey = byFp.get(fp);
    if (byKey !== undefined) keyed.set(byKey.id, fp);
    const byId = ref === null ? undefined : byRef.get(ref);
    if (byId !== undefined) keyed.set(byId.id, fp);
  }
  if (keyed.size === 0) return [];
  for (const [fp, x] of taken ?? []) {
    if (!keyed.has(x.id)) continue;
    // Found by nothing now: offered again, it goes in as new.
    taken?.delete(fp);
    byFp.delete(fp);
    result.readAnew--;
  }
  const freed: TransactionRow[] = [];
  for (const [id, fp] of keyed) {
    const claim = reread.claims.get(id);
    if (claim === undefined || rowFingerprint(claim.row) === fp) continue;
    reread.claims.delete(id);
    reclaimed.add(id);
    freed.push(claim.row);
    result.readAnew--;
    result[claim.counted]--;
  }
  return freed;
}

/**
 * Whether stored transaction `x`, found by the bank id of `row`, may be the transaction `row` is a state of:
 * - an older state of it arriving late (pending after booked): yes, and it changes nothing;
 * - one this same import stored: in another status, yes (a document's later report of the entry); in the same
 *   status only with the same amount and counterparty and other facts (more detail), never an identical line at
 *   another occurrence, another amount or another counterparty (a document lists no transaction twice under one id);
 * - one stored before pending or as information: yes, whatever the amount (a card payment booked for another amount);
 * - one stored before booked: with the same amount and counterparty on one of its dates, or another amount with the
 *   same dates, counterparty and text (a correction); anything else is another transaction (references numbered per
 *   day).
 */
function sameByRef(x: ExistingTransaction, row: TransactionRow): boolean {
  if ((STATUS_RANK[row[COL.status] as string] ?? 0) < (STATUS_RANK[x.status] ?? 0)) return true;
  const sameAmount = decimalKey(x.amount) === decimalKey(String(row[COL.amount]));
  if (x.ingest_run_id !== null && x.ingest_run_id === row[COL.ingest_run_id]) {
    if (x.status !== row[COL.status]) return true;
    return sameAmount && sameParty(x, row) && withoutOccurrence(x.fingerprint) !== withoutOccurrence(rowFingerprint(row));
  }
  if (x.status !== "booked") return true;
  if (!sameAmount) {
    return (
      x.booking_date === row[COL.booking_date] &&
      x.value_date === row[COL.value_date] &&
      x.counterparty_name === row[COL.counterparty_name] &&
      x.description === row[COL.description]
    );
  }
  // The same amount: the same transaction unless both its dates moved (a daily fee under a reference reused daily)
  // or it names another counterparty.
  return (x.booking_date === row[COL.booking_date] || x.value_date === row[COL.value_date]) && sameParty(x, row);
}

/** Whether `x` and `row` name the same counterparty, or one of them names none (a later state may add it). */
function sameParty(x: ExistingTransaction, row: TransactionRow): boolean {
  const name = row[COL.counterparty_name];
  return x.counterparty_name === null || name === null || name === undefined || x.counterparty_name === name;
}

/** `row` without its bank id: written over a stored row kept apart, whose id another transaction holds. */
function withoutRef(row: TransactionRow): TransactionRow {
  const copy = [...row];
  copy[COL.bank_ref] = null;
  return copy;
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

/**
 * The rows just inserted from a document that an earlier run read, which are that run's rows read anew: removed again,
 * with the stored transactions they are, by their new fingerprint. `undefined` when there are none.
 *
 * Same bytes, same place (the entry's path or line), same amount, currency, reversal and both dates, in the same
 * account: the same line of the same document, so the same transaction, whatever a newer parser now reads in its
 * other facts (a customer reference, remittance text, a transaction code). Only rows that nothing found by bank id,
 * fingerprint or second key get here, so a stored row is looked for only when the reading changed (or an earlier run
 * failed before storing the row). A row with a bank id is not taken for a stored one with another bank id: a reading
 * that changed the id itself is left to the bank-id rules.
 */
async function readAnew(
  w: ChunkWriter,
  accountId: string,
  reread: Reread,
  conflicts: readonly TransactionRow[],
): Promise<{ rows: TransactionRow[]; byKey: Map<string, PlacedTransaction>; contested: Claim[]; back: Set<string> } | undefined> {
  const conflicted = new Set(conflicts.map(rowFingerprint));
  const inserted = new Set(reread.fingerprints().filter((f) => !conflicted.has(f)));
  if (inserted.size === 0) return undefined;
  const rows = reread.rowsOf(inserted).filter((r) => r[COL.source_position] !== null);
  // The stored rows are found by the date their key leads with: the value date, else the booking date (a row first
  // stored without a value date kept a key led by its booking date).
  const dates = new Set<string>();
  for (const r of rows) {
    const value = r[COL.value_date] as string | null;
    const booking = r[COL.booking_date] as string | null;
    if (value !== null) dates.add(value);
    if (booking !== null) dates.add(booking);
  }
  if (dates.size === 0) return undefined;
  const stored = await w.findInDocument(accountId, reread.documentId, reread.runId, [...dates]);
  if (stored.length === 0 && reread.claims.size === 0) return undefined;
  // Two stored rows at one place name no single transaction: neither is taken.
  const byPlace = new Map<string, PlacedTransaction | null>();
  let unplaced = false;
  for (const x of stored) {
    if (x.source_position === null) unplaced = true;
    else byPlace.set(x.source_position, byPlace.has(x.source_position) ? null : x);
  }
  const byKey = new Map<string, PlacedTransaction>();
  // A row a line of the ingest found by a second key is that line's, also when the line is in a chunk written before
  // this one and left the row unchanged (the row is then not yet marked as this run's, which hides it from the lookup).
  const taken = new Set<string>(reread.keyed);
  const unmatched: TransactionRow[] = [];
  // Nor does a place that more than one line of the statement has (every record of BAI2 run together on one line was
  // on line 1 before such records got their `line:column` path) or an earlier statement of the account had, and a
  // stored row whose key a line of the statement has is that line's row (of two identical lines, the one not read anew
  // takes the other's occurrence number, and key). Taken, either was overwritten by this line while another line
  // claimed it too, and a transaction was gone.
  const { places, earlier, fingerprints } = reread.placing();
  for (const r of rows) {
    const at = r[COL.source_position] as string;
    const x = byPlace.get(at);
    if (
      x === undefined ||
      x === null ||
      taken.has(x.id) ||
      places.get(at) !== 1 ||
      earlier.has(at) ||
      fingerprints.has(x.fingerprint) ||
      !sameLine(x, r)
    ) {
      unmatched.push(r);
      continue;
    }
    taken.add(x.id);
    byKey.set(rowFingerprint(r), x);
  }
  // Rows stored before migration 0004 have no place: paired with this reading's lines where that cannot go wrong, they
  // are updated like the rest, and the update writes the line's place onto them (`unplaced.ts`).
  let left = unmatched;
  if (unplaced && unmatched.length > 0) {
    const pairs = pairUnplaced(unmatched, stored, reread.reading(), taken, conflicted);
    for (const [r, x] of pairs) {
      taken.add(x.id);
      byKey.set(rowFingerprint(r), x);
    }
    if (pairs.size > 0) left = unmatched.filter((r) => !pairs.has(r));
  }
  const back = new Set<string>();
  const contested = reread.claims.size === 0 || left.length === 0 ? [] : contest(reread.claims, left, taken, byKey, back);
  if (byKey.size === 0) return contested.length === 0 ? undefined : { rows: [], byKey, contested, back };
  const removed = await w.takeInserted(accountId, [...byKey.keys()]);
  const gone = new Set(removed.map(rowFingerprint));
  for (const f of byKey.keys()) if (!gone.has(f)) byKey.delete(f);
  return { rows: removed, byKey, contested, back };
}

/**
 * The claims (`Reread.claims`) on stored rows that a line of this chunk, which found nothing, would have taken too: by
 * the same place, or, for a row stored before migration 0004, by the same amount and dates. An earlier chunk cannot see
 * this chunk's lines, and this chunk cannot see the row any more (this ingest wrote it). Left so, the earlier line (a
 * line the old reading never stored, on line 1 of a BAI2 file run together, or of the same price and day) kept the later
 * line's row and its old key, this line was stored again, and the next import of the old reading wrote the later line's
 * old facts over the row: the earlier line's transaction was gone. So the earlier line is stored on its own (returned)
 * and the row goes back to this line only when it is clearly its own: the place the row was found at (or none) and the
 * row's counterparty and text, which the earlier line does not share. Otherwise this line too stays stored on its own,
 * and the row keeps the earlier line's facts until its old reading writes it back: a duplicate, never a loss.
 *
 * @param claims the account's claims; those returned are removed.
 * @param rows the chunk's rows (with a place) that nothing found.
 * @param taken ids of stored rows taken in this chunk; a row given back is added.
 * @param byKey this chunk's takes by fingerprint; a row given back is added.
 * @param back ids of the rows given back: written whatever the row found holds (it holds the earlier line now).
 */
function contest(
  claims: Map<string, Claim>,
  rows: readonly TransactionRow[],
  taken: Set<string>,
  byKey: Map<string, PlacedTransaction>,
  back: Set<string>,
): Claim[] {
  // The claimed rows by the place they were found at, or, found without one, by amount and dates.
  const byAt = new Map<string, string[]>();
  for (const [id, { stored: x }] of claims) {
    const k =
      x.source_position === null ? `-${lineKey(x.amount, x.currency, x.reversal, x.booking_date, x.value_date)}` : `@${x.source_position}`;
    const ids = byAt.get(k);
    if (ids === undefined) byAt.set(k, [id]);
    else ids.push(id);
  }
  const contested: Claim[] = [];
  for (const r of rows) {
    const line = rowLineKey(r);
    const ids = [...(byAt.get(`@${r[COL.source_position] as string}`) ?? []), ...(byAt.get(`-${line}`) ?? [])];
    for (const id of ids) {
      const claim = claims.get(id);
      if (claim === undefined || !sameLine(claim.stored, r)) continue;
      const x = claim.stored;
      claims.delete(id);
      contested.push(claim);
      const own = detailKey(line, x.counterparty_name, x.description);
      const mine = detailKey(line, r[COL.counterparty_name] as string | null, r[COL.description] as string | null);
      const theirs = detailKey(
        rowLineKey(claim.row),
        claim.row[COL.counterparty_name] as string | null,
        claim.row[COL.description] as string | null,
      );
      if (mine === own && theirs !== own && !taken.has(id)) {
        taken.add(id);
        back.add(id);
        byKey.set(rowFingerprint(r), x);
      }
      break;
    }
  }
  return contested;
}
