/**
 * The issues of one OFX parse, handed on as they are found. A damaged file can repeat one problem for every
 * transaction; after {@link MAX_PER_CODE} issues of a code, the rest are only counted, into one closing issue
 * per code at the end.
 *
 * @module
 */
import type { Issue, IssueSeverity } from "../../core/index.js";

/** Issues of one code listed before the rest are only counted. */
export const MAX_PER_CODE = 100;

/**
 * Errors after which a statement, or the rest of the document, is not read: a document left without statements
 * is refused with the first of these rather than with the first error of any kind (a bad date in a transaction
 * of a statement that then had no account number).
 */
const LOSES_STATEMENTS: ReadonlySet<string> = new Set([
  "OFX_ACCOUNT_MISSING",
  "OFX_CURRENCY_MISSING",
  "OFX_INVESTMENT_UNSUPPORTED",
  "OFX_SERVER_STATUS",
  "OFX_TEXT_TOO_LARGE",
]);

/** A warning reported once per document, at its end: built from how many times it was found. */
export interface OfxTallied {
  readonly message: string;
  /** Where the first was found. */
  readonly path: string;
  readonly details: Readonly<Record<string, unknown>>;
}

/** Where a tallied warning is counted: the document's {@link OfxIssues}, or a statement's {@link OfxTallies} until it is kept. */
export interface OfxTally {
  /**
   * Counts `count` findings of `code`; `at` is where the first of them is in the document (its value's place among
   * the values read), so that the first in the file is named however late it was found. `describe` words the warning
   * from the count; the one of the first in the file is kept.
   */
  tally(code: string, at: number, describe: (count: number) => OfxTallied, count?: number): void;
}

/**
 * Tallied warnings by code: how many, and the first in the file. A statement's are held in one until the statement is
 * kept, then added to the document's ({@link addTo}); a statement that is not read drops them, as its values were not
 * read.
 */
export class OfxTallies implements OfxTally {
  readonly #tallies = new Map<string, { count: number; at: number; describe: (count: number) => OfxTallied }>();

  tally(code: string, at: number, describe: (count: number) => OfxTallied, count = 1): void {
    const tally = this.#tallies.get(code);
    if (tally === undefined) this.#tallies.set(code, { count, at, describe });
    else {
      tally.count += count;
      if (at < tally.at) {
        tally.at = at;
        tally.describe = describe;
      }
    }
  }

  /** Adds these to `into`, and forgets them. */
  addTo(into: OfxTally): void {
    for (const [code, { count, at, describe }] of this.#tallies) into.tally(code, at, describe, count);
    this.#tallies.clear();
  }

  /** The warnings, worded from their counts, in the order of their first findings in the file; forgets them. */
  take(): { readonly code: string; readonly tallied: OfxTallied }[] {
    const taken = [...this.#tallies]
      .sort(([, a], [, b]) => a.at - b.at)
      .map(([code, { count, describe }]) => ({ code, tallied: describe(count) }));
    this.#tallies.clear();
    return taken;
  }
}

/** Hands issues on, capping each code at {@link MAX_PER_CODE}. */
export class OfxIssues implements OfxTally {
  readonly #emit: (issue: Issue) => void;
  readonly #counts = new Map<string, number>();
  readonly #severities = new Map<string, IssueSeverity>();
  /** Warnings counted for the end of the document (see {@link tally}). */
  readonly #tallies = new OfxTallies();
  /** The first error listed. */
  firstError: Issue | undefined;
  /** The first error that cost a whole statement, or the rest of the document: the likelier reason it has none. */
  firstLost: Issue | undefined;

  constructor(emit: (issue: Issue) => void) {
    this.#emit = emit;
  }

  /** Reports a finding at an XPath-like `path` (`""`: the whole document), or at a `line` of the document. */
  add(
    severity: IssueSeverity,
    code: string,
    message: string,
    path: string,
    details?: Readonly<Record<string, unknown>>,
    line?: number,
  ): void {
    const count = (this.#counts.get(code) ?? 0) + 1;
    this.#counts.set(code, count);
    if (count > MAX_PER_CODE) return;
    if (count === 1) this.#severities.set(code, severity);
    const issue: Issue = {
      severity,
      code,
      message,
      ...(path === "" ? {} : { path }),
      ...(line === undefined ? {} : { line }),
      ...(details === undefined ? {} : { details }),
    };
    if (this.firstError === undefined && severity === "error") this.firstError = issue;
    if (this.firstLost === undefined && severity === "error" && LOSES_STATEMENTS.has(code)) this.firstLost = issue;
    this.#emit(issue);
  }

  /**
   * Counts a warning of `code` that is reported once, when the document ends ({@link finish}), with how many times
   * it was found: for a way of writing values that a bank uses for every value, where one warning per value would
   * bury the others. `describe` words it from the count; the one of the first in the file (smallest `at`) is kept.
   */
  tally(code: string, at: number, describe: (count: number) => OfxTallied, count = 1): void {
    this.#tallies.tally(code, at, describe, count);
  }

  /** Hands on the counted warnings ({@link tally}), then one more issue per capped code, saying how many were left out. */
  finish(): void {
    for (const { code, tallied } of this.#tallies.take()) this.add("warning", code, tallied.message, tallied.path, tallied.details);
    for (const [code, count] of this.#counts) {
      if (count <= MAX_PER_CODE) continue;
      this.#emit({
        severity: this.#severities.get(code) ?? "warning",
        code,
        message: `${count - MAX_PER_CODE} more issues like this were not listed`,
        details: { omitted: count - MAX_PER_CODE },
      });
    }
  }
}
