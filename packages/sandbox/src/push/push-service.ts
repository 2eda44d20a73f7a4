/**
 * The real-time push front end: on every booking the bank POSTs a signed notification to each subscribed
 * receiver, retrying with exponential backoff while the receiver fails. The protocol summary is in `index.ts`.
 *
 * Retries run on real timers, not the simulated clock: a receiver's outage is real time (a test's server that
 * answers 500 twice, a developer's app restarting), and with a frozen simulated clock (`speed` 0) retries
 * scheduled on it would never fire. Timestamps in the body and signature are the bank's (simulated) time.
 *
 * @module
 */
import { createHmac, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, request, type ServerResponse } from "node:http";
import { camt054Writer } from "@bankbridge/hub/formats";
import type { SandboxBankId, SandboxTransaction } from "../ledger/ledger-types.js";
import type { RunningService, ServiceContext, ServiceFactory } from "../service.js";
import { bookingNotification } from "../statements/index.js";

/** What a subscription receives. */
export type PushFormat = "json" | "camt.054";

/** A receiver of notifications. */
export interface PushSubscription {
  readonly id: string;
  readonly url: string;
  readonly format: PushFormat;
  /** Only these accounts (default: every account the format serves). */
  readonly accounts?: readonly string[];
}

/** One notification to one subscription, as `GET /deliveries` shows it. */
export interface PushDelivery {
  readonly notificationId: string;
  readonly subscriptionId: string;
  readonly accountId: string;
  readonly transactionId: string;
  status: "pending" | "delivered" | "failed";
  attempts: number;
  /** The receiver's last HTTP status, when it answered. */
  lastStatus?: number;
  /** Why the last attempt failed (`HTTP 500`, `timeout`, `ECONNRESET`, `fault:serverError`…). */
  lastError?: string;
}

/** Options for {@link createPushService}. */
export interface PushOptions {
  /** Subscriptions from the start (more via `POST /subscriptions`). */
  readonly subscriptions?: readonly { readonly url: string; readonly format?: PushFormat; readonly accounts?: readonly string[] }[];
  /** HMAC-SHA256 key of the signatures (default: 32 random bytes, hex). */
  readonly secret?: string;
  /** Bearer token of the subscription API (default: random). */
  readonly token?: string;
  /** Attempts per notification before it is given up (default 6). */
  readonly maxAttempts?: number;
  /** Delay before retry `n` (1-based), real milliseconds (default 1 s × 2^(n−1), at most 5 min). */
  readonly retryDelayMs?: (retry: number) => number;
  /** How long a receiver has to answer one attempt, real milliseconds (default 5000). */
  readonly timeoutMs?: number;
  /** The bank whose accounts camt.054 subscriptions get (default `eubank`). */
  readonly camt054Bank?: SandboxBankId;
}

/** The signature header: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`. */
export const SIGNATURE_HEADER = "x-sandbox-signature";
export const NOTIFICATION_ID_HEADER = "x-sandbox-notification-id";
export const ATTEMPT_HEADER = "x-sandbox-delivery-attempt";

/** The signature header value for `body` at unix second `t`. */
export function signPush(secret: string, t: number, body: string): string {
  return `t=${t},v1=${createHmac("sha256", secret).update(`${t}.${body}`).digest("hex")}`;
}

/**
 * Whether `header` is a valid signature of `body` under `secret`, the receiver's check (constant-time compare not
 * needed here: the sandbox's secret protects nothing).
 */
export function verifyPush(secret: string, header: string | undefined, body: string): boolean {
  const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header ?? "");
  return m !== null && signPush(secret, Number(m[1]), body) === header;
}

/** Whether a receiver URL is on this machine: http(s) to 127.0.0.0/8, localhost or [::1]. */
export function isLoopbackUrl(text: string): boolean {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return false;
  }
  if (url.protocol !== "http:" || url.username !== "" || url.password !== "") return false;
  const host = url.hostname;
  return host === "localhost" || host === "[::1]" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

