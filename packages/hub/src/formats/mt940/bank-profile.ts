/**
 * Bank profiles: what differs between banks writing "the same" MT940 — how they fill `:86:`, what they pack
 * into the `:61:` references, what their statement-level `:86:` means. A profile is a plain object, usually
 * `{ ...genericProfile, id, matches, …overrides }`; the statement reader picks one per statement from what
 * precedes and identifies it, and never branches on a bank itself.
 *
 * @module
 */
import type { CurrencyCode, StatementSummary } from "../../core/index.js";
import type { AccountField } from "./account-field.js";
import type { EntryDetails } from "./entry-details.js";
import type { NonSwiftValue } from "./non-swift-field.js";
import type { StatementLine } from "./statement-line.js";

/** What is known about a statement when its profile is chosen (at its `:25:` field). */
export interface StatementHints {
  /**
   * Lines before the statement that are not fields: bank headers such as ABN AMRO's `ABNANL2A` / `940` /
   * `ABNANL2A`, ING's `0000 01INGBNL2AXXXX00001` or Rabobank's `:940:`. The last few are kept.
   */
  readonly headerLines: readonly string[];
  /** The logical terminal address (BIC and terminal code) in the SWIFT envelope's `{1:}`/`{2:}` blocks, when present. */
  readonly envelopeAddress?: string;
  /** The `:25:` text as written. */
  readonly accountField: string;
}

/** A bank's way of writing MT940. */
export interface BankProfile {
  /** Stable name (`generic`, `ing`, `rabobank`…), for tests and diagnostics. */
  readonly id: string;
  /** Whether this profile applies to a statement. */
  matches(hints: StatementHints): boolean;
  /**
   * The country (ISO 3166 alpha-2) of the bank's accounts, when it has one. A profile that matches only by the
   * file's header lines is not used for a statement whose `:25:` is an IBAN of another country.
   */
  readonly country?: string;
  /**
   * Who defines the domestic transaction code before the `:86:` subfields. `"DK"` (Deutsche Kreditwirtschaft)
   * for German banks: the code becomes `{ code: "NTRF+166", issuer: "DK" }` as in German camt.
   */
  readonly domesticCodeIssuer?: string;
  /** Reads the `:25:` field. */
  parseAccount(text: string): AccountField | undefined;
  /**
   * Takes what the `:61:` line says beyond amount and dates: sets `details.lineReference` (the customer
   * reference as this bank means it) and reads the supplementary details.
   */
  readStatementLine(line: StatementLine, details: EntryDetails): void;
  /** Reads an entry's `:86:`, given as its lines (slices of the document: cut values from them, see JoinedLines). */
  parse86(lines: readonly string[], details: EntryDetails): void;
  /** Reads an entry's `:NS:` values. */
  readNonSwift(values: readonly NonSwiftValue[], details: EntryDetails): void;
  /** Totals a statement-level `:86:` states, when this bank puts them there (ING `/SUM/`). */
  readStatementInfo(text: string, currency: CurrencyCode): StatementSummary | undefined;
}
