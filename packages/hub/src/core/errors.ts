/**
 * One error type for the whole hub, with a stable `code` from one catalogue.
 * Every code here is documented in `docs/errors.md` (a test keeps the two in step).
 *
 * @module
 */

/** What a code means for a caller: HTTP status at the API and whether trying again can help. */
export interface ErrorSpec {
  /** HTTP status the API answers with. */
  readonly status: number;
  /** Default for {@link HubError.retryable}; a thrower may override it for one case. */
  readonly retryable: boolean;
  /** One line for docs and for problem+json `title`. */
  readonly title: string;
}

/**
 * The catalogue. Codes are stable: clients and scripts match on them, so a code is never renamed
 * or reused for another meaning. Add new ones here and in `docs/errors.md`.
 */
export const ERROR_CODES = {
  // Canonical model
  MONEY_INVALID: { status: 400, retryable: false, title: "Amount is not a decimal number" },
  MONEY_OUT_OF_RANGE: { status: 400, retryable: false, title: "Amount has too many digits" },
  CURRENCY_UNKNOWN: { status: 400, retryable: false, title: "Currency is not an ISO 4217 code" },
  CURRENCY_MISMATCH: { status: 400, retryable: false, title: "Amounts in different currencies were combined" },
  DATE_INVALID: { status: 400, retryable: false, title: "Date is not a valid calendar date" },
  IBAN_INVALID: { status: 400, retryable: false, title: "IBAN fails its format or check digits" },
  BIC_INVALID: { status: 400, retryable: false, title: "BIC is not 8 or 11 characters of the right shape" },
  BANK_CODE_INVALID: { status: 400, retryable: false, title: "Chinese bank code is not a 3-digit bank or 12-digit CNAPS code" },
  ID_INVALID: { status: 400, retryable: false, title: "Identifier is empty or malformed" },
  MODEL_INVALID: { status: 400, retryable: false, title: "Document does not follow the canonical model" },
  // Input files and formats
  FILE_NOT_FOUND: { status: 404, retryable: false, title: "File does not exist" },
  FILE_UNREADABLE: { status: 400, retryable: false, title: "File cannot be read" },
  FILE_TOO_LARGE: { status: 413, retryable: false, title: "File is larger than the configured limit" },
  FORMAT_UNSUPPORTED: { status: 415, retryable: false, title: "No parser recognises this document" },
  // XML
  XML_MALFORMED: { status: 400, retryable: false, title: "XML is not well-formed" },
  XML_DTD_FORBIDDEN: { status: 400, retryable: false, title: "XML has a document type declaration" },
  XML_ENTITY_UNKNOWN: { status: 400, retryable: false, title: "XML refers to an entity that does not exist" },
  XML_TOO_DEEP: { status: 400, retryable: false, title: "XML elements are nested too deep" },
  XML_TEXT_TOO_LARGE: { status: 400, retryable: false, title: "XML text or attribute value is too long" },
  XML_TAG_TOO_LARGE: { status: 400, retryable: false, title: "XML tag is too long or has too many attributes" },
  XML_NAME_NOT_ASCII: { status: 400, retryable: false, title: "XML name could not be read from undecoded bytes" },
  // Store
  DB_URL_INVALID: { status: 500, retryable: false, title: "Database URL is not sqlite or postgres" },
  STORE_UNAVAILABLE: { status: 503, retryable: true, title: "Database cannot be reached" },
  STORE_MIGRATION_FAILED: { status: 500, retryable: false, title: "A database migration failed" },
  STORE_SCHEMA_TOO_NEW: { status: 500, retryable: false, title: "Database was migrated by a newer BankBridge" },
  STORE_CONFLICT: { status: 409, retryable: true, title: "A concurrent write conflicted; try again" },
  TENANT_NOT_FOUND: { status: 404, retryable: false, title: "Tenant does not exist" },
  ACCOUNT_NOT_FOUND: { status: 404, retryable: false, title: "Account does not exist" },
  DOCUMENT_NOT_FOUND: { status: 404, retryable: false, title: "Raw document does not exist" },
  // Service, API and CLI
  CONFIG_INVALID: { status: 500, retryable: false, title: "Configuration value is invalid" },
  PORT_IN_USE: { status: 500, retryable: false, title: "Port is already in use" },
  SCENARIO_INVALID: { status: 400, retryable: false, title: "Sandbox scenario file is not valid" },
  SANDBOX_UNAVAILABLE: { status: 500, retryable: false, title: "The sandbox package is not installed" },
  AUTH_REQUIRED: { status: 401, retryable: false, title: "Credentials are required" },
  AUTH_INVALID: { status: 401, retryable: false, title: "Credentials are not valid" },
  FORBIDDEN: { status: 403, retryable: false, title: "Credentials do not allow this action" },
  NOT_FOUND: { status: 404, retryable: false, title: "No such resource" },
  REQUEST_INVALID: { status: 400, retryable: false, title: "Request does not match the API contract" },
  USAGE: { status: 400, retryable: false, title: "Command line is not valid" },
  INTERNAL: { status: 500, retryable: false, title: "Unexpected internal error" },
} as const satisfies Record<string, ErrorSpec>;

/** A stable error code from {@link ERROR_CODES}. */
export type ErrorCode = keyof typeof ERROR_CODES;

/** Options of {@link HubError}. */
export interface HubErrorOptions {
  /** Whether the same call may succeed later. @default the catalogue's value for the code */
  readonly retryable?: boolean;
  /** Server-suggested wait before retrying (from `Retry-After` or a bank's hint), in milliseconds. */
  readonly retryAfterMs?: number;
  /** Structured facts for logs and API clients. Never secrets. */
  readonly details?: Readonly<Record<string, unknown>>;
  /** The lower-level error this one explains. */
  readonly cause?: unknown;
}

/**
 * The hub's error. Retry decisions read `retryable` and `retryAfterMs` (data), never the message.
 *
 * @example throw new HubError("ACCOUNT_NOT_FOUND", `account ${id} does not exist`, { details: { id } })
 */
export class HubError extends Error {
  override readonly name = "HubError";
  readonly code: ErrorCode;
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: ErrorCode, message: string, options: HubErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.retryable = options.retryable ?? ERROR_CODES[code].retryable;
    this.retryAfterMs = options.retryAfterMs;
    this.details = options.details ?? {};
  }

  /** HTTP status for this error's code. */
  get status(): number {
    return ERROR_CODES[this.code].status;
  }
}

/**
 * True for a {@link HubError}, also one from another copy of this module (checked by shape, not class,
 * so it holds across duplicated installs and vm realms).
 */
export function isHubError(value: unknown): value is HubError {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as { name?: unknown }).name === "HubError" &&
    typeof (value as { code?: unknown }).code === "string" &&
    Object.hasOwn(ERROR_CODES, (value as { code: string }).code)
  );
}

/** `value` as a HubError: itself if it is one, otherwise `INTERNAL` wrapping it as the cause. */
export function toHubError(value: unknown): HubError {
  if (isHubError(value)) return value;
  const message = value instanceof Error ? value.message : String(value);
  return new HubError("INTERNAL", message, { cause: value });
}
