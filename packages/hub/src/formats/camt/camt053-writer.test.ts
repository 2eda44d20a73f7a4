import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type CurrencyCode, type IsoDate, parseMoney, type Statement } from "../../core/index.js";
import { statementArb } from "../../core/test-support/arbitraries.js";
import { generateStatements } from "../../testing/statements.js";
import { parseCamt } from "./camt-parser.js";
import { camt053Writer } from "./camt053-writer.js";
import { camtStatementArb } from "./test-support/camt-arbitraries.js";
import { fixtureText, HAVE_CORPUS, SKIPPED, XSD_053_08 } from "./test-support/camt-corpus.js";
import { withoutSources } from "./test-support/camt-documents.js";
import { HAVE_XMLLINT, NO_XMLLINT, REQUIRE_TOOLS, validateAll } from "./test-support/xmllint.js";

const CAN_VALIDATE = HAVE_CORPUS && (HAVE_XMLLINT || REQUIRE_TOOLS);
const VALIDATION_SKIPPED = `${SKIPPED}${NO_XMLLINT}`;
const D = (s: string) => s as IsoDate;

function readBack(content: string): Statement[] {
  const parsed = parseCamt(content, { format: "camt.053", encoding: "utf-8" });
  expect(parsed.rejected).toBeUndefined();
  expect(parsed.issues).toEqual([]);
  return parsed.statements;
}

const base: Statement = {
  kind: "statement",
  id: "S-1",
  account: { id: "DE89370400440532013000", scheme: "iban", currency: "EUR" as CurrencyCode },
  createdAt: "2024-03-16T06:00:00+01:00" as Statement["createdAt"],
  openingBalance: { type: "openingBooked", amount: parseMoney("100.00", "EUR"), date: D("2024-03-15") },
  closingBalance: { type: "closingBooked", amount: parseMoney("100.00", "EUR"), date: D("2024-03-15") },
  balances: [],
  entries: [],
};

