/**
 * Probes for orchestrators: liveness (`/healthz`, the process answers) and readiness (`/readyz`, the
 * database answers too). Neither needs credentials and neither reveals anything but up or down.
 *
 * @module
 */
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { HubError, isHubError } from "../../core/index.js";
import type { Store } from "../../store/store.js";
import type { AuthEnv } from "../auth.js";
import { json, problem } from "../schemas.js";

const healthz = createRoute({
  method: "get",
  path: "/healthz",
  tags: ["probes"],
  summary: "Liveness: the process is up",
  responses: { 200: json(z.object({ status: z.literal("ok") }), "The process answers requests.") },
});

const readyz = createRoute({
  method: "get",
  path: "/readyz",
  tags: ["probes"],
  summary: "Readiness: the database answers",
  responses: {
    200: json(z.object({ status: z.literal("ready") }), "The database answers; requests can be served."),
    503: problem("The database cannot be reached (STORE_UNAVAILABLE)."),
  },
});

/** Registers `GET /healthz` and `GET /readyz`. */
export function registerHealthRoutes(app: OpenAPIHono<AuthEnv>, deps: { readonly store: Pick<Store, "ping"> }): void {
  app.openapi(healthz, (c) => c.json({ status: "ok" as const }, 200));
  app.openapi(readyz, async (c) => {
    try {
      await deps.store.ping();
    } catch (e) {
      // ping() promises STORE_UNAVAILABLE; anything else still means "not ready", not "internal error".
      throw isHubError(e) && e.code === "STORE_UNAVAILABLE"
        ? e
        : new HubError("STORE_UNAVAILABLE", "database does not answer", { cause: e });
    }
    return c.json({ status: "ready" as const }, 200);
  });
}
