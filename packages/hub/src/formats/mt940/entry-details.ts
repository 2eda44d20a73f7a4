/**
 * What the fields of one entry (`:61:` parts, `:86:`, `:NS:`) say about it, collected while the entry is
 * read. A mutable scratch object: the `:86:` dialects and bank profiles fill it, and the statement reader
 * turns it into a canonical (immutable) entry once the entry's last field is read.
 *
 * @module
 */
import type { AccountScheme, Charge, Money, References, StructuredRemittance } from "../../core/index.js";

/** The counterparty as it is being collected. */
export interface PartyDetails {
  name?: string;
  account?: string;
  accountScheme?: AccountScheme;
  bankId?: string;
  bankName?: string;
  address?: string[];
  partyId?: string;
}

/** Everything an entry's fields said besides its amount and dates. */
export interface EntryDetails {
  /** The bank's booking text (German `?00`, Dutch `/TRTP/`). */
  description?: string;
  /** Free-text remittance, one element per piece as the bank separated them. */
  remittance?: string[];
  structuredRemittance?: StructuredRemittance[];
  /** ISO purpose code (`PURP`). */
  purpose?: string;
  /** The domestic transaction code before the `:86:` subfields (German GVC `166`). */
  domesticCode?: string;
  /** Who issued {@link domesticCode} when it came from elsewhere than the `:86:` (ING's `/TRCD/`): else the profile's issuer. */
  domesticCodeIssuer?: string;
  references?: { -readonly [K in keyof References]?: string };
  counterparty?: PartyDetails;
  /**
   * The sides of a payment a `:86:` named (`/ORDP/`, `/BENM/`) when both are named, or one beside a counterparty the
   * `:86:` or `:61:` named otherwise: which one is the counterparty depends on the direction, known when the entry is
   * built ({@link settleParties}).
   */
  parties?: {
    ordering?: PartyDetails;
    beneficiary?: PartyDetails;
    /**
     * The counterparty the `:61:` line suggested (de Volksbank), which the `:86:`'s counterparty prevails over: held
     * until the direction says which of the two that is ({@link keepLineParty}).
     */
    line?: PartyDetails;
    /** A second (third…) `/ORDP/` or `/BENM/` block that names another party than the first: kept as bank data. */
    again?: { key: PartyKey; party: PartyDetails }[];
  };
  /** Ultimate debtor (SEPA `ABWA+`, Dutch `/ULTD/`). Which side is the counterparty's depends on the direction. */
  ultimateDebtor?: string;
  /** Ultimate creditor (SEPA `ABWE+`, Dutch `/ULTC/`). */
  ultimateCreditor?: string;
  /**
   * Where {@link references}' customer reference came from: the German SEPA keyword `KREF+` (DK's customer
   * reference, for a SEPA batch its payment-information id, which a `:61:` `PREF` may point at) or a Dutch `/KREF/`
   * (no Dutch bank documents it as a batch id).
   */
  krefFrom?: "KREF+" | "/KREF/";
  /** The `:61:` customer reference as the bank profile reads it (`NONREF` included). */
  lineReference?: string;
  /** The `:61:` supplementary details, until the entry is complete (a booking text, or raw bank data). */
  supplementaryDetails?: string;
  originalAmount?: Money;
  charges?: Charge[];
  bankData?: Record<string, string>;
}

/**
 * A new, empty {@link EntryDetails} with every field present (`undefined`): all entries' details then share one
 * shape, so the code that fills and reads them runs monomorphic instead of meeting a new shape for every order in
 * which the fields happen to be set. The details are scratch, never part of the entry, so the empty fields show
 * nowhere.
 */
export function newEntryDetails(): EntryDetails {
  return {
    description: undefined,
    remittance: undefined,
    structuredRemittance: undefined,
    purpose: undefined,
    domesticCode: undefined,
    domesticCodeIssuer: undefined,
    references: undefined,
    counterparty: undefined,
    parties: undefined,
    ultimateDebtor: undefined,
    ultimateCreditor: undefined,
    krefFrom: undefined,
    lineReference: undefined,
    supplementaryDetails: undefined,
    originalAmount: undefined,
    charges: undefined,
    bankData: undefined,
  };
}

