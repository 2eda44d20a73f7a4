/**
 * Compares our entries with double-entry-generator's expected `.beancount` output for the same export, the way
 * the bank-CSV corpus test does for CSV files: the same day (booking or value date), the same amount (upstream's
 * posting on the statement's own account, or minus its income and expense postings), and every word of
 * upstream's payee and narration found in what we read of the row.
 */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { type Entry, formatMoney, parseDecimal, type Statement } from "../../../core/index.js";
import { type BeancountTransaction, readBeancount } from "../../bank-csv/test-support/beancount-reader.js";

/** The shared corpus's double-entry-generator examples (`/work/shared/corpus/…/example/`), or `undefined` when absent. */
export const CORPUS_EXAMPLES: string | undefined = (() => {
  const dir = fileURLToPath(new URL("../../../../../../../shared/corpus/deb-sig+double-entry-generator/example/", import.meta.url));
  return existsSync(dir) ? dir : undefined;
})();

/** How upstream's postings relate to our amounts for one example. */
export interface UpstreamSides {
  /** Upstream's postings on the statement's own account: their sum is our signed amount. */
  readonly side?: RegExp;
  /** For payment platforms: our signed amount is minus the sum of these postings (income and expenses). */
  readonly counter?: RegExp;
  /** Upstream's stand-in payee for rows without one. */
  readonly placeholder?: string;
  /** Compare upstream's payee and narration with our texts. @default true */
  readonly texts?: boolean;
}

/** What the comparison found; a test asserts each count against its listed, reasoned differences. */
export interface Agreement {
  /** Upstream transactions with no entry of ours. */
  readonly missing: string[];
  /** Our entries upstream does not have. */
  readonly extra: string[];
  /** Matched, but with the opposite sign. */
  readonly signDiffers: string[];
  /** Matched by size only: upstream has no posting of our amount on the statement's side (own transfers, split fees). */
  readonly unsided: number;
  readonly matched: number;
}

const collapse = (s: string) => s.replace(/\s+/g, " ").trim();
const squeeze = (s: string) => s.replace(/\s+/g, "");

function micros(text: string): bigint {
  const d = parseDecimal(text);
  if (d === undefined) throw new Error(`not a decimal: ${text}`);
  return d.scale <= 6 ? d.units * 10n ** BigInt(6 - d.scale) : d.units / 10n ** BigInt(d.scale - 6);
}
const abs = (v: bigint) => (v < 0n ? -v : v);

/** Everything we read of a row as text. */
export function entryText(e: Entry): string {
  return collapse(
    [
      e.counterparty?.name,
      e.counterparty?.account,
      e.description,
      ...(e.remittance?.unstructured ?? []),
      e.bankTransactionCode?.proprietary?.code,
      ...Object.values(e.references ?? {}),
      ...Object.values(e.bankData ?? {}).map(String),
    ]
      .filter((v) => v !== undefined)
      .join(" "),
  );
}

function expected(t: BeancountTransaction, sides: UpstreamSides): { amount?: bigint; magnitudes: Set<bigint> } {
  const postings = t.postings.filter((p) => p.amount !== undefined && !/\d{6}$/.test(p.currency ?? ""));
  const values = postings.map((p) => micros(p.amount as string));
  const magnitudes = new Set(values.map(abs));
  // The money out in total, when upstream splits a fee off the same row.
  magnitudes.add(abs(values.filter((v) => v < 0n).reduce((a, b) => a + b, 0n)));
  const sum = (ps: typeof postings) => ps.reduce((s, p) => s + micros(p.amount as string), 0n);
  const side = sides.side === undefined ? [] : postings.filter((p) => sides.side?.test(p.account));
  const counter = sides.counter === undefined ? [] : postings.filter((p) => sides.counter?.test(p.account));
  const amount = side.length > 0 ? sum(side) : counter.length > 0 ? -sum(counter) : undefined;
  if (amount !== undefined) magnitudes.add(abs(amount));
  return { ...(amount === undefined ? {} : { amount }), magnitudes };
}

/** Compares `statements` with the `.beancount` file at `path`. */
export function compareWithUpstream(statements: readonly Statement[], path: string, sides: UpstreamSides): Agreement {
  const upstream = readBeancount(readFileSync(path, "utf8"));
  const pool = statements.flatMap((s) => s.entries);
  const missing: string[] = [];
  const signDiffers: string[] = [];
  let unsided = 0;
  let matched = 0;
  for (const t of upstream) {
    const want = expected(t, sides);
    const words = collapse([t.payee === sides.placeholder ? "" : t.payee, t.narration].join(" "))
      .split(/[\s-]+/)
      .filter((w) => /[\p{L}\p{N}]/u.test(w));
    const at = pool.findIndex((e) => {
      if (e.bookingDate !== t.date && e.valueDate !== t.date) return false;
      if (!want.magnitudes.has(abs(micros(formatMoney(e.amount))))) return false;
      const text = squeeze(entryText(e));
      return sides.texts === false || words.every((w) => text.includes(squeeze(w)));
    });
    if (at < 0) {
      missing.push(`${t.date} ${t.payee} / ${t.narration}`);
      continue;
    }
    const e = pool.splice(at, 1)[0] as Entry;
    matched++;
    const ours = micros(formatMoney(e.amount));
    if (want.amount === undefined || abs(want.amount) !== abs(ours)) unsided++;
    else if (want.amount !== ours) signDiffers.push(`${t.date} ${formatMoney(e.amount)} ${entryText(e)}`);
  }
  return { missing, extra: pool.map((e) => `${e.bookingDate} ${formatMoney(e.amount)} ${entryText(e)}`), signDiffers, unsided, matched };
}

/** Our entries as date, signed amount, counterparty and description. */
export function flatten(statements: readonly Statement[]): { date: string; amount: string; counterparty: string; description: string }[] {
  return statements.flatMap((s) =>
    s.entries.map((e) => ({
      date: e.bookingDate ?? "",
      amount: formatMoney(e.amount),
      counterparty: e.counterparty?.name ?? "",
      description: e.description ?? "",
    })),
  );
}
