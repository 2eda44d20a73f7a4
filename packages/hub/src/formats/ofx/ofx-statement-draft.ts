/**
 * An OFX statement while it is read (`OfxStatementDraft`, values as the bank wrote them) and what it becomes:
 * ACCTID (with BANKID/BRANCHID, ACCTTYPE) → account; CURDEF → currency; DTSTART/DTEND → period; LEDGERBAL →
 * closing balance (closingBooked at its DTASOF); AVAILBAL → closingAvailable; BALLIST amounts → information
 * balances; DTSERVER → createdAt; the FI's ORG → bank name. OFX states no opening balance, and none is invented.
 *
 * @module
 */
import {
  type Account,
  type Balance,
  type CurrencyCode,
  type Entry,
  type IsoDateTime,
  type Period,
  type Statement,
  toCurrencyCode,
  tryBic,
  tryIban,
} from "../../core/index.js";
import type { OfxFitIds } from "./ofx-fitids.js";
import type { OfxIssues, OfxTallies } from "./ofx-issues.js";
import { multiply, type OfxCurrencyDraft, type OfxTransactionDraft, ofxCorrectionOf } from "./ofx-transaction.js";
import { parseOfxAmount, parseOfxDate, parseOfxRate } from "./ofx-values.js";
import { noteAmountSign, noteDate } from "./ofx-written-forms.js";

/** A LEDGERBAL, AVAILBAL or BALLIST/BAL as written. */
export interface OfxBalanceDraft {
  amount?: string;
  asOf?: string;
  /** Where BALAMT (VALUE) and DTASOF are among the document's values (see `OfxTransactionDraft.dtPostedAt`). */
  amountAt?: number;
  asOfAt?: number;
  name?: string;
  type?: string;
  /** BAL's CURRENCY: the balance's own currency when it is not CURDEF. */
  currency?: OfxCurrencyDraft;
}

/** A STMTRS or CCSTMTRS as written, with what its entries need. */
export interface OfxStatementDraft {
  readonly creditCard: boolean;
  readonly path: string;
  curDef?: string;
  /** CURDEF as a currency, when it is one. */
  currency?: CurrencyCode;
  acctId?: string;
  bankId?: string;
  branchId?: string;
  acctType?: string;
  dtStart?: string;
  dtEnd?: string;
  /** Where DTSTART and DTEND are among the document's values (see `OfxTransactionDraft.dtPostedAt`). */
  dtStartAt?: number;
  dtEndAt?: number;
  ledger?: OfxBalanceDraft;
  avail?: OfxBalanceDraft;
  readonly list: OfxBalanceDraft[];
  /** Transactions read before the statement's currency was known (CURDEF missing or late): built at the end. */
  readonly deferred: OfxTransactionDraft[];
  /** Transactions seen, for their paths. */
  transactions: number;
  /** Pending transactions begun (`BANKTRANLISTP`), numbered apart. */
  pendingTransactions: number;
  /**
   * The statement header once handed on (at its first entry, when its account is known): from then on the
   * statement keeps that account and currency, which its entries were handed on with.
   */
  head: { readonly statement: Statement; readonly index: number; readonly currency: CurrencyCode } | undefined;
  /** Entries built before the header could be handed on (no ACCTID yet): they wait for it. */
  readonly waiting: Entry[];
  /** Entries handed on. */
  entries: number;
  /** Built entries without a FITID. */
  noFitId: number;
  /** The FITIDs of the built entries, to report one used twice. */
  readonly fitIds: OfxFitIds;
  /**
   * Values of the statement written in a form OFX does not use (`OFX_AMOUNT_SIGN_UNUSUAL`, `OFX_DATE_ISO`,
   * `OFX_DATE_PART_DROPPED`), counted when its entries and balances are built and added to the document's only if the
   * statement is read.
   */
  readonly notes: OfxTallies;
}

/** What finishing a statement needs from the document. */
export interface OfxStatementContext {
  readonly issues: OfxIssues;
  /** DTSERVER of the sign-on: when the bank produced the document. */
  readonly serverTime: IsoDateTime | undefined;
  /** The FI's ORG: the bank's name. */
  readonly org: string | undefined;
  /** Builds the entry of a transaction that waited for the statement's currency, adding it to `entries`. */
  readonly build: (transaction: OfxTransactionDraft, currency: CurrencyCode) => void;
}

