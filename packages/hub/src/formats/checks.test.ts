import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addMoney,
  type CurrencyCode,
  compareMoney,
  type Entry,
  formatMoney,
  type IsoDate,
  type Money,
  moneyFromMinor,
  negateMoney,
  parseMoney,
  type Statement,
  toCurrencyCode,
} from "../core/index.js";
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

  it("lets a zero amount, which has no direction in the model, count on the side the bank counted it (a 455 ACH prenote)", () => {
    const entries = [e("-2.00"), e("0.00")];
    const asDebit = { credits: { count: 0, sum: parseMoney("0", "EUR") }, debits: { count: 2, sum: parseMoney("2", "EUR") } };
    expect(checkStatement(stmt("100", "98", entries, { summary: asDebit }), 0)).toEqual([]);
    const asCredit = { credits: { count: 1, sum: parseMoney("0", "EUR") }, debits: { count: 1, sum: parseMoney("2", "EUR") } };
    expect(checkStatement(stmt("100", "98", entries, { summary: asCredit }), 0)).toEqual([]);
    // Only as many as there are: a count that is wrong by more is still wrong.
    const wrong = { credits: { count: 0, sum: parseMoney("0", "EUR") }, debits: { count: 3, sum: parseMoney("2", "EUR") } };
    expect(checkStatement(stmt("100", "98", entries, { summary: wrong }), 0).map((i) => i.details?.what)).toEqual(["debit count"]);
  });
});

