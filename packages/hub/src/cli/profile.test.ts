import { readFileSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { validateProfile } from "../formats/bank-csv/index.js";
import { CORPUS_EXAMPLES } from "../formats/excel/test-support/upstream.js";
import { buildXls, cell } from "../formats/excel/test-support/xls-builder.js";
import { buildXlsx } from "../formats/excel/test-support/zip-builder.js";
import { runCli } from "./run-cli.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "bankbridge-profile-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function run(argv: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await runCli(argv, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env: {},
    cwd: dir,
  });
  return { code, stdout, stderr };
}

const write = async (name: string, content: string | Uint8Array) => {
  await writeFile(join(dir, name), content);
  return name;
};

/** An export no built-in profile knows: title lines, then 记账日期 / 对方户名 / 用途 / 借方发生额 / 贷方发生额 / 余额. */
const UNKNOWN_BANK = [
  "某某农村商业银行 账户交易明细",
  "账号：6228480012345678,户名：张三",
  "",
  "记账日期,对方户名,用途,借方发生额,贷方发生额,余额,流水号",
  "2024-03-01,星巴克咖啡,消费,32.00,,968.00,A001",
  "2024-03-02,某某科技有限公司,工资,,8000.00,8968.00,A002",
  "2024-03-05,国网电力,电费,120.50,,8847.50,A003",
  "合计,,,152.50,8000.00,,",
].join("\n");

const parsedEntries = (stdout: string) =>
  (
    JSON.parse(stdout) as {
      statements: { account: { id: string }; entries: { bookingDate: string; amount: string; counterparty?: { name?: string } }[] }[];
    }
  ).statements.flatMap((s) => s.entries.map((e) => [e.bookingDate, e.amount, e.counterparty?.name]));

