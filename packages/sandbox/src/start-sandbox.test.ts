import { afterEach, describe, expect, it } from "vitest";
import type { GroundTruth } from "./ledger/ledger-types.js";
import { ledgerProblems } from "./ledger/test-support/ledger-invariants.js";
import { parseSandboxScenario, type SandboxScenario } from "./sandbox-scenario.js";
import { type RunningSandbox, startSandbox } from "./start-sandbox.js";

const running: RunningSandbox[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

function scenario(input: unknown): SandboxScenario {
  const r = parseSandboxScenario(input);
  if (!r.ok) throw new Error(r.message);
  return r.scenario;
}

const SCENARIO = scenario({
  clock: { start: "2026-03-02T08:30:00+08:00" },
  faults: { endpoints: { "cmb:*": { errors: { serverError: 0.2 } } } },
});

async function start(seed: string): Promise<RunningSandbox> {
  const s = await startSandbox({ seed, historyDays: 5, scenario: SCENARIO, portBase: 0 });
  running.push(s);
  return s;
}

/** Moves the clock and reads the ground truth through the admin API, as a test of BankBridge would. */
async function truthAfter(sandbox: RunningSandbox, advances: readonly Record<string, number>[]): Promise<string> {
  const admin = sandbox.endpoints.find((e) => e.id === "admin");
  if (admin === undefined) throw new Error("no admin endpoint");
  const headers = { authorization: `Bearer ${admin.credentials.token}`, "content-type": "application/json" };
  for (const body of advances) {
    const r = await fetch(`${admin.url}/clock/advance`, { method: "POST", headers, body: JSON.stringify(body) });
    expect(r.status).toBe(200);
  }
  const r = await fetch(`${admin.url}/ledger`, { headers });
  expect(r.status).toBe(200);
  return await r.text();
}

describe("startSandbox", () => {
  it("starts every service on the loopback address with its credentials and accounts", async () => {
    const s = await start("1");
    expect(s.endpoints.map((e) => e.id)).toEqual(["admin", "icbc", "cmb", "ccb", "psd2", "sftp", "push"]);
    for (const e of s.endpoints) {
      expect(e.url).toMatch(/^[a-z]+:\/\/([^@/]+@)?127\.0\.0\.1:\d+/);
      for (const url of Object.values(e.urls ?? {})) expect(url).toMatch(/^[a-z]+:\/\/([^@/]+@)?127\.0\.0\.1:\d+/);
      if (e.id !== "admin") {
        expect(e.accounts.length).toBeGreaterThan(0);
        expect(Object.keys(e.credentials).length).toBeGreaterThan(0);
      }
    }
    // Each bank's API front end serves its own accounts; no account is served by two banks' APIs (SFTP and push
    // are channels every bank offers, so they list accounts of several banks).
    const served = s.endpoints.filter((e) => ["icbc", "cmb", "ccb", "psd2"].includes(e.id)).flatMap((e) => e.accounts);
    expect(new Set(served).size, served.join(" ")).toBe(served.length);
  });

  it("gives byte-identical ground truth for the same seed and scenario, and different truth for another seed", async () => {
    const [a, b, c] = await Promise.all([start("42"), start("42"), start("43")]);
    const moves: Record<string, number>[] = [{ days: 1 }, { hours: 20 }, { minutes: 90 }];
    const [ta, tb, tc] = await Promise.all([truthAfter(a, moves), truthAfter(b, moves), truthAfter(c, moves)]);
    expect(ta.length).toBeGreaterThan(10_000);
    expect(tb).toBe(ta);
    expect(tc).not.toBe(ta);
  });

  it("serves ground truth whose transactions sum to every account's balances on every day", async () => {
    const s = await start("7");
    const truth = JSON.parse(await truthAfter(s, [{ days: 3 }])) as GroundTruth;
    expect(ledgerProblems(truth)).toEqual([]);
    for (const account of truth.accounts) {
      let balance = BigInt(account.account.openingBalance);
      for (const day of account.dailyBalances) {
        expect(BigInt(day.previousDay)).toBe(balance);
        const booked = account.transactions.filter((t) => t.status === "booked" && t.bookingDate === day.date);
        balance += booked.reduce((sum, t) => sum + BigInt(t.amount), 0n);
        expect(BigInt(day.closingBooked)).toBe(balance);
      }
      expect(BigInt(account.balances.online)).toBe(balance);
    }
  });

  it("stops every service on close", async () => {
    const s = await startSandbox({ seed: "1", historyDays: 1, portBase: 0 });
    const admin = s.endpoints.find((e) => e.id === "admin");
    await s.close();
    await expect(fetch(`${admin?.url}/clock`)).rejects.toThrow();
  });
});