/**
 * The statement's currency: CURDEF, else the one currency every transaction names at rate 1 (with a warning), as
 * Commonwealth Bank writes it with an empty CURDEF. A transaction's CURRENCY otherwise says what it is in when that
 * differs from the account's (OFX 2.1.1 §5.2): the one currency a foreign card payment names is the one the account
 * is not in.
 */
function currencyOf(s: OfxStatementDraft, issues: OfxIssues): CurrencyCode | undefined {
  const declared = s.curDef === undefined || s.curDef === "" ? undefined : toCurrencyCode(s.curDef);
  if (declared !== undefined) return declared;
  // Transactions that name no currency, or the original one (ORIGCURRENCY: the amount is the account's already),
  // say nothing about it; every one that names a currency must name the same at rate 1.
  const named = new Set<CurrencyCode | undefined>();
  for (const t of s.deferred) {
    const fx = t.currency;
    if (fx === undefined || fx.original || fx.symbol === undefined || fx.symbol.trim() === "") continue;
    const rate = fx.rate === undefined || fx.rate.trim() === "" ? undefined : parseOfxRate(fx.rate);
    const one = rate === undefined ? fx.rate === undefined || fx.rate.trim() === "" : rate.value.units === 10n ** BigInt(rate.value.scale);
    named.add(one ? toCurrencyCode(fx.symbol) : undefined);
  }
  const [only] = named;
  if (named.size === 1 && only !== undefined) {
    issues.add(
      "warning",
      "OFX_CURRENCY_MISSING",
      `CURDEF is ${s.curDef === undefined || s.curDef === "" ? "missing" : `"${s.curDef.slice(0, 10)}", not a currency`}; the transactions are in ${only}, used as the statement currency`,
      s.path,
    );
    return only;
  }
  issues.add(
    "error",
    "OFX_CURRENCY_MISSING",
    `CURDEF is ${s.curDef === undefined || s.curDef === "" ? "missing" : `"${s.curDef.slice(0, 10)}", not a currency`} and its transactions do not all name one currency at rate 1; the statement was not read`,
    s.path,
  );
  return undefined;
}

/**
 * A balance from its draft, or `undefined` when its amount or date cannot be read (reported to `issues`;
 * `undefined` for the header, which is built again, with its findings, at the end).
 */
function balanceOf(
  issues: OfxIssues | undefined,
  b: OfxBalanceDraft | undefined,
  type: Balance["type"],
  what: string,
  s: OfxStatementDraft,
  currency: CurrencyCode,
): Balance | undefined {
  if (b === undefined) return undefined;
  if (b.amount === undefined || b.amount === "") {
    // The element is there but empty (ofxparse fail_nice/empty_balance.ofx): a balance that was not read.
    issues?.add("error", "OFX_AMOUNT_INVALID", `${what} is empty; not read`, s.path);
    return undefined;
  }
  const amount = parseOfxAmount(b.amount, currency);
  if (amount === undefined) {
    issues?.add("error", "OFX_AMOUNT_INVALID", `${what} amount "${b.amount.slice(0, 40)}" is not an amount; not read`, s.path);
    return undefined;
  }
  // The balance's own DTASOF; without one, the end of the statement period is the day it is for.
  const own = parseOfxDate(b.asOf ?? "");
  const asOf = own.kind === "date" ? own : parseOfxDate(s.dtEnd ?? "");
  if (asOf.kind !== "date") {
    issues?.add("warning", "OFX_DATE_INVALID", `${what} has no readable date (DTASOF "${(b.asOf ?? "").slice(0, 40)}"); not kept`, s.path);
    return undefined;
  }
  // One written that is no date (`20240231`, `31/01/2024`) is said, not replaced by DTEND's silently.
  if (own.kind === "invalid") {
    issues?.add(
      "warning",
      "OFX_DATE_INVALID",
      `${what} DTASOF "${(b.asOf ?? "").slice(0, 40)}" is not an OFX date; the end of the period (DTEND) was used`,
      s.path,
    );
  }
  return { type, amount, date: asOf.date, ...(asOf.dateTime === undefined ? {} : { dateTime: asOf.dateTime }) };
}

/** Counts what balance `b` (kept, named `what`) writes in a form OFX does not use, into its statement's notes. */
function noteBalance(b: OfxBalanceDraft, what: string, s: OfxStatementDraft): void {
  noteAmountSign(s.notes, b.amount ?? "", what, s.path, b.amountAt ?? 0);
  noteDate(s.notes, parseOfxDate(b.asOf ?? ""), b.asOf ?? "", "DTASOF", s.path, b.asOfAt ?? 0);
}

