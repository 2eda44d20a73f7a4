import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { bankCsvFormat } from "../bank-csv/index.js";
import type { StatementFormat } from "../format.js";
import { builtinFormats } from "../index.js";
import { createFormatRegistry } from "../registry.js";
import { runFormatContract } from "../test-support/format-contract.js";
import { excelFormats, xlsFormat, xlsxFormat } from "./excel-format.js";
import { CORPUS_EXAMPLES, compareWithUpstream, flatten } from "./test-support/upstream.js";
import { buildCfb, buildXls, cell } from "./test-support/xls-builder.js";
import { buildXlsx, buildZip } from "./test-support/zip-builder.js";

/** Every format once: the lead registers bank-csv and Excel in `builtinFormats`; until then they are added here. */
function allFormats(): StatementFormat[] {
  const list = [...builtinFormats()];
  for (const f of [bankCsvFormat, ...excelFormats]) if (!list.some((g) => g.id === f.id)) list.push(f);
  return list;
}
const registry = createFormatRegistry(allFormats());

/** A generic English statement (the built-in `generic-en` profile reads it): date, amount, payee, description. */
const header = ["Date", "Amount", "Payee", "Description"];
const lines: (string | number)[][] = [
  ["2024-03-01", -12.5, "Coffee Shop", "card payment"],
  ["2024-03-02", 2500, "ACME Ltd", "salary March"],
  ["2024-03-03", -0.1 - 0.2, "Bank", "fee"],
];
const sampleXlsx = buildXlsx({ sheets: [{ name: "Statement", rows: [["Account statement 2024-03"], [], header, ...lines] }] });
const sampleXls = buildXls({
  sst: [...header, ...lines.flatMap((l) => [String(l[0]), String(l[2]), String(l[3])])],
  sheets: [
    {
      name: "Statement",
      cells: [
        ...header.map((_, c) => cell.labelSst(0, c, 0, c)),
        ...lines.flatMap((l, r) => [
          cell.labelSst(r + 1, 0, 0, 4 + r * 3),
          cell.number(r + 1, 1, 0, l[1] as number),
          cell.labelSst(r + 1, 2, 0, 5 + r * 3),
          cell.labelSst(r + 1, 3, 0, 6 + r * 3),
        ]),
      ],
    },
  ],
});

const corpus = (relative: string) => (CORPUS_EXAMPLES === undefined ? undefined : new Uint8Array(readFileSync(CORPUS_EXAMPLES + relative)));
const corpusSamples = (files: readonly string[]) =>
  files.flatMap((f) => {
    const bytes = corpus(f);
    return bytes === undefined ? [] : [{ name: `corpus ${f}`, bytes, statements: 1 }];
  });

const text = (s: string) => new TextEncoder().encode(s);
const docx = buildZip([{ name: "word/document.xml", data: "<w:document/>" }]);
const word = buildCfb([{ name: "WordDocument", data: new Uint8Array(64) }]).bytes;

runFormatContract({
  format: xlsxFormat,
  samples: [
    { name: "generated generic English .xlsx", bytes: sampleXlsx, statements: 1 },
    ...corpusSamples(["wechat/example-wechat-records.xlsx"]),
  ],
  others: [
    { name: "a CSV export", bytes: text("Date,Amount\n2024-01-01,1.00\n") },
    { name: "a Word document (.docx)", bytes: docx },
    { name: "an .xls workbook", bytes: sampleXls },
  ],
});

runFormatContract({
  format: xlsFormat,
  samples: [
    { name: "generated generic English .xls", bytes: sampleXls, statements: 1 },
    ...corpusSamples(["citic/credit/example-citic-records.xls", "spdb_debit/example-spdb_debit-records.xls"]),
  ],
  others: [
    { name: "a tab-separated text export named .xls (华西证券)", bytes: text("成交日期\t证券代码\n20230212\t204001\n") },
    { name: "a Word 97 document", bytes: word },
    { name: "an .xlsx workbook", bytes: sampleXlsx },
  ],
});

describe("Excel formats through the registry", () => {
  it("are detected with --format auto and read with a built-in profile: numbers as shown, no float noise", () => {
    for (const [bytes, format] of [
      [sampleXlsx, "xlsx"],
      [sampleXls, "xls"],
    ] as const) {
      const parsed = registry.parse(bytes, { filename: `statement.${format}` });
      expect(parsed.format).toBe(format);
      expect(parsed.rejected).toBeUndefined();
      expect(flatten(parsed.statements).map((e) => [e.date, e.amount, e.counterparty])).toEqual([
        ["2024-03-01", "-12.5", "Coffee Shop"],
        ["2024-03-02", "2500", "ACME Ltd"],
        ["2024-03-03", "-0.3", "Bank"],
      ]);
    }
  });

  it("takes the caller's profile and sheet from formatOptions, and refuses a profile with mistakes", () => {
    const bytes = buildXlsx({
      sheets: [
        { name: "notes", rows: [["nothing here"]] },
        {
          name: "data",
          rows: [
            ["日期", "金额"],
            ["2024-01-05", -3],
          ],
        },
      ],
    });
    const profile = {
      id: "mine",
      name: "Mine",
      dates: { formats: ["yyyy-MM-dd"] },
      amounts: { mode: "signed" },
      currency: "CNY",
      columns: { bookingDate: "日期", amount: "金额" },
    };
    const parsed = registry.parse(bytes, { formatOptions: { profile, sheet: "data" } });
    expect(parsed.rejected).toBeUndefined();
    expect(flatten(parsed.statements).map((e) => [e.date, e.amount])).toEqual([["2024-01-05", "-3.00"]]);
    const missing = registry.parse(bytes, { formatOptions: { profile, sheet: "nope" } });
    expect(missing.rejected?.code).toBe("EXCEL_SHEET_NOT_FOUND");
    const bad = registry.parse(bytes, { formatOptions: { profile: { ...profile, colums: {} } } });
    expect(bad.rejected?.code).toBe("PROFILE_INVALID");
  });

  it("refuses a workbook no built-in profile recognises with BANK_CSV_PROFILE_UNKNOWN", () => {
    const parsed = registry.parse(
      buildXlsx({
        sheets: [
          {
            name: "s",
            rows: [
              ["a", "b"],
              ["1", "2"],
            ],
          },
        ],
      }),
    );
    expect(parsed.rejected?.code).toBe("BANK_CSV_PROFILE_UNKNOWN");
  });
});

