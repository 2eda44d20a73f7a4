/**
 * Reads double-entry-generator's expected `.beancount` output, the independent oracle for the corpus: each
 * transaction's date, payee and narration, metadata, and postings with their signed amounts.
 */

/** One posting: `Assets:Bank 12.34 CNY` (amount absent for an elided posting). */
export interface BeancountPosting {
  readonly account: string;
  readonly amount?: string;
  readonly currency?: string;
}

/** One transaction. */
export interface BeancountTransaction {
  readonly date: string;
  readonly payee: string;
  readonly narration: string;
  readonly meta: Readonly<Record<string, string>>;
  readonly postings: readonly BeancountPosting[];
}

const HEADER = /^(\d{4}-\d{2}-\d{2})\s+[*!]\s+"((?:[^"\\]|\\.)*)"(?:\s+"((?:[^"\\]|\\.)*)")?/;
const META = /^\s+([A-Za-z][\w-]*):\s+"((?:[^"\\]|\\.)*)"/;
const POSTING = /^\s+([A-Z][\w:-]*[\w-])(?:\s+(-?[\d.]+)\s+([A-Z][A-Z0-9._-]*))?/;

/** The transactions of a beancount file, in file order (`open`, `option` and other directives are skipped). */
export function readBeancount(text: string): BeancountTransaction[] {
  const out: { date: string; payee: string; narration: string; meta: Record<string, string>; postings: BeancountPosting[] }[] = [];
  let current: (typeof out)[number] | undefined;
  for (const line of text.split(/\r?\n/)) {
    const h = HEADER.exec(line);
    if (h !== null) {
      // With one string it is the narration; with two, payee then narration.
      const unquote = (v: string) => v.replace(/\\(.)/g, "$1");
      const [payee, narration] = h[3] === undefined ? ["", unquote(h[2] ?? "")] : [unquote(h[2] ?? ""), unquote(h[3])];
      current = { date: h[1] ?? "", payee, narration, meta: {}, postings: [] };
      out.push(current);
      continue;
    }
    if (current === undefined || !/^\s/.test(line)) {
      current = undefined;
      continue;
    }
    const m = META.exec(line);
    if (m !== null) {
      current.meta[m[1] ?? ""] = (m[2] ?? "").replace(/\\(.)/g, "$1");
      continue;
    }
    const p = POSTING.exec(line);
    if (p !== null) {
      current.postings.push({
        account: p[1] ?? "",
        ...(p[2] === undefined ? {} : { amount: p[2] }),
        ...(p[3] === undefined ? {} : { currency: p[3] }),
      });
    }
  }
  return out;
}
