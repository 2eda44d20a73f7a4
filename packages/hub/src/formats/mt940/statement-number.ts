/**
 * `:28C:` (older files: `:28:`) statement number and sequence number, `5n[/5n]`.
 *
 * @module
 */

/** A `:28C:` field read into the statement number and the page within that statement. */
export interface StatementNumber {
  /** The statement number exactly as written (`00004`). */
  readonly statement: string;
  /**
   * The SWIFT sequence number: which message of a statement sent in several (`999/1`, `999/2`). It restarts at 1
   * for every statement, so it is a page number, not a running number.
   */
  readonly page?: number;
}

/**
 * Reads a `:28C:` field, or `undefined` when it is not digits with an optional `/` and digits. Banks write
 * longer numbers than the 5 digits SWIFT allows (`1810118101`); they are kept as written.
 *
 * @example parseStatementNumber("00004/00001") // { statement: "00004", page: 1 }
 */
export function parseStatementNumber(text: string): StatementNumber | undefined {
  const t = text.trim();
  // A third part (a "section", some banks) is accepted and not kept.
  const m = /^(\d{1,16})(?:\/(\d{1,16})(?:\/\d{1,16})?)?$/.exec(t);
  if (m === null || m[1] === undefined) return undefined;
  const page = m[2] === undefined ? undefined : Number(m[2]);
  return page === undefined || page === 0 ? { statement: m[1] } : { statement: m[1], page };
}
