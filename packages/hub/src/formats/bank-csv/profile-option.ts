/**
 * The caller's profile (`bankbridge parse --profile FILE`, `formatOptions.profile`): a profile object, checked
 * with `validateProfile`, or the id of a built-in profile.
 *
 * @module
 */
import type { Issue } from "../../core/index.js";
import { builtinProfile, builtinProfiles } from "./builtin-profiles.js";
import type { MappingProfile } from "./mapping-profile.js";
import { validateProfile } from "./validate-profile.js";

/**
 * The profile `formatOptions.profile` names: `undefined` profile and no issues when there is none (detect), the
 * profile when it is valid, the issues when it is not.
 */
export function profileOption(options: Readonly<Record<string, unknown>> | undefined): { profile?: MappingProfile; issues: Issue[] } {
  const value = options?.profile;
  if (value === undefined || value === null) return { issues: [] };
  if (typeof value === "string") {
    const profile = builtinProfile(value);
    if (profile !== undefined) return { profile, issues: [] };
    return {
      issues: [
        {
          severity: "error",
          code: "PROFILE_INVALID",
          message: `no built-in profile "${value.slice(0, 40)}"; known: ${builtinProfiles.map((p) => p.id).join(", ")}`,
          path: "",
        },
      ],
    };
  }
  return validateProfile(value);
}