/**
 * A BALLIST balance whose BAL names its own CURRENCY (OFX 2.1.1 §3.1.4): its value is in CURSYM and CURRATE converts
 * it to CURDEF, as for a transaction, so it is kept as that exact product (a statement's balances are in its
 * currency). ORIGCURRENCY, no CURSYM, or CURDEF itself leave it as it is; an unknown code, or no CURRATE, leave it as
 * written with a warning, as for transactions; a rate that cannot be read loses the balance, with a warning.
 */
function inStatementCurrency(
  balance: Balance,
  fx: OfxCurrencyDraft | undefined,
  currency: CurrencyCode,
  what: string,
  s: OfxStatementDraft,
  issues: OfxIssues | undefined,
): Balance | undefined {
  if (fx === undefined || fx.original || fx.symbol === undefined || fx.symbol.trim() === "") return balance;
  const symbol = toCurrencyCode(fx.symbol);
  if (symbol === undefined) {
    issues?.add(
      "warning",
      "OFX_CURRENCY_UNKNOWN",
      `${what}: currency "${fx.symbol.slice(0, 10)}" is not an ISO 4217 code; ignored`,
      s.path,
    );
    return balance;
  }
  if (symbol === currency) return balance;
  if (fx.rate === undefined || fx.rate.trim() === "") {
    // As for a transaction: without the rate the value cannot be converted, and is kept as written.
    issues?.add(
      "warning",
      "OFX_CURRENCY_RATE_MISSING",
      `${what} names currency ${symbol} without CURRATE; kept as written, in ${currency}`,
      s.path,
      { currency: symbol, statementCurrency: currency, element: "BAL" },
    );
    return balance;
  }
  const rate = parseOfxRate(fx.rate);
  // The product in CURDEF, at no fewer decimals than CURDEF has (1000 JPY at 0.0065 is USD 6.50).
  const amount = rate === undefined ? undefined : multiply(balance.amount, rate.value);
  if (amount === undefined) {
    issues?.add(
      "warning",
      "OFX_AMOUNT_INVALID",
      `${what} is in ${symbol} and its exchange rate "${(fx.rate ?? "").slice(0, 30)}" does not convert it exactly to ${currency}; not kept`,
      s.path,
    );
    return undefined;
  }
  return { ...balance, amount: { ...amount, currency } };
}

/** The balances other than the closing one: AVAILBAL, then the amounts of BALLIST. */
function otherBalances(s: OfxStatementDraft, currency: CurrencyCode, issues: OfxIssues | undefined): Balance[] {
  const balances: Balance[] = [];
  const availableWhat = "available balance (AVAILBAL)";
  const available = balanceOf(issues, s.avail, "closingAvailable", availableWhat, s, currency);
  if (available !== undefined) {
    balances.push(available);
    if (issues !== undefined && s.avail !== undefined) noteBalance(s.avail, availableWhat, s);
  }
  for (const b of s.list) {
    // BALLIST also holds percentages and counts (BALTYPE PERCENT, NUMBER): only amounts are balances.
    if (b.type !== undefined && b.type !== "DOLLAR") continue;
    const what = `balance "${(b.name ?? "").slice(0, 40)}"`;
    const balance = balanceOf(issues, b, "information", what, s, currency);
    if (balance === undefined) continue;
    const converted = inStatementCurrency(balance, b.currency, currency, what, s, issues);
    if (converted === undefined) continue;
    balances.push(converted);
    if (issues !== undefined) noteBalance(b, what, s);
  }
  return balances;
}

/** The statement from what has been read of it, with `balances` and `closing` as given and no entries. */
function statementOf(
  s: OfxStatementDraft,
  accountId: string,
  currency: CurrencyCode,
  ctx: Pick<OfxStatementContext, "serverTime" | "org">,
  balances: Balance[],
  closing: Balance | undefined,
): Statement {
  const start = parseOfxDate(s.dtStart ?? "");
  const end = parseOfxDate(s.dtEnd ?? "");
  const period: Period | undefined =
    start.kind !== "date" && end.kind !== "date"
      ? undefined
      : {
          ...(start.kind === "date" ? { from: start.date, ...(start.dateTime === undefined ? {} : { fromDateTime: start.dateTime }) } : {}),
          ...(end.kind === "date" ? { to: end.date, ...(end.dateTime === undefined ? {} : { toDateTime: end.dateTime }) } : {}),
        };
  const iban = tryIban(accountId);
  const account: Account = {
    id: iban ?? accountId,
    scheme: iban === undefined ? "other" : "iban",
    currency,
    ...bankOf(s, ctx.org),
    ...(s.acctType === undefined || s.acctType === "" ? {} : { name: s.acctType }),
  };
  return {
    kind: "statement",
    account,
    ...(ctx.serverTime === undefined ? {} : { createdAt: ctx.serverTime }),
    ...(period === undefined ? {} : { period }),
    ...(closing === undefined ? {} : { closingBalance: closing }),
    balances,
    entries: [],
    source: { path: s.path },
  };
}

