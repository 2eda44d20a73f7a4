/**
 * Test support: a service context over a real seeded ledger on a simulated clock (2026-03-02 09:30 in China),
 * no faults unless given, a quiet logger.
 *
 * @module
 */
import { createSimClock, type SimClock } from "../../clock/sim-clock.js";
import type { FaultPlan } from "../../faults/fault-types.js";
import { noFaults } from "../../faults/no-faults.js";
import { createLedger } from "../../ledger/create-ledger.js";
import { createPaymentEngine } from "../../payments/create-payment-engine.js";
import { createSeededRandom } from "../../random/seeded-random.js";
import type { ServiceContext } from "../../service.js";

/** 2026-03-02 09:30 in China (01:30 UTC), a Monday. */
export const START = Date.UTC(2026, 2, 2, 1, 30);
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

/** A context for one test; `faults` replaces the no-fault plan. */
export function sandboxContext(
  options: { seed?: string; historyDays?: number; faults?: FaultPlan } = {},
): ServiceContext & { clock: SimClock } {
  const clock = createSimClock({ startMs: START });
  const ledger = createLedger({ seed: options.seed ?? "sftp-push", clock, historyDays: options.historyDays ?? 3 });
  const random = createSeededRandom(options.seed ?? "sftp-push");
  return {
    ledger,
    clock,
    payments: createPaymentEngine({ ledger, clock, random: random.fork("payments") }),
    faults: options.faults ?? noFaults,
    random,
    logger: { info: () => undefined, warn: () => undefined },
    host: "127.0.0.1",
  };
}
