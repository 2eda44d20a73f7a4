/**
 * `bankbridge parse` output for a document read as a stream of events: the same JSON document as for a parsed
 * one (`{ format, encoding, statements, issues }`), written as the events come, so that a file of any size is
 * printed with memory for one entry. Each statement's `entries` come first in its object: they are written
 * before the statement's closing balance is read (JSON objects are unordered; the values are the same).
 *
 * @module
 */
import { entryToJson, type Issue, type Json, type Statement, statementToJson } from "../../core/index.js";
import { type StatementWriteSession, type StreamedDocument, type StreamFindings, wholeStatements } from "../../formats/index.js";

/** `json` pretty-printed as `JSON.stringify(json, null, 2)` does, for a place `depth` spaces in. */
function nested(json: Json, depth: number): string {
  return JSON.stringify(json, null, 2).replaceAll("\n", `\n${" ".repeat(depth)}`);
}

/** The rest of a statement object after its entries: its other members, from its end (or its head if it never ended). */
function statementTail(statement: Statement): string {
  const json = statementToJson(statement) as { [key: string]: Json };
  let out = "";
  for (const [key, value] of Object.entries(json)) if (key !== "entries") out += `,\n      ${JSON.stringify(key)}: ${nested(value, 6)}`;
  return `${out}\n    }`;
}

/** What writing a streamed document found: its refusal, if it was refused. */
export interface StreamedOutcome {
  readonly rejected?: Issue;
}

/**
 * Writes `doc` as the JSON document `parse` prints, piece by piece to `write` (without a final line break). When
 * `write` returns a promise (its output is full), nothing more is written until it settles. `extraIssues` is called once the
 * document's events are read, with its statements (entries left out), and its issues are appended to the
 * document's own, as for a parsed document. `issueJson` gives an issue's JSON.
 */
export async function writeStreamedDocument(
  doc: StreamedDocument,
  write: (text: string) => Promise<void> | undefined,
  extraIssues: (statements: readonly Statement[]) => readonly Issue[],
  issueJson: (issue: Issue) => Json,
): Promise<StreamedOutcome> {
  const put = async (text: string) => {
    const wait = write(text);
    if (wait !== undefined) await wait;
  };
  await put(
    `{\n  "format": ${JSON.stringify(doc.format ?? null)},\n  "encoding": ${JSON.stringify(doc.encoding ?? null)},\n  "statements": [`,
  );
  const issues: Issue[] = [];
  const statements: Statement[] = [];
  let rejected: Issue | undefined;
  let open: Statement | undefined;
  let written = 0;
  let entries = 0;
  const entriesEnd = () => (entries > 0 ? "\n      ]" : "]");
  for await (const batch of doc.batches) {
    // A batch's text is written at once: one write (and one wait) per batch, not per entry.
    let out = "";
    for (const event of batch) {
      switch (event.type) {
        case "statement":
          out += `${written++ > 0 ? "," : ""}\n    {\n      "entries": [`;
          open = event.statement;
          entries = 0;
          break;
        case "entry":
          out += `${entries++ > 0 ? "," : ""}\n        ${nested(entryToJson(event.entry), 8)}`;
          break;
        case "statementEnd":
          out += entriesEnd() + statementTail(event.statement);
          statements.push(event.statement);
          issues.push(...event.issues);
          open = undefined;
          break;
        case "issue":
          issues.push(event.issue);
          break;
        case "end":
          rejected = event.rejected;
          break;
      }
    }
    if (out !== "") await put(out);
  }
  // Refused inside a statement: what was read of it stands, closed with its head.
  if (open !== undefined) await put(entriesEnd() + statementTail(open));
  // A refused document takes no part in checks across files, as when it is read whole (its statements are dropped then).
  const all = [...issues, ...extraIssues(rejected === undefined ? statements : [])];
  await put(`${written > 0 ? "\n  ]" : "]"},\n  "issues": ${nested(all.map(issueJson), 2)}\n}`);
  return rejected === undefined ? {} : { rejected };
}

/**
 * Writes a document read whole as the JSON `parse` prints for it, `JSON.stringify(json, null, 2)` of `{ format,
 * encoding, statements, issues }` to the character, piece by piece to `write` (without a final line break): an entry
 * at a time, so that no string holds the whole document. As one string, the JSON of a document of more than a few
 * hundred megabytes exceeded V8's longest string, and `parse` failed after reading it (a 200 MB QIF file: `Invalid
 * string length`). `issues` are the document's and those found across files.
 */
export async function writeParsedDocument(
  doc: { readonly format?: string | undefined; readonly encoding?: string | undefined; readonly statements: readonly Statement[] },
  issues: readonly Json[],
  write: (text: string) => Promise<void> | undefined,
): Promise<void> {
  let out = `{\n  "format": ${JSON.stringify(doc.format ?? null)},\n  "encoding": ${JSON.stringify(doc.encoding ?? null)},\n  "statements": [`;
  // Gathered to about 64 KiB: one write (and one wait) per piece, not per entry.
  const put = async (text: string) => {
    out += text;
    if (out.length < 65_536) return;
    const wait = write(out);
    out = "";
    if (wait !== undefined) await wait;
  };
  let statements = 0;
  for (const statement of doc.statements) {
    await put(`${statements++ > 0 ? "," : ""}\n    {`);
    // The statement's members in statementToJson's order, its entries converted one by one where they belong.
    const head = statementToJson({ ...statement, entries: [] }) as { [key: string]: Json };
    let members = 0;
    for (const [key, value] of Object.entries(head)) {
      await put(`${members++ > 0 ? "," : ""}\n      ${JSON.stringify(key)}: `);
      if (key !== "entries" || statement.entries.length === 0) {
        await put(nested(value, 6));
        continue;
      }
      await put("[");
      let entries = 0;
      for (const entry of statement.entries) await put(`${entries++ > 0 ? "," : ""}\n        ${nested(entryToJson(entry), 8)}`);
      await put("\n      ]");
    }
    await put("\n    }");
  }
  out += `${statements > 0 ? "\n  ]" : "]"},\n  "issues": ${nested([...issues], 2)}\n}`;
  const wait = write(out);
  if (wait !== undefined) await wait;
}

/**
 * Writes `doc` in another format through a writer session, a statement at a time: each statement's entries are
 * held until its end, then written. Returns the document's findings, the writer's, and the refusal if any.
 */
export async function writeStreamedStatements(
  doc: StreamedDocument,
  session: StatementWriteSession,
  write: (text: string) => Promise<void> | undefined,
): Promise<{ readonly issues: readonly Issue[]; readonly writeIssues: readonly Issue[]; readonly rejected?: Issue }> {
  const put = async (text: string) => {
    const wait = write(text);
    if (wait !== undefined) await wait;
  };
  const findings: StreamFindings = { issues: [], rejected: undefined };
  let statements = 0;
  for await (const statement of wholeStatements(doc.batches, findings)) {
    statements++;
    await put(session.statement(statement));
  }
  const { issues, rejected } = findings;
  // A document refused before its first statement is not written (as read whole): an empty but valid file (BAI2's
  // 01 and 99) would import as a day without activity. One refused part-way is ended, keeping what was read.
  if (rejected !== undefined && statements === 0) return { issues, writeIssues: [], rejected };
  const end = session.end();
  await put(end.content);
  return { issues, writeIssues: end.issues, ...(rejected === undefined ? {} : { rejected }) };
}
