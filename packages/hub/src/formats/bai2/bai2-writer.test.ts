import { existsSync, readdirSync, readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type CurrencyCode,
  currencyExponent,
  type IsoDate,
  type IsoDateTime,
  type Money,
  parseMoney,
  type Statement,
} from "../../core/index.js";
import { statementArb } from "../../core/test-support/arbitraries.js";
import { createFormatRegistry } from "../registry.js";
import { bai2Format } from "./bai2-format.js";
import { bai2Writer } from "./bai2-writer.js";
import { generateBai2 } from "./sample-bai2.js";

const CORPUS = new URL("../../../../../../shared/corpus/", import.meta.url);
const MOJ = new URL("ministryofjustice+bai2/tests/data/", CORPUS);
const corpusNames = existsSync(MOJ) ? readdirSync(MOJ).filter((f) => f.endsWith(".bai2")) : [];
const registry = createFormatRegistry([bai2Format]);
const D = (s: string) => s as IsoDate;
/** Findings that say the file does not hold together: none may come from a file we wrote. */
const BROKEN = new Set(["CONTROL_TOTAL_MISMATCH", "RECORD_COUNT_MISMATCH", "BAI2_TRAILER_MISSING", "BALANCE_MISMATCH", "SUMMARY_MISMATCH"]);

/** Reads a file we wrote; `known` are the findings the statements already had (a corpus file whose balances do not close). */
function readBack(content: string, known: readonly string[] = []) {
  const parsed = registry.parse(new TextEncoder().encode(content), { format: "bai2" });
  expect(parsed.rejected).toBeUndefined();
  expect(parsed.issues.filter((i) => (BROKEN.has(i.code) && !known.includes(i.code)) || i.severity === "error")).toEqual([]);
  return parsed;
}

const withoutSource = (s: Statement): Statement => {
  const { source: _s, ...rest } = s;
  return { ...rest, entries: rest.entries.map(({ source: _e, ...e }) => e) };
};

/** A statement with only what BAI2 carries, as the parser gives it back. */
const carried: Statement = {
  kind: "statement",
  account: { id: "0123456789", scheme: "other", currency: "USD" as CurrencyCode, bank: { clearingCode: "121000358" } },
  createdAt: "2026-03-03T06:15" as IsoDateTime,
  period: { from: D("2026-03-02"), to: D("2026-03-02") },
  openingBalance: { type: "openingBooked", amount: parseMoney("12543.00", "USD"), date: D("2026-03-02") },
  closingBalance: { type: "closingBooked", amount: parseMoney("12040.50", "USD"), date: D("2026-03-02") },
  balances: [{ type: "closingAvailable", amount: parseMoney("-11000.00", "USD"), date: D("2026-03-02") }],
  summary: { credits: { count: 1, sum: parseMoney("2500.00", "USD") }, debits: { count: 2, sum: parseMoney("3002.50", "USD") } },
  entries: [
    {
      amount: parseMoney("2500.00", "USD"),
      status: "booked",
      reversal: false,
      bookingDate: D("2026-03-02"),
      valueDate: D("2026-03-02"),
      fundsCode: "0",
      references: { bankReference: "2026030200001", customerReference: "INV-1001" },
      remittance: { unstructured: ["ACH CREDIT ACME RETAIL, STORES", "OBI: INVOICE 2026/0042"] },
      bankTransactionCode: { proprietary: { code: "142", issuer: "BAI" } },
      description: "ACH Credit Received",
      details: [],
    },
    {
      amount: parseMoney("-3000.00", "USD"),
      status: "booked",
      reversal: false,
      bookingDate: D("2026-03-02"),
      valueDate: D("2026-03-04"),
      fundsCode: "V",
      references: { bankReference: "FW2603020042" },
      bankTransactionCode: { proprietary: { code: "495", issuer: "BAI" } },
      description: "Outgoing Money Transfer",
      details: [],
    },
    {
      amount: parseMoney("-2.50", "USD"),
      status: "booked",
      reversal: false,
      bookingDate: D("2026-03-02"),
      bankTransactionCode: { proprietary: { code: "698", issuer: "BAI" } },
      description: "Miscellaneous Fees",
      details: [],
    },
  ],
};

/** The minor units of a money in its currency's exponent, or undefined when it has more decimals. */
function units(m: Money): bigint | undefined {
  const e = currencyExponent(m.currency);
  if (m.scale <= e) return m.minor * 10n ** BigInt(e - m.scale);
  const f = 10n ** BigInt(m.scale - e);
  return m.minor % f === 0n ? m.minor / f : undefined;
}

