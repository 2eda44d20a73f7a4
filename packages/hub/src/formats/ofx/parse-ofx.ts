/**
 * OFX and QFX from one string: what the format registry calls. Runs the same machine as the streaming parser
 * (`parse-ofx-stream.ts`) and collects its statements. See `ofx-machine.ts` for how the document is read and
 * `ofx-statement-builder.ts` for what becomes what.
 *
 * @module
 */
import type { Entry, Issue, Statement } from "../../core/index.js";
import type { FormatResult, ParseContext } from "../format.js";
import { OfxMachine } from "./ofx-machine.js";

/**
 * Parses an OFX or QFX document into one statement per bank or credit-card statement. Never throws on bad
 * input: what cannot be read becomes issues, and a document without any readable statement is refused.
 *
 * @example parseOfx(text, { format: "ofx", encoding: "windows-1252" }).statements
 */
export function parseOfx(text: string, _context: ParseContext): FormatResult {
  const statements: Statement[] = [];
  const issues: Issue[] = [];
  let entries: Entry[] = [];
  const machine = new OfxMachine({
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
  });
  machine.feed(text);
  const refused = machine.end();
  if (refused === undefined) return { statements, issues };
  if (!refused.issued) issues.push(refused.refusal);
  return { statements: [], issues, rejected: refused.refusal };
}
