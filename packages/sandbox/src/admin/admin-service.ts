/**
 * The sandbox's admin API: the ground truth for tests (`GET /_admin/ledger`), the simulated clock (read and
 * advance: days of history in seconds), the payments the banks took, and the fault scenario. Plain
 * `node:http`; every answer is JSON; every request needs `Authorization: Bearer <token>`.
 *
 * Errors answer `{"error":{"code","message"}}` with a stable code:
 * `UNAUTHORIZED` 401, `NOT_FOUND` 404, `METHOD_NOT_ALLOWED` 405, `BODY_TOO_LARGE` 413, `BODY_INVALID` 400
 * (not a JSON object), `ADVANCE_INVALID` 400 (bad `days`/`hours`/`minutes`/`to`), `FAULTS_UNAVAILABLE` 404
 * (no fault control given), `FAULTS_INVALID` 400 (the scenario was refused; `details.code` says why),
 * `INTERNAL` 500.
 *
 * @module
 */
import { timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { FaultControl } from "../faults/fault-types.js";
import { serializeGroundTruth } from "../ledger/ground-truth.js";
import type { RunningService, ServiceContext } from "../service.js";

/** Options for {@link startAdminService}. */
export interface AdminServiceOptions {
  /** 0 picks a free port. */
  readonly port: number;
  /** The bearer token clients must send. */
  readonly token: string;
  /** The running fault scenario; without it `/_admin/faults` answers 404 `FAULTS_UNAVAILABLE`. */
  readonly faultControl?: FaultControl;
}

const MAX_BODY = 64 * 1024;
const MINUTE = 60_000;
/** Ten years: far beyond any test, short enough that a typo does not hang the sandbox for hours. */
const MAX_ADVANCE_MS = 3660 * 24 * 60 * MINUTE;

class AdminError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: Readonly<Record<string, unknown>>,
  ) {
    super(message);
  }
}

/** JSON text with bigints as decimal strings. */
function jsonText(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
}

function send(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store", ...headers });
  res.end(body);
}

function tokenMatches(header: string | undefined, token: string): boolean {
  const match = /^Bearer\s+(.+)$/i.exec(header ?? "");
  if (match === null) return false;
  const given = Buffer.from((match[1] as string).trim());
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > MAX_BODY) throw new AdminError(413, "BODY_TOO_LARGE", `the body exceeds ${MAX_BODY} bytes`);
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString("utf8");
}

async function readJsonObject(req: IncomingMessage): Promise<Record<string, unknown>> {
  const text = await readBody(req);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new AdminError(400, "BODY_INVALID", "the body is not JSON");
  }
  if (value === null || typeof value !== "object" || Array.isArray(value))
    throw new AdminError(400, "BODY_INVALID", "the body must be a JSON object");
  return value as Record<string, unknown>;
}

/** The instant a `POST /_admin/clock/advance` body asks for. */
function advanceTarget(body: Record<string, unknown>, nowMs: number): number {
  const allowed = new Set(["days", "hours", "minutes", "to"]);
  const unknown = Object.keys(body).filter((k) => !allowed.has(k));
  if (unknown.length > 0) throw new AdminError(400, "ADVANCE_INVALID", `unknown field ${unknown[0]}; use days, hours, minutes or to`);
  if (body.to !== undefined) {
    if (body.days !== undefined || body.hours !== undefined || body.minutes !== undefined)
      throw new AdminError(400, "ADVANCE_INVALID", "give either to or days/hours/minutes, not both");
    if (typeof body.to !== "string" || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(body.to))
      throw new AdminError(400, "ADVANCE_INVALID", "to must be an ISO 8601 instant with a zone (2026-03-02T09:00:00+08:00)");
    const target = Date.parse(body.to);
    if (Number.isNaN(target)) throw new AdminError(400, "ADVANCE_INVALID", "to is not a real instant");
    if (target < nowMs)
      throw new AdminError(400, "ADVANCE_INVALID", "the clock never goes back; to is before now", { now: new Date(nowMs).toISOString() });
    if (target - nowMs > MAX_ADVANCE_MS) throw new AdminError(400, "ADVANCE_INVALID", "to is more than 3660 days ahead");
    return target;
  }
  let ms = 0;
  let given = false;
  for (const [field, unit] of [
    ["days", 1440 * MINUTE],
    ["hours", 60 * MINUTE],
    ["minutes", MINUTE],
  ] as const) {
    const v = body[field];
    if (v === undefined) continue;
    if (typeof v !== "number" || !Number.isFinite(v) || v < 0)
      throw new AdminError(400, "ADVANCE_INVALID", `${field} must be a number ≥ 0`);
    ms += v * unit;
    given = true;
  }
  if (!given) throw new AdminError(400, "ADVANCE_INVALID", "give days, hours, minutes or to");
  if (ms > MAX_ADVANCE_MS) throw new AdminError(400, "ADVANCE_INVALID", "cannot advance more than 3660 days at once");
  return nowMs + Math.round(ms);
}

