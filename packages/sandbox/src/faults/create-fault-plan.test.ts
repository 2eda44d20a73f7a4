import { describe, expect, it } from "vitest";
import { createSeededRandom } from "../random/seeded-random.js";
import { createFaultPlan } from "./create-fault-plan.js";
import { type FaultScenario, parseFaultScenario } from "./fault-scenario.js";

function scenario(input: unknown): FaultScenario {
  const r = parseFaultScenario(input);
  if (!r.ok) throw new Error(r.message);
  return r.scenario;
}

const MIXED = scenario({
  endpoints: {
    "*": { latency: { lognormal: { medianMs: 40, p99Ms: 600 } } },
    "cmb:*": { errors: { serverError: 0.1, reset: 0.1, timeout: 0.1, garble: 0.1, rateLimit: 0.1 }, retryAfterSeconds: 7 },
    "psd2:transactions": { pages: { duplicateFromPrevious: 0.5, outOfOrder: 0.5, changesBetweenReads: 0.5, malformedRecords: 0.1 } },
  },
  outages: [{ endpoint: "icbc:*", from: "2026-06-01T10:00:00+08:00", to: "2026-06-01T10:30:00+08:00" }],
});

describe("createFaultPlan", () => {
  it("makes the same decisions for the same seed and scenario, whatever other endpoints saw", () => {
    const a = createFaultPlan({ random: createSeededRandom(5), scenario: MIXED });
    const b = createFaultPlan({ random: createSeededRandom(5), scenario: MIXED });
    const seqA = Array.from({ length: 200 }, () => a.decide("cmb:DCTRSINF", 0));
    // Interleave unrelated traffic on b: it must not shift cmb's decisions.
    const seqB = Array.from({ length: 200 }, () => {
      b.decide("psd2:accounts", 0);
      return b.decide("cmb:DCTRSINF", 0);
    });
    expect(seqB).toEqual(seqA);
    const c = createFaultPlan({ random: createSeededRandom(6), scenario: MIXED });
    expect(Array.from({ length: 200 }, () => c.decide("cmb:DCTRSINF", 0))).not.toEqual(seqA);
  });

  it("draws each kind of error near its configured rate and uses the rule's retry-after", () => {
    const plan = createFaultPlan({ random: createSeededRandom("rates"), scenario: MIXED });
    const counts = new Map<string, number>();
    for (let i = 0; i < 5000; i++) {
      const d = plan.decide("cmb:NTQADINF", 0);
      counts.set(d.action.kind, (counts.get(d.action.kind) ?? 0) + 1);
      if (d.action.kind === "rateLimit") expect(d.action.retryAfterSeconds).toBe(7);
    }
    for (const kind of ["serverError", "reset", "timeout", "garble", "rateLimit"]) {
      expect(counts.get(kind)).toBeGreaterThan(400);
      expect(counts.get(kind)).toBeLessThan(600);
    }
    expect(counts.get("none")).toBeGreaterThan(2300);
  });

  it("gives log-normal latency with about the configured median everywhere the '*' rule applies", () => {
    const plan = createFaultPlan({ random: createSeededRandom("lat"), scenario: MIXED });
    const xs = Array.from({ length: 2001 }, () => plan.decide("sftp:read", 0).latencyMs).sort((x, y) => x - y);
    expect(xs[1000]).toBeGreaterThan(30);
    expect(xs[1000]).toBeLessThan(52);
    expect(xs[1980]).toBeGreaterThan(300);
    // cmb has its own rule without latency: the whole '*' rule does not apply there.
    expect(plan.decide("cmb:X", 0).latencyMs).toBe(0);
  });

  it("takes a front end down during an outage window and brings it back after", () => {
    const plan = createFaultPlan({ random: createSeededRandom(1), scenario: MIXED });
    const inside = Date.parse("2026-06-01T10:10:00+08:00");
    const after = Date.parse("2026-06-01T10:30:00+08:00");
    expect(plan.decide("icbc:QHISD", inside).action).toEqual({ kind: "down", untilMs: after });
    expect(plan.decide("icbc:QHISD", after).action.kind).not.toBe("down");
    expect(plan.decide("ccb:6WY101", inside).action.kind).not.toBe("down");
  });

  it("reshapes pages only where the scenario says, never duplicating into the first page", () => {
    const plan = createFaultPlan({ random: createSeededRandom(2), scenario: MIXED });
    expect(plan.pageFaults("cmb:DCTRSINF", 3, 10)).toEqual({
      duplicateFromPrevious: 0,
      outOfOrder: false,
      changesBetweenReads: false,
      malformedRecords: [],
    });
    let dup = 0;
    for (let i = 0; i < 200; i++) {
      expect(plan.pageFaults("psd2:transactions", 0, 20).duplicateFromPrevious).toBe(0);
      const p = plan.pageFaults("psd2:transactions", 1, 20);
      if (p.duplicateFromPrevious > 0) dup++;
      for (const m of p.malformedRecords) expect(m).toBeLessThan(20);
    }
    expect(dup).toBeGreaterThan(60);
  });

  it("replaces its scenario through the control, keeping the old one when the new one is invalid", () => {
    const plan = createFaultPlan({ random: createSeededRandom(3) });
    expect(plan.decide("cmb:X", 0)).toEqual({ latencyMs: 0, action: { kind: "none" } });
    const bad = plan.replace({ endpoints: { "cmb:*": { errors: { reset: 0.7, garble: 0.6 } } } });
    expect(bad).toMatchObject({ ok: false, code: "SCENARIO_INVALID" });
    expect(plan.replace({ endpoints: { "cmb:*": { errors: { reset: 1 } } } })).toEqual({ ok: true });
    expect(plan.decide("cmb:X", 0).action).toEqual({ kind: "reset" });
  });
});

describe("parseFaultScenario", () => {
  it("names every mistake with its path", () => {
    const r = parseFaultScenario({
      endpoints: { "bad key": {}, "cmb:*": { errors: { reset: 2 }, colour: "red" } },
      outages: [{ endpoint: "icbc:*", from: "2026-06-01T10:00:00+08:00", to: "2026-06-01T09:00:00+08:00" }],
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.code).toBe("SCENARIO_INVALID");
    expect(r.message).toContain("endpoints");
    expect(r.message).toContain("cmb:*");
    expect(r.message).toContain("outages.0");
  });

  it("accepts an empty scenario", () => {
    expect(parseFaultScenario({})).toEqual({ ok: true, scenario: {} });
    expect(parseFaultScenario(undefined)).toEqual({ ok: true, scenario: {} });
  });
});
