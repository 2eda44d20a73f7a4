/**
 * Berlin Group NextGenPSD2 1.3.11 account information (AIS) for the euro bank (`eubank`: Europa Sandbox
 * Bank AG, BIC SBXEDEFF), over HTTPS on the loopback address. Responses validate against the Berlin
 * Group's OpenAPI file (`shared/specs/berlin-group-nextgenpsd2-1.3.11.yaml`); the tests check every one.
 *
 * **Transport.** HTTPS with a throw-away CA (`../tls`): trust it with `curl --cacert ca.pem` (the PEM is
 * `credentials.caCertificatePem` of the endpoint; fingerprints in `caFingerprint256` /
 * `serverFingerprint256`). No TPP authentication (the spec allows an empty security requirement; real
 * ASPSPs use eIDAS QWAC mutual TLS). Every `/v1` call needs `X-Request-ID` (a UUID, echoed back), else
 * 400 FORMAT_ERROR. `Accept` must allow JSON (else 406). Refusals are
 * `{"tppMessages":[{"category":"ERROR","code":…,"text":…}]}`; the codes are listed at `Psd2MessageCode`.
 *
 * **Endpoints** (relative to `https://127.0.0.1:PORT`):
 * - `POST /v1/consents` → 201 `{consentStatus:"received", consentId, _links:{scaRedirect, self, status, scaStatus}}`,
 *   `Location` and `ASPSP-SCA-Approach: REDIRECT`. Body per spec (`access`, `recurringIndicator`,
 *   `validUntil`, `frequencyPerDay`, `combinedServiceIndicator`). `access` takes IBAN lists
 *   (`accounts`/`balances`/`transactions`; all empty = bank-offered, the PSU grants all accounts),
 *   `availableAccounts`/`availableAccountsWithBalance` (one-off account list) or `allPsd2`.
 *   `validUntil` is cut to today + 90 days (`9999-12-31` = the maximum), `frequencyPerDay` to 4 (1 for a
 *   one-off consent); cuts are reported as `tppMessages` warnings and in `GET /v1/consents/{id}`.
 *   `TPP-Redirect-URI` / `TPP-Nok-Redirect-URI` are where the authorisation page sends the browser after.
 * - `GET|DELETE /v1/consents/{id}` (DELETE → `terminatedByTpp`), `GET /v1/consents/{id}/status`,
 *   `GET /v1/consents/{id}/authorisations`, `GET /v1/consents/{id}/authorisations/{authorisationId}` (scaStatus
 *   `received` → `finalised` | `failed`).
 * - `POST /v1/consents/{id}/authorisations` (startConsentAuthorisation; no body or `{}`, redirect only) → 201
 *   `{scaStatus:"received", authorisationId, _links:{scaRedirect, scaStatus}}`: a further authorisation with
 *   its own page (and its own `TPP-Redirect-URI`/`TPP-Nok-Redirect-URI` if given); approving any one makes
 *   the consent valid. A consent that is not `received` → 409 STATUS_INVALID.
 * - Consent status: `received` → `valid` (approved) | `rejected`; then `revokedByPsu`, `terminatedByTpp`,
 *   or `expired` once the bank day (Europe/Berlin-like UTC+1 on the simulated clock) passes `validUntil`.
 *   A recurring consent, once approved, expires the PSU's previous valid recurring consent (the spec's side
 *   effect of createConsent); calls with the old one get 401 CONSENT_EXPIRED.
 * - `GET /v1/accounts[?withBalance=true]`, `GET /v1/accounts/{resourceId}[?withBalance=true]`,
 *   `GET /v1/accounts/{resourceId}/balances` (`closingBooked` of yesterday, `interimBooked`,
 *   `interimAvailable`, `expected` = booked + open card authorisations, each with `referenceDate`),
 *   `GET /v1/accounts/{resourceId}/transactions?bookingStatus=booked|pending|both&dateFrom&dateTo
 *   &entryReferenceFrom&deltaList&withBalance&pageIndex&itemsPerPage` (`information`/`all` → 400
 *   PARAMETER_NOT_SUPPORTED; `dateFrom` required unless a delta is asked; pages of 50 by default, at most
 *   500, linked by `_links.first/previous/next/last` that pin the query), and
 *   `GET /v1/accounts/{resourceId}/transactions/{transactionId}`. Account ids are opaque resource ids
 *   (from the account list). Card authorisations are `pending` until they settle as a new booked
 *   transaction with a new id (`additionalInformation` names the authorisation).
 * - AIS calls need `Consent-ID`: unknown → 403 CONSENT_UNKNOWN; not valid / not covering the resource →
 *   401 CONSENT_INVALID; past `validUntil` → 401 CONSENT_EXPIRED; unknown account/transaction → 404
 *   RESOURCE_UNKNOWN.
 *
 * **Access limit.** Per consent × request path × bank day, calls without `PSU-IP-Address` count against
 * `frequencyPerDay`; the next one gets 429 ACCESS_EXCEEDED. Calls with `PSU-IP-Address` (the PSU is
 * present) and follow-up pages (`pageIndex` > 0) do not count, except that a one-off consent always counts.
 *
 * **Authorisation pages (the bank's online banking, HTML).** `_links.scaRedirect` =
 * `/sca/consents/{consentId}/{authorisationId}`: GET shows the consent; POST a form
 * `psuId, password, otp, action=approve|reject` (or GET with those fields and `approve=1`/`reject=1`).
 * `/sca/psu/consents/{consentId}`: POST `psuId, password` revokes (`revokedByPsu`). Credentials are in the
 * endpoint (`psuId`, `psuPassword`, `psuOtp`; default `sandbox-psu` / `sandbox-password` / `123456`).
 *
 * **Faults** (`FaultPlan.decide("psd2:<operation>")`, operations `consents`, `consent`, `deleteConsent`,
 * `consentStatus`, `startConsentAuthorisation`, `consentAuthorisations`, `consentScaStatus`, `accounts`, `account`, `balances`,
 * `transactions`, `transaction`, `sca`, `psuConsent`): latency, 5xx without body, TCP reset, a hang,
 * a body cut in half, 429 ACCESS_EXCEEDED with `Retry-After`, and "down" (503 HTML maintenance page with
 * `Retry-After`). `pageFaults("psd2:transactions")` reshapes transaction pages: records repeated from the
 * previous page, neighbouring pages swapped, a record's remittance changing on every read, records whose
 * amount is missing.
 *
 * @module
 */
export type { Psd2MessageCode } from "./psd2-errors.js";
export type { Psd2Psu } from "./psd2-http.js";
export { createPsd2Service, type Psd2ServiceOptions, startPsd2 } from "./psd2-service.js";
