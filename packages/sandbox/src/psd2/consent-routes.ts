/**
 * The consent endpoints: `POST /v1/consents`, `GET|DELETE /v1/consents/{consentId}`, `…/status`,
 * `POST|GET …/authorisations` (start one, list them) and `…/authorisations/{authorisationId}` (SCA status).
 *
 * @module
 */

import { accountReference, type Json } from "./ais-mapping.js";
import type { Consent, ConsentAuthorisation } from "./consent-store.js";
import { formatError, Psd2Error } from "./psd2-errors.js";
import { header, type Psd2Environment, type Psd2Request, type Psd2Route } from "./psd2-http.js";

/** The consent routes. */
export const consentRoutes: readonly Psd2Route[] = [
  { method: "POST", template: "/v1/consents", operation: "consents", kind: "api", handler: createConsent },
  { method: "GET", template: "/v1/consents/{consentId}", operation: "consent", kind: "api", handler: getConsent },
  { method: "DELETE", template: "/v1/consents/{consentId}", operation: "deleteConsent", kind: "api", handler: deleteConsent },
  { method: "GET", template: "/v1/consents/{consentId}/status", operation: "consentStatus", kind: "api", handler: getStatus },
  {
    method: "POST",
    template: "/v1/consents/{consentId}/authorisations",
    operation: "startConsentAuthorisation",
    kind: "api",
    handler: startAuthorisation,
  },
  {
    method: "GET",
    template: "/v1/consents/{consentId}/authorisations",
    operation: "consentAuthorisations",
    kind: "api",
    handler: (request, env) => ({
      status: 200,
      json: { authorisationIds: consentOf(request, env).authorisations.map((a) => a.id) },
    }),
  },
  {
    method: "GET",
    template: "/v1/consents/{consentId}/authorisations/{authorisationId}",
    operation: "consentScaStatus",
    kind: "api",
    handler: (request, env) => {
      const consent = consentOf(request, env);
      const authorisation = consent.authorisations.find((a) => a.id === request.params.authorisationId);
      if (authorisation === undefined) {
        throw new Psd2Error(404, "RESOURCE_UNKNOWN", `consent ${consent.id} has no authorisation ${request.params.authorisationId}`);
      }
      return { status: 200, json: { scaStatus: authorisation.scaStatus } };
    },
  },
];

/** The consent addressed by the path, or 403 CONSENT_UNKNOWN. */
export function consentOf(request: Psd2Request, env: Psd2Environment): Consent {
  const id = request.params.consentId ?? "";
  const consent = env.consents.get(id, env.today());
  if (consent === undefined) throw new Psd2Error(403, "CONSENT_UNKNOWN", `no consent ${id}`);
  return consent;
}

/** Where the PSU approves the consent through `authorisation` (absolute: the TPP sends a browser there). */
export function scaRedirectHref(env: Psd2Environment, consent: Consent, authorisation: ConsentAuthorisation | undefined): string {
  return `${env.origin()}/sca/consents/${consent.id}/${authorisation?.id ?? ""}`;
}

/**
 * `POST …/authorisations` (startConsentAuthorisation). Only the redirect approach exists here, so the body
 * must be empty or `{}`: PSU data or an SCA method belong to the embedded/decoupled approaches.
 */
function startAuthorisation(request: Psd2Request, env: Psd2Environment) {
  const consent = consentOf(request, env);
  const text = request.body.toString("utf8").trim();
  if (text !== "") {
    const contentType = header(request, "content-type") ?? "";
    if (!/^application\/json\b/i.test(contentType)) {
      throw new Psd2Error(415, "FORMAT_ERROR", "the authorisation request must be sent as application/json", { path: "Content-Type" });
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw formatError("body", "the body is not valid JSON");
    }
    if (typeof body !== "object" || body === null || Array.isArray(body) || Object.keys(body).length > 0) {
      throw formatError("body", "this ASPSP supports the redirect SCA approach only: send no body or {}");
    }
  }
  const ok = header(request, "tpp-redirect-uri");
  const nok = header(request, "tpp-nok-redirect-uri");
  const authorisation = env.consents.startAuthorisation(consent, env.today(), {
    ...(ok === undefined ? {} : { ok }),
    ...(nok === undefined ? {} : { nok }),
  });
  return {
    status: 201,
    headers: { "ASPSP-SCA-Approach": "REDIRECT" },
    json: {
      scaStatus: authorisation.scaStatus,
      authorisationId: authorisation.id,
      _links: {
        scaRedirect: { href: scaRedirectHref(env, consent, authorisation) },
        scaStatus: { href: `/v1/consents/${consent.id}/authorisations/${authorisation.id}` },
      },
    },
  };
}

