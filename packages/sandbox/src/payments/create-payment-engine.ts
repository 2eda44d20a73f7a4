/**
 * The sandbox's payment execution: the two-axis state machine of {@link PaymentEngine} over the ledger,
 * moved by the simulated clock and decided by the seed.
 *
 * Each payment's fate is drawn at submission from a random stream forked by debtor account and client
 * reference, so it does not depend on what else was submitted or on how the clock was advanced: the same
 * seed and reference always give the same request number, path and result.
 *
 * Paths (instants are offsets from submission, all drawn):
 * - every payment starts in `OPR` (数据接收中) and reaches `AUT` (等待审批) a few seconds later;
 * - `R` (否决) and `C` (撤消) end from `AUT` within half an hour; `D` (过期) after a day in `AUT`;
 * - the others go `AUT` → `NTE` → (sometimes `APW` 人工审批) → `BNK` → (sometimes `WRF` 可疑) → `FIN`;
 * - at `FIN`, `S` and `U` (挂账: the money left the account but sits in the bank's suspense) post the debit;
 *   `F` posts nothing; a `B` payment first finishes `S` with its debit and one to three days later turns
 *   `B` (退票) with a `paymentReturn` credit of the same amount.
 * If the account can no longer cover the payment when it executes, it ends `F` with 余额不足.
 *
 * Refused instructions (unknown account, frozen or closed account, currency mismatch, bad amount,
 * insufficient funds counting the credit line and payments still in flight) are not recorded: the client may
 * send the same reference again once the problem is fixed, as with a real bank's synchronous refusal.
 *
 * @module
 */
import type { IsoDateTime } from "@bankbridge/hub/core";
import type { SimClock } from "../clock/sim-clock.js";
import type { Ledger, SandboxAccount } from "../ledger/ledger-types.js";
import type { SeededRandom } from "../random/seeded-random.js";
import type {
  PaymentEngine,
  PaymentInstruction,
  PaymentRecord,
  PaymentRequestState,
  PaymentResult,
  SubmitOutcome,
} from "./payment-types.js";

/** Options for {@link createPaymentEngine}. */
export interface PaymentEngineOptions {
  readonly ledger: Ledger;
  readonly clock: SimClock;
  /** The engine forks this per payment (`payment:<account>:<reference>`). */
  readonly random: SeededRandom;
  /**
   * Relative weights of the final results (default S 78, B 5, F 5, R 4, U 4, D 2, C 2). Tests and demos
   * can force an outcome, e.g. `{ S: 1 }`.
   */
  readonly outcomes?: Readonly<Partial<Record<PaymentResult, number>>>;
  /** Chance that an executing payment waits in `APW` for the bank's manual approval (default 0.1). */
  readonly manualApprovalRate?: number;
  /** Chance that an executing payment passes through `WRF` 可疑 (default 0.08; always for `U`). */
  readonly suspiciousRate?: number;
}

const DEFAULT_OUTCOMES: Readonly<Record<PaymentResult, number>> = { S: 78, B: 5, F: 5, R: 4, U: 4, D: 2, C: 2 };

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** One planned transition. */
interface Step {
  readonly atMs: number;
  readonly state: PaymentRequestState;
  readonly result?: PaymentResult;
  readonly reason?: string;
  /** `debit` posts the payment (and may fail for lack of funds); `return` posts the 退票 credit. */
  readonly posting?: "debit" | "return";
}

interface Tracked {
  record: PaymentRecord;
  readonly steps: Step[];
  /** Counts against the account's available funds until the debit posts or the payment ends without one. */
  reserved: boolean;
  readonly offsetMinutes: number;
  readonly chinese: boolean;
}

const FAIL_REASONS = ["收方账号户名不符", "收款行退回：账户状态异常", "收方账号不存在"] as const;
const RETURN_REASONS = ["退票：收款人账号户名不符", "退票：收款账户已销户", "退票：收款行拒收"] as const;

/** `ms` as an ISO date-time in a zone `offsetMinutes` east of UTC (`2026-03-02T10:15:07+08:00`). */
function formatInstant(ms: number, offsetMinutes: number): IsoDateTime {
  const d = new Date(ms + offsetMinutes * MINUTE);
  const p = (n: number, w = 2): string => String(n).padStart(w, "0");
  const sign = offsetMinutes < 0 ? "-" : "+";
  const off = Math.abs(offsetMinutes);
  const zone = `${sign}${p(Math.floor(off / 60))}:${p(off % 60)}`;
  return `${p(d.getUTCFullYear(), 4)}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())}T${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}${zone}` as IsoDateTime;
}

