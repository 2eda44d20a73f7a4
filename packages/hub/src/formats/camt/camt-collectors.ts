/**
 * The mutable records the camt machine fills while it reads one statement, entry or transaction: plain
 * classes with every field declared up front (one hidden class each, cheap to make per entry), holding values
 * already read and checked. `camt-facts.ts` turns them into the canonical model.
 *
 * @module
 */
import type { Balance, CurrencyCode, EntryStatus, IsoDate, IsoDateTime, Money } from "../../core/index.js";

/** A financial institution (`FinInstnId`): servicer, agent, the bank that took a charge. */
export class AgentRecord {
  bic: string | undefined = undefined;
  memberId: string | undefined = undefined;
  clearingSystem: string | undefined = undefined;
  name: string | undefined = undefined;
  country: string | undefined = undefined;
  other: string | undefined = undefined;
}

/** An account identification (`Id` of `Acct`, `DbtrAcct`, `CdtrAcct`). */
export class AccountRecord {
  iban: string | undefined = undefined;
  bban: string | undefined = undefined;
  /** `UPIC` or `PrtryAcct/Id` (001.01). */
  other: string | undefined = undefined;
  otherId: string | undefined = undefined;
  schemeCode: string | undefined = undefined;
  schemeProprietary: string | undefined = undefined;
}

/** A related party (`Dbtr`, `Cdtr`, `UltmtDbtr`, `UltmtCdtr`). */
export class PartyRecord {
  name: string | undefined = undefined;
  lines: string[] | undefined = undefined;
  street: string | undefined = undefined;
  building: string | undefined = undefined;
  postcode: string | undefined = undefined;
  town: string | undefined = undefined;
  country: string | undefined = undefined;
  /** The first identifier that is not a SEPA creditor id. */
  id: string | undefined = undefined;
  /** A SEPA creditor identifier (`Othr` with scheme `SEPA`). */
  sepaId: string | undefined = undefined;
  /** The `Othr` being read. */
  otherId: string | undefined = undefined;
  otherScheme: string | undefined = undefined;
  /** From 001.08 a party may be a financial institution (`Agt`). */
  agent: AgentRecord | undefined = undefined;
}

/** A currency exchange (`CcyXchg`). */
export class ExchangeRecord {
  source: CurrencyCode | undefined = undefined;
  target: CurrencyCode | undefined = undefined;
  unit: CurrencyCode | undefined = undefined;
  rate: string | undefined = undefined;
  contract: string | undefined = undefined;
  date: IsoDate | undefined = undefined;
}

/** One charge (a 001.01/001.02 `Chrgs` or a later `Chrgs/Rcrd`). */
export class ChargeRecord {
  amount: Money | undefined = undefined;
  type: string | undefined = undefined;
  bearer: string | undefined = undefined;
  included: boolean | undefined = undefined;
  agent: AgentRecord | undefined = undefined;
}

/** A referred document (`RfrdDocInf`). */
export class DocumentRecord {
  type: string | undefined = undefined;
  number: string | undefined = undefined;
  date: IsoDate | undefined = undefined;
}

/** A structured remittance block (`Strd`). */
export class StructuredRecord {
  reference: string | undefined = undefined;
  referenceType: string | undefined = undefined;
  referenceIssuer: string | undefined = undefined;
  documents: DocumentRecord[] | undefined = undefined;
  remitted: Money | undefined = undefined;
  due: Money | undefined = undefined;
  info: string[] | undefined = undefined;
}

/**
 * Facts of a transaction: of one `TxDtls`, or of the entry itself (its `AcctSvcrRef`, `BkTxCd`, `AmtDtls`,
 * `Chrgs` and `AddtlNtryInf`).
 */
export class FactsRecord {
  messageId: string | undefined = undefined;
  accountServicerReference: string | undefined = undefined;
  paymentInformationId: string | undefined = undefined;
  instructionId: string | undefined = undefined;
  endToEndId: string | undefined = undefined;
  uetr: string | undefined = undefined;
  transactionId: string | undefined = undefined;
  mandateId: string | undefined = undefined;
  chequeNumber: string | undefined = undefined;
  clearingSystemReference: string | undefined = undefined;
  ownerTransactionId: string | undefined = undefined;
  servicerTransactionId: string | undefined = undefined;
  domain: string | undefined = undefined;
  family: string | undefined = undefined;
  subFamily: string | undefined = undefined;
  proprietaryCode: string | undefined = undefined;
  proprietaryIssuer: string | undefined = undefined;
  /** `TxDtls/Amt`. */
  amount: Money | undefined = undefined;
  /**
   * `AmtDtls/TxAmt/Amt`: the transaction's own amount. In the entry's currency it stands in for a detail's missing
   * `Amt`; in another currency it is the amount before exchange (a card payment in USD on a EUR account).
   */
  transactionAmount: Money | undefined = undefined;
  instructed: Money | undefined = undefined;
  exchange: ExchangeRecord | undefined = undefined;
  charges: ChargeRecord[] | undefined = undefined;
  debtor: PartyRecord | undefined = undefined;
  creditor: PartyRecord | undefined = undefined;
  ultimateDebtor: PartyRecord | undefined = undefined;
  ultimateCreditor: PartyRecord | undefined = undefined;
  debtorAccount: AccountRecord | undefined = undefined;
  creditorAccount: AccountRecord | undefined = undefined;
  debtorAgent: AgentRecord | undefined = undefined;
  creditorAgent: AgentRecord | undefined = undefined;
  purpose: string | undefined = undefined;
  unstructured: string[] | undefined = undefined;
  structured: StructuredRecord[] | undefined = undefined;
  returnReason: string | undefined = undefined;
  returnInfo: string[] | undefined = undefined;
  /** `AddtlTxInf` of a transaction, `AddtlNtryInf` of an entry. */
  info: string | undefined = undefined;
  /** Where it is (for `source`). */
  line = 0;
  path = "";
}

