/**
 * The canonical bank-data model: what every format parser and bank connector produces and every
 * later stage (store, reconciliation, API) consumes. Plain readonly data; no classes, no I/O.
 * The JSON form is in `canonical-json.ts` and `docs/model.md`.
 *
 * @module
 */

import type { IsoDate, IsoDateTime } from "./dates.js";
import type { Bic, CnBankCode, DocumentId } from "./ids.js";
import type { Money } from "./money.js";

/**
 * The kind of a balance. ISO 20022 codes map as OPBD→openingBooked, CLBD→closingBooked,
 * ITBD→interimBooked, ITAV→interimAvailable, CLAV→closingAvailable, FWAV→forwardAvailable,
 * OPAV→openingAvailable, PRCD→previouslyClosedBooked, XPCD→expected, INFO→information.
 * Chinese direct-connect balances: 联机余额 online, 可用余额 available, 冻结余额 frozen, 上日余额 previousDay.
 */
export type BalanceType =
  | "openingBooked"
  | "closingBooked"
  | "interimBooked"
  | "interimAvailable"
  | "closingAvailable"
  | "forwardAvailable"
  | "openingAvailable"
  | "previouslyClosedBooked"
  | "expected"
  | "information"
  | "online"
  | "available"
  | "frozen"
  | "previousDay";

/** Every {@link BalanceType}, in documentation order. */
export const BALANCE_TYPES: readonly BalanceType[] = [
  "openingBooked",
  "closingBooked",
  "interimBooked",
  "interimAvailable",
  "closingAvailable",
  "forwardAvailable",
  "openingAvailable",
  "previouslyClosedBooked",
  "expected",
  "information",
  "online",
  "available",
  "frozen",
  "previousDay",
];

/** A balance of one account at one date (and time, for intraday balances). */
export interface Balance {
  readonly type: BalanceType;
  /** Signed: a debit (overdrawn) balance is negative. */
  readonly amount: Money;
  readonly date: IsoDate;
  readonly dateTime?: IsoDateTime;
  /** Credit line included in the balance, when the bank reports one. */
  readonly creditLine?: Money;
}

/** The bank that services an account or a counterparty's account. */
export interface BankRef {
  readonly bic?: Bic;
  /** 3-digit Chinese bank code or 12-digit CNAPS branch code (联行号). */
  readonly cnBankCode?: CnBankCode;
  /** National clearing code that is not Chinese (German BLZ, UK sort code, US ABA…). */
  readonly clearingCode?: string;
  readonly name?: string;
  /** ISO 3166 alpha-2 country. */
  readonly country?: string;
}

/** How an account number is written. */
export type AccountScheme = "iban" | "bban" | "cn" | "other";

/** An account the hub reports on (the statement's own account). */
export interface Account {
  /** The account number exactly as the bank identifies it: IBAN (electronic form), BBAN or Chinese 账号. */
  readonly id: string;
  readonly scheme: AccountScheme;
  readonly currency?: Money["currency"];
  readonly bank?: BankRef;
  /** Legal holder (户名). */
  readonly holderName?: string;
  /** A bank's or user's label for the account. */
  readonly name?: string;
}

/** The other side of a transaction, relative to the statement's account. */
export interface Party {
  readonly name?: string;
  /** Their account number (IBAN, BBAN, Chinese 账号, card number as the bank masked it). */
  readonly account?: string;
  readonly accountScheme?: AccountScheme;
  /** Their bank: BIC, CNAPS or clearing code as a single identifier, whichever the bank gave. */
  readonly bankId?: string;
  readonly bankName?: string;
  readonly address?: readonly string[];
  /** Ultimate party when it differs from the direct one (UltmtDbtr/UltmtCdtr). */
  readonly ultimateName?: string;
  /** Organisation or private id (LEI, tax id, creditor id). */
  readonly partyId?: string;
}

