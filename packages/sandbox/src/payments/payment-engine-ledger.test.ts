import { describe, expect, it } from "vitest";
import { createSimClock } from "../clock/sim-clock.js";
import { createLedger } from "../ledger/create-ledger.js";
import { createSeededRandom } from "../random/seeded-random.js";
import { createPaymentEngine } from "./create-payment-engine.js";

const HOUR = 3_600_000;

/** The engine over the real seeded ledger: executions and returns land in the books exactly once. */
describe("payment engine over the real ledger", () => {
  const run = () => {
    const clock = createSimClock({ startMs: Date.UTC(2026, 2, 2, 1, 0, 0) });
    const ledger = createLedger({ seed: "pay-int", clock, historyDays: 3 });
    const engine = createPaymentEngine({ ledger, clock, random: createSeededRandom("pay-int").fork("payments") });
    const debtors = ledger.accounts().filter((a) => a.status === "A" && a.currency === "CNY");
    for (let i = 0; i < 60; i++) {
      const debtor = debtors[i % debtors.length];
      if (debtor === undefined) throw new Error("no CNY account");
      const instruction = {
        debtorAccountId: debtor.id,
        clientReference: `INT${String(i).padStart(4, "0")}`,
        amount: 10_00n + BigInt(i),
        currency: "CNY",
        creditor: { name: "测试收款方", account: "6222000000000001", bankCode: "102100099996", bankName: "中国工商银行" },
        purpose: "服务费",
      };
      engine.submit(instruction);
      // Resends along the way never execute twice.
      if (i % 3 === 0) expect(engine.submit({ ...instruction }).duplicate).toBe(true);
      clock.advance(HOUR / 4);
    }
    for (let h = 0; h < 5 * 24; h++) clock.advance(HOUR);
    return { ledger, engine };
  };

  it("posts one debit per executed payment, credits returns back, and keeps every account's books closing", () => {
    const { ledger, engine } = run();
    const payments = engine.list();
    expect(payments.every((p) => p.state === "FIN")).toBe(true);
    expect(new Set(payments.map((p) => p.result)).size).toBeGreaterThan(1);
    for (const p of payments) {
      const txs = ledger.transactions(p.instruction.debtorAccountId).filter((t) => t.clientReference === p.instruction.clientReference);
      const debits = txs.filter((t) => t.kind === "outgoingPayment");
      const returns = txs.filter((t) => t.kind === "paymentReturn");
      const executed = p.result === "S" || p.result === "U" || p.result === "B";
      expect(debits.map((t) => t.amount)).toEqual(executed ? [-p.instruction.amount] : []);
      expect(returns.map((t) => t.amount)).toEqual(p.result === "B" ? [p.instruction.amount] : []);
      if (executed) expect(ledger.transaction(p.transactionId ?? "")?.counterparty.name).toBe("测试收款方");
    }
    for (const a of ledger.accounts()) {
      const booked = ledger.transactions(a.id).reduce((s, t) => s + t.amount, a.openingBalance);
      expect(booked).toBe(ledger.balances(a.id).online);
    }
  });

  it("is deterministic under the seed", () => {
    const a = run().engine.list();
    const b = run().engine.list();
    expect(b.map((p) => [p.requestNumber, p.result, p.updatedAt, p.transactionId])).toEqual(
      a.map((p) => [p.requestNumber, p.result, p.updatedAt, p.transactionId]),
    );
  });
});
