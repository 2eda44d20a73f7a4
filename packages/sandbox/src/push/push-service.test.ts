import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { defaultFormatRegistry } from "@bankbridge/hub/formats";
import { afterEach, describe, expect, it } from "vitest";
import type { SandboxTransaction } from "../ledger/ledger-types.js";
import type { RunningService } from "../service.js";
import { HOUR, sandboxContext } from "../sftp/test-support/sandbox-context.js";
import { createPushService, isLoopbackUrl, verifyPush } from "./push-service.js";

interface Received {
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  readonly status: number;
}

/** A receiver on 127.0.0.1 that answers `answer(request number for this notification id)`. */
async function receiver(answer: (attempt: number) => number = () => 200) {
  const got: Received[] = [];
  const attempts = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const id = String(req.headers["x-sandbox-notification-id"]);
      const n = (attempts.get(id) ?? 0) + 1;
      attempts.set(id, n);
      const status = answer(n);
      got.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8"), status });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  return { url: `http://127.0.0.1:${port}/hook`, got, close: () => new Promise<void>((r) => server.close(() => r())) };
}

async function until(check: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function api(service: RunningService, method: string, path: string, body?: unknown, token = service.endpoint.credentials.token) {
  const res = await fetch(`${service.endpoint.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, json: text === "" ? undefined : (JSON.parse(text) as Record<string, unknown>) };
}

const XSD_054 = fileURLToPath(new URL("../../../../../shared/corpus/genkgo+camt/assets/camt.054.001.08.xsd", import.meta.url));
const CAN_VALIDATE = existsSync(XSD_054) && existsSync("/usr/bin/xmllint");

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0)) await c();
});

describe("push notifications", () => {
  it("POSTs every booking as the clock advances, signed, retried past a receiver failing twice, in booking order per account", async () => {
    const context = sandboxContext();
    const service = await createPushService({ retryDelayMs: () => 10 })(context, { port: 0 });
    cleanup.push(() => service.close());
    const flaky = await receiver((n) => (n <= 2 ? 500 : 200));
    cleanup.push(flaky.close);
    const camt = await receiver();
    cleanup.push(camt.close);
    const a = await api(service, "POST", "/subscriptions", { url: flaky.url, format: "json" });
    expect(a.status).toBe(201);
    const b = await api(service, "POST", "/subscriptions", { url: camt.url, format: "camt.054" });
    expect(b.status).toBe(201);

    const booked: SandboxTransaction[] = [];
    context.ledger.onBooked((tx) => booked.push(tx));
    context.clock.advance(20 * HOUR);
    expect(booked.length).toBeGreaterThan(5);
    const euro = booked.filter((t) => t.bankId === "eubank" && t.status === "booked");
    expect(euro.length).toBeGreaterThan(0);
    await until(() => flaky.got.filter((r) => r.status === 200).length === booked.length && camt.got.length === euro.length);

    const secret = service.endpoint.credentials.signingSecret!;
    for (const r of [...flaky.got, ...camt.got]) expect(verifyPush(secret, r.headers["x-sandbox-signature"] as string, r.body)).toBe(true);
    expect(verifyPush(secret, flaky.got[0]!.headers["x-sandbox-signature"] as string, `${flaky.got[0]!.body} `)).toBe(false);

    // Every transaction arrived, after two failed attempts, with the same id and body each time.
    const delivered = flaky.got.filter((r) => r.status === 200);
    const bodies = delivered.map(
      (r) => JSON.parse(r.body) as { id: string; accountId: string; transaction: { id: string; amount: string } },
    );
    expect(bodies.map((x) => x.transaction.id).sort()).toEqual(booked.map((t) => t.id).sort());
    expect(delivered.every((r) => r.headers["x-sandbox-delivery-attempt"] === "3")).toBe(true);
    for (const x of bodies) {
      const attempts = flaky.got.filter((r) => r.headers["x-sandbox-notification-id"] === x.id);
      expect(attempts).toHaveLength(3);
      expect(new Set(attempts.map((r) => r.body)).size).toBe(1);
      expect(x.transaction.amount).toBe(String(booked.find((t) => t.id === x.transaction.id)!.amount));
    }
    for (const account of new Set(booked.map((t) => t.accountId))) {
      expect(bodies.filter((x) => x.accountId === account).map((x) => x.transaction.id)).toEqual(
        booked.filter((t) => t.accountId === account).map((t) => t.id),
      );
    }

    // camt.054 for the euro bank: one notification per booking, parsed by our parser, valid against the XSD.
    const registry = defaultFormatRegistry();
    for (const r of camt.got) {
      expect(r.headers["content-type"]).toMatch(/application\/xml/);
      const parsed = registry.parse(new TextEncoder().encode(r.body));
      expect(parsed.statements[0]?.kind).toBe("notification");
      const tx = euro.find((t) => r.headers["x-sandbox-notification-id"] === `ntf-${t.id}`)!;
      expect(parsed.statements[0]?.entries[0]?.amount.minor).toBe(tx.amount);
    }
    if (CAN_VALIDATE) {
      const dir = mkdtempSync(join(tmpdir(), "bankbridge-push-"));
      try {
        const files = camt.got.map((r, i) => {
          const f = join(dir, `n${i}.xml`);
          writeFileSync(f, r.body);
          return f;
        });
        const result = await new Promise<{ ok: boolean; out: string }>((resolve) =>
          execFile("xmllint", ["--noout", "--schema", XSD_054, ...files], (e, so, se) => resolve({ ok: e === null, out: so + se })),
        );
        expect(result.ok, result.out).toBe(true);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
    const log = await api(service, "GET", "/deliveries");
    const list = (log.json?.deliveries ?? []) as { status: string }[];
    expect(list.every((d) => d.status === "delivered")).toBe(true);
  });

  it("gives up after the last attempt and records the failure", async () => {
    const context = sandboxContext();
    const down = await receiver(() => 503);
    cleanup.push(down.close);
    const account = context.ledger.accounts("cmb")[0]!.id;
    const service = await createPushService({
      retryDelayMs: () => 5,
      maxAttempts: 3,
      subscriptions: [{ url: down.url, accounts: [account] }],
    })(context, { port: 0 });
    cleanup.push(() => service.close());
    const tx = context.ledger.post({
      accountId: account,
      kind: "bankFee",
      amount: -500n,
      counterparty: { name: "招商银行" },
      summary: "手续费",
    });
    await until(() => down.got.length === 3);
    // The third failure is recorded once its answer is read: poll the delivery log for it.
    type Delivery = { transactionId: string; status: string; attempts: number; lastError?: string };
    let again: Delivery[] = [];
    for (let i = 0; i < 250; i++) {
      again = ((await api(service, "GET", "/deliveries")).json?.deliveries ?? []) as Delivery[];
      if (again.find((d) => d.transactionId === tx.id)?.status === "failed") break;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(again.find((d) => d.transactionId === tx.id)).toMatchObject({ status: "failed", attempts: 3, lastError: "HTTP 503" });
    expect(down.got).toHaveLength(3);
  });

  it("refuses receivers off this machine, unknown formats and a missing token", async () => {
    const context = sandboxContext();
    const service = await createPushService()(context, { port: 0 });
    cleanup.push(() => service.close());
    for (const url of ["http://10.0.0.1/hook", "http://example.com/hook", "https://127.0.0.1/x", "ftp://127.0.0.1/", "not a url"]) {
      const r = await api(service, "POST", "/subscriptions", { url });
      expect(r.status, url).toBe(400);
    }
    expect((await api(service, "POST", "/subscriptions", { url: "http://10.1.2.3/" })).json?.code).toBe("URL_NOT_LOOPBACK");
    expect((await api(service, "POST", "/subscriptions", { url: "http://127.0.0.1:9/", format: "xml" })).json?.code).toBe(
      "FORMAT_UNSUPPORTED",
    );
    const icbc = context.ledger.accounts("icbc")[0]!.id;
    expect(
      (await api(service, "POST", "/subscriptions", { url: "http://127.0.0.1:9/", format: "camt.054", accounts: [icbc] })).json?.code,
    ).toBe("FORMAT_UNSUPPORTED");
    expect((await api(service, "POST", "/subscriptions", { url: "http://localhost:9/" }, "wrong")).status).toBe(401);
    expect(isLoopbackUrl("http://[::1]:8080/x")).toBe(true);
    expect(isLoopbackUrl("http://127.0.0.1.example.com/")).toBe(false);
  });
});
