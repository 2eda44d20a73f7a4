import { addDays } from "@bankbridge/hub/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AccountList, ErrorBody } from "./test-support/psd2-bodies.js";
import { HAVE_SPEC, type Psd2Fixture, startPsd2Fixture } from "./test-support/psd2-fixture.js";

const DAY = 86_400_000;

describe.skipIf(!HAVE_SPEC)("PSD2 unattended access limit (frequencyPerDay)", () => {
  let f: Psd2Fixture;
  beforeAll(async () => {
    f = await startPsd2Fixture({ historyDays: 20 });
  });
  afterAll(() => f?.close());

  it("answers the fifth unattended transactions call of the day with 429 ACCESS_EXCEEDED, serves it with PSU-IP-Address, and resets the next bank day", async () => {
    const consentId = await f.validConsent();
    const list = await f.call<AccountList>("GET", "/v1/accounts", { headers: { "Consent-ID": consentId, "PSU-IP-Address": "192.0.2.10" } });
    const resourceId = list.body.accounts[0]?.resourceId;
    const path = `/v1/accounts/${resourceId}/transactions?bookingStatus=booked&dateFrom=${addDays(f.ledger.today("eubank"), -7)}`;
    const unattended = <T = unknown>() => f.call<T>("GET", path, { headers: { "Consent-ID": consentId } });

    for (let i = 1; i <= 4; i++) expect((await unattended()).status, `call ${i}`).toBe(200);
    const fifth = await unattended<ErrorBody>();
    expect(fifth.status).toBe(429);
    expect(fifth.body.tppMessages).toHaveLength(1);
    expect(fifth.body.tppMessages[0]).toMatchObject({ category: "ERROR", code: "ACCESS_EXCEEDED" });

    const present = await f.call("GET", path, { headers: { "Consent-ID": consentId, "PSU-IP-Address": "192.0.2.10" } });
    expect(present.status).toBe(200);
    expect((await unattended()).status).toBe(429);

    // The counter is per endpoint: balances still has its own four.
    const balances = await f.call("GET", `/v1/accounts/${resourceId}/balances`, { headers: { "Consent-ID": consentId } });
    expect(balances.status).toBe(200);

    // Follow-up pages do not count.
    const paged = await f.call("GET", `${path}&itemsPerPage=1&pageIndex=1`, { headers: { "Consent-ID": consentId } });
    expect(paged.status).toBe(200);

    f.clock.advance(DAY);
    for (let i = 1; i <= 4; i++) expect((await unattended()).status, `next day, call ${i}`).toBe(200);
    expect((await unattended()).status).toBe(429);
  });

  it("counts a one-off consent even when the PSU is present", async () => {
    const refs = f.ledger.accounts("eubank").map((a) => ({ iban: a.iban ?? a.id }));
    const consentId = await f.validConsent({
      access: { accounts: refs, balances: refs, transactions: refs },
      recurringIndicator: false,
      validUntil: f.ledger.today("eubank"),
      frequencyPerDay: 1,
      combinedServiceIndicator: false,
    });
    const headers = { "Consent-ID": consentId, "PSU-IP-Address": "192.0.2.10" };
    expect((await f.call("GET", "/v1/accounts", { headers })).status).toBe(200);
    const second = await f.call<ErrorBody>("GET", "/v1/accounts", { headers });
    expect(second.status).toBe(429);
    expect(second.body.tppMessages[0]?.code).toBe("ACCESS_EXCEEDED");
  });
});