const UPSTREAM_IGNORES = "upstream's config.yaml drops it with an `ignore: true` rule (a user's bookkeeping choice, not the file's)";

describe.skipIf(CORPUS_EXAMPLES === undefined)(
  "the corpus's Excel exports, read with --format auto, against double-entry-generator's output",
  () => {
    if (CORPUS_EXAMPLES === undefined) console.warn("skipped: the shared corpus (../shared/corpus) is not beside the repository");
    const dir = CORPUS_EXAMPLES ?? "";
    const parse = (relative: string) =>
      registry.parse(new Uint8Array(readFileSync(dir + relative)), { filename: relative.split("/").pop() ?? relative });

    it("CITIC credit card (.xls, BIFF8): upstream's 12 transactions, same days, signed amounts and texts", () => {
      const parsed = parse("citic/credit/example-citic-records.xls");
      expect(parsed.format).toBe("xls");
      expect(parsed.rejected).toBeUndefined();
      const a = compareWithUpstream(parsed.statements, `${dir}citic/credit/example-citic-credit-output.beancount`, {
        side: /^Liabilities:CreditCard:CITIC$/,
        placeholder: "CITIC",
      });
      expect(a).toMatchObject({ missing: [], signDiffers: [], unsided: 0, matched: 12 });
      // Deliberate: 云闪付APP-财付通(银联云闪付) -4.00 — UPSTREAM_IGNORES.
      expect(a.extra, UPSTREAM_IGNORES).toEqual([expect.stringContaining("-4.00 云闪付APP-财付通(银联云闪付)")]);
    });

    it("SPDB debit card (.xls, BIFF8): every transaction agrees, the account number read from the title row", () => {
      const parsed = parse("spdb_debit/example-spdb_debit-records.xls");
      expect(parsed.format).toBe("xls");
      expect(parsed.statements.map((s) => s.account.id)).toEqual(["6200000000001230"]);
      const a = compareWithUpstream(parsed.statements, `${dir}spdb_debit/example-spdb_debit-output.beancount`, {
        side: /^Assets:DebitCard:SPB1234$/,
      });
      expect(a).toEqual({ missing: [], extra: [], signDiffers: [], unsided: 0, matched: 4 });
    });

    it("WeChat Pay (.xlsx): upstream's 27 transactions, and exactly what the CSV export of the same bill gives", () => {
      const parsed = parse("wechat/example-wechat-records.xlsx");
      expect(parsed.format).toBe("xlsx");
      expect(parsed.rejected).toBeUndefined();
      const a = compareWithUpstream(parsed.statements, `${dir}wechat/example-wechat-output.beancount`, { counter: /^(Expenses|Income):/ });
      expect(a).toMatchObject({ missing: [], extra: [], signDiffers: [], matched: 27 });
      // Deliberate, as for the CSV export: 11 中性交易 rows (`/`: top-ups, withdrawals, 零钱通 moves, a card repayment,
      // fund purchases) are booked by upstream between the user's own accounts, with the fee split off; we keep them
      // as information entries with the amount as stated, so only their size is compared.
      expect(a.unsided).toBe(11);
      expect(flatten(parsed.statements)).toEqual(flatten(parse("wechat/example-wechat-records.csv").statements));
    });

    it("Haitong Securities (.xlsx): the cash of upstream's 8 trades, same days, signed amounts and texts", () => {
      const parsed = parse("htsec/example-htsec-records.xlsx");
      expect(parsed.format).toBe("xlsx");
      expect(parsed.rejected).toBeUndefined();
      // Upstream books each trade's cash in two postings (the trade and its commission) on a cash account its rules
      // name (Htsec:Cash, Rule1:Cash); their sum is 发生金额.
      const a = compareWithUpstream(parsed.statements, `${dir}htsec/example-htsec-output.beancount`, {
        side: /:Cash$/,
        placeholder: "htsec",
      });
      expect(a).toMatchObject({ missing: [], signDiffers: [], matched: 8 });
      // Deliberate: 豪美发债's subscription. The export's 发生金额 moves -1000.000 on 2022-01-26 (the payment) and 0 on
      // 2022-01-27 (the allotment); upstream computes the cash from quantity × price and books -1000 on the 27th. We
      // keep what the bank says moved on which day: our 26th is extra, and the 27th matches by day only.
      expect(a.extra).toEqual([expect.stringMatching(/^2022-01-26 -1000\.000 买-072988-豪美发债/)]);
      expect(a.unsided).toBe(1);
    });

    it("Hua Xi Securities (.xls that is really tab-separated GBK text) goes to bank-csv, not to the Excel reader", () => {
      const parsed = parse("hxsec/example-hxsec-records.xls");
      expect(parsed.format).toBe("bank-csv");
    });
  },
);
