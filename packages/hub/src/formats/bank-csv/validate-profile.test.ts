import { describe, expect, it } from "vitest";
import { builtinProfiles } from "./builtin-profiles.js";
import { validateProfile } from "./validate-profile.js";

const base = {
  id: "my-bank",
  name: "My bank",
  dates: { formats: ["yyyy-MM-dd"] },
  amounts: { mode: "signed" },
  currency: "CNY",
  columns: { bookingDate: "交易日期", amount: "金额" },
};

/** The paths of the issues for `base` with `change` applied. */
const paths = (change: Record<string, unknown>) => validateProfile({ ...base, ...change }).issues.map((i) => i.path);

describe("#validateProfile", () => {
  it("accepts every built-in profile", () => {
    for (const p of builtinProfiles) expect(validateProfile(p).issues, p.id).toEqual([]);
  });

  it("returns a frozen copy of a valid profile", () => {
    const { profile, issues } = validateProfile(base);
    expect(issues).toEqual([]);
    expect(profile).toEqual(base);
    expect(profile).not.toBe(base);
    expect(Object.isFrozen(profile?.columns)).toBe(true);
  });

  it("reports each mistake as PROFILE_INVALID at the JSON pointer of the bad value", () => {
    const { issues } = validateProfile({ ...base, amounts: { mode: "debitCredit" } });
    expect(issues.map((i) => [i.code, i.path])).toEqual([
      ["PROFILE_INVALID", "/columns/debit"],
      ["PROFILE_INVALID", "/columns/credit"],
      ["PROFILE_INVALID", "/columns/amount"],
    ]);
    expect(issues[0]?.message).toBe('/columns/debit: is required with amounts.mode "debitCredit"');
  });

  it("requires the amount column for a signed amount", () => {
    expect(paths({ columns: { bookingDate: "交易日期" } })).toEqual(["/columns/amount"]);
  });

  it("finds misspelt fields rather than ignoring them", () => {
    expect(paths({ colums: {} })).toEqual(["/colums"]);
    expect(paths({ columns: { ...base.columns, ammount: "x" } })).toEqual(["/columns/ammount"]);
  });

  it("checks names, encodings, delimiters and quotes", () => {
    expect(paths({ id: "My Bank" })).toEqual(["/id"]);
    expect(paths({ name: " " })).toEqual(["/name"]);
    expect(paths({ encoding: "klingon" })).toEqual(["/encoding"]);
    expect(paths({ encoding: "GBK" })).toEqual([]);
    expect(paths({ delimiter: ";;" })).toEqual(["/delimiter"]);
    expect(paths({ delimiter: "\t", quote: "" })).toEqual([]);
    expect(paths({ quote: "," })).toEqual(["/quote"]);
  });

  it("checks date patterns, and wants the statement period for dates without a year", () => {
    expect(paths({ dates: { formats: ["yyyy-QQ-dd"] } })).toEqual(["/dates/formats/0"]);
    expect(paths({ dates: { formats: [] } })).toEqual(["/dates/formats"]);
    expect(paths({ dates: { formats: ["yyyy-MM"] } })).toEqual(["/dates/formats/0"]);
    expect(paths({ dates: { formats: ["MM/dd"] } })).toEqual(["/dates/formats"]);
    expect(paths({ dates: { formats: ["MM/dd"] }, title: { period: "(?<year>\\d{4})年(?<month>\\d{1,2})月" } })).toEqual([]);
    expect(paths({ dates: { formats: ["yyyy-MM-dd"], timeFormats: ["yyyy"] } })).toEqual(["/dates/timeFormats/0"]);
  });

  it("checks the amount rules: directions with their mode, separators, the pattern's group", () => {
    expect(paths({ amounts: { mode: "direction" }, columns: { ...base.columns, direction: "收/支" } })).toEqual(["/amounts/directions"]);
    expect(paths({ amounts: { mode: "signed", directions: { 收: "in" } } })).toEqual(["/amounts/directions"]);
    expect(
      paths({ amounts: { mode: "direction", directions: { 收: "incoming" } }, columns: { ...base.columns, direction: "收/支" } }),
    ).toEqual(["/amounts/directions/收"]);
    expect(paths({ amounts: { mode: "signed", decimalMark: ",", thousandsSeparator: "," } })).toEqual(["/amounts/thousandsSeparator"]);
    expect(paths({ amounts: { mode: "signed", pattern: "[" } })).toEqual(["/amounts/pattern"]);
    expect(paths({ amounts: { mode: "signed", pattern: "\\d+" } })).toEqual(["/amounts/pattern"]);
    expect(paths({ amounts: { mode: "sighed" } })).toEqual(["/amounts/mode"]);
  });

  it("wants a currency, fixed or from a column, and knows the currencies", () => {
    const { currency: _, ...noCurrency } = base;
    expect(validateProfile(noCurrency).issues.map((i) => i.path)).toEqual(["/currency"]);
    expect(validateProfile({ ...noCurrency, columns: { ...base.columns, currency: "币种" } }).issues).toEqual([]);
    expect(paths({ currency: "人民币" })).toEqual([]);
    expect(paths({ currency: "ABC" })).toEqual(["/currency"]);
    expect(paths({ currencyNames: { 人民币元: "RMB", 港纸: "XYZ" } })).toEqual(["/currencyNames/港纸"]);
  });

  it("checks column references and text sources", () => {
    expect(paths({ columns: { ...base.columns, description: "" } })).toEqual(["/columns/description"]);
    expect(paths({ columns: { ...base.columns, description: -1 } })).toEqual(["/columns/description"]);
    expect(paths({ columns: { ...base.columns, description: [] } })).toEqual(["/columns/description"]);
    expect(paths({ columns: { ...base.columns, description: [["a"]] } })).toEqual(["/columns/description/0"]);
    expect(paths({ columns: { ...base.columns, remittance: { all: ["附言", "用途"] } } })).toEqual([]);
    expect(paths({ columns: { ...base.columns, remittance: { all: [] } } })).toEqual(["/columns/remittance/all"]);
    expect(paths({ columns: { ...base.columns, counterpartyName: { first: ["对方户名", 3] } } })).toEqual([]);
    expect(paths({ columns: { ...base.columns, bankReference: { all: ["a"] } } })).toEqual(["/columns/bankReference"]);
  });

  it("wants indexes, not names, and a row pattern when there is no header", () => {
    expect(paths({ header: { row: "none" } })).toEqual(["/match", "/columns"]);
    expect(paths({ header: { row: "none" }, match: { row: "^\\d" }, columns: { bookingDate: 0, amount: 2 } })).toEqual([]);
    expect(paths({ header: { row: 0 } })).toEqual(["/header/row"]);
  });

  it("checks title expressions capture their value and statuses are known outcomes", () => {
    expect(paths({ title: { account: "卡号" } })).toEqual(["/title/account"]);
    expect(paths({ title: { account: "卡号[:：]\\s*(\\S+)" } })).toEqual([]);
    expect(paths({ title: { period: "(\\d{4})年(\\d+)月" } })).toEqual(["/title/period"]);
    expect(paths({ statuses: { 交易关闭: "skip" } })).toEqual(["/columns/status"]);
    expect(paths({ statuses: { 交易关闭: "ignore" }, columns: { ...base.columns, status: "交易状态" } })).toEqual(["/statuses/交易关闭"]);
  });

  it("refuses what is not a profile at all", () => {
    expect(validateProfile("icbc").issues.map((i) => i.path)).toEqual([""]);
    expect(validateProfile(null).issues).toHaveLength(1);
    expect(validateProfile({}).issues.map((i) => i.path)).toEqual(["/id", "/name", "/dates", "/amounts", "/columns"]);
  });
});
