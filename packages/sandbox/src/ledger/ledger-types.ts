/**
 * The contract of the simulated banks' ledger: what every protocol front end (银企直连 dialects, PSD2,
 * SFTP statements, push) reads from and writes to. The ledger is "the bank's truth"; front ends only
 * translate it into their wire formats, quirks and faults included, so a test can compare what BankBridge
 * received against {@link GroundTruth} and prove that nothing was lost or duplicated.
 *
 * Amounts are bigint minor units of the account currency (fen for CNY, cents for USD/EUR/HKD), signed:
 * money out of the account is negative. Dates are the bank's calendar days (`YYYY-MM-DD`) in the bank's
 * zone (`SandboxBank.utcOffsetMinutes`).
 *
 * @module
 */
import type { IsoDate, IsoDateTime } from "@bankbridge/hub/core";

/** Which simulated bank. Each protocol front end serves the accounts of one bank. */
export type SandboxBankId = "icbc" | "cmb" | "ccb" | "eubank" | "hkbank";

/** A simulated bank. */
export interface SandboxBank {
  readonly id: SandboxBankId;
  /** Display name in the bank's language (中国工商银行…). */
  readonly name: string;
  readonly nameEn: string;
  readonly bic: string;
  /** 3-digit Chinese bank code (102 ICBC, 308 CMB, 105 CCB) for Chinese banks. */
  readonly cnBankCode?: string;
  /** ISO 3166 alpha-2. */
  readonly country: string;
  /** The zone the bank books in, minutes east of UTC (480 for China, 60 for the euro bank). */
  readonly utcOffsetMinutes: number;
}

/** A company that holds accounts (the sandbox's customers). */
export interface SandboxCompany {
  readonly id: string;
  /** Legal name as registered (Chinese for Chinese companies). */
  readonly name: string;
  readonly nameEn: string;
  /** Unified social credit code (统一社会信用代码) or a foreign registration number. */
  readonly registrationId: string;
}

/** Account status as Chinese banks report it: A normal (正常), B frozen (冻结), C closed (销户). */
export type SandboxAccountStatus = "A" | "B" | "C";

/** One account at one simulated bank. */
export interface SandboxAccount {
  /** The account number as the bank writes it: a Chinese 账号 (digits) or an IBAN for the euro bank. */
  readonly id: string;
  readonly bankId: SandboxBankId;
  readonly companyId: string;
  /** 户名 exactly as the bank holds it. */
  readonly holderName: string;
  /** ISO 4217: CNY, USD, EUR or HKD. */
  readonly currency: string;
  /** IBAN for accounts that have one (also set as `id` at the euro bank). */
  readonly iban?: string;
  /** Opening branch name (开户行). */
  readonly branchName: string;
  /** 12-digit CNAPS code of the opening branch (联行号) for Chinese accounts. */
  readonly cnapsCode?: string;
  readonly status: SandboxAccountStatus;
  /** The first day the ledger has history for. */
  readonly openedOn: IsoDate;
  /** Booked balance at the start of `openedOn`, minor units. */
  readonly openingBalance: bigint;
  /** Overdraft/credit line, minor units (0 for none). */
  readonly creditLine: bigint;
  /** A short product/label ("基本存款账户", "Current account"). */
  readonly product: string;
}

/** What kind of business event produced a transaction; drives the texts and the bank transaction codes. */
export type SandboxTransactionKind =
  | "customerReceipt"
  | "supplierPayment"
  | "payroll"
  | "bankFee"
  | "tax"
  | "fxConversion"
  | "interest"
  | "reversal"
  | "cardAuthorisation"
  | "cardSettlement"
  | "internalTransfer"
  | "outgoingPayment"
  | "paymentReturn";

/** The other side of a transaction. */
export interface SandboxCounterparty {
  readonly name: string;
  readonly account?: string;
  /** CNAPS (12 digits), 3-digit bank code, or BIC, as the bank would show it. */
  readonly bankCode?: string;
  readonly bankName?: string;
}