/** Adds a bank field; a repeated name keeps both values, one per line. */
export function addBankData(details: EntryDetails, key: string, value: string): void {
  if (value === "") return;
  const data = details.bankData ?? {};
  details.bankData = data;
  const previous = Object.hasOwn(data, key) ? data[key] : undefined;
  const next = previous === undefined ? value : `${previous}\n${value}`;
  // A key such as "__proto__" must become an own property, never reach the prototype's setter.
  if (key === "__proto__") Object.defineProperty(data, key, { value: next, enumerable: true, writable: true, configurable: true });
  else data[key] = next;
}

/** Sets a reference unless the value is empty; the first value found wins. */
export function setReference(details: EntryDetails, key: keyof References, value: string): void {
  if (value === "") return;
  const refs = details.references ?? {};
  details.references = refs;
  if (refs[key] === undefined) refs[key] = value;
}

/** Sets a counterparty fact unless the value is empty; the first value found wins. */
export function setParty<K extends keyof PartyDetails>(details: EntryDetails, key: K, value: PartyDetails[K]): void {
  if (value === undefined || value === "") return;
  const party = details.counterparty ?? {};
  details.counterparty = party;
  if (party[key] === undefined) party[key] = value;
}

/** The bank-data name of a party block that is kept beside the counterparty: `orderingParty` or `beneficiary`. */
export type PartyKey = "orderingParty" | "beneficiary";

/** A name as compared: case and runs of white space aside. */
function nameKey(name: string): string {
  return name.replace(/\s+/g, " ").trim().toLowerCase();
}

/** An account as compared: blanks and case aside. */
function accountKey(account: string): string {
  return account.replace(/\s+/g, "").toUpperCase();
}

/** Whether both are given and say different things (as `key` compares them). */
function differs(a: string | undefined, b: string | undefined, key: (v: string) => string): boolean {
  return a !== undefined && b !== undefined && key(a) !== key(b);
}

/**
 * Takes a `/TAG/` party block as the counterparty: its name, address, id and bank, and its account unless one is
 * set. A block that names another party than the counterparty named before it (another name or account: `/NAME/Jan/
 * BENM//NAME/Jan Ult/IBAN/…`) is kept whole as bank data under `key`, not mixed into it; one that agrees fills what is
 * missing, and an address, id or bank that differs from the counterparty's is kept as bank data under `key` too.
 * Nothing the block says is lost.
 */
export function setCounterparty(details: EntryDetails, party: PartyDetails, key: PartyKey): void {
  const named = details.counterparty;
  if (named !== undefined && (differs(named.name, party.name, nameKey) || differs(named.account, party.account, accountKey))) {
    keepParty(details, party, key);
    return;
  }
  setParty(details, "name", party.name);
  if (party.account !== undefined && named?.account === undefined) {
    setParty(details, "account", party.account);
    setParty(details, "accountScheme", party.accountScheme);
  }
  const address = party.address?.join("\n");
  if (differs(named?.address?.join("\n"), address, nameKey) && address !== undefined) addBankData(details, `${key}Address`, address);
  else setParty(details, "address", party.address);
  if (differs(named?.partyId, party.partyId, accountKey) && party.partyId !== undefined) addBankData(details, `${key}Id`, party.partyId);
  else setParty(details, "partyId", party.partyId);
  if (differs(named?.bankId, party.bankId, accountKey) && party.bankId !== undefined) addBankData(details, `${key}Bic`, party.bankId);
  else setParty(details, "bankId", party.bankId);
}

