import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { detailToJson, entryToJson } from "./canonical-json.js";
import { detailJsonText, entryJsonText } from "./entry-json-text.js";
import { formatMoney, parseMoney } from "./money.js";
import type { Entry } from "./statement.js";
import { statementArb } from "./test-support/arbitraries.js";

const eur = (text: string) => parseMoney(text, "EUR");

describe("entryJsonText", () => {
  it("is JSON.stringify(entryToJson(…)) character for character, with and without the source", () => {
    fc.assert(
      fc.property(statementArb({ maxEntries: 4, allFields: true }), fc.boolean(), (s, source) => {
        for (const e of s.entries) {
          expect(entryJsonText(e, { source })).toBe(JSON.stringify(entryToJson(e, { source })));
          expect(entryJsonText(e, { source }, formatMoney(e.amount))).toBe(JSON.stringify(entryToJson(e, { source })));
          for (const d of e.details) expect(detailJsonText(d, { source })).toBe(JSON.stringify(detailToJson(d, { source })));
        }
      }),
      { numRuns: 300 },
    );
  });

  it("writes the shapes the arbitraries rarely reach: empty parts, a child with nothing, a bank field named __proto__", () => {
    const bankData = JSON.parse('{"__proto__":"x","a":"b"}') as Record<string, string>;
    const cases: Entry[] = [
      { amount: eur("1.00"), status: "booked", reversal: false, details: [] },
      {
        amount: eur("-2.5"),
        status: "pending",
        reversal: true,
        details: [{}, { amount: eur("1") }, { remittance: {} }],
        remittance: { structured: [{}] },
        bankTransactionCode: {},
        batch: {},
        counterparty: { address: [] },
        references: {},
        charges: [],
        bankData,
        source: { line: 3 },
      },
    ];
    for (const e of cases) {
      for (const source of [true, false]) expect(entryJsonText(e, { source })).toBe(JSON.stringify(entryToJson(e, { source })));
    }
    expect(entryJsonText(cases[1] as Entry)).toContain('"bankData":{"__proto__":"x","a":"b"}');
  });
});
