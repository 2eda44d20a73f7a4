import { request } from "node:http";
import { connect } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createSimClock } from "../clock/sim-clock.js";
import type { FaultControl } from "../faults/fault-types.js";
import { noFaults } from "../faults/no-faults.js";
import { createLedger } from "../ledger/create-ledger.js";
import { serializeGroundTruth } from "../ledger/ground-truth.js";
import type { GroundTruth } from "../ledger/ledger-types.js";
import { ledgerProblems } from "../ledger/test-support/ledger-invariants.js";
import type { PaymentEngine, PaymentRecord } from "../payments/payment-types.js";
import { createSeededRandom } from "../random/seeded-random.js";
import type { RunningService, ServiceContext } from "../service.js";
import { startAdminService } from "./admin-service.js";

const START = Date.UTC(2026, 2, 2, 1, 30);
const TOKEN = "adm-test-token";

const PAYMENT: PaymentRecord = {
  instruction: {
    debtorAccountId: "755900000000001",
    clientReference: "YUR001",
    amount: 123_456n,
    currency: "CNY",
    creditor: { name: "广州恒泰电子有限公司", account: "6222020200012345678" },
    purpose: "货款",
  },
  requestNumber: "0028775967",
  state: "FIN",
  result: "S",
  submittedAt: "2026-03-02T09:30:00+08:00" as PaymentRecord["submittedAt"],
  updatedAt: "2026-03-02T09:31:00+08:00" as PaymentRecord["updatedAt"],
};

function context() {
  const clock = createSimClock({ startMs: START });
  const ledger = createLedger({ seed: "admin", clock, historyDays: 10 });
  const payments: PaymentEngine = {
    submit: () => {
      throw new Error("not used");
    },
    find: () => undefined,
    list: () => [PAYMENT],
  };
  const ctx: ServiceContext = {
    ledger,
    payments,
    clock,
    faults: noFaults,
    random: createSeededRandom("admin"),
    logger: { info: () => {}, warn: () => {} },
    host: "127.0.0.1",
  };
  return ctx;
}

function faultControl(): FaultControl {
  let scenario: unknown = { endpoints: {} };
  return {
    current: () => scenario,
    replace: (next) => {
      if (next === null || typeof next !== "object" || Array.isArray(next))
        return { ok: false, code: "SCENARIO_INVALID", message: "a scenario is an object" };
      scenario = next;
      return { ok: true };
    },
  };
}

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: () => unknown;
}

function call(base: string, method: string, path: string, options: { body?: string; token?: string | null } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const url = new URL(path, base);
    const headers: Record<string, string> = {};
    if (options.token !== null) headers.authorization = `Bearer ${options.token ?? TOKEN}`;
    if (options.body !== undefined) headers["content-type"] = "application/json";
    const req = request(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: () => JSON.parse(text) });
      });
    });
    req.on("error", reject);
    req.end(options.body);
  });
}

