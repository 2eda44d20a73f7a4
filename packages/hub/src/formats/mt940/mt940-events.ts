/**
 * The MT940 stream as the events every streaming parser gives (`StatementStreamEvent`): numbered statements,
 * each closed with its integrity findings from running totals, and a final `end`. `parseMt940Stream` keeps its
 * own lighter events for callers that only want entries; the registry streams through this.
 *
 * @module
 */
import type { Issue } from "../../core/index.js";
import { createContinuityCheck, createStatementTally } from "../checks.js";
import type { StatementStreamEvent } from "../statement-stream.js";
import type { Mt940StreamEvent } from "./parse-mt940-stream.js";

/** `events` of {@link parseMt940Stream} as {@link StatementStreamEvent}s, ending with `end`. */
export async function* mt940StatementEvents(
  events: AsyncIterable<Mt940StreamEvent>,
): AsyncGenerator<StatementStreamEvent, void, undefined> {
  const continuity = createContinuityCheck();
  let tally = createStatementTally();
  let statements = 0;
  let entries = 0;
  let index = -1;
  let inStatement = 0;
  let rejected: Issue | undefined;
  for await (const e of events) {
    switch (e.type) {
      case "statement":
        tally = createStatementTally();
        index = statements++;
        inStatement = 0;
        yield { type: "statement", index, statement: e.statement };
        break;
      case "entry":
        tally.add(e.entry);
        entries++;
        inStatement++;
        yield { type: "entry", statementIndex: index, entry: e.entry };
        break;
      case "statementEnd": {
        const issues = [...tally.issues(e.statement, index), ...continuity(e.statement, `/statements/${index}`)];
        yield { type: "statementEnd", index, statement: e.statement, entries: inStatement, issues };
        break;
      }
      case "issue":
        if (e.rejected === true) rejected = e.issue;
        yield { type: "issue", issue: e.issue };
        break;
    }
  }
  yield { type: "end", statements, entries, ...(rejected === undefined ? {} : { rejected }) };
}
