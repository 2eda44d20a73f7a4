/**
 * The bank's own pages in the redirect SCA approach: the authorisation page the TPP sends the PSU to
 * (`_links.scaRedirect`), where the PSU logs in with id, password and one-time password and approves or
 * rejects, and an online-banking page where the PSU revokes a consent.
 *
 * Both accept a form post (`application/x-www-form-urlencoded`: `psuId`, `password`, `otp`, `action`) and,
 * for scripts, the same fields as a query on GET with `approve=1` (or `reject=1`, `revoke=1`).
 *
 * @module
 */
import { resourceIdOf } from "./ais-mapping.js";
import { consentOf } from "./consent-routes.js";
import { type Consent, daysLeft } from "./consent-store.js";
import { Psd2Error } from "./psd2-errors.js";
import type { Psd2Environment, Psd2Reply, Psd2Request, Psd2Route } from "./psd2-http.js";

/** The page routes. */
export const scaRoutes: readonly Psd2Route[] = [
  { method: "GET", template: "/sca/consents/{consentId}/{authorisationId}", operation: "sca", kind: "page", handler: authorisationPage },
  { method: "POST", template: "/sca/consents/{consentId}/{authorisationId}", operation: "sca", kind: "page", handler: authorisationPage },
  { method: "GET", template: "/sca/psu/consents/{consentId}", operation: "psuConsent", kind: "page", handler: revokePage },
  { method: "POST", template: "/sca/psu/consents/{consentId}", operation: "psuConsent", kind: "page", handler: revokePage },
];

/** The fields of the form (POST body) or of the query (GET). */
function fields(request: Psd2Request): URLSearchParams {
  return request.method === "POST" ? new URLSearchParams(request.body.toString("utf8")) : request.query;
}

function checkPsu(form: URLSearchParams, env: Psd2Environment, withOtp: boolean): void {
  const ok =
    form.get("psuId") === env.psu.psuId && form.get("password") === env.psu.password && (!withOtp || form.get("otp") === env.psu.otp);
  if (!ok) throw new Psd2Error(401, "PSU_CREDENTIALS_INVALID", "PSU id, password or one-time password is wrong");
}

function authorisationPage(request: Psd2Request, env: Psd2Environment): Psd2Reply {
  const consent = consentOf(request, env);
  const authorisationId = request.params.authorisationId ?? "";
  const authorisation = consent.authorisations.find((a) => a.id === authorisationId);
  if (authorisation === undefined) {
    throw new Psd2Error(404, "RESOURCE_UNKNOWN", `consent ${consent.id} has no authorisation ${authorisationId}`);
  }
  const form = fields(request);
  const action =
    request.method === "POST"
      ? (form.get("action") ?? "approve")
      : form.get("approve") === "1"
        ? "approve"
        : form.get("reject") === "1"
          ? "reject"
          : "show";
  if (action === "show") return { status: 200, html: consentPage(consent, env, request.path) };
  if (action !== "approve" && action !== "reject") throw new Psd2Error(400, "FORMAT_ERROR", "action must be approve or reject");
  checkPsu(form, env, action === "approve");
  const today = env.today();
  if (action === "approve") env.consents.approve(consent, authorisationId, today);
  else env.consents.reject(consent, authorisationId, today);
  // An explicitly started authorisation brings its own redirect URIs; the consent's apply otherwise.
  const okUri = authorisation.redirectUri ?? consent.redirectUri;
  const nokUri = authorisation.nokRedirectUri ?? authorisation.redirectUri ?? consent.nokRedirectUri ?? consent.redirectUri;
  const target = action === "approve" ? okUri : nokUri;
  if (target !== undefined)
    return {
      status: 302,
      headers: { Location: target },
      html: page("Redirecting", `<p><a href="${escapeHtml(target)}">Back to the provider</a></p>`),
    };
  const done = action === "approve" ? "Consent approved" : "Consent rejected";
  return {
    status: 200,
    html: page(
      done,
      `<p id="result" data-consent-status="${consent.status}">${done}. Consent ${escapeHtml(consent.id)} is now <b>${consent.status}</b>. You may close this window.</p>`,
    ),
  };
}

function revokePage(request: Psd2Request, env: Psd2Environment): Psd2Reply {
  const consent = consentOf(request, env);
  const form = fields(request);
  const revoke = request.method === "POST" || form.get("revoke") === "1";
  if (!revoke) {
    return {
      status: 200,
      html: page(
        "Your consent",
        `<p>Consent ${escapeHtml(consent.id)} is <b>${consent.status}</b>.</p>
<form method="post"><label>PSU id <input name="psuId"></label> <label>Password <input name="password" type="password"></label>
<button name="action" value="revoke">Revoke consent</button></form>`,
      ),
    };
  }
  checkPsu(form, env, false);
  env.consents.end(consent, "revokedByPsu", env.today());
  return {
    status: 200,
    html: page(
      "Consent revoked",
      `<p id="result" data-consent-status="${consent.status}">Consent ${escapeHtml(consent.id)} is now <b>${consent.status}</b>.</p>`,
    ),
  };
}

function consentPage(consent: Consent, env: Psd2Environment, action: string): string {
  const g = consent.grant;
  const rows = env.ledger
    .accounts("eubank")
    .filter(
      (a) =>
        g.accounts.has(a.id) || consent.bankOffered || g.availableAccounts !== undefined || g.availableAccountsWithBalance !== undefined,
    )
    .map((a) => {
      const rights = consent.bankOffered
        ? "account, balances, transactions (you choose: all)"
        : g.availableAccounts !== undefined || g.availableAccountsWithBalance !== undefined
          ? "appears in the account list"
          : ["account", g.balances.has(a.id) ? "balances" : "", g.transactions.has(a.id) ? "transactions" : ""].filter(Boolean).join(", ");
      return `<tr><td>${escapeHtml(a.iban ?? a.id)}</td><td>${escapeHtml(a.currency)}</td><td>${escapeHtml(a.holderName)}</td><td>${escapeHtml(rights)}</td><td>${resourceIdOf(a)}</td></tr>`;
    })
    .join("\n");
  return page(
    "Authorise account access",
    `<p>A third-party provider asks for access to these accounts until <b>${consent.validUntil}</b> (${daysLeft(consent, env.today())} days),
${consent.recurringIndicator ? `up to ${consent.frequencyPerDay} times a day without you` : "once"}. Consent status: <b>${consent.status}</b>.</p>
<table><tr><th>IBAN</th><th>Currency</th><th>Holder</th><th>Access</th><th>Resource id</th></tr>
${rows}</table>
<form method="post" action="${escapeHtml(action)}">
<label>PSU id <input name="psuId" autocomplete="username"></label>
<label>Password <input name="password" type="password"></label>
<label>One-time password (sent by SMS) <input name="otp" inputmode="numeric"></label>
<button name="action" value="approve">Approve</button> <button name="action" value="reject">Reject</button>
</form>`,
  );
}

/** A whole HTML page with the bank's frame. */
export function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)} – Europa Sandbox Bank</title>
<style>body{font-family:sans-serif;max-width:52rem;margin:2rem auto}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2rem .5rem}label{display:block;margin:.4rem 0}</style>
</head><body><h1>${escapeHtml(title)}</h1>
${body}
</body></html>
`;
}

/** HTML-escapes text. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
