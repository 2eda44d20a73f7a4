/**
 * Wire schemas of the API: what requests may carry and what responses look like, for validation and for
 * the generated OpenAPI document. Money is always `{ amount: "<signed decimal>", currency }` (`docs/model.md`).
 *
 * @module
 */
import { z } from "@hono/zod-openapi";
import { BALANCE_TYPES, ERROR_CODES, tryIsoDate } from "../core/index.js";

const ISSUE_SEVERITIES = ["error", "warning"] as const;
const ENTRY_STATUSES = ["booked", "pending", "information"] as const;
const INGEST_STATUSES = ["running", "succeeded", "partial", "failed"] as const;
const BALANCE_TYPE_SET: ReadonlySet<string> = new Set(BALANCE_TYPES);
const SCHEMES = ["iban", "bban", "cn", "other"] as const;
const ERROR_CODE_LIST = Object.keys(ERROR_CODES) as (keyof typeof ERROR_CODES)[];

/** A signed decimal amount as a string: money out of the account is negative. */
const Amount = z.string().openapi({ example: "-1234.50", description: "Signed decimal string; money out is negative." });
const Currency = z.string().openapi({ example: "EUR", description: "ISO 4217 currency code." });
const IsoDateString = z.string().openapi({ format: "date", example: "2024-03-01" });

/** A query parameter that must be a real calendar date. */
export const DateQuery = z
  .string()
  .refine((s) => tryIsoDate(s) !== undefined, { message: "must be a YYYY-MM-DD calendar date" })
  .openapi({ format: "date", example: "2024-03-01" });

export const ProblemSchema = z
  .object({
    type: z.string().openapi({ example: "urn:bankbridge:error:AUTH_REQUIRED" }),
    title: z.string(),
    status: z.number().int(),
    code: z.enum(ERROR_CODE_LIST),
    detail: z.string(),
    details: z.record(z.string(), z.unknown()).optional(),
  })
  .openapi("Problem", { description: "RFC 9457 problem details; `code` is stable and documented in docs/errors.md." });

export const IssueSchema = z
  .object({
    severity: z.enum(ISSUE_SEVERITIES),
    code: z.string(),
    message: z.string(),
    line: z.number().int().optional(),
    path: z.string().optional(),
    details: z.record(z.string(), z.unknown()).optional(),
  })
  .openapi("Issue");

export const BankSchema = z
  .object({
    id: z.string(),
    bic: z.string().optional(),
    cnBankCode: z.string().optional(),
    name: z.string().optional(),
    country: z.string().optional(),
  })
  .openapi("Bank");

export const AccountSchema = z
  .object({
    id: z.string().openapi({ description: "Hub-assigned account id." }),
    number: z.string().openapi({ description: "Account number as the bank identifies it (IBAN, BBAN, Chinese account number)." }),
    scheme: z.enum(SCHEMES),
    currency: Currency,
    bank: BankSchema.optional(),
    holderName: z.string().optional(),
    name: z.string().optional(),
    createdAt: z.string(),
  })
  .openapi("Account");

export const BalanceSchema = z
  .object({
    type: z.enum(BALANCE_TYPES),
    amount: Amount,
    currency: Currency,
    date: IsoDateString,
    dateTime: z.string().optional(),
    documentId: z.string().optional(),
    recordedAt: z.string(),
  })
  .openapi("Balance");

export const TransactionSchema = z
  .object({
    id: z.string(),
    accountId: z.string(),
    amount: Amount,
    currency: Currency,
    status: z.enum(ENTRY_STATUSES),
    bookingDate: IsoDateString.optional(),
    valueDate: IsoDateString.optional(),
    documentId: z.string().optional().openapi({ description: "Raw document (SHA-256) the transaction was last read from." }),
    ingestRunId: z.string().optional(),
    createdAt: z.string(),
    updatedAt: z.string(),
    entry: z
      .record(z.string(), z.unknown())
      .openapi({ description: "The canonical entry as the bank reported it: references, counterparty, remittance… (docs/model.md)." }),
  })
  .openapi("Transaction");

export const TransactionPageSchema = z
  .object({
    items: z.array(TransactionSchema),
    nextCursor: z.string().nullable().openapi({ description: "Pass as `cursor` for the next page; null on the last page." }),
  })
  .openapi("TransactionPage");

const Counts = z.object({ added: z.number().int(), updated: z.number().int(), unchanged: z.number().int() });

export const IngestRunSchema = z
  .object({
    id: z.string(),
    documentId: z.string().optional(),
    source: z.string(),
    format: z.string().optional(),
    status: z.enum(INGEST_STATUSES),
    startedAt: z.string(),
    finishedAt: z.string().optional(),
    added: z.number().int(),
    updated: z.number().int(),
    unchanged: z.number().int(),
    issues: z.array(IssueSchema),
  })
  .openapi("IngestRun");

export const ImportReportSchema = z
  .object({
    runId: z.string(),
    documentId: z.string().openapi({ description: "SHA-256 of the uploaded bytes." }),
    format: z.string().nullable().openapi({ description: "Format recognised; null when the document was rejected." }),
    status: z.enum(INGEST_STATUSES),
    added: z.number().int(),
    updated: z.number().int(),
    unchanged: z.number().int(),
    balances: Counts,
    accounts: z.array(z.string()),
    issues: z.array(IssueSchema),
  })
  .openapi("ImportReport");

export const AccountIdParam = z.object({
  accountId: z
    .string()
    .min(1)
    .max(200)
    .openapi({ param: { name: "accountId", in: "path" } }),
});

export const IdParam = z.object({
  id: z
    .string()
    .min(1)
    .max(200)
    .openapi({ param: { name: "id", in: "path" } }),
});

/** `limit` query parameter, 1 to `max`. */
export function limitQuery(max: number) {
  return z.coerce
    .number()
    .int()
    .min(1)
    .max(max)
    .optional()
    .openapi({ description: `At most ${max}.` });
}

export const TransactionQuerySchema = z.object({
  accountId: z.string().min(1).max(200).optional(),
  from: DateQuery.optional().openapi({ description: "Booking date (value date when there is none) from, inclusive." }),
  to: DateQuery.optional().openapi({ description: "… to, inclusive." }),
  status: z.enum(ENTRY_STATUSES).optional(),
  limit: limitQuery(1000).openapi({ description: "Page size, 1 to 1000; default 100." }),
  cursor: z.string().min(1).max(1000).optional(),
});

export const BalanceQuerySchema = z.object({
  type: z
    .string()
    .optional()
    .refine((s) => s === undefined || s.split(",").every((t) => BALANCE_TYPE_SET.has(t)), {
      message: `must be a comma-separated list of ${BALANCE_TYPES.join(", ")}`,
    })
    .openapi({ description: "Only these balance types (comma-separated).", example: "closingBooked,closingAvailable" }),
  from: DateQuery.optional(),
  to: DateQuery.optional(),
  limit: limitQuery(1000),
});

export const DocumentQuerySchema = z.object({
  filename: z.string().min(1).max(255).optional().openapi({ description: "Name to keep with the raw document." }),
});

/** JSON response entry for `responses` of a route. */
export function json<T extends z.ZodType>(schema: T, description: string) {
  return { content: { "application/json": { schema } }, description };
}

/** Problem response entry for `responses` of a route. */
export function problem(description: string) {
  return { content: { "application/problem+json": { schema: ProblemSchema } }, description };
}

/** Responses every `/v1` route can give before its handler runs: no key, or a key that is not valid. */
export function authProblems() {
  return { 401: problem("No API key, or one that is not valid (AUTH_REQUIRED, AUTH_INVALID).") };
}
