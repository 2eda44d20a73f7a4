/**
 * From the machine's records to the canonical model's transaction facts: which related party is the
 * counterparty, which references, remittance, amounts and charges a transaction carries, and how the one
 * `TxDtls` of a single-transaction entry joins the entry's own facts.
 *
 * @module
 */
import {
  type AccountScheme,
  type BankTransactionCode,
  type Charge,
  type CurrencyCode,
  type ExchangeRate,
  moneyEquals,
  type Party,
  type References,
  type ReferredDocument,
  type Remittance,
  type StructuredRemittance,
  type TransactionFacts,
} from "../../core/index.js";
import type { AccountRecord, AgentRecord, ChargeRecord, FactsRecord, PartyRecord } from "./camt-collectors.js";

/** A model type being built. */
export type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Keys of `bankData` the camt parser fills (and the camt.053 writer writes back). */
export const BANK_DATA = {
  /** `RtrInf/Rsn` (`Cd` or `Prtry`) of a returned payment. */
  returnReason: "returnReason",
  /** `RtrInf/AddtlInf` lines, joined with a line feed. */
  returnInfo: "returnAdditionalInfo",
  /** `AddtlTxInf` of the one transaction of an entry that has its own `AddtlNtryInf` as description. */
  transactionInfo: "additionalTransactionInfo",
  /** `Refs/AcctSvcrRef` of the one transaction of an entry whose own `AcctSvcrRef` differs. */
  transactionReference: "transactionAccountServicerReference",
} as const;

/** An account number and how it is written. */
export function accountNumber(a: AccountRecord | undefined): { id: string; scheme: AccountScheme } | undefined {
  if (a === undefined) return undefined;
  if (a.iban !== undefined) return { id: a.iban, scheme: "iban" };
  if (a.bban !== undefined) return { id: a.bban, scheme: "bban" };
  if (a.otherId !== undefined) {
    // `Othr` says what it is in `SchmeNm`: the ISO code BBAN, or (our writer's convention) `CN` for 账号.
    const scheme: AccountScheme = a.schemeCode === "BBAN" ? "bban" : a.schemeProprietary === "CN" ? "cn" : "other";
    return { id: a.otherId, scheme };
  }
  if (a.other !== undefined) return { id: a.other, scheme: "other" };
  return undefined;
}

/** A bank as one identifier: BIC, else clearing member id, else another id. */
export function agentId(a: AgentRecord | undefined): string | undefined {
  return a === undefined ? undefined : (a.bic ?? a.memberId ?? a.other);
}

/**
 * `list` as the model keeps it: an array that grew by `push` has room for about 16 more items, which a whole-file parse
 * would hold (and the garbage collector move) for every entry; a copy is exactly as long as its items.
 */
export function exact<T>(list: T[]): T[] {
  return list.slice();
}

function join(a: string | undefined, b: string | undefined): string | undefined {
  // `join` makes one flat string; `${a} ${b}` would make a rope of three strings, all kept with the entry.
  return a === undefined ? b : b === undefined ? a : [a, b].join(" ");
}

/** Postal address lines: `AdrLine`s as given, else the structured parts as street, town and country lines. */
function addressLines(p: PartyRecord): string[] | undefined {
  if (p.lines !== undefined) return exact(p.lines);
  const street = join(p.street, p.building);
  const town = join(p.postcode, p.town);
  const country = p.country;
  // Written out rather than pushed, so that the array is exactly as long as its lines (see `exact`).
  if (street === undefined) {
    if (town === undefined) return country === undefined ? undefined : [country];
    return country === undefined ? [town] : [town, country];
  }
  if (town === undefined) return country === undefined ? [street] : [street, country];
  return country === undefined ? [street, town] : [street, town, country];
}

/**
 * The other side of a transaction. The counterparty of a credit is its debtor and of a debit its creditor;
 * a reversal (`RvslInd`) keeps the parties of the transaction it reverses, so there it is the other way round.
 */
function counterparty(f: FactsRecord, debtorSide: boolean): Party | undefined {
  const party = debtorSide ? f.debtor : f.creditor;
  const account = accountNumber(debtorSide ? f.debtorAccount : f.creditorAccount);
  const agent = debtorSide ? f.debtorAgent : f.creditorAgent;
  const ultimate = debtorSide ? f.ultimateDebtor : f.ultimateCreditor;
  const p: Mutable<Party> = {};
  const name = party?.name ?? party?.agent?.name;
  if (name !== undefined) p.name = name;
  if (account !== undefined) {
    p.account = account.id;
    p.accountScheme = account.scheme;
  }
  const bankId = agentId(agent) ?? agentId(party?.agent);
  if (bankId !== undefined) p.bankId = bankId;
  if (agent?.name !== undefined) p.bankName = agent.name;
  const address = party === undefined ? undefined : addressLines(party);
  if (address !== undefined) p.address = address;
  if (ultimate?.name !== undefined) p.ultimateName = ultimate.name;
  if (party?.id !== undefined) p.partyId = party.id;
  for (const _ in p) return p;
  return undefined;
}

