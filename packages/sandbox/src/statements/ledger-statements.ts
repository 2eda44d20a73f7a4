/**
 * The ledger as canonical statements (`@bankbridge/hub/core`): what a bank's host-to-host outbox and its push
 * notifications are written from, with the hub's own format writers. Three shapes:
 *
 * - {@link endOfDayStatement}: one account, one ended day: opening = the previous day's closing booked balance,
 *   closing = the day's closing booked, closing available beside them, that day's booked entries (camt.053,
 *   MT940, BAI2).
 * - {@link intradayReport}: one account, the current day up to an instant: the opening balance, the entries
 *   booked so far and the interim booked balance at that instant (camt.052).
 * - {@link bookingNotification}: one booked transaction as a notification (camt.054).
 *
 * Everything is derived from the ledger and the given instant only, so the same day gives the same statement
 * every time it is asked for: files built from it are byte-stable.
 *
 * @module
 */
import {
  type Account,
  type CurrencyCode,
  type Entry,
  type IsoDate,
  type IsoDateTime,
  type Money,
  moneyFromMinor,
  type Statement,
} from "@bankbridge/hub/core";
import type { Ledger, SandboxAccount, SandboxBank, SandboxTransaction } from "../ledger/ledger-types.js";

const DAY_MS = 86_400_000;

/** The bank-local calendar day of an instant. */
export function bankDate(instantMs: number, bank: SandboxBank): IsoDate {
  return new Date(instantMs + bank.utcOffsetMinutes * 60_000).toISOString().slice(0, 10) as IsoDate;
}

/** The instant a bank-local day begins. */
export function startOfBankDay(date: IsoDate, bank: SandboxBank): number {
  return Date.parse(`${date}T00:00:00Z`) - bank.utcOffsetMinutes * 60_000;
}

