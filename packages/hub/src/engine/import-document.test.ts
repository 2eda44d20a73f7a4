import { readFile } from "node:fs/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { eurStatement, SAMPLE_ENTRY_COUNT, sampleDocument } from "../api/test-support/samples.js";
import { openTempStore, TEST_TENANT, type TempStore } from "../api/test-support/temp-store.js";
import { fixtureWithTwoStatements } from "../formats/camt/test-support/camt-corpus.js";
import { type DocumentParser, importDocument } from "./import-document.js";

const CANONICAL_JSON_FORMAT = "canonical-json";

const utf8 = (text: string) => new TextEncoder().encode(text);

describe("#importDocument", () => {
  let t: TempStore;
  beforeEach(async () => {
    t = await openTempStore();
  });
  afterEach(async () => {
    await t.close();
  });

  it("saves the raw bytes under their SHA-256 and imports every entry", async () => {
    const content = sampleDocument();
    const report = await importDocument({
      store: t.store,
      tenantId: TEST_TENANT,
      content,
      filename: "march.json",
      source: "file:march.json",
    });
    expect(report).toMatchObject({
      status: "succeeded",
      format: CANONICAL_JSON_FORMAT,
      added: SAMPLE_ENTRY_COUNT,
      updated: 0,
      unchanged: 0,
      issues: [],
    });
    expect(report.accounts).toHaveLength(2);
    const digest = Buffer.from(await crypto.subtle.digest("SHA-256", content)).toString("hex");
    expect(report.documentId).toBe(digest);
    const saved = await t.store.documents.get(TEST_TENANT, report.documentId);
    expect(saved?.filename).toBe("march.json");
    expect(Buffer.from(saved?.content ?? []).equals(Buffer.from(content))).toBe(true);
    const run = await t.store.ingestRuns.get(TEST_TENANT, report.runId);
    expect(run).toMatchObject({ documentId: digest, source: "file:march.json", format: CANONICAL_JSON_FORMAT, added: SAMPLE_ENTRY_COUNT });
  });

  it("finds nothing new when the same document is imported again", async () => {
    const content = sampleDocument();
    await importDocument({ store: t.store, tenantId: TEST_TENANT, content, source: "test" });
    const again = await importDocument({ store: t.store, tenantId: TEST_TENANT, content, source: "test" });
    expect(again).toMatchObject({ added: 0, updated: 0, unchanged: SAMPLE_ENTRY_COUNT });
    expect(await t.store.transactions.count(TEST_TENANT)).toBe(SAMPLE_ENTRY_COUNT);
  });

  it("keeps an unreadable document and records a failed run with a FORMAT_UNSUPPORTED issue", async () => {
    const content = utf8("not json at all");
    const report = await importDocument({ store: t.store, tenantId: TEST_TENANT, content, filename: "junk.txt", source: "file:junk.txt" });
    expect(report.status).toBe("failed");
    expect(report.format).toBeUndefined();
    expect(report.added).toBe(0);
    expect(report.issues.map((i) => i.code)).toEqual(["FORMAT_UNSUPPORTED"]);
    expect(await t.store.documents.get(TEST_TENANT, report.documentId)).toBeDefined();
    const run = await t.store.ingestRuns.get(TEST_TENANT, report.runId);
    expect(run?.issues.map((i) => i.code)).toEqual(["FORMAT_UNSUPPORTED"]);
  });

  it("records JSON that is no bank document as a failed run, and says MODEL_INVALID when told it is canonical JSON", async () => {
    const auto = await importDocument({ store: t.store, tenantId: TEST_TENANT, content: utf8('{"invoices":[]}'), source: "test" });
    expect(auto).toMatchObject({ status: "failed", format: undefined, added: 0, rejected: { code: "FORMAT_UNSUPPORTED" } });
    const told = await importDocument({
      store: t.store,
      tenantId: TEST_TENANT,
      content: utf8('{"invoices":[]}'),
      source: "test",
      format: CANONICAL_JSON_FORMAT,
    });
    expect(told).toMatchObject({ status: "failed", format: CANONICAL_JSON_FORMAT, added: 0 });
    expect(told.issues.map((i) => i.code)).toEqual(["MODEL_INVALID"]);
  });

  it("imports the valid entries of a partly invalid document and reports the others as MODEL_INVALID", async () => {
    const statement = eurStatement() as { entries: unknown[] };
    statement.entries.push({ amount: "twelve", currency: "EUR", bookingDate: "2024-03-01", status: "booked", details: [] });
    const report = await importDocument({
      store: t.store,
      tenantId: TEST_TENANT,
      content: utf8(JSON.stringify(statement)),
      source: "test",
    });
    expect(report.status).toBe("partial");
    expect(report.added).toBe(3);
    expect(report.issues).toEqual([expect.objectContaining({ code: "MODEL_INVALID", path: "/entries/3/amount" })]);
  });

  it("hands the bytes to the parser it is given, so other formats plug in without changes here", async () => {
    const seen: number[] = [];
    const parse: DocumentParser = (content) => {
      seen.push(content.byteLength);
      return {
        format: "test-format",
        encoding: "utf-8",
        statements: [],
        issues: [{ severity: "warning", code: "TEST_NOTE", message: "nothing inside" }],
      };
    };
    const report = await importDocument({ store: t.store, tenantId: TEST_TENANT, content: utf8("abc"), source: "test", parse });
    expect(seen).toEqual([3]);
    expect(report).toMatchObject({ format: "test-format", status: "succeeded", added: 0 });
    expect(report.issues.map((i) => i.code)).toEqual(["TEST_NOTE"]);
  });
});

