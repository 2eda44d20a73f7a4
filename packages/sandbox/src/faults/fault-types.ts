/**
 * The contract of fault injection. A scenario (a JSON file or the admin API) says which faults happen on
 * which endpoint; a {@link FaultPlan} turns it into deterministic decisions: the n-th request to an
 * endpoint gets the same decision for the same seed and scenario, so a failing test can be replayed.
 *
 * Front ends ask the plan on every request (`decide`) and apply the decision in their own transport
 * (an HTTP status, a reset socket, a hang, a garbled body, an SSH disconnect); paged queries ask
 * `pageFaults` and reshape their records (duplicates across pages, out-of-order pages, a page that changes
 * between reads, malformed records).
 *
 * @module
 */

/** Names an endpoint in scenarios and decisions: `<service>:<operation>`, e.g. `cmb:DCTRSINF`, `psd2:transactions`, `ccb:6WY101`, `sftp:read`. */
export type EndpointKey = string;

/** What to do with one request. */
export type FaultAction =
  | { readonly kind: "none" }
  /** Answer with this HTTP status (5xx) or, for non-HTTP transports, the bank's "system busy" error. */
  | { readonly kind: "serverError"; readonly status: number }
  /** Close the connection without an answer (TCP RST where the transport allows). */
  | { readonly kind: "reset" }
  /** Accept the request and never answer (the client's timeout must fire); the connection is closed after `holdMs`. */
  | { readonly kind: "timeout"; readonly holdMs: number }
  /** Answer with a corrupted body (truncated or bytes flipped). */
  | { readonly kind: "garble" }
  /** 429 with `Retry-After` (or the bank's rate-limit error code). */
  | { readonly kind: "rateLimit"; readonly retryAfterSeconds: number }
  /** The front end is down: connection refused where possible, else an HTML error page / "前置机不可用". */
  | { readonly kind: "down"; readonly untilMs: number };

/** One decision: a delay before acting, then the action. */
export interface FaultDecision {
  readonly latencyMs: number;
  readonly action: FaultAction;
}

/** How to reshape the records of one page of a paged query. */
export interface PageFaults {
  /** Repeat this many records from the end of the previous page at the start of this one. */
  readonly duplicateFromPrevious: number;
  /** Serve the pages of this query in a different order than asked (the page number in the reply says which it is). */
  readonly outOfOrder: boolean;
  /** The page's content differs between two reads (a record is added or a field rewritten between reads). */
  readonly changesBetweenReads: boolean;
  /** Indices (within the page) of records to send malformed (a field unparsable or missing). */
  readonly malformedRecords: readonly number[];
}

/** Deterministic fault decisions for the whole sandbox. */
export interface FaultPlan {
  /** The decision for the next request to `endpoint` at simulated instant `nowMs`. */
  decide(endpoint: EndpointKey, nowMs: number): FaultDecision;
  /** How to reshape page `pageIndex` (0-based) of a paged query on `endpoint` holding `recordCount` records. */
  pageFaults(endpoint: EndpointKey, pageIndex: number, recordCount: number): PageFaults;
}

/** The admin API's handle on the running scenario (`GET`/`PUT /_admin/faults`). */
export interface FaultControl {
  /** The scenario in force, as JSON. */
  current(): unknown;
  /**
   * Replaces the scenario (validated first; the old one stays on error). Counters restart, so decisions
   * after a replace are again deterministic from the seed and the new scenario.
   */
  replace(scenario: unknown): { readonly ok: true } | { readonly ok: false; readonly code: string; readonly message: string };
}
