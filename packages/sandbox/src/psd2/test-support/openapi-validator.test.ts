import { describe, expect, it } from "vitest";
import { HAVE_SPEC, specValidator } from "./psd2-fixture.js";

const ok = (body: unknown, extra: Partial<{ status: number; headers: Record<string, string> }> = {}) => ({
  method: "GET",
  path: "/v1/accounts/abc/balances",
  status: extra.status ?? 200,
  headers: { "content-type": "application/json", "x-request-id": "99391c7e-ad88-49ec-a2ad-99ddcb1f7721", ...extra.headers },
  body: JSON.stringify(body),
  checkRequiredHeaders: true,
});
const balance = { balanceAmount: { currency: "EUR", amount: "-12.30" }, balanceType: "closingBooked", referenceDate: "2026-03-03" };

// The acceptance tests rely on this check; it must be able to fail.
describe.skipIf(!HAVE_SPEC)("the OpenAPI response check", () => {
  it("accepts a conforming balances answer", () => {
    expect(specValidator().problems(ok({ balances: [balance] }))).toEqual([]);
  });

  it("rejects wrong bodies, statuses, media types and missing headers", () => {
    const v = specValidator();
    expect(v.problems(ok({ balances: [{ ...balance, balanceType: "closing" }] })).join()).toMatch(/allowed values/);
    expect(v.problems(ok({ balances: [{ ...balance, balanceAmount: { currency: "EUR" } }] })).join()).toMatch(/amount/);
    expect(v.problems(ok({ balances: [{ ...balance, referenceDate: "03.03.2026" }] })).join()).toMatch(/format/);
    expect(v.problems(ok({ account: {} })).join()).toMatch(/balances/);
    expect(v.problems(ok({ balances: [] }, { status: 418 })).join()).toMatch(/not declared/);
    expect(v.problems(ok({ balances: [] }, { headers: { "content-type": "text/plain" } })).join()).toMatch(/content type/);
    expect(v.problems({ ...ok({ balances: [] }), headers: { "content-type": "application/json" } }).join()).toMatch(/X-Request-ID/);
    expect(v.problems({ ...ok({}), status: 204, method: "DELETE", path: "/v1/consents/x" }).join()).toMatch(/no body/);
    expect(v.problems({ ...ok({}), path: "/v2/nothing" }).join()).toMatch(/no such operation/);
  });

  it("resolves nested $refs (error answers, transaction lists)", () => {
    const v = specValidator();
    const error = { tppMessages: [{ category: "ERROR", code: "ACCESS_EXCEEDED", text: "x" }] };
    expect(v.problems({ ...ok(error), status: 429 })).toEqual([]);
    expect(v.problems({ ...ok({ tppMessages: [{ category: "FATAL", code: "X" }] }), status: 429 }).join()).toMatch(/allowed values/);
    // The spec's patterns are unanchored ("-?[0-9]{1,14}…" accepts "1,00"), so only a digit-free amount fails.
    const report = {
      account: { iban: "DE89370400440532013000" },
      transactions: {
        booked: [{ transactionAmount: { currency: "EUR", amount: "n/a" } }],
        _links: { account: { href: "/v1/accounts/abc" } },
      },
    };
    expect(v.problems({ ...ok(report), path: "/v1/accounts/abc/transactions" }).join()).toMatch(/pattern/);
  });
});