/** An instant written in the bank's zone, whole seconds (`2026-03-02T10:15:07+08:00`). */
export function bankDateTime(instantMs: number, bank: SandboxBank): IsoDateTime {
  const local = new Date(instantMs + bank.utcOffsetMinutes * 60_000).toISOString().slice(0, 19);
  const abs = Math.abs(bank.utcOffsetMinutes);
  const offset = `${bank.utcOffsetMinutes < 0 ? "-" : "+"}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
  return `${local}${offset}` as IsoDateTime;
}

/** `date` moved by `days`. */
export function addDays(date: IsoDate, days: number): IsoDate {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10) as IsoDate;
}

const money = (minor: bigint, currency: string): Money => moneyFromMinor(minor, currency as CurrencyCode);

/** The statement's account: IBAN where there is one, a Chinese 账号 at the Chinese banks, else the bank's number. */
export function canonicalAccount(account: SandboxAccount, bank: SandboxBank): Account {
  const scheme = account.iban !== undefined && account.iban === account.id ? "iban" : bank.cnBankCode !== undefined ? "cn" : "other";
  return {
    id: account.id,
    scheme,
    currency: account.currency as CurrencyCode,
    bank: { bic: bank.bic as NonNullable<Account["bank"]>["bic"], name: bank.nameEn, country: bank.country },
    holderName: account.holderName,
    name: account.product,
  };
}

/** One ledger transaction as a canonical entry: references, counterparty, remittance, codes, reversal. */
export function canonicalEntry(tx: SandboxTransaction, bank: SandboxBank): Entry {
  const references: NonNullable<Entry["references"]> = {
    accountServicerReference: tx.id,
    ...(tx.clientReference === undefined ? {} : { customerReference: tx.clientReference }),
    ...(tx.endToEndId === undefined ? {} : { endToEndId: tx.endToEndId }),
  };
  const c = tx.counterparty;
  const counterparty = {
    name: c.name,
    ...(c.account === undefined ? {} : { account: c.account }),
    ...(c.bankCode === undefined ? {} : { bankId: c.bankCode }),
    ...(c.bankName === undefined ? {} : { bankName: c.bankName }),
  };
  const fx = tx.fx;
  return {
    amount: money(tx.amount, tx.currency),
    status: tx.status,
    reversal: tx.reversalOf !== undefined,
    ...(tx.reversalOf === undefined ? {} : { reverses: tx.reversalOf }),
    bookingDate: tx.bookingDate,
    bookingDateTime: tx.bookedAt,
    valueDate: tx.valueDate,
    references,
    counterparty,
    ...(tx.remittance === undefined ? {} : { remittance: { unstructured: [tx.remittance] } }),
    ...(tx.purpose === undefined ? {} : { purpose: tx.purpose }),
    description: tx.summary,
    bankTransactionCode: { ...tx.bankTransactionCode, proprietary: { code: tx.proprietaryCode, issuer: bank.bic } },
    ...(fx === undefined
      ? {}
      : {
          originalAmount: money(fx.amount < 0n ? -fx.amount : fx.amount, fx.currency),
          exchangeRate: { rate: fx.rate, sourceCurrency: fx.currency as CurrencyCode, targetCurrency: tx.currency as CurrencyCode },
        }),
    details: [],
  };
}

/** The credit and debit counts and sums of booked entries (camt TxsSummry, BAI2 100/400). */
function summaryOf(entries: readonly SandboxTransaction[], currency: string): NonNullable<Statement["summary"]> {
  let credits = 0n;
  let debits = 0n;
  let nCredits = 0;
  let nDebits = 0;
  for (const tx of entries) {
    if (tx.amount >= 0n) {
      credits += tx.amount;
      nCredits++;
    } else {
      debits -= tx.amount;
      nDebits++;
    }
  }
  return { credits: { count: nCredits, sum: money(credits, currency) }, debits: { count: nDebits, sum: money(debits, currency) } };
}

function accountAndBank(ledger: Ledger, accountId: string): { account: SandboxAccount; bank: SandboxBank } {
  const account = ledger.account(accountId);
  if (account === undefined) throw new RangeError(`unknown account ${accountId}`);
  return { account, bank: ledger.bank(account.bankId) };
}

/** Days from the account's first day: the statement number (MT940 :28C:, camt LglSeqNb). */
function statementNumber(account: SandboxAccount, date: IsoDate): string {
  return String(Math.round((Date.parse(`${date}T00:00:00Z`) - Date.parse(`${account.openedOn}T00:00:00Z`)) / DAY_MS) + 1);
}

/**
 * The end-of-day statement of `accountId` for `date`, or `undefined` when that day has not ended in the bank's
 * zone (or is before the account's first day). Created at the start of the next day.
 */
export function endOfDayStatement(ledger: Ledger, accountId: string, date: IsoDate): Statement | undefined {
  const { account, bank } = accountAndBank(ledger, accountId);
  if (date < account.openedOn || date >= ledger.today(bank.id)) return undefined;
  const daily = ledger.dailyBalances(accountId, date, date)[0];
  if (daily === undefined) return undefined;
  const booked = ledger.transactions(accountId, { from: date, to: date, status: "booked" });
  const currency = account.currency;
  const number = statementNumber(account, date);
  return {
    id: `${date.replaceAll("-", "")}-${number}-${account.id}`.slice(0, 35),
    kind: "statement",
    account: canonicalAccount(account, bank),
    createdAt: bankDateTime(startOfBankDay(addDays(date, 1), bank), bank),
    period: { from: date, to: date },
    sequence: { legal: number, electronic: number },
    openingBalance: { type: "openingBooked", amount: money(daily.previousDay, currency), date },
    closingBalance: { type: "closingBooked", amount: money(daily.closingBooked, currency), date },
    balances: [{ type: "closingAvailable", amount: money(daily.available, currency), date }],
    entries: booked.map((tx) => canonicalEntry(tx, bank)),
    summary: summaryOf(booked, currency),
  };
}

/**
 * The intraday report of `accountId` at instant `atMs` (which must not be in the future): the day's opening
 * balance, the entries booked up to `atMs` and the interim booked balance then.
 */
export function intradayReport(ledger: Ledger, accountId: string, atMs: number): Statement {
  const { account, bank } = accountAndBank(ledger, accountId);
  const date = bankDate(atMs, bank);
  const at = bankDateTime(atMs, bank);
  const daily = ledger.dailyBalances(accountId, date, date)[0];
  // Booking instants carry the bank's offset and whole seconds, so they compare as text with `at`.
  const booked = ledger.transactions(accountId, { from: date, to: date, status: "booked" }).filter((tx) => tx.bookedAt <= at);
  const opening = daily?.previousDay ?? account.openingBalance;
  const interim = booked.reduce((sum, tx) => sum + tx.amount, opening);
  const currency = account.currency;
  return {
    id: `${at.slice(0, 16).replace(/[-T:]/g, "")}-${account.id}`.slice(0, 35),
    kind: "report",
    account: canonicalAccount(account, bank),
    createdAt: at,
    period: { from: date, to: date, fromDateTime: bankDateTime(startOfBankDay(date, bank), bank), toDateTime: at },
    openingBalance: { type: "openingBooked", amount: money(opening, currency), date },
    balances: [{ type: "interimBooked", amount: money(interim, currency), date, dateTime: at }],
    entries: booked.map((tx) => canonicalEntry(tx, bank)),
    summary: summaryOf(booked, currency),
  };
}

/** One transaction as a debit/credit notification (no balances: camt.054 has none). */
export function bookingNotification(ledger: Ledger, tx: SandboxTransaction): Statement {
  const { account, bank } = accountAndBank(ledger, tx.accountId);
  return {
    id: `NTF-${tx.id}`.slice(0, 35),
    kind: "notification",
    account: canonicalAccount(account, bank),
    createdAt: tx.bookedAt,
    balances: [],
    entries: [canonicalEntry(tx, bank)],
  };
}
