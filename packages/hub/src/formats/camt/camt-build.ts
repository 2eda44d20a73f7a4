/**
 * Turns the records of one entry, balance or statement into the canonical model, reporting what cannot be
 * built (a missing amount or direction, a balance type the model lacks, an account without number).
 *
 * @module
 */
import {
  type Balance,
  type BalanceType,
  type BatchInfo,
  type CurrencyCode,
  type DocumentId,
  datePart,
  type Entry,
  type IsoDateTime,
  type IssueSeverity,
  type Money,
  moneyEquals,
  negateMoney,
  type Statement,
  type StatementKind,
  type StatementSequence,
  type StatementSummary,
  type TransactionDetail,
  tryBic,
  tryCnBankCode,
} from "../../core/index.js";
import type { BalanceRecord, CodedBalance, EntryRecord, FactsRecord, PendingSum, StatementRecord } from "./camt-collectors.js";
import { accountNumber, exact, type Mutable, mergeEntryFacts, putTransactionFacts } from "./camt-facts.js";
import { camtMoney } from "./camt-values.js";

/** The proprietary balance type the camt.053 writer uses for a statement without balances (see `camt053-writer.ts`). */
export const NO_BALANCE = "BANKBRIDGE-NO-BALANCE";

/** Reports one finding at `path` (and `line`) of the document. */
export type Report = (severity: IssueSeverity, code: string, message: string, path: string, line: number) => void;

/** ISO 20022 balance type codes and the model's names for them. */
export const BALANCE_CODES: ReadonlyMap<string, BalanceType> = new Map([
  ["OPBD", "openingBooked"],
  ["CLBD", "closingBooked"],
  ["ITBD", "interimBooked"],
  ["ITAV", "interimAvailable"],
  ["CLAV", "closingAvailable"],
  ["FWAV", "forwardAvailable"],
  ["OPAV", "openingAvailable"],
  ["PRCD", "previouslyClosedBooked"],
  ["XPCD", "expected"],
  ["INFO", "information"],
]);

function signed(m: Money, credit: boolean): Money {
  return credit ? m : negateMoney(m);
}

/** The balance of a `Bal`, or `undefined` (reported) when it lacks something the model needs. */
export function buildBalance(r: BalanceRecord, report: Report): CodedBalance | undefined {
  if (r.invalid) return undefined;
  const code = r.code;
  const type = code === undefined ? undefined : BALANCE_CODES.get(code);
  if (type === undefined) {
    // The camt.053 writer's stand-in for "no balance" (camt.053 requires one): nothing to read.
    if (code === undefined && r.proprietary === NO_BALANCE) return undefined;
    if (code === undefined && r.proprietary === undefined) {
      report("error", "CAMT_ELEMENT_MISSING", "the balance has no type (Tp); it is skipped", r.path, r.line);
    } else {
      report(
        "warning",
        "CAMT_BALANCE_TYPE_UNKNOWN",
        `balance type ${JSON.stringify(code ?? r.proprietary)}${code === undefined ? " (proprietary)" : ""} is not one the model has; the balance is skipped`,
        r.path,
        r.line,
      );
    }
    return undefined;
  }
  const missing = r.amount === undefined ? "amount (Amt)" : r.credit === undefined ? "direction (CdtDbtInd)" : undefined;
  const date = r.date ?? (r.dateTime === undefined ? undefined : datePart(r.dateTime));
  if (missing !== undefined || date === undefined || r.amount === undefined || r.credit === undefined) {
    report("error", "CAMT_ELEMENT_MISSING", `the balance has no ${missing ?? "date (Dt)"}; it is skipped`, r.path, r.line);
    return undefined;
  }
  const balance: Mutable<Balance> = { type, amount: signed(r.amount, r.credit), date };
  if (r.dateTime !== undefined) balance.dateTime = r.dateTime;
  if (r.lineAmount !== undefined) {
    // The model's credit line is one included in the balance; one the bank says is not included has no home.
    if (r.lineIncluded === false) {
      report("warning", "CAMT_VALUE_UNSUPPORTED", "a credit line not included in the balance (Incl false) is left out", r.path, r.line);
    } else balance.creditLine = r.lineAmount;
  }
  return { code: code ?? "", balance };
}

/**
 * The `details` of every entry without children: one frozen empty list, so that a million single transactions
 * do not make a million empty arrays for the collector to copy.
 */
const NO_DETAILS: readonly TransactionDetail[] = Object.freeze([]);

/** A transaction's own amount in the entry's currency: its `Amt`, else its `TxAmt` in that currency. */
function ownAmount(tx: FactsRecord, currency: CurrencyCode): Money | undefined {
  if (tx.amount !== undefined) return tx.amount;
  return tx.transactionAmount?.currency === currency ? tx.transactionAmount : undefined;
}

function mergeable(tx: FactsRecord, amount: Money): boolean {
  const own = ownAmount(tx, amount.currency);
  return own === undefined || moneyEquals(own, amount);
}

/**
 * The entry of an `Ntry`, or `undefined` (reported) when it has no readable amount or direction: such an entry
 * is skipped, never imported as zero. One `TxDtls` (whose amount, if given, is the entry's) puts its facts on
 * the entry; several become `details`, each signed like the entry and never given the entry's amount.
 */
