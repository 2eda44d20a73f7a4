/**
 * The HTTP API as a Hono app: a function from `Request` to `Response`, with no server attached, so tests
 * call `app.request()` and `hub.ts` decides how to listen.
 *
 * @module
 */
import { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { HubError } from "../core/index.js";
import type { Store } from "../store/store.js";
import { type AuthEnv, requireApiKey } from "./auth.js";
import { classifyError, PROBLEM_MEDIA_TYPE, toProblem } from "./problem.js";
import { registerAccountRoutes } from "./routes/accounts.js";
import { DEFAULT_MAX_DOCUMENT_BYTES, registerDocumentRoutes } from "./routes/documents.js";
import { registerHealthRoutes } from "./routes/health.js";
import { registerIngestRunRoutes } from "./routes/ingest-runs.js";
import { registerTransactionRoutes } from "./routes/transactions.js";

/** What the API logs: only failures it could not explain to the client. */
export interface ApiLogger {
  error(message: string, fields?: Readonly<Record<string, unknown>>): void;
}

/** Options of {@link createApp}. */
export interface AppOptions {
  readonly store: Store;
  /** Version shown in the OpenAPI document. */
  readonly version: string;
  /** Where unexpected errors go, with their stack. @default writes to `console.error` */
  readonly log?: ApiLogger;
  /** Largest body `POST /v1/documents` accepts. @default 50 MiB */
  readonly maxDocumentBytes?: number;
}

/** The API app; `app.fetch` serves requests and `app.request()` tests them. */
export type App = OpenAPIHono<AuthEnv>;

const consoleLogger: ApiLogger = {
  error: (message, fields) => console.error(message, fields ?? {}),
};

/**
 * Builds the API. Routes: `GET /healthz`, `GET /readyz`, `GET /openapi.json` without credentials; every
 * `/v1/*` route with `Authorization: Bearer <api key>`. Every error is `application/problem+json` with a
 * stable `code` (see `docs/errors.md`).
 *
 * @example
 * const app = createApp({ store, version: "0.1.0" })
 * const res = await app.request("/v1/accounts", { headers: { authorization: `Bearer ${secret}` } })
 */
export function createApp(options: AppOptions): App {
  const { store, version } = options;
  const log = options.log ?? consoleLogger;
  const app: App = new OpenAPIHono<AuthEnv>({
    // One shape for every validation failure, whatever the route: REQUEST_INVALID listing the fields.
    defaultHook: (result) => {
      if (result.success) return;
      const fields = result.error.issues.map((i) => ({
        field: [result.target, ...i.path.map(String)].join("."),
        message: i.message,
      }));
      throw new HubError("REQUEST_INVALID", fields.map((f) => `${f.field}: ${f.message}`).join("; "), { details: { fields } });
    },
  });

  app.onError((err, c) => {
    const { error, unexpected } = classifyError(err);
    if (unexpected) {
      // The client gets a fixed message; the real one, with its stack, goes to the operator's log only.
      log.error("unexpected error while serving a request", {
        method: c.req.method,
        path: c.req.path,
        error: err instanceof Error ? (err.stack ?? err.message) : String(err),
      });
    }
    return problem(c, error);
  });
  app.notFound((c) => problem(c, new HubError("NOT_FOUND", `no route for ${c.req.method} ${c.req.path}`)));

  app.openAPIRegistry.registerComponent("securitySchemes", "bearer", {
    type: "http",
    scheme: "bearer",
    description: "An API key. The first start writes an admin key to <data dir>/admin-api-key.",
  });

  registerHealthRoutes(app, { store });
  app.doc31("/openapi.json", {
    openapi: "3.1.0",
    info: {
      title: "BankBridge API",
      version,
      description: "Accounts, balances and transactions from your banks in one canonical model. Errors are RFC 9457 problem details.",
    },
  });

  app.use("/v1/*", requireApiKey(store.apiKeys));
  registerAccountRoutes(app, { store });
  registerTransactionRoutes(app, { store });
  registerIngestRunRoutes(app, { store });
  registerDocumentRoutes(app, { store, maxDocumentBytes: options.maxDocumentBytes ?? DEFAULT_MAX_DOCUMENT_BYTES });
  return app;
}

/** The problem+json response for `error`, keeping headers set earlier on `c` (such as `WWW-Authenticate`). */
function problem(c: Context, error: HubError): Response {
  const body = toProblem(error);
  const headers: Record<string, string> = { "content-type": PROBLEM_MEDIA_TYPE };
  if (error.retryable && error.retryAfterMs !== undefined) headers["retry-after"] = String(Math.ceil(error.retryAfterMs / 1000));
  return c.newResponse(JSON.stringify(body), body.status as ContentfulStatusCode, headers);
}
