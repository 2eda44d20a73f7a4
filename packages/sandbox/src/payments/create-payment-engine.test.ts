import { describe, expect, it } from "vitest";
import { createSimClock } from "../clock/sim-clock.js";
import { createSeededRandom } from "../random/seeded-random.js";
import { createPaymentEngine, type PaymentEngineOptions } from "./create-payment-engine.js";
import type { PaymentInstruction, PaymentResult } from "./payment-types.js";
import { createFakeLedger, fakeAccount } from "./test-support/fake-ledger.js";

const HOUR = 3_600_000;
const START = Date.UTC(2026, 2, 2, 1, 0, 0);

function setup(extra: Partial<PaymentEngineOptions> = {}, seed = "s1") {
  const clock = createSimClock({ startMs: START });
  const ledger = createFakeLedger(clock, [
    fakeAccount("755900000000001"),
    fakeAccount("755900000000002", { status: "B" }),
    fakeAccount("755900000000003", { currency: "USD" }),
    fakeAccount("755900000000004", { openingBalance: 100_00n, creditLine: 50_00n }),
  ]);
  const engine = createPaymentEngine({ ledger, clock, random: createSeededRandom(seed), ...extra });
  return { clock, ledger, engine };
}

function instruction(ref: string, overrides: Partial<PaymentInstruction> = {}): PaymentInstruction {
  return {
    debtorAccountId: "755900000000001",
    clientReference: ref,
    amount: 1234_56n,
    currency: "CNY",
    creditor: { name: "上海供应商有限公司", account: "6222000011112222", bankCode: "102290000012", bankName: "中国工商银行上海分行" },
    purpose: "货款",
    remittance: "INV-2026-0012",
    ...overrides,
  };
}

