import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiFixture, openApiFixture } from "../test-support/api-fixture.js";
import { EUR_IBAN, SAMPLE_ENTRY_COUNT } from "../test-support/samples.js";

interface TxBody {
  id: string;
  accountId: string;
  amount: string;
  currency: string;
  status: string;
  bookingDate?: string;
  entry: { details: unknown[]; references?: Record<string, string>; batch?: unknown };
}
interface PageBody {
  items: TxBody[];
  nextCursor: string | null;
}

let f: ApiFixture;
let eurId: string;
beforeAll(async () => {
  f = await openApiFixture();
  const accounts = (await (await f.get("/v1/accounts")).json()) as { items: { id: string; number: string }[] };
  eurId = accounts.items.find((a) => a.number === EUR_IBAN)?.id ?? "";
});
afterAll(async () => {
  await f.close();
});

const page = async (query: string): Promise<PageBody> => {
  const res = await f.get(`/v1/transactions${query}`);
  expect(res.status).toBe(200);
  return (await res.json()) as PageBody;
};

describe("GET /v1/transactions", () => {
  it("lists every transaction with exact signed amounts and the canonical entry", async () => {
    const { items, nextCursor } = await page("");
    expect(items).toHaveLength(SAMPLE_ENTRY_COUNT);
    expect(nextCursor).toBeNull();
    expect(items.map((t) => `${t.amount} ${t.currency}`).sort()).toEqual([
      "-0.00001 EUR",
      "-12000.00 CNY",
      "-645.25 EUR",
      "0.00 CNY",
      "1500.00 EUR",
    ]);
    const batch = items.find((t) => t.amount === "-645.25");
    // The batch's children stay inside its entry; they are not transactions of their own.
    expect(batch?.entry.details).toHaveLength(2);
    expect(batch?.entry.batch).toMatchObject({ count: 2 });
  });

  it("filters by account and status", async () => {
    const eur = await page(`?accountId=${eurId}`);
    expect(eur.items.map((t) => t.currency)).toEqual(["EUR", "EUR", "EUR"]);
    const pending = await page("?status=pending");
    expect(pending.items.map((t) => t.amount)).toEqual(["0.00"]);
  });

  it("filters by booking date", async () => {
    expect((await page("?from=2024-03-02")).items).toEqual([]);
    expect((await page("?from=2024-03-01&to=2024-03-01")).items).toHaveLength(SAMPLE_ENTRY_COUNT);
  });

  it("pages with limit and cursor without repeating or losing a transaction", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const p: PageBody = await page(`?limit=2${cursor === null ? "" : `&cursor=${encodeURIComponent(cursor)}`}`);
      expect(p.items.length).toBeLessThanOrEqual(2);
      seen.push(...p.items.map((t) => t.id));
      cursor = p.nextCursor;
      pages++;
    } while (cursor !== null && pages < 10);
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(SAMPLE_ENTRY_COUNT);
  });

  it("answers 400 REQUEST_INVALID for a cursor it did not issue", async () => {
    const res = await f.get("/v1/transactions?cursor=garbage");
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: "REQUEST_INVALID" });
  });

  it("answers 400 REQUEST_INVALID for a limit above 1000", async () => {
    const res = await f.get("/v1/transactions?limit=1001");
    expect(await res.json()).toMatchObject({ code: "REQUEST_INVALID", details: { fields: [{ field: "query.limit" }] } });
  });
});

describe("GET /v1/transactions/{id}", () => {
  it("returns one transaction as it appears in the list", async () => {
    const [first] = (await page("?limit=1")).items;
    const res = await f.get(`/v1/transactions/${first?.id}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(first);
  });

  it("answers 404 NOT_FOUND for an unknown id", async () => {
    const res = await f.get("/v1/transactions/999999");
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ code: "NOT_FOUND" });
  });
});
