/**
 * The issues of one BAI2 parse, handed on as they are found. A damaged file can repeat one problem on every
 * line; after {@link MAX_PER_CODE} issues of a code, the rest are only counted, into one closing issue per
 * code at the end.
 *
 * @module
 */
import type { Issue, IssueSeverity } from "../../core/index.js";

/**
 * Where a record is: its 1-based line (0: none) and, when the document's records run together (several on a line),
 * its `line:column` as `path`, which tells the records of a line apart. Also an entry's `source`.
 */
export interface Bai2Position {
  readonly line: number;
  readonly path?: string;
}

/** A finding about the whole document, at no record. */
export const NO_POSITION: Bai2Position = { line: 0 };

/** Issues of one code listed before the rest are only counted. */
export const MAX_PER_CODE = 100;

/** Hands issues on, capping each code at {@link MAX_PER_CODE}. */
export class Bai2Issues {
  readonly #emit: (issue: Issue) => void;
  readonly #counts = new Map<string, number>();
  readonly #severities = new Map<string, IssueSeverity>();
  /** The first error listed whose code is not `BAI2_RECORD_INVALID`: why a document without accounts is refused. */
  refusal: Issue | undefined;
  /** Error issues found, listed or only counted: a document with any is not a clean "nothing to report" file. */
  errors = 0;

  constructor(emit: (issue: Issue) => void) {
    this.#emit = emit;
  }

  /** Reports a finding at the record at `at`. */
  add(severity: IssueSeverity, code: string, message: string, at: Bai2Position, details?: Readonly<Record<string, unknown>>): void {
    if (severity === "error") this.errors++;
    const count = (this.#counts.get(code) ?? 0) + 1;
    this.#counts.set(code, count);
    if (count > MAX_PER_CODE) return;
    if (count === 1) this.#severities.set(code, severity);
    const issue: Issue = {
      severity,
      code,
      message,
      ...(at.line > 0 ? { line: at.line } : {}),
      ...(at.path === undefined ? {} : { path: at.path }),
      ...(details === undefined ? {} : { details }),
    };
    if (this.refusal === undefined && severity === "error" && code !== "BAI2_RECORD_INVALID") this.refusal = issue;
    this.#emit(issue);
  }

  /** Hands on one more issue per capped code, saying how many were left out. */
  finish(): void {
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