describe("createPaymentEngine", () => {
  it("moves a payment OPR → AUT → NTE → BNK → FIN/S on the clock and posts exactly one debit", () => {
    const { clock, ledger, engine } = setup({ outcomes: { S: 1 }, manualApprovalRate: 0, suspiciousRate: 0 });
    const out = engine.submit(instruction("REF001"));
    expect(out.refusal).toBeUndefined();
    expect(out.duplicate).toBe(false);
    expect(out.payment.state).toBe("OPR");
    expect(out.payment.requestNumber).toMatch(/^\d{10}$/);
    const seen: string[] = [out.payment.state];
    for (let i = 0; i < 200; i++) {
      clock.advance(30_000);
      const state = engine.find("755900000000001", "REF001")?.state ?? "?";
      if (seen[seen.length - 1] !== state) seen.push(state);
    }
    expect(seen).toEqual(["OPR", "AUT", "NTE", "BNK", "FIN"]);
    const done = engine.find("755900000000001", "REF001");
    expect(done?.result).toBe("S");
    expect(ledger.posted).toHaveLength(1);
    expect(ledger.posted[0]).toMatchObject({ amount: -1234_56n, kind: "outgoingPayment", clientReference: "REF001" });
    expect(ledger.posted[0]?.counterparty.name).toBe("上海供应商有限公司");
    expect(done?.transactionId).toBe(ledger.posted[0]?.id);
    expect(ledger.balances("755900000000001").online).toBe(1_000_000_00n - 1234_56n);
  });

  it("returns the original with duplicate:true on a resend and never posts twice", () => {
    const { clock, ledger, engine } = setup({ outcomes: { S: 1 } });
    const first = engine.submit(instruction("DUP1"));
    const again = engine.submit(instruction("DUP1", { amount: 999n }));
    expect(again.duplicate).toBe(true);
    expect(again.payment.requestNumber).toBe(first.payment.requestNumber);
    expect(again.payment.instruction.amount).toBe(1234_56n);
    clock.advance(10 * HOUR);
    expect(engine.submit(instruction("DUP1")).duplicate).toBe(true);
    expect(engine.submit(instruction("DUP1")).payment.state).toBe("FIN");
    expect(ledger.posted).toHaveLength(1);
    // The same reference on another account is another payment.
    expect(engine.submit(instruction("DUP1", { debtorAccountId: "755900000000004", amount: 1n })).duplicate).toBe(false);
    expect(engine.list()).toHaveLength(2);
  });

  it("refuses bad instructions with stable codes and records nothing", () => {
    const { engine } = setup();
    const code = (i: PaymentInstruction) => engine.submit(i).refusal?.code;
    expect(code(instruction("R1", { debtorAccountId: "000" }))).toBe("ACCOUNT_UNKNOWN");
    expect(code(instruction("R2", { debtorAccountId: "755900000000002" }))).toBe("ACCOUNT_FROZEN");
    expect(code(instruction("R3", { debtorAccountId: "755900000000003" }))).toBe("CURRENCY_MISMATCH");
    expect(code(instruction("R4", { amount: 0n }))).toBe("AMOUNT_INVALID");
    expect(code(instruction("R5", { amount: -5n }))).toBe("AMOUNT_INVALID");
    expect(code(instruction("R6", { debtorAccountId: "755900000000004", amount: 150_01n }))).toBe("INSUFFICIENT_FUNDS");
    expect(engine.list()).toHaveLength(0);
    // Within balance + credit line it is accepted; a second one exceeding what is left (in flight counts) is refused.
    expect(code(instruction("R7", { debtorAccountId: "755900000000004", amount: 150_00n }))).toBeUndefined();
    expect(code(instruction("R8", { debtorAccountId: "755900000000004", amount: 1n }))).toBe("INSUFFICIENT_FUNDS");
    // A refused reference may be sent again once the problem is fixed.
    expect(code(instruction("R4"))).toBeUndefined();
  });

  it("gives F/R/U/B/WRF/APW outcomes by default, deterministic per reference, and returns credit back", () => {
    const run = () => {
      const { clock, ledger, engine } = setup({}, "mix");
      for (let i = 0; i < 120; i++) engine.submit(instruction(`M${i}`, { amount: 100_00n }));
      const states = new Set<string>();
      for (let h = 0; h < 24 * 5; h++) {
        clock.advance(HOUR / 2);
        for (const p of engine.list()) states.add(p.state);
      }
      return { ledger, engine, states };
    };
    const { ledger, engine, states } = run();
    const results = new Map<PaymentResult | undefined, number>();
    for (const p of engine.list()) results.set(p.result, (results.get(p.result) ?? 0) + 1);
    expect(engine.list().every((p) => p.state === "FIN")).toBe(true);
    for (const r of ["S", "F", "R", "U", "B"] as const) expect(results.get(r) ?? 0).toBeGreaterThan(0);
    expect(states.has("APW") || engine.list().length === 0).toBe(true);
    for (const p of engine.list()) {
      const txs = ledger.posted.filter((t) => t.clientReference === p.instruction.clientReference);
      const debits = txs.filter((t) => t.kind === "outgoingPayment");
      const returns = txs.filter((t) => t.kind === "paymentReturn");
      const executed = p.result === "S" || p.result === "U" || p.result === "B";
      expect(debits).toHaveLength(executed ? 1 : 0);
      expect(returns).toHaveLength(p.result === "B" ? 1 : 0);
      if (p.result === "B") {
        expect(returns[0]?.amount).toBe(100_00n);
        expect(p.returnTransactionId).toBe(returns[0]?.id);
      }
    }
    // Same seed, same fates.
    const again = run();
    expect(again.engine.list().map((p) => `${p.requestNumber}${p.result}`)).toEqual(
      engine.list().map((p) => `${p.requestNumber}${p.result}`),
    );
  });

  it("passes through WRF 可疑 and APW 人工审批 when drawn", () => {
    const { clock, engine } = setup({ outcomes: { S: 1 }, manualApprovalRate: 1, suspiciousRate: 1 });
    engine.submit(instruction("W1"));
    const seen: string[] = [];
    for (let i = 0; i < 600; i++) {
      clock.advance(60_000);
      const s = engine.find("755900000000001", "W1")?.state ?? "?";
      if (seen[seen.length - 1] !== s) seen.push(s);
    }
    expect(seen).toEqual(["AUT", "NTE", "APW", "BNK", "WRF", "FIN"]);
  });

  it("ends F with 余额不足 when the funds are gone at execution", () => {
    const { clock, ledger, engine } = setup({ outcomes: { S: 1 } });
    engine.submit(instruction("F1", { debtorAccountId: "755900000000004", amount: 100_00n }));
    ledger.post({ accountId: "755900000000004", kind: "bankFee", amount: -100_00n, counterparty: { name: "招商银行" }, summary: "手续费" });
    clock.advance(10 * HOUR);
    const p = engine.find("755900000000004", "F1");
    expect(p).toMatchObject({ state: "FIN", result: "F", reason: "账户余额不足" });
    expect(ledger.posted.filter((t) => t.kind === "outgoingPayment")).toHaveLength(0);
  });
});
