/**
 * What the MT940 reader produces, as calls in document order: the contract between the reader and its two
 * callers (the whole-document parser collects, the streaming parser yields).
 *
 * @module
 */
import type { Entry, Issue, Statement } from "../../core/index.js";

/** Where the reader hands its results, in document order: a statement's head, its entries, its end. */
export interface Mt940Sink {
  /** A statement's head (everything before its first entry; `entries` empty, no closing balance yet). */
  statementStart(statement: Statement): void;
  entry(entry: Entry): void;
  /** The complete statement except its entries (`entries` is empty: they were handed on one by one). */
  statementEnd(statement: Statement): void;
  issue(issue: Issue): void;
}
