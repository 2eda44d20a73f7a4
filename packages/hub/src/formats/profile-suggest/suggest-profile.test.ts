import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatMoney } from "../../core/index.js";
import { applyProfile, type MappingProfile, readCsvRows, type TableRow, validateProfile } from "../bank-csv/index.js";
import { buildXlsx } from "../excel/test-support/zip-builder.js";
import { detectDelimiter, SuggestError, suggestDocument } from "./suggest-document.js";
import { type ProfileSuggestion, suggestProfile } from "./suggest-profile.js";

const rowsOf = (text: string, delimiter = ",") => [...readCsvRows(text, { delimiter })];
const field = (s: ProfileSuggestion, name: string) => s.columns.find((c) => c.field === name);
/** Date and signed amount of every entry the suggested profile reads from the rows it was made from. */
function readings(rows: readonly TableRow[], profile: MappingProfile | undefined): string[] {
  if (profile === undefined) return [];
  return applyProfile(rows, profile, { format: "bank-csv", encoding: "utf-8" }).statements.flatMap((st) =>
    st.entries.map((e) => `${e.bookingDate} ${formatMoney(e.amount)}`),
  );
}

describe("suggestProfile", () => {
  it("maps an English export with withdrawals, deposits and a running balance, and says the currency is unknown", () => {
    const rows = rowsOf(
      [
        "Date,Description,Withdrawals,Deposits,Balance",
        "2024-06-01,Opening transfer,,1000.00,1000.00",
        "2024-06-02,Coffee,3.50,,996.50",
        "2024-06-03,Rent,800.00,,196.50",
      ].join("\n"),
    );
    const s = suggestProfile(rows);
    expect(s.profile).toMatchObject({
      amounts: { mode: "debitCredit" },
      currency: "XXX",
      columns: { bookingDate: "Date", description: "Description", debit: "Withdrawals", credit: "Deposits", balance: "Balance" },
    });
    expect(field(s, "debit")?.evidence.join(" ")).toContain("the balances chain for 100% of neighbouring rows");
    expect(s.notes.join(" ")).toContain("set the account's currency");
    expect(readings(rows, s.profile)).toEqual(["2024-06-01 1000.00", "2024-06-02 -3.50", "2024-06-03 -800.00"]);
    expect(suggestProfile(rows, { currency: "EUR" }).profile?.currency).toBe("EUR");
  });

  it("reads the direction from a 借/贷 column when the amounts are unsigned", () => {
    const rows = rowsOf(
      ["交易日期,借贷标志,交易金额,对方户名,摘要", "2024-01-02,借,100.00,张三,转账", "2024-01-03,贷,50.00,李四,退款"].join("\n"),
    );
    const s = suggestProfile(rows);
    expect(s.profile?.amounts).toEqual({ mode: "direction", directions: { 借: "out", 贷: "in" } });
    expect(readings(rows, s.profile)).toEqual(["2024-01-02 -100.00", "2024-01-03 50.00"]);
  });

  it("lets the balance decide that a signed column is written from the other side", () => {
    const rows = rowsOf(["日期,金额,余额,摘要", "2024-01-02,100.00,900.00,消费", "2024-01-03,-50.00,950.00,退款"].join("\n"));
    const s = suggestProfile(rows);
    expect(s.profile?.amounts).toEqual({ mode: "signed", invert: true });
    expect(field(s, "amount")?.evidence.join(" ")).toContain("with the amounts inverted");
  });

  it("finds the header under title lines and stops at the totals", () => {
    const rows = rowsOf(
      [
        "XX银行交易明细",
        "账号：6222000011112222",
        "",
        "记账日期,交易金额,余额,摘要",
        "2024-01-02,-10.00,90.00,取款",
        "2024-01-03,5.00,95.00,利息",
        "合计,-5.00,,",
      ].join("\n"),
    );
    const s = suggestProfile(rows);
    expect(s.headerLine).toBe(4);
    expect(s.rows).toBe(2);
    expect(s.profile?.title?.account).toBeDefined();
    expect(s.check).toEqual({ entries: 2, problems: 0, codes: [] });
  });

  it("maps an export without a header by its contents alone: date, text, two exclusive amount columns and a balance", () => {
    const text = ["03/01/2024;SHOP A;12,50;;987,50", "03/02/2024;SALARY;;1000,00;1987,50", "03/05/2024;SHOP B;7,25;;1980,25"].join("\n");
    const rows = rowsOf(text, ";");
    const s = suggestProfile(rows, { delimiter: ";" });
    expect(s.headerLine).toBeUndefined();
    expect(s.profile).toMatchObject({
      header: { row: "none" },
      delimiter: ";",
      amounts: { mode: "debitCredit", decimalMark: ",", thousandsSeparator: "." },
      columns: { bookingDate: 0, description: 1, debit: 2, credit: 3, balance: 4 },
    });
    expect(s.profile?.dates.formats).toEqual(["M/d/yyyy"]);
    expect(readings(rows, s.profile)).toEqual(["2024-03-01 -12.50", "2024-03-02 1000.00", "2024-03-05 -7.25"]);
  });

  it("refers to a column by its index when its header name repeats", () => {
    const rows = rowsOf(["日期,金额,备注,备注", "2024-01-02,1.00,a,b"].join("\n"));
    const s = suggestProfile(rows);
    // 备注 is the closest to a description here, and it is ambiguous by name.
    expect(s.profile?.columns.description).toBe(2);
  });

  it("takes the year of month/day dates from the statement period in the title", () => {
    const rows = rowsOf(
      ["某银行信用卡对账单 2024年01月", "交易日,记账日,交易摘要,人民币金额", "12/30,12/31,还款,-100.00", "01/02,01/03,超市,56.78"].join(
        "\n",
      ),
    );
    const s = suggestProfile(rows);
    expect(s.profile?.title?.period).toBeDefined();
    expect(readings(rows, s.profile)).toEqual(["2023-12-31 100.00", "2024-01-03 -56.78"]);
  });

  it("proposes nothing, and says why, for a table without dates", () => {
    const s = suggestProfile(rowsOf("name,count\napples,3\npears,4\n"));
    expect(s.profile).toBeUndefined();
    expect(s.notes).toEqual(["no table found: no row has a date in it"]);
  });

  it("never throws on random tables, and every profile it proposes validates", () => {
    const cell = fc.oneof(
      fc.constantFrom(
        "",
        "交易日期",
        "金额",
        "余额",
        "摘要",
        "收/支",
        "支出",
        "收入",
        "Date",
        "Amount",
        "-",
        "/",
        "合计",
        "CNY",
        "借",
        "贷",
      ),
      fc.date({ min: new Date("2000-01-01"), max: new Date("2030-12-31"), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
      fc.double({ min: -1e6, max: 1e6, noNaN: true }).map((x) => x.toFixed(2)),
      fc.string({ maxLength: 12 }),
    );
    fc.assert(
      fc.property(fc.array(fc.array(cell, { maxLength: 8 }), { maxLength: 30 }), (table) => {
        const rows = table.map((cells, i) => ({ line: i + 1, cells }));
        const s = suggestProfile(rows);
        if (s.profile !== undefined) expect(validateProfile(s.profile).issues).toEqual([]);
        for (const c of s.columns) expect(c.confidence).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 300 },
    );
  });
});

describe("suggestDocument and detectDelimiter", () => {
  it("chooses the delimiter that splits rows most consistently, also for tab-padded comma exports", () => {
    expect(detectDelimiter("a\tb\tc\n1\t2\t3\n")).toBe("\t");
    expect(detectDelimiter("a;b;c\n1,5;2;3\n")).toBe(";");
    expect(detectDelimiter('日期     \t,金额     \t,"摘要   \t"\n2024-01-02     \t,1.00     \t,"x   \t"\n')).toBe(",");
  });

  it("detects GB18030 and reports it; the profile itself stays encoding auto", () => {
    // "交易日期,金额\n2024-01-02,1.00" in GB18030.
    const gb = Uint8Array.from([
      0xbd,
      0xbb,
      0xd2,
      0xd7,
      0xc8,
      0xd5,
      0xc6,
      0xda,
      0x2c,
      0xbd,
      0xf0,
      0xb6,
      0xee,
      0x0a,
      ...new TextEncoder().encode("2024-01-02,1.00\n2024-01-03,-2.00\n"),
    ]);
    const s = suggestDocument(gb);
    expect(s).toMatchObject({ kind: "csv", encoding: "gb18030", delimiter: "," });
    expect(s.profile?.encoding).toBeUndefined();
    expect(s.profile?.columns).toMatchObject({ bookingDate: "交易日期", amount: "金额" });
  });

  it("never throws anything but SuggestError on damaged CSV and Excel bytes", () => {
    const samples = [
      new TextEncoder().encode("交易日期,金额,摘要\n2024-01-02,-1.00,x\n2024-01-03,2.00,y\n"),
      buildXlsx({
        sheets: [
          {
            name: "s",
            rows: [
              ["交易日期", "金额"],
              ["2024-01-02", -1],
            ],
          },
        ],
      }),
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...samples),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 10 }),
        (sample, edits) => {
          const bytes = Uint8Array.from(sample);
          for (const [at, value] of edits) bytes[at % bytes.length] = value;
          try {
            suggestDocument(bytes);
          } catch (e) {
            expect(e).toBeInstanceOf(SuggestError);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