describe("checkStatement of a statement sent as totals only", () => {
  const totals = { credits: { count: 3, sum: parseMoney("800", "EUR") }, debits: { count: 2, sum: parseMoney("300", "EUR") } };
  const bai2 = { informationInTotals: false, totalsWithoutEntries: true };

  it("closes the balances over the stated totals and compares no counts when there are no entries (BAI2 summary-only files)", () => {
    expect(checkStatement(stmt("1000", "1500", [], { summary: totals }), 0, bai2)).toEqual([]);
    expect(checkStatement(stmt("1000", "1500", [], { summary: { net: parseMoney("500", "EUR"), count: 5 } }), 0, bai2)).toEqual([]);
    const [issue, ...rest] = checkStatement(stmt("1000", "1500.01", [], { summary: totals }), 2, bai2);
    expect(rest).toEqual([]);
    expect(issue).toMatchObject({ code: "BALANCE_MISMATCH", path: "/statements/2" });
    expect(issue?.details).toEqual({
      opening: "1000.00",
      statedNet: "500.00",
      expectedClosing: "1500.00",
      closing: "1500.01",
      currency: "EUR",
    });
  });

  it("also when its only entries are information the totals leave out", () => {
    expect(checkStatement(stmt("1000", "1500", [e("0", "information")], { summary: totals }), 0, bai2)).toEqual([]);
  });

  it("says the balances were not checked when the totals give no net, and still compares their currencies", () => {
    for (const summary of [{ credits: { count: 3, sum: parseMoney("800", "EUR") } }, { count: 5 }, { net: parseMoney("500", "USD") }]) {
      const issues = checkStatement(stmt("1000", "9999", [], { summary }), 1, bai2);
      expect(issues.map((i) => [i.code, i.details])).toEqual([
        ["BALANCE_UNCHECKED", { opening: "1000.00", closing: "9999.00", currency: "EUR" }],
      ]);
    }
    const usd = stmt("1000", "1500", [], {
      summary: totals,
      closingBalance: { type: "closingBooked", amount: parseMoney("1500", "USD"), date: D("2024-01-01") },
    });
    expect(checkStatement(usd, 0, bai2).map((i) => i.code)).toEqual(["BALANCE_CURRENCY_MISMATCH"]);
  });

  it("is not how formats whose totals come with their entries are checked (camt: totals without entries mean lost entries)", () => {
    expect(checkStatement(stmt("1000", "1500", [], { summary: totals }), 0).map((i) => [i.code, i.details?.what])).toEqual([
      ["BALANCE_MISMATCH", undefined],
      ["SUMMARY_MISMATCH", "credit count"],
      ["SUMMARY_MISMATCH", "debit count"],
    ]);
  });

  it("still compares totals of zero, and a statement with entries, the usual way", () => {
    const none = { count: 0, credits: { count: 0, sum: parseMoney("0", "EUR") } };
    expect(checkStatement(stmt("1000", "1500", [], { summary: none }), 0, bai2).map((i) => i.code)).toEqual(["BALANCE_MISMATCH"]);
    expect(checkStatement(stmt("1000", "1500", [e("1")], { summary: totals }), 0, bai2).map((i) => [i.code, i.details?.what])).toEqual([
      ["BALANCE_MISMATCH", undefined],
      ["SUMMARY_MISMATCH", "credit count"],
      ["SUMMARY_MISMATCH", "debit count"],
      ["SUMMARY_MISMATCH", "credit total"],
      ["SUMMARY_MISMATCH", "debit total"],
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

describe("checkStatement against the plain sums", () => {
  const EUR = toCurrencyCode("EUR") as CurrencyCode;
  const USD = toCurrencyCode("USD") as CurrencyCode;
  const JPY = toCurrencyCode("JPY") as CurrencyCode;
  /** Sums the plain way, one addMoney at a time, starting at the currency's exponent. */
  const plainSum = (amounts: readonly Money[], currency: CurrencyCode): Money =>
    amounts.reduce((sum, m) => addMoney(sum, m), moneyFromMinor(0n, currency));
  const entryArb = fc.record({
    minor: fc.bigInt({ min: -1_000_000_000_000n, max: 1_000_000_000_000n }),
    scale: fc.constantFrom(0, 1, 2, 2, 2, 3, 4, 5),
    // Mostly EUR; now and then USD or JPY (whose exponent, 0, is below the EUR amounts' scales).
    other: fc.constantFrom<CurrencyCode | undefined>(undefined, undefined, undefined, undefined, USD, JPY),
    status: fc.constantFrom<Entry["status"]>("booked", "booked", "booked", "pending", "information"),
  });

  // The tally derives the booked and net sums from the credit and debit ones: whatever the statuses,
  // scales and currencies, it must give what summing each figure on its own gives, to the digit of the message.
  it("gives the balance and totals figures that summing each on its own gives", () => {
    fc.assert(
      fc.property(
        fc.array(entryArb, { maxLength: 30 }),
        fc.boolean(),
        fc.integer({ min: -1, max: 1 }),
        fc.boolean(),
        (specs, informationInTotals, off, totalsWithoutEntries) => {
          const entries: Entry[] = specs.map((x) => ({
            amount: { minor: x.minor, scale: x.scale, currency: x.other ?? EUR },
            status: x.status,
            reversal: false,
            details: [],
          }));
          const first = entries[0]?.amount.currency ?? EUR;
          const counted = entries.filter((x) => informationInTotals || x.status !== "information");
          const booked = entries.filter((x) => x.status === "booked");
          const bookedInEur = booked.every((x) => x.amount.currency === EUR);
          const moved = bookedInEur
            ? plainSum(
                booked.map((x) => x.amount),
                EUR,
              )
            : undefined;
          const opening = parseMoney("1000.00", "EUR");
          const closing = addMoney(addMoney(opening, moved ?? opening), moneyFromMinor(BigInt(off), EUR));
          const allOne = entries.every((x) => x.amount.currency === first);
          const credits = counted.filter((x) => x.amount.minor >= 0n).map((x) => x.amount);
          const debits = counted.filter((x) => x.amount.minor < 0n).map((x) => negateMoney(x.amount));
          // Sums in one currency only: with entries in two, the totals are not checked (and cannot be summed).
          const zero = moneyFromMinor(0n, first);
          const creditSum = allOne ? plainSum(credits, first) : zero;
          const debitSum = allOne ? plainSum(debits, first) : zero;
          const net = allOne
            ? plainSum(
                counted.map((x) => x.amount),
                first,
              )
            : zero;
          // Totals stated one unit off where `off` says, so each comparison is made both ways.
          const stated = (m: Money) => addMoney(m, moneyFromMinor(BigInt(off), first));
          const summary = { credits: { sum: stated(creditSum) }, debits: { sum: stated(debitSum) }, net: stated(net) };
          const s = stmt("0", "0", entries, {
            openingBalance: { type: "openingBooked", amount: opening, date: D("2024-01-01") },
            closingBalance: { type: "closingBooked", amount: closing, date: D("2024-01-01") },
            summary,
          });
          const issues = checkStatement(s, 0, { informationInTotals, totalsWithoutEntries });
          const balance = issues.filter((i) => i.code.startsWith("BALANCE"));
          // No booked or counted entry, and totals one unit off zero: a statement of totals only, whose stated net
          // (one unit, in the first entry's currency) is just what the closing balance adds, or is not in EUR.
          const statedOnly = totalsWithoutEntries && booked.length === 0 && counted.length === 0 && off !== 0;
          if (statedOnly) expect(balance.map((i) => i.code)).toEqual(first === EUR ? [] : ["BALANCE_UNCHECKED"]);
          else if (moved === undefined) expect(balance.map((i) => i.code)).toEqual(["BALANCE_CURRENCY_MISMATCH"]);
          else if (compareMoney(addMoney(opening, moved), closing) === 0) expect(balance).toEqual([]);
          else {
            expect(balance.map((i) => i.code)).toEqual(["BALANCE_MISMATCH"]);
            expect(balance[0]?.details?.entries).toBe(formatMoney(moved));
          }
          const totals = issues.filter((i) => i.code === "SUMMARY_MISMATCH").map((i) => [i.details?.what, i.details?.actual]);
          const expected =
            entries.length === 0 || statedOnly || !allOne || off === 0
              ? []
              : [
                  ["credit total", formatMoney(creditSum)],
                  ["debit total", formatMoney(debitSum)],
                  ["net total", formatMoney(net)],
                ];
          expect(totals).toEqual(expected);
        },
      ),
      { numRuns: 2000 },
    );
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
