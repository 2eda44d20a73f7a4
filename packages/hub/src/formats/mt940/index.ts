/**
 * SWIFT MT940 customer statements and MT942 interim reports: the two formats for the registry
 * (`mt940Formats`), the MT940 writer (`mt940Writer`), the streaming parser for files too large to hold
 * (`parseMt940Stream`), and the pieces bank profiles and tests build on.
 *
 * @module
 */
export { type AccountField, parseAccountField } from "./account-field.js";
export { type BalanceField, type BalanceFieldError, isBalanceFieldError, parseBalanceField } from "./balance-field.js";
export type { BankProfile, StatementHints } from "./bank-profile.js";
export { genericProfile } from "./banks/generic-profile.js";
export { BANK_PROFILES, selectBankProfile } from "./banks/select-bank-profile.js";
export { generateMt940, type Mt940SampleOptions } from "./generate-mt940.js";
export { mt940Format, mt940Formats, mt942Format } from "./mt940-format.js";
export { MT940_ISSUES } from "./mt940-issues.js";
export { createMt940Reader, type Mt940Reader, type Mt940ReaderOptions } from "./mt940-reader.js";
export type { Mt940Sink } from "./mt940-sink.js";
export { mt940Writer } from "./mt940-writer.js";
export { mt940Rejection, parseMt940 } from "./parse-mt940.js";
export { type Mt940StreamEvent, parseMt940Stream } from "./parse-mt940-stream.js";
export {
  type DebitCreditMark,
  isStatementLineError,
  parseStatementLine,
  type StatementLine,
  type StatementLineError,
} from "./statement-line.js";
export { writeMt940 } from "./write-mt940.js";