function references(f: FactsRecord): References | undefined {
  const r: Mutable<References> = {};
  if (f.servicerTransactionId !== undefined) r.bankReference = f.servicerTransactionId;
  if (f.accountServicerReference !== undefined) r.accountServicerReference = f.accountServicerReference;
  if (f.ownerTransactionId !== undefined) r.customerReference = f.ownerTransactionId;
  if (f.endToEndId !== undefined) r.endToEndId = f.endToEndId;
  if (f.instructionId !== undefined) r.instructionId = f.instructionId;
  if (f.transactionId !== undefined) r.transactionId = f.transactionId;
  if (f.paymentInformationId !== undefined) r.paymentInformationId = f.paymentInformationId;
  if (f.messageId !== undefined) r.messageId = f.messageId;
  if (f.mandateId !== undefined) r.mandateId = f.mandateId;
  if (f.chequeNumber !== undefined) r.chequeNumber = f.chequeNumber;
  if (f.uetr !== undefined) r.uetr = f.uetr;
  if (f.clearingSystemReference !== undefined) r.clearingSystemReference = f.clearingSystemReference;
  const creditorId = f.creditor?.sepaId;
  if (creditorId !== undefined) r.creditorId = creditorId;
  for (const _ in r) return r;
  return undefined;
}

function remittance(f: FactsRecord): Remittance | undefined {
  const structured: StructuredRemittance[] = [];
  for (const s of f.structured ?? []) {
    const o: Mutable<StructuredRemittance> = {};
    if (s.reference !== undefined) o.creditorReference = s.reference;
    if (s.referenceType !== undefined) o.creditorReferenceType = s.referenceType;
    if (s.referenceIssuer !== undefined) o.creditorReferenceIssuer = s.referenceIssuer;
    const documents: ReferredDocument[] = [];
    for (const d of s.documents ?? []) {
      const doc: Mutable<ReferredDocument> = {};
      if (d.type !== undefined) doc.type = d.type;
      if (d.number !== undefined) doc.number = d.number;
      if (d.date !== undefined) doc.date = d.date;
      for (const _ in doc) {
        documents.push(doc);
        break;
      }
    }
    if (documents.length > 0) o.documents = exact(documents);
    const amount = s.remitted ?? s.due;
    if (amount !== undefined) o.amount = amount;
    if (s.info !== undefined) o.additionalInfo = exact(s.info);
    for (const _ in o) {
      structured.push(o);
      break;
    }
  }
  if (f.unstructured === undefined && structured.length === 0) return undefined;
  const r: Mutable<Remittance> = {};
  if (f.unstructured !== undefined) r.unstructured = exact(f.unstructured);
  if (structured.length > 0) r.structured = exact(structured);
  return r;
}

function bankTransactionCode(f: FactsRecord): BankTransactionCode | undefined {
  if (f.domain === undefined && f.family === undefined && f.subFamily === undefined && f.proprietaryCode === undefined) return undefined;
  const c: Mutable<BankTransactionCode> = {};
  if (f.domain !== undefined) c.domain = f.domain;
  if (f.family !== undefined) c.family = f.family;
  if (f.subFamily !== undefined) c.subFamily = f.subFamily;
  if (f.proprietaryCode !== undefined) {
    c.proprietary =
      f.proprietaryIssuer === undefined ? { code: f.proprietaryCode } : { code: f.proprietaryCode, issuer: f.proprietaryIssuer };
  }
  return c;
}

function exchangeRate(f: FactsRecord): ExchangeRate | undefined {
  const x = f.exchange;
  if (x?.rate === undefined) return undefined;
  const r: Mutable<ExchangeRate> = { rate: x.rate };
  if (x.source !== undefined) r.sourceCurrency = x.source;
  if (x.target !== undefined) r.targetCurrency = x.target;
  if (x.unit !== undefined) r.unitCurrency = x.unit;
  if (x.contract !== undefined) r.contractId = x.contract;
  if (x.date !== undefined) r.quotationDate = x.date;
  return r;
}

function charge(c: ChargeRecord): Charge | undefined {
  if (c.amount === undefined) return undefined;
  const o: Mutable<Charge> = { amount: c.amount };
  if (c.type !== undefined) o.type = c.type;
  if (c.bearer !== undefined) o.bearer = c.bearer;
  if (c.included !== undefined) o.includedInAmount = c.included;
  const agent = agentId(c.agent);
  if (agent !== undefined) o.agentId = agent;
  return o;
}