function plan(rng: SeededRandom, startMs: number, result: PaymentResult, options: PaymentEngineOptions): Step[] {
  const steps: Step[] = [];
  let t = startMs + rng.int(2, 10) * SECOND;
  steps.push({ atMs: t, state: "AUT" });
  if (result === "R" || result === "C") {
    t += rng.int(5, 30) * MINUTE;
    const reason = result === "R" ? "审批人否决" : "经办人撤销";
    steps.push({ atMs: t, state: "FIN", result, reason });
    return steps;
  }
  if (result === "D") {
    steps.push({ atMs: t + DAY, state: "FIN", result, reason: "超过期望日未审批，业务过期" });
    return steps;
  }
  t += rng.int(1, 10) * MINUTE;
  steps.push({ atMs: t, state: "NTE" });
  if (rng.chance(options.manualApprovalRate ?? 0.1)) {
    t += rng.int(1, 5) * MINUTE;
    steps.push({ atMs: t, state: "APW" });
    t += rng.int(5, 60) * MINUTE;
  } else {
    t += rng.int(1, 5) * MINUTE;
  }
  steps.push({ atMs: t, state: "BNK" });
  if (result === "U" || rng.chance(options.suspiciousRate ?? 0.08)) {
    t += rng.int(2, 15) * MINUTE;
    steps.push({ atMs: t, state: "WRF", reason: "银行处理结果未知（可疑），请勿重复支付" });
    t += rng.int(30, 180) * MINUTE;
  } else {
    t += rng.int(1, 30) * MINUTE;
  }
  switch (result) {
    case "F":
      steps.push({ atMs: t, state: "FIN", result, reason: rng.pick(FAIL_REASONS) });
      break;
    case "U":
      steps.push({ atMs: t, state: "FIN", result, reason: "收款行暂挂，款项挂账", posting: "debit" });
      break;
    case "B":
      steps.push({ atMs: t, state: "FIN", result: "S", posting: "debit" });
      steps.push({ atMs: t + rng.int(1 * DAY, 3 * DAY), state: "FIN", result: "B", reason: rng.pick(RETURN_REASONS), posting: "return" });
      break;
    default:
      steps.push({ atMs: t, state: "FIN", result: "S", posting: "debit" });
  }
  return steps;
}

const keyOf = (debtorAccountId: string, clientReference: string): string => `${debtorAccountId}\u0000${clientReference}`;

/**
 * A payment engine over `ledger`, moved by `clock`.
 *
 * @example const payments = createPaymentEngine({ ledger, clock, random: rng.fork("payments") });
 */
