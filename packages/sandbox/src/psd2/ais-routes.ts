/**
 * The account information endpoints: `GET /v1/accounts`, `/v1/accounts/{accountId}`, `…/balances`,
 * `…/transactions` (paged, with `_links`) and `…/transactions/{transactionId}`.
 *
 * Every call names its consent in `Consent-ID`; the order of checks is: consent known (403
 * CONSENT_UNKNOWN), account known (404 RESOURCE_UNKNOWN), parameters (400), consent valid, covering the
 * resource, and within its daily allowance (401 CONSENT_INVALID / CONSENT_EXPIRED, 429 ACCESS_EXCEEDED).
 *
 * @module
 */
import { addDays, type IsoDate, tryIsoDate } from "@bankbridge/hub/core";
import type { SandboxAccount, SandboxTransaction } from "../ledger/ledger-types.js";
import {
  accountDetails,
  accountReference,
  balanceList,
  entryReferenceOf,
  type Json,
  resourceIdOf,
  transactionJson,
} from "./ais-mapping.js";
import type { Consent, ConsentGrant } from "./consent-store.js";
import { formatError, Psd2Error } from "./psd2-errors.js";
import { header, type Psd2Environment, type Psd2Reply, type Psd2Request, type Psd2Route } from "./psd2-http.js";

/** The AIS routes. */
export const aisRoutes: readonly Psd2Route[] = [
  { method: "GET", template: "/v1/accounts", operation: "accounts", kind: "api", handler: listAccounts },
  { method: "GET", template: "/v1/accounts/{accountId}", operation: "account", kind: "api", handler: readAccount },
  { method: "GET", template: "/v1/accounts/{accountId}/balances", operation: "balances", kind: "api", handler: readBalances },
  {
    method: "GET",
    template: "/v1/accounts/{accountId}/transactions",
    operation: "transactions",
    kind: "api",
    handler: listTransactions,
  },
  {
    method: "GET",
    template: "/v1/accounts/{accountId}/transactions/{transactionId}",
    operation: "transaction",
    kind: "api",
    handler: readTransaction,
  },
];

const BOOKING_STATUSES = ["information", "booked", "pending", "both", "all"] as const;

function headerConsent(request: Psd2Request, env: Psd2Environment): Consent {
  const id = header(request, "consent-id");
  if (id === undefined || id === "") throw formatError("Consent-ID", "the Consent-ID header is required");
  const consent = env.consents.get(id, env.today());
  if (consent === undefined) throw new Psd2Error(403, "CONSENT_UNKNOWN", `no consent ${id}`, { path: "Consent-ID" });
  return consent;
}

function accountOf(request: Psd2Request, env: Psd2Environment): SandboxAccount {
  const id = request.params.accountId ?? "";
  const account = env.ledger.accounts("eubank").find((a) => resourceIdOf(a) === id);
  if (account === undefined) throw new Psd2Error(404, "RESOURCE_UNKNOWN", `no account ${id}`);
  return account;
}

/** Consent valid, covering the call, and within its allowance; counts the call. */
function admit(
  request: Psd2Request,
  env: Psd2Environment,
  consent: Consent,
  covers: (grant: ConsentGrant) => boolean,
  what: string,
  continuation = false,
): void {
  const today = env.today();
  const psuPresent = (header(request, "psu-ip-address") ?? "") !== "";
  // Status and expiry come first: an expired consent is CONSENT_EXPIRED whatever it covers.
  if (consent.status === "valid" && today <= consent.validUntil && !covers(consent.grant)) {
    throw new Psd2Error(401, "CONSENT_INVALID", `consent ${consent.id} does not cover ${what}`);
  }
  env.consents.admit(consent, { path: request.path, today, psuPresent, continuation });
}

function booleanParam(request: Psd2Request, name: string): boolean {
  const value = request.query.get(name);
  if (value === null) return false;
  if (value === "true") return true;
  if (value === "false") return false;
  throw formatError(name, `${name} must be true or false`);
}

