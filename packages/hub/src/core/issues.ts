/**
 * Findings reported by batch work (parsing, validation, ingest) instead of throwing halfway.
 *
 * @module
 */
import type { ErrorCode } from "./errors.js";

/** `error`: something was not read or not stored. `warning`: read, but a check failed or a value was doubtful. */
export type IssueSeverity = "error" | "warning";

/** One finding, with enough location to find it in the source. */
export interface Issue {
  readonly severity: IssueSeverity;
  /** Stable code: an {@link ErrorCode} or a format-specific finding code (see `docs/errors.md`). */
  readonly code: ErrorCode | (string & {});
  readonly message: string;
  /** 1-based line in the source document. */
  readonly line?: number;
  /**
   * Location in a structured document (JSON pointer-like or XPath-like), a spreadsheet cell (`B3`), or the
   * `line:column` of a record that shares its line with others (BAI2 records run together, `1:245`).
   */
  readonly path?: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

/** Result of batch work: what was produced and what was found on the way. */
export interface Report<T> {
  readonly items: readonly T[];
  readonly issues: readonly Issue[];
}