/** References a bank attaches to a transaction. All optional; most banks send some. */
export interface References {
  /** Bank's reference for the booking (MT940 `//` bank reference, Chinese 流水号). */
  readonly bankReference?: string;
  /** ISO AcctSvcrRef: the servicer's unique reference. */
  readonly accountServicerReference?: string;
  /** Customer/owner reference (MT940 :61: customer reference, camt MsgId/InstrId of the debtor). */
  readonly customerReference?: string;
  readonly endToEndId?: string;
  readonly instructionId?: string;
  readonly transactionId?: string;
  readonly paymentInformationId?: string;
  readonly messageId?: string;
  readonly mandateId?: string;
  readonly chequeNumber?: string;
  /** SWIFT gpi unique end-to-end transaction reference. */
  readonly uetr?: string;
  readonly clearingSystemReference?: string;
  /** SEPA creditor identifier (CRED). */
  readonly creditorId?: string;
}

/** Structured remittance: an invoice or creditor reference the payer quoted. */
export interface StructuredRemittance {
  /** Creditor reference (ISO 11649 RF… or national such as Swiss QRR). */
  readonly creditorReference?: string;
  /** Its type code (`SCOR`, `RADM`…) or proprietary name. */
  readonly creditorReferenceType?: string;
  readonly creditorReferenceIssuer?: string;
  /** Referred documents (invoices, credit notes). */
  readonly documents?: readonly ReferredDocument[];
  /** Amount remitted for this reference, when stated. */
  readonly amount?: Money;
  readonly additionalInfo?: readonly string[];
}

/** A document a payment settles. */
export interface ReferredDocument {
  /** `CINV` (commercial invoice), `CREN` (credit note)… or the proprietary type. */
  readonly type?: string;
  readonly number?: string;
  readonly date?: IsoDate;
}

/** What the payer wrote about the payment. */
export interface Remittance {
  /** Free text lines in order (camt Ustrd, MT940 purpose, 摘要/附言/用途). */
  readonly unstructured?: readonly string[];
  readonly structured?: readonly StructuredRemittance[];
}

/** ISO 20022 bank transaction code plus the bank's own code. */
export interface BankTransactionCode {
  readonly domain?: string;
  readonly family?: string;
  readonly subFamily?: string;
  readonly proprietary?: { readonly code: string; readonly issuer?: string };
}

/** An exchange between two currencies applied to a transaction. */
export interface ExchangeRate {
  /** The rate as an exact decimal string. */
  readonly rate: string;
  readonly sourceCurrency?: Money["currency"];
  readonly targetCurrency?: Money["currency"];
  /** Currency in which the rate is quoted (1 unit of this = rate of the other). */
  readonly unitCurrency?: Money["currency"];
  readonly contractId?: string;
  readonly quotationDate?: IsoDate;
}

/** A fee. */
export interface Charge {
  /** Always positive; `includedInAmount` says whether the entry amount already has it taken off. */
  readonly amount: Money;
  readonly type?: string;
  /** `DEBT`, `CRED`, `SHAR`, `SLEV` or a bank's word. */
  readonly bearer?: string;
  readonly includedInAmount?: boolean;
  readonly agentId?: string;
}

/** Where an entry came from inside its raw document, so it can be shown and parsed again. */
export interface SourceLocation {
  readonly documentId?: DocumentId;
  /** 1-based line of the first line of the entry, for line formats. */
  readonly line?: number;
  /**
   * XPath-like location for XML formats (`/Document/BkToCstmrStmt/Stmt[1]/Ntry[3]`); for a line format whose records
   * share a line (BAI2 records run together), the record's `line:column` (`1:245`).
   */
  readonly path?: string;
}

/** Facts that a single underlying transaction carries, shared by entries and batch details. */
export interface TransactionFacts {
  readonly references?: References;
  readonly counterparty?: Party;
  readonly remittance?: Remittance;
  readonly bankTransactionCode?: BankTransactionCode;
  /** ISO purpose code or the bank's purpose text (用途). */
  readonly purpose?: string;
  /** Booking text / 摘要 / AddtlNtryInf: the short description the bank prints. */
  readonly description?: string;
  /** Amount as instructed by the payer, in the payer's currency. */
  readonly instructedAmount?: Money;
  /** Original amount before currency exchange. */
  readonly originalAmount?: Money;
  readonly exchangeRate?: ExchangeRate;
  readonly charges?: readonly Charge[];
  /** Bank-specific fields with no canonical home, kept verbatim (name → value). */
  readonly bankData?: Readonly<Record<string, string>>;
  readonly source?: SourceLocation;
}

