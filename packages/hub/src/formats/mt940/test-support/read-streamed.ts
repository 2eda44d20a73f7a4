/**
 * What {@link parseMt940Stream} gives for a text, put back together into what {@link parseMt940} returns, so a test
 * can check the two readings are equal for the case it is about.
 */
import type { Entry, Issue, Statement } from "../../../core/index.js";
import type { ParseContext } from "../../format.js";
import { parseMt940Stream } from "../parse-mt940-stream.js";

/** The streamed reading of `text`, fed in chunks of `chunk` characters (cutting lines and fields anywhere). */
export async function readStreamed(
  text: string,
  context: ParseContext,
  chunk = 7,
): Promise<{ statements: Statement[]; issues: Issue[]; rejected?: Issue }> {
  const chunks: string[] = [];
  for (let at = 0; at < text.length; at += chunk) chunks.push(text.slice(at, at + chunk));
  return collectStreamed(chunks, context);
}

/** The events {@link parseMt940Stream} gives for `chunks`, put back together into what {@link parseMt940} returns. */
export async function collectStreamed(
  chunks: Iterable<string> | AsyncIterable<string>,
  context: ParseContext,
): Promise<{ statements: Statement[]; issues: Issue[]; rejected?: Issue }> {
  const statements: Statement[] = [];
  const issues: Issue[] = [];
  let entries: Entry[] = [];
  let rejected: Issue | undefined;
  for await (const event of parseMt940Stream(chunks, context)) {
    if (event.type === "statement") entries = [];
    else if (event.type === "entry") entries.push(event.entry);
    else if (event.type === "statementEnd") statements.push({ ...event.statement, entries });
    else {
      issues.push(event.issue);
      if (event.rejected === true) rejected = event.issue;
    }
  }
  return rejected === undefined ? { statements, issues } : { statements: [], issues, rejected };
}
