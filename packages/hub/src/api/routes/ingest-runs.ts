/**
 * Ingest runs: one record per import, with its counts and issues.
 *
 * @module
 */
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { IngestRunId } from "../../core/index.js";
import { HubError } from "../../core/index.js";
import type { Store } from "../../store/store.js";
import type { AuthEnv } from "../auth.js";
import { authProblems, IdParam, IngestRunSchema, json, limitQuery, problem } from "../schemas.js";
import { ingestRunView } from "../views.js";

const security = [{ bearer: [] }];

const listRuns = createRoute({
  method: "get",
  path: "/v1/ingest-runs",
  tags: ["ingest"],
  summary: "Recent ingest runs, newest first",
  security,
  request: { query: z.object({ limit: limitQuery(1000) }) },
  responses: {
    ...authProblems(),
    200: json(z.object({ items: z.array(IngestRunSchema) }), "Ingest runs, newest first."),
  },
});

const getRun = createRoute({
  method: "get",
  path: "/v1/ingest-runs/{id}",
  tags: ["ingest"],
  summary: "One ingest run",
  security,
  request: { params: IdParam },
  responses: {
    ...authProblems(),
    200: json(IngestRunSchema, "The ingest run."),
    404: problem("No such ingest run (NOT_FOUND)."),
  },
});

/** Registers the `/v1/ingest-runs` routes. */
export function registerIngestRunRoutes(app: OpenAPIHono<AuthEnv>, deps: { readonly store: Pick<Store, "ingestRuns"> }): void {
  const { store } = deps;

  app.openapi(listRuns, async (c) => {
    const { limit } = c.req.valid("query");
    const runs = await store.ingestRuns.list(c.get("apiKey").tenantId, limit === undefined ? {} : { limit });
    return c.json({ items: runs.map(ingestRunView) }, 200);
  });

  app.openapi(getRun, async (c) => {
    const { id } = c.req.valid("param");
    const run = await store.ingestRuns.get(c.get("apiKey").tenantId, id as IngestRunId);
    if (run === undefined) throw new HubError("NOT_FOUND", `ingest run ${id} does not exist`, { details: { id } });
    return c.json(ingestRunView(run), 200);
  });
}
