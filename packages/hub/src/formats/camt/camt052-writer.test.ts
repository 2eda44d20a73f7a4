import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type CurrencyCode, type IsoDate, type IsoDateTime, parseMoney, type Statement } from "../../core/index.js";
import { statementArb } from "../../core/test-support/arbitraries.js";
import { parseCamt } from "./camt-parser.js";
import { camt052Writer } from "./camt052-writer.js";
import { camtStatementArb } from "./test-support/camt-arbitraries.js";
import { HAVE_CORPUS, SKIPPED, XSD_052_08 } from "./test-support/camt-corpus.js";
import { withoutSources } from "./test-support/camt-documents.js";
import { HAVE_XMLLINT, NO_XMLLINT, REQUIRE_TOOLS, validateAll } from "./test-support/xmllint.js";

const CAN_VALIDATE = HAVE_CORPUS && (HAVE_XMLLINT || REQUIRE_TOOLS);
const VALIDATION_SKIPPED = `${SKIPPED}${NO_XMLLINT}`;
const D = (s: string) => s as IsoDate;

function readBack(content: string): Statement[] {
  const parsed = parseCamt(content, { format: "camt.052", encoding: "utf-8" });
  expect(parsed.rejected).toBeUndefined();
  expect(parsed.issues).toEqual([]);
  return parsed.statements;
}

const report: Statement = {
  kind: "report",
  id: "R-1",
  account: { id: "HK0012345678", scheme: "other", currency: "HKD" as CurrencyCode },
  createdAt: "2026-03-02T14:30:00+08:00" as IsoDateTime,
  openingBalance: { type: "openingBooked", amount: parseMoney("1000.00", "HKD"), date: D("2026-03-02") },
  balances: [
    {
      type: "interimBooked",
      amount: parseMoney("1250.50", "HKD"),
      date: D("2026-03-02"),
      dateTime: "2026-03-02T14:30:00+08:00" as IsoDateTime,
    },
  ],
  entries: [{ amount: parseMoney("250.50", "HKD"), status: "booked", reversal: false, details: [], bookingDate: D("2026-03-02") }],
};

describe("camt052Writer", () => {
  it("describes itself for --to camt.052", () => {
    expect(camt052Writer).toMatchObject({ id: "camt.052", extension: "xml", mediaType: "application/xml" });
  });

  it("writes a report as Rpt under BkToCstmrAcctRpt in the camt.052.001.08 namespace, read back as a report", () => {
    const { content, issues } = camt052Writer.write([report]);
    expect(issues).toEqual([]);
    expect(content).toContain('xmlns="urn:iso:std:iso:20022:tech:xsd:camt.052.001.08"');
    expect(content).toMatch(/<BkToCstmrAcctRpt>[\s\S]*<Rpt>[\s\S]*<Cd>ITBD<\/Cd>[\s\S]*<\/Rpt>[\s\S]*<\/BkToCstmrAcctRpt>/);
    expect(readBack(content).map(withoutSources)).toEqual([report]);
  });

  it("writes a report without balances without a stand-in balance (camt.052 allows none)", () => {
    const { content, issues } = camt052Writer.write([{ ...report, openingBalance: undefined, balances: [] }]);
    expect(issues).toEqual([]);
    expect(content).not.toContain("<Bal>");
    expect(readBack(content)[0]?.balances).toEqual([]);
  });

  it("says when a statement of another kind is written as a report", () => {
    const { issues } = camt052Writer.write([{ ...report, kind: "statement" }]);
    expect(issues.map((i) => i.message)).toEqual([expect.stringContaining("a statement is written as a report")]);
  });

  it("writes random reports that camt.052 carries in full so that they read back equal", () => {
    fc.assert(
      fc.property(fc.array(camtStatementArb({ maxEntries: 3 }), { minLength: 1, maxLength: 2 }), (statements) => {
        const reports = statements.map((s): Statement => ({ ...s, kind: "report" }));
        const written = camt052Writer.write(reports);
        expect(written.issues).toEqual([]);
        expect(readBack(written.content).map(withoutSources)).toEqual(reports);
      }),
      { numRuns: 40, seed: 52 },
    );
  });

  it.skipIf(!CAN_VALIDATE)(
    `writes any canonical statement as a document xmllint validates against the ISO schema${VALIDATION_SKIPPED}`,
    () => {
      const carried = fc.sample(fc.array(camtStatementArb({ maxEntries: 4 }), { minLength: 1, maxLength: 2 }), { numRuns: 30, seed: 42 });
      const any = fc.sample(fc.array(statementArb({ maxEntries: 4, allFields: true }), { minLength: 1, maxLength: 2 }), {
        numRuns: 30,
        seed: 7,
      });
      const documents = [[report], [{ ...report, openingBalance: undefined, balances: [] }], ...carried, ...any].map(
        (s) => camt052Writer.write(s).content,
      );
      const result = validateAll(documents, XSD_052_08);
      expect(result.output).not.toContain("fails to validate");
      expect(result.valid).toBe(true);
    },
  );
});