describe("camt053Writer", () => {
  it("describes itself for --to camt.053", () => {
    expect(camt053Writer).toMatchObject({ id: "camt.053", extension: "xml", mediaType: "application/xml" });
  });

  it("writes the full fixture back into the same statement, every fact included", () => {
    const first = parseCamt(fixtureText("camt053-full.xml"), { format: "camt.053", encoding: "utf-8" }).statements;
    const written = camt053Writer.write(first);
    expect(written.issues).toEqual([]);
    expect(readBack(written.content).map(withoutSources)).toEqual(first.map(withoutSources));
  });

  it("escapes markup, keeps a carriage return as a reference and astral characters as they are", () => {
    const name = 'Müller & Söhne <GmbH> "x"\r\n😀';
    const s: Statement = {
      ...base,
      entries: [{ amount: parseMoney("1.00", "EUR"), status: "booked", reversal: false, details: [], counterparty: { name } }],
    };
    const written = camt053Writer.write([s]);
    expect(written.content).toContain('<Nm>Müller &amp; Söhne &lt;GmbH&gt; "x"&#13;\n😀</Nm>');
    expect(readBack(written.content)[0]?.entries[0]?.counterparty?.name).toBe(name);
  });

  it("writes amounts at their own scale, and a debit as DBIT with the absolute amount", () => {
    const s: Statement = { ...base, entries: [{ amount: parseMoney("-12.50000", "EUR"), status: "booked", reversal: false, details: [] }] };
    const { content } = camt053Writer.write([s]);
    expect(content).toMatch(/<Ntry>\n\s*<Amt Ccy="EUR">12.50000<\/Amt>\n\s*<CdtDbtInd>DBIT<\/CdtDbtInd>/);
  });

  it("reports what camt.053.001.08 cannot hold as warnings, once per kind, and writes the rest", () => {
    const s: Statement = {
      ...base,
      kind: "export",
      balances: [
        { type: "online", amount: parseMoney("1", "CNY"), date: D("2024-03-15") },
        { type: "frozen", amount: parseMoney("1", "CNY"), date: D("2024-03-15") },
        { type: "frozen", amount: parseMoney("2", "CNY"), date: D("2024-03-15") },
      ],
      entries: [1, 2].map(() => ({
        amount: parseMoney("1.00", "EUR"),
        status: "booked" as const,
        reversal: true,
        reverses: "ORIG-1",
        fundsCode: "S",
        details: [],
        bankData: { reqnbr: "0029384756" },
        description: "x".repeat(600),
      })),
    };
    const { content, issues } = camt053Writer.write([s]);
    expect(issues.every((i) => i.severity === "warning" && i.code === "CAMT_WRITE_LOSSY")).toBe(true);
    const messages = issues.map((i) => i.message).join("\n");
    for (const lost of [
      "an export is written as a statement",
      "online has no ISO 20022 code",
      "frozen has no ISO 20022 code and is not written (2 times",
      "funds code",
      "reversed entry",
      'bank data "reqnbr"',
      "longer than 500",
    ]) {
      expect(messages).toContain(lost);
    }
    expect(issues.find((i) => i.message.includes("funds code"))).toMatchObject({
      path: "/statements/0/entries/0/fundsCode",
      details: { count: 2 },
    });
    expect(readBack(content)[0]?.entries[0]?.description).toBe("x".repeat(500));
  });

  it("gives a statement without balances the stand-in balance camt.053 requires, which reads back as none", () => {
    const s: Statement = { ...base, openingBalance: undefined, closingBalance: undefined };
    const { content, issues } = camt053Writer.write([s]);
    expect(issues).toEqual([]);
    expect(content).toContain("<Prtry>BANKBRIDGE-NO-BALANCE</Prtry>");
    const back = readBack(content)[0]!;
    expect([back.openingBalance, back.closingBalance, back.balances]).toEqual([undefined, undefined, []]);
  });

  it.skipIf(!CAN_VALIDATE)(
    `gives each of two statements without balances its stand-in, so the document validates${VALIDATION_SKIPPED}`,
    () => {
      const s: Statement = { ...base, openingBalance: undefined, closingBalance: undefined, balances: [] };
      const { content } = camt053Writer.write([s, { ...s, id: "SECOND" }]);
      expect(content.match(/BANKBRIDGE-NO-BALANCE/g)).toHaveLength(2);
      expect(validateAll([content], XSD_053_08).valid).toBe(true);
    },
  );

  it("is pure: the same statements give the same document, message id included", () => {
    const statements = [...generateStatements({ seed: 5, statements: 2, entriesPerStatement: 30 })];
    expect(camt053Writer.write(statements).content).toBe(camt053Writer.write(statements).content);
  });

  it("writes random statements that camt.053 carries in full so that they read back equal", () => {
    fc.assert(
      fc.property(fc.array(camtStatementArb({ maxEntries: 4 }), { minLength: 1, maxLength: 2 }), (statements) => {
        const written = camt053Writer.write(statements);
        expect(written.issues).toEqual([]);
        expect(readBack(written.content).map(withoutSources)).toEqual(statements);
      }),
      { numRuns: 150 },
    );
  });

  it.skipIf(!CAN_VALIDATE)(`writes random statements as documents xmllint validates against the ISO schema${VALIDATION_SKIPPED}`, () => {
    const documents = fc
      .sample(fc.array(camtStatementArb({ maxEntries: 4 }), { minLength: 1, maxLength: 2 }), { numRuns: 60, seed: 42 })
      .map((statements) => camt053Writer.write(statements).content);
    const result = validateAll(documents, XSD_053_08);
    expect(result.output).not.toContain("fails to validate");
    expect(result.valid).toBe(true);
  });

  it.skipIf(!CAN_VALIDATE)(
    `writes any canonical statement, whatever camt cannot hold, as a valid document the parser reads, never throwing${VALIDATION_SKIPPED}`,
    () => {
      const documents: string[] = [];
      fc.assert(
        fc.property(fc.array(statementArb({ maxEntries: 4, allFields: true }), { minLength: 1, maxLength: 2 }), (statements) => {
          const written = camt053Writer.write(statements);
          expect(written.issues.every((i) => i.severity === "warning" && i.code === "CAMT_WRITE_LOSSY")).toBe(true);
          const parsed = parseCamt(written.content, { format: "camt.053", encoding: "utf-8" });
          expect(parsed.rejected).toBeUndefined();
          expect(parsed.statements).toHaveLength(statements.length);
          if (documents.length < 60) documents.push(written.content);
        }),
        { numRuns: 200, seed: 7 },
      );
      const result = validateAll(documents, XSD_053_08);
      expect(result.output).not.toContain("fails to validate");
      expect(result.valid).toBe(true);
    },
  );
});

describe("camt053Writer with nothing dated or nothing at all (review of the gap list)", () => {
  const clock = () => new Date("2026-03-04T05:06:07Z");

  it("writes no document for no statement (the schema needs one) and says so with WRITE_NO_STATEMENTS", () => {
    expect(camt053Writer.write([], { now: clock })).toEqual({
      content: "",
      issues: [expect.objectContaining({ severity: "warning", code: "WRITE_NO_STATEMENTS" })],
    });
  });

  it("dates a message whose statements name no date by the clock, not 1970", () => {
    const { createdAt: _, openingBalance: __, closingBalance: ___, ...undated } = base;
    const { content } = camt053Writer.write([undated], { now: clock });
    expect(content).toContain("<CreDtTm>2026-03-04T05:06:07Z</CreDtTm>");
    expect(content).not.toContain("1970");
    expect(content).toContain("<Dt>2026-03-04</Dt>");
  });
});
