/**
 * AIS consents as the simulated ASPSP keeps them: creation with the Berlin Group's adjustments
 * (`validUntil` capped, `frequencyPerDay` capped), the status life cycle, expiry on the simulated bank
 * day, and the usage counters behind 429 `ACCESS_EXCEEDED`.
 *
 * Counters follow adorsys' `AisConsentUsageService`: one counter per consent × request path × bank day;
 * only unattended calls (no `PSU-IP-Address`) count, and follow-up pages of a paged list
 * (`pageIndex` > 0) do not.
 *
 * @module
 */
import { addDays, daysBetween, type IsoDate, tryIsoDate } from "@bankbridge/hub/core";
import type { SandboxAccount } from "../ledger/ledger-types.js";
import type { SeededRandom } from "../random/seeded-random.js";
import { formatError, Psd2Error } from "./psd2-errors.js";

/** `consentStatus` values this bank uses (`partiallyAuthorised` needs multi-level SCA, which it has not). */
export type ConsentStatus = "received" | "rejected" | "valid" | "revokedByPsu" | "expired" | "terminatedByTpp";

/** `scaStatus` values of a consent authorisation in the redirect approach. */
export type ScaStatus = "received" | "psuAuthenticated" | "finalised" | "failed";

/** Who may see the list of accounts without further access (`availableAccounts`…). */
export type AvailableAccounts = "allAccounts" | "allAccountsWithOwnerName";

/** What a consent grants, resolved to account ids of the ledger. */
export interface ConsentGrant {
  /** Accounts whose details may be read (includes those of `balances` and `transactions`). */
  readonly accounts: ReadonlySet<string>;
  readonly balances: ReadonlySet<string>;
  readonly transactions: ReadonlySet<string>;
  /** Only the account list (one-off), with or without balances. */
  readonly availableAccounts?: AvailableAccounts;
  readonly availableAccountsWithBalance?: AvailableAccounts;
  /** Owner names are shown (`allAccountsWithOwnerName`, `allPsd2`, `additionalInformation.ownerName`). */
  readonly ownerName: boolean;
}

/** One consent authorisation sub-resource. */
export interface ConsentAuthorisation {
  readonly id: string;
  scaStatus: ScaStatus;
  /** `TPP-Redirect-URI` / `TPP-Nok-Redirect-URI` of an explicitly started authorisation (else the consent's apply). */
  readonly redirectUri?: string;
  readonly nokRedirectUri?: string;
}

/** A consent. Mutable fields change through the store's methods only. */
export interface Consent {
  readonly id: string;
  /** The bank day the consent was created. */
  readonly createdOn: IsoDate;
  /** All access lists were empty: the PSU picks the accounts when approving (here: all of them). */
  readonly bankOffered: boolean;
  /** Which accounts and services; a bank-offered consent grants nothing until approved. */
  grant: ConsentGrant;
  readonly recurringIndicator: boolean;
  /** After adjustment. */
  readonly validUntil: IsoDate;
  /** After adjustment. */
  readonly frequencyPerDay: number;
  readonly combinedServiceIndicator: boolean;
  status: ConsentStatus;
  lastActionDate: IsoDate;
  /** The recurring consent whose approval expired this one, if that is why it is `expired`. */
  supersededBy?: string;
  readonly authorisations: ConsentAuthorisation[];
  /** `TPP-Redirect-URI` / `TPP-Nok-Redirect-URI` given at creation. */
  readonly redirectUri?: string;
  readonly nokRedirectUri?: string;
  /** Messages about adjustments made at creation, reported with the 201. */
  readonly adjustments: readonly string[];
  /** Unattended calls by `path|day`. */
  readonly usage: Map<string, number>;
  /** For `deltaList`: the last booked transaction id reported per account. */
  readonly lastReported: Map<string, string>;
}

/** Limits the bank applies to new consents. */
export interface ConsentLimits {
  /** `validUntil` is cut to this many days after creation (default 90; `9999-12-31` asks for the maximum). */
  readonly maxValidityDays: number;
  /** `frequencyPerDay` is cut to this (default 4, the RTS figure). */
  readonly maxFrequencyPerDay: number;
}