/**
 * Starts the admin API on `context.host`.
 *
 * @example const admin = await startAdminService(context, { port: 0, token: "secret" }); // GET admin.endpoint.url + "/ledger"
 */
export async function startAdminService(context: ServiceContext, options: AdminServiceOptions): Promise<RunningService> {
  if (options.token.length === 0) throw new RangeError("the admin token must not be empty");
  const { ledger, clock, payments } = context;
  const faultControl = options.faultControl;

  const nowJson = () => ({ now: new Date(clock.now()).toISOString(), nowMs: clock.now() });

  const route = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? "/", "http://admin.invalid");
    const path = url.pathname.replace(/\/+$/, "");
    const method = req.method ?? "GET";
    const allow = (methods: string[]): void => {
      if (!methods.includes(method))
        throw new AdminError(405, "METHOD_NOT_ALLOWED", `${method} is not allowed on ${path}`, { allow: methods.join(", ") });
    };
    if (!tokenMatches(req.headers.authorization, options.token)) {
      send(res, 401, jsonText({ error: { code: "UNAUTHORIZED", message: "send Authorization: Bearer <admin token>" } }), {
        "www-authenticate": 'Bearer realm="sandbox-admin"',
      });
      return;
    }
    switch (path) {
      case "/_admin/ledger":
        allow(["GET"]);
        send(res, 200, serializeGroundTruth(ledger.groundTruth()));
        return;
      case "/_admin/clock":
        allow(["GET"]);
        send(res, 200, jsonText(nowJson()));
        return;
      case "/_admin/clock/advance": {
        allow(["POST"]);
        const target = advanceTarget(await readJsonObject(req), clock.now());
        let booked = 0;
        const off = ledger.onBooked((tx) => {
          if (tx.status === "booked") booked++;
        });
        try {
          clock.advanceTo(target);
        } finally {
          off();
        }
        context.logger.info("admin: clock advanced", { to: new Date(clock.now()).toISOString(), booked });
        send(res, 200, jsonText({ ...nowJson(), booked }));
        return;
      }
      case "/_admin/payments":
        allow(["GET"]);
        send(res, 200, jsonText({ payments: payments.list() }));
        return;
      case "/_admin/faults": {
        allow(["GET", "PUT"]);
        if (faultControl === undefined) throw new AdminError(404, "FAULTS_UNAVAILABLE", "this sandbox runs without a fault control");
        if (method === "GET") {
          send(res, 200, jsonText({ scenario: faultControl.current() }));
          return;
        }
        const text = await readBody(req);
        let scenario: unknown;
        try {
          scenario = JSON.parse(text);
        } catch {
          throw new AdminError(400, "BODY_INVALID", "the body is not JSON");
        }
        const outcome = faultControl.replace(scenario);
        if (!outcome.ok) throw new AdminError(400, "FAULTS_INVALID", outcome.message, { code: outcome.code });
        context.logger.info("admin: fault scenario replaced");
        send(res, 200, jsonText({ ok: true, scenario: faultControl.current() }));
        return;
      }
      default:
        throw new AdminError(404, "NOT_FOUND", `no admin route ${path}`);
    }
  };

  const server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      const e =
        error instanceof AdminError ? error : new AdminError(500, "INTERNAL", error instanceof Error ? error.message : "internal error");
      if (e.status === 500) context.logger.warn("admin: request failed", { message: e.message });
      if (res.headersSent) {
        res.destroy();
        return;
      }
      const headers: Record<string, string> = e.code === "METHOD_NOT_ALLOWED" ? { allow: String(e.details?.allow ?? "") } : {};
      send(
        res,
        e.status,
        jsonText({ error: { code: e.code, message: e.message, ...(e.details === undefined ? {} : { details: e.details }) } }),
        headers,
      );
      // An unread body (a 413 mid-upload) must not keep the socket half-open.
      if (!req.complete) req.resume();
    });
  });
  server.on("clientError", (_err, socket) => {
    if (socket.writable)
      socket.end(
        'HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\nconnection: close\r\n\r\n{"error":{"code":"BAD_REQUEST","message":"malformed HTTP request"}}',
      );
    else socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, context.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = context.host.includes(":") ? `[${context.host}]` : context.host;
  return {
    endpoint: {
      id: "admin",
      protocol: "admin",
      description: "Sandbox admin API: ground truth, simulated clock, payments, fault scenario (Bearer token)",
      url: `http://${host}:${port}/_admin`,
      urls: {
        ledger: `http://${host}:${port}/_admin/ledger`,
        clock: `http://${host}:${port}/_admin/clock`,
        advance: `http://${host}:${port}/_admin/clock/advance`,
        payments: `http://${host}:${port}/_admin/payments`,
        faults: `http://${host}:${port}/_admin/faults`,
      },
      credentials: { token: options.token },
      accounts: ledger.accounts().map((a) => a.id),
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
