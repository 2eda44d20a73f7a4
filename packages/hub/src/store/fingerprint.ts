/**
 * Dedupe keys for transactions.
 *
 * Layer 1 is the bank's own id for a transaction, scoped to the account. Layer 2 is a fingerprint of the
 * facts a user cannot edit, for banks and formats that give no usable id. Two truly identical lines in one
 * statement (two coffees of the same price on the same day) are different transactions, so the fingerprint
 * carries an occurrence number: the n-th identical line of a statement gets `.n`. Re-importing the statement,
 * or an overlapping one that lists the same lines, produces the same keys.
 *
 * @module
 */

import * as crypto from "node:crypto";
import { createHash } from "node:crypto";
import { currencyExponent } from "../core/currency.js";
import { formatMoney, type Money } from "../core/money.js";
import type { Entry } from "../core/statement.js";

/** References banks write when they have none: never a dedupe key. */
const PLACEHOLDER_REFS: ReadonlySet<string> = new Set(["", "NONREF", "NOTPROVIDED", "NOT PROVIDED", "NONE", "N/A", "NA", "0", "-"]);

/** The longest placeholder ("NOT PROVIDED"): a longer reference is never one, and needs no upper-casing. */
const PLACEHOLDER_MAX = Math.max(...[...PLACEHOLDER_REFS].map((p) => p.length));

function usable(ref: string | undefined): string | undefined {
  if (ref === undefined) return undefined;
  const t = ref.trim();
  return t.length <= PLACEHOLDER_MAX && PLACEHOLDER_REFS.has(t.toUpperCase()) ? undefined : t;
}

/**
 * The layer-1 key: the servicer's reference (camt AcctSvcrRef), else the bank reference (MT940 `//`, 流水号),
 * prefixed with the direction and a reversal mark. Banks reuse the original's reference on its reversal
 * and on the opposite leg of some transfers, and those must stay separate transactions.
 * `undefined` when the bank gave no usable id.
 */
export function bankRefOf(entry: Entry): string | undefined {
  const ref = usable(entry.references?.accountServicerReference) ?? usable(entry.references?.bankReference);
  if (ref === undefined) return undefined;
  return `${entry.amount.minor < 0n ? "D" : "C"}${entry.reversal ? "R" : ""}:${ref}`;
}

// crypto.hash (Node ≥ 20.12) hashes a string in one call, without a Hash object per row.
const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: "base64url") => string }).hash;
function sha256(text: string): string {
  return oneShot === undefined ? createHash("sha256").update(text).digest("base64url") : oneShot("sha256", text, "base64url");
}

/**
 * Between the date that leads a fingerprint and its hash. Neither a date nor base64url holds it, so the two parts
 * never run together (migration 0002 relies on it to tell old keys from new).
 */
const DATE_MARK = ":";

/**
 * Values are compared as the bank wrote them, trimmed: fixed-width bank formats pad with spaces (CCB), and
 * two copies of one document never differ otherwise. (Case folding and space collapsing were measured at
 * 2 µs a row for no dedupe the trimmed values miss.)
 */
function norm(s: string | undefined): string {
  return s === undefined ? "" : s.trim();
}

/**
 * Hash of the facts that identify a transaction and that neither users nor a later booking change:
 * amount and currency, dates, direction of reversal, counterparty account and name, payer references,
 * remittance and the bank transaction code. Status is left out (pending becomes booked), and so are the
 * booking text and bank-specific data (formats of the same bank word them differently). `amountText` is
 * `formatMoney(entry.amount)` when the caller has it.
 *
 * The key is the entry's value date (else its booking date), `:`, then 22 characters of the hash:
 * `2024-03-01:Xq3…`. A hash alone sends every insert to a random page of the account's fingerprint index, so
 * each commit of a day's statement rewrote most of that index (SQLite writes every changed page to its WAL,
 * PostgreSQL a full page image after each checkpoint); led by the date, a day's keys land side by side, at the
 * index's end when statements arrive in date order. `npm run bench:ingest -- --rounds 3` (1,000,000 rows of one
 * account; `docs/benchmarks.md`, 2026-11-29, stop 13): ours on SQLite 38,300–42,100 → 56,600–57,200 tx/s, on
 * PostgreSQL 25,200–30,500 → 28,300–33,200.
 *
 * Both dates are hashed, so entries with the same hash have the same key date: no dedupe decision changes. The
 * value date leads rather than the booking date because it is the one a later booking keeps: a pending entry
 * has a value date and no booking date, and its booked state adds the booking date. A stored row keeps the key of
 * the state it was first stored in, while an update through the bank's id rewrites its date columns; migration
 * 0002, which dates keys stored before from those columns, is then still right as long as the value date stayed.
 */
export function fingerprintBase(entry: Entry, amountText: string = formatMoney(entry.amount)): string {
  return baseOf(entry, factsHash(entry, amountText));
}