/**
 * The header of a statement whose first entry is about to be handed on: its account, period and the balances
 * read so far (OFX puts LEDGERBAL and AVAILBAL after the transactions, so usually none), without findings:
 * {@link finishOfxStatement} reads them again and reports.
 */
export function ofxStatementHead(
  s: OfxStatementDraft,
  currency: CurrencyCode,
  ctx: Pick<OfxStatementContext, "serverTime" | "org">,
): Statement {
  const closing = balanceOf(undefined, s.ledger, "closingBooked", "", s, currency);
  return statementOf(s, (s.acctId ?? "").trim(), currency, ctx, otherBalances(s, currency, undefined), closing);
}

/**
 * The statement for a closed STMTRS/CCSTMTRS (`entries` empty: they were handed on one by one), or
 * `undefined` (reported) when it has no account number or no currency. Transactions that waited for the
 * currency are built first, through `ctx.build`. A statement whose header was handed on keeps its account
 * and currency.
 */
export function finishOfxStatement(s: OfxStatementDraft, ctx: OfxStatementContext): Statement | undefined {
  const head = s.head;
  const accountId = (s.acctId ?? "").trim() || (head?.statement.account.id ?? "");
  if (accountId === "") {
    ctx.issues.add("error", "OFX_ACCOUNT_MISSING", "statement without an account number (ACCTID); not read", s.path);
    return undefined;
  }
  const currency = head?.currency ?? currencyOf(s, ctx.issues);
  if (currency === undefined) return undefined;
  for (const t of s.deferred) ctx.build(t, currency);
  const noFitId = s.noFitId;
  if (noFitId > 0) {
    // Securo: banks that leave FITID empty. Without the bank's id, the store matches these by their facts.
    ctx.issues.add(
      "warning",
      "OFX_FITID_MISSING",
      `${noFitId} transaction(s) have no FITID, the bank's transaction id; they are matched by their facts instead`,
      s.path,
      { transactions: noFitId },
    );
  }
  if (s.pendingTransactions > 0) {
    ctx.issues.add(
      "warning",
      "OFX_PENDING_SKIPPED",
      `${s.pendingTransactions} pending transaction(s) (BANKTRANLISTP) were not read: they have no FITID, so the posted transaction a later download brings could not replace them`,
      `${s.path}/BANKTRANLISTP`,
      { transactions: s.pendingTransactions },
    );
  }
  for (const [element, value, part] of [
    ["DTSTART", s.dtStart, "start"],
    ["DTEND", s.dtEnd, "end"],
  ] as const) {
    if (value === undefined) continue;
    const date = parseOfxDate(value);
    noteDate(s.notes, date, value, element, s.path, (part === "start" ? s.dtStartAt : s.dtEndAt) ?? 0);
    if (date.kind === "invalid") {
      ctx.issues.add(
        "warning",
        "OFX_DATE_INVALID",
        `${element} "${value.slice(0, 40)}" of the transaction list is not an OFX date; the period has no ${part}`,
        s.path,
      );
    }
  }
  const balances = otherBalances(s, currency, ctx.issues);
  const ledgerWhat = "ledger balance (LEDGERBAL)";
  const closing = balanceOf(ctx.issues, s.ledger, "closingBooked", ledgerWhat, s, currency);
  if (closing !== undefined && s.ledger !== undefined) noteBalance(s.ledger, ledgerWhat, s);
  return statementOf(s, accountId, currency, ctx, balances, closing);
}

/** Where transaction `n` (1-based) of statement `s` is: `…/STMTRS/BANKTRANLIST/STMTTRN[n]`. */
export function ofxTransactionPath(s: OfxStatementDraft, n: number): string {
  return `${s.path}/BANKTRANLIST/STMTTRN[${n}]`;
}

/**
 * Notes the FITID of the entry built from transaction `t` of `s`, and reports it when an earlier transaction
 * of the statement has it too. FITIDs are unique per account (OFX 3.2.1); a bank that repeats one has two
 * transactions that an import matching on the bank reference would take for one. Both entries are kept: which
 * of them the bank meant cannot be told.
 */