describe("#importDocument read as a stream", () => {
  let whole: TempStore;
  let streamed: TempStore;
  beforeEach(async () => {
    whole = await openTempStore();
    streamed = await openTempStore();
  });
  afterEach(async () => {
    await whole.close();
    await streamed.close();
  });

  const FIXTURES = new URL("../formats/", import.meta.url);
  const fixture = async (path: string) => new Uint8Array(await readFile(new URL(path, FIXTURES)));
  /** The stored transactions of a store, without ids and run ids, in a stable order. */
  const stored = async (t: TempStore) => {
    const page = await t.store.transactions.list({ tenantId: TEST_TENANT, limit: 1000 });
    return page.items
      .map(({ id: _id, ingestRunId: _run, accountId: _account, createdAt: _created, updatedAt: _updated, ...rest }) =>
        JSON.stringify(rest, (_k, v: unknown) => (typeof v === "bigint" ? String(v) : v)),
      )
      .sort();
  };

  it("stores what the whole-document import stores, with the same report and issues", async () => {
    for (const path of [
      "camt/fixtures/camt053-full.xml",
      "camt/fixtures/camt052-intraday.xml",
      "bai2/fixtures/operating-accounts.bai2",
      "ofx/fixtures/checking-102-cp1252.ofx",
      "ofx/fixtures/creditcards-211.qfx",
    ]) {
      const content = await fixture(path);
      const a = await importDocument({ store: whole.store, tenantId: TEST_TENANT, content, source: "test", stream: "never" });
      const b = await importDocument({ store: streamed.store, tenantId: TEST_TENANT, content, source: "test", stream: "always" });
      expect({ ...b, runId: "", issues: b.issues.map((i) => JSON.stringify(i)).sort() }, path).toEqual({
        ...a,
        runId: "",
        issues: a.issues.map((i) => JSON.stringify(i)).sort(),
      });
      expect(a.added + a.updated, path).toBeGreaterThan(0);
    }
    expect(await stored(streamed)).toEqual(await stored(whole));
  });

  it("keeps the statements stored before a refusal, reports it, and adds the rest when the whole file comes", async () => {
    const text = fixtureWithTwoStatements();
    const content = new TextEncoder().encode(text);
    // Cut inside the document's second statement: the first is complete.
    const cut = new TextEncoder().encode(text.slice(0, text.lastIndexOf("<Stmt>") + 200));
    const partial = await importDocument({ store: streamed.store, tenantId: TEST_TENANT, content: cut, source: "test", stream: "always" });
    expect(partial.rejected?.code).toBe("XML_MALFORMED");
    expect([partial.status, partial.added > 0]).toEqual(["partial", true]);
    expect(partial.issues.map((i) => i.code)).toContain("XML_MALFORMED");
    const complete = await importDocument({ store: streamed.store, tenantId: TEST_TENANT, content, source: "test", stream: "always" });
    const reference = await importDocument({ store: whole.store, tenantId: TEST_TENANT, content, source: "test", stream: "never" });
    expect(partial.added + complete.added).toBe(reference.added);
    expect(complete.unchanged).toBe(partial.added);
    expect(await stored(streamed)).toHaveLength((await stored(whole)).length);
  });

  it("reads formats without a streaming parser, and custom parsers, whole", async () => {
    const report = await importDocument({
      store: streamed.store,
      tenantId: TEST_TENANT,
      content: sampleDocument(),
      source: "test",
      stream: "always",
    });
    expect(report).toMatchObject({ status: "succeeded", format: CANONICAL_JSON_FORMAT, added: SAMPLE_ENTRY_COUNT });
  });
});
