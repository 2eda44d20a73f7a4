/**
 * ING (Netherlands). The statement-level `:86:` after `:62F:` states the day's totals: `/SUM/<debit count>/
 * <credit count>/<debit sum>/<credit sum>/` in the current format, `D000001C000002D10000,99C11,01` in the older
 * one (wolph #2) — read into the statement summary, so the integrity checks compare them with the entries. In
 * the older entry `:86:` the counterparty's account number comes first.
 *
 * @module
 */
import type { CurrencyCode, StatementSummary } from "../../../core/index.js";
import type { BankProfile } from "../bank-profile.js";
import { hasDutchTags } from "../dutch-details.js";
import { setParty } from "../entry-details.js";
import { parseSwiftAmount } from "../swift-amount.js";
import { genericProfile } from "./generic-profile.js";

function summary(
  debits: string,
  credits: string,
  debitSum: string,
  creditSum: string,
  currency: CurrencyCode,
): StatementSummary | undefined {
  const ds = parseSwiftAmount(debitSum, 0, debitSum.length, currency);
  const cs = parseSwiftAmount(creditSum, 0, creditSum.length, currency);
  if (ds === undefined || cs === undefined) return undefined;
  return { debits: { count: Number(debits), sum: ds }, credits: { count: Number(credits), sum: cs } };
}

/** ING Bank N.V. (INGBNL2A). */
export const ingProfile: BankProfile = {
  ...genericProfile,
  id: "ing",
  country: "NL",
  matches: ({ headerLines, envelopeAddress, accountField }) =>
    headerLines.some((l) => l.includes("INGBNL2A")) ||
    envelopeAddress?.startsWith("INGBNL2A") === true ||
    /^\s*NL\d{2}INGB/.test(accountField),
  // ING's own transaction codes (`00100` SEPA credit transfer, `01016` SEPA direct debit…), which its structured
  // statements write as `/TRCD/00100/` in the :61: supplementary details.
  readStatementLine(line, details) {
    const code = line.supplementaryDetails === undefined ? null : /^\/TRCD\/(\d{3,5})\/?\s*$/.exec(line.supplementaryDetails);
    if (code?.[1] === undefined) {
      genericProfile.readStatementLine(line, details);
      return;
    }
    genericProfile.readStatementLine({ ...line, supplementaryDetails: undefined }, details);
    details.domesticCode = code[1];
    details.domesticCodeIssuer = "ING";
  },
  parse86(lines, details) {
    const first = lines[0] ?? "";
    if (!hasDutchTags(first)) {
      // Older format: `0111111111 V. DE JONG KERKSTRAAT…`: the counterparty's account, then free text.
      const m = /^\s*(\d{9,10}) /.exec(first);
      if (m?.[1] !== undefined) {
        setParty(details, "account", m[1]);
        setParty(details, "accountScheme", "bban");
      }
    }
    genericProfile.parse86(lines, details);
  },
  readStatementInfo(text, currency) {
    const t = text.replaceAll("\n", "");
    const sum = /\/SUM\/(\d{1,9})\/(\d{1,9})\/(\d+,?\d*)\/(\d+,?\d*)\//.exec(t);
    if (sum !== null) return summary(sum[1] ?? "", sum[2] ?? "", sum[3] ?? "", sum[4] ?? "", currency);
    const legacy = /^\s*D(\d{6})C(\d{6})D(\d+,?\d*)C(\d+,?\d*)/.exec(t);
    if (legacy !== null) return summary(legacy[1] ?? "", legacy[2] ?? "", legacy[3] ?? "", legacy[4] ?? "", currency);
    return undefined;
  },
};
