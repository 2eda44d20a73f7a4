/**
 * The MT940 writer's findings. What cannot be written is said once per statement and kind of fact, with how
 * often and where first (`23 entries: counterparty addresses not written; first at /statements/0/entries/4`),
 * not once per entry: a camt statement converted to MT940 would otherwise drown the caller in warnings.
 *
 * @module
 */
import type { Issue } from "../../core/index.js";
import { type Mt940IssueKind, mt940Issue } from "./mt940-issues.js";

interface Finding {
  readonly kind: Mt940IssueKind;
  readonly what: string;
  readonly path: string;
  count: number;
}

/** Collects a statement's writing findings and turns them into issues. */
export class WriteReport {
  readonly issues: Issue[] = [];
  readonly #findings = new Map<string, Finding>();

  /** Notes that `what` happened at `path` (an entry or the statement). */
  note(kind: Mt940IssueKind, what: string, path: string): void {
    const key = `${kind}\u001f${what}`;
    const found = this.#findings.get(key);
    if (found === undefined) this.#findings.set(key, { kind, what, path, count: 1 });
    else found.count++;
  }

  /** Turns the statement's notes into issues. */
  flush(): void {
    for (const f of this.#findings.values()) {
      const message = f.count === 1 ? f.what : `${f.what} (${f.count} times; first at ${f.path})`;
      this.issues.push({ ...mt940Issue(f.kind, message), path: f.path, details: { count: f.count } });
    }
    this.#findings.clear();
  }
}