/**
 * Puts the canonical facts of `f` on `target` (an entry or a batch detail being built). `debtorSide` says
 * whether the counterparty is the debtor (see {@link counterparty}); `bankData` adds fields that have no other
 * home; `currency` is that of the amount the facts belong to (a transaction amount in another one is the
 * original amount).
 */
export function putTransactionFacts(
  target: Mutable<TransactionFacts>,
  f: FactsRecord,
  debtorSide: boolean,
  bankData: Record<string, string> | undefined,
  currency: CurrencyCode,
): void {
  const refs = references(f);
  if (refs !== undefined) target.references = refs;
  const party = counterparty(f, debtorSide);
  if (party !== undefined) target.counterparty = party;
  const rmt = f.unstructured === undefined && f.structured === undefined ? undefined : remittance(f);
  if (rmt !== undefined) target.remittance = rmt;
  const btc = bankTransactionCode(f);
  if (btc !== undefined) target.bankTransactionCode = btc;
  if (f.purpose !== undefined) target.purpose = f.purpose;
  if (f.info !== undefined) target.description = f.info;
  if (f.instructed !== undefined) target.instructedAmount = f.instructed;
  // A transaction amount in another currency than the booked one is what was exchanged.
  if (f.transactionAmount !== undefined && f.transactionAmount.currency !== currency) target.originalAmount = f.transactionAmount;
  const fx = exchangeRate(f);
  if (fx !== undefined) target.exchangeRate = fx;
  if (f.charges !== undefined) {
    const list: Charge[] = [];
    for (const c of f.charges) {
      const ch = charge(c);
      if (ch !== undefined) list.push(ch);
    }
    if (list.length > 0) target.charges = exact(list);
  }
  if (f.returnReason === undefined && f.returnInfo === undefined) {
    if (bankData !== undefined) target.bankData = bankData;
    return;
  }
  const data: Record<string, string> = { ...bankData };
  if (f.returnReason !== undefined) data[BANK_DATA.returnReason] = f.returnReason;
  if (f.returnInfo !== undefined) data[BANK_DATA.returnInfo] = f.returnInfo.join("\n");
  target.bankData = data;
}

function sameCharge(a: ChargeRecord, b: ChargeRecord): boolean {
  return (
    a.amount !== undefined &&
    b.amount !== undefined &&
    moneyEquals(a.amount, b.amount) &&
    a.type === b.type &&
    a.bearer === b.bearer &&
    a.included === b.included &&
    agentId(a.agent) === agentId(b.agent)
  );
}

/**
 * Joins the facts of an entry with exactly one transaction into that transaction's record (which is not used
 * again): the entry's own (`AcctSvcrRef`, `BkTxCd`, `AmtDtls`, `Chrgs`, `AddtlNtryInf`) win, the transaction
 * fills in the rest. Where both have a reference or text and they differ, the transaction's goes to the
 * returned `bankData` instead of being lost; charges stated at both levels are kept once each. A differing
 * `BkTxCd` of the transaction is dropped: banks repeat the entry's code there, and the entry's is the one the
 * booking was made under.
 */
export function mergeEntryFacts(tx: FactsRecord, entry: FactsRecord): Record<string, string> | undefined {
  let bankData: Record<string, string> | undefined;
  if (entry.accountServicerReference !== undefined) {
    if (tx.accountServicerReference !== undefined && tx.accountServicerReference !== entry.accountServicerReference) {
      // Stored rather than written as a computed key: V8 builds `{ [key]: value }` on a slow path, once per entry here.
      bankData = {};
      bankData[BANK_DATA.transactionReference] = tx.accountServicerReference;
    }
    tx.accountServicerReference = entry.accountServicerReference;
  }
  if (entry.domain !== undefined || entry.family !== undefined || entry.subFamily !== undefined || entry.proprietaryCode !== undefined) {
    tx.domain = entry.domain;
    tx.family = entry.family;
    tx.subFamily = entry.subFamily;
    tx.proprietaryCode = entry.proprietaryCode;
    tx.proprietaryIssuer = entry.proprietaryIssuer;
  }
  if (entry.instructed !== undefined) tx.instructed = entry.instructed;
  if (entry.transactionAmount !== undefined) tx.transactionAmount = entry.transactionAmount;
  if (entry.exchange !== undefined) tx.exchange = entry.exchange;
  if (entry.charges !== undefined) {
    const extra = tx.charges === undefined ? [] : tx.charges.filter((c) => !entry.charges!.some((e) => sameCharge(e, c)));
    tx.charges = extra.length === 0 ? entry.charges : [...entry.charges, ...extra];
  }
  if (entry.info !== undefined) {
    if (tx.info !== undefined && tx.info !== entry.info) bankData = { ...bankData, [BANK_DATA.transactionInfo]: tx.info };
    tx.info = entry.info;
  }
  return bankData;
}
