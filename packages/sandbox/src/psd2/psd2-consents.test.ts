import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type {
  AccountList,
  AuthorisationList,
  AuthorisationStarted,
  ConsentCreated,
  ConsentInfo,
  ConsentStatusBody,
  ErrorBody,
  ScaStatusBody,
} from "./test-support/psd2-bodies.js";
import { allAccountsConsentBody, HAVE_SPEC, type Psd2Fixture, startPsd2Fixture } from "./test-support/psd2-fixture.js";

const DAY = 86_400_000;
const form = (fields: Record<string, string>) => ({
  raw: new URLSearchParams(fields).toString(),
  headers: { "Content-Type": "application/x-www-form-urlencoded" },
});

describe.skipIf(!HAVE_SPEC)("PSD2 consents (every /v1 response validated against the Berlin Group spec)", () => {
  let f: Psd2Fixture;
  let psu: { psuId: string; password: string; otp: string };
  beforeAll(async () => {
    f = await startPsd2Fixture();
    const c = f.service.endpoint.credentials;
    psu = { psuId: c.psuId ?? "", password: c.psuPassword ?? "", otp: c.psuOtp ?? "" };
  });
  afterAll(() => f?.close());

  const today = () => f.ledger.today("eubank");
  const ibans = () => f.ledger.accounts("eubank").map((a) => a.iban ?? a.id);

  it("creates a consent as received with redirect, status, scaStatus and self links", async () => {
    const res = await f.call<ConsentCreated>("POST", "/v1/consents", { json: allAccountsConsentBody(f.ledger, today()) });
    expect(res.status).toBe(201);
    expect(res.headers["aspsp-sca-approach"]).toBe("REDIRECT");
    expect(res.headers.location).toBe(`${f.origin}/v1/consents/${res.body.consentId}`);
    expect(res.body.consentStatus).toBe("received");
    const links = res.body._links;
    expect(links.scaRedirect.href).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/sca\/consents\//);
    expect(links.status.href).toBe(`/v1/consents/${res.body.consentId}/status`);
    const sca = await f.call<ScaStatusBody>("GET", links.scaStatus.href);
    expect(sca.body).toEqual({ scaStatus: "received" });
    const auths = await f.call<AuthorisationList>("GET", `/v1/consents/${res.body.consentId}/authorisations`);
    expect(auths.body.authorisationIds).toHaveLength(1);
    // Not yet authorised: AIS calls are refused.
    const early = await f.call<ErrorBody>("GET", "/v1/accounts", { headers: { "Consent-ID": res.body.consentId } });
    expect(early.status).toBe(401);
    expect(early.body.tppMessages[0]?.code).toBe("CONSENT_INVALID");
  });

  it("moves received → valid through the authorisation page, with scaStatus finalised", async () => {
    const created = await f.call<ConsentCreated>("POST", "/v1/consents", { json: allAccountsConsentBody(f.ledger, today()) });
    const page = await f.call("GET", created.body._links.scaRedirect.href);
    expect(page.status).toBe(200);
    expect(page.headers["content-type"]).toMatch(/^text\/html/);
    for (const iban of ibans()) expect(page.text).toContain(iban);
    const wrong = await f.call("POST", created.body._links.scaRedirect.href, form({ ...psu, otp: "000000", action: "approve" }));
    expect(wrong.status).toBe(401);
    expect((await f.call<ConsentStatusBody>("GET", created.body._links.status.href)).body.consentStatus).toBe("received");
    const ok = await f.call("POST", created.body._links.scaRedirect.href, form({ ...psu, action: "approve" }));
    expect(ok.status).toBe(200);
    expect(ok.text).toContain('data-consent-status="valid"');
    expect((await f.call("GET", created.body._links.status.href)).body).toEqual({ consentStatus: "valid" });
    expect((await f.call("GET", created.body._links.scaStatus.href)).body).toEqual({ scaStatus: "finalised" });
    const again = await f.call("POST", created.body._links.scaRedirect.href, form({ ...psu, action: "approve" }));
    expect(again.status).toBe(409);
  });

  it("approves with GET ?approve=1 and redirects to TPP-Redirect-URI; rejecting goes to TPP-Nok-Redirect-URI", async () => {
    const headers = { "TPP-Redirect-URI": "https://tpp.example/ok", "TPP-Nok-Redirect-URI": "https://tpp.example/nok" };
    const a = await f.call<ConsentCreated>("POST", "/v1/consents", { json: allAccountsConsentBody(f.ledger, today()), headers });
    const q = new URLSearchParams({ ...psu, approve: "1" });
    const approved = await f.call("GET", `${a.body._links.scaRedirect.href}?${q}`);
    expect(approved.status).toBe(302);
    expect(approved.headers.location).toBe("https://tpp.example/ok");
    expect((await f.call<ConsentStatusBody>("GET", a.body._links.status.href)).body.consentStatus).toBe("valid");

    const b = await f.call<ConsentCreated>("POST", "/v1/consents", { json: allAccountsConsentBody(f.ledger, today()), headers });
    const rejected = await f.call(
      "POST",
      b.body._links.scaRedirect.href,
      form({ psuId: psu.psuId, password: psu.password, action: "reject" }),
    );
    expect(rejected.headers.location).toBe("https://tpp.example/nok");
    expect((await f.call<ConsentStatusBody>("GET", b.body._links.status.href)).body.consentStatus).toBe("rejected");
    expect((await f.call<ScaStatusBody>("GET", b.body._links.scaStatus.href)).body.scaStatus).toBe("failed");
  });

  it("caps validUntil at 90 days and frequencyPerDay at 4, and reports both", async () => {
    const body = { ...(allAccountsConsentBody(f.ledger, today()) as object), validUntil: "2099-12-31", frequencyPerDay: 10 };
    const res = await f.call<ConsentCreated>("POST", "/v1/consents", { json: body });
    expect(res.status).toBe(201);
    expect(res.body.tppMessages?.map((m) => m.text).join(" ")).toMatch(/frequencyPerDay reduced from 10 to 4.*validUntil reduced/);
    const info = await f.call<ConsentInfo>("GET", `/v1/consents/${res.body.consentId}`);
    expect(info.body.frequencyPerDay).toBe(4);
    const cap = new Date(Date.parse(today()) + 90 * DAY).toISOString().slice(0, 10);
    expect(info.body.validUntil).toBe(cap);
    expect(info.body.recurringIndicator).toBe(true);
    expect(info.body.consentStatus).toBe("received");
    expect(info.body.access.transactions?.map((r) => r.iban)).toEqual(ibans());
  });

  it("refuses malformed consent requests with the Berlin Group codes", async () => {
    const good = allAccountsConsentBody(f.ledger, today()) as Record<string, unknown>;
    const code = async (json: unknown, status: number) => {
      const res = await f.call<ErrorBody>("POST", "/v1/consents", { json });
      expect(res.status).toBe(status);
      return res.body.tppMessages[0]?.code;
    };
    expect(await code({ ...good, frequencyPerDay: 0 }, 400)).toBe("FORMAT_ERROR");
    expect(await code({ ...good, validUntil: "2020-01-01" }, 400)).toBe("PERIOD_INVALID");
    expect(await code({ ...good, validUntil: "soon" }, 400)).toBe("FORMAT_ERROR");
    expect(await code({ ...good, combinedServiceIndicator: true }, 400)).toBe("SESSIONS_NOT_SUPPORTED");
    expect(await code({ ...good, access: { accounts: [{ iban: "DE89370400440532013000" }] } }, 400)).toBe("RESOURCE_UNKNOWN");
    expect(await code({ ...good, access: {} }, 400)).toBe("FORMAT_ERROR");
    const notJson = await f.call("POST", "/v1/consents", { raw: "{not json", headers: { "Content-Type": "application/json" } });
    expect(notJson.status).toBe(400);
    const wrongType = await f.call("POST", "/v1/consents", { raw: "a=b", headers: { "Content-Type": "text/plain" } });
    expect(wrongType.status).toBe(415);
  });

  it("requires X-Request-ID as a UUID on every API call and echoes it", async () => {
    const none = await f.call<ErrorBody>("GET", "/v1/consents/nope/status", { requestId: null });
    expect(none.status).toBe(400);
    expect(none.body.tppMessages[0]).toMatchObject({ category: "ERROR", code: "FORMAT_ERROR", path: "X-Request-ID" });
    const bad = await f.call("GET", "/v1/consents/nope/status", { requestId: "not-a-uuid", unchecked: true });
    expect(bad.status).toBe(400);
    expect(bad.headers["x-request-id"]).toBeUndefined();
    const unknown = await f.call<ErrorBody>("GET", "/v1/consents/nope/status");
    expect(unknown.status).toBe(403);
    expect(unknown.body.tppMessages[0]?.code).toBe("CONSENT_UNKNOWN");
  });

  it("answers 405 SERVICE_INVALID for a method the resource does not allow", async () => {
    const res = await f.call<ErrorBody>("PUT", "/v1/accounts");
    expect(res.status).toBe(405);
    expect(res.body.tppMessages[0]?.code).toBe("SERVICE_INVALID");
  });

  it("refuses a consent the TPP deleted (terminatedByTpp) or the PSU revoked (revokedByPsu)", async () => {
    const deleted = await f.validConsent();
    const del = await f.call("DELETE", `/v1/consents/${deleted}`);
    expect(del.status).toBe(204);
    expect((await f.call<ConsentStatusBody>("GET", `/v1/consents/${deleted}/status`)).body.consentStatus).toBe("terminatedByTpp");
    const afterDelete = await f.call<ErrorBody>("GET", "/v1/accounts", { headers: { "Consent-ID": deleted } });
    expect(afterDelete.status).toBe(401);
    expect(afterDelete.body.tppMessages[0]?.code).toBe("CONSENT_INVALID");

    const revoked = await f.validConsent();
    expect((await f.call("GET", "/v1/accounts", { headers: { "Consent-ID": revoked } })).status).toBe(200);
    const page = await f.call("POST", `/sca/psu/consents/${revoked}`, form({ psuId: psu.psuId, password: psu.password }));
    expect(page.status).toBe(200);
    expect((await f.call<ConsentInfo>("GET", `/v1/consents/${revoked}`)).body.consentStatus).toBe("revokedByPsu");
    const afterRevoke = await f.call<ErrorBody>("GET", "/v1/accounts", { headers: { "Consent-ID": revoked } });
    expect(afterRevoke.status).toBe(401);
    expect(afterRevoke.body.tppMessages[0]?.code).toBe("CONSENT_INVALID");
  });

  it("expires a consent after its validUntil on the simulated bank day", async () => {
    const until = new Date(Date.parse(today()) + 2 * DAY).toISOString().slice(0, 10);
    const id = await f.validConsent({ ...(allAccountsConsentBody(f.ledger, today()) as object), validUntil: until });
    const account = f.ledger.accounts("eubank")[0];
    const call = <T = unknown>() => f.call<T>("GET", "/v1/accounts", { headers: { "Consent-ID": id, "PSU-IP-Address": "192.0.2.10" } });
    expect((await call()).status).toBe(200);
    f.clock.advance(2 * DAY);
    expect(f.ledger.today("eubank")).toBe(until);
    expect((await call()).status).toBe(200); // the last day is still inside
    f.clock.advance(DAY);
    const expired = await call<ErrorBody>();
    expect(expired.status).toBe(401);
    expect(expired.body.tppMessages[0]?.code).toBe("CONSENT_EXPIRED");
    expect((await f.call<ConsentStatusBody>("GET", `/v1/consents/${id}/status`)).body.consentStatus).toBe("expired");
    expect(account).toBeDefined();
  });

  it("limits an availableAccounts consent to the account list (one-off, no balances or transactions)", async () => {
    const id = await f.validConsent({
      access: { availableAccounts: "allAccountsWithOwnerName" },
      recurringIndicator: true,
      validUntil: today(),
      frequencyPerDay: 4,
      combinedServiceIndicator: false,
    });
    const info = await f.call<ConsentInfo>("GET", `/v1/consents/${id}`);
    expect(info.body).toMatchObject({
      recurringIndicator: false,
      frequencyPerDay: 1,
      access: { availableAccounts: "allAccountsWithOwnerName" },
    });
    const list = await f.call<AccountList>("GET", "/v1/accounts", { headers: { "Consent-ID": id } });
    expect(list.body.accounts.map((a) => a.iban)).toEqual(ibans());
    expect(list.body.accounts[0]?.ownerName).toBeTruthy();
    expect(list.body.accounts[0]?._links).toBeUndefined();
    const balances = await f.call<ErrorBody>("GET", `/v1/accounts/${list.body.accounts[0]?.resourceId}/balances`, {
      headers: { "Consent-ID": id },
    });
    expect(balances.status).toBe(401);
    expect(balances.body.tppMessages[0]?.code).toBe("CONSENT_INVALID");
  });
  it("starts a further authorisation with POST …/authorisations; approving on its page makes the consent valid", async () => {
    const created = await f.call<ConsentCreated>("POST", "/v1/consents", { json: allAccountsConsentBody(f.ledger, today()) });
    const id = created.body.consentId;
    const empty = await f.call<AuthorisationStarted>("POST", `/v1/consents/${id}/authorisations`);
    expect(empty.status).toBe(201);
    expect(empty.headers["aspsp-sca-approach"]).toBe("REDIRECT");
    expect(empty.body.scaStatus).toBe("received");
    const started = await f.call<AuthorisationStarted>("POST", `/v1/consents/${id}/authorisations`, {
      json: {},
      headers: { "TPP-Redirect-URI": "https://tpp.example/second" },
    });
    expect(started.status).toBe(201);
    const authorisationId = started.body.authorisationId;
    expect(started.body._links.scaRedirect.href).toBe(`${f.origin}/sca/consents/${id}/${authorisationId}`);
    expect(started.body._links.scaStatus.href).toBe(`/v1/consents/${id}/authorisations/${authorisationId}`);
    const listed = await f.call<AuthorisationList>("GET", `/v1/consents/${id}/authorisations`);
    expect(listed.body.authorisationIds).toHaveLength(3);
    expect(listed.body.authorisationIds).toContain(authorisationId);
    expect(listed.body.authorisationIds).toContain(empty.body.authorisationId);

    const approved = await f.call("POST", started.body._links.scaRedirect.href, form({ ...psu, action: "approve" }));
    expect(approved.status).toBe(302);
    expect(approved.headers.location).toBe("https://tpp.example/second");
    expect((await f.call("GET", `/v1/consents/${id}/status`)).body).toEqual({ consentStatus: "valid" });
    expect((await f.call("GET", started.body._links.scaStatus.href)).body).toEqual({ scaStatus: "finalised" });
    expect((await f.call("GET", created.body._links.scaStatus.href)).body).toEqual({ scaStatus: "received" });
    expect((await f.call("GET", "/v1/accounts", { headers: { "Consent-ID": id } })).status).toBe(200);

    const late = await f.call<ErrorBody>("POST", `/v1/consents/${id}/authorisations`);
    expect(late.status).toBe(409);
    expect(late.body.tppMessages[0]?.code).toBe("STATUS_INVALID");
    const viaFirstPage = await f.call("POST", created.body._links.scaRedirect.href, form({ ...psu, action: "approve" }));
    expect(viaFirstPage.status).toBe(409);
  });

  it("refuses to start an authorisation with PSU data, for an unknown consent, or for a rejected one", async () => {
    const created = await f.call<ConsentCreated>("POST", "/v1/consents", { json: allAccountsConsentBody(f.ledger, today()) });
    const id = created.body.consentId;
    const embedded = await f.call<ErrorBody>("POST", `/v1/consents/${id}/authorisations`, { json: { psuData: { password: "x" } } });
    expect(embedded.status).toBe(400);
    expect(embedded.body.tppMessages[0]?.code).toBe("FORMAT_ERROR");
    const unknown = await f.call<ErrorBody>("POST", "/v1/consents/nope/authorisations");
    expect(unknown.status).toBe(403);
    expect(unknown.body.tppMessages[0]?.code).toBe("CONSENT_UNKNOWN");
    await f.call("POST", created.body._links.scaRedirect.href, form({ psuId: psu.psuId, password: psu.password, action: "reject" }));
    const rejected = await f.call<ErrorBody>("POST", `/v1/consents/${id}/authorisations`, { json: {} });
    expect(rejected.status).toBe(409);
    expect(rejected.body.tppMessages[0]?.code).toBe("STATUS_INVALID");
  });

  it("expires the PSU's previous recurring consent once a new recurring one is authorised", async () => {
    const old = await f.validConsent();
    const accounts = <T = unknown>(id: string) =>
      f.call<T>("GET", "/v1/accounts", { headers: { "Consent-ID": id, "PSU-IP-Address": "192.0.2.10" } });
    expect((await accounts(old)).status).toBe(200);

    // A one-off consent and a recurring one still awaiting the PSU leave the old one alone.
    await f.validConsent({ ...(allAccountsConsentBody(f.ledger, today()) as object), recurringIndicator: false });
    const pending = await f.call<ConsentCreated>("POST", "/v1/consents", { json: allAccountsConsentBody(f.ledger, today()) });
    expect((await accounts(old)).status).toBe(200);

    const approved = await f.call("POST", pending.body._links.scaRedirect.href, form({ ...psu, action: "approve" }));
    expect(approved.status).toBe(200);
    expect((await f.call("GET", `/v1/consents/${old}/status`)).body).toEqual({ consentStatus: "expired" });
    const refused = await accounts<ErrorBody>(old);
    expect(refused.status).toBe(401);
    expect(refused.body.tppMessages[0]?.code).toBe("CONSENT_EXPIRED");
    expect(refused.body.tppMessages[0]?.text).toContain(pending.body.consentId);
    expect((await accounts(pending.body.consentId)).status).toBe(200);
  });
});