/** The key of an entry from its {@link factsHash}, without occurrence number. */
function baseOf(entry: Entry, hash: string): string {
  return `${entry.valueDate ?? entry.bookingDate ?? ""}${DATE_MARK}${hash.slice(0, 22)}`;
}

/** The whole SHA-256 (base64url) of the facts {@link fingerprintBase} keys on. */
function factsHash(entry: Entry, amountText: string): string {
  const date = entry.bookingDate ?? entry.valueDate ?? "";
  const r = entry.references;
  const cp = entry.counterparty;
  const btc = entry.bankTransactionCode;
  const rem = entry.remittance;
  const S = "\u001f";
  // One concatenation rather than an array and join: this runs once per stored transaction.
  let text =
    amountKey(entry.amount, amountText) +
    S +
    entry.amount.currency +
    S +
    date +
    S +
    (entry.valueDate ?? "") +
    S +
    (entry.reversal ? "R" : "") +
    S +
    norm(cp?.account) +
    S +
    norm(cp?.name) +
    S +
    norm(r?.endToEndId) +
    S +
    norm(r?.mandateId) +
    S +
    norm(r?.chequeNumber) +
    S +
    norm(r?.customerReference) +
    S +
    norm(r?.instructionId) +
    S +
    (rem?.unstructured === undefined ? "" : norm(rem.unstructured.join(" "))) +
    S +
    (rem?.structured === undefined ? "" : rem.structured.map((x) => norm(x.creditorReference)).join(",")) +
    S +
    (btc === undefined ? "" : `${btc.domain ?? ""}/${btc.family ?? ""}/${btc.subFamily ?? ""}/${btc.proprietary?.code ?? ""}`) +
    S +
    entry.details.length;
  for (const d of entry.details) text += `,${d.amount === undefined ? "" : amountKey(d.amount)}`;
  return sha256(text);
}

/** The amount with trailing zeros beyond the currency's decimals removed, so "1.50000" and "1.50" agree. */
function amountKey(m: Money, text: string = formatMoney(m)): string {
  const keep = currencyExponent(m.currency);
  if (m.scale <= keep) return text;
  let end = text.length;
  const min = end - (m.scale - keep);
  while (end > min && text.charCodeAt(end - 1) === 48) end--;
  if (keep === 0 && end === min) end--; // "12.000" for JPY: drop the point too
  return text.slice(0, end);
}

/**
 * How often each facts hash has been seen so far in one statement: the state of {@link nextFingerprint}. Identical
 * facts are counted by their whole hash, a fresh flat string: counting by the key, which V8 holds as a
 * concatenation, flattened a copy of every key to hash it (0.65 µs a row against 0.25).
 */
export type Occurrences = Map<string, number>;

/**
 * The fingerprint of the next entry of a statement, asked for in entry order: {@link fingerprintBase} with the
 * occurrence number appended. A plain function over explicit state rather than a closure per statement: the ingest
 * calls it once per row, and V8's optimised code for a caller that inlines a closure is thrown away at the next full
 * garbage collection once that closure has died (see `ingest.ts`, `ChunkRows`).
 */
export function nextFingerprint(seen: Occurrences, entry: Entry, amountText: string = formatMoney(entry.amount)): string {
  const hash = factsHash(entry, amountText);
  const n = seen.get(hash) ?? 0;
  seen.set(hash, n + 1);
  return `${baseOf(entry, hash)}.${n}`;
}

/** {@link nextFingerprint} over a statement's own {@link Occurrences}. */
export function createFingerprinter(): (entry: Entry, amountText?: string) => string {
  const seen: Occurrences = new Map();
  return (entry, amountText) => nextFingerprint(seen, entry, amountText);
}

/** The same fingerprint with occurrence `n`. */
export function withOccurrence(fingerprint: string, n: number): string {
  return `${fingerprint.slice(0, fingerprint.lastIndexOf("."))}.${n}`;
}

/** The fingerprint without its occurrence number: the same for every occurrence of the same facts. */
export function withoutOccurrence(fingerprint: string): string {
  return fingerprint.slice(0, fingerprint.lastIndexOf("."));
}

/** The occurrence number of a fingerprint. */
export function occurrenceOf(fingerprint: string): number {
  return Number(fingerprint.slice(fingerprint.lastIndexOf(".") + 1));
}

/**
 * Bounds `[from, to)` of the fingerprints that lead with `date` (`YYYY-MM-DD`): the date itself and the next day.
 * Not `date + ":"` to `date + ";"`: a PostgreSQL database with a linguistic collation (en_US) ignores the
 * punctuation, so those bounds would miss every key; the next day's date bounds the keys in any collation that orders
 * digits, since the hash after the date only ever makes a key longer. Fingerprints without a date have none.
 */
export function keyDateRange(date: string): readonly [string, string] {
  const t = Date.parse(`${date}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(t)) return [`${date}:`, `${date};`];
  return [date, new Date(t + 86_400_000).toISOString().slice(0, 10)];
}