/** The consent store of one PSD2 front end. */
export interface ConsentStore {
  /** Validates and stores a new consent (status `received`, one authorisation `received`). */
  create(body: unknown, today: IsoDate, redirect: { readonly ok?: string; readonly nok?: string }): Consent;
  /** The consent, with `expired` applied for `today`; undefined if unknown. */
  get(id: string, today: IsoDate): Consent | undefined;
  /**
   * Starts another authorisation of a `received` consent (`scaStatus` `received`); else 409 STATUS_INVALID.
   */
  startAuthorisation(consent: Consent, today: IsoDate, redirect: { readonly ok?: string; readonly nok?: string }): ConsentAuthorisation;
  /**
   * PSU approved on the authorisation page: `valid`, SCA `finalised`; a bank-offered consent gets `psuAccounts`.
   * A recurring consent expires the PSU's previous valid recurring consent.
   */
  approve(consent: Consent, authorisationId: string, today: IsoDate): void;
  /** PSU refused: `rejected`, SCA `failed`. */
  reject(consent: Consent, authorisationId: string, today: IsoDate): void;
  /** The TPP deleted it (`terminatedByTpp`) or the PSU revoked it in online banking (`revokedByPsu`). */
  end(consent: Consent, status: "terminatedByTpp" | "revokedByPsu", today: IsoDate): void;
  /**
   * Checks the consent is usable for an AIS call on `path` today and counts the call if it is unattended.
   * Throws 401 CONSENT_INVALID/CONSENT_EXPIRED or 429 ACCESS_EXCEEDED.
   */
  admit(
    consent: Consent,
    call: { readonly path: string; readonly today: IsoDate; readonly psuPresent: boolean; readonly continuation: boolean },
  ): void;
}

const CONSENT_ID_PATTERN = /^[A-Za-z0-9-]{1,64}$/;

