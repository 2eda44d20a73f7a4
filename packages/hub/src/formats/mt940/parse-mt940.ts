/**
 * MT940/MT942 from one string: what the format registry calls. Runs the same reader as the streaming parser
 * and collects its statements.
 *
 * @module
 */
import type { Entry, Issue, Statement } from "../../core/index.js";
import type { FormatResult, ParseContext } from "../format.js";
import { mt940Issue } from "./mt940-issues.js";
import { createMt940Reader } from "./mt940-reader.js";

/**
 * The refusal for a document that gave no statement: not MT940 at all (`MT940_UNRECOGNISED`), or fields from
 * which no statement could be read (`MT940_NO_STATEMENT`); `undefined` when there were statements.
 */
export function mt940Rejection(found: { readonly statements: number; readonly sawField: boolean }): Issue | undefined {
  if (found.statements > 0) return undefined;
  return found.sawField
    ? mt940Issue("noStatement", "no statement could be read from the document's MT940/MT942 fields (see the other issues)")
    : mt940Issue("unrecognised", "the document has no MT940/MT942 field (:20:, :25:, :61:, …); it is not a SWIFT statement");
}

/**
 * Reads an MT940 (or, with `context.format` `mt942`, an MT942) document. Never throws: what cannot be read
 * becomes issues, and a document without any statement is refused.
 *
 * @example parseMt940(text, { format: "mt940", encoding: "utf-8" }).statements
 */
export function parseMt940(text: string, context: ParseContext): FormatResult {
  const statements: Statement[] = [];
  const issues: Issue[] = [];
  let entries: Entry[] = [];
  const reader = createMt940Reader(
    {
      statementStart() {
        entries = [];
      },
      entry(entry) {
        entries.push(entry);
      },
      statementEnd(statement) {
        statements.push({ ...statement, entries });
        entries = [];
      },
      issue(issue) {
        issues.push(issue);
      },
    },
    {
      kind: context.format === "mt942" ? "report" : "statement",
      ...(context.documentId === undefined ? {} : { documentId: context.documentId }),
    },
  );
  reader.feed(text);
  const rejected = mt940Rejection(reader.end());
  if (rejected === undefined) return { statements, issues };
  issues.push(rejected);
  return { statements: [], issues, rejected };
}