/** One transaction inside a batch entry (camt `TxDtls` under a `Btch` entry). */
export interface TransactionDetail extends TransactionFacts {
  /** This child's amount in the account currency, signed like the entry. Absent when the bank gave none. */
  readonly amount?: Money;
}

/** Booking status of an entry. */
export type EntryStatus = "booked" | "pending" | "information";

/** Batch header facts of an entry that books several transactions as one. */
export interface BatchInfo {
  readonly count?: number;
  readonly total?: Money;
  readonly paymentInformationId?: string;
  readonly messageId?: string;
}

/**
 * A statement line: one movement on the account as the bank booked it.
 * A batch entry carries its children in `details`; they are never entries of their own, so sums over
 * `entries` count every amount once.
 */
export interface Entry extends TransactionFacts {
  /** Signed amount in the account currency: money out is negative. */
  readonly amount: Money;
  readonly status: EntryStatus;
  /** True when this entry reverses (冲正) an earlier one; its sign is already the reversing sign. */
  readonly reversal: boolean;
  /** Reference of the entry this one reverses, when the bank says. */
  readonly reverses?: string;
  readonly bookingDate?: IsoDate;
  readonly bookingDateTime?: IsoDateTime;
  readonly valueDate?: IsoDate;
  readonly valueDateTime?: IsoDateTime;
  /** Funds code / fund type (MT940 funds code, BAI2 funds type). */
  readonly fundsCode?: string;
  readonly batch?: BatchInfo;
  /** Children of a batch entry; empty for a single transaction, whose facts are on the entry itself. */
  readonly details: readonly TransactionDetail[];
}

/** What kind of bank document a statement came from. */
export type StatementKind = "statement" | "report" | "notification" | "export";

/** Numbers banks put on statements so gaps can be found. */
export interface StatementSequence {
  /** Statement number as printed (MT940 :28C: statement number, camt LglSeqNb). */
  readonly legal?: string;
  /** Electronic sequence number (camt ElctrncSeqNb, MT940 :28C: sequence part). */
  readonly electronic?: string;
  /** Page of a multi-page statement and whether it is the last one. */
  readonly page?: number;
  readonly lastPage?: boolean;
}

/** Totals the bank states for checking (camt TxsSummry, BAI2 trailers). */
export interface StatementSummary {
  readonly count?: number;
  readonly net?: Money;
  readonly credits?: { readonly count?: number; readonly sum?: Money };
  readonly debits?: { readonly count?: number; readonly sum?: Money };
}

/** The statement period. */
export interface Period {
  readonly from?: IsoDate;
  readonly to?: IsoDate;
  readonly fromDateTime?: IsoDateTime;
  readonly toDateTime?: IsoDateTime;
}

/** A statement, report or notification for one account. */
export interface Statement {
  /** The bank's statement id (camt Stmt/Id, MT940 :20:). */
  readonly id?: string;
  readonly kind: StatementKind;
  readonly account: Account;
  readonly createdAt?: IsoDateTime;
  readonly period?: Period;
  readonly sequence?: StatementSequence;
  /** Booked balance at the start of the period (OPBD/PRCD, MT940 :60F:). */
  readonly openingBalance?: Balance;
  /** Booked balance at the end of the period (CLBD, MT940 :62F:). */
  readonly closingBalance?: Balance;
  /** Every other balance (available, forward, interim, Chinese kinds). */
  readonly balances: readonly Balance[];
  readonly entries: readonly Entry[];
  readonly summary?: StatementSummary;
  /** Statement-level free text (MT940 :86: after :62F:, camt AddtlStmtInf). */
  readonly additionalInfo?: string;
  readonly source?: SourceLocation;
}
