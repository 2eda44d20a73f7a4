import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type CurrencyCode, type IsoDate, type IsoDateTime, parseMoney, type Statement } from "../../core/index.js";
import { statementArb } from "../../core/test-support/arbitraries.js";
import { parseCamt } from "./camt-parser.js";
import { camt054Writer } from "./camt054-writer.js";
import { camtStatementArb } from "./test-support/camt-arbitraries.js";
import { HAVE_CORPUS, SKIPPED, XSD_054_08 } from "./test-support/camt-corpus.js";
import { withoutSources } from "./test-support/camt-documents.js";
import { HAVE_XMLLINT, NO_XMLLINT, REQUIRE_TOOLS, validateAll } from "./test-support/xmllint.js";

const CAN_VALIDATE = HAVE_CORPUS && (HAVE_XMLLINT || REQUIRE_TOOLS);
const VALIDATION_SKIPPED = `${SKIPPED}${NO_XMLLINT}`;
const D = (s: string) => s as IsoDate;

function readBack(content: string): Statement[] {
  const parsed = parseCamt(content, { format: "camt.054", encoding: "utf-8" });
  expect(parsed.rejected).toBeUndefined();
  expect(parsed.issues).toEqual([]);
  return parsed.statements;
}

const notification: Statement = {
  kind: "notification",
  id: "N-1",
  account: { id: "DE89370400440532013000", scheme: "iban", currency: "EUR" as CurrencyCode },
  createdAt: "2026-03-02T10:15:07+01:00" as IsoDateTime,
  balances: [],
  entries: [
    {
      amount: parseMoney("-99.95", "EUR"),
      status: "booked",
      reversal: false,
      details: [],
      bookingDate: D("2026-03-02"),
      references: { accountServicerReference: "TX-1", endToEndId: "E2E-1" },
      counterparty: { name: "Supplier GmbH", account: "FR7630006000011234567890189", accountScheme: "iban" },
      remittance: { unstructured: ["Invoice INV-1"] },
    },
  ],
};

/** What camt.054.001.08 carries of a statement: all of it but its balances. */
function carried(s: Statement): Statement {
  return { ...s, kind: "notification", openingBalance: undefined, closingBalance: undefined, balances: [] };
}

describe("camt054Writer", () => {
  it("describes itself for --to camt.054", () => {
    expect(camt054Writer).toMatchObject({ id: "camt.054", extension: "xml", mediaType: "application/xml" });
  });

  it("writes a notification as Ntfctn under BkToCstmrDbtCdtNtfctn in the camt.054.001.08 namespace, read back equal", () => {
    const { content, issues } = camt054Writer.write([notification]);
    expect(issues).toEqual([]);
    expect(content).toContain('xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.08"');
    expect(content).toMatch(/<BkToCstmrDbtCdtNtfctn>[\s\S]*<Ntfctn>[\s\S]*<\/Ntfctn>[\s\S]*<\/BkToCstmrDbtCdtNtfctn>/);
    expect(content).not.toContain("<Bal>");
    expect(readBack(content).map(withoutSources)).toEqual([notification]);
  });

  it("reports a statement's balances as lost (camt.054 has none), once", () => {
    const withBalances: Statement = {
      ...notification,
      openingBalance: { type: "openingBooked", amount: parseMoney("1", "EUR"), date: D("2026-03-02") },
      balances: [{ type: "interimBooked", amount: parseMoney("1", "EUR"), date: D("2026-03-02") }],
    };
    const { content, issues } = camt054Writer.write([withBalances]);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ severity: "warning", code: "CAMT_WRITE_LOSSY", path: "/statements/0/balances" });
    expect(content).not.toContain("<Bal>");
  });

  it("writes random statements so that they read back equal but for their balances and kind", () => {
    fc.assert(
      fc.property(fc.array(camtStatementArb({ maxEntries: 3 }), { minLength: 1, maxLength: 2 }), (statements) => {
        const written = camt054Writer.write(statements.map(carried));
        expect(written.issues).toEqual([]);
        expect(readBack(written.content).map(withoutSources).map(carried)).toEqual(statements.map(carried));
      }),
      { numRuns: 40, seed: 54 },
    );
  });

  it.skipIf(!CAN_VALIDATE)(
    `writes any canonical statement as a document xmllint validates against the ISO schema${VALIDATION_SKIPPED}`,
    () => {
      const carriedDocs = fc.sample(fc.array(camtStatementArb({ maxEntries: 4 }), { minLength: 1, maxLength: 2 }), {
        numRuns: 30,
        seed: 42,
      });
      const any = fc.sample(fc.array(statementArb({ maxEntries: 4, allFields: true }), { minLength: 1, maxLength: 2 }), {
        numRuns: 30,
        seed: 7,
      });
      const documents = [[notification], ...carriedDocs, ...any].map((s) => camt054Writer.write(s).content);
      const result = validateAll(documents, XSD_054_08);
      expect(result.output).not.toContain("fails to validate");
      expect(result.valid).toBe(true);
    },
  );
});
