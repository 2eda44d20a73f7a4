import { describe, expect, it } from "vitest";
import { generateStatements } from "../testing/statements.js";
import { builtinWriters } from "./index.js";

describe("writers that write a statement at a time", () => {
  const statements = [...generateStatements({ seed: 11, statements: 4, entriesPerStatement: 25 })];
  const sessions = builtinWriters().filter((w) => w.begin !== undefined);

  it("are the CSV and MT940 writers", () => {
    expect(sessions.map((w) => w.id).sort()).toEqual(["csv", "mt940"]);
  });

  for (const writer of sessions) {
    it(`${writer.id}: joined, a session's texts and issues are write()'s, for no, one and several statements`, () => {
      for (const list of [[], statements.slice(0, 1), statements]) {
        const session = writer.begin?.();
        if (session === undefined) throw new Error("no session");
        let content = "";
        for (const s of list) content += session.statement(s);
        const end = session.end();
        expect({ content: content + end.content, issues: end.issues }).toEqual(writer.write(list));
      }
    });
  }
});
