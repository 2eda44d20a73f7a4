/**
 * A running PSD2 front end over the real seeded ledger, and an HTTPS client whose every answer from the
 * Berlin Group API (`/v1/…`) is validated against the NextGenPSD2 OpenAPI file: a response that does not
 * conform makes the call throw, so the test fails.
 *
 * @module
 */
import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { request as httpsRequest } from "node:https";
import { fileURLToPath } from "node:url";
import { createSimClock, type SimClock } from "../../clock/sim-clock.js";
import type { FaultPlan } from "../../faults/fault-types.js";
import { noFaults } from "../../faults/no-faults.js";
import { createLedger } from "../../ledger/create-ledger.js";
import type { Ledger } from "../../ledger/ledger-types.js";
import { createPaymentEngine } from "../../payments/create-payment-engine.js";
import { createSeededRandom } from "../../random/seeded-random.js";
import type { RunningService } from "../../service.js";
import { createSandboxTls, type SandboxTls } from "../../tls/create-sandbox-tls.js";
import { createPsd2Service, type Psd2ServiceOptions } from "../psd2-service.js";
import { loadOpenApiValidator, type OpenApiValidator } from "./openapi-validator.js";
import type { ConsentCreated } from "./psd2-bodies.js";

/** The Berlin Group file the tests validate against (`../shared/specs` beside the repository). */
export const PSD2_SPEC = fileURLToPath(new URL("../../../../../../shared/specs/berlin-group-nextgenpsd2-1.3.11.yaml", import.meta.url));
/** True when the spec file is there (the tests skip without it). */
export const HAVE_SPEC = existsSync(PSD2_SPEC);

let validator: OpenApiValidator | undefined;
/** The validator, loaded once per test file. */
export function specValidator(): OpenApiValidator {
  validator ??= loadOpenApiValidator(PSD2_SPEC);
  return validator;
}

/**
 * A response as the tests see it; `body` is the parsed JSON (undefined for HTML or no body), typed `T` by
 * the caller (see {@link Psd2Fixture.call}).
 */
export interface TestResponse<T = unknown> {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly text: string;
  readonly body: T;
}

/** Options of one call. */
export interface CallOptions {
  readonly headers?: Readonly<Record<string, string>>;
  /** Sent as `application/json`. */
  readonly json?: unknown;
  /** A raw body (form posts). */
  readonly raw?: string;
  /** `X-Request-ID` to send; `null` sends none. Default: a fresh UUID. */
  readonly requestId?: string | null;
  /** Skip the OpenAPI check (fault tests, garbled bodies). */
  readonly unchecked?: boolean;
}

/** A running front end and its validating client. */
export interface Psd2Fixture {
  readonly ledger: Ledger;
  readonly clock: SimClock;
  readonly service: RunningService;
  readonly tls: SandboxTls;
  readonly origin: string;
  /**
   * Calls `pathOrHref` (relative to the origin or absolute). `T` is the body schema (`./psd2-bodies.ts`) of
   * the status the test expects, and the test asserts that status: the spec check has then proven the body
   * has that shape. Leave `T` as `unknown` for unchecked calls and pages, where nothing proved it.
   */
  call<T = unknown>(method: string, pathOrHref: string, options?: CallOptions): Promise<TestResponse<T>>;
  /** Creates a consent, approves it on the authorisation page, and returns its id. */
  validConsent(body?: unknown): Promise<string>;
  close(): Promise<void>;
}

/** Options for {@link startPsd2Fixture}. */
export interface Psd2FixtureOptions {
  readonly seed?: string;
  readonly startMs?: number;
  readonly historyDays?: number;
  readonly faults?: FaultPlan;
  readonly service?: Psd2ServiceOptions;
}

let sharedTls: Promise<SandboxTls> | undefined;

/** A consent over every eubank account, recurring, 4 a day, for 30 days. */
export function allAccountsConsentBody(ledger: Ledger, today: string): unknown {
  const refs = ledger.accounts("eubank").map((a) => ({ iban: a.iban ?? a.id }));
  const until = new Date(Date.parse(today) + 30 * 86_400_000).toISOString().slice(0, 10);
  return {
    access: { accounts: refs, balances: refs, transactions: refs },
    recurringIndicator: true,
    validUntil: until,
    frequencyPerDay: 4,
    combinedServiceIndicator: false,
  };
}

