import { connect } from "node:tls";
import { addDays } from "@bankbridge/hub/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FaultAction, FaultPlan, PageFaults } from "../faults/fault-types.js";
import type { AccountList, ErrorBody, TransactionReport } from "./test-support/psd2-bodies.js";
import { HAVE_SPEC, type Psd2Fixture, startPsd2Fixture } from "./test-support/psd2-fixture.js";

/** A plan that plays queued actions per endpoint, and page faults set by the test. */
function scriptedPlan() {
  const queue = new Map<string, FaultAction[]>();
  const seen: string[] = [];
  let pages: Partial<PageFaults> = {};
  const plan: FaultPlan = {
    decide(endpoint) {
      seen.push(endpoint);
      const action = queue.get(endpoint)?.shift() ?? { kind: "none" };
      return { latencyMs: 0, action };
    },
    pageFaults: () => ({ duplicateFromPrevious: 0, outOfOrder: false, changesBetweenReads: false, malformedRecords: [], ...pages }),
  };
  return {
    plan,
    seen,
    next: (endpoint: string, action: FaultAction) => queue.set(endpoint, [...(queue.get(endpoint) ?? []), action]),
    setPages: (p: Partial<PageFaults>) => {
      pages = p;
    },
  };
}

describe.skipIf(!HAVE_SPEC)("PSD2 fault injection", () => {
  const script = scriptedPlan();
  let f: Psd2Fixture;
  let consentId: string;
  let txPath: (query?: Record<string, string>) => string;
  const headers = () => ({ "Consent-ID": consentId, "PSU-IP-Address": "192.0.2.10" });
  beforeAll(async () => {
    f = await startPsd2Fixture({ historyDays: 20, faults: script.plan });
    consentId = await f.validConsent();
    const list = await f.call<AccountList>("GET", "/v1/accounts", { headers: headers() });
    const base = `/v1/accounts/${list.body.accounts[0]?.resourceId}/transactions`;
    txPath = (query = {}) =>
      `${base}?${new URLSearchParams({ bookingStatus: "booked", dateFrom: addDays(f.ledger.today("eubank"), -15), itemsPerPage: "5", ...query })}`;
  });
  afterAll(() => f?.close());

  it("asks the plan under psd2:<operation>", () => {
    expect(script.seen).toContain("psd2:consents");
    expect(script.seen).toContain("psd2:sca");
    expect(script.seen).toContain("psd2:accounts");
  });

  it("answers 5xx without a body and 429 with Retry-After, both as the spec defines them", async () => {
    script.next("psd2:transactions", { kind: "serverError", status: 503 });
    const down = await f.call("GET", txPath(), { headers: headers() });
    expect(down.status).toBe(503);
    expect(down.text).toBe("");
    script.next("psd2:transactions", { kind: "rateLimit", retryAfterSeconds: 7 });
    const limited = await f.call<ErrorBody>("GET", txPath(), { headers: headers() });
    expect(limited.status).toBe(429);
    expect(limited.headers["retry-after"]).toBe("7");
    expect(limited.body.tppMessages[0]?.code).toBe("ACCESS_EXCEEDED");
    expect((await f.call("GET", txPath(), { headers: headers() })).status).toBe(200);
  });

  it("resets, hangs up and garbles, and keeps serving afterwards", async () => {
    script.next("psd2:balances", { kind: "reset" });
    const list = await f.call<AccountList>("GET", "/v1/accounts", { headers: headers() });
    const balances = `/v1/accounts/${list.body.accounts[0]?.resourceId}/balances`;
    await expect(f.call("GET", balances, { headers: headers() })).rejects.toThrow(/ECONNRESET|socket hang up/);
    script.next("psd2:balances", { kind: "timeout", holdMs: 100 });
    await expect(f.call("GET", balances, { headers: headers() })).rejects.toThrow(/socket hang up|ECONNRESET/);
    script.next("psd2:balances", { kind: "garble" });
    const garbled = await f.call("GET", balances, { headers: headers(), unchecked: true });
    expect(garbled.status).toBe(200);
    expect(() => JSON.parse(garbled.text)).toThrow();
    script.next("psd2:balances", { kind: "down", untilMs: f.clock.now() + 90_000 });
    const maintenance = await f.call("GET", balances, { headers: headers(), unchecked: true });
    expect(maintenance.status).toBe(503);
    expect(maintenance.headers["content-type"]).toMatch(/^text\/html/);
    expect(maintenance.headers["retry-after"]).toBe("90");
    expect((await f.call("GET", balances, { headers: headers() })).status).toBe(200);
  });

  it("reshapes transaction pages: duplicates, swapped pages, changing reads, and malformed records the spec check catches", async () => {
    const page0 = await f.call<TransactionReport>("GET", txPath({ pageIndex: "0" }), { headers: headers() });
    const plain1 = await f.call<TransactionReport>("GET", txPath({ pageIndex: "1" }), { headers: headers() });
    script.setPages({ duplicateFromPrevious: 2 });
    const dup1 = await f.call<TransactionReport>("GET", txPath({ pageIndex: "1" }), { headers: headers() });
    const ids = (r: typeof page0) => (r.body.transactions.booked ?? []).map((t) => t.transactionId);
    expect(ids(dup1)).toEqual([...ids(page0).slice(-2), ...ids(plain1)]);
    script.setPages({ outOfOrder: true });
    expect(ids(await f.call<TransactionReport>("GET", txPath({ pageIndex: "0" }), { headers: headers() }))).toEqual(ids(plain1));
    script.setPages({ changesBetweenReads: true });
    const text = async () =>
      (await f.call<TransactionReport>("GET", txPath({ pageIndex: "1" }), { headers: headers() })).body.transactions.booked?.[0]
        ?.remittanceInformationUnstructured;
    expect(await text()).not.toBe(await text());
    script.setPages({ malformedRecords: [0] });
    await expect(f.call("GET", txPath({ pageIndex: "0" }), { headers: headers() })).rejects.toThrow(/does not conform/);
    script.setPages({});
  });

  it("answers garbage on the wire with 400 and stays up", async () => {
    const answer = await new Promise<string>((resolve, reject) => {
      const port = Number(new URL(f.origin).port);
      const socket = connect({ host: "127.0.0.1", port, ca: f.tls.ca, servername: "localhost" }, () => {
        socket.write("NOT HTTP AT ALL\r\n\r\n");
      });
      let data = "";
      socket.on("data", (d) => {
        data += d.toString();
      });
      socket.on("end", () => resolve(data));
      socket.on("error", reject);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 400/);
    expect((await f.call<AccountList>("GET", "/v1/accounts", { headers: headers() })).status).toBe(200);
  });
});
