import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Json, statementsFromJson, statementToJson } from "./canonical-json.js";
import { addMoney, moneyEquals, sumMoney } from "./money.js";
import { BALANCE_TYPES } from "./statement.js";
import { statementArb } from "./test-support/arbitraries.js";

const doc = readFileSync(new URL("../../../../docs/model.md", import.meta.url), "utf8");

/** The bodies of the ```json fenced blocks of the page, with the heading each one follows. */
function jsonBlocks(markdown: string): { heading: string; text: string }[] {
  const out: { heading: string; text: string }[] = [];
  let heading = "";
  const lines = markdown.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.startsWith("## ")) heading = line;
    if (line.trim() !== "```json") continue;
    const end = lines.findIndex((l, j) => j > i && l.trim() === "```");
    expect(end, `unclosed json block after line ${i + 1}`).toBeGreaterThan(i);
    out.push({ heading, text: lines.slice(i + 1, end).join("\n") });
    i = end;
  }
  return out;
}

/** Every object key in a JSON tree, except the free-form names inside `bankData`. */
function keysOf(value: Json, into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const v of value) keysOf(v, into);
  else if (value !== null && typeof value === "object")
    for (const [k, v] of Object.entries(value)) {
      into.add(k);
      if (k !== "bankData") keysOf(v, into);
    }
  return into;
}

const blocks = jsonBlocks(doc);
const decoded = blocks.map((b) => ({ ...b, json: JSON.parse(b.text) as Json, result: statementsFromJson(JSON.parse(b.text)) }));

describe("docs/model.md", () => {
  it("has one json example, under the heading '## Full example'", () => {
    expect(blocks.map((b) => b.heading)).toEqual(["## Full example"]);
  });

  it("decodes every json example with the hub's decoder and zero issues", () => {
    for (const { result } of decoded) {
      expect(result.issues).toEqual([]);
      expect(result.statements.length).toBeGreaterThan(0);
    }
  });

  it("re-encodes every json example to exactly the same JSON, key order included", () => {
    for (const { json, result } of decoded) {
      const again: Json = { statements: result.statements.map(statementToJson) };
      expect(again).toStrictEqual(json);
      expect(JSON.stringify(again)).toBe(JSON.stringify(json));
    }
  });

  it("has balances that close: opening plus the booked entries equals closing, for every statement", () => {
    for (const s of decoded.flatMap((d) => d.result.statements)) {
      const { openingBalance: opening, closingBalance: closing } = s;
      expect(opening, "example statements have an opening balance").toBeDefined();
      expect(closing, "example statements have a closing balance").toBeDefined();
      const booked = s.entries.filter((e) => e.status === "booked").map((e) => e.amount);
      const computed = addMoney(opening!.amount, sumMoney(booked, opening!.amount.currency));
      expect(moneyEquals(computed, closing!.amount), `${s.account.id}: computed ${computed.minor} at scale ${computed.scale}`).toBe(true);
    }
  });

  it("shows every kind of entry the page promises: transfer, card payment, reversal and a two-detail batch, in EUR and CNY", () => {
    const statements = decoded.flatMap((d) => d.result.statements);
    expect(statements.map((s) => s.account.currency)).toEqual(expect.arrayContaining(["EUR", "CNY"]));
    const entries = statements.flatMap((s) => s.entries);
    const transfer = entries.find((e) => e.bankTransactionCode?.family === "RCDT");
    expect(transfer?.counterparty?.name).toBeDefined();
    expect(transfer?.remittance).toBeDefined();
    expect(transfer?.references?.endToEndId).toBeDefined();
    expect(entries.some((e) => e.bankTransactionCode?.family === "CCRD")).toBe(true);
    expect(entries.some((e) => e.reversal)).toBe(true);
    expect(entries.some((e) => e.batch !== undefined && e.details.length === 2)).toBe(true);
    const balanceTypes = statements.flatMap((s) => s.balances.map((b) => b.type));
    expect(balanceTypes).toEqual(expect.arrayContaining(["closingAvailable", "available"]));
  });

  it("documents every balance type in the balance-type table", () => {
    for (const type of BALANCE_TYPES) expect(doc, type).toMatch(new RegExp(`^\\| \`${type}\` \\|`, "m"));
  });

  it("names every field the encoder writes", () => {
    const written = new Set<string>();
    for (const s of fc.sample(statementArb({ allFields: true, maxEntries: 3 }), { numRuns: 300, seed: 20240315 })) {
      keysOf(statementToJson(s), written);
    }
    // The sample must reach the rarer fields, or this test would check less than it claims.
    expect(written).toContain("creditorReferenceIssuer");
    expect(written).toContain("lastPage");
    const missing = [...written].filter((key) => !doc.includes(`\`${key}\``));
    expect(missing, "fields the encoder writes that docs/model.md does not name").toEqual([]);
  });
});