/** Starts the ledger (real, seeded), the clock and the PSD2 front end on 127.0.0.1:0. */
export async function startPsd2Fixture(options: Psd2FixtureOptions = {}): Promise<Psd2Fixture> {
  sharedTls ??= createSandboxTls();
  const tls = await sharedTls;
  const seed = options.seed ?? "psd2-test";
  const clock = createSimClock({ startMs: options.startMs ?? Date.UTC(2026, 2, 4, 9, 30) });
  const ledger = createLedger({ seed, clock, historyDays: options.historyDays ?? 20 });
  const random = createSeededRandom(seed);
  const logger = { info: () => {}, warn: () => {} };
  const service = await createPsd2Service({ tls, ...options.service })(
    {
      ledger,
      payments: createPaymentEngine({ ledger, clock, random: random.fork("payments") }),
      clock,
      faults: options.faults ?? noFaults,
      random: random.fork("psd2"),
      logger,
      host: "127.0.0.1",
    },
    { port: 0 },
  );
  const origin = new URL(service.endpoint.url).origin;
  const check = specValidator();

  const call = <T = unknown>(method: string, pathOrHref: string, o: CallOptions = {}): Promise<TestResponse<T>> => {
    const url = new URL(pathOrHref, origin);
    const requestId = o.requestId === undefined ? randomUUID() : o.requestId;
    const headers: Record<string, string> = { ...(o.headers ?? {}) };
    if (requestId !== null) headers["X-Request-ID"] = requestId;
    let payload: Buffer | undefined;
    if (o.json !== undefined) {
      payload = Buffer.from(JSON.stringify(o.json));
      headers["Content-Type"] ??= "application/json";
    } else if (o.raw !== undefined) {
      payload = Buffer.from(o.raw);
    }
    return new Promise<TestResponse<T>>((resolve, reject) => {
      const req = httpsRequest(url, { method, headers, ca: tls.ca }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("error", reject);
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          const h: Record<string, string | undefined> = {};
          for (const [k, v] of Object.entries(res.headers)) h[k] = Array.isArray(v) ? v.join(", ") : v;
          const status = res.statusCode ?? 0;
          if (!o.unchecked && url.pathname.startsWith("/v1/")) {
            const problems = check.problems({
              method,
              path: url.pathname,
              status,
              headers: h,
              body: text,
              checkRequiredHeaders: requestId !== null,
            });
            if (requestId !== null && h["x-request-id"] !== requestId)
              problems.push(`X-Request-ID not echoed (sent ${requestId}, got ${h["x-request-id"]})`);
            if (problems.length > 0) {
              reject(
                new Error(`response does not conform to the Berlin Group spec:\n${problems.join("\n")}\nbody: ${text.slice(0, 2000)}`),
              );
              return;
            }
          }
          let body: unknown;
          if ((h["content-type"] ?? "").includes("json")) {
            try {
              body = JSON.parse(text);
            } catch {
              body = undefined;
            }
          }
          // Sound because the OpenAPI check above accepted this body for this status (see `call`).
          resolve({ status, headers: h, text, body: body as T });
        });
      });
      req.on("error", reject);
      req.end(payload);
    });
  };

  const psu = service.endpoint.credentials;
  return {
    ledger,
    clock,
    service,
    tls,
    origin,
    call,
    async validConsent(body) {
      const created = await call<ConsentCreated>("POST", "/v1/consents", {
        json: body ?? allAccountsConsentBody(ledger, ledger.today("eubank")),
      });
      if (created.status !== 201) throw new Error(`consent not created: ${created.status} ${created.text}`);
      const form = new URLSearchParams({
        psuId: psu.psuId ?? "",
        password: psu.psuPassword ?? "",
        otp: psu.psuOtp ?? "",
        action: "approve",
      });
      const approved = await call("POST", created.body._links.scaRedirect.href, {
        raw: form.toString(),
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
      });
      if (approved.status !== 200) throw new Error(`consent not approved: ${approved.status} ${approved.text}`);
      return created.body.consentId;
    },
    close: () => service.close(),
  };
}