/** A store for the PSU's accounts `psuAccounts` (one PSU holds every account of the bank in this sandbox). */
export function createConsentStore(options: {
  readonly random: SeededRandom;
  readonly psuAccounts: () => readonly SandboxAccount[];
  readonly limits: ConsentLimits;
}): ConsentStore {
  const consents = new Map<string, Consent>();
  const rng = options.random.fork("psd2:consents");
  const newId = (): string => uuidFrom(rng);

  const accountByIban = (iban: string): SandboxAccount | undefined => options.psuAccounts().find((a) => (a.iban ?? a.id) === iban);

  const resolveRefs = (refs: unknown, path: string): string[] => {
    if (refs === undefined) return [];
    if (!Array.isArray(refs)) throw formatError(path, `${path} must be an array of account references`);
    return refs.map((ref: unknown, i) => {
      const at = `${path}[${i}]`;
      if (!isRecord(ref)) throw formatError(at, `${at} must be an account reference`);
      if (typeof ref.iban !== "string") {
        throw formatError(at, `${at}: this ASPSP addresses accounts by iban only`);
      }
      const account = accountByIban(ref.iban);
      if (account === undefined) {
        throw new Psd2Error(400, "RESOURCE_UNKNOWN", `${at}.iban: no account ${ref.iban} at this ASPSP`, { path: `${at}.iban` });
      }
      if (ref.currency !== undefined && ref.currency !== account.currency) {
        throw new Psd2Error(400, "RESOURCE_UNKNOWN", `${at}: account ${ref.iban} is held in ${account.currency}`, {
          path: `${at}.currency`,
        });
      }
      return account.id;
    });
  };

  const allAccountsGrant = (ownerName: boolean): ConsentGrant => {
    const ids = new Set(options.psuAccounts().map((a) => a.id));
    return { accounts: ids, balances: ids, transactions: ids, ownerName };
  };

  const expireIfDue = (consent: Consent, today: IsoDate): void => {
    if ((consent.status === "valid" || consent.status === "received") && today > consent.validUntil) {
      consent.status = "expired";
    }
  };

  return {
    create(body, today, redirect) {
      if (!isRecord(body)) throw formatError("body", "the body must be a JSON object");
      const { access } = body;
      if (!isRecord(access)) throw formatError("access", "access is required");
      if (typeof body.recurringIndicator !== "boolean") {
        throw formatError("recurringIndicator", "recurringIndicator is required and must be a boolean");
      }
      if (typeof body.combinedServiceIndicator !== "boolean") {
        throw formatError("combinedServiceIndicator", "combinedServiceIndicator is required and must be a boolean");
      }
      if (body.combinedServiceIndicator) {
        throw new Psd2Error(400, "SESSIONS_NOT_SUPPORTED", "combined AIS and PIS sessions are not supported", {
          path: "combinedServiceIndicator",
        });
      }
      const requestedUntil = typeof body.validUntil === "string" ? tryIsoDate(body.validUntil) : undefined;
      if (requestedUntil === undefined) throw formatError("validUntil", "validUntil is required as an ISO date (YYYY-MM-DD)");
      if (requestedUntil < today) {
        throw new Psd2Error(400, "PERIOD_INVALID", `validUntil ${requestedUntil} is in the past (today is ${today})`, {
          path: "validUntil",
        });
      }
      const frequency = body.frequencyPerDay;
      if (typeof frequency !== "number" || !Number.isInteger(frequency) || frequency < 1) {
        throw formatError("frequencyPerDay", "frequencyPerDay is required and must be an integer ≥ 1");
      }

      const accounts = resolveRefs(access.accounts, "access.accounts");
      const balances = resolveRefs(access.balances, "access.balances");
      const transactions = resolveRefs(access.transactions, "access.transactions");
      const available = availableValue(access.availableAccounts, "access.availableAccounts");
      const availableWithBalance = availableValue(access.availableAccountsWithBalance, "access.availableAccountsWithBalance");
      const allPsd2 = availableValue(access.allPsd2, "access.allPsd2");
      // The Berlin Group's "additionalInformation.ownerName" lists accounts whose owner names may be shown.
      const ownerNames = isRecord(access.additionalInformation)
        ? resolveRefs(access.additionalInformation.ownerName, "access.additionalInformation.ownerName")
        : [];
      const listed = accounts.length + balances.length + transactions.length;
      const hasLists = access.accounts !== undefined || access.balances !== undefined || access.transactions !== undefined;
      const kinds = [hasLists, available !== undefined, availableWithBalance !== undefined, allPsd2 !== undefined].filter(Boolean);
      if (kinds.length !== 1) {
        throw formatError(
          "access",
          "access must hold exactly one of: accounts/balances/transactions lists, availableAccounts, availableAccountsWithBalance, allPsd2",
        );
      }

      const adjustments: string[] = [];
      let grant: ConsentGrant;
      let recurring = body.recurringIndicator;
      let frequencyPerDay = frequency;
      if (available !== undefined || availableWithBalance !== undefined) {
        // The account list consent is one-off by definition (Berlin Group implementation guidelines 6.3.1.2).
        grant = {
          accounts: new Set(),
          balances: new Set(),
          transactions: new Set(),
          ...(available === undefined ? {} : { availableAccounts: available }),
          ...(availableWithBalance === undefined ? {} : { availableAccountsWithBalance: availableWithBalance }),
          ownerName: (available ?? availableWithBalance) === "allAccountsWithOwnerName",
        };
        if (recurring) {
          recurring = false;
          adjustments.push("recurringIndicator set to false: an account list consent is one-off");
        }
      } else if (allPsd2 !== undefined) {
        grant = allAccountsGrant(allPsd2 === "allAccountsWithOwnerName");
      } else {
        const ids = new Set([...accounts, ...balances, ...transactions]);
        grant = {
          accounts: ids,
          balances: new Set(balances),
          transactions: new Set(transactions),
          ownerName: ownerNames.length > 0,
        };
      }
      if (!recurring && frequencyPerDay !== 1) {
        frequencyPerDay = 1;
        adjustments.push("frequencyPerDay set to 1 for a one-off consent");
      }
      if (frequencyPerDay > options.limits.maxFrequencyPerDay) {
        adjustments.push(`frequencyPerDay reduced from ${frequencyPerDay} to ${options.limits.maxFrequencyPerDay}`);
        frequencyPerDay = options.limits.maxFrequencyPerDay;
      }
      const maxUntil = addDays(today, options.limits.maxValidityDays);
      let validUntil = requestedUntil;
      if (validUntil > maxUntil) {
        validUntil = maxUntil;
        if (requestedUntil !== "9999-12-31") adjustments.push(`validUntil reduced from ${requestedUntil} to ${maxUntil}`);
      }

      const consent: Consent = {
        id: newId(),
        createdOn: today,
        bankOffered: hasLists && listed === 0,
        grant,
        recurringIndicator: recurring,
        validUntil,
        frequencyPerDay,
        combinedServiceIndicator: false,
        status: "received",
        lastActionDate: today,
        authorisations: [{ id: newId(), scaStatus: "received" }],
        ...(redirect.ok === undefined ? {} : { redirectUri: redirect.ok }),
        ...(redirect.nok === undefined ? {} : { nokRedirectUri: redirect.nok }),
        adjustments,
        usage: new Map(),
        lastReported: new Map(),
      };
      consents.set(consent.id, consent);
      return consent;
    },

    get(id, today) {
      if (!CONSENT_ID_PATTERN.test(id)) return undefined;
      const consent = consents.get(id);
      if (consent !== undefined) expireIfDue(consent, today);
      return consent;
    },

    approve(consent, authorisationId, today) {
      const authorisation = authorisationOf(consent, authorisationId);
      if (consent.status !== "received" || authorisation.scaStatus === "finalised" || authorisation.scaStatus === "failed") {
        throw new Psd2Error(409, "STATUS_INVALID", `consent is ${consent.status}; it cannot be approved`);
      }
      if (consent.bankOffered) consent.grant = allAccountsGrant(consent.grant.ownerName);
      authorisation.scaStatus = "finalised";
      consent.status = "valid";
      consent.lastActionDate = today;
      if (consent.recurringIndicator) {
        // The spec (createConsent, "Side Effects"): "When this consent request is a request where the
        // "recurringIndicator" equals "true", and if it exists already a former consent for recurring access
        // on account information for the addressed PSU, then the former consent automatically expires as soon
        // as the new consent request is authorised by the PSU." One PSU and one TPP here, so every other
        // valid recurring consent is that former consent.
        for (const former of consents.values()) {
          expireIfDue(former, today);
          if (former === consent || former.status !== "valid" || !former.recurringIndicator) continue;
          former.status = "expired";
          former.supersededBy = consent.id;
          former.lastActionDate = today;
        }
      }
    },

    startAuthorisation(consent, today, redirect) {
      if (consent.status !== "received") {
        // 409 STATUS_INVALID, the code of the spec's own 409 AIS example (Error409_NG_AIS), as for approving twice.
        throw new Psd2Error(409, "STATUS_INVALID", `consent is ${consent.status}; it takes no further authorisation`);
      }
      const authorisation: ConsentAuthorisation = {
        id: newId(),
        scaStatus: "received",
        ...(redirect.ok === undefined ? {} : { redirectUri: redirect.ok }),
        ...(redirect.nok === undefined ? {} : { nokRedirectUri: redirect.nok }),
      };
      consent.authorisations.push(authorisation);
      consent.lastActionDate = today;
      return authorisation;
    },

    reject(consent, authorisationId, today) {
      const authorisation = authorisationOf(consent, authorisationId);
      if (consent.status !== "received") {
        throw new Psd2Error(409, "STATUS_INVALID", `consent is ${consent.status}; it cannot be rejected`);
      }
      authorisation.scaStatus = "failed";
      consent.status = "rejected";
      consent.lastActionDate = today;
    },

    end(consent, status, today) {
      if (consent.status === "terminatedByTpp" || consent.status === "revokedByPsu") return;
      consent.status = status;
      consent.lastActionDate = today;
    },

    admit(consent, call) {
      expireIfDue(consent, call.today);
      if (consent.status === "expired") {
        const why =
          consent.supersededBy === undefined
            ? `expired after ${consent.validUntil}`
            : `expired when the PSU authorised the recurring consent ${consent.supersededBy}`;
        throw new Psd2Error(401, "CONSENT_EXPIRED", `consent ${consent.id} ${why}`);
      }
      if (consent.status !== "valid") {
        throw new Psd2Error(401, "CONSENT_INVALID", `consent ${consent.id} is ${consent.status}`);
      }
      consent.lastActionDate = call.today;
      // adorsys: the PSU-present exemption does not apply to one-off consents.
      const counted = !call.continuation && (!call.psuPresent || !consent.recurringIndicator);
      if (!counted) return;
      const key = `${call.path}|${call.today}`;
      const used = consent.usage.get(key) ?? 0;
      if (used >= consent.frequencyPerDay) {
        throw new Psd2Error(
          429,
          "ACCESS_EXCEEDED",
          `the ${consent.frequencyPerDay} unattended accesses per day of consent ${consent.id} to ${call.path} are used up for ${call.today}`,
        );
      }
      consent.usage.set(key, used + 1);
    },
  };
}

/** Days a consent has left (0 on its last day), for the authorisation page. */
export function daysLeft(consent: Consent, today: IsoDate): number {
  return daysBetween(today, consent.validUntil);
}

function authorisationOf(consent: Consent, authorisationId: string): ConsentAuthorisation {
  const authorisation = consent.authorisations.find((a) => a.id === authorisationId);
  if (authorisation === undefined) {
    throw new Psd2Error(404, "RESOURCE_UNKNOWN", `consent ${consent.id} has no authorisation ${authorisationId}`);
  }
  return authorisation;
}

function availableValue(value: unknown, path: string): AvailableAccounts | undefined {
  if (value === undefined) return undefined;
  if (value === "allAccounts" || value === "allAccountsWithOwnerName") return value;
  throw formatError(path, `${path} must be "allAccounts" or "allAccountsWithOwnerName"`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A version-4-shaped UUID from the seeded stream (ids are deterministic under the seed). */
export function uuidFrom(rng: SeededRandom): string {
  const hex = (n: number): string => Array.from({ length: n }, () => rng.int(0, 15).toString(16)).join("");
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${"89ab"[rng.int(0, 3)]}${hex(3)}-${hex(12)}`;
}
