import { describe, expect, it } from "vitest";
import { type Entry, type IsoDate, parseMoney, type Statement } from "../core/index.js";
import { checkContinuity, checkStatement } from "./checks.js";

const D = (s: string) => s as IsoDate;
const e = (amount: string, status: Entry["status"] = "booked"): Entry => ({
  amount: parseMoney(amount, "EUR"),
  status,
  reversal: false,
  details: [],
});
const stmt = (open: string, close: string, entries: Entry[], extra: Partial<Statement> = {}): Statement => ({
  kind: "statement",
  account: { id: "DE89370400440532013000", scheme: "iban" },
  openingBalance: { type: "openingBooked", amount: parseMoney(open, "EUR"), date: D("2024-01-01") },
  closingBalance: { type: "closingBooked", amount: parseMoney(close, "EUR"), date: D("2024-01-01") },
  balances: [],
  entries,
  ...extra,
});

describe("checkStatement", () => {
  it("finds nothing when opening + booked entries = closing, pending entries left out", () => {
    expect(checkStatement(stmt("100.00", "70.50", [e("-30.00"), e("0.50"), e("-999.00", "pending")]), 0)).toEqual([]);
  });

  it("reports BALANCE_MISMATCH with both figures and the difference", () => {
    const [issue] = checkStatement(stmt("100.00", "80.00", [e("-30.00")]), 3);
    expect(issue).toMatchObject({ severity: "warning", code: "BALANCE_MISMATCH", path: "/statements/3" });
    expect(issue?.details).toEqual({ opening: "100.00", entries: "-30.00", expectedClosing: "70.00", closing: "80.00", currency: "EUR" });
    expect(issue?.message).toContain("difference 10.00 EUR");
  });

  it("compares values, not scales: 0.10000 closes like 0.10", () => {
    expect(checkStatement(stmt("0", "0.10000", [e("0.10")]), 0)).toEqual([]);
  });

  it("checks the bank's own totals", () => {
    const summary = { count: 3, credits: { count: 1, sum: parseMoney("5", "EUR") }, debits: { count: 1, sum: parseMoney("30", "EUR") } };
    const codes = checkStatement(stmt("100", "75", [e("-30"), e("5")], { summary }), 0).map((i) => [i.code, i.details?.what]);
    expect(codes).toEqual([["SUMMARY_MISMATCH", "entry count"]]);
    const wrongSum = { credits: { count: 1, sum: parseMoney("6", "EUR") }, net: parseMoney("-25", "EUR") };
    expect(checkStatement(stmt("100", "75", [e("-30"), e("5")], { summary: wrongSum }), 0).map((i) => i.details?.what)).toEqual([
      "credit total",
    ]);
  });
});

describe("checkStatement and information entries", () => {
  it("counts an information entry by its sign, as camt's TxsSummry does", () => {
    const summary = {
      count: 2,
      credits: { count: 1, sum: parseMoney("1500", "EUR") },
      debits: { count: 1, sum: parseMoney("300", "EUR") },
      net: parseMoney("1200", "EUR"),
    };
    expect(checkStatement(stmt("100", "-200", [e("-300"), e("1500", "information")], { summary }), 0)).toEqual([]);
  });

  it("leaves them out of the credit, debit and net totals for a format whose totals do (BAI2)", () => {
    const summary = { credits: { count: 1, sum: parseMoney("5", "EUR") }, net: parseMoney("5", "EUR") };
    const s = stmt("100", "105", [e("5"), e("0", "information"), e("1000", "information")], { summary });
    expect(checkStatement(s, 0, { informationInTotals: false })).toEqual([]);
    expect(checkStatement(s, 0).map((i) => i.details?.what)).toEqual(["credit count", "credit total", "net total"]);
  });
});

describe("checkContinuity", () => {
  const at = (statement: Statement, i: number) => ({ statement, path: `/statements/${i}` });
  it("accepts statements that follow on", () => {
    const a = stmt("100", "70", [e("-30")], { sequence: { electronic: "7" } });
    const b = stmt("70", "75", [e("5")], { sequence: { electronic: "8" } });
    expect(checkContinuity([at(a, 0), at(b, 1)])).toEqual([]);
  });

  it("reports a gap in the sequence and an opening that does not continue the previous closing", () => {
    const a = stmt("100", "70", [e("-30")], { sequence: { electronic: "7" } });
    const b = stmt("71", "76", [e("5")], { sequence: { electronic: "10" } });
    const found = checkContinuity([at(a, 0), at(b, 1)]);
    expect(found.map((i) => i.code)).toEqual(["SEQUENCE_GAP", "CONTINUITY_MISMATCH"]);
    expect(found[0]?.message).toContain("2 statement(s) missing");
  });

  it("keeps accounts apart", () => {
    const a = stmt("100", "70", [e("-30")], { sequence: { electronic: "7" } });
    const other = { ...stmt("5", "5", []), account: { id: "NL91ABNA0417164300", scheme: "iban" as const }, sequence: { electronic: "1" } };
    const b = stmt("70", "75", [e("5")], { sequence: { electronic: "8" } });
    expect(checkContinuity([at(a, 0), at(other, 1), at(b, 2)])).toEqual([]);
  });
});
