import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TenantId } from "../../core/index.js";
import { type ApiFixture, openApiFixture } from "../test-support/api-fixture.js";
import { CNY_ACCOUNT, EUR_IBAN } from "../test-support/samples.js";
import { createKey } from "../test-support/temp-store.js";

interface AccountBody {
  id: string;
  number: string;
  currency: string;
  scheme: string;
  bank?: { bic?: string; cnBankCode?: string };
}

let f: ApiFixture;
let eur: AccountBody;
let cny: AccountBody;
beforeAll(async () => {
  f = await openApiFixture();
  const body = (await (await f.get("/v1/accounts")).json()) as { items: AccountBody[] };
  const byNumber = new Map(body.items.map((a) => [a.number, a]));
  eur = byNumber.get(EUR_IBAN) as AccountBody;
  cny = byNumber.get(CNY_ACCOUNT) as AccountBody;
});
afterAll(async () => {
  await f.close();
});

describe("GET /v1/accounts", () => {
  it("lists the accounts the ingested statements created", () => {
    expect(eur).toMatchObject({ number: EUR_IBAN, scheme: "iban", currency: "EUR", bank: { bic: "COBADEFFXXX" } });
    expect(cny).toMatchObject({ number: CNY_ACCOUNT, scheme: "cn", currency: "CNY", bank: { cnBankCode: "102" } });
  });

  it("shows another tenant none of them", async () => {
    const other = "acme" as TenantId;
    await f.store.tenants.ensure(other, "Acme");
    const res = await f.get("/v1/accounts", await createKey(f.store, "viewer", other));
    expect(await res.json()).toEqual({ items: [] });
    expect((await f.get(`/v1/accounts/${eur.id}`, await createKey(f.store, "viewer", other))).status).toBe(404);
  });
});

describe("GET /v1/accounts/{accountId}", () => {
  it("returns one account", async () => {
    const res = await f.get(`/v1/accounts/${eur.id}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(eur);
  });

  it("answers 404 ACCOUNT_NOT_FOUND for an unknown id", async () => {
    const res = await f.get("/v1/accounts/no-such-account");
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ code: "ACCOUNT_NOT_FOUND" });
  });
});

describe("GET /v1/accounts/{accountId}/balances", () => {
  it("returns every balance of the account as signed decimal strings with their currency", async () => {
    const res = await f.get(`/v1/accounts/${eur.id}/balances`);
    const { items } = (await res.json()) as { items: { type: string; amount: string; currency: string; date: string }[] };
    expect(items.map((b) => `${b.type} ${b.amount} ${b.currency} ${b.date}`).sort()).toEqual([
      "closingAvailable 1854.74999 EUR 2024-03-01",
      "closingBooked 1854.74999 EUR 2024-03-01",
      "openingBooked 1000.00 EUR 2024-02-29",
    ]);
  });

  it("keeps the Chinese balance kinds", async () => {
    const res = await f.get(`/v1/accounts/${cny.id}/balances?type=available,frozen`);
    const { items } = (await res.json()) as { items: { type: string; amount: string }[] };
    expect(items.map((b) => `${b.type} ${b.amount}`).sort()).toEqual(["available 37000.00", "frozen 1000.00"]);
  });

  it("filters by date", async () => {
    const res = await f.get(`/v1/accounts/${eur.id}/balances?from=2024-03-01&to=2024-03-01`);
    const { items } = (await res.json()) as { items: { date: string }[] };
    expect(items.map((b) => b.date)).toEqual(["2024-03-01", "2024-03-01"]);
  });

  it("answers 400 REQUEST_INVALID for an unknown balance type", async () => {
    const res = await f.get(`/v1/accounts/${eur.id}/balances?type=closingBooked,wealth`);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: "REQUEST_INVALID", details: { fields: [{ field: "query.type" }] } });
  });

  it("answers 404 ACCOUNT_NOT_FOUND for an unknown account", async () => {
    expect(await (await f.get("/v1/accounts/nope/balances")).json()).toMatchObject({ code: "ACCOUNT_NOT_FOUND" });
  });
});