export function buildEntry(r: EntryRecord, documentId: DocumentId | undefined, report: Report): Entry | undefined {
  if (r.invalid) return undefined;
  if (r.amount === undefined || r.credit === undefined) {
    const what = r.amount === undefined ? "amount (Amt)" : "direction (CdtDbtInd)";
    report("error", "CAMT_ELEMENT_MISSING", `the entry has no ${what}; it is skipped`, r.path, r.line);
    return undefined;
  }
  let status = r.status;
  if (status === undefined) {
    report("warning", "CAMT_STATUS_UNKNOWN", "the entry has no status (Sts); it is read as booked", r.path, r.line);
    status = "booked";
  }
  const credit = r.credit;
  const currency = r.amount.currency;
  // The counterparty of a credit is its debtor; a reversal keeps the parties of what it reverses.
  const debtorSide = credit !== r.reversal;
  const txs = r.transactions;
  const single = txs.length === 1 ? txs[0] : undefined;
  const merge = single !== undefined && mergeable(single, r.amount);
  const entry: Mutable<Entry> = { amount: signed(r.amount, credit), status, reversal: r.reversal, details: NO_DETAILS };
  if (r.bookingDate !== undefined) entry.bookingDate = r.bookingDate;
  if (r.bookingDateTime !== undefined) entry.bookingDateTime = r.bookingDateTime;
  if (r.valueDate !== undefined) entry.valueDate = r.valueDate;
  if (r.valueDateTime !== undefined) entry.valueDateTime = r.valueDateTime;
  if (r.batches > 0) {
    const batch: Mutable<BatchInfo> = {};
    if (r.batchCount !== undefined) batch.count = r.batchCount;
    if (r.batchTotal !== undefined) batch.total = signed(r.batchTotal, r.batchCredit ?? credit);
    if (r.batchPaymentInformationId !== undefined) batch.paymentInformationId = r.batchPaymentInformationId;
    if (r.batchMessageId !== undefined) batch.messageId = r.batchMessageId;
    entry.batch = batch;
  }
  if (merge) {
    const bankData = mergeEntryFacts(single, r.facts);
    putTransactionFacts(entry, single, debtorSide, bankData, currency);
  } else {
    putTransactionFacts(entry, r.facts, debtorSide, undefined, currency);
    const details: TransactionDetail[] = [];
    for (const tx of txs) {
      const amount = ownAmount(tx, currency);
      const detail: Mutable<TransactionDetail> = amount === undefined ? {} : { amount: signed(amount, credit) };
      // A detail's own amount may be in another currency than the entry (a batch booked in the account currency).
      putTransactionFacts(detail, tx, debtorSide, undefined, amount?.currency ?? currency);
      detail.source = documentId === undefined ? { line: tx.line, path: tx.path } : { documentId, line: tx.line, path: tx.path };
      details.push(detail);
    }
    if (details.length > 0) entry.details = exact(details);
  }
  // The batch's payment-information id is the entry's too (the payer's id of the whole booking).
  const pmtInf = r.batches > 0 ? r.batchPaymentInformationId : undefined;
  if (pmtInf !== undefined && entry.references?.paymentInformationId === undefined) {
    entry.references = { ...entry.references, paymentInformationId: pmtInf };
  }
  entry.source = documentId === undefined ? { line: r.line, path: r.path } : { documentId, line: r.line, path: r.path };
  return entry;
}

/** What the message (`GrpHdr`) says that statements inherit. */
export interface MessageContext {
  readonly kind: StatementKind;
  readonly documentId: DocumentId | undefined;
  readonly createdAt: IsoDateTime | undefined;
  readonly page: number | undefined;
  readonly lastPage: boolean | undefined;
}

function sum(p: PendingSum | undefined, currency: CurrencyCode | undefined, what: string, report: Report | undefined): Money | undefined {
  if (p === undefined) return undefined;
  if (currency === undefined) {
    report?.("warning", "CAMT_VALUE_UNSUPPORTED", `the ${what} is left out: the statement states no currency for it`, p.path, p.line);
    return undefined;
  }
  const m = camtMoney(p.text, currency);
  if (m === undefined)
    report?.(
      "error",
      "MONEY_INVALID",
      `${JSON.stringify(p.text.slice(0, 40))} is not a decimal amount; the ${what} is left out`,
      p.path,
      p.line,
    );
  return m;
}

function summary(s: StatementRecord, currency: CurrencyCode | undefined, report: Report | undefined): StatementSummary | undefined {
  const o: Mutable<StatementSummary> = {};
  if (s.count !== undefined) o.count = s.count;
  const net = sum(s.net, currency, "net total", report);
  if (net !== undefined) o.net = signed(net, s.netCredit ?? true);
  const creditSum = sum(s.creditSum, currency, "credit total", report);
  if (s.creditCount !== undefined || creditSum !== undefined) {
    o.credits =
      creditSum === undefined
        ? { count: s.creditCount }
        : s.creditCount === undefined
          ? { sum: creditSum }
          : { count: s.creditCount, sum: creditSum };
  }
  const debitSum = sum(s.debitSum, currency, "debit total", report);
  if (s.debitCount !== undefined || debitSum !== undefined) {
    o.debits =
      debitSum === undefined
        ? { count: s.debitCount }
        : s.debitCount === undefined
          ? { sum: debitSum }
          : { count: s.debitCount, sum: debitSum };
  }
  for (const _ in o) return o;
  return undefined;
}

