/**
 * ABN AMRO. Files start every statement with the header lines `ABNANL2A` / `940` / `ABNANL2A`. In the older
 * free-text `:86:`, a giro transfer starts with `GIRO <account> <name>` and card payments with `BEA`/`GEA`.
 *
 * @module
 */
import type { BankProfile } from "../bank-profile.js";
import { setParty } from "../entry-details.js";
import { genericProfile } from "./generic-profile.js";

/** ABN AMRO Bank (ABNANL2A). */
export const abnAmroProfile: BankProfile = {
  ...genericProfile,
  id: "abn-amro",
  country: "NL",
  matches: ({ headerLines, envelopeAddress, accountField }) =>
    headerLines.some((l) => l.trim() === "ABNANL2A") ||
    envelopeAddress?.startsWith("ABNANL2A") === true ||
    /^\s*NL\d{2}ABNA/.test(accountField),
  parse86(lines, details) {
    const text = lines[0] ?? "";
    const giro = /^GIRO\s+(\d+)\s+(\S.*?)(?:\s{2,}|$)/.exec(text);
    if (giro?.[1] !== undefined && giro[2] !== undefined) {
      setParty(details, "account", giro[1]);
      setParty(details, "accountScheme", "bban");
      setParty(details, "name", giro[2].trim());
    }
    const kind = /^(GIRO|BEA|GEA|CHIP)\s/.exec(text);
    if (kind?.[1] !== undefined) details.description ??= kind[1];
    genericProfile.parse86(lines, details);
  },
};
