/**
 * A statement while it is read: the facts of its fields so far, and how it becomes a canonical statement
 * (its head before the first entry, then complete at its end).
 *
 * @module
 */
import type {
  Account,
  Balance,
  CurrencyCode,
  DocumentId,
  IsoDateTime,
  Statement,
  StatementKind,
  StatementSummary,
} from "../../core/index.js";
import type { BankProfile } from "./bank-profile.js";

type Writable<T> = { -readonly [K in keyof T]: T[K] };

/** Where the statement is in its fields: its head, its entries, or its end (closing balances and after). */
export const PHASE = { head: 0, entries: 1, end: 2 } as const;

/** What the fields of one statement said so far. */
export interface StatementDraft {
  readonly line: number;
  id?: string;
  account?: Account;
  accountSeen: boolean;
  profile: BankProfile;
  currency?: CurrencyCode;
  currencyFromBalance: boolean;
  statementNumber?: string;
  page?: number;
  opening?: Balance;
  closing?: Balance;
  closingFinal?: boolean;
  balances: Balance[];
  createdAt?: IsoDateTime;
  summary?: { -readonly [K in keyof StatementSummary]: StatementSummary[K] };
  info: string[];
  /** The statement-level :86: texts alone, for the profile's {@link BankProfile.readStatementInfo}. */
  info86: string[];
  holderName?: string;
  accountName?: string;
  /** One of {@link PHASE}. */
  phase: number;
  headSent: boolean;
  /** Skipped (no account, unknown currency): its remaining fields are not read and not reported again. */
  dead: boolean;
}

/**
 * The canonical statement for `s`: its head (`complete` false: no closing balance, other balances, summary or
 * text yet) or all of it. `entries` is empty either way: entries are handed on one by one.
 */
export function buildStatement(s: StatementDraft, kind: StatementKind, documentId: DocumentId | undefined, complete: boolean): Statement {
  const account = s.account as Account;
  const st: Writable<Statement> = {
    kind,
    account: {
      ...account,
      ...(s.currency === undefined ? {} : { currency: s.currency }),
      ...(s.holderName === undefined || s.holderName === "" ? {} : { holderName: s.holderName }),
      ...(s.accountName === undefined || s.accountName === "" ? {} : { name: s.accountName }),
    },
    balances: complete ? s.balances : [],
    entries: [],
  };
  if (s.id !== undefined) st.id = s.id;
  if (s.createdAt !== undefined) st.createdAt = s.createdAt;
  if (s.statementNumber !== undefined || s.page !== undefined || (complete && s.closingFinal === false)) {
    const sequence: Writable<NonNullable<Statement["sequence"]>> = {};
    // The statement number is both the printed number and the one that counts up from statement to
    // statement; the :28C: sequence number is the page (see docs/architecture.md, MT940).
    // Only a statement's first page counts in the running number: its later pages repeat the number, and
    // banks that do not number statements write zeros.
    if (s.statementNumber !== undefined) {
      sequence.legal = s.statementNumber;
      if (/[1-9]/.test(s.statementNumber) && (s.page === undefined || s.page === 1)) sequence.electronic = s.statementNumber;
    }
    if (s.page !== undefined) sequence.page = s.page;
    if (complete && s.closingFinal !== undefined && (s.page !== undefined || !s.closingFinal)) sequence.lastPage = s.closingFinal;
    st.sequence = sequence;
  }
  if (s.opening !== undefined) st.openingBalance = s.opening;
  if (complete && s.closing !== undefined) st.closingBalance = s.closing;
  if (complete && s.summary !== undefined) st.summary = s.summary;
  if (complete && s.info.length > 0) st.additionalInfo = s.info.join("\n");
  st.source = documentId === undefined ? { line: s.line } : { documentId, line: s.line };
  return st;
}
