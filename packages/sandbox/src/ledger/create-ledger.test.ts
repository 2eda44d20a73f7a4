import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createSimClock } from "../clock/sim-clock.js";
import { createLedger } from "./create-ledger.js";
import { serializeGroundTruth } from "./ground-truth.js";
import type { SandboxTransaction } from "./ledger-types.js";
import { isValidIban } from "./ledger-world.js";
import { ledgerProblems } from "./test-support/ledger-invariants.js";

const DAY = 86_400_000;
const HOUR = 3_600_000;
/** 2026-03-02 09:30 in China (a Monday). */
const START = Date.UTC(2026, 2, 2, 1, 30);

function build(seed: string, historyDays = 40) {
  const clock = createSimClock({ startMs: START });
  const ledger = createLedger({ seed, clock, historyDays });
  return { clock, ledger };
}

function truthAfter(seed: string, moves: (clock: ReturnType<typeof createSimClock>) => void, historyDays = 40): string {
  const { clock, ledger } = build(seed, historyDays);
  moves(clock);
  return serializeGroundTruth(ledger.groundTruth());
}

describe("createLedger", () => {
  it("gives byte-identical ground truth for the same seed and clock moves, and different truth for another seed", () => {
    const move = (c: ReturnType<typeof createSimClock>) => c.advance(2 * DAY + 5 * HOUR);
    const a = truthAfter("alpha", move);
    const b = truthAfter("alpha", move);
    const c = truthAfter("beta", move);
    expect(a).toBe(b);
    expect(c).not.toBe(a);
    expect(a.length).toBeGreaterThan(10_000);
  });

  it("books the same whether the clock moves 3 days at once, 3 × 1 day, 72 × 1 hour or to an instant", () => {
    const once = truthAfter("steps", (c) => c.advance(3 * DAY));
    const daily = truthAfter("steps", (c) => {
      for (let i = 0; i < 3; i++) c.advance(DAY);
    });
    const hourly = truthAfter("steps", (c) => {
      for (let i = 0; i < 72; i++) c.advance(HOUR);
    });
    const to = truthAfter("steps", (c) => c.advanceTo(START + 3 * DAY));
    expect(daily).toBe(once);
    expect(hourly).toBe(once);
    expect(to).toBe(once);
  });

  it("adds up: every day's closing is the previous closing plus that day's bookings, and every balanceAfter is the running sum", () => {
    const { clock, ledger } = build("sums", 60);
    clock.advance(4 * DAY);
    const truth = ledger.groundTruth();
    expect(ledgerProblems(truth)).toEqual([]);
    for (const acc of truth.accounts) {
      expect(acc.dailyBalances[0]?.date).toBe(acc.account.openedOn);
      expect(acc.dailyBalances.length).toBe(65);
    }
  });

  it("links reversals, card settlements and FX legs consistently", () => {
    const { clock, ledger } = build("links", 90);
    clock.advance(2 * DAY);
    const truth = ledger.groundTruth();
    const txs = truth.accounts.flatMap((a) => a.transactions);
    const byId = new Map(txs.map((t) => [t.id, t]));
    const reversals = txs.filter((t) => t.kind === "reversal");
    const settlements = txs.filter((t) => t.kind === "cardSettlement");
    const fx = txs.filter((t) => t.kind === "fxConversion");
    expect(reversals.length).toBeGreaterThan(0);
    expect(settlements.length).toBeGreaterThan(0);
    expect(fx.length).toBeGreaterThan(0);
    for (const r of reversals) {
      const original = byId.get(r.reversalOf as string);
      expect(original).toBeDefined();
      expect(BigInt(original?.amount as string)).toBe(-BigInt(r.amount));
      expect((original?.bookedAt as string) < r.bookedAt).toBe(true);
    }
    for (const s of settlements) {
      const auth = byId.get(s.authorisationId as string);
      expect(auth?.status).toBe("pending");
      expect(auth?.releasedAt).toBe(s.bookedAt);
      expect(auth?.id).not.toBe(s.id);
    }
    for (const leg of fx.filter((t) => BigInt(t.amount) < 0n)) {
      const rate = leg.fx?.rate as string;
      const expected = (-BigInt(leg.amount) * BigInt(Math.round(Number(rate) * 10_000))) / 10_000n;
      expect(BigInt(leg.fx?.amount as string)).toBe(expected);
    }
    expect(ledgerProblems(truth)).toEqual([]);
  });

  it("quotes invoice numbers the way payers write them, and records them as ground truth", () => {
    const { ledger } = build("invoices", 60);
    const receipts = ledger.accounts().flatMap((a) => ledger.transactions(a.id).filter((t) => t.kind === "customerReceipt"));
    const texts = receipts.map((t) => t.remittance ?? "");
    expect(texts.some((t) => /^货款 INV-\d{4}-\d{4}$/.test(t))).toBe(true);
    expect(texts.some((t) => /^支付\d{1,2}月服务费 发票号\d{8}$/.test(t))).toBe(true);
    expect(texts.some((t) => /^INV-\d{4}-\d{4}\/\d{4}$/.test(t))).toBe(true);
    expect(texts.some((t) => /部分付款$/.test(t))).toBe(true);
    expect(texts.some((t) => /^Invoice \d{4}-\d+ payment$/.test(t))).toBe(true);
    for (const r of receipts) {
      expect(r.invoiceRefs?.length ?? 0).toBeGreaterThan(0);
      const combined = /^INV-(\d{4})-(\d{4})\/(\d{4})$/.exec(r.remittance ?? "");
      if (combined !== null) expect(r.invoiceRefs).toEqual([`INV-${combined[1]}-${combined[2]}`, `INV-${combined[1]}-${combined[3]}`]);
    }
  });

  it("has the banks, valid IBANs, 12-digit CNAPS codes and bank-style serials unique within each bank", () => {
    const { ledger } = build("shapes", 30);
    expect(ledger.banks().map((b) => b.id)).toEqual(["icbc", "cmb", "ccb", "eubank", "hkbank"]);
    expect(ledger.bank("cmb").bic).toBe("CMBCCNBS");
    expect(ledger.companies().length).toBeGreaterThanOrEqual(4);
    const accounts = ledger.accounts();
    expect(new Set(accounts.map((a) => a.currency))).toEqual(new Set(["CNY", "USD", "EUR", "HKD"]));
    for (const a of accounts) {
      if (a.bankId === "eubank") {
        expect(a.iban).toBe(a.id);
        expect(isValidIban(a.id)).toBe(true);
      }
      if (a.bankId === "icbc" || a.bankId === "cmb" || a.bankId === "ccb") {
        expect(a.cnapsCode).toMatch(/^\d{12}$/);
        expect(a.cnapsCode?.startsWith(ledger.bank(a.bankId).cnBankCode as string)).toBe(true);
        expect(a.id).toMatch(/^\d{15,20}$/);
      }
    }
    const all = accounts.flatMap((a) => ledger.transactions(a.id, { status: "both" }));
    for (const bank of ledger.banks()) {
      const ids = all.filter((t) => t.bankId === bank.id).map((t) => t.id);
      expect(new Set(ids).size).toBe(ids.length);
    }
    const cmb = all.filter((t) => t.bankId === "cmb");
    expect(cmb.every((t) => /^K\d{13}C$/.test(t.id))).toBe(true);
    expect(
      all.filter((t) => t.bankId === "icbc").every((t) => /^\d{18}$/.test(t.id) && /^\d{4}\|\d{5}\|\d{5}\|\d{18}$/.test(t.receiptKey)),
    ).toBe(true);
    const counterpartyIbans = all
      .filter((t) => t.bankId === "eubank" && t.counterparty.account?.match(/^[A-Z]{2}/))
      .map((t) => t.counterparty.account as string);
    expect(counterpartyIbans.length).toBeGreaterThan(0);
    expect(counterpartyIbans.every(isValidIban)).toBe(true);
    expect(isValidIban("DE89370400440532013000")).toBe(true);
    expect(isValidIban("DE89370400440532013001")).toBe(false);
  });

  it("books today's transactions at their instants as the clock moves and tells listeners in booking order", () => {
    const { clock, ledger } = build("live", 5);
    const heard: SandboxTransaction[] = [];
    const off = ledger.onBooked((tx) => heard.push(tx));
    const before = clock.now();
    clock.advance(DAY);
    off();
    clock.advance(DAY);
    expect(heard.length).toBeGreaterThan(0);
    for (const tx of heard) {
      const at = Date.parse(tx.bookedAt);
      expect(at).toBeGreaterThan(before);
      expect(at).toBeLessThanOrEqual(before + DAY);
      expect(ledger.transaction(tx.id)).toBeDefined();
    }
    const instants = heard.map((t) => Date.parse(t.bookedAt));
    expect([...instants].sort((a, b) => a - b)).toEqual(instants);
    // Nothing from the future is visible.
    for (const a of ledger.accounts())
      for (const t of ledger.transactions(a.id, { status: "both" })) expect(Date.parse(t.bookedAt)).toBeLessThanOrEqual(clock.now());
  });

  it("posts a payment now with the next day sequence and running balance, and tells listeners", () => {
    const { clock, ledger } = build("post", 10);
    clock.advance(6 * HOUR);
    const account = ledger.accounts("cmb")[0];
    if (account === undefined) throw new Error("no cmb account");
    const before = ledger.balances(account.id);
    const todays = ledger.transactions(account.id, { from: ledger.today("cmb"), to: ledger.today("cmb") });
    const heard: string[] = [];
    ledger.onBooked((tx) => heard.push(tx.id));
    const tx = ledger.post({
      accountId: account.id,
      kind: "outgoingPayment",
      amount: -12_345n,
      counterparty: { name: "广州恒泰电子有限公司", account: "6222020200012345678", bankCode: "104581000011" },
      summary: "货款",
      purpose: "货款",
      clientReference: "YUR0001",
    });
    expect(tx.bookedAt).toBe("2026-03-02T15:30:00+08:00");
    expect(tx.daySequence).toBe(todays.length + 1);
    expect(tx.balanceAfter).toBe(before.online - 12_345n);
    expect(tx.bankTransactionCode).toEqual({ domain: "PMNT", family: "ICDT", subFamily: "DMCT" });
    expect(heard).toEqual([tx.id]);
    expect(ledger.balances(account.id).online).toBe(before.online - 12_345n);
    const back = ledger.post({
      accountId: account.id,
      kind: "reversal",
      amount: 12_345n,
      counterparty: tx.counterparty,
      summary: "冲正",
      reversalOf: tx.id,
    });
    expect(back.reversalOf).toBe(tx.id);
    expect(back.bankTransactionCode).toEqual(tx.bankTransactionCode);
    expect(() => ledger.post({ ...tx, accountId: "nope", counterparty: tx.counterparty })).toThrow(RangeError);
    expect(ledger.account("nope")).toBeUndefined();
    expect(ledgerProblems(ledger.groundTruth())).toEqual([]);
  });

  it("reports balances: previous day, frozen and available = booked − frozen − open authorisations + credit line", () => {
    const { clock, ledger } = build("balances", 20);
    let sawFrozen = false;
    let sawOpenAuth = false;
    // Every 6 hours for 3 days: card authorisations open and settle in between.
    for (let step = 0; step < 12; step++) {
      clock.advance(6 * HOUR);
      for (const account of ledger.accounts()) {
        const b = ledger.balances(account.id);
        const open = ledger
          .transactions(account.id, { status: "pending" })
          .filter((t) => t.releasedAt === undefined)
          .reduce((s, t) => s - t.amount, 0n);
        if (open > 0n) sawOpenAuth = true;
        if (b.frozen > 0n) sawFrozen = true;
        expect(b.available).toBe(b.online - b.frozen - open + b.creditLine);
        const days = ledger.dailyBalances(account.id, account.openedOn, ledger.today(account.bankId));
        expect(days.at(-1)?.closingBooked).toBe(b.online);
        expect(days.at(-1)?.previousDay).toBe(b.previousDay);
        expect(days.at(-1)?.available).toBe(b.available);
      }
    }
    expect(sawFrozen).toBe(true);
    expect(sawOpenAuth).toBe(true);
  });

  it("keeps the invariants for any seed (property)", () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 12 }),
        fc.integer({ min: 0, max: 45 }),
        fc.integer({ min: 0, max: 3 * 24 }),
        (seed, history, hours) => {
          const { clock, ledger } = build(seed, history);
          clock.advance(hours * HOUR);
          expect(ledgerProblems(ledger.groundTruth())).toEqual([]);
        },
      ),
      { numRuns: 15 },
    );
  });

  it("tells every listener even when one throws, and reports the error", () => {
    const clock = createSimClock({ startMs: START });
    const errors: string[] = [];
    const ledger = createLedger({
      seed: "throws",
      clock,
      historyDays: 2,
      onListenerError: (e, tx) => errors.push(`${String(e)} ${tx.id}`),
    });
    let told = 0;
    ledger.onBooked(() => {
      throw new Error("boom");
    });
    ledger.onBooked(() => {
      told++;
    });
    clock.advance(DAY);
    expect(told).toBeGreaterThan(0);
    expect(errors.length).toBe(told);
    const strict = createLedger({ seed: "throws", clock: createSimClock({ startMs: START }), historyDays: 2 });
    strict.onBooked(() => {
      throw new Error("boom");
    });
    const account = strict.accounts()[0]?.id as string;
    expect(() =>
      strict.post({ accountId: account, kind: "bankFee", amount: -100n, counterparty: { name: "x" }, summary: "手续费" }),
    ).toThrow("boom");
    expect(strict.transactions(account).at(-1)?.amount).toBe(-100n);
  });

  it("rejects a bad history length", () => {
    const clock = createSimClock({ startMs: START });
    expect(() => createLedger({ seed: "x", clock, historyDays: -1 })).toThrow(RangeError);
    expect(() => createLedger({ seed: "x", clock, historyDays: 1.5 })).toThrow(RangeError);
  });
});