function integerParam(request: Psd2Request, name: string, min: number, max: number, fallback: number): number {
  const value = request.query.get(name);
  if (value === null) return fallback;
  if (!/^\d{1,9}$/.test(value) || Number(value) < min || Number(value) > max) {
    throw formatError(name, `${name} must be an integer from ${min} to ${max}`);
  }
  return Number(value);
}

function dateParam(request: Psd2Request, name: string): IsoDate | undefined {
  const value = request.query.get(name);
  if (value === null) return undefined;
  const date = tryIsoDate(value);
  if (date === undefined) throw formatError(name, `${name} must be an ISO date (YYYY-MM-DD)`);
  return date;
}

function accountBalances(env: Psd2Environment, account: SandboxAccount): Json[] {
  const today = env.today();
  const openPending = openPendingOf(env, account).reduce((sum, tx) => sum + tx.amount, 0n);
  return balanceList(env.ledger.balances(account.id), openPending, today, addDays(today, -1));
}

function openPendingOf(env: Psd2Environment, account: SandboxAccount, from?: IsoDate, to?: IsoDate): SandboxTransaction[] {
  return env.ledger
    .transactions(account.id, { status: "pending", ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) })
    .filter((tx) => tx.status === "pending" && tx.releasedAt === undefined);
}

function accountLinks(account: SandboxAccount, grant: ConsentGrant): Json | undefined {
  const base = `/v1/accounts/${resourceIdOf(account)}`;
  const links: Record<string, { href: string }> = {};
  if (grant.balances.has(account.id)) links.balances = { href: `${base}/balances` };
  if (grant.transactions.has(account.id)) links.transactions = { href: `${base}/transactions` };
  return Object.keys(links).length === 0 ? undefined : links;
}

function listAccounts(request: Psd2Request, env: Psd2Environment): Psd2Reply {
  const consent = headerConsent(request, env);
  const withBalance = booleanParam(request, "withBalance");
  const g = consent.grant;
  const listOnly = g.availableAccounts ?? g.availableAccountsWithBalance;
  admit(
    request,
    env,
    consent,
    (grant) =>
      (grant.accounts.size > 0 || listOnly !== undefined) &&
      (!withBalance || grant.balances.size > 0 || grant.availableAccountsWithBalance !== undefined),
    withBalance ? "the account list with balances" : "the account list",
  );
  const accounts = env.ledger.accounts("eubank").filter((a) => listOnly !== undefined || g.accounts.has(a.id));
  return {
    status: 200,
    json: {
      accounts: accounts.map((account) => {
        const mayBalance = g.availableAccountsWithBalance !== undefined || g.balances.has(account.id);
        return accountDetails(account, env.bic, {
          ownerName: g.ownerName,
          links: listOnly === undefined ? accountLinks(account, g) : undefined,
          balances: withBalance && mayBalance ? accountBalances(env, account) : undefined,
        });
      }),
    },
  };
}

function readAccount(request: Psd2Request, env: Psd2Environment): Psd2Reply {
  const consent = headerConsent(request, env);
  const account = accountOf(request, env);
  const withBalance = booleanParam(request, "withBalance");
  admit(
    request,
    env,
    consent,
    (g) => g.accounts.has(account.id) && (!withBalance || g.balances.has(account.id)),
    withBalance ? `account ${resourceIdOf(account)} with balances` : `account ${resourceIdOf(account)}`,
  );
  return {
    status: 200,
    json: {
      account: accountDetails(account, env.bic, {
        ownerName: consent.grant.ownerName,
        links: accountLinks(account, consent.grant),
        balances: withBalance ? accountBalances(env, account) : undefined,
      }),
    },
  };
}

function readBalances(request: Psd2Request, env: Psd2Environment): Psd2Reply {
  const consent = headerConsent(request, env);
  const account = accountOf(request, env);
  admit(request, env, consent, (g) => g.balances.has(account.id), `the balances of ${resourceIdOf(account)}`);
  return { status: 200, json: { account: accountReference(account), balances: accountBalances(env, account) } };
}

