/**
 * Stored transactions of a document read before that have no place in it (stored before migration 0004, which added
 * `source_position`), paired with the lines of the document's current reading, so that a re-reading of such a document
 * by a newer parser updates them rather than storing them again. Only where the pairing cannot be wrong: a pairing that
 * took one line's row for another's could put two real transactions into one row, which is far worse than the
 * duplicate a missed pairing leaves.
 *
 * @module
 */
import type { PlacedTransaction, ReadingLines } from "./store-dialect.js";
import { COL, decimalKey, rowBankRef, type TransactionRow } from "./transaction-row.js";

const S = "\u001f";

/**
 * What a reading cannot change about a line of a document, as one key: amount, currency, reversal flag and its dates.
 * The booking date counts as the value date when there is none, as in the fingerprint's hash: lines that may share a
 * fingerprint always share this key, so counting lines by it never undercounts the lines that may claim a row.
 */
export function lineKey(amount: string, currency: string, reversal: number | string, booking: string | null, value: string | null): string {
  return `${decimalKey(amount)}${S}${currency}${S}${Number(reversal)}${S}${booking ?? value ?? ""}${S}${value ?? ""}`;
}

/** {@link lineKey} with the columns that tell apart lines of one amount and date: counterparty name and text. */
export function detailKey(line: string, counterparty: string | null, description: string | null): string {
  return `${line}${S}${counterparty ?? ""}${S}${description ?? ""}`;
}

/**
 * Whether stored `x` and `row`, from the same document, agree on what a reading cannot change. A bank id is one of those
 * facts once the row has it: a row with an id is the stored row only with the same id. Taken for a row without one, the
 * update wrote the id onto it for good (the id column is only ever filled), and if that row was another line's (a later
 * statement of the account, which the checks of a statement cannot see) the line, given back its own row, found that
 * row again by the id and was written over it. A reading that newly gives an id stores the line again (a duplicate).
 */
export function sameLine(x: PlacedTransaction, row: TransactionRow): boolean {
  const ref = rowBankRef(row);
  return (
    decimalKey(x.amount) === decimalKey(String(row[COL.amount])) &&
    x.currency === row[COL.currency] &&
    Number(x.reversal) === Number(row[COL.reversal]) &&
    x.booking_date === row[COL.booking_date] &&
    x.value_date === row[COL.value_date] &&
    (ref === null || x.bank_ref === ref)
  );
}

/** The {@link lineKey} of a row of the current reading. */
export function rowLineKey(r: TransactionRow): string {
  return lineKey(
    String(r[COL.amount]),
    r[COL.currency] as string,
    r[COL.reversal] as number,
    r[COL.booking_date] as string | null,
    r[COL.value_date] as string | null,
  );
}

/**
 * Pairs rows of the current reading that found nothing (not by bank id, fingerprint, second key or place) with stored
 * rows of the same document and account that have no place, returning each pair. A row and a stored row are paired
 * only when the stored row, without a bank id and taken by nothing else, is the document's one stored row of the
 * line's {@link lineKey} and the line is the reading's one line of it, or failing that, the same holds for their
 * {@link detailKey} (two coffees of one price on one day at two cafes); never when a statement of the account earlier
 * in this ingest had a line of the key, nor when a line of the statement has the stored row's fingerprint (the stored
 * row is that line's, unchanged). Anything else (two alike lines, a row since taken over by another document, which
 * leaves its line's stored count short) is left unpaired: the line is stored again.
 *
 * @param rows the rows (with a place) that nothing found.
 * @param stored the document's stored rows on the rows' dates, with a place or without, not written by this ingest.
 * @param taken ids of stored rows already taken by a row of the chunk.
 * @param conflicted fingerprints the chunk's rows found stored.
 */
export function pairUnplaced(
  rows: readonly TransactionRow[],
  stored: readonly PlacedTransaction[],
  reading: ReadingLines,
  taken: ReadonlySet<string>,
  conflicted: ReadonlySet<string>,
): Map<TransactionRow, PlacedTransaction> {
  const byLine = new Map<string, PlacedTransaction[]>();
  const ids = new Set<string>();
  for (const x of stored) {
    if (ids.has(x.id)) continue;
    ids.add(x.id);
    const k = lineKey(x.amount, x.currency, x.reversal, x.booking_date, x.value_date);
    const group = byLine.get(k);
    if (group === undefined) byLine.set(k, [x]);
    else group.push(x);
  }
  const pairs = new Map<TransactionRow, PlacedTransaction>();
  const paired = new Set<string>();
  for (const r of rows) {
    const k = rowLineKey(r);
    const group = byLine.get(k);
    if (group === undefined || (reading.earlier.get(k) ?? 0) > 0) continue;
    let x: PlacedTransaction | undefined;
    if (group.length === 1 && reading.lines.get(k) === 1) x = group[0];
    else {
      const d = detailKey(k, r[COL.counterparty_name] as string | null, r[COL.description] as string | null);
      const alike = group.filter((g) => detailKey(k, g.counterparty_name, g.description) === d);
      if (alike.length === 1 && reading.details.get(d) === 1) x = alike[0];
    }
    if (
      x === undefined ||
      x.source_position !== null ||
      x.bank_ref !== null ||
      taken.has(x.id) ||
      paired.has(x.id) ||
      conflicted.has(x.fingerprint) ||
      reading.fingerprints.has(x.fingerprint) ||
      !sameLine(x, r)
    )
      continue;
    paired.add(x.id);
    pairs.set(r, x);
  }
  return pairs;
}
