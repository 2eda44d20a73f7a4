import { describe, expect, it } from "vitest";
import { type Entry, formatMoney, type Issue, type Statement } from "../../core/index.js";
import type { FormatResult } from "../format.js";
import { type StreamFindings, wholeStatements } from "../statement-stream.js";
import { applyProfile } from "./apply-profile.js";
import { applyProfileStream } from "./apply-profile-stream.js";
import { createBankCsvParser } from "./bank-csv-parser.js";
import { readCsvRows } from "./csv-reader.js";
import type { MappingProfile } from "./mapping-profile.js";
import { parseBankCsvStream } from "./parse-bank-csv-stream.js";
import type { BankCsvEvent } from "./profile-applier.js";
import { encodeGb18030 } from "./test-support/gb18030-encoder.js";
import { validateProfile } from "./validate-profile.js";

const context = { format: "bank-csv", encoding: "utf-8" };

function profile(p: Record<string, unknown>): MappingProfile {
  const { profile: valid, issues } = validateProfile({
    id: "test",
    name: "Test bank",
    dates: { formats: ["yyyy-MM-dd"] },
    amounts: { mode: "signed" },
    currency: "CNY",
    account: { id: "ACC-0" },
    ...p,
  });
  expect(issues).toEqual([]);
  return valid as MappingProfile;
}

const apply = (text: string, p: MappingProfile): FormatResult =>
  applyProfile(readCsvRows(text, { delimiter: p.delimiter ?? "," }), p, context);
const amounts = (r: FormatResult) => r.statements.flatMap((s) => s.entries.map((e) => formatMoney(e.amount)));
const codes = (issues: readonly Issue[]) => issues.map((i) => i.code);

const signed = profile({
  title: { account: "账号[:：]\\s*(\\d+)", openingBalance: "期初余额[:：]\\s*([-\\d,.]+)" },
  columns: { bookingDate: "日期", amount: "金额", balance: "余额", description: "摘要", counterpartyName: "对方户名" },
});

