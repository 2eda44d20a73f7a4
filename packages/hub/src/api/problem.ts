/**
 * Errors as RFC 9457 problem details (`application/problem+json`). Every error response of the API is
 * built here, from a {@link HubError} code and the catalogue's status and title.
 *
 * @module
 */
import type { ErrorCode } from "../core/index.js";
import { ERROR_CODES, HubError, isHubError } from "../core/index.js";

/** The body of an error response. */
export interface Problem {
  /** `urn:bankbridge:error:<CODE>`; the code is documented in `docs/errors.md`. */
  readonly type: string;
  /** The catalogue's one-line title for the code. */
  readonly title: string;
  /** HTTP status, the same as the response's. */
  readonly status: number;
  /** Stable error code; clients match on this, never on `detail`. */
  readonly code: ErrorCode;
  /** What happened in this case. */
  readonly detail: string;
  /** Structured facts (for `REQUEST_INVALID`, the `fields` at fault). */
  readonly details?: Readonly<Record<string, unknown>>;
}

/** Media type of error bodies. */
export const PROBLEM_MEDIA_TYPE = "application/problem+json";

/** The problem body for a HubError. */
export function toProblem(error: HubError): Problem {
  const spec = ERROR_CODES[error.code];
  return {
    type: `urn:bankbridge:error:${error.code}`,
    title: spec.title,
    status: spec.status,
    code: error.code,
    detail: error.message,
    ...(Object.keys(error.details).length > 0 ? { details: error.details } : {}),
  };
}

// Hono and its middleware throw HTTPException with a bare status; these are the codes they mean.
const STATUS_CODES: Readonly<Record<number, ErrorCode>> = {
  400: "REQUEST_INVALID",
  401: "AUTH_REQUIRED",
  403: "FORBIDDEN",
  404: "NOT_FOUND",
  413: "FILE_TOO_LARGE",
  415: "FORMAT_UNSUPPORTED",
};

/**
 * Any thrown value as a HubError the client may see, and whether it was unexpected (and must be logged).
 * Unexpected errors become `INTERNAL` with a fixed message: their own message and stack can reveal
 * internals (SQL, paths), so they go to the log only.
 */
export function classifyError(error: unknown): { readonly error: HubError; readonly unexpected: boolean } {
  if (isHubError(error)) return { error, unexpected: false };
  const status = httpStatusOf(error);
  if (status !== undefined && status >= 400 && status < 500) {
    const code = STATUS_CODES[status] ?? "REQUEST_INVALID";
    const message = error instanceof Error && error.message !== "" ? error.message : ERROR_CODES[code].title;
    return { error: new HubError(code, message, { cause: error }), unexpected: false };
  }
  return { error: new HubError("INTERNAL", "unexpected internal error; see the server log", { cause: error }), unexpected: true };
}

/** The status of an `HTTPException`-shaped error (checked by shape, like Hono's own handler). */
function httpStatusOf(error: unknown): number | undefined {
  if (typeof error !== "object" || error === null || !("getResponse" in error) || !("status" in error)) return undefined;
  return typeof error.status === "number" ? error.status : undefined;
}