function createConsent(request: Psd2Request, env: Psd2Environment) {
  const contentType = header(request, "content-type") ?? "";
  if (!/^application\/json\b/i.test(contentType)) {
    throw new Psd2Error(415, "FORMAT_ERROR", "the consent request must be sent as application/json", { path: "Content-Type" });
  }
  let body: unknown;
  try {
    body = JSON.parse(request.body.toString("utf8"));
  } catch {
    throw formatError("body", "the body is not valid JSON");
  }
  const redirectPreferred = header(request, "tpp-redirect-preferred");
  if (redirectPreferred === "false") {
    // Only the redirect approach exists here; the TPP asked for embedded/decoupled.
    throw new Psd2Error(400, "FORMAT_ERROR", "this ASPSP supports the redirect SCA approach only", {
      path: "TPP-Redirect-Preferred",
    });
  }
  const ok = header(request, "tpp-redirect-uri");
  const nok = header(request, "tpp-nok-redirect-uri");
  const consent = env.consents.create(body, env.today(), {
    ...(ok === undefined ? {} : { ok }),
    ...(nok === undefined ? {} : { nok }),
  });
  const self = `/v1/consents/${consent.id}`;
  const authorisation = consent.authorisations[0];
  const authorisationId = authorisation?.id ?? "";
  return {
    status: 201,
    headers: { Location: `${env.origin()}${self}`, "ASPSP-SCA-Approach": "REDIRECT" },
    json: {
      consentStatus: consent.status,
      consentId: consent.id,
      _links: {
        scaRedirect: { href: scaRedirectHref(env, consent, authorisation) },
        self: { href: self },
        status: { href: `${self}/status` },
        scaStatus: { href: `${self}/authorisations/${authorisationId}` },
      },
      ...(consent.adjustments.length === 0
        ? {}
        : { tppMessages: consent.adjustments.map((text) => ({ category: "WARNING", code: "WARNING", text })) }),
    },
  };
}

function getConsent(request: Psd2Request, env: Psd2Environment) {
  const consent = consentOf(request, env);
  return {
    status: 200,
    json: {
      access: accessJson(consent, env),
      recurringIndicator: consent.recurringIndicator,
      validUntil: consent.validUntil,
      frequencyPerDay: consent.frequencyPerDay,
      lastActionDate: consent.lastActionDate,
      consentStatus: consent.status,
      _links: { account: { href: "/v1/accounts" } },
    },
  };
}

function getStatus(request: Psd2Request, env: Psd2Environment) {
  return { status: 200, json: { consentStatus: consentOf(request, env).status } };
}

function deleteConsent(request: Psd2Request, env: Psd2Environment) {
  const consent = consentOf(request, env);
  env.consents.end(consent, "terminatedByTpp", env.today());
  return { status: 204 };
}

/** The consent's `access` as granted (a bank-offered consent shows the PSU's accounts once approved). */
function accessJson(consent: Consent, env: Psd2Environment): Json {
  const g = consent.grant;
  if (g.availableAccounts !== undefined) return { availableAccounts: g.availableAccounts };
  if (g.availableAccountsWithBalance !== undefined) return { availableAccountsWithBalance: g.availableAccountsWithBalance };
  const refs = (ids: ReadonlySet<string>): Json[] =>
    [...ids].flatMap((id) => {
      const account = env.ledger.account(id);
      return account === undefined ? [] : [accountReference(account)];
    });
  const owners = g.ownerName ? { additionalInformation: { ownerName: refs(g.accounts) } } : {};
  return { accounts: refs(g.accounts), balances: refs(g.balances), transactions: refs(g.transactions), ...owners };
}
