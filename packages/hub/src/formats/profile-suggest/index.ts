/**
 * Profile inference: proposes a bank-CSV mapping profile for an export no built-in profile knows, from its
 * header names and column contents, with a confidence and the evidence per column (`bankbridge profile suggest`).
 *
 * @module
 */
export { chainShare } from "./balance-chain.js";
export { type ColumnStats, columnStats } from "./column-stats.js";
export { type FoundTable, findTable } from "./find-table.js";
export { matchName, normalizeName, type SuggestField } from "./header-names.js";
export {
  type DocumentSuggestion,
  detectDelimiter,
  type SuggestDocumentOptions,
  SuggestError,
  suggestDocument,
} from "./suggest-document.js";
export { type ColumnChoice, type ProfileSuggestion, type SuggestOptions, suggestProfile } from "./suggest-profile.js";