export function createPaymentEngine(options: PaymentEngineOptions): PaymentEngine {
  const { ledger, clock, random } = options;
  const byKey = new Map<string, Tracked>();
  const all: Tracked[] = [];
  // An explicit table replaces the defaults rather than mixing with them.
  const weights = Object.entries(options.outcomes ?? DEFAULT_OUTCOMES)
    .filter((entry): entry is [string, number] => (entry[1] ?? 0) > 0)
    .map(([r, w]) => [r as PaymentResult, w] as const);
  if (weights.length === 0) throw new RangeError("payment outcome weights must include one above zero");

  const reservedFor = (accountId: string): bigint => {
    let sum = 0n;
    for (const t of all) if (t.reserved && t.record.instruction.debtorAccountId === accountId) sum += t.record.instruction.amount;
    return sum;
  };

  const apply = (t: Tracked, step: Step): void => {
    const { instruction } = t.record;
    let next: PaymentRecord = {
      ...t.record,
      state: step.state,
      updatedAt: formatInstant(step.atMs, t.offsetMinutes),
      ...(step.result !== undefined ? { result: step.result } : {}),
      ...(step.reason !== undefined ? { reason: step.reason } : {}),
    };
    if (step.posting === "debit") {
      t.reserved = false;
      const balances = ledger.balances(instruction.debtorAccountId);
      const account = ledger.account(instruction.debtorAccountId);
      if (account === undefined || account.status !== "A" || balances.available < instruction.amount) {
        next = { ...next, result: "F", reason: account?.status === "A" ? "账户余额不足" : "付方账户状态异常" };
        t.steps.length = 0;
      } else {
        const tx = ledger.post({
          accountId: instruction.debtorAccountId,
          kind: "outgoingPayment",
          amount: -instruction.amount,
          counterparty: instruction.creditor,
          summary: t.chinese ? "汇款" : "Outgoing payment",
          purpose: instruction.purpose,
          ...(instruction.remittance !== undefined ? { remittance: instruction.remittance } : {}),
          clientReference: instruction.clientReference,
        });
        next = { ...next, transactionId: tx.id };
      }
    } else if (step.posting === "return") {
      const tx = ledger.post({
        accountId: instruction.debtorAccountId,
        kind: "paymentReturn",
        amount: instruction.amount,
        counterparty: instruction.creditor,
        summary: t.chinese ? "退票" : "Payment return",
        purpose: instruction.purpose,
        remittance: step.reason ?? "退票",
        clientReference: instruction.clientReference,
      });
      next = { ...next, returnTransactionId: tx.id };
    }
    if (next.state === "FIN" && step.posting === undefined) t.reserved = false;
    t.record = Object.freeze(next);
  };

  /** Applies every step due by now, in instant order across payments (ties by submission order). */
  const catchUp = (nowMs: number): void => {
    for (;;) {
      let best: Tracked | undefined;
      for (const t of all) {
        const s = t.steps[0];
        if (s === undefined || s.atMs > nowMs) continue;
        const b = best?.steps[0];
        if (b === undefined || s.atMs < b.atMs) best = t;
      }
      const step = best?.steps.shift();
      if (best === undefined || step === undefined) return;
      apply(best, step);
    }
  };

  clock.onAdvance(catchUp);

  const refuse = (
    instruction: PaymentInstruction,
    code: NonNullable<SubmitOutcome["refusal"]>["code"],
    message: string,
    account: SandboxAccount | undefined,
  ): SubmitOutcome => {
    const at = formatInstant(clock.now(), account === undefined ? 0 : ledger.bank(account.bankId).utcOffsetMinutes);
    const payment: PaymentRecord = Object.freeze({
      instruction,
      requestNumber: "",
      state: "FIN",
      result: "R",
      reason: message,
      submittedAt: at,
      updatedAt: at,
    });
    return { payment, duplicate: false, refusal: { code, message } };
  };

  return {
    submit(instruction) {
      const nowMs = clock.now();
      catchUp(nowMs);
      const key = keyOf(instruction.debtorAccountId, instruction.clientReference);
      const existing = byKey.get(key);
      if (existing !== undefined) return { payment: existing.record, duplicate: true };

      const account = ledger.account(instruction.debtorAccountId);
      if (!(instruction.amount > 0n)) return refuse(instruction, "AMOUNT_INVALID", "交易金额必须大于零", account);
      if (account === undefined) return refuse(instruction, "ACCOUNT_UNKNOWN", "付方账号不存在", account);
      if (account.status !== "A")
        return refuse(instruction, "ACCOUNT_FROZEN", account.status === "B" ? "付方账户已冻结" : "付方账户已销户", account);
      if (instruction.currency !== account.currency)
        return refuse(instruction, "CURRENCY_MISMATCH", `币种${instruction.currency}与付方账户币种${account.currency}不符`, account);
      const available = ledger.balances(account.id).available - reservedFor(account.id);
      if (available < instruction.amount) return refuse(instruction, "INSUFFICIENT_FUNDS", "可用余额不足", account);

      const bank = ledger.bank(account.bankId);
      const rng = random.fork(`payment:${instruction.debtorAccountId}:${instruction.clientReference}`);
      const requestNumber = rng.digits(10);
      const result = rng.weighted(weights);
      const at = formatInstant(nowMs, bank.utcOffsetMinutes);
      const tracked: Tracked = {
        record: Object.freeze({ instruction, requestNumber, state: "OPR", submittedAt: at, updatedAt: at }),
        steps: plan(rng, nowMs, result, options),
        reserved: true,
        offsetMinutes: bank.utcOffsetMinutes,
        chinese: bank.country === "CN",
      };
      byKey.set(key, tracked);
      all.push(tracked);
      return { payment: tracked.record, duplicate: false };
    },
    find(debtorAccountId, clientReference) {
      catchUp(clock.now());
      return byKey.get(keyOf(debtorAccountId, clientReference))?.record;
    },
    list() {
      catchUp(clock.now());
      return all.map((t) => t.record);
    },
  };
}
