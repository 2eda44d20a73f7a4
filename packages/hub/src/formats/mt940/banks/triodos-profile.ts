/**
 * Triodos Bank writes its name where a BIC or bank code would be: `:25:TRIODOSBANK/0390123456`. Its `:86:` uses
 * the German subfield structure with `>` as separator, which the generic profile already reads.
 *
 * @module
 */
import type { BankProfile } from "../bank-profile.js";
import { genericProfile } from "./generic-profile.js";

/** Triodos Bank. */
export const triodosProfile: BankProfile = {
  ...genericProfile,
  id: "triodos",
  country: "NL",
  matches: ({ accountField }) => /^\s*TRIODOSBANK\//.test(accountField),
  parseAccount(text) {
    const id = text.trim().slice("TRIODOSBANK/".length).trim();
    return id === "" ? undefined : { account: { id, scheme: /^\d+$/.test(id) ? "bban" : "other", bank: { name: "Triodos Bank" } } };
  },
};
