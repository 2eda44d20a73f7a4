import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiFixture, openApiFixture } from "../test-support/api-fixture.js";
import { SAMPLE_ENTRY_COUNT } from "../test-support/samples.js";

let f: ApiFixture;
beforeAll(async () => {
  f = await openApiFixture();
});
afterAll(async () => {
  await f.close();
});

describe("GET /v1/ingest-runs", () => {
  it("lists the runs with their counts", async () => {
    const res = await f.get("/v1/ingest-runs");
    expect(res.status).toBe(200);
    const { items } = (await res.json()) as { items: { id: string; status: string; added: number; issues: unknown[] }[] };
    expect(items).toEqual([expect.objectContaining({ source: "test", status: "succeeded", added: SAMPLE_ENTRY_COUNT, issues: [] })]);
  });

  it("answers 400 REQUEST_INVALID for a limit that is not a number", async () => {
    expect((await f.get("/v1/ingest-runs?limit=ten")).status).toBe(400);
  });
});

describe("GET /v1/ingest-runs/{id}", () => {
  it("returns one run", async () => {
    const { items } = (await (await f.get("/v1/ingest-runs")).json()) as { items: { id: string }[] };
    const res = await f.get(`/v1/ingest-runs/${items[0]?.id}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(items[0]);
  });

  it("answers 404 NOT_FOUND for an unknown id", async () => {
    expect(await (await f.get("/v1/ingest-runs/00000000-0000-0000-0000-000000000000")).json()).toMatchObject({ code: "NOT_FOUND" });
  });
});
