/**
 * Bank CSV exports through mapping profiles: the profile schema and its validation, the CSV row reader, the
 * profile engine (whole tables and streams), the built-in profiles, auto-detection and the `bank-csv` format.
 * Spreadsheet readers (`formats/excel`) feed their rows to the same engine.
 *
 * @module
 */
export { applyProfile } from "./apply-profile.js";
export { applyProfileStream } from "./apply-profile-stream.js";
export { bankCsvFormat } from "./bank-csv-format.js";
export { type BankCsvParser, type BankCsvStreamOptions, createBankCsvParser } from "./bank-csv-parser.js";
export { builtinProfile, builtinProfiles } from "./builtin-profiles.js";
export { type CsvDialect, type CsvRowReader, createCsvRowReader, readCsvRows, readCsvRowsAsync, type TableRow } from "./csv-reader.js";
export type {
  AccountSpec,
  AmountSpec,
  ColumnRef,
  DateSpec,
  DirectionOutcome,
  HeaderSpec,
  MappingProfile,
  MatchSpec,
  ProfileColumns,
  SkipSpec,
  StatusOutcome,
  TextSource,
  TitleSpec,
} from "./mapping-profile.js";
export { matchProfile, scoreProfile } from "./match-profile.js";
export { parseBankCsvStream } from "./parse-bank-csv-stream.js";
export type { ApplyProfileContext, BankCsvEvent } from "./profile-applier.js";
export { validateProfile } from "./validate-profile.js";
