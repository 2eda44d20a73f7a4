import { describe, expect, it } from "vitest";
import { statementToJson } from "../../core/index.js";
import { generateStatements } from "../../testing/statements.js";
import { createFormatRegistry } from "../registry.js";
import { runFormatContract } from "../test-support/format-contract.js";
import { canonicalJsonFormat } from "./canonical-json-format.js";

const encode = (v: unknown) => new TextEncoder().encode(JSON.stringify(v, null, 2));
const statements = [...generateStatements({ seed: 3, statements: 2, entriesPerStatement: 20 })];

runFormatContract({
  format: canonicalJsonFormat,
  samples: [
    { name: "one statement", bytes: encode(statementToJson(statements[0]!)), statements: 1 },
    { name: "a list of statements", bytes: encode(statements.map(statementToJson)), statements: 2 },
    {
      name: "a parse result",
      bytes: encode({ format: "camt.053", statements: statements.map(statementToJson), issues: [] }),
      statements: 2,
    },
  ],
  others: [{ name: "an XML document", bytes: new TextEncoder().encode('<?xml version="1.0"?><Document/>') }],
});

describe("canonical JSON format", () => {
  const registry = createFormatRegistry([canonicalJsonFormat]);

  it("does not recognise JSON that is not the model, and says why when told it is", () => {
    expect(registry.parse(encode({ hello: "world" })).rejected?.code).toBe("FORMAT_UNSUPPORTED");
    expect(registry.parse(encode({ hello: "world" }), { format: "canonical-json" }).rejected?.code).toBe("MODEL_INVALID");
  });

  it("keeps the valid statements of a list and reports the others", () => {
    const parsed = registry.parse(encode([statementToJson(statements[0]!), { account: 42 }]));
    expect(parsed.rejected).toBeUndefined();
    expect(parsed.statements).toHaveLength(1);
    expect(parsed.issues.map((i) => i.code)).toContain("MODEL_INVALID");
  });

  it("refuses another tool's JSON list or statements object of which nothing reads, and takes an empty list", () => {
    for (const other of [[{ account: "123", entries: [{ amount: 1 }] }], { statements: "none" }, { statements: [{ id: 7 }] }]) {
      const parsed = registry.parse(encode(other));
      expect(parsed.rejected?.code, JSON.stringify(other)).toBe("MODEL_INVALID");
      expect(parsed.statements).toEqual([]);
    }
    expect(registry.parse(encode([]), { format: "canonical-json" }).rejected).toBeUndefined();
    expect(registry.parse(encode({ statements: [] }), { format: "canonical-json" }).rejected).toBeUndefined();
  });

  it("checks that generated statements close: no BALANCE_MISMATCH", () => {
    const parsed = registry.parse(encode(statements.map(statementToJson)));
    expect(parsed.issues.filter((i) => i.code === "BALANCE_MISMATCH")).toEqual([]);
  });
});
