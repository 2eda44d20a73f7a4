import { describe, expect, it } from "vitest";
import { type Issue, type Json, type Statement, statementToJson } from "../../core/index.js";
import { generateStatements } from "../../testing/statements.js";
import { writeParsedDocument } from "./streamed-json.js";

/** What `parse` printed for a document read whole before it was written in pieces: one JSON.stringify. */
function oneString(statements: readonly Statement[], issues: readonly Json[]): string {
  return JSON.stringify({ format: "mt940", encoding: "utf-8", statements: statements.map(statementToJson), issues }, null, 2);
}

async function pieces(statements: readonly Statement[], issues: readonly Json[]): Promise<string[]> {
  const written: string[] = [];
  await writeParsedDocument({ format: "mt940", encoding: "utf-8", statements }, issues, (text) => {
    written.push(text);
    return undefined;
  });
  return written;
}

const issue: Issue = { severity: "warning", code: "X_Y", message: "a finding", line: 3, details: { n: 1 } };
const issueJson: Json = { severity: issue.severity, code: issue.code, message: issue.message, line: 3, details: { n: 1 } };

describe("writeParsedDocument", () => {
  const many = [...generateStatements({ seed: 3, statements: 3, entriesPerStatement: 400 })];
  const cases: [string, Statement[], Json[]][] = [
    ["no statement, no issue", [], []],
    ["no statement, an issue", [], [issueJson]],
    ["a statement without entries", [{ ...(many[0] as Statement), entries: [] }], []],
    ["one statement of one entry", [{ ...(many[0] as Statement), entries: (many[0] as Statement).entries.slice(0, 1) }], [issueJson]],
    ["three statements of 400 entries (several pieces)", many, [issueJson, issueJson]],
  ];
  for (const [name, statements, issues] of cases) {
    it(`writes JSON.stringify's text to the character: ${name}`, async () => {
      expect((await pieces(statements, issues)).join("")).toBe(oneString(statements, issues));
    });
  }

  it("writes pieces of about 64 KiB, never the whole document at once", async () => {
    const written = await pieces(many, []);
    const whole = oneString(many, []).length;
    expect(whole).toBeGreaterThan(4 * 65_536);
    expect(written.length).toBeGreaterThan(3);
    // A piece is cut once it reaches 64 KiB: at most one entry's JSON more.
    for (const piece of written) expect(piece.length).toBeLessThan(65_536 + 8_192);
  });

  it("waits for a full output before writing more", async () => {
    let waiting = 0;
    let writes = 0;
    await writeParsedDocument({ format: "mt940", encoding: "utf-8", statements: many }, [], () => {
      expect(waiting).toBe(0);
      writes++;
      waiting++;
      return new Promise<void>((resolve) =>
        setTimeout(() => {
          waiting--;
          resolve();
        }, 1),
      );
    });
    expect(writes).toBeGreaterThan(3);
  });
});
