/**
 * Deterministic fault decisions from a seed and a {@link FaultScenario}. The n-th request to an endpoint
 * draws from the random stream `fault/<endpoint>/<n>`, so the decision for a request depends only on the
 * seed, the scenario and how many requests that endpoint saw before — not on timing or on other endpoints.
 *
 * @module
 */
import type { SeededRandom } from "../random/seeded-random.js";
import { type FaultRule, type FaultScenario, parseFaultScenario, patternCovers, ruleFor } from "./fault-scenario.js";
import type { FaultAction, FaultControl, FaultDecision, FaultPlan, PageFaults } from "./fault-types.js";

const NO_PAGE_FAULTS: PageFaults = {
  duplicateFromPrevious: 0,
  outOfOrder: false,
  changesBetweenReads: false,
  malformedRecords: [],
};

/** A fault plan that can also be inspected and replaced through the admin API. */
export interface ControllableFaultPlan extends FaultPlan, FaultControl {}

/** Options for {@link createFaultPlan}. */
export interface FaultPlanOptions {
  /** The sandbox's random source; the plan forks its own streams from it. */
  readonly random: SeededRandom;
  /** A validated scenario (see `parseFaultScenario`); none means no faults. */
  readonly scenario?: FaultScenario;
}

/**
 * A plan for `scenario`.
 *
 * @example const plan = createFaultPlan({ random: createSeededRandom(1), scenario }); plan.decide("cmb:DCTRSINF", clock.now());
 */
export function createFaultPlan(options: FaultPlanOptions): ControllableFaultPlan {
  const root = options.random.fork("faults");
  let scenario: FaultScenario = options.scenario ?? {};
  let requestCounts = new Map<string, number>();
  let pageCounts = new Map<string, number>();

  const nextCount = (counts: Map<string, number>, key: string): number => {
    const n = counts.get(key) ?? 0;
    counts.set(key, n + 1);
    return n;
  };

  return {
    decide(endpoint, nowMs): FaultDecision {
      const n = nextCount(requestCounts, endpoint);
      const rng = root.fork(`${endpoint}/${n}`);
      for (const outage of scenario.outages ?? []) {
        const from = Date.parse(outage.from);
        const to = Date.parse(outage.to);
        if (nowMs >= from && nowMs < to && patternCovers(outage.endpoint, endpoint)) {
          return { latencyMs: 0, action: { kind: "down", untilMs: to } };
        }
      }
      const rule = ruleFor(scenario, endpoint);
      if (rule === undefined) return { latencyMs: 0, action: { kind: "none" } };
      return { latencyMs: drawLatency(rule, rng), action: drawAction(rule, rng) };
    },
    pageFaults(endpoint, pageIndex, recordCount): PageFaults {
      const rule = ruleFor(scenario, endpoint)?.pages;
      if (rule === undefined) return NO_PAGE_FAULTS;
      const key = `${endpoint}#${pageIndex}`;
      const rng = root.fork(`page/${key}/${nextCount(pageCounts, key)}`);
      const malformed: number[] = [];
      const pMalformed = rule.malformedRecords ?? 0;
      if (pMalformed > 0) for (let i = 0; i < recordCount; i++) if (rng.chance(pMalformed)) malformed.push(i);
      return {
        // Duplicates only make sense from the second page on: they repeat the end of the previous one.
        duplicateFromPrevious: pageIndex > 0 && rng.chance(rule.duplicateFromPrevious ?? 0) ? rng.int(1, 3) : 0,
        outOfOrder: rng.chance(rule.outOfOrder ?? 0),
        changesBetweenReads: rng.chance(rule.changesBetweenReads ?? 0),
        malformedRecords: malformed,
      };
    },
    current: () => scenario,
    replace(input) {
      const parsed = parseFaultScenario(input);
      if (!parsed.ok) return parsed;
      scenario = parsed.scenario;
      requestCounts = new Map();
      pageCounts = new Map();
      return { ok: true };
    },
  };
}

function drawLatency(rule: FaultRule, rng: SeededRandom): number {
  const latency = rule.latency;
  if (latency === undefined) return 0;
  if ("fixedMs" in latency) return latency.fixedMs;
  if ("uniform" in latency) {
    const { minMs, maxMs } = latency.uniform;
    return rng.int(Math.min(minMs, maxMs), Math.max(minMs, maxMs));
  }
  // Log-normal from its median and 99th percentile: sigma = ln(p99/median) / z(0.99).
  const { medianMs, p99Ms } = latency.lognormal;
  const sigma = Math.max(0, Math.log(Math.max(p99Ms, medianMs) / medianMs) / 2.326);
  return Math.min(600_000, Math.round(Math.exp(rng.normal(Math.log(medianMs), sigma))));
}

function drawAction(rule: FaultRule, rng: SeededRandom): FaultAction {
  const e = rule.errors;
  if (e === undefined) return { kind: "none" };
  // One draw against cumulative probabilities, so the rates mean what they say and add up.
  const r = rng.next();
  let edge = 0;
  edge += e.serverError ?? 0;
  if (r < edge) return { kind: "serverError", status: rule.serverErrorStatus ?? 503 };
  edge += e.reset ?? 0;
  if (r < edge) return { kind: "reset" };
  edge += e.timeout ?? 0;
  if (r < edge) return { kind: "timeout", holdMs: rule.timeoutHoldMs ?? 30_000 };
  edge += e.garble ?? 0;
  if (r < edge) return { kind: "garble" };
  edge += e.rateLimit ?? 0;
  if (r < edge) return { kind: "rateLimit", retryAfterSeconds: rule.retryAfterSeconds ?? 1 };
  return { kind: "none" };
}