/**
 * The statement of `s` without entries, or `undefined` when it has no account number (then it is skipped).
 * Findings are reported only when `report` is given: the header is built at the first entry and again, with
 * whatever followed the entries, at the end.
 */
export function buildHeader(s: StatementRecord, message: MessageContext, report: Report | undefined): Statement | undefined {
  const number = accountNumber(s.account);
  if (number === undefined) {
    report?.(
      "error",
      "CAMT_ELEMENT_MISSING",
      "the statement has no account number (Acct/Id); it is skipped with its entries",
      s.path,
      s.line,
    );
    return undefined;
  }
  const account: Mutable<Statement["account"]> = { id: number.id, scheme: number.scheme };
  if (s.currency !== undefined) account.currency = s.currency;
  const servicer = s.servicer;
  if (servicer !== undefined) {
    const bank: Mutable<NonNullable<Statement["account"]["bank"]>> = {};
    if (servicer.bic !== undefined) {
      const bic = tryBic(servicer.bic);
      if (bic !== undefined) bank.bic = bic;
      else {
        const where = `${s.path}/Acct/Svcr/FinInstnId`;
        report?.(
          "error",
          "CAMT_VALUE_INVALID",
          `${JSON.stringify(servicer.bic.slice(0, 40))} is not a BIC; the bank's BIC is left out`,
          where,
          s.line,
        );
      }
    }
    // A CNAPS member id is the Chinese bank code the model has a field for; other clearing codes are generic.
    const cn = servicer.clearingSystem === "CNAPS" && servicer.memberId !== undefined ? tryCnBankCode(servicer.memberId) : undefined;
    if (cn !== undefined) bank.cnBankCode = cn;
    else if (servicer.memberId !== undefined) bank.clearingCode = servicer.memberId;
    if (servicer.name !== undefined) bank.name = servicer.name;
    if (servicer.country !== undefined) bank.country = servicer.country;
    for (const _ in bank) {
      account.bank = bank;
      break;
    }
  }
  if (s.owner !== undefined) account.holderName = s.owner;
  if (s.accountName !== undefined) account.name = s.accountName;

  let opening: Balance | undefined;
  let closing: Balance | undefined;
  let previous: Balance | undefined;
  for (const { code, balance } of s.balances) {
    if (code === "OPBD" && opening === undefined) opening = balance;
    else if (code === "CLBD" && closing === undefined) closing = balance;
    else if (code === "PRCD" && previous === undefined) previous = balance;
  }
  // PRCD (the previous statement's closing) opens the statement when there is no OPBD.
  if (opening === undefined) opening = previous;
  const balances = s.balances.map((b) => b.balance).filter((b) => b !== opening && b !== closing);

  const statement: Mutable<Statement> = { kind: message.kind, account, balances, entries: [] };
  if (s.id !== undefined) statement.id = s.id;
  const createdAt = s.createdAt ?? message.createdAt;
  if (createdAt !== undefined) statement.createdAt = createdAt;
  if (s.fromDate !== undefined || s.toDate !== undefined) {
    const period: Mutable<NonNullable<Statement["period"]>> = {};
    if (s.fromDate !== undefined) period.from = s.fromDate;
    if (s.toDate !== undefined) period.to = s.toDate;
    if (s.fromDateTime !== undefined) period.fromDateTime = s.fromDateTime;
    if (s.toDateTime !== undefined) period.toDateTime = s.toDateTime;
    statement.period = period;
  }
  const sequence: Mutable<StatementSequence> = {};
  if (s.legal !== undefined) sequence.legal = s.legal;
  if (s.electronic !== undefined) sequence.electronic = s.electronic;
  // The statement's own pagination, else the message's (a message of one statement paginates that statement).
  const paginated = s.page !== undefined || s.lastPage !== undefined;
  const page = paginated ? s.page : message.page;
  const lastPage = paginated ? s.lastPage : message.lastPage;
  if (page !== undefined) sequence.page = page;
  if (lastPage !== undefined) sequence.lastPage = lastPage;
  for (const _ in sequence) {
    statement.sequence = sequence;
    break;
  }
  if (opening !== undefined) statement.openingBalance = opening;
  if (closing !== undefined) statement.closingBalance = closing;
  const currency = s.currency ?? opening?.amount.currency ?? closing?.amount.currency ?? s.balances[0]?.balance.amount.currency;
  const totals = summary(s, currency, report);
  if (totals !== undefined) statement.summary = totals;
  if (s.info !== undefined) statement.additionalInfo = s.info;
  statement.source =
    message.documentId === undefined ? { line: s.line, path: s.path } : { documentId: message.documentId, line: s.line, path: s.path };
  return statement;
}