describe("startAdminService", () => {
  let running: RunningService | undefined;
  afterEach(async () => {
    await running?.close();
    running = undefined;
  });

  it("describes itself as the admin endpoint on the loopback host", async () => {
    const ctx = context();
    running = await startAdminService(ctx, { port: 0, token: TOKEN });
    expect(running.endpoint.id).toBe("admin");
    expect(running.endpoint.protocol).toBe("admin");
    expect(running.endpoint.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/_admin$/);
    expect(running.endpoint.credentials.token).toBe(TOKEN);
    expect(running.endpoint.accounts).toEqual(ctx.ledger.accounts().map((a) => a.id));
  });

  it("refuses requests without the bearer token", async () => {
    running = await startAdminService(context(), { port: 0, token: TOKEN });
    const base = running.endpoint.url;
    for (const token of [null, "wrong", `${TOKEN}x`]) {
      const r = await call(base, "GET", "/_admin/ledger", { token });
      expect(r.status).toBe(401);
      expect(r.json()).toEqual({ error: { code: "UNAUTHORIZED", message: expect.any(String) } });
      expect(r.headers["www-authenticate"]).toContain("Bearer");
    }
  });

  it("serves the serialized ground truth, which adds up", async () => {
    const ctx = context();
    running = await startAdminService(ctx, { port: 0, token: TOKEN });
    const r = await call(running.endpoint.url, "GET", "/_admin/ledger");
    expect(r.status).toBe(200);
    expect(r.headers["content-type"]).toMatch(/^application\/json/);
    expect(r.text).toBe(serializeGroundTruth(ctx.ledger.groundTruth()));
    const truth = r.json() as GroundTruth;
    expect(truth.seed).toBe("admin");
    expect(ledgerProblems(truth)).toEqual([]);
  });

  it("reads and advances the clock, booking what became due and counting it", async () => {
    const ctx = context();
    running = await startAdminService(ctx, { port: 0, token: TOKEN });
    const base = running.endpoint.url;
    expect((await call(base, "GET", "/_admin/clock")).json()).toEqual({ now: "2026-03-02T01:30:00.000Z", nowMs: START });
    const before = ctx.ledger.accounts().reduce((n, a) => n + ctx.ledger.transactions(a.id).length, 0);
    const r = await call(base, "POST", "/_admin/clock/advance", { body: JSON.stringify({ days: 3, hours: 2, minutes: 30 }) });
    expect(r.status).toBe(200);
    const reply = r.json() as { now: string; booked: number };
    expect(reply.now).toBe("2026-03-05T04:00:00.000Z");
    const after = ctx.ledger.accounts().reduce((n, a) => n + ctx.ledger.transactions(a.id).length, 0);
    expect(reply.booked).toBe(after - before);
    expect(reply.booked).toBeGreaterThan(10);
    const to = await call(base, "POST", "/_admin/clock/advance", { body: JSON.stringify({ to: "2026-03-06T09:00:00+08:00" }) });
    expect((to.json() as { now: string }).now).toBe("2026-03-06T01:00:00.000Z");
    expect(ctx.clock.now()).toBe(Date.parse("2026-03-06T01:00:00Z"));
  });

  it("gives the same ground truth whether advanced over HTTP in steps or at once", async () => {
    const a = context();
    const b = context();
    running = await startAdminService(a, { port: 0, token: TOKEN });
    for (let i = 0; i < 4; i++) await call(running.endpoint.url, "POST", "/_admin/clock/advance", { body: '{"hours":12}' });
    b.clock.advance(2 * 86_400_000);
    expect((await call(running.endpoint.url, "GET", "/_admin/ledger")).text).toBe(serializeGroundTruth(b.ledger.groundTruth()));
  });

  it("answers bad advance bodies with stable codes and leaves the clock alone", async () => {
    const ctx = context();
    running = await startAdminService(ctx, { port: 0, token: TOKEN });
    const base = running.endpoint.url;
    const cases: [string, string][] = [
      ["not json", "BODY_INVALID"],
      ["[1]", "BODY_INVALID"],
      ["{}", "ADVANCE_INVALID"],
      ['{"days":-1}', "ADVANCE_INVALID"],
      ['{"days":"2"}', "ADVANCE_INVALID"],
      ['{"weeks":1}', "ADVANCE_INVALID"],
      ['{"to":"2026-03-01T00:00:00Z"}', "ADVANCE_INVALID"],
      ['{"to":"tomorrow"}', "ADVANCE_INVALID"],
      ['{"to":"2026-03-09T00:00:00Z","days":1}', "ADVANCE_INVALID"],
      ['{"days":100000}', "ADVANCE_INVALID"],
    ];
    for (const [body, code] of cases) {
      const r = await call(base, "POST", "/_admin/clock/advance", { body });
      expect(r.status, body).toBe(400);
      expect((r.json() as { error: { code: string } }).error.code, body).toBe(code);
    }
    expect(ctx.clock.now()).toBe(START);
    const big = await call(base, "POST", "/_admin/clock/advance", { body: `{"days":1,"pad":"${"x".repeat(70_000)}"}` });
    expect(big.status).toBe(413);
    expect((big.json() as { error: { code: string } }).error.code).toBe("BODY_TOO_LARGE");
    const wrongMethod = await call(base, "GET", "/_admin/clock/advance");
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.allow).toBe("POST");
    const missing = await call(base, "GET", "/_admin/nothing");
    expect(missing.status).toBe(404);
    expect((missing.json() as { error: { code: string } }).error.code).toBe("NOT_FOUND");
    // Still serving after all that.
    expect((await call(base, "GET", "/_admin/clock")).status).toBe(200);
  });

  it("lists payments with amounts as decimal strings", async () => {
    running = await startAdminService(context(), { port: 0, token: TOKEN });
    const r = await call(running.endpoint.url, "GET", "/_admin/payments");
    expect(r.status).toBe(200);
    const body = r.json() as { payments: { instruction: { amount: string; clientReference: string }; result: string }[] };
    expect(body.payments).toHaveLength(1);
    expect(body.payments[0]?.instruction.amount).toBe("123456");
    expect(body.payments[0]?.instruction.clientReference).toBe("YUR001");
  });

  it("reads and replaces the fault scenario, and says so when there is no fault control", async () => {
    const without = await startAdminService(context(), { port: 0, token: TOKEN });
    try {
      const r = await call(without.endpoint.url, "GET", "/_admin/faults");
      expect(r.status).toBe(404);
      expect((r.json() as { error: { code: string } }).error.code).toBe("FAULTS_UNAVAILABLE");
    } finally {
      await without.close();
    }
    running = await startAdminService(context(), { port: 0, token: TOKEN, faultControl: faultControl() });
    const base = running.endpoint.url;
    expect((await call(base, "GET", "/_admin/faults")).json()).toEqual({ scenario: { endpoints: {} } });
    const put = await call(base, "PUT", "/_admin/faults", { body: '{"endpoints":{"cmb:DCTRSINF":{"errorRate":0.1}}}' });
    expect(put.status).toBe(200);
    expect((await call(base, "GET", "/_admin/faults")).json()).toEqual({ scenario: { endpoints: { "cmb:DCTRSINF": { errorRate: 0.1 } } } });
    const refused = await call(base, "PUT", "/_admin/faults", { body: "[]" });
    expect(refused.status).toBe(400);
    expect(refused.json()).toEqual({
      error: { code: "FAULTS_INVALID", message: "a scenario is an object", details: { code: "SCENARIO_INVALID" } },
    });
    const garbage = await call(base, "PUT", "/_admin/faults", { body: "{" });
    expect((garbage.json() as { error: { code: string } }).error.code).toBe("BODY_INVALID");
  });

  it("answers a malformed HTTP request with 400 and keeps serving", async () => {
    running = await startAdminService(context(), { port: 0, token: TOKEN });
    const url = new URL(running.endpoint.url);
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(url.port), url.hostname, () => socket.write("GARBAGE \u0000\r\n\r\n"));
      let text = "";
      socket.on("data", (d) => {
        text += d.toString("latin1");
      });
      socket.on("end", () => resolve(text));
      socket.on("error", reject);
    });
    expect(raw).toMatch(/^HTTP\/1\.1 400/);
    expect((await call(running.endpoint.url, "GET", "/_admin/clock")).status).toBe(200);
  });

  it("closes and frees its port", async () => {
    const service = await startAdminService(context(), { port: 0, token: TOKEN });
    const base = service.endpoint.url;
    await service.close();
    await expect(call(base, "GET", "/_admin/clock")).rejects.toThrow();
  });
});
