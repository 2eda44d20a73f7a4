/**
 * The PSD2 front end's transport: an HTTPS server on the loopback address, the Berlin Group's common
 * header rules (`X-Request-ID` required and echoed, `Accept`), fault injection per endpoint, and errors
 * written as `tppMessages`. Handlers live in `consent-routes.ts`, `ais-routes.ts` and `sca-page.ts`.
 *
 * @module
 */

import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer, type Server } from "node:https";
import type { AddressInfo, Socket } from "node:net";
import type { IsoDate } from "@bankbridge/hub/core";
import type { FaultAction } from "../faults/fault-types.js";
import type { RunningService, ServiceFactory } from "../service.js";
import { createSandboxTls, type SandboxTls } from "../tls/create-sandbox-tls.js";
import { aisRoutes } from "./ais-routes.js";
import { consentRoutes } from "./consent-routes.js";
import { createConsentStore } from "./consent-store.js";
import { Psd2Error, tppMessagesBody } from "./psd2-errors.js";
import { createRouter, type Psd2Environment, type Psd2Psu, type Psd2Reply, type Psd2Request } from "./psd2-http.js";
import { escapeHtml, page, scaRoutes } from "./sca-page.js";

/** Options for {@link createPsd2Service}. */
export interface Psd2ServiceOptions {
  /** TLS material; by default each start creates its own CA (share one across services from the composition root). */
  readonly tls?: SandboxTls;
  /** Transactions per page when the TPP gives no `itemsPerPage` (default 50). */
  readonly pageSize?: number;
  /** Largest `itemsPerPage` accepted (default 500). */
  readonly maxPageSize?: number;
  /** `validUntil` is cut to this many days (default 90). */
  readonly maxConsentDays?: number;
  /** `frequencyPerDay` is cut to this (default 4). */
  readonly maxFrequencyPerDay?: number;
  /** The PSU's login (default `sandbox-psu` / `sandbox-password` / OTP `123456`). */
  readonly psu?: Psd2Psu;
}

const DEFAULT_PSU: Psd2Psu = { psuId: "sandbox-psu", password: "sandbox-password", otp: "123456" };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_BODY_BYTES = 64 * 1024;
/** Statuses the Berlin Group answers without a body (415 Unsupported Media Type, 500, 503). */
const BODYLESS = new Set([415, 500, 503]);

const route = createRouter([...consentRoutes, ...aisRoutes, ...scaRoutes]);

/**
 * A PSD2 (Berlin Group NextGenPSD2 1.3.11 AIS) front end for the euro bank's accounts.
 *
 * @example const service = await createPsd2Service({ tls })(context, { port: 0 });
 */