/** One `Ntry`. */
export class EntryRecord {
  readonly facts = new FactsRecord();
  readonly transactions: FactsRecord[] = [];
  amount: Money | undefined = undefined;
  /** Set when something the entry cannot do without was unreadable (already reported): it is skipped. */
  invalid = false;
  /** `true` credit, `false` debit, `undefined` not (validly) given. */
  credit: boolean | undefined = undefined;
  reversal = false;
  status: EntryStatus | undefined = undefined;
  /** The status as written, for the message when it is not one we know. */
  statusText: string | undefined = undefined;
  bookingDate: IsoDate | undefined = undefined;
  bookingDateTime: IsoDateTime | undefined = undefined;
  valueDate: IsoDate | undefined = undefined;
  valueDateTime: IsoDateTime | undefined = undefined;
  batches = 0;
  batchMessageId: string | undefined = undefined;
  batchPaymentInformationId: string | undefined = undefined;
  batchCount: number | undefined = undefined;
  batchTotal: Money | undefined = undefined;
  batchCredit: boolean | undefined = undefined;
  /** Ordinals for paths: `NtryDtls[n]` and `TxDtls[n]` within it. */
  detailsBlocks = 0;
  transactionsInBlock = 0;
  constructor(
    readonly line: number,
    readonly path: string,
  ) {}
}

/** One `Bal`. */
export class BalanceRecord {
  code: string | undefined = undefined;
  proprietary: string | undefined = undefined;
  amount: Money | undefined = undefined;
  /** Set when something the balance cannot do without was unreadable (already reported): it is skipped. */
  invalid = false;
  credit: boolean | undefined = undefined;
  date: IsoDate | undefined = undefined;
  dateTime: IsoDateTime | undefined = undefined;
  lineIncluded: boolean | undefined = undefined;
  lineAmount: Money | undefined = undefined;
  constructor(
    readonly line: number,
    readonly path: string,
  ) {}
}

/** A balance read in full, with the ISO code it had. */
export interface CodedBalance {
  readonly code: string;
  readonly balance: Balance;
}

/** A summary amount (`TtlNetNtry/Amt`, `Sum`): its currency is the statement's, known only at the end. */
export interface PendingSum {
  readonly text: string;
  readonly path: string;
  readonly line: number;
}

/** One `Stmt`, `Rpt` or `Ntfctn`. */
export class StatementRecord {
  readonly account = new AccountRecord();
  readonly balances: CodedBalance[] = [];
  id: string | undefined = undefined;
  page: number | undefined = undefined;
  lastPage: boolean | undefined = undefined;
  electronic: string | undefined = undefined;
  legal: string | undefined = undefined;
  createdAt: IsoDateTime | undefined = undefined;
  fromDate: IsoDate | undefined = undefined;
  fromDateTime: IsoDateTime | undefined = undefined;
  toDate: IsoDate | undefined = undefined;
  toDateTime: IsoDateTime | undefined = undefined;
  info: string | undefined = undefined;
  currency: CurrencyCode | undefined = undefined;
  accountName: string | undefined = undefined;
  owner: string | undefined = undefined;
  servicer: AgentRecord | undefined = undefined;
  count: number | undefined = undefined;
  net: PendingSum | undefined = undefined;
  netCredit: boolean | undefined = undefined;
  creditCount: number | undefined = undefined;
  creditSum: PendingSum | undefined = undefined;
  debitCount: number | undefined = undefined;
  debitSum: PendingSum | undefined = undefined;
  /** Entries read, and the ordinal of the next `Ntry`/`Bal` for paths. */
  entries = 0;
  entryOrdinal = 0;
  balanceOrdinal = 0;
  /** Index in the document's statements once its header is out; -1 before, -2 when it is skipped. */
  index = -1;
  constructor(
    readonly line: number,
    readonly path: string,
  ) {}
}
