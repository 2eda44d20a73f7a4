/**
 * A stream's events put back together in the whole-document shape (`{ statements, issues, rejected }`), so a test
 * can compare a streamed reading with `parse`'s.
 */
import type { Issue, Statement } from "../../core/index.js";
import type { StatementStreamEvent } from "../statement-stream.js";

/** Statements (each with its entries), issues and refusal of `events`. */
export async function streamResult(
  events: AsyncIterable<StatementStreamEvent>,
): Promise<{ statements: Statement[]; issues: Issue[]; rejected: Issue | undefined }> {
  const statements: Statement[] = [];
  const issues: Issue[] = [];
  let entries: Statement["entries"][number][] = [];
  let rejected: Issue | undefined;
  for await (const e of events) {
    if (e.type === "statement") entries = [];
    else if (e.type === "entry") entries.push(e.entry);
    else if (e.type === "statementEnd") statements.push({ ...e.statement, entries });
    else if (e.type === "issue") issues.push(e.issue);
    else if (e.type === "end") rejected = e.rejected;
  }
  return { statements, issues, rejected };
}