export function createPsd2Service(options: Psd2ServiceOptions = {}): ServiceFactory {
  return async (context, { port }) => {
    const tls = options.tls ?? (await createSandboxTls());
    const ledger = context.ledger;
    const bank = ledger.bank("eubank");
    const psu = options.psu ?? DEFAULT_PSU;
    let origin = "";
    const env: Psd2Environment = {
      ledger,
      clock: context.clock,
      faults: context.faults,
      consents: createConsentStore({
        random: context.random,
        psuAccounts: () => ledger.accounts("eubank"),
        limits: { maxValidityDays: options.maxConsentDays ?? 90, maxFrequencyPerDay: options.maxFrequencyPerDay ?? 4 },
      }),
      psu,
      origin: () => origin,
      today: (): IsoDate => ledger.today("eubank"),
      bic: bank.bic,
      pageSize: options.pageSize ?? 50,
      maxPageSize: options.maxPageSize ?? 500,
    };

    const timers = new Set<NodeJS.Timeout>();
    const later = (ms: number, fn: () => void): void => {
      const t = setTimeout(() => {
        timers.delete(t);
        fn();
      }, ms);
      timers.add(t);
    };

    const server: Server = createServer({ key: tls.key, cert: tls.cert }, (req, res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      let tooLarge = false;
      req.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_BODY_BYTES) tooLarge = true;
        else chunks.push(chunk);
      });
      req.on("error", () => res.destroy());
      req.on("end", () => {
        try {
          handle(req, res, Buffer.concat(chunks), tooLarge);
        } catch (error) {
          // A handler bug must not take the bank down: answer 500 like a real front end would.
          context.logger.warn("psd2: unexpected error", { error: String(error) });
          if (!res.headersSent) res.writeHead(500).end();
          else res.destroy();
        }
      });
    });
    server.on("clientError", (_error, socket: Socket) => {
      if (socket.writable) socket.end("HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n");
      else socket.destroy();
    });

    const handle = (req: IncomingMessage, res: ServerResponse, body: Buffer, tooLarge: boolean): void => {
      const url = new URL(req.url ?? "/", "https://sandbox.invalid");
      const method = req.method ?? "GET";
      const match = route(method, url.pathname);
      const isPage = match.found === "route" ? match.route.kind === "page" : match.found === "path" && match.kind === "page";
      const requestId = firstHeader(req, "x-request-id");
      const echo: Record<string, string> = requestId !== undefined && UUID.test(requestId) ? { "X-Request-ID": requestId } : {};

      const reply = (r: Psd2Reply, action: FaultAction = { kind: "none" }): void => {
        const headers: Record<string, string> = { ...echo, ...(r.headers ?? {}) };
        let payload: Buffer | undefined;
        if (r.json !== undefined) {
          headers["Content-Type"] = "application/json";
          payload = Buffer.from(JSON.stringify(r.json), "utf8");
        } else if (r.html !== undefined) {
          headers["Content-Type"] = "text/html; charset=utf-8";
          payload = Buffer.from(r.html, "utf8");
        }
        if (action.kind === "garble" && payload !== undefined) payload = garble(payload);
        if (payload !== undefined) headers["Content-Length"] = String(payload.length);
        res.writeHead(r.status, headers);
        res.end(payload);
      };
      const refuse = (error: Psd2Error): void => {
        if (isPage) {
          reply({
            status: error.status,
            headers: error.headers,
            html: page("Sorry", `<p id="error" data-code="${error.code}">${escapeHtml(error.message)}</p>`),
          });
        } else if (BODYLESS.has(error.status)) {
          reply({ status: error.status, headers: error.headers });
        } else {
          reply({ status: error.status, headers: error.headers, json: tppMessagesBody(error) });
        }
      };

      if (match.found === "none") {
        refuse(new Psd2Error(404, "RESOURCE_UNKNOWN", `no resource at ${url.pathname}`));
        return;
      }
      if (match.found === "path") {
        refuse(
          new Psd2Error(405, "SERVICE_INVALID", `${method} is not allowed on ${url.pathname}`, {
            headers: { Allow: match.allowed.join(", ") },
          }),
        );
        return;
      }
      const request: Psd2Request = {
        method,
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body,
        params: match.params,
      };
      const run = (): void => {
        try {
          if (match.route.kind === "api") {
            if (requestId === undefined || !UUID.test(requestId)) {
              throw new Psd2Error(400, "FORMAT_ERROR", "X-Request-ID is required and must be a UUID", { path: "X-Request-ID" });
            }
            const accept = firstHeader(req, "accept");
            if (accept !== undefined && !/application\/json|application\/\*|\*\/\*/i.test(accept)) {
              throw new Psd2Error(406, "REQUESTED_FORMATS_INVALID", `this ASPSP answers application/json only, not ${accept}`, {
                path: "Accept",
              });
            }
          }
          if (tooLarge) throw new Psd2Error(400, "FORMAT_ERROR", `the body exceeds ${MAX_BODY_BYTES} bytes`);
          reply(match.route.handler(request, env), decision.action);
        } catch (error) {
          if (error instanceof Psd2Error) refuse(error);
          else throw error;
        }
      };

      const decision = context.faults.decide(`psd2:${match.route.operation}`, context.clock.now());
      const act = (): void => {
        const action = decision.action;
        switch (action.kind) {
          case "none":
          case "garble":
            run();
            return;
          case "serverError":
            // The Berlin Group defines no body for 500/503.
            reply({ status: action.status });
            return;
          case "rateLimit":
            refuse(
              new Psd2Error(429, "ACCESS_EXCEEDED", "too many requests; retry later", {
                headers: { "Retry-After": String(action.retryAfterSeconds) },
              }),
            );
            return;
          case "down": {
            const seconds = Math.max(1, Math.ceil((action.untilMs - context.clock.now()) / 1000));
            reply({
              status: 503,
              headers: { "Retry-After": String(seconds) },
              html: page("Service unavailable", "<p>The online banking interface is under maintenance. Please try again later.</p>"),
            });
            return;
          }
          case "reset":
            resetSocket(req.socket);
            return;
          case "timeout":
            later(action.holdMs, () => req.socket.destroy());
            return;
        }
      };
      if (decision.latencyMs > 0) later(decision.latencyMs, act);
      else act();
    };

    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, context.host, () => {
        server.off("error", reject);
        resolve();
      });
    });
    const address = server.address() as AddressInfo;
    const hostText = address.family === "IPv6" ? `[${address.address}]` : address.address;
    origin = `https://${hostText}:${address.port}`;
    context.logger.info("psd2: listening", { origin });

    const endpoint = {
      id: "psd2",
      protocol: "psd2" as const,
      description: `Berlin Group NextGenPSD2 1.3.11 AIS (redirect SCA) of ${bank.nameEn}`,
      url: `${origin}/v1`,
      urls: {
        consents: `${origin}/v1/consents`,
        accounts: `${origin}/v1/accounts`,
        scaPages: `${origin}/sca/consents/{consentId}/{authorisationId}`,
        psuConsentPage: `${origin}/sca/psu/consents/{consentId}`,
      },
      credentials: {
        psuId: psu.psuId,
        psuPassword: psu.password,
        psuOtp: psu.otp,
        caCertificatePem: tls.ca,
        caFingerprint256: tls.caFingerprint256,
        serverFingerprint256: tls.fingerprint256,
      },
      accounts: ledger.accounts("eubank").map((a) => a.iban ?? a.id),
    };

    const service: RunningService = {
      endpoint,
      close: () =>
        new Promise<void>((resolve) => {
          for (const t of timers) clearTimeout(t);
          timers.clear();
          server.close(() => resolve());
          server.closeAllConnections();
        }),
    };
    return service;
  };
}

/** The PSD2 front end with default options (service id `psd2`, protocol `psd2`). */
export const startPsd2: ServiceFactory = createPsd2Service();

function firstHeader(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Sends a TCP RST where the socket allows it (the client sees ECONNRESET), else just closes. */
function resetSocket(socket: Socket): void {
  const raw = socket as Socket & { resetAndDestroy?: () => void; _parent?: Socket };
  // A TLS socket wraps the TCP one; resetting the TCP socket is what the client sees.
  const tcp = raw._parent ?? raw;
  if (typeof (tcp as { resetAndDestroy?: () => void }).resetAndDestroy === "function") {
    (tcp as Socket & { resetAndDestroy: () => void }).resetAndDestroy();
  } else {
    socket.destroy();
  }
}

/** A corrupted body: cut in the middle (what a dropped proxy connection leaves). */
function garble(payload: Buffer): Buffer {
  return payload.subarray(0, Math.max(1, Math.floor(payload.length / 2)));
}