/**
 * One transaction as the bank knows it. Pending card authorisations have `status: "pending"`; when one
 * settles, a new booked transaction with a new `id` (and usually a different amount) appears and the
 * authorisation gets `releasedAt` (it then no longer counts in the available balance).
 */
export interface SandboxTransaction {
  /** Bank serial number (流水号), unique within the bank, stable forever. */
  readonly id: string;
  readonly accountId: string;
  readonly bankId: SandboxBankId;
  readonly status: "booked" | "pending";
  readonly kind: SandboxTransactionKind;
  /** Signed minor units; money out is negative. */
  readonly amount: bigint;
  readonly currency: string;
  readonly bookingDate: IsoDate;
  readonly valueDate: IsoDate;
  /** The instant it booked (or was authorised), with the bank's offset (`2026-03-02T10:15:07+08:00`). */
  readonly bookedAt: IsoDateTime;
  /**
   * 1-based sequence within the account and booking date (Chinese banks' daily-resetting `trsseq`). Booked
   * entries are numbered densely; pending authorisations have their own 1-based sequence per day.
   */
  readonly daySequence: number;
  /** Booked balance right after this transaction (booked only; a pending one repeats the current balance). */
  readonly balanceAfter: bigint;
  readonly counterparty: SandboxCounterparty;
  /** 摘要: the bank's short summary (货款, 代发工资, 手续费, 冲正…); for foreign banks an English one. */
  readonly summary: string;
  /** 用途: purpose the payer gave. */
  readonly purpose?: string;
  /** 附言/remittance information as the payer wrote it (may quote invoice numbers). */
  readonly remittance?: string;
  /** The invoice numbers this transaction settles (ground truth for reconciliation tests). */
  readonly invoiceRefs?: readonly string[];
  /** ISO 20022 bank transaction code (domain/family/sub-family). */
  readonly bankTransactionCode: { readonly domain: string; readonly family: string; readonly subFamily: string };
  /** The bank's own transaction code (for MT940 `:61:` and Chinese 交易代码). */
  readonly proprietaryCode: string;
  readonly endToEndId?: string;
  /** The client reference of the payment that produced it (CMB `yurRef`, ICBC `fSeqno`). */
  readonly clientReference?: string;
  /** Set on a reversal (冲正): the `id` of the transaction it reverses. */
  readonly reversalOf?: string;
  /** Set on a card settlement: the `id` of the authorisation it settles. */
  readonly authorisationId?: string;
  /** Set on a pending authorisation once it settled or expired (the instant, bank offset). */
  readonly releasedAt?: IsoDateTime;
  /** FX conversion: the other leg's currency, amount (minor units, signed as on its own account) and the rate. */
  readonly fx?: { readonly currency: string; readonly amount: bigint; readonly rate: string };
  /** Key from which the bank derives the electronic receipt (回单) id. */
  readonly receiptKey: string;
}

/** The balances of one account at the end of one booking day (daily 历史余额). */
export interface SandboxDailyBalance {
  readonly accountId: string;
  readonly date: IsoDate;
  /** 上日余额: the booked balance at the end of the previous day (the opening balance of `date`). */
  readonly previousDay: bigint;
  /** 联机余额/closing booked: booked balance at the end of `date`. */
  readonly closingBooked: bigint;
  /** 冻结余额: amount frozen at the end of `date`. */
  readonly frozen: bigint;
  /** 可用余额/closing available: booked − frozen − open card authorisations + credit line. */
  readonly available: bigint;
}

/** The balances of an account right now (at the clock's instant). */
export interface SandboxBalances {
  readonly accountId: string;
  readonly currency: string;
  readonly asOf: IsoDateTime;
  /** 联机余额: booked balance now. */
  readonly online: bigint;
  /** 可用余额 */
  readonly available: bigint;
  /** 冻结余额 */
  readonly frozen: bigint;
  /** 上日余额: booked balance at the end of yesterday. */
  readonly previousDay: bigint;
  readonly creditLine: bigint;
}