describe("bai2Writer", () => {
  it("describes itself for --to bai2", () => {
    expect(bai2Writer).toMatchObject({ id: "bai2", extension: "bai" });
  });

  it("writes a statement that BAI2 carries in full so that it reads back equal, with trailers that add up", () => {
    const written = bai2Writer.write([carried]);
    expect(written.issues).toEqual([]);
    expect(written.content).toMatch(/^01,121000358,,260303,0615,[0-9a-f]{8},,,2\/\n02,,121000358,1,260302,2400,USD,2\//);
    expect(readBack(written.content).statements.map(withoutSource)).toEqual([carried]);
  });

  it("writes a report as interim same-day data at the moment of its interim balance", () => {
    const report: Statement = {
      ...carried,
      kind: "report",
      closingBalance: undefined,
      balances: [
        {
          type: "interimBooked",
          amount: parseMoney("12040.50", "USD"),
          date: D("2026-03-02"),
          dateTime: "2026-03-02T14:30" as IsoDateTime,
        },
      ],
    };
    const written = bai2Writer.write([report]);
    expect(written.issues).toEqual([]);
    expect(written.content).toContain("\n02,,121000358,1,260302,1430,USD,3/\n");
    expect(readBack(written.content).statements.map(withoutSource)).toEqual([report]);
  });

  it("reports what BAI2 cannot hold, once per kind, and still writes a file that holds together", () => {
    const s: Statement = {
      ...carried,
      id: "STMT-1",
      account: { ...carried.account, id: "DE89370400440532013000", scheme: "iban", holderName: "ACME" },
      entries: carried.entries.map((e) => ({ ...e, counterparty: { name: "Globex" }, references: { ...e.references, endToEndId: "E2E" } })),
    };
    const { content, issues } = bai2Writer.write([s]);
    expect(issues.every((i) => i.severity === "warning" && i.code === "BAI2_WRITE_LOSSY")).toBe(true);
    const messages = issues.map((i) => i.message).join("\n");
    for (const lost of [
      "statement's id",
      "account holder",
      "without its scheme",
      "counterparty is not written (BAI2 has no place for it) (3 times",
    ]) {
      expect(messages).toContain(lost);
    }
    readBack(content);
  });

  it("writes an opening balance dated the day before (MT940, camt) as the as-of day's opening ledger, so the file still checks", () => {
    const s: Statement = {
      ...carried,
      period: undefined,
      openingBalance: { ...carried.openingBalance!, date: D("2026-03-01") },
    };
    const { content, issues } = bai2Writer.write([s]);
    expect(content).toContain("03,0123456789,USD,010,1254300,,");
    expect(issues.map((i) => i.message)).toContain(
      "an opening balance dated before the as-of date is written as the as-of day's opening (its own date is not written)",
    );
    const back = readBack(content);
    expect(back.statements[0]?.openingBalance?.amount).toEqual(parseMoney("12543.00", "USD"));
    expect(back.issues.map((i) => i.code)).not.toContain("BALANCE_UNCHECKED");
    // A balance of a later day, or a closing one of an earlier day, is still left out and said so.
    const later = bai2Writer.write([{ ...s, balances: [{ ...s.balances[0]!, date: D("2026-03-01") }] }]);
    expect(later.content).not.toContain(",045,");
    expect(later.issues.map((i) => i.message)).toContain("a balance of another day than the statement's as-of date is not written");
  });

  it("writes the as-of time of a statement whose interim balances are of a moment, not 2400", () => {
    const file = [
      "01,S,R,240115,0800,1,,,2/",
      "02,R,S,1,240114,0800,USD,2/",
      "03,A,USD,030,500,,,060,400,,/",
      "49,900,2/",
      "98,900,1,4/",
      "99,900,1,6/",
    ];
    const first = readBack(`${file.join("\n")}\n`).statements;
    expect(first[0]?.balances.map((b) => b.dateTime)).toEqual(["2024-01-14T08:00", "2024-01-14T08:00"]);
    const written = bai2Writer.write(first);
    expect(written.content).toContain("02,,S,1,240114,0800,USD,2/");
    expect(readBack(written.content).statements[0]?.balances).toEqual(first[0]?.balances);
  });

  it("writes text lines that end in slashes so that they read back whole (review: a doubled / must only end non-text fields)", () => {
    const lines = ["PAYMENT INV 2024/", "SEE HTTP://", "ORG=/BNF/ACME INC//"];
    const s: Statement = { ...carried, entries: [{ ...carried.entries[0]!, remittance: { unstructured: lines } }] };
    const again = readBack(bai2Writer.write([s]).content, ["BALANCE_MISMATCH", "SUMMARY_MISMATCH"]).statements[0]?.entries[0];
    expect(again?.remittance?.unstructured).toEqual(lines);
  });

  it("writes a bank's own type codes (925, 199, 975) as they were read, not as 399/699", () => {
    const file = [
      "01,S,R,240115,0800,1,,,2/",
      "02,R,BANKX,1,240114,2400,USD,2/",
      "03,A,USD,010,0,,/",
      "16,925,100,Z/",
      "16,199,200,Z/",
      "16,975,50,Z/",
      "49,350,5/",
      "98,350,1,7/",
      "99,350,1,9/",
    ];
    const first = readBack(`${file.join("\n")}\n`).statements;
    const written = bai2Writer.write(first);
    expect(written.issues.map((i) => i.message).join("\n")).not.toContain("bank transaction code");
    const again = readBack(written.content).statements[0]?.entries ?? [];
    expect(again.map((e) => [e.bankTransactionCode?.proprietary?.code, e.amount.minor])).toEqual([
      ["925", 100n],
      ["199", 200n],
      ["975", -50n],
    ]);
    // Three digits of another scheme (a German GVC) are no BAI2 code (review).
    const german = {
      ...first[0]!,
      entries: [{ ...first[0]!.entries[1]!, bankTransactionCode: { proprietary: { code: "117", issuer: "DK" } } }],
    };
    const written2 = bai2Writer.write([german]);
    expect(written2.content).toContain("\n16,399,200,");
    expect(written2.issues.map((i) => i.message).join("\n")).toContain("bank transaction code");
  });

  it("is pure: the same statements give the same file, file id included", () => {
    expect(bai2Writer.write([carried]).content).toBe(bai2Writer.write([carried]).content);
  });

  const files = [
    { name: "fixture operating-accounts.bai2", text: readFileSync(new URL("fixtures/operating-accounts.bai2", import.meta.url), "latin1") },
    { name: "generated sample", text: [...generateBai2({ chars: 20_000, entriesPerAccount: 20 })].join("") },
    ...corpusNames.map((name) => ({ name: `ministryofjustice/bai2 ${name}`, text: readFileSync(new URL(name, MOJ), "latin1") })),
  ];
  it.each(files)("writes the statements of $name back with the same balances, totals and booked entries", ({ text }) => {
    const parsed = registry.parse(new TextEncoder().encode(text), { format: "bai2" });
    const first = parsed.statements;
    const again = readBack(
      bai2Writer.write(first).content,
      parsed.issues.map((i) => i.code),
    ).statements;
    expect(again).toHaveLength(first.length);
    first.forEach((s, i) => {
      const b = again[i]!;
      expect([b.openingBalance, b.closingBalance, b.balances, b.summary]).toEqual([
        s.openingBalance,
        s.closingBalance,
        s.balances,
        s.summary,
      ]);
      const booked = s.entries.filter((e) => e.status === "booked");
      expect(b.entries.map((e) => [e.amount, e.references, e.remittance, e.reversal])).toEqual(
        booked.map((e) => [e.amount, e.references, e.remittance, e.reversal]),
      );
    });
  });

  it("writes any canonical statement as a file the parser reads with every trailer right and the booked amounts kept", () => {
    fc.assert(
      fc.property(fc.array(statementArb({ maxEntries: 5, allFields: true }), { minLength: 1, maxLength: 3 }), (statements) => {
        const written = bai2Writer.write(statements);
        expect(written.issues.every((i) => i.severity === "warning" && i.code === "BAI2_WRITE_LOSSY")).toBe(true);
        const parsed = registry.parse(new TextEncoder().encode(written.content), { format: "bai2" });
        if (written.content.includes("\n03,")) {
          expect(parsed.rejected).toBeUndefined();
          expect(parsed.issues.filter((i) => i.code === "CONTROL_TOTAL_MISMATCH" || i.code === "RECORD_COUNT_MISMATCH")).toEqual([]);
        }
        const lossy = written.issues.some((i) => /currency|decimals|digits|no-currency/.test(i.message + String(i.path)));
        if (lossy) return;
        const expected = statements.flatMap((s) => s.entries.filter((e) => e.status === "booked").map((e) => units(e.amount)));
        const got = parsed.statements.flatMap((s) => s.entries.filter((e) => e.status === "booked").map((e) => units(e.amount)));
        expect(got).toEqual(expected);
      }),
      { numRuns: 150, seed: 2 },
    );
  });
});

describe("bai2Writer of no statement (review of the gap list)", () => {
  it("writes a file with nothing to report dated by the clock, not 1970, which reads back as one", () => {
    const written = bai2Writer.write([], { now: () => new Date("2026-03-04T05:06:07Z") });
    expect(written.issues).toEqual([]);
    expect(written.content).toMatch(/^01,BANKBRIDGE,,260304,0506,\w+,,,2\/\n99,0,0,2\/\n$/);
    const back = registry.parse(new TextEncoder().encode(written.content));
    expect([back.rejected, back.issues.map((i) => i.code)]).toEqual([undefined, ["BAI2_FILE_EMPTY"]]);
  });
});
