/**
 * Berlin Group error replies. Every refusal is `{ "tppMessages": [{ "category": "ERROR", "code", "text" }] }`
 * with the HTTP status the NextGenPSD2 implementation guidelines give the code, so a client sees what a
 * real ASPSP would send.
 *
 * @module
 */

/**
 * The message codes this sandbox sends (the Berlin Group's own wire codes) and their HTTP status:
 * - 400 `FORMAT_ERROR`: a header or parameter is missing or malformed (no/invalid `X-Request-ID`, bad JSON, bad date).
 * - 400 `PARAMETER_NOT_SUPPORTED`: a valid but unsupported value (`bookingStatus=information|all`).
 * - 400 `PARAMETER_NOT_CONSISTENT`: parameters that contradict each other (`deltaList` with `entryReferenceFrom`).
 * - 400 `PERIOD_INVALID`: `dateFrom` after `dateTo`, or a consent `validUntil` in the past.
 * - 400 `RESOURCE_UNKNOWN`: a consent names an account this bank does not hold.
 * - 401 `CONSENT_INVALID`: the consent is not (or no longer) valid, or does not cover the resource or service.
 * - 401 `CONSENT_EXPIRED`: the consent's `validUntil` has passed (simulated bank day).
 * - 401 `PSU_CREDENTIALS_INVALID`: wrong PSU login on the authorisation page.
 * - 403 `CONSENT_UNKNOWN`: no consent with this id (adorsys answers 403 whether the id is in the path or the header).
 * - 404 `RESOURCE_UNKNOWN`: no such account, transaction or authorisation.
 * - 405 `SERVICE_INVALID`: method not allowed on this path.
 * - 406 `REQUESTED_FORMATS_INVALID`: the `Accept` header excludes JSON.
 * - 400 `SESSIONS_NOT_SUPPORTED`: `combinedServiceIndicator: true` (no combined AIS+PIS sessions here).
 * - 409 `STATUS_INVALID`: the resource's status does not allow the operation (approving a revoked consent).
 * - 415 `FORMAT_ERROR`: a body that is not JSON.
 * - 429 `ACCESS_EXCEEDED`: the consent's `frequencyPerDay` for this endpoint and bank day is used up.
 */
export type Psd2MessageCode =
  | "FORMAT_ERROR"
  | "PARAMETER_NOT_SUPPORTED"
  | "PARAMETER_NOT_CONSISTENT"
  | "PERIOD_INVALID"
  | "RESOURCE_UNKNOWN"
  | "CONSENT_INVALID"
  | "CONSENT_EXPIRED"
  | "PSU_CREDENTIALS_INVALID"
  | "CONSENT_UNKNOWN"
  | "SERVICE_INVALID"
  | "REQUESTED_FORMATS_INVALID"
  | "STATUS_INVALID"
  | "SESSIONS_NOT_SUPPORTED"
  | "ACCESS_EXCEEDED";

/** A refusal a handler throws; the service turns it into a `tppMessages` reply. */
export class Psd2Error extends Error {
  readonly status: number;
  readonly code: Psd2MessageCode;
  /** The request element at fault, reported as `path` in the message (`bookingStatus`, `X-Request-ID`). */
  readonly path: string | undefined;
  /** Extra response headers (`Retry-After` on 429). */
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    status: number,
    code: Psd2MessageCode,
    text: string,
    options: { readonly path?: string; readonly headers?: Readonly<Record<string, string>> } = {},
  ) {
    super(text);
    this.name = "Psd2Error";
    this.status = status;
    this.code = code;
    this.path = options.path;
    this.headers = options.headers ?? {};
  }
}

/** The JSON body of a refusal. */
export function tppMessagesBody(error: Psd2Error): { tppMessages: { category: "ERROR"; code: string; path?: string; text: string }[] } {
  const message = { category: "ERROR" as const, code: error.code, text: error.message.slice(0, 500) };
  return { tppMessages: [error.path === undefined ? message : { ...message, path: error.path }] };
}

/** 400 FORMAT_ERROR about one request element. */
export function formatError(path: string, text: string): Psd2Error {
  return new Psd2Error(400, "FORMAT_ERROR", text, { path });
}