describe("#applyProfile", () => {
  it("finds the header under title lines and reads the account and opening balance there", () => {
    const r = apply(
      "某银行账户明细\n账号：6222000011112222\n期初余额：1,000.00\n\n日期,金额,余额,摘要,对方户名\n2024-01-02,-10.00,990.00,消费,商户\n",
      signed,
    );
    expect(r.statements[0]?.account.id).toBe("6222000011112222");
    expect(r.statements[0]?.openingBalance).toMatchObject({ type: "openingBooked", date: "2024-01-02" });
    expect(formatMoney(r.statements[0]?.openingBalance?.amount as never)).toBe("1000.00");
    expect(r.statements[0]?.entries[0]).toMatchObject({ description: "消费", counterparty: { name: "商户" }, source: { line: 6 } });
  });

  it("trims the spaces and tabs around every cell, as ICBC pads them", () => {
    const r = apply('日期,金额,余额,摘要,对方户名\n2024-01-02   \t,"  -10.00\t",990.00,"消费    \t",\t商户 \n', signed);
    expect(r.statements[0]?.entries[0]).toMatchObject({ bookingDate: "2024-01-02", description: "消费", counterparty: { name: "商户" } });
    expect(amounts(r)).toEqual(["-10.00"]);
  });

  it("skips blank lines and subtotal rows, and ignores everything after a footer such as 合计", () => {
    const p = profile({ ...signed, id: "t2", skip: { rows: ["^小结"] } });
    const r = apply(
      "日期,金额,余额,摘要,对方户名\n2024-01-02,-10.00,990,a,\n\n小结,,,,\n2024-01-03,5.00,995,b,\n合计,-5.00,,,\n注：以上仅供参考,,\n2024-01-04,oops,,,\n",
      p,
    );
    expect(amounts(r)).toEqual(["-10.00", "5.00"]);
    expect(r.issues).toEqual([]);
  });

  it("reports each unreadable row with its line and reason and keeps the rest; a bad amount is never zero", () => {
    const r = apply(
      "日期,金额,余额,摘要,对方户名\n2024-01-02,-10.00,990,a,\n2024-02-30,1.00,,b,\n2024-01-03,12,34,,c,\n2024-01-04,,,d,\n2024-01-05,1e3,,e,\nnot a date,1,,f,\n2024-01-06,2.00,993,g,\n",
      signed,
    );
    expect(amounts(r)).toEqual(["-10.00", "12.00", "2.00"]);
    expect(r.issues.filter((i) => i.severity === "error").map((i) => [i.code, i.line])).toEqual([
      ["BANK_CSV_ROW_INVALID", 3],
      ["BANK_CSV_AMOUNT_MISSING", 5],
      ["BANK_CSV_AMOUNT_INVALID", 6],
      ["BANK_CSV_ROW_INVALID", 7],
    ]);
    expect(r.issues[0]?.message).toBe('line 3: "2024-02-30" is not a calendar date; the row is not imported');
  });

  it("derives opening and closing balances in time order, whether the file lists oldest or newest first", () => {
    const oldestFirst = apply(
      "日期,金额,余额,摘要,对方户名\n2024-01-01,100.00,1100.00,a,\n2024-01-02,-30.00,1070.00,b,\n2024-01-02,-20.00,1050.00,c,\n",
      signed,
    );
    const newestFirst = apply(
      "日期,金额,余额,摘要,对方户名\n2024-01-02,-20.00,1050.00,c,\n2024-01-02,-30.00,1070.00,b,\n2024-01-01,100.00,1100.00,a,\n",
      signed,
    );
    for (const r of [oldestFirst, newestFirst]) {
      const s = r.statements[0] as Statement;
      expect([formatMoney(s.openingBalance?.amount as never), s.openingBalance?.date]).toEqual(["1000.00", "2024-01-01"]);
      expect([formatMoney(s.closingBalance?.amount as never), s.closingBalance?.date]).toEqual(["1050.00", "2024-01-02"]);
      expect(s.entries.map((e) => e.bankData?.balanceAfter)).toContain("1070.00");
    }
    // Entries stay in the file's order.
    expect(newestFirst.statements[0]?.entries.map((e) => e.description)).toEqual(["c", "b", "a"]);
  });

  it("derives no balances from a balance column that does not follow the amounts, and says so", () => {
    const r = apply("日期,金额,余额,摘要,对方户名\n2024-01-01,1.00,50.00,a,\n2024-01-02,1.00,70.00,b,\n2024-01-03,1.00,20.00,c,\n", signed);
    expect(r.statements[0]?.openingBalance).toBeUndefined();
    expect(codes(r.issues)).toEqual(["BANK_CSV_BALANCE_UNCHAINED"]);
  });

  it("makes one statement per currency, each with its own balances", () => {
    const p = profile({
      columns: { bookingDate: "Date", amount: "Amount", currency: "Ccy", balance: "Balance" },
      account: { id: "ACC-1" },
    });
    const r = apply("Date,Amount,Ccy,Balance\n2024-01-01,10.00,HKD,110.00\n2024-01-01,5.00,人民币,5.00\n2024-01-02,-1.00,HKD,109.00\n", p);
    expect(
      r.statements.map((s) => [s.account.id, s.account.currency, s.entries.length, formatMoney(s.closingBalance?.amount as never)]),
    ).toEqual([
      ["ACC-1", "HKD", 2, "109.00"],
      ["ACC-1", "CNY", 1, "5.00"],
    ]);
  });

  it("reads debit and credit columns, and refuses a row with both", () => {
    const p = profile({ amounts: { mode: "debitCredit" }, columns: { bookingDate: "日期", debit: "借方发生额", credit: "贷方发生额" } });
    const r = apply(
      '日期,借方发生额,贷方发生额\n2024-01-01,"1,000.50",\n2024-01-02,,20\n2024-01-03,0.00,\n2024-01-04,1,2\n2024-01-05,,\n',
      p,
    );
    expect(amounts(r)).toEqual(["-1000.50", "20.00", "0.00"]);
    expect(codes(r.issues)).toEqual(["BANK_CSV_AMOUNT_INVALID", "BANK_CSV_AMOUNT_MISSING"]);
  });

  it("reads an amount with a direction column through the profile's values, by prefix too, and never guesses an unknown one", () => {
    const p = profile({
      amounts: {
        mode: "direction",
        directions: { 收: "in", 支: "out", 借: "out", 贷: "in", D: "out", C: "in", 不计收支: "none", 消费: "out" },
      },
      columns: { bookingDate: "日期", amount: "金额", direction: "方向" },
    });
    const r = apply(
      "日期,金额,方向\n2024-01-01,5,收\n2024-01-01,6,借\n2024-01-01,7,C\n2024-01-01,8,消费 美团\n2024-01-01,9,不计收支\n2024-01-01,10,?\n",
      p,
    );
    const entries = r.statements[0]?.entries as Entry[];
    expect(entries.map((e) => [formatMoney(e.amount), e.status])).toEqual([
      ["5.00", "booked"],
      ["-6.00", "booked"],
      ["7.00", "booked"],
      ["-8.00", "booked"],
      ["9.00", "information"],
    ]);
    expect(r.issues.map((i) => [i.code, i.line])).toEqual([["BANK_CSV_DIRECTION_UNKNOWN", 7]]);
  });

  it("reads decimal commas, dates with times in several formats, a time column and a value date", () => {
    const p = profile({
      delimiter: ";",
      dates: { formats: ["dd.MM.yyyy", "yyyy/M/d H:mm:ss", "yyyyMMdd"], timeFormats: ["HHmmss"] },
      amounts: { mode: "signed", decimalMark: ",", thousandsSeparator: "." },
      columns: { bookingDate: "Buchungstag", bookingTime: "Zeit", valueDate: "Valuta", amount: "Betrag" },
    });
    const r = apply("Buchungstag;Zeit;Valuta;Betrag\n31.01.2024;101500;20240201;-1.234,56\n2024/2/1 9:05:00;;;7,5\n", p);
    expect(r.statements[0]?.entries.map((e) => [e.bookingDate, e.bookingDateTime, e.valueDate, formatMoney(e.amount)])).toEqual([
      ["2024-01-31", "2024-01-31T10:15:00", "2024-02-01", "-1234.56"],
      ["2024-02-01", "2024-02-01T09:05:00", undefined, "7.50"],
    ]);
  });

  it("gives dates without a year the statement's year, and the year before to later months", () => {
    const p = profile({
      title: { period: "(?<year>\\d{4})年(?<month>\\d{1,2})月" },
      dates: { formats: ["MM/dd"] },
      columns: { bookingDate: "记账日", amount: "金额" },
    });
    const r = apply("信用卡对账单 2024年01月\n记账日,金额\n12/29,1\n01/03,2\n", p);
    expect(r.statements[0]?.entries.map((e) => e.bookingDate)).toEqual(["2023-12-29", "2024-01-03"]);
  });

  it("maps statuses: skipped rows are counted in one warning, reversals and pending kept as such", () => {
    const p = profile({
      columns: { bookingDate: "日期", amount: "金额", status: "状态" },
      statuses: { 交易关闭: "skip", 已冲正: "reversal", 处理中: "pending" },
    });
    const r = apply(
      "日期,金额,状态\n2024-01-01,1,交易成功\n2024-01-01,2,交易关闭\n2024-01-01,3,已冲正\n2024-01-01,4,处理中\n2024-01-01,5,交易关闭\n",
      p,
    );
    expect(r.statements[0]?.entries.map((e) => [formatMoney(e.amount), e.status, e.reversal])).toEqual([
      ["1.00", "booked", false],
      ["3.00", "booked", true],
      ["4.00", "pending", false],
    ]);
    expect(r.issues.map((i) => [i.code, i.details])).toEqual([["BANK_CSV_ROWS_SKIPPED", { statuses: { 交易关闭: 2 } }]]);
  });

  it("fills every canonical field the profile maps, and keeps the rest in bankData", () => {
    const p = profile({
      columns: {
        bookingDate: "日期",
        amount: "金额",
        counterpartyName: { first: ["对方户名", "商户"] },
        counterpartyAccount: "对方账号",
        counterpartyBankName: "对方开户行",
        counterpartyBankId: "联行号",
        description: "摘要",
        remittance: { all: ["用途", "附言"] },
        bankReference: "流水号",
        customerReference: "业务参考号",
        cardNumber: "卡号",
        transactionType: "交易类型",
        originalAmount: "交易金额",
        originalCurrency: "交易币种",
      },
      bankData: { channel: "渠道" },
    });
    const r = apply(
      "日期,金额,对方户名,商户,对方账号,对方开户行,联行号,摘要,用途,附言,流水号,业务参考号,卡号,交易类型,交易金额,交易币种,渠道\n" +
        "2024-01-01,-70.00,,星巴克,'6222000011112222',招商银行,308100005019,消费,咖啡,--,K001,HT-9,1234,POS,10.00,USD,网银\n",
      p,
    );
    expect(r.statements[0]?.entries[0]).toEqual({
      amount: { minor: -7000n, scale: 2, currency: "CNY" },
      status: "booked",
      reversal: false,
      bookingDate: "2024-01-01",
      references: { bankReference: "K001", customerReference: "HT-9" },
      counterparty: { name: "星巴克", account: "6222000011112222", bankId: "308100005019", bankName: "招商银行" },
      remittance: { unstructured: ["咖啡"] },
      bankTransactionCode: { proprietary: { code: "POS" } },
      description: "消费",
      originalAmount: { minor: 1000n, scale: 2, currency: "USD" },
      bankData: { cardNumber: "1234", channel: "网银" },
      source: { line: 2 },
      details: [],
    });
  });

  it("refuses a table without the profile's header, naming the missing columns", () => {
    const r = apply("Date,Value\n2024-01-01,1\n", signed);
    expect(r.rejected?.code).toBe("BANK_CSV_HEADER_NOT_FOUND");
    expect(r.rejected?.message).toContain("missing: 日期, 金额");
    expect(r.statements).toEqual([]);
  });

  it("stands in the file name for an account the export does not give, and says so once", () => {
    const { account: _, ...rest } = profile({ columns: { bookingDate: "Date", amount: "Amount", currency: "Ccy" } });
    const p = rest as MappingProfile;
    const r = applyProfile(readCsvRows("Date,Amount,Ccy\n2024-01-01,1,EUR\n2024-01-01,1,USD\n"), p, {
      ...context,
      filename: "/tmp/export-2024.csv",
    });
    expect(r.statements.map((s) => s.account.id)).toEqual(["export-2024", "export-2024"]);
    expect(codes(r.issues)).toEqual(["BANK_CSV_ACCOUNT_MISSING"]);
  });
});

