import { addDays, type IsoDate } from "@bankbridge/hub/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SandboxAccount, SandboxTransaction } from "../ledger/ledger-types.js";
import type {
  AccountBody,
  AccountList,
  BalancesBody,
  ErrorBody,
  TransactionDetailsBody,
  TransactionReport,
} from "./test-support/psd2-bodies.js";
import { HAVE_SPEC, type Psd2Fixture, startPsd2Fixture, type TestResponse } from "./test-support/psd2-fixture.js";

const HOUR = 3_600_000;
const PSU_PRESENT = { "PSU-IP-Address": "192.0.2.10" };
const cents = (amount: string): bigint => {
  const [whole = "0", frac = ""] = amount.replace("-", "").split(".");
  const v = BigInt(whole) * 100n + BigInt(frac.padEnd(2, "0"));
  return amount.startsWith("-") ? -v : v;
};

describe.skipIf(!HAVE_SPEC)("PSD2 accounts, balances and transactions (every /v1 response validated against the spec)", () => {
  let f: Psd2Fixture;
  let consentId: string;
  let accounts: { account: SandboxAccount; resourceId: string }[];
  beforeAll(async () => {
    f = await startPsd2Fixture({ historyDays: 50 });
    consentId = await f.validConsent();
    const list = await get<AccountList>("/v1/accounts");
    accounts = list.body.accounts.map((a) => ({
      account: f.ledger.accounts("eubank").find((x) => (x.iban ?? x.id) === a.iban) as SandboxAccount,
      resourceId: a.resourceId,
    }));
  });
  afterAll(() => f?.close());

  const get = <T = unknown>(path: string, headers: Record<string, string> = {}): Promise<TestResponse<T>> =>
    f.call<T>("GET", path, { headers: { "Consent-ID": consentId, ...PSU_PRESENT, ...headers } });
  const today = (): IsoDate => f.ledger.today("eubank");
  const txPath = (i: number, query: Record<string, string>) =>
    `/v1/accounts/${accounts[i]?.resourceId}/transactions?${new URLSearchParams(query)}`;

  /** Follows `_links.next` from `first`, checking the other links on the way; returns every page. */
  async function allPages(first: string): Promise<TestResponse<TransactionReport>[]> {
    const pages: TestResponse<TransactionReport>[] = [];
    let href: string | undefined = first;
    while (href !== undefined) {
      const page: TestResponse<TransactionReport> = await get<TransactionReport>(href);
      expect(page.status).toBe(200);
      pages.push(page);
      const links = page.body.transactions._links ?? {};
      if (pages.length > 1) expect(links.previous).toBeDefined();
      else expect(links.previous).toBeUndefined();
      href = links.next?.href;
      expect(pages.length).toBeLessThan(100);
    }
    const last = pages[pages.length - 1]?.body.transactions._links;
    expect(last?.last?.href).toContain(`pageIndex=${pages.length - 1}`);
    return pages;
  }

  it("lists the bank's IBAN accounts with resource ids, balances and links", async () => {
    const list = await get<AccountList>("/v1/accounts?withBalance=true");
    expect(list.body.accounts.map((a) => a.iban)).toEqual(f.ledger.accounts("eubank").map((a) => a.iban ?? a.id));
    for (const a of list.body.accounts) {
      expect(a.balances?.map((b) => b.balanceType)).toEqual(["closingBooked", "interimBooked", "interimAvailable", "expected"]);
      expect(a._links?.transactions?.href).toBe(`/v1/accounts/${a.resourceId}/transactions`);
    }
    const one = await get<AccountBody>(`/v1/accounts/${accounts[0]?.resourceId}`);
    expect(one.body.account.iban).toBe(accounts[0]?.account.iban);
    const unknown = await get<ErrorBody>("/v1/accounts/00000000-0000-0000-0000-000000000000");
    expect(unknown.status).toBe(404);
    expect(unknown.body.tppMessages[0]?.code).toBe("RESOURCE_UNKNOWN");
  });

  it("reports balances that agree with the ledger", async () => {
    const { account, resourceId } = accounts[0] as { account: SandboxAccount; resourceId: string };
    const res = await get<BalancesBody>(`/v1/accounts/${resourceId}/balances`);
    const byType = Object.fromEntries(res.body.balances.map((b) => [b.balanceType, b]));
    const truth = f.ledger.balances(account.id);
    expect(cents(byType.interimBooked?.balanceAmount.amount ?? "")).toBe(truth.online);
    expect(cents(byType.interimAvailable?.balanceAmount.amount ?? "")).toBe(truth.available);
    expect(cents(byType.closingBooked?.balanceAmount.amount ?? "")).toBe(truth.previousDay);
    expect(byType.closingBooked?.referenceDate).toBe(addDays(today(), -1));
    expect(byType.interimBooked?.referenceDate).toBe(today());
  });

  it("pages via _links.next through every booked transaction in the range exactly once, summing to the balance movement", async () => {
    for (const [i, { account }] of accounts.entries()) {
      const dateFrom = addDays(today(), -45);
      const dateTo = addDays(today(), -1);
      const pages = await allPages(txPath(i, { bookingStatus: "booked", dateFrom, dateTo, itemsPerPage: "7" }));
      expect(pages.length).toBeGreaterThan(1);
      const booked = pages.flatMap((p) => p.body.transactions.booked ?? []);
      for (const p of pages) expect(p.body.transactions.pending).toBeUndefined();
      const ids = booked.map((t) => t.transactionId);
      const truth = f.ledger.transactions(account.id, { from: dateFrom, to: dateTo, status: "booked" });
      expect(ids).toEqual(truth.map((t) => t.id));
      expect(new Set(ids).size).toBe(ids.length);
      const sum = booked.reduce((s, t) => s + cents(t.transactionAmount.amount), 0n);
      const [startDay] = f.ledger.dailyBalances(account.id, dateFrom, dateFrom);
      const [endDay] = f.ledger.dailyBalances(account.id, dateTo, dateTo);
      expect(sum).toBe((endDay?.closingBooked ?? 0n) - (startDay?.previousDay ?? 0n));
      const lastAfter = booked[booked.length - 1]?.balanceAfterTransaction?.balanceAmount.amount ?? "";
      expect(cents(lastAfter)).toBe(endDay?.closingBooked);
      // The API's own closingBooked (yesterday) closes the same movement.
      const balances = await get<BalancesBody>(`/v1/accounts/${accounts[i]?.resourceId}/balances`);
      const closing = balances.body.balances.find((b) => b.balanceType === "closingBooked");
      expect(cents(closing?.balanceAmount.amount ?? "")).toBe(endDay?.closingBooked);
    }
  });

  it("shows open card authorisations under pending, and their settlement as a new booked id", async () => {
    const openAt = (): SandboxTransaction[] =>
      accounts.flatMap(({ account }) => f.ledger.transactions(account.id, { status: "pending" }).filter((t) => t.releasedAt === undefined));
    let open = openAt();
    for (let i = 0; i < 10 && open.length === 0; i++) {
      f.clock.advance(12 * HOUR);
      open = openAt();
    }
    expect(open.length).toBeGreaterThan(0);
    const index = (tx: SandboxTransaction) => accounts.findIndex((a) => a.account.id === tx.accountId);
    const dateFrom = addDays(today(), -10);
    for (const auth of open) {
      const res = await allPages(txPath(index(auth), { bookingStatus: "both", dateFrom }));
      const pending = res.flatMap((p) => p.body.transactions.pending ?? []);
      const booked = res.flatMap((p) => p.body.transactions.booked ?? []);
      const shown = pending.find((t) => t.transactionId === auth.id);
      expect(shown?.transactionAmount.amount).toMatch(/^-\d+\.\d\d$/);
      expect(shown?.bookingDate).toBeUndefined();
      expect(booked.some((t) => t.transactionId === auth.id)).toBe(false);
    }
    const settlementOf = (auth: SandboxTransaction) =>
      f.ledger.transactions(auth.accountId, { status: "booked" }).find((t) => t.authorisationId === auth.id);
    for (let i = 0; i < 20 && !open.some((a) => settlementOf(a) !== undefined); i++) f.clock.advance(12 * HOUR);
    const auth = open.find((a) => settlementOf(a) !== undefined) as SandboxTransaction;
    expect(auth).toBeDefined();
    const settlement = settlementOf(auth) as SandboxTransaction;
    expect(settlement.id).not.toBe(auth.id);
    const after = await allPages(txPath(index(auth), { bookingStatus: "both", dateFrom }));
    const pending = after.flatMap((p) => p.body.transactions.pending ?? []);
    const booked = after.flatMap((p) => p.body.transactions.booked ?? []);
    expect(pending.some((t) => t.transactionId === auth.id)).toBe(false);
    const settled = booked.find((t) => t.transactionId === settlement.id);
    expect(settled?.additionalInformation).toContain(auth.id);
    expect(cents(settled?.transactionAmount.amount ?? "")).toBe(settlement.amount);
    const detail = await get<TransactionDetailsBody>(settled?._links?.transactionDetails?.href ?? "");
    expect(detail.body.transactionsDetails.transactionId).toBe(settlement.id);
  });

  it("delivers a delta with deltaList and entryReferenceFrom", async () => {
    const first = await get<TransactionReport>(txPath(0, { bookingStatus: "booked", dateFrom: addDays(today(), -3) }));
    const seen = first.body.transactions.booked ?? [];
    const lastRef = seen[seen.length - 1]?.entryReference ?? "";
    const nothingNew = await get<TransactionReport>(txPath(0, { bookingStatus: "booked", deltaList: "true" }));
    expect(nothingNew.body.transactions.booked).toEqual([]);
    f.clock.advance(24 * HOUR);
    const account = accounts[0]?.account as SandboxAccount;
    const fresh = f.ledger.transactions(account.id, { status: "booked" });
    const expected = fresh.slice(fresh.findIndex((t) => t.id === lastRef) + 1).map((t) => t.id);
    const delta = await get<TransactionReport>(txPath(0, { bookingStatus: "booked", deltaList: "true", itemsPerPage: "500" }));
    expect(delta.body.transactions.booked?.map((t) => t.transactionId)).toEqual(expected);
    const byRef = await get<TransactionReport>(txPath(0, { bookingStatus: "booked", entryReferenceFrom: lastRef, itemsPerPage: "500" }));
    expect(byRef.body.transactions.booked?.map((t) => t.transactionId)).toEqual(expected);
  });

  it("refuses bad transaction queries with the Berlin Group codes", async () => {
    const code = async (query: Record<string, string>, status: number) => {
      const res = await get<ErrorBody>(txPath(0, query));
      expect(res.status).toBe(status);
      return res.body.tppMessages[0]?.code;
    };
    const dateFrom = addDays(today(), -5);
    expect(await code({ bookingStatus: "information", dateFrom }, 400)).toBe("PARAMETER_NOT_SUPPORTED");
    expect(await code({ bookingStatus: "all", dateFrom }, 400)).toBe("PARAMETER_NOT_SUPPORTED");
    expect(await code({ bookingStatus: "everything", dateFrom }, 400)).toBe("FORMAT_ERROR");
    expect(await code({ dateFrom }, 400)).toBe("FORMAT_ERROR");
    expect(await code({ bookingStatus: "booked" }, 400)).toBe("FORMAT_ERROR");
    expect(await code({ bookingStatus: "booked", dateFrom, dateTo: addDays(dateFrom, -1) }, 400)).toBe("PERIOD_INVALID");
    expect(await code({ bookingStatus: "booked", dateFrom: "yesterday" }, 400)).toBe("FORMAT_ERROR");
    expect(await code({ bookingStatus: "booked", dateFrom, itemsPerPage: "0" }, 400)).toBe("FORMAT_ERROR");
    expect(await code({ bookingStatus: "booked", deltaList: "true", entryReferenceFrom: "x" }, 400)).toBe("PARAMETER_NOT_CONSISTENT");
    const missing = await f.call("GET", txPath(0, { bookingStatus: "booked", dateFrom }));
    expect(missing.status).toBe(400);
    const unknownTx = await get(`/v1/accounts/${accounts[0]?.resourceId}/transactions/NOPE`);
    expect(unknownTx.status).toBe(404);
    const xml = await get<ErrorBody>(txPath(0, { bookingStatus: "booked", dateFrom }), { Accept: "application/xml" });
    expect(xml.status).toBe(406);
    expect(xml.body.tppMessages[0]?.code).toBe("REQUESTED_FORMATS_INVALID");
  });

  it("refuses an account outside the consent with 401 CONSENT_INVALID", async () => {
    const [a, b] = accounts;
    if (a === undefined || b === undefined) throw new Error("the euro bank needs two accounts for this test");
    const narrow = await f.validConsent({
      access: { accounts: [{ iban: a.account.iban }], balances: [], transactions: [{ iban: a.account.iban }] },
      recurringIndicator: true,
      validUntil: addDays(today(), 5),
      frequencyPerDay: 4,
      combinedServiceIndicator: false,
    });
    const headers = { "Consent-ID": narrow, ...PSU_PRESENT };
    const own = await f.call("GET", `/v1/accounts/${a.resourceId}/transactions?bookingStatus=booked&dateFrom=${today()}`, { headers });
    expect(own.status).toBe(200);
    const balances = await f.call("GET", `/v1/accounts/${a.resourceId}/balances`, { headers });
    expect(balances.status).toBe(401);
    const other = await f.call<ErrorBody>("GET", `/v1/accounts/${b.resourceId}`, { headers });
    expect(other.status).toBe(401);
    expect(other.body.tppMessages[0]?.code).toBe("CONSENT_INVALID");
    const list = await f.call<AccountList>("GET", "/v1/accounts", { headers });
    expect(list.body.accounts).toHaveLength(1);
    expect(list.body.accounts[0]?._links?.balances).toBeUndefined();
  });
});
