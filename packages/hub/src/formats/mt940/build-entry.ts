/**
 * An entry's canonical form, from its `:61:` line and what its other fields said (`:86:`, `:NS:`).
 *
 * @module
 */
import type { BankTransactionCode, DocumentId, Entry, Party, TransactionDetail } from "../../core/index.js";
import type { BankProfile } from "./bank-profile.js";
import { accountSchemeOf } from "./cached-iban.js";
import { addBankData, type EntryDetails, settleParties } from "./entry-details.js";
import type { StatementLine } from "./statement-line.js";

type Writable<T> = { -readonly [K in keyof T]: T[K] };

/** Entries of MT940 are never batches: one shared, frozen empty list instead of one per entry. */
const NO_DETAILS: readonly TransactionDetail[] = Object.freeze([]);

// A statement uses a few dozen transaction codes over thousands of entries; the model is immutable, so entries
// with the same code share one frozen object instead of each holding two of their own. Keyed by issuer, then
// the :61: type, then the domestic code, so a lookup builds no key string.
const CODES = new Map<string, Map<string, Map<string, BankTransactionCode>>>();

// In front of the maps, the codes met last, direct-mapped by a few characters: a hit compares three short strings
// and hashes none (a statement's type and domestic code are new strings in every entry).
const RECENT = 64;
const recentType: string[] = new Array<string>(RECENT).fill("");
const recentDomestic: string[] = new Array<string>(RECENT).fill("");
const recentIssuer: string[] = new Array<string>(RECENT).fill("");
const recentCode: (BankTransactionCode | undefined)[] = new Array<BankTransactionCode | undefined>(RECENT).fill(undefined);

function transactionCode(type: string, domestic: string, issuer: string): BankTransactionCode {
  const slot =
    (type.length * 5 +
      (type.charCodeAt(0) | 0) * 3 +
      (type.charCodeAt(type.length - 1) | 0) * 7 +
      (domestic.charCodeAt(domestic.length - 1) | 0) * 11 +
      (domestic.charCodeAt(domestic.length - 2) | 0) * 13) &
    (RECENT - 1);
  const recent = recentCode[slot];
  if (recent !== undefined && recentType[slot] === type && recentDomestic[slot] === domestic && recentIssuer[slot] === issuer)
    return recent;
  const btc = codeFromMaps(type, domestic, issuer);
  recentType[slot] = type;
  recentDomestic[slot] = domestic;
  recentIssuer[slot] = issuer;
  recentCode[slot] = btc;
  return btc;
}

function codeFromMaps(type: string, domestic: string, issuer: string): BankTransactionCode {
  let byType = CODES.get(issuer);
  if (byType === undefined) {
    byType = new Map();
    CODES.set(issuer, byType);
  }
  let byDomestic = byType.get(type);
  if (byDomestic === undefined) {
    if (byType.size >= 1024) byType.clear();
    byDomestic = new Map();
    byType.set(type, byDomestic);
  }
  let btc = byDomestic.get(domestic);
  if (btc === undefined) {
    const code = type === "" ? domestic : domestic === "" ? type : `${type}+${domestic}`;
    btc = Object.freeze({ proprietary: Object.freeze(issuer === "" ? { code } : { code, issuer }) });
    byDomestic.set(domestic, btc);
  }
  return btc;
}

/** Whether the entry brings money in: a credit, or the reversal of a debit (a zero amount goes by its mark). */
function isIncoming(l: StatementLine): boolean {
  return l.amount.minor > 0n || (l.amount.minor === 0n && (l.mark === "C" || l.mark === "EC" || l.mark === "RD"));
}

/**
 * Whether the payer (ordering party, debtor) is the counterparty: for money in, but a reversal keeps the parties of
 * the payment it reverses, as camt's `RvslInd` does (`camt-build.ts`), so a returned debit's counterparty is the
 * payee and a returned credit's the payer, never the account holder.
 */
function payerIsCounterparty(l: StatementLine): boolean {
  return isIncoming(l) !== (l.mark === "RC" || l.mark === "RD");
}

/** The :86: reference a `:61:` marker `EREF` or `PREF` stands for, or `undefined` (not a marker, nothing to point at). */
function pointedReference(lineRef: string, refs: NonNullable<EntryDetails["references"]>): string | undefined {
  return lineRef === "EREF" ? refs.endToEndId : lineRef === "PREF" ? refs.paymentInformationId : undefined;
}

/**
 * The entry for statement line `l` at line `line` with `d` (already filled from its `:86:` and `:NS:` by
 * `profile`).
 */
