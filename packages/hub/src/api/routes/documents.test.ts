import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { DocumentId } from "../../core/index.js";
import { type ApiFixture, openApiFixture } from "../test-support/api-fixture.js";
import { SAMPLE_ENTRY_COUNT, sampleDocument } from "../test-support/samples.js";
import { TEST_TENANT } from "../test-support/temp-store.js";

let f: ApiFixture;
beforeEach(async () => {
  f = await openApiFixture({ ingest: false, maxDocumentBytes: 64 * 1024 });
});
afterEach(async () => {
  await f.close();
});

const post = (body: Uint8Array | string, key: string, options: { query?: string; contentType?: string } = {}) =>
  f.app.request(`/v1/documents${options.query ?? ""}`, {
    method: "POST",
    body,
    headers: { authorization: `Bearer ${key}`, ...(options.contentType === undefined ? {} : { "content-type": options.contentType }) },
  });

describe("POST /v1/documents", () => {
  it("imports a canonical JSON file and answers 201 with the report and the run's location", async () => {
    const res = await post(sampleDocument(), f.keys.admin, { query: "?filename=march.json", contentType: "application/json" });
    expect(res.status).toBe(201);
    const report = (await res.json()) as { runId: string; documentId: string; format: string; status: string; added: number };
    expect(report).toMatchObject({
      status: "succeeded",
      format: "canonical-json",
      added: SAMPLE_ENTRY_COUNT,
      updated: 0,
      unchanged: 0,
      issues: [],
    });
    expect(report.documentId).toMatch(/^[0-9a-f]{64}$/);
    expect(res.headers.get("location")).toBe(`/v1/ingest-runs/${report.runId}`);
    const run = await (await f.get(res.headers.get("location") ?? "")).json();
    expect(run).toMatchObject({ source: "api:march.json", documentId: report.documentId, added: SAMPLE_ENTRY_COUNT });
    const saved = await f.store.documents.get(TEST_TENANT, report.documentId as DocumentId);
    expect(saved).toMatchObject({ filename: "march.json", mediaType: "application/json" });
  });

  it("adds nothing when the same file is uploaded again", async () => {
    await post(sampleDocument(), f.keys.operator);
    const res = await post(sampleDocument(), f.keys.operator, { contentType: "application/octet-stream" });
    expect(await res.json()).toMatchObject({ added: 0, updated: 0, unchanged: SAMPLE_ENTRY_COUNT });
  });

  it("accepts a body without a content type", async () => {
    const res = await post(sampleDocument(), f.keys.admin);
    expect(res.status).toBe(201);
  });

  it("records a file it cannot read as a failed run with a FORMAT_UNSUPPORTED issue", async () => {
    const res = await post("<Document>camt later</Document>", f.keys.admin, { contentType: "application/xml" });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ status: "failed", format: null, added: 0, issues: [{ code: "FORMAT_UNSUPPORTED" }] });
  });

  it("answers 403 FORBIDDEN to a viewer and stores nothing", async () => {
    const res = await post(sampleDocument(), f.keys.viewer);
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ code: "FORBIDDEN" });
    expect(await f.store.ingestRuns.list(TEST_TENANT)).toEqual([]);
  });

  it("answers 413 FILE_TOO_LARGE above the limit, also when the size is not declared up front", async () => {
    const big = new Uint8Array(64 * 1024 + 1).fill(0x20);
    const declared = await post(big, f.keys.admin);
    expect(declared.status).toBe(413);
    expect(await declared.json()).toMatchObject({ code: "FILE_TOO_LARGE", details: { limit: 64 * 1024 } });
    const streamed = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 5; i++) controller.enqueue(new Uint8Array(16 * 1024).fill(0x20));
        controller.close();
      },
    });
    const res = await f.app.request("/v1/documents", {
      method: "POST",
      body: streamed,
      headers: { authorization: `Bearer ${f.keys.admin}` },
      duplex: "half",
    } as RequestInit);
    expect(res.status).toBe(413);
  });

  it("answers 400 REQUEST_INVALID for an empty body", async () => {
    const res = await post(new Uint8Array(0), f.keys.admin);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: "REQUEST_INVALID" });
  });

  it("answers 401 AUTH_REQUIRED without a key", async () => {
    const res = await f.app.request("/v1/documents", { method: "POST", body: sampleDocument() });
    expect(res.status).toBe(401);
  });
});
