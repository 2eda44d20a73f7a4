/**
 * The small HTTP vocabulary the PSD2 front end's handlers share: a parsed request, a reply, and a route
 * table matched by method and path template.
 *
 * @module
 */
import type { IncomingHttpHeaders } from "node:http";
import type { IsoDate } from "@bankbridge/hub/core";
import type { SimClock } from "../clock/sim-clock.js";
import type { FaultPlan } from "../faults/fault-types.js";
import type { Ledger } from "../ledger/ledger-types.js";
import type { ConsentStore } from "./consent-store.js";

/** A request as the handlers see it. */
export interface Psd2Request {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  /** Path parameters by name (`consentId`, `accountId`…). */
  readonly params: Readonly<Record<string, string>>;
}

/** What a handler answers. */
export interface Psd2Reply {
  readonly status: number;
  /** A JSON body (sent as `application/json`). */
  readonly json?: unknown;
  /** An HTML body (the authorisation pages). */
  readonly html?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/** The PSU this bank knows: one corporate user who holds every account of the bank. */
export interface Psd2Psu {
  readonly psuId: string;
  readonly password: string;
  /** The one-time password the sandbox's "SMS" always sends. */
  readonly otp: string;
}

/** Everything the handlers need. */
export interface Psd2Environment {
  readonly ledger: Ledger;
  readonly clock: SimClock;
  readonly faults: FaultPlan;
  readonly consents: ConsentStore;
  readonly psu: Psd2Psu;
  /** `https://127.0.0.1:PORT`, no trailing slash. */
  readonly origin: () => string;
  /** The bank's calendar day now (simulated). */
  readonly today: () => IsoDate;
  readonly bic: string;
  readonly pageSize: number;
  readonly maxPageSize: number;
}

/** A handler. Refusals are thrown as `Psd2Error`. */
export type Psd2Handler = (request: Psd2Request, env: Psd2Environment) => Psd2Reply;

/** One route: method, path template (`/v1/accounts/{accountId}`), fault endpoint name, handler. */
export interface Psd2Route {
  readonly method: string;
  readonly template: string;
  /** The `<operation>` of the fault endpoint `psd2:<operation>`. */
  readonly operation: string;
  /** Berlin Group API call (needs `X-Request-ID`, answers `tppMessages`) or an HTML page. */
  readonly kind: "api" | "page";
  readonly handler: Psd2Handler;
}

/** The result of matching a path: the route, or the methods the path allows (for 405), or nothing. */
export type RouteMatch =
  | { readonly found: "route"; readonly route: Psd2Route; readonly params: Record<string, string> }
  | { readonly found: "path"; readonly allowed: readonly string[]; readonly kind: "api" | "page" }
  | { readonly found: "none" };

/** Compiles a route table into a matcher. */
export function createRouter(routes: readonly Psd2Route[]): (method: string, path: string) => RouteMatch {
  const compiled = routes.map((route) => {
    const names: string[] = [];
    const source = route.template
      .split("/")
      .map((part) => {
        const m = /^\{(\w+)\}$/.exec(part);
        if (m === null) return part.replace(/[.*+?^$()|[\]\\]/g, "\\$&");
        names.push(m[1] as string);
        return "([^/]+)";
      })
      .join("/");
    return { route, names, regex: new RegExp(`^${source}$`) };
  });
  return (method, path) => {
    const allowed: string[] = [];
    let kind: "api" | "page" = "api";
    for (const c of compiled) {
      const m = c.regex.exec(path);
      if (m === null) continue;
      if (c.route.method !== method) {
        allowed.push(c.route.method);
        kind = c.route.kind;
        continue;
      }
      const params: Record<string, string> = {};
      c.names.forEach((name, i) => {
        params[name] = safeDecode(m[i + 1] as string);
      });
      return { found: "route", route: c.route, params };
    }
    return allowed.length > 0 ? { found: "path", allowed, kind } : { found: "none" };
  };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** One header's value (the first, if repeated). */
export function header(request: Psd2Request, name: string): string | undefined {
  const value = request.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}