export function buildEntry(
  l: StatementLine,
  d: EntryDetails,
  profile: BankProfile,
  line: number,
  documentId: DocumentId | undefined,
): Entry {
  const pendingStatus = l.mark === "EC" || l.mark === "ED";
  const e: Writable<Entry> = {
    amount: l.amount,
    status: pendingStatus ? "pending" : "booked",
    reversal: l.mark === "RC" || l.mark === "RD",
    valueDate: l.valueDate.date,
    details: NO_DETAILS,
  };
  // An entry date is written only when it differs from the value date (SWIFT usage rule for :61:); an
  // expected MT942 entry has no booking yet.
  if (l.entryDate !== undefined) e.bookingDate = l.entryDate.date;
  else if (!pendingStatus) e.bookingDate = l.valueDate.date;
  if (l.fundsCode !== undefined) e.fundsCode = l.fundsCode;
  // References: the :61: customer reference, unless it is NONREF and :86: has the real one (KREF), or it is the
  // KREF cut to the field's 16 characters (German banks fill :61: with the start of a longer KREF). A KREF that
  // differs from the :61: reference is kept as bank data rather than lost.
  const refs = d.references ?? {};
  const lineRef = d.lineReference;
  const kref = refs.customerReference;
  // A `PREF` beside a German :86:, which has no batch id of its own: its KREF+ (DK's customer reference, for a SEPA
  // batch the payment-information id; our writer puts a long one there) is the id `PREF` points at. Not a Dutch
  // /KREF/: no Dutch bank documents it as a batch id, and a Dutch :86: has /PREF/ for one.
  if (lineRef === "PREF" && kref !== undefined && d.krefFrom === "KREF+" && refs.paymentInformationId === undefined)
    refs.paymentInformationId = kref;
  // `KREF+` alone on the :61: line (Sparkasse) only points at the :86:'s KREF, as NONREF says there is none; Dutch
  // banks (Rabobank, ING) write `EREF` or `PREF` for "the end-to-end (batch) id in :86:", the owner's reference, also
  // where the :86: gives a KREF besides (kept as bank data below): the marker itself is no reference.
  const pointed = lineRef === undefined ? undefined : pointedReference(lineRef, refs);
  const customer =
    lineRef === undefined || lineRef === "NONREF" || lineRef === "KREF+"
      ? (kref ?? lineRef)
      : kref !== undefined && kref.length > lineRef.length && kref.startsWith(lineRef)
        ? kref
        : (pointed ?? lineRef);
  if (kref !== undefined && customer !== kref) addBankData(d, "KREF", kref);
  if (customer !== undefined) refs.customerReference = customer;
  if (l.bankReference !== undefined) refs.bankReference = l.bankReference;
  if (d.references !== undefined || customer !== undefined || l.bankReference !== undefined) e.references = refs;
  // Banks name the ultimate party after the payment's initiator (ABWA "abweichender Auftraggeber"), which for
  // a direct debit is the creditor: the direction alone does not say whose it is. One named party is the
  // counterparty's; with both, the debtor's is the counterparty's for money in and the creditor's for money out (the
  // other way round for a reversal).
  let ultimate = d.ultimateDebtor ?? d.ultimateCreditor;
  if (d.ultimateDebtor !== undefined && d.ultimateCreditor !== undefined) {
    const payer = payerIsCounterparty(l);
    ultimate = payer ? d.ultimateDebtor : d.ultimateCreditor;
    addBankData(d, payer ? "ultimateCreditor" : "ultimateDebtor", payer ? d.ultimateCreditor : d.ultimateDebtor);
  }
  // Both the ordering party and the beneficiary named (`/ORDP/`, `/BENM/`): the direction says which is the other side.
  if (d.parties !== undefined) settleParties(d, payerIsCounterparty(l));
  const party = d.counterparty;
  if (party !== undefined || ultimate !== undefined) {
    const p: Writable<Party> = party ?? {};
    if (p.account !== undefined && p.accountScheme === undefined) p.accountScheme = accountSchemeOf(p.account);
    if (ultimate !== undefined) p.ultimateName = ultimate;
    e.counterparty = p;
  }
  if (d.remittance !== undefined && d.structuredRemittance !== undefined)
    e.remittance = { unstructured: d.remittance, structured: d.structuredRemittance };
  else if (d.remittance !== undefined) e.remittance = { unstructured: d.remittance };
  else if (d.structuredRemittance !== undefined) e.remittance = { structured: d.structuredRemittance };
  const type = l.transactionType;
  const domestic = d.domesticCode;
  const issuer = d.domesticCodeIssuer ?? profile.domesticCodeIssuer;
  if (domestic !== undefined && issuer !== undefined) {
    e.bankTransactionCode = transactionCode(type ?? "", domestic, issuer);
  } else {
    if (type !== undefined) e.bankTransactionCode = transactionCode(type, "", "");
    if (domestic !== undefined) addBankData(d, "domesticCode", domestic);
  }
  if (d.purpose !== undefined) e.purpose = d.purpose;
  // The supplementary details are the booking text unless :86: gave one; then they are kept as bank data.
  const extra = d.supplementaryDetails;
  if (d.description !== undefined) {
    e.description = d.description;
    if (extra !== undefined) addBankData(d, "supplementaryDetails", extra);
  } else if (extra !== undefined) e.description = extra;
  if (d.originalAmount !== undefined) e.originalAmount = d.originalAmount;
  if (d.charges !== undefined) e.charges = d.charges;
  if (d.bankData !== undefined) e.bankData = d.bankData;
  e.source = documentId === undefined ? { line } : { documentId, line };
  return e;
}
