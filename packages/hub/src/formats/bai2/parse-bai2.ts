/**
 * BAI2 from one string: what the format registry calls. Runs the same machine as the streaming parser
 * (`parse-bai2-stream.ts`) and collects its statements.
 *
 * @module
 */
import type { Entry, Issue, Statement } from "../../core/index.js";
import type { FormatResult, ParseContext } from "../format.js";
import { Bai2Machine } from "./bai2-machine.js";

/**
 * Parses a BAI2 document into one statement per account. Never throws on bad input: what cannot be read
 * becomes issues, and a document without any readable account is refused.
 *
 * @example parseBai2(text, { format: "bai2", encoding: "utf-8" }).statements
 */
export function parseBai2(text: string, context: ParseContext): FormatResult {
  const statements: Statement[] = [];
  const issues: Issue[] = [];
  let entries: Entry[] = [];
  const machine = new Bai2Machine(
    {
      statement() {
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
    { documentId: context.documentId },
  );
  machine.feed(text);
  const refused = machine.end();
  if (refused === undefined) return { statements, issues };
  if (!refused.issued) issues.push(refused.refusal);
  return { statements: [], issues, rejected: refused.refusal };
}