/** Which transactions to list. Dates are booking dates, inclusive. */
export interface TransactionQuery {
  readonly from?: IsoDate;
  readonly to?: IsoDate;
  /** Default "booked". */
  readonly status?: "booked" | "pending" | "both";
}

/**
 * Everything the banks know, as plain JSON (bigints as decimal strings of minor units), in a fixed order
 * so that the same seed and scenario give byte-identical output. Served at `GET /_admin/ledger`.
 */
export interface GroundTruth {
  readonly seed: string;
  readonly asOf: IsoDateTime;
  readonly banks: readonly SandboxBank[];
  readonly companies: readonly SandboxCompany[];
  readonly accounts: readonly GroundTruthAccount[];
}

/** One account in the ground truth: the account, its balances now, every day's balances and every transaction. */
export interface GroundTruthAccount {
  readonly account: JsonOf<SandboxAccount>;
  readonly balances: JsonOf<SandboxBalances>;
  readonly dailyBalances: readonly JsonOf<SandboxDailyBalance>[];
  /** Booked and pending, in booking order. */
  readonly transactions: readonly JsonOf<SandboxTransaction>[];
}

/** `T` with every bigint written as a decimal string (recursively); strings, branded ones included, stay as they are. */
export type JsonOf<T> = T extends bigint
  ? string
  : T extends string
    ? T
    : T extends readonly (infer U)[]
      ? readonly JsonOf<U>[]
      : T extends object
        ? { readonly [K in keyof T]: JsonOf<T[K]> }
        : T;

/** A transaction a front end asks the ledger to book now (a payment executing, a return). */
export interface PostingRequest {
  readonly accountId: string;
  readonly kind: SandboxTransactionKind;
  readonly amount: bigint;
  readonly counterparty: SandboxCounterparty;
  readonly summary: string;
  readonly purpose?: string;
  readonly remittance?: string;
  readonly clientReference?: string;
  readonly endToEndId?: string;
  readonly reversalOf?: string;
}

/** A listener told about each transaction as it books (or, for pending ones, as it is authorised). */
export type BookingListener = (tx: SandboxTransaction) => void;

/**
 * The ledger. History is generated from the seed for the days before the clock's start; as the clock
 * advances, each new day's transactions book at their simulated instants (and listeners hear of them),
 * so the same seed gives the same transactions however the clock was advanced.
 */
export interface Ledger {
  readonly seed: string;
  banks(): readonly SandboxBank[];
  bank(id: SandboxBankId): SandboxBank;
  companies(): readonly SandboxCompany[];
  /** All accounts, or those of one bank. */
  accounts(bankId?: SandboxBankId): readonly SandboxAccount[];
  /** The account, or `undefined` if the bank has no such account. */
  account(accountId: string): SandboxAccount | undefined;
  /** Transactions of an account booked so far (up to the clock's now), in booking order. */
  transactions(accountId: string, query?: TransactionQuery): readonly SandboxTransaction[];
  /** One transaction by bank serial number. */
  transaction(id: string): SandboxTransaction | undefined;
  /** Balances now. */
  balances(accountId: string): SandboxBalances;
  /** End-of-day balances for each day in [from, to] that has ended or is today (today: so far). */
  dailyBalances(accountId: string, from: IsoDate, to: IsoDate): readonly SandboxDailyBalance[];
  /** The bank's calendar day now. */
  today(bankId: SandboxBankId): IsoDate;
  /** Books a transaction now (used by payment execution); returns it. Throws a RangeError on an unknown account. */
  post(request: PostingRequest): SandboxTransaction;
  /** Registers a listener for new bookings; returns a function that removes it. */
  onBooked(listener: BookingListener): () => void;
  /** The full ground truth now. */
  groundTruth(): GroundTruth;
}