describe("#applyProfileStream and #parseBankCsvStream", () => {
  const text =
    "账号：6222000011112222\n日期,金额,余额,摘要,对方户名\n2024-01-02,-20.00,1050.00,c,\n2024-01-02,bad,1070.00,b,\n2024-01-01,100.00,1071.00,a,\n合计,,,,\n";

  async function collect(events: AsyncIterable<BankCsvEvent>): Promise<BankCsvEvent[]> {
    const out: BankCsvEvent[] = [];
    for await (const e of events) out.push(e);
    return out;
  }

  function statementsOf(events: readonly BankCsvEvent[]): Statement[] {
    const out: Statement[] = [];
    const entries: Entry[][] = [];
    for (const e of events) {
      if (e.type === "entry") entries[e.statementIndex]?.push(e.entry);
      if (e.type === "statement") entries[e.index] = [];
      if (e.type === "statementEnd") out[e.index] = { ...e.statement, entries: entries[e.index] ?? [] };
    }
    return out;
  }

  it("yields the statements and issues of the whole-table reading, with the integrity findings at each statement's end", async () => {
    const whole = apply(text, signed);
    const events = await collect(applyProfileStream(readCsvRows(text), signed));
    expect(events.map((e) => e.type)).toEqual(["statement", "entry", "issue", "entry", "statementEnd", "end"]);
    expect(statementsOf(events)).toEqual(whole.statements);
    expect(events.filter((e) => e.type === "issue").map((e) => (e.type === "issue" ? e.issue : undefined))).toEqual(whole.issues);
    const end = events.find((e) => e.type === "statementEnd");
    expect(end?.type === "statementEnd" ? codes(end.issues) : []).toEqual(["BALANCE_MISMATCH"]);
  });

  it("streams each statement whole, in the whole reading's order, when the file interleaves currencies (HSBC HK)", async () => {
    const p = profile({
      columns: { bookingDate: "Date", amount: "Amount", currency: "Ccy", balance: "Balance", description: "Text" },
      account: { id: "ACC-1" },
    });
    // HKD, CNY, HKD, CNY: one statement per currency, each with its rows in the file's order.
    const csv =
      "Date,Amount,Ccy,Balance,Text\n2024-01-01,10.00,HKD,110.00,h1\n2024-01-01,5.00,CNY,5.00,c1\n2024-01-02,-1.00,HKD,109.00,h2\n2024-01-03,2.00,CNY,7.00,c2\n";
    const whole = apply(csv, p);
    expect(whole.statements.map((s) => [s.account.currency, s.entries.map((e) => e.description)])).toEqual([
      ["HKD", ["h1", "h2"]],
      ["CNY", ["c1", "c2"]],
    ]);
    const events = await collect(applyProfileStream(readCsvRows(csv), p));
    // A statement's entries come between its start and its end, none of another statement's among them: what a
    // consumer that takes a statement at a time (wholeStatements, the store's ingest) needs.
    expect(events.map((e) => (e.type === "entry" ? `entry ${e.statementIndex}` : "index" in e ? `${e.type} ${e.index}` : e.type))).toEqual([
      "statement 0",
      "entry 0",
      "entry 0",
      "statementEnd 0",
      "statement 1",
      "entry 1",
      "entry 1",
      "statementEnd 1",
      "end",
    ]);
    // The entries in the order they are streamed are the whole reading's.
    expect(events.flatMap((e) => (e.type === "entry" ? [e.entry] : []))).toEqual(whole.statements.flatMap((s) => s.entries));
    const findings: StreamFindings = { issues: [], rejected: undefined };
    const statements: Statement[] = [];
    for await (const s of wholeStatements(
      (async function* () {
        yield events;
      })(),
      findings,
    ))
      statements.push(s);
    expect(statements).toEqual(whole.statements);
  });

  it("reads GB18030 bytes cut anywhere into the same statements, detecting encoding and profile from the head", async () => {
    const bytes = encodeGb18030(text);
    for (const size of [1, 3, 7, 64]) {
      const chunks: Uint8Array[] = [];
      for (let at = 0; at < bytes.length; at += size) chunks.push(bytes.subarray(at, at + size));
      const events = await collect(parseBankCsvStream(chunks, { profile: signed }));
      expect(statementsOf(events), `chunks of ${size}`).toEqual(apply(text, signed).statements);
    }
  });

  it("gives the same events through the push parser's callback as through the async iterator", async () => {
    const bytes = encodeGb18030(text);
    const pushed: BankCsvEvent[] = [];
    const parser = createBankCsvParser({ profile: signed }, (e) => pushed.push(e));
    for (let at = 0; at < bytes.length; at += 5) parser.push(bytes.subarray(at, at + 5));
    parser.end();
    parser.push(bytes);
    expect(pushed).toEqual(await collect(parseBankCsvStream([bytes], { profile: signed })));
  });

  it("refuses an empty stream, an unknown encoding and an invalid profile through the end event", async () => {
    const end = async (events: AsyncIterable<BankCsvEvent>) => (await collect(events)).at(-1);
    expect(await end(parseBankCsvStream([]))).toMatchObject({ type: "end", rejected: { code: "FILE_EMPTY" } });
    expect(await end(parseBankCsvStream([new Uint8Array([65])], { encoding: "klingon" }))).toMatchObject({
      rejected: { code: "ENCODING_UNSUPPORTED" },
    });
    expect(await end(parseBankCsvStream([new Uint8Array([65])], { profile: { id: "x" } }))).toMatchObject({
      rejected: { code: "PROFILE_INVALID" },
    });
    expect(await end(parseBankCsvStream([new TextEncoder().encode("a,b\n1,2\n")]))).toMatchObject({
      rejected: { code: "BANK_CSV_PROFILE_UNKNOWN" },
    });
  });

  it("turns a failing source into a FILE_UNREADABLE refusal", async () => {
    async function* failing(): AsyncGenerator<Uint8Array> {
      yield new TextEncoder().encode("日期,金额");
      throw new Error("disk gone");
    }
    const events = await collect(parseBankCsvStream(failing(), { profile: signed }));
    expect(events.at(-1)).toMatchObject({ type: "end", rejected: { code: "FILE_UNREADABLE" } });
  });
});
