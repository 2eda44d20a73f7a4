/**
 * The fault part of a sandbox scenario file, validated. Example:
 *
 * ```json
 * {
 *   "endpoints": {
 *     "*":              { "latency": { "lognormal": { "medianMs": 40, "p99Ms": 600 } } },
 *     "cmb:*":          { "errors": { "serverError": 0.02, "reset": 0.01 } },
 *     "psd2:transactions": { "errors": { "rateLimit": 0.1 }, "retryAfterSeconds": 3,
 *                            "pages": { "duplicateFromPrevious": 0.2, "outOfOrder": 0.1 } }
 *   },
 *   "outages": [{ "endpoint": "icbc:*", "from": "2026-06-01T10:00:00+08:00", "to": "2026-06-01T10:30:00+08:00" }]
 * }
 * ```
 *
 * Endpoint keys are `<service>:<operation>`; a rule for the exact key wins over `<service>:*`, which wins
 * over `*` (the whole rule, not field by field, so a scenario reads the way it behaves).
 *
 * @module
 */
import { z } from "zod";

const probability = z.number().min(0).max(1);

const latencySchema = z.union([
  z.object({ fixedMs: z.number().int().min(0).max(600_000) }).strict(),
  z.object({ uniform: z.object({ minMs: z.number().int().min(0), maxMs: z.number().int().min(0).max(600_000) }).strict() }).strict(),
  z
    .object({
      lognormal: z.object({ medianMs: z.number().positive().max(600_000), p99Ms: z.number().positive().max(600_000) }).strict(),
    })
    .strict(),
]);

const ruleSchema = z
  .object({
    latency: latencySchema.optional(),
    errors: z
      .object({
        serverError: probability.optional(),
        reset: probability.optional(),
        timeout: probability.optional(),
        garble: probability.optional(),
        rateLimit: probability.optional(),
      })
      .strict()
      .refine((e) => Object.values(e).reduce((a: number, b) => a + (b ?? 0), 0) <= 1, {
        message: "error rates of one endpoint add up to more than 1",
      })
      .optional(),
    /** HTTP status for serverError (default 503). */
    serverErrorStatus: z.number().int().min(500).max(599).optional(),
    retryAfterSeconds: z.number().int().min(0).max(86_400).optional(),
    /** How long a "timeout" holds the connection before closing it (real milliseconds; default 30 s). */
    timeoutHoldMs: z.number().int().min(0).max(600_000).optional(),
    pages: z
      .object({
        duplicateFromPrevious: probability.optional(),
        outOfOrder: probability.optional(),
        changesBetweenReads: probability.optional(),
        malformedRecords: probability.optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

const endpointPattern = z
  .string()
  .regex(/^(\*|[a-z0-9-]+:(\*|[A-Za-z0-9_.\-/]+))$/, "endpoint keys are '*', 'service:*' or 'service:operation'");

const outageSchema = z
  .object({
    endpoint: endpointPattern,
    from: z.iso.datetime({ offset: true }),
    to: z.iso.datetime({ offset: true }),
  })
  .strict()
  .refine((o) => Date.parse(o.to) > Date.parse(o.from), { message: "an outage must end after it starts" });

/** The fault part of a scenario. */
export const faultScenarioSchema = z
  .object({
    endpoints: z.record(endpointPattern, ruleSchema).optional(),
    outages: z.array(outageSchema).max(1000).optional(),
  })
  .strict();

/** A validated fault scenario. */
export type FaultScenario = z.infer<typeof faultScenarioSchema>;
/** One endpoint's rule. */
export type FaultRule = z.infer<typeof ruleSchema>;

/** The outcome of {@link parseFaultScenario}: the scenario, or every mistake with its JSON path. */
export type FaultScenarioResult =
  | { readonly ok: true; readonly scenario: FaultScenario }
  | { readonly ok: false; readonly code: "SCENARIO_INVALID"; readonly message: string };

/** Validates `input` (parsed JSON) as a fault scenario. */
export function parseFaultScenario(input: unknown): FaultScenarioResult {
  const result = faultScenarioSchema.safeParse(input ?? {});
  if (result.success) return { ok: true, scenario: result.data };
  const message = result.error.issues.map((i) => `${i.path.length > 0 ? i.path.join(".") : "(root)"}: ${i.message}`).join("; ");
  return { ok: false, code: "SCENARIO_INVALID", message };
}

/** The rule that applies to `endpoint`: exact key, else `service:*`, else `*`, else none. */
export function ruleFor(scenario: FaultScenario, endpoint: string): FaultRule | undefined {
  const rules = scenario.endpoints;
  if (rules === undefined) return undefined;
  const exact = rules[endpoint];
  if (exact !== undefined) return exact;
  const colon = endpoint.indexOf(":");
  if (colon > 0) {
    const service = rules[`${endpoint.slice(0, colon)}:*`];
    if (service !== undefined) return service;
  }
  return rules["*"];
}

/** Whether an outage pattern covers `endpoint`. */
export function patternCovers(pattern: string, endpoint: string): boolean {
  if (pattern === "*" || pattern === endpoint) return true;
  return pattern.endsWith(":*") && endpoint.startsWith(pattern.slice(0, -1));
}