/**
 * Whether a party block given again (`/ORDP//NAME/A/…/ORDP//NAME/A/…`) says the same party as `first`: every fact both
 * give agrees (a name or address with case and blanks aside, an account, id or BIC with blanks and case aside). Then
 * what only it gives fills `first`, and it needs no word of its own.
 */
export function mergeSameParty(first: PartyDetails, again: PartyDetails): boolean {
  if (
    differs(first.name, again.name, nameKey) ||
    differs(first.account, again.account, accountKey) ||
    differs(first.address?.join("\n"), again.address?.join("\n"), nameKey) ||
    differs(first.partyId, again.partyId, accountKey) ||
    differs(first.bankId, again.bankId, accountKey)
  )
    return false;
  first.name ??= again.name;
  if (first.account === undefined && again.account !== undefined) {
    first.account = again.account;
    first.accountScheme = again.accountScheme;
  }
  first.address ??= again.address;
  first.partyId ??= again.partyId;
  first.bankId ??= again.bankId;
  return true;
}

/** Keeps a party block that is not the counterparty as bank data under `key` (`…Account`, `…Address`, `…Id`, `…Bic`). */
export function keepParty(details: EntryDetails, party: PartyDetails, key: PartyKey): void {
  if (party.name !== undefined) addBankData(details, key, party.name);
  if (party.account !== undefined) addBankData(details, `${key}Account`, party.account);
  if (party.address !== undefined) addBankData(details, `${key}Address`, party.address.join("\n"));
  if (party.partyId !== undefined) addBankData(details, `${key}Id`, party.partyId);
  if (party.bankId !== undefined) addBankData(details, `${key}Bic`, party.bankId);
}

/**
 * Resolves {@link EntryDetails.parties}: the ordering party is the counterparty's side when `payer` (money in, or the
 * reversal of money out), else the beneficiary. That side's block is taken as the counterparty
 * ({@link setCounterparty}); the other side (usually the account holder) is kept as bank data (`orderingParty`,
 * `beneficiary`, with `…Address`, `…Id`, `…Account` and `…Bic`) rather than lost.
 */
export function settleParties(details: EntryDetails, payer: boolean): void {
  const parties = details.parties;
  if (parties === undefined) return;
  details.parties = undefined;
  const { ordering, beneficiary } = parties;
  if (payer) {
    if (ordering !== undefined) setCounterparty(details, ordering, "orderingParty");
    if (beneficiary !== undefined) keepParty(details, beneficiary, "beneficiary");
  } else {
    if (beneficiary !== undefined) setCounterparty(details, beneficiary, "beneficiary");
    if (ordering !== undefined) keepParty(details, ordering, "orderingParty");
  }
  for (const a of parties.again ?? []) keepParty(details, a.party, a.key);
  keepLineParty(details, parties.line);
}

/**
 * After a structured `:86:`, which names the counterparty itself: the counterparty the `:61:` line suggested
 * (`fromLine`, de Volksbank) stays only where the `:86:` named no account; otherwise its name (the supplementary
 * details) is the booking text again. With both `/ORDP/` and `/BENM/` named, call it once they are settled
 * ({@link settleParties}): before, the `:86:` seems to name no one, and the `:61:` name took the counterparty's place.
 */
export function keepLineParty(details: EntryDetails, fromLine: PartyDetails | undefined): void {
  if (fromLine === undefined) return;
  const name = fromLine.name;
  if (details.counterparty?.account === undefined) {
    for (const key of ["account", "accountScheme", "name"] as const) setParty(details, key, fromLine[key]);
    // The :86: named the counterparty otherwise: the supplementary details stay the booking text.
    if (name !== undefined && details.counterparty?.name !== name) details.supplementaryDetails ??= name;
  } else if (name !== undefined) details.supplementaryDetails ??= name;
}

/** Appends a piece of free-text remittance unless it is blank. */
export function addRemittance(details: EntryDetails, text: string): void {
  const t = text.trim();
  if (t === "") return;
  if (details.remittance === undefined) details.remittance = [t];
  else details.remittance.push(t);
}
