/**
 * The issues of one BAI2 parse. A damaged file can repeat one problem on every line; after
 * {@link MAX_PER_CODE} issues of a code, the rest are counted into one closing issue instead of listed.
 *
 * @module
 */
import type { Issue, IssueSeverity } from "../../core/index.js";

/** Issues of one code listed before the rest are only counted. */
export const MAX_PER_CODE = 100;

/** Collects issues, capping each code at {@link MAX_PER_CODE}. */
export class Bai2Issues {
  readonly #issues: Issue[] = [];
  readonly #counts = new Map<string, number>();

  /** Reports a finding at a 1-based `line` (0: no line). */
  add(severity: IssueSeverity, code: string, message: string, line: number, details?: Readonly<Record<string, unknown>>): void {
    const count = (this.#counts.get(code) ?? 0) + 1;
    this.#counts.set(code, count);
    if (count > MAX_PER_CODE) return;
    this.#issues.push({
      severity,
      code,
      message,
      ...(line > 0 ? { line } : {}),
      ...(details === undefined ? {} : { details }),
    });
  }

  /** The issues, with one more per capped code saying how many were left out. */
  list(): Issue[] {
    const out = [...this.#issues];
    for (const [code, count] of this.#counts) {
      if (count <= MAX_PER_CODE) continue;
      const first = this.#issues.find((i) => i.code === code);
      out.push({
        severity: first?.severity ?? "warning",
        code,
        message: `${count - MAX_PER_CODE} more issues like this were not listed`,
        details: { omitted: count - MAX_PER_CODE },
      });
    }
    return out;
  }
}
