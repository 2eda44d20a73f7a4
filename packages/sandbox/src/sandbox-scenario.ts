/**
 * A sandbox scenario file (`bankbridge sandbox --scenario FILE`): the simulated clock and the faults.
 *
 * ```json
 * {
 *   "clock": { "start": "2026-06-01T09:00:00+08:00", "speed": 60 },
 *   "faults": { "endpoints": { "cmb:*": { "errors": { "serverError": 0.05 } } } }
 * }
 * ```
 *
 * @module
 */
import { z } from "zod";
import { type FaultScenario, faultScenarioSchema } from "./faults/fault-scenario.js";

/** The default start of simulated time: a Monday morning in Beijing, fixed so that runs repeat exactly. */
export const DEFAULT_START = "2026-06-01T09:00:00+08:00";

const scenarioSchema = z
  .object({
    clock: z
      .object({
        start: z.iso.datetime({ offset: true }).optional(),
        /** Simulated ms per real ms; 0 freezes time between admin advances. */
        speed: z.number().min(0).max(1_000_000).optional(),
      })
      .strict()
      .optional(),
    faults: faultScenarioSchema.optional(),
  })
  .strict();

/** A validated scenario. */
export interface SandboxScenario {
  readonly clock?: { readonly start?: string; readonly speed?: number };
  readonly faults?: FaultScenario;
}

/** Validates a parsed scenario file; every mistake is named with its path. */
export function parseSandboxScenario(
  input: unknown,
):
  | { readonly ok: true; readonly scenario: SandboxScenario }
  | { readonly ok: false; readonly code: "SCENARIO_INVALID"; readonly message: string } {
  const r = scenarioSchema.safeParse(input ?? {});
  if (r.success) return { ok: true, scenario: r.data };
  return {
    ok: false,
    code: "SCENARIO_INVALID",
    message: r.error.issues.map((i) => `${i.path.length > 0 ? i.path.join(".") : "(root)"}: ${i.message}`).join("; "),
  };
}