function readTransaction(request: Psd2Request, env: Psd2Environment): Psd2Reply {
  const consent = headerConsent(request, env);
  const account = accountOf(request, env);
  const id = request.params.transactionId ?? "";
  const tx = env.ledger.transaction(id);
  if (tx === undefined || tx.accountId !== account.id) {
    throw new Psd2Error(404, "RESOURCE_UNKNOWN", `account ${resourceIdOf(account)} has no transaction ${id}`);
  }
  admit(request, env, consent, (g) => g.transactions.has(account.id), `the transactions of ${resourceIdOf(account)}`);
  return { status: 200, json: { transactionsDetails: transactionJson(tx, request.path) } };
}

/** How many times each page was read, for the "page changes between reads" fault. */
const pageReads = new WeakMap<Consent, Map<string, number>>();

function listTransactions(request: Psd2Request, env: Psd2Environment): Psd2Reply {
  const consent = headerConsent(request, env);
  const account = accountOf(request, env);
  const today = env.today();

  const bookingStatus = request.query.get("bookingStatus");
  if (bookingStatus === null) throw formatError("bookingStatus", "bookingStatus is required");
  if (!(BOOKING_STATUSES as readonly string[]).includes(bookingStatus)) {
    throw formatError("bookingStatus", `bookingStatus must be one of ${BOOKING_STATUSES.join(", ")}`);
  }
  if (bookingStatus === "information" || bookingStatus === "all") {
    throw new Psd2Error(400, "PARAMETER_NOT_SUPPORTED", `bookingStatus ${bookingStatus} is not supported (no standing orders)`, {
      path: "bookingStatus",
    });
  }
  const deltaList = booleanParam(request, "deltaList");
  const entryReferenceFrom = request.query.get("entryReferenceFrom") ?? undefined;
  if (deltaList && entryReferenceFrom !== undefined) {
    throw new Psd2Error(400, "PARAMETER_NOT_CONSISTENT", "deltaList and entryReferenceFrom exclude each other", {
      path: "deltaList",
    });
  }
  const dateFrom = dateParam(request, "dateFrom");
  const dateTo = dateParam(request, "dateTo") ?? today;
  const delta = deltaList || entryReferenceFrom !== undefined;
  if (dateFrom === undefined && !delta) throw formatError("dateFrom", "dateFrom is required unless a delta report is asked for");
  if (dateFrom !== undefined && !delta && dateFrom > dateTo) {
    throw new Psd2Error(400, "PERIOD_INVALID", `dateFrom ${dateFrom} is after dateTo ${dateTo}`, { path: "dateFrom" });
  }
  const withBalance = booleanParam(request, "withBalance");
  const pageIndex = integerParam(request, "pageIndex", 0, 1_000_000, 0);
  const itemsPerPage = integerParam(request, "itemsPerPage", 1, env.maxPageSize, env.pageSize);

  const wantBooked = bookingStatus === "booked" || bookingStatus === "both";
  const wantPending = bookingStatus === "pending" || bookingStatus === "both";
  let booked: readonly SandboxTransaction[] = [];
  let anchor: string | undefined;
  if (wantBooked) {
    if (delta) {
      anchor = entryReferenceFrom ?? consent.lastReported.get(account.id);
      const all = env.ledger.transactions(account.id, { status: "booked", to: dateTo });
      const at = anchor === undefined ? -1 : all.findIndex((tx) => entryReferenceOf(tx) === anchor);
      if (anchor !== undefined && at < 0) {
        throw formatError("entryReferenceFrom", `no booked transaction with entryReference ${anchor} on this account`);
      }
      booked = all.slice(at + 1);
    } else {
      booked = env.ledger.transactions(account.id, { status: "booked", from: dateFrom, to: dateTo });
    }
  }
  const pending = wantPending ? openPendingOf(env, account, delta ? undefined : dateFrom, dateTo) : [];

  admit(
    request,
    env,
    consent,
    (g) => g.transactions.has(account.id) && (!withBalance || g.balances.has(account.id)),
    `the transactions of ${resourceIdOf(account)}`,
    pageIndex > 0,
  );

  const records: { readonly booked: boolean; readonly tx: SandboxTransaction }[] = [
    ...booked.map((tx) => ({ booked: true, tx })),
    ...pending.map((tx) => ({ booked: false, tx })),
  ];
  const pageCount = Math.max(1, Math.ceil(records.length / itemsPerPage));
  if (pageIndex >= pageCount) throw formatError("pageIndex", `pageIndex ${pageIndex} is beyond the last page (${pageCount - 1})`);

  const base = `/v1/accounts/${resourceIdOf(account)}`;
  const faults = env.faults.pageFaults("psd2:transactions", pageIndex, Math.min(itemsPerPage, records.length));
  const served = faults.outOfOrder && (pageIndex ^ 1) < pageCount ? pageIndex ^ 1 : pageIndex;
  let page = records.slice(served * itemsPerPage, (served + 1) * itemsPerPage);
  if (faults.duplicateFromPrevious > 0 && served > 0) {
    page = [...records.slice(Math.max(0, served * itemsPerPage - faults.duplicateFromPrevious), served * itemsPerPage), ...page];
  }
  const json = page.map((r) => transactionJson(r.tx, `${base}/transactions/${encodeURIComponent(r.tx.id)}`));
  if (faults.changesBetweenReads && json.length > 0) {
    const reads = pageReads.get(consent) ?? new Map<string, number>();
    pageReads.set(consent, reads);
    const key = `${request.path}?${request.query.toString()}`;
    const n = (reads.get(key) ?? 0) + 1;
    reads.set(key, n);
    const first = json[0] as Json;
    json[0] = { ...first, remittanceInformationUnstructured: `${String(first.remittanceInformationUnstructured)} /${n}`.slice(0, 140) };
  }
  for (const index of faults.malformedRecords) {
    const record = json[index];
    // The amount goes missing: the one field the schema requires, so a strict client must notice.
    if (record !== undefined) json[index] = { ...record, transactionAmount: { currency: account.currency } };
  }

  if (wantBooked && booked.length > 0)
    consent.lastReported.set(account.id, entryReferenceOf(booked[booked.length - 1] as SandboxTransaction));

  // Links pin the query (dateTo, the delta anchor, the page size) so that following them pages through one result.
  const pinned = new URLSearchParams();
  pinned.set("bookingStatus", bookingStatus);
  if (delta) {
    if (anchor !== undefined) pinned.set("entryReferenceFrom", anchor);
    else pinned.set("dateFrom", account.openedOn);
  } else if (dateFrom !== undefined) pinned.set("dateFrom", dateFrom);
  pinned.set("dateTo", dateTo);
  if (withBalance) pinned.set("withBalance", "true");
  pinned.set("itemsPerPage", String(itemsPerPage));
  const pageHref = (index: number): { href: string } => {
    const q = new URLSearchParams(pinned);
    q.set("pageIndex", String(index));
    return { href: `${base}/transactions?${q.toString()}` };
  };
  const links: Record<string, { href: string }> = { account: { href: base }, first: pageHref(0), last: pageHref(pageCount - 1) };
  if (pageIndex > 0) links.previous = pageHref(pageIndex - 1);
  if (pageIndex < pageCount - 1) links.next = pageHref(pageIndex + 1);

  const bookedJson = json.filter((_, i) => (page[i] as { booked: boolean }).booked);
  const pendingJson = json.filter((_, i) => !(page[i] as { booked: boolean }).booked);
  return {
    status: 200,
    json: {
      account: accountReference(account),
      transactions: {
        ...(wantBooked ? { booked: bookedJson } : {}),
        ...(wantPending ? { pending: pendingJson } : {}),
        _links: links,
      },
      ...(withBalance ? { balances: accountBalances(env, account) } : {}),
    },
  };
}