export function checkOfxFitId(s: OfxStatementDraft, t: OfxTransactionDraft, fitId: string, issues: OfxIssues): void {
  const first = s.fitIds.add(fitId, t.number);
  if (first === 0) return;
  issues.add(
    "warning",
    "OFX_FITID_DUPLICATE",
    `FITID "${fitId.slice(0, 60)}" of STMTTRN[${t.number}] is also the FITID of STMTTRN[${first}]: FITIDs are unique per account (OFX 3.2.1); both transactions are kept, and an import that matches on the bank reference would take them for one`,
    t.path,
    // A FITID is at most 255 characters (OFX A-255).
    { fitId: fitId.slice(0, 255), first: ofxTransactionPath(s, first) },
  );
}

/**
 * Reports what transaction `t` of `s` corrects, when it is a correction (CORRECTFITID, CORRECTACTION: OFX 2.1.1
 * §11.4.3). A correction refers to a transaction by its FITID, usually one sent in an earlier download, which
 * a parser of this document cannot change: its entry is kept as written (a DELETE one as information, not a
 * booking, by `buildOfxEntry`) and the issue says which transaction the importer has to delete or
 * replace. A corrected transaction earlier in this statement is named by its path; it is kept too, because a
 * streamed statement has handed it on already and both readings give the same result.
 */
export function checkOfxCorrection(s: OfxStatementDraft, t: OfxTransactionDraft, issues: OfxIssues): void {
  const c = ofxCorrectionOf(t);
  if (c === undefined) return;
  const own = t.fitId === undefined || t.fitId === "" ? "" : ` (FITID "${t.fitId.slice(0, 60)}")`;
  const where = `STMTTRN[${t.number}]${own}`;
  if (c.corrects === undefined || (c.action !== "DELETE" && c.action !== "REPLACE")) {
    const said =
      c.corrects === undefined
        ? `has CORRECTACTION ${c.action ?? ""} but no CORRECTFITID`
        : c.action === undefined
          ? `names CORRECTFITID "${c.corrects.slice(0, 60)}" but no CORRECTACTION`
          : `has CORRECTACTION "${c.action.slice(0, 20)}", which is neither DELETE nor REPLACE`;
    issues.add("warning", "OFX_CORRECTION_INVALID", `${where} ${said}: it is read as an ordinary transaction`, t.path, {
      ...(c.corrects === undefined ? {} : { corrects: c.corrects.slice(0, 255) }),
      ...(c.action === undefined ? {} : { action: c.action.slice(0, 20) }),
    });
    return;
  }
  const first = s.fitIds.find(c.corrects);
  const target = `the transaction with FITID "${c.corrects.slice(0, 60)}"`;
  const place = first === 0 ? "sent earlier" : `STMTTRN[${first}] of this statement, which is kept as written too`;
  const message =
    c.action === "DELETE"
      ? `${where} deletes ${target} (${place}): it is kept as information, not as a booking; delete the corrected transaction where it was imported`
      : `${where} replaces ${target} (${place}): it is kept as a booking; drop the replaced transaction where it was imported`;
  issues.add("warning", "OFX_CORRECTION", message, t.path, {
    action: c.action,
    // A FITID is at most 255 characters (OFX A-255).
    corrects: c.corrects.slice(0, 255),
    ...(t.fitId === undefined || t.fitId === "" ? {} : { fitId: t.fitId.slice(0, 255) }),
    ...(first === 0 ? {} : { corrected: ofxTransactionPath(s, first) }),
  });
}

/**
 * The servicing bank: BANKID as a BIC when it is one, else as the clearing code (ABA routing number), with
 * `/BRANCHID` when the bank gave a branch (Canadian transit numbers); the FI's ORG as its name.
 */
function bankOf(s: OfxStatementDraft, org: string | undefined): Pick<Account, "bank"> {
  const bankId = s.bankId?.trim() ?? "";
  const branch = s.branchId?.trim() ?? "";
  const bic = bankId === "" ? undefined : tryBic(bankId);
  const bank: Account["bank"] = {
    ...(bic !== undefined ? { bic } : bankId !== "" ? { clearingCode: branch === "" ? bankId : `${bankId}/${branch}` } : {}),
    ...(org === undefined ? {} : { name: org }),
  };
  return Object.keys(bank).length === 0 ? {} : { bank };
}
