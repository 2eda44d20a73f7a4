/**
 * The findings the MT940/MT942 parser and writer report, in one table so each code, its severity and its
 * meaning live together (every code has an entry in `docs/errors.md`).
 *
 * @module
 */
import type { Issue, IssueSeverity } from "../../core/index.js";

interface IssueKind {
  readonly code: string;
  readonly severity: IssueSeverity;
}

/** Every issue kind of the MT940 folder, by a short name. */
export const MT940_ISSUES = {
  /** The document has no MT940/MT942 field at all; refused. */
  unrecognised: { code: "MT940_UNRECOGNISED", severity: "error" },
  /** Fields were found, but not one statement could be read from them; refused. */
  noStatement: { code: "MT940_NO_STATEMENT", severity: "error" },
  /** An MT940 statement has no balance and no entry: only its head (or another document's text that looks like it). */
  statementEmpty: { code: "MT940_STATEMENT_EMPTY", severity: "warning" },
  /** A statement has no `:25:` account; it is skipped. */
  accountMissing: { code: "MT940_ACCOUNT_MISSING", severity: "error" },
  /** No currency is known for an amount (no `:60F:`, `:25:` or `:34F:` currency yet); the amount is skipped. */
  currencyMissing: { code: "MT940_CURRENCY_MISSING", severity: "error" },
  /** A currency code that is not ISO 4217 (DEM, a typo); the statement or balance is skipped. */
  currencyUnknown: { code: "MT940_CURRENCY_UNKNOWN", severity: "error" },
  /** A `:61:` statement line that cannot be read; the entry is skipped. */
  statementLineInvalid: { code: "MT940_STATEMENT_LINE_INVALID", severity: "error" },
  /** An unreadable amount; its entry or balance is skipped (never read as zero). */
  amountInvalid: { code: "MT940_AMOUNT_INVALID", severity: "error" },
  /** An amount with more decimals than its currency has that are not zeros (`EUR1234,567`); kept exactly. */
  amountDecimals: { code: "MT940_AMOUNT_DECIMALS", severity: "warning" },
  /** An impossible date; its entry or balance is skipped. */
  dateInvalid: { code: "MT940_DATE_INVALID", severity: "error" },
  /** A balance field (`:60F:`, `:62F:`, `:64:`, `:65:`) that cannot be read; skipped. */
  balanceInvalid: { code: "MT940_BALANCE_INVALID", severity: "error" },
  /** A field where it cannot be (a second `:25:` inside one statement); ignored. */
  fieldUnexpected: { code: "MT940_FIELD_UNEXPECTED", severity: "error" },
  /** A line or field longer than any bank writes; cut. */
  lineTooLong: { code: "MT940_LINE_TOO_LONG", severity: "error" },
  /** A day past the month's end (30 February, the 30/360 interest convention); read as the month's last day. */
  dateAdjusted: { code: "MT940_DATE_ADJUSTED", severity: "warning" },
  /** A `D-`/`C-` amount (cmxl #34): read as the reversal it stands for. */
  negativeAmount: { code: "MT940_NEGATIVE_AMOUNT", severity: "warning" },
  /** A field tag this parser does not know; ignored. */
  fieldUnknown: { code: "MT940_FIELD_UNKNOWN", severity: "warning" },
  /** An optional field (`:28C:`, `:13D:`, `:34F:`, `:90C:`…) that cannot be read; ignored. */
  fieldInvalid: { code: "MT940_FIELD_INVALID", severity: "warning" },
  /** A balance without a currency code; read in the statement's currency. */
  balanceCurrencyMissing: { code: "MT940_BALANCE_CURRENCY_MISSING", severity: "warning" },
  /** The `:25:` currency differs from the balances' currency; the balances' is used. */
  accountCurrencyMismatch: { code: "MT940_ACCOUNT_CURRENCY_MISMATCH", severity: "warning" },
  /** Writer: facts MT940 has no field for; left out (one issue per statement and kind of fact). */
  writeNotRepresentable: { code: "MT940_WRITE_NOT_REPRESENTABLE", severity: "warning" },
  /** Writer: a reference or text longer than its SWIFT field; cut. */
  writeTruncated: { code: "MT940_WRITE_TRUNCATED", severity: "warning" },
  /** Writer: characters that would break the MT940 structure (`?` in `:86:` subfields, line breaks) replaced. */
  writeTextChanged: { code: "MT940_WRITE_TEXT_CHANGED", severity: "warning" },
  /** Writer: a mandatory balance (`:60F:`/`:62F:`) is missing and cannot be derived. */
  writeBalanceMissing: { code: "MT940_WRITE_BALANCE_MISSING", severity: "warning" },
  /** Writer: the file goes beyond SWIFT's rules (characters outside its X set, a `:86:` over 6 lines); written as is. */
  writeBeyondSwift: { code: "MT940_WRITE_BEYOND_SWIFT", severity: "warning" },
} as const satisfies Record<string, IssueKind>;

/** A short name of an MT940 issue kind. */
export type Mt940IssueKind = keyof typeof MT940_ISSUES;

/** An issue of `kind` with `message`, at `line` when known. */
export function mt940Issue(kind: Mt940IssueKind, message: string, line?: number, details?: Readonly<Record<string, unknown>>): Issue {
  const { code, severity } = MT940_ISSUES[kind];
  return {
    severity,
    code,
    message,
    ...(line === undefined ? {} : { line }),
    ...(details === undefined ? {} : { details }),
  };
}
