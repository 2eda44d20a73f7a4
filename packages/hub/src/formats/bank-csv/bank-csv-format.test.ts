import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { formatMoney } from "../../core/index.js";
import { builtinFormats } from "../index.js";
import { createFormatRegistry } from "../registry.js";
import { runFormatContract } from "../test-support/format-contract.js";
import { bankCsvFormat } from "./bank-csv-format.js";
import { parseBankCsvStream } from "./parse-bank-csv-stream.js";
import { readBeancount } from "./test-support/beancount-reader.js";
import { DEG_EXAMPLES } from "./test-support/corpus.js";

/** Fixtures as plain Uint8Arrays (the contract suite mutates copies, which must not alias a Node Buffer). */
const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`fixtures/${name}`, import.meta.url)));
const text = (s: string) => new TextEncoder().encode(s);
const registry = createFormatRegistry(builtinFormats());

runFormatContract({
  format: bankCsvFormat,
  samples: [
    {
      name: "icbc-debit-v2-gb18030.csv (GB18030, padded cells, title lines, 合计 footer)",
      bytes: fixture("icbc-debit-v2-gb18030.csv"),
      statements: 1,
    },
    { name: "ccb-debit-reconstructed.csv (title lines, closing note)", bytes: fixture("ccb-debit-reconstructed.csv"), statements: 1 },
    { name: "generic-en-utf16le.csv (UTF-16LE with BOM)", bytes: fixture("generic-en-utf16le.csv"), statements: 1 },
  ],
  others: [
    { name: "an OFX document", bytes: text("OFXHEADER:100\nDATA:OFXSGML\n\n<OFX></OFX>") },
    { name: "an MT940 statement", bytes: text(":20:STARTUMS\n:25:10020030/1234567\n:28C:1/1\n:60F:C240101EUR100,00\n") },
    { name: "a QIF file", bytes: text("!Type:Bank\nD01/02/2024\nT-1.00\nPShop\n^\n") },
    {
      name: "a camt.053 document",
      bytes: text('<?xml version="1.0"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"></Document>'),
    },
    { name: "a CSV of something else", bytes: text("name,age\nalice,30\n") },
  ],
});

