import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ERROR_CODES } from "../core/index.js";
import { type ApiFixture, openApiFixture } from "./test-support/api-fixture.js";
import { TEST_TENANT } from "./test-support/temp-store.js";

let f: ApiFixture;
beforeEach(async () => {
  f = await openApiFixture();
});
afterEach(async () => {
  await f.close();
});

async function expectProblem(res: Response, status: number, code: string): Promise<Record<string, unknown>> {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toBe("application/problem+json");
  const body = (await res.json()) as Record<string, unknown>;
  expect(body).toMatchObject({
    type: `urn:bankbridge:error:${code}`,
    status,
    code,
    title: ERROR_CODES[code as keyof typeof ERROR_CODES].title,
  });
  expect(typeof body.detail).toBe("string");
  return body;
}

describe("probes", () => {
  it("answers GET /healthz with 200 and no credentials", async () => {
    const res = await f.app.request("/healthz");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok" });
  });

  it("answers GET /readyz with 200 while the database answers", async () => {
    const res = await f.app.request("/readyz");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ready" });
  });

  it("answers GET /readyz with 503 STORE_UNAVAILABLE once the database is gone", async () => {
    await f.store.destroy();
    await expectProblem(await f.app.request("/readyz"), 503, "STORE_UNAVAILABLE");
    // liveness does not depend on the database: restarting the process would not help.
    expect((await f.app.request("/healthz")).status).toBe(200);
  });
});

describe("GET /openapi.json", () => {
  it("serves an OpenAPI 3.1 document with every route and the bearer scheme", async () => {
    const res = await f.app.request("/openapi.json");
    expect(res.status).toBe(200);
    const doc = (await res.json()) as {
      openapi: string;
      info: { version: string };
      paths: Record<string, object>;
      components: Record<string, Record<string, unknown>>;
    };
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.info.version).toBe("0.0.0-test");
    expect(Object.keys(doc.paths).sort()).toEqual([
      "/healthz",
      "/readyz",
      "/v1/accounts",
      "/v1/accounts/{accountId}",
      "/v1/accounts/{accountId}/balances",
      "/v1/documents",
      "/v1/ingest-runs",
      "/v1/ingest-runs/{id}",
      "/v1/transactions",
      "/v1/transactions/{id}",
    ]);
    expect(doc.components.securitySchemes?.bearer).toMatchObject({ type: "http", scheme: "bearer" });
    expect(Object.keys(doc.components.schemas ?? {})).toEqual(
      expect.arrayContaining(["Problem", "Account", "Balance", "Transaction", "IngestRun", "ImportReport"]),
    );
  });
});

describe("authentication", () => {
  it("answers 401 AUTH_REQUIRED with a Bearer challenge when no key is sent", async () => {
    const res = await f.app.request("/v1/accounts");
    await expectProblem(res, 401, "AUTH_REQUIRED");
    expect(res.headers.get("www-authenticate")).toContain("Bearer");
  });

  it("answers 401 AUTH_INVALID for an unknown key and never echoes it", async () => {
    const res = await f.get("/v1/accounts", "bb_not-a-real-key-1234567890");
    const body = await expectProblem(res, 401, "AUTH_INVALID");
    expect(JSON.stringify(body)).not.toContain("not-a-real-key");
    expect(res.headers.get("www-authenticate")).toContain("invalid_token");
  });

  it("answers 401 AUTH_INVALID for a credential that is not Bearer", async () => {
    const res = await f.app.request("/v1/accounts", { headers: { authorization: `Basic ${btoa("admin:admin")}` } });
    await expectProblem(res, 401, "AUTH_INVALID");
  });

  it("answers 401 AUTH_INVALID for a revoked key", async () => {
    const viewerKeys = (await f.store.apiKeys.list(TEST_TENANT)).filter((k) => k.role === "viewer");
    expect(viewerKeys).toHaveLength(1);
    for (const k of viewerKeys) await f.store.apiKeys.revoke(k.tenantId, k.id);
    await expectProblem(await f.get("/v1/accounts", f.keys.viewer), 401, "AUTH_INVALID");
  });

  it("accepts the scheme name in any case", async () => {
    const res = await f.app.request("/v1/accounts", { headers: { authorization: `bearer ${f.keys.viewer}` } });
    expect(res.status).toBe(200);
  });
});

describe("errors", () => {
  it("answers unknown routes with 404 NOT_FOUND as problem+json", async () => {
    await expectProblem(await f.app.request("/nope"), 404, "NOT_FOUND");
    await expectProblem(await f.get("/v1/nope"), 404, "NOT_FOUND");
  });

  it("answers 400 REQUEST_INVALID listing every invalid field", async () => {
    const res = await f.get("/v1/transactions?limit=0&from=2024-02-30&status=lost");
    const body = await expectProblem(res, 400, "REQUEST_INVALID");
    const fields = (body.details as { fields: { field: string }[] }).fields.map((x) => x.field).sort();
    expect(fields).toEqual(["query.from", "query.limit", "query.status"]);
  });

  it("answers an unexpected failure with 500 INTERNAL, logs it, and leaks nothing of it", async () => {
    await f.close();
    f = await openApiFixture({
      store: (s) => ({
        ...s,
        accounts: {
          ...s.accounts,
          list: async () => {
            throw new Error("SQLITE_CORRUPT: SELECT secret_column FROM accounts");
          },
        },
      }),
    });
    const res = await f.get("/v1/accounts");
    const body = await expectProblem(res, 500, "INTERNAL");
    const text = JSON.stringify(body);
    expect(text).not.toContain("SQLITE");
    expect(text).not.toContain("secret_column");
    expect(text).not.toContain("at ");
    expect(f.logged).toHaveLength(1);
    expect(JSON.stringify(f.logged[0])).toContain("SQLITE_CORRUPT");
  });
});