const json = (value: unknown): string => JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v));

interface Job {
  readonly delivery: PushDelivery;
  readonly subscription: PushSubscription;
  readonly body: string;
  readonly contentType: string;
}

/** The most deliveries kept for `GET /deliveries` (oldest dropped first). */
const MAX_DELIVERIES = 10_000;
const MAX_BODY = 64 * 1024;

/** The push front end with `options`. */
export function createPushService(options: PushOptions = {}): ServiceFactory {
  return async (context: ServiceContext, { port }): Promise<RunningService> => {
    const secret = options.secret ?? randomBytes(32).toString("hex");
    const token = options.token ?? randomBytes(18).toString("base64url");
    const maxAttempts = options.maxAttempts ?? 6;
    const retryDelay = options.retryDelayMs ?? ((n: number) => Math.min(300_000, 1000 * 2 ** (n - 1)));
    const timeoutMs = options.timeoutMs ?? 5000;
    const camtBank = options.camt054Bank ?? "eubank";
    const { ledger, clock, faults, logger } = context;
    const subscriptions = new Map<string, PushSubscription>();
    const deliveries: PushDelivery[] = [];
    /** One queue per subscription and account: notifications of an account arrive in booking order. */
    const queues = new Map<string, { jobs: Job[]; busy: boolean }>();
    const timers = new Set<NodeJS.Timeout>();
    let closed = false;
    let nextSubscription = 1;

    const later = (ms: number, run: () => void): void => {
      const t = setTimeout(() => {
        timers.delete(t);
        if (!closed) run();
      }, ms);
      timers.add(t);
    };

    const serves = (s: PushSubscription, tx: SandboxTransaction): boolean => {
      if (s.accounts !== undefined && !s.accounts.includes(tx.accountId)) return false;
      // camt.054 reports bookings; a pending card authorisation is not one.
      return s.format === "json" || (tx.bankId === camtBank && tx.status === "booked");
    };

    const bodyOf = (s: PushSubscription, tx: SandboxTransaction, id: string): { body: string; contentType: string } => {
      if (s.format === "camt.054")
        return { body: camt054Writer.write([bookingNotification(ledger, tx)]).content, contentType: "application/xml; charset=utf-8" };
      return {
        body: json({
          id,
          type: tx.status === "booked" ? "transaction.booked" : "transaction.pending",
          createdAt: tx.bookedAt,
          bankId: tx.bankId,
          accountId: tx.accountId,
          transaction: tx,
        }),
        contentType: "application/json",
      };
    };

    const attempt = (job: Job, done: (ok: boolean, status: number | undefined, error: string | undefined) => void): void => {
      const decision = faults.decide("push:deliver", clock.now());
      const send = (copies: number): void => {
        const t = Math.floor(clock.now() / 1000);
        const url = new URL(job.subscription.url);
        let finished = false;
        const finish = (ok: boolean, status: number | undefined, error: string | undefined) => {
          if (finished) return;
          finished = true;
          if (ok && copies > 1) send(copies - 1);
          else done(ok, status, error);
        };
        const req = request(
          url,
          {
            method: "POST",
            timeout: timeoutMs,
            headers: {
              "content-type": job.contentType,
              "content-length": Buffer.byteLength(job.body),
              [NOTIFICATION_ID_HEADER]: job.delivery.notificationId,
              [ATTEMPT_HEADER]: String(job.delivery.attempts),
              [SIGNATURE_HEADER]: signPush(secret, t, job.body),
              "user-agent": "BankBridgeSandbox-Push/1.0",
            },
          },
          (res) => {
            res.resume();
            res.on("end", () => {
              const status = res.statusCode ?? 0;
              finish(status >= 200 && status < 300, status, status >= 200 && status < 300 ? undefined : `HTTP ${status}`);
            });
            res.on("error", (e) => finish(false, res.statusCode, e.message));
          },
        );
        req.on("timeout", () => {
          req.destroy(new Error("timeout"));
        });
        req.on("error", (e: NodeJS.ErrnoException) => finish(false, undefined, e.code ?? e.message));
        req.end(job.body);
      };
      const act = (): void => {
        const a = decision.action;
        if (a.kind === "none") send(1);
        // A bank's push is at-least-once: a garbled attempt is a duplicate delivery, same id and body.
        else if (a.kind === "garble") send(2);
        else done(false, undefined, `fault:${a.kind}`);
      };
      if (decision.latencyMs > 0) later(decision.latencyMs, act);
      else act();
    };

    const pump = (key: string): void => {
      const q = queues.get(key);
      if (q === undefined || q.busy || closed) return;
      const job = q.jobs[0];
      if (job === undefined) {
        queues.delete(key);
        return;
      }
      q.busy = true;
      job.delivery.attempts++;
      attempt(job, (ok, status, error) => {
        const d = job.delivery;
        if (status !== undefined) d.lastStatus = status;
        if (ok) {
          d.status = "delivered";
          delete d.lastError;
        } else d.lastError = error;
        // 4xx other than 408/429 is the receiver refusing the notification: retrying will not change its mind.
        const permanent = status !== undefined && status >= 400 && status < 500 && status !== 408 && status !== 429;
        if (!ok && !permanent && d.attempts < maxAttempts) {
          // The queue stays busy until the retry: later notifications of the account wait, so order is kept.
          later(retryDelay(d.attempts), () => {
            q.busy = false;
            pump(key);
          });
          return;
        }
        if (!ok) {
          d.status = "failed";
          logger.warn("push notification given up", { notificationId: d.notificationId, url: job.subscription.url, attempts: d.attempts });
        }
        q.jobs.shift();
        q.busy = false;
        pump(key);
      });
    };

    const unsubscribe = ledger.onBooked((tx) => {
      for (const s of subscriptions.values()) {
        if (!serves(s, tx)) continue;
        const notificationId = `ntf-${tx.id}`;
        const delivery: PushDelivery = {
          notificationId,
          subscriptionId: s.id,
          accountId: tx.accountId,
          transactionId: tx.id,
          status: "pending",
          attempts: 0,
        };
        deliveries.push(delivery);
        if (deliveries.length > MAX_DELIVERIES) deliveries.splice(0, deliveries.length - MAX_DELIVERIES);
        const key = `${s.id}\u0000${tx.accountId}`;
        let q = queues.get(key);
        if (q === undefined) {
          q = { jobs: [], busy: false };
          queues.set(key, q);
        }
        q.jobs.push({ delivery, subscription: s, ...bodyOf(s, tx, notificationId) });
        pump(key);
      }
    });

    /** Validates and adds a subscription; a refusal is `{code, message}`. */
    const subscribe = (input: unknown): PushSubscription | { code: string; message: string } => {
      if (typeof input !== "object" || input === null) return { code: "BAD_REQUEST", message: "body must be a JSON object" };
      const { url, format = "json", accounts } = input as Record<string, unknown>;
      if (typeof url !== "string") return { code: "BAD_REQUEST", message: "url is required" };
      if (!isLoopbackUrl(url))
        return { code: "URL_NOT_LOOPBACK", message: "receivers must be http:// URLs on this machine (127.0.0.0/8, localhost, [::1])" };
      if (format !== "json" && format !== "camt.054") return { code: "FORMAT_UNSUPPORTED", message: 'format must be "json" or "camt.054"' };
      if (accounts !== undefined && (!Array.isArray(accounts) || !accounts.every((a) => typeof a === "string")))
        return { code: "BAD_REQUEST", message: "accounts must be a list of account numbers" };
      for (const a of (accounts ?? []) as string[]) {
        const account = ledger.account(a);
        if (account === undefined) return { code: "ACCOUNT_UNKNOWN", message: `no account ${a}` };
        if (format === "camt.054" && account.bankId !== camtBank)
          return { code: "FORMAT_UNSUPPORTED", message: `camt.054 notifications are sent for ${camtBank} accounts only` };
      }
      const s: PushSubscription = {
        id: `sub-${nextSubscription++}`,
        url,
        format,
        ...(accounts === undefined ? {} : { accounts: [...(accounts as string[])] }),
      };
      subscriptions.set(s.id, s);
      return s;
    };
    for (const s of options.subscriptions ?? []) {
      const r = subscribe(s);
      if ("code" in r) throw new RangeError(`push subscription ${s.url}: ${r.message}`);
    }

    const reply = (res: ServerResponse, status: number, body?: unknown): void => {
      if (body === undefined) {
        res.writeHead(status).end();
        return;
      }
      const text = json(body);
      res.writeHead(status, { "content-type": "application/json" }).end(text);
    };
    const readBody = (req: IncomingMessage): Promise<string | undefined> =>
      new Promise((resolve) => {
        const chunks: Buffer[] = [];
        let size = 0;
        req.on("data", (c: Buffer) => {
          size += c.length;
          if (size <= MAX_BODY) chunks.push(c);
        });
        req.on("end", () => resolve(size > MAX_BODY ? undefined : Buffer.concat(chunks).toString("utf8")));
        req.on("error", () => resolve(undefined));
      });

    const server = createServer((req, res) => {
      void (async () => {
        if (req.headers.authorization !== `Bearer ${token}`) {
          req.resume();
          return reply(res, 401, { code: "UNAUTHORIZED", message: "Authorization: Bearer <credentials.token> required" });
        }
        const path = new URL(req.url ?? "/", "http://x").pathname;
        if (path === "/subscriptions" && req.method === "POST") {
          const text = await readBody(req);
          if (text === undefined) return reply(res, 413, { code: "BAD_REQUEST", message: "body over 64 KiB" });
          let input: unknown;
          try {
            input = JSON.parse(text);
          } catch {
            return reply(res, 400, { code: "BAD_REQUEST", message: "body is not JSON" });
          }
          const r = subscribe(input);
          return "code" in r ? reply(res, 400, r) : reply(res, 201, r);
        }
        req.resume();
        if (path === "/subscriptions" && req.method === "GET") return reply(res, 200, { subscriptions: [...subscriptions.values()] });
        const m = /^\/subscriptions\/([^/]+)$/.exec(path);
        if (m !== null && req.method === "DELETE")
          return subscriptions.delete(m[1] as string)
            ? reply(res, 204)
            : reply(res, 404, { code: "NOT_FOUND", message: "no such subscription" });
        if (path === "/deliveries" && req.method === "GET") return reply(res, 200, { deliveries });
        return reply(res, 404, { code: "NOT_FOUND", message: `${req.method} ${path} is not an endpoint` });
      })().catch((e: unknown) => {
        logger.warn("push API error", { error: String(e) });
        if (!res.headersSent) reply(res, 500, { code: "INTERNAL", message: "internal error" });
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, context.host, () => {
        server.off("error", reject);
        resolve();
      });
    });
    const address = server.address();
    const actualPort = typeof address === "object" && address !== null ? address.port : port;
    const url = `http://${context.host}:${actualPort}`;
    return {
      endpoint: {
        id: "push",
        protocol: "push",
        description: "Real-time push: signed JSON (every bank) or camt.054 (euro bank) notifications per booking, with retries",
        url,
        urls: { subscriptions: `${url}/subscriptions`, deliveries: `${url}/deliveries` },
        credentials: { token, signingSecret: secret, signatureHeader: "X-Sandbox-Signature" },
        accounts: ledger.accounts().map((a) => a.id),
      },
      close: async () => {
        closed = true;
        unsubscribe();
        for (const t of timers) clearTimeout(t);
        timers.clear();
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      },
    };
  };
}

/** The push front end with default options (no subscription until one is posted). */
export const startPush: ServiceFactory = createPushService();