describe("bankbridge profile suggest", () => {
  it("explains itself with --help", async () => {
    const r = await run(["profile", "suggest", "--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Usage: bankbridge profile suggest [options] <file>");
    for (const option of ["--out <file>", "--encoding <label>", "--delimiter <char>", "--sheet <name>", "--currency <code>"])
      expect(r.stdout).toContain(option);
  });

  it("prints the profile as JSON on stdout and a summary with confidence and evidence per column on stderr", async () => {
    const file = await write("unknown.csv", UNKNOWN_BANK);
    const r = await run(["profile", "suggest", file]);
    expect(r.code).toBe(0);
    const profile = JSON.parse(r.stdout) as unknown;
    expect(validateProfile(profile).issues).toEqual([]);
    expect(profile).toMatchObject({
      amounts: { mode: "debitCredit" },
      currency: "CNY",
      columns: {
        bookingDate: "记账日期",
        debit: "借方发生额",
        credit: "贷方发生额",
        balance: "余额",
        counterpartyName: "对方户名",
        bankReference: "流水号",
      },
    });
    expect(r.stderr).toMatch(/header on line 4; 3 data rows/);
    expect(r.stderr).toMatch(
      /bookingDate\s+记账日期 \(A\)\s+\d\.\d\d\s+header "记账日期" is a name of bookingDate; 100% of its 3 values are dates/,
    );
    expect(r.stderr).toMatch(/the balances chain for 100% of neighbouring rows/);
    expect(r.stderr).toContain("check: the profile reads 3 entries from this file; 0 rows not read");
  });

  it("writes the profile with --out, and parse --profile reads the export with it", async () => {
    const file = await write("unknown.csv", UNKNOWN_BANK);
    const r = await run(["profile", "suggest", file, "--out", "mine.json", "--id", "my-bank", "--name", "My bank"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    expect(r.stdout).toContain("wrote mine.json; check it, then: bankbridge parse --profile mine.json unknown.csv");
    const saved = JSON.parse(await readFile(join(dir, "mine.json"), "utf8")) as { id: string; name: string };
    expect([saved.id, saved.name]).toEqual(["my-bank", "My bank"]);
    const parsed = await run(["parse", "--profile", "mine.json", file]);
    expect(parsed.code).toBe(0);
    expect((JSON.parse(parsed.stdout) as { format: string }).format).toBe("bank-csv");
    expect(parsedEntries(parsed.stdout)).toEqual([
      ["2024-03-01", "-32.00", "星巴克咖啡"],
      ["2024-03-02", "8000.00", "某某科技有限公司"],
      ["2024-03-05", "-120.50", "国网电力"],
    ]);
    // The account number comes from the title line (账号：6228…).
    expect((JSON.parse(parsed.stdout) as { statements: { account: { id: string } }[] }).statements[0]?.account.id).toBe("6228480012345678");
  });

  it("reads Excel workbooks (.xlsx and .xls), and a named sheet", async () => {
    const rows = [
      ["交易日期", "交易金额", "交易对方", "摘要"],
      ["2024-01-02", "-5.50", "便利店", "消费"],
      ["2024-01-03", "100.00", "张三", "转账"],
    ];
    const xlsx = await write(
      "book.xlsx",
      buildXlsx({
        sheets: [
          { name: "说明", rows: [["本文件为导出"]] },
          { name: "明细", rows },
        ],
      }),
    );
    const r = await run(["profile", "suggest", xlsx, "--sheet", "明细"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('read as Excel .xlsx, sheet "明细"');
    expect(JSON.parse(r.stdout)).toMatchObject({
      amounts: { mode: "signed" },
      columns: { bookingDate: "交易日期", amount: "交易金额", counterpartyName: "交易对方", description: "摘要" },
    });
    const xls = await write(
      "book.xls",
      buildXls({
        sst: rows.flat(),
        sheets: [{ name: "s", cells: rows.flatMap((row, r) => row.map((_, c) => cell.labelSst(r, c, 0, r * 4 + c))) }],
      }),
    );
    const x = await run(["profile", "suggest", xls, "--out", "p.json"]);
    expect(x.code).toBe(0);
    expect(x.stdout).toContain('read as Excel .xls, sheet "s"');
    const parsed = await run(["parse", "--profile", "p.json", xls]);
    expect(parsed.code).toBe(0);
    expect((JSON.parse(parsed.stdout) as { format: string }).format).toBe("xls");
    expect(parsedEntries(parsed.stdout)).toEqual([
      ["2024-01-02", "-5.50", "便利店"],
      ["2024-01-03", "100.00", "张三"],
    ]);
  });

  it("fails with one error line and exit 2 when there is no table with dates, or the workbook is damaged", async () => {
    const prose = await write("notes.csv", "just,some\nwords,here\n");
    const r = await run(["profile", "suggest", prose]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^error PROFILE_NOT_INFERRED: notes\.csv: no table found/m);
    const broken = await write("broken.xlsx", buildXlsx({ sheets: [{ name: "s", rows: [["x"]] }] }).subarray(0, 200));
    const b = await run(["profile", "suggest", broken]);
    expect(b).toMatchObject({ code: 2, stdout: "" });
    expect(b.stderr).toMatch(/^error EXCEL_DAMAGED: broken\.xlsx: the \.xlsx ZIP container is damaged/);
    expect((await run(["profile", "suggest", "missing.csv"])).stderr).toBe("error FILE_NOT_FOUND: missing.csv does not exist\n");
  });

  it("refuses a delimiter of more than one character and an unknown encoding", async () => {
    const file = await write("unknown.csv", UNKNOWN_BANK);
    expect((await run(["profile", "suggest", file, "--delimiter", ";;"])).stderr).toMatch(
      /^error USAGE: --delimiter must be one character/,
    );
    const r = await run(["profile", "suggest", file, "--encoding", "klingon"]);
    expect(r).toEqual({ code: 2, stdout: "", stderr: 'error ENCODING_UNSUPPORTED: unknown.csv: unknown encoding "klingon"\n' });
  });

  it.skipIf(CORPUS_EXAMPLES === undefined)("detects GB18030 and the header under 24 title lines of a real Alipay export", async () => {
    const file = await write("alipay.csv", new Uint8Array(readFileSync(`${CORPUS_EXAMPLES}alipay/example-alipay-records.csv`)));
    const r = await run(["profile", "suggest", file]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('read as CSV, encoding gb18030, delimiter ","');
    expect(r.stderr).toContain("header on line 25");
    expect(JSON.parse(r.stdout)).toMatchObject({
      amounts: { mode: "direction", directions: { 收入: "in", 支出: "out", 不计收支: "none" } },
      statuses: { 交易关闭: "skip" },
    });
  });
});

describe("--profile on parse and import", () => {
  const profile = {
    id: "mine",
    name: "Mine",
    dates: { formats: ["yyyy-MM-dd"] },
    amounts: { mode: "debitCredit" },
    currency: "CNY",
    columns: { bookingDate: "记账日期", debit: "借方发生额", credit: "贷方发生额", counterpartyName: "对方户名" },
  };

  it("reports every mistake of a profile as one PROFILE_INVALID line with its path, exits 2 and reads nothing", async () => {
    const file = await write("unknown.csv", UNKNOWN_BANK);
    const bad = await write("bad.json", JSON.stringify({ ...profile, amounts: { mode: "both" }, colums: {} }));
    const r = await run(["parse", "--profile", bad, file]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    const lines = r.stderr.trim().split("\n");
    expect(lines.length).toBeGreaterThanOrEqual(2);
    for (const line of lines) expect(line).toMatch(/^error PROFILE_INVALID: bad\.json: \/\S* ?.*: \S/);
    expect(r.stderr).toMatch(/^error PROFILE_INVALID: bad\.json: \/amounts\/mode: /m);
    expect(r.stderr).toMatch(/^error PROFILE_INVALID: bad\.json: \/colums: /m);
  });

  it("says when a profile file is not JSON or does not exist", async () => {
    const file = await write("unknown.csv", UNKNOWN_BANK);
    const notJson = await write("p.json", "{ id: mine");
    expect((await run(["parse", "--profile", notJson, file])).stderr).toMatch(/^error PROFILE_INVALID: p\.json: \/: not JSON \(/);
    expect(await run(["parse", "--profile", "nope.json", file])).toEqual({
      code: 2,
      stdout: "",
      stderr: "error FILE_NOT_FOUND: nope.json does not exist\n",
    });
  });

  it("parse --profile reads a CSV as bank-csv and a workbook as xlsx, whatever auto-detection would pick", async () => {
    const p = await write("p.json", JSON.stringify(profile));
    const csv = await write("unknown.csv", UNKNOWN_BANK);
    const xlsx = await write(
      "unknown.xlsx",
      buildXlsx({ sheets: [{ name: "s", rows: UNKNOWN_BANK.split("\n").map((l) => l.split(",")) }] }),
    );
    const r = await run(["parse", "--profile", p, csv, xlsx]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { format: string }[];
    expect(out.map((o) => o.format)).toEqual(["bank-csv", "xlsx"]);
    expect(parsedEntries(JSON.stringify(out[1]))).toEqual(parsedEntries(JSON.stringify(out[0])));
  });

  it("import --profile stores the entries, and checks the profile before opening the store", async () => {
    const p = await write("p.json", JSON.stringify(profile));
    const csv = await write("unknown.csv", UNKNOWN_BANK);
    const r = await run(["import", "--profile", p, csv, "--data", "d"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^unknown\.csv: \w+, added 3, updated 0, unchanged 0/);
    const bad = await write("bad.json", JSON.stringify({ ...profile, id: "Bad Id" }));
    const b = await run(["import", "--profile", bad, csv, "--data", "never"]);
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/^error PROFILE_INVALID: bad\.json: \/id: /);
    await expect(readFile(join(dir, "never", "bankbridge.db"))).rejects.toThrow();
  });
});