describe("bank-csv format", () => {
  it("reads an ICBC export in GB18030: the account from the title, padded cells trimmed, balances from the balance column", () => {
    const parsed = registry.parse(fixture("icbc-debit-v2-gb18030.csv"), { filename: "icbc.csv" });
    expect(parsed.format).toBe("bank-csv");
    expect(parsed.encoding).toBe("gb18030");
    const [s] = parsed.statements;
    expect(s?.account).toMatchObject({
      id: "6222****0001",
      scheme: "cn",
      currency: "CNY",
      bank: { cnBankCode: "102", name: "中国工商银行" },
    });
    expect(s?.entries.map((e) => [e.bookingDate, formatMoney(e.amount), e.counterparty?.name, e.description, e.source?.line])).toEqual([
      ["2024-03-01", "8000.00", "示例科技有限公司", "工资", 8],
      ["2024-03-02", "-56.80", "深圳市财付通支付科技有限公司", "消费", 9],
      ["2024-03-05", "-1000.00", "李四", "跨行汇款", 12],
    ]);
    expect(s?.entries[0]?.counterparty?.account).toBe("1100****0002");
    expect(s?.openingBalance).toMatchObject({ type: "openingBooked", date: "2024-03-01" });
    expect(formatMoney(s?.openingBalance?.amount ?? { minor: 0n, scale: 0, currency: "CNY" as never })).toBe("10000.00");
    expect(formatMoney(s?.closingBalance?.amount ?? { minor: 0n, scale: 0, currency: "CNY" as never })).toBe("16943.20");
  });

  it("reports the rows it cannot read with their line and reason, keeps the others, and never reads a bad amount as zero", () => {
    const parsed = registry.parse(fixture("icbc-debit-v2-gb18030.csv"));
    const errors = parsed.issues.filter((i) => i.severity === "error");
    expect(errors.map((i) => [i.code, i.line])).toEqual([
      ["BANK_CSV_ROW_INVALID", 10],
      ["BANK_CSV_AMOUNT_INVALID", 11],
    ]);
    expect(errors[1]?.message).toBe('line 11: debit "1,2O0.00" is not an amount; the row is not imported');
    expect(parsed.statements[0]?.entries.some((e) => e.amount.minor === 0n)).toBe(false);
    // The balances chain over the rows that were read, so the statement still closes.
    expect(parsed.issues.map((i) => i.code)).not.toContain("BALANCE_MISMATCH");
  });

  it("uses the caller's profile from formatOptions, validated, and refuses an invalid one with every mistake", () => {
    const profile = {
      id: "en-eur",
      name: "English EUR",
      dates: { formats: ["yyyy-MM-dd"] },
      amounts: { mode: "signed" },
      currency: "EUR",
      columns: { bookingDate: "Date", amount: "Amount", description: "Description" },
    };
    const ok = registry.parse(fixture("generic-en-utf16le.csv"), { format: "bank-csv", formatOptions: { profile } });
    expect(ok.statements[0]?.entries.map((e) => e.description)).toEqual(["Opening deposit", "Coffee, large", 'Refund "gift"']);
    const bad = registry.parse(fixture("generic-en-utf16le.csv"), {
      format: "bank-csv",
      formatOptions: { profile: { ...profile, amounts: { mode: "debitCredit" }, delimiter: ";;" } },
    });
    expect(bad.rejected?.code).toBe("PROFILE_INVALID");
    expect(bad.issues.map((i) => i.path)).toEqual(["/delimiter", "/columns/debit", "/columns/credit", "/columns/amount"]);
  });

  it("takes a built-in profile by id", () => {
    const parsed = registry.parse(fixture("ccb-debit-reconstructed.csv"), { format: "bank-csv", formatOptions: { profile: "ccb-debit" } });
    expect(parsed.statements[0]?.entries).toHaveLength(6);
    expect(
      registry.parse(fixture("ccb-debit-reconstructed.csv"), { format: "bank-csv", formatOptions: { profile: "ccb" } }).rejected?.code,
    ).toBe("PROFILE_INVALID");
  });

  it("reads the text again in the profile's encoding when the registry chose another one it can reverse", () => {
    const profile = {
      id: "latin",
      name: "Latin",
      encoding: "utf-16le",
      dates: { formats: ["yyyy-MM-dd"] },
      amounts: { mode: "signed" },
      currency: "EUR",
      columns: { bookingDate: "Date", amount: "Amount", description: "Description" },
    };
    // UTF-16LE without a BOM and with no ASCII majority is read as windows-1252 by the registry; the profile says better.
    const bytes = fixture("generic-en-utf16le.csv").subarray(2);
    const parsed = registry.parse(bytes, { format: "bank-csv", encoding: "windows-1252", formatOptions: { profile } });
    expect(parsed.statements[0]?.entries).toHaveLength(3);
  });

  it("reads the text again in the profile's 8-bit code page when the registry chose another (windows-1250 → ISO-8859-2)", () => {
    const profile = {
      id: "polish",
      name: "Polish",
      encoding: "iso-8859-2",
      dates: { formats: ["yyyy-MM-dd"] },
      amounts: { mode: "signed" },
      currency: "PLN",
      columns: { bookingDate: "Data", amount: "Kwota", description: "Opis" },
    };
    const csv = 'Data,Opis,Kwota\n2024-05-01,"Opłata za gaz, Łódź",-85.20\n2024-05-02,"Wypłata, Spółka Żywiec",1200.00\n';
    const high = new TextDecoder("iso-8859-2").decode(Uint8Array.from({ length: 128 }, (_, i) => 0x80 + i));
    const latin2 = new Map([...high].map((c, i) => [c, 0x80 + i]));
    const bytes = Uint8Array.from([...csv].map((c) => latin2.get(c) ?? c.charCodeAt(0)));
    // Told windows-1250, the registry reads Łódź as ŁódĽ; the profile's ISO-8859-2 reads it again from the same bytes.
    const parsed = registry.parse(bytes, { format: "bank-csv", encoding: "windows-1250", formatOptions: { profile } });
    expect(parsed.issues.filter((i) => i.code === "BANK_CSV_ENCODING_IGNORED")).toEqual([]);
    expect(parsed.statements[0]?.entries.map((e) => e.description)).toEqual(["Opłata za gaz, Łódź", "Wypłata, Spółka Żywiec"]);
  });

  it("chooses the profile after the blank lines a table starts with, whole and streamed, however it is cut (stop 26 gap)", async () => {
    // 100 KiB of blank lines (a download through a web proxy): the streaming parser chose its profile from its first
    // 64 KiB of bytes, which were nothing but blank lines, and refused the table as BANK_CSV_PROFILE_UNKNOWN.
    const table = fixture("icbc-debit-v2-gb18030.csv");
    const blank = text("\r\n".repeat(50 * 1024));
    const padded = new Uint8Array(blank.length + table.length);
    padded.set(blank);
    padded.set(table, blank.length);
    const unpadded = registry.parse(table, { filename: "icbc.csv" }).statements;
    const expected = registry.parse(padded, { filename: "icbc.csv" }).statements;
    expect(unpadded[0]?.entries.length).toBeGreaterThan(0);
    // The same statements, each entry's source line 51,200 lines further down.
    const lines = (list: typeof expected) => list.map((st) => ({ ...st, entries: st.entries.map((e) => ({ ...e, source: undefined })) }));
    expect(lines(expected)).toEqual(lines(unpadded));
    expect(expected[0]?.entries[0]?.source?.line).toBe((unpadded[0]?.entries[0]?.source?.line ?? 0) + 51_200);
    for (const size of [4096, 65_536, 1 << 20]) {
      const chunks: Uint8Array[] = [];
      for (let at = 0; at < padded.length; at += size) chunks.push(padded.subarray(at, at + size));
      let rejected: string | undefined;
      const entries: unknown[] = [];
      for await (const e of parseBankCsvStream(chunks, { filename: "icbc.csv" })) {
        if (e.type === "end") rejected = e.rejected?.code;
        if (e.type === "entry") entries.push(e.entry);
      }
      expect(rejected, `chunks of ${size}`).toBeUndefined();
      expect(entries, `chunks of ${size}`).toEqual(expected.flatMap((s) => s.entries));
    }
  });

  it("refuses a table no built-in profile recognises, pointing to --profile", () => {
    const parsed = registry.parse(text("name,age\nalice,30\n"), { format: "bank-csv" });
    expect(parsed.rejected?.code).toBe("BANK_CSV_PROFILE_UNKNOWN");
  });
});

describe.skipIf(DEG_EXAMPLES === undefined)("the CCB export reconstructed from upstream's output", () => {
  it("agrees with upstream's example-ccb-output.beancount (the corpus has no CCB records file)", () => {
    const parsed = registry.parse(fixture("ccb-debit-reconstructed.csv"));
    const upstream = readBeancount(readFileSync(`${DEG_EXAMPLES}ccb/example-ccb-output.beancount`, "utf8"));
    const ours = parsed.statements[0]?.entries ?? [];
    expect(parsed.statements[0]?.account.id).toBe("xxxxx*********xxxx");
    expect(ours.map((e) => [e.valueDate, formatMoney(e.amount), e.counterparty?.name, e.bankData?.place])).toEqual(
      upstream.map((t) => [t.date, t.postings.find((p) => p.account.startsWith("Assets:"))?.amount, t.payee, t.narration]),
    );
  });
});
