/**
 * Bank CSV exports as a BankBridge format (`bank-csv`): recognised by the best built-in profile's score on the
 * first lines, read with that profile or the caller's (`formatOptions.profile`).
 *
 * @module
 */
import type { Issue } from "../../core/index.js";
import { createChunkDecoder, normalizeEncoding } from "../encoding.js";
import type { FormatResult, StatementFormat } from "../format.js";
import { applyProfile } from "./apply-profile.js";
import { builtinProfiles } from "./builtin-profiles.js";
import { readCsvRows } from "./csv-reader.js";
import type { MappingProfile } from "./mapping-profile.js";
import { matchProfile, profileHead } from "./match-profile.js";
import { profileOption } from "./profile-option.js";
import { recoverBytes } from "./recover-bytes.js";

/** Below this score the chosen profile is reported, so a user can check it or give their own. */
const SURE = 0.7;

function refuse(issue: Issue, issues: Issue[] = [issue]): FormatResult {
  return { statements: [], issues, rejected: issue };
}

/** The text as the profile's encoding reads it, when the profile names one the registry did not use. */
function reencode(text: string, from: string, profile: MappingProfile): { text: string; issue?: Issue } {
  const wanted = profile.encoding === undefined || profile.encoding === "auto" ? undefined : normalizeEncoding(profile.encoding);
  if (wanted === undefined || wanted === from) return { text };
  const bytes = recoverBytes(text, from);
  if (bytes === undefined) {
    return {
      text,
      issue: {
        severity: "warning",
        code: "BANK_CSV_ENCODING_IGNORED",
        message: `the profile says ${wanted}, but the document was already read as ${from} and cannot be read again; pass --encoding ${wanted}`,
        details: { profile: wanted, used: from },
      },
    };
  }
  return { text: createChunkDecoder(wanted).decode(bytes) };
}

/**
 * The bank CSV format (`bank-csv`): Chinese banks' and payment platforms' 网银 exports and other banks' CSV
 * downloads, through mapping profiles (`docs/profiles.md`).
 *
 * @example
 * const registry = createFormatRegistry([bankCsvFormat]);
 * registry.parse(bytes); // a built-in profile is chosen from the title lines and header names
 * registry.parse(bytes, { format: "bank-csv", formatOptions: { profile: myProfileJson } });
 */
export const bankCsvFormat: StatementFormat = {
  id: "bank-csv",
  description: "Bank and payment-platform CSV exports (ICBC, CMB, CCB, BOC, ABC, BoCom, Alipay, WeChat Pay, …) through mapping profiles",
  sniff({ text }) {
    return matchProfile(profileHead(text), builtinProfiles)?.score ?? 0;
  },
  parse(text, context) {
    const option = profileOption(context.formatOptions);
    if (option.issues.length > 0) {
      const first = option.issues[0] as Issue;
      return refuse({ ...first, message: `the mapping profile is not valid: ${first.message}` }, option.issues);
    }
    const issues: Issue[] = [];
    let profile = option.profile;
    let input = text;
    if (profile === undefined) {
      const match = matchProfile(profileHead(text), builtinProfiles);
      if (match === undefined || match.score < 0.5) {
        return refuse({
          severity: "error",
          code: "BANK_CSV_PROFILE_UNKNOWN",
          message: "no built-in profile recognises this table; write a mapping profile (docs/profiles.md) and pass it with --profile",
        });
      }
      profile = match.profile;
      if (match.score < SURE) {
        issues.push({
          severity: "warning",
          code: "BANK_CSV_PROFILE_UNCERTAIN",
          message: `read with the built-in profile "${profile.id}" (${profile.name}), which fits only partly (score ${match.score.toFixed(2)}); check the result or pass a profile with --profile`,
          details: { profile: profile.id, score: Number(match.score.toFixed(2)) },
        });
      }
    } else {
      const again = reencode(text, context.encoding, profile);
      input = again.text;
      if (again.issue !== undefined) issues.push(again.issue);
    }
    const result = applyProfile(
      readCsvRows(input, { delimiter: profile.delimiter ?? ",", quote: profile.quote ?? '"', trim: profile.trim ?? true }),
      profile,
      context,
    );
    return {
      statements: result.statements,
      issues: [...issues, ...result.issues],
      ...(result.rejected === undefined ? {} : { rejected: result.rejected }),
    };
  },
};
