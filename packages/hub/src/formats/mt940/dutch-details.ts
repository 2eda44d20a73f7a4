/**
 * The Dutch structured `:86:` (ING, ABN AMRO, Rabobank, Knab, and the `/BAI/`-style fields of other banks):
 * `/TAG/value` pairs such as `/TRTP/SEPA OVERBOEKING/IBAN/NL…/BIC/ABNANL2A/NAME/…/REMI/…/EREF/…`. Only known
 * tags split the text, so a `/` inside a value (`/REMI/PO 7781/ABC`) stays part of it.
 *
 * @module
 */
import { type AccountScheme, compareMoney, type Money, toCurrencyCode } from "../../core/index.js";
import { cachedIban } from "./cached-iban.js";
import {
  addBankData,
  addRemittance,
  type EntryDetails,
  keepParty,
  mergeSameParty,
  type PartyDetails,
  type PartyKey,
  setCounterparty,
  setParty,
  setReference,
} from "./entry-details.js";
import { JoinedLines } from "./joined-lines.js";
import { parseSwiftAmount } from "./swift-amount.js";

const TAGS: ReadonlySet<string> = new Set([
  "TRTP",
  "EREF",
  "KREF",
  "NAME",
  "REMI",
  "IBAN",
  "BIC",
  "BBAN",
  "CSID",
  "MARF",
  "PREF",
  "ORDP",
  "BENM",
  "CNTP",
  "ADDR",
  "ISDT",
  "RTRN",
  "SUM",
  "BAI",
  "ACNO",
  "ULTD",
  "ULTC",
  "ULTB",
  "PURP",
  "OCMT",
  "CHGS",
  "EXCH",
  // Rabobank's international payments: the party's id, charges by kind, the initiating party.
  "ID",
  "CHGS1",
  "CHGS2",
  "CHGS3",
  "CHGS4",
  "CHGS5",
  "INIT",
  // Danske Bank's structured information to the account owner: its reference, the remitted amount, charges.
  "RREF",
  "RCMT",
  "CHRG",
]);

/** Tags that hold an amount with its currency (`/OCMT/CHF739,46/`, `/RCMT/EUR 100.000,00`, `/CHGS1/EUR6,88`). */
const ORIGINAL_AMOUNT: ReadonlySet<string> = new Set(["OCMT", "RCMT"]);
const CHARGE: ReadonlySet<string> = new Set(["CHGS", "CHGS1", "CHGS2", "CHGS3", "CHGS4", "CHGS5", "CHRG"]);

/** Tags after which a `/NAME/` (or `/ID/`) is that party's: `/ORDP//NAME/…`, `/INIT//NAME/…`. */
const PARTIES: ReadonlySet<string> = new Set(["ORDP", "BENM", "INIT", "ULTD", "ULTC", "ULTB"]);

/**
 * The `/ORDP/` (ordering party) and `/BENM/` (beneficiary) blocks of one `:86:`, kept apart while it is read: with
 * one of them, it is the counterparty; with both, the direction decides (the other side is the account holder).
 */
interface Sides {
  ORDP?: PartyDetails;
  BENM?: PartyDetails;
  /** The tag's blocks after its first (`/ORDP//NAME/A/ORDP//NAME/B/`), in order: the second's values were lost. */
  again?: { tag: "ORDP" | "BENM"; party: PartyDetails }[];
  /** The block given again that facts now read belong to, while its tag is the party. */
  current?: { tag: "ORDP" | "BENM"; party: PartyDetails };
}

/** A `/ORDP/` or `/BENM/` tag opens a block: the first of its tag, or one given again, read apart from the first. */
function openSide(sides: Sides, tag: "ORDP" | "BENM"): void {
  if (sides[tag] === undefined) return;
  const block = { tag, party: {} };
  sides.again ??= [];
  sides.again.push(block);
  sides.current = block;
}

/**
 * Tags that, inside an `/ORDP/` or `/BENM/` block, state that party's account or bank: ANZ's `/ORDP/<name>` +
 * `/ACNO/<account>`, and `/BENM//NAME/…/IBAN/…/BIC/…`, whose IBAN is the beneficiary's, not the counterparty's
 * named before the block.
 */
const SIDE_BANKING: ReadonlySet<string> = new Set(["ACNO", "IBAN", "BBAN", "BIC"]);

/** Records a fact of the `/ORDP/` or `/BENM/` block `party`; `scheme` says a `/BBAN/` account is one. */
function sideFact(
  sides: Sides,
  party: "ORDP" | "BENM",
  key: "name" | "address" | "partyId" | "account" | "bankId",
  value: string,
  scheme?: "bban",
): void {
  let side = sides.current?.tag === party ? sides.current.party : sides[party];
  if (side === undefined) {
    side = {};
    sides[party] = side;
  }
  if (key === "address") side.address ??= [value];
  else if (key === "account") {
    if (side.account !== undefined) return;
    const iban = cachedIban(value);
    side.account = iban ?? value;
    side.accountScheme = accountScheme(value, iban, scheme);
  } else side[key] ??= value;
}

/**
 * Hands the blocks on. One block, where nothing else named a counterparty, is the counterparty whatever the
 * direction; both, or one beside a counterparty named otherwise (`/NAME/Jan/BENM//NAME/…`, or the `:61:` line's, held
 * aside by de Volksbank's profile as `parties.line`), are settled once the entry's direction says which side the
 * counterparty is on.
 */
function applySides(details: EntryDetails, sides: Sides): void {
  const { ORDP: ordering, BENM: beneficiary } = sides;
  if (ordering === undefined && beneficiary === undefined) return;
  // A block given again that says the same party is said once; one naming another is kept as its tag's bank data.
  const again: { key: PartyKey; party: PartyDetails }[] = [];
  for (const a of sides.again ?? []) {
    const first = a.tag === "ORDP" ? ordering : beneficiary;
    if (first !== undefined && !mergeSameParty(first, a.party))
      again.push({ key: a.tag === "ORDP" ? "orderingParty" : "beneficiary", party: a.party });
  }
  const line = details.parties?.line;
  if (details.counterparty === undefined && line === undefined && (ordering === undefined || beneficiary === undefined)) {
    if (ordering !== undefined) setCounterparty(details, ordering, "orderingParty");
    else if (beneficiary !== undefined) setCounterparty(details, beneficiary, "beneficiary");
    for (const a of again) keepParty(details, a.party, a.key);
    return;
  }
  details.parties = again.length > 0 ? { ordering, beneficiary, line, again } : { ordering, beneficiary, line };
}

/**
 * Tags whose value fills one field of the entry (a reference, the booking text, the counterparty's name, account or
 * bank…), where the first value is taken. A tag written again with another value (a second `/EREF/`, `/NAME/`…) is
 * kept as bank data under its name rather than lost; the same value again is said once. `/REMI/` is not among them:
 * each is a line of remittance. Repeats are told within one `:86:` only, so a counterparty a bank profile read from
 * the `:61:` line is not taken for a first value.
 */
const SINGLE: ReadonlySet<string> = new Set([
  "TRTP",
  "EREF",
  "KREF",
  "MARF",
  "CSID",
  "PREF",
  "PURP",
  "NAME",
  "IBAN",
  "ACNO",
  "BBAN",
  "BIC",
  "ADDR",
  "ULTD",
  "ULTC",
  "ULTB",
  "OCMT",
  "RCMT",
]);

/** The slot a single-valued tag fills (the account tags share one), as `/NAME/` after an ultimate party fills its. */
function slotOf(tag: string, party: string | undefined): string | undefined {
  if (party === "ORDP" || party === "BENM" || party === "INIT") return undefined;
  // `/ULTC/` and `/ULTB/` fill one ultimate creditor, as does a `/NAME/` after either: a second was lost without a word.
  if (party !== undefined && (tag === "NAME" || tag === "ID")) return tag === "NAME" ? (party === "ULTB" ? "ULTC" : party) : undefined;
  if (!SINGLE.has(tag)) return undefined;
  // The account tags fill one account.
  return tag === "IBAN" || tag === "ACNO" || tag === "BBAN" ? "account" : tag === "ULTB" ? "ULTC" : tag;
}

/** Whether a slot's second value says the same as its first: an account or BIC with blanks and case aside (a BIC11's `XXX` branch is its BIC8), any other value as written. */
function saysSame(slot: string, first: string, value: string): boolean {
  if (first === value) return true;
  if (slot !== "account" && slot !== "BIC") return false;
  const key = (v: string) => {
    const k = v.replace(/\s+/g, "").toUpperCase();
    return slot === "BIC" && k.length === 11 && k.endsWith("XXX") ? k.slice(0, 8) : k;
  };
  return key(first) === key(value);
}

/** Rabobank's `/CNTP/<account>/<BIC>/<name>/<town>/`: the counterparty's facts in one tag. */
function cntpParts(value: string): string[] {
  return value.split("/").map((s) => s.trim());
}

/**
 * A `/CNTP/` block fills the slots of `/IBAN/`, `/BIC/`, `/NAME/` and `/ADDR/` at once. One that says another account,
 * BIC, name or town than the tags before it in this :86: (`/NAME/X/CNTP/…/Y/…`) is kept whole as bank data `CNTP`: its
 * name was lost without a word. What it says first counts as said, so a later `/NAME/` with another name is kept too.
 */
function cntpSlots(details: EntryDetails, value: string, firsts: Map<string, string>): void {
  const [acct = "", bic = "", name = "", town = ""] = cntpParts(value);
  const facts: [string, string][] = [
    ["account", acct],
    ["BIC", bic],
    ["NAME", name],
    ["ADDR", town],
  ];
  let differs = false;
  for (const [slot, v] of facts) {
    if (v === "") continue;
    const first = firsts.get(slot);
    if (first === undefined) firsts.set(slot, v);
    else if (!saysSame(slot, first, v)) differs = true;
  }
  if (differs) addBankData(details, "CNTP", value);
}

function tagAt(text: string, slash: number): string | undefined {
  // Tags are 2 to 5 upper-case letters (and a digit: CHGS1) between slashes.
  for (const length of [5, 4, 3, 2]) {
    if (text.charCodeAt(slash + length + 1) !== 47 /* / */) continue;
    const tag = text.slice(slash + 1, slash + 1 + length);
    if (TAGS.has(tag)) return tag;
  }
  return undefined;
}

/** True when the field's first line starts, after blanks, with a known `/TAG/`. */
export function hasDutchTags(text: string): boolean {
  let p = 0;
  while (p < text.length && (text.charCodeAt(p) === 32 || text.charCodeAt(p) === 10)) p++;
  return text.charCodeAt(p) === 47 && tagAt(text, p) !== undefined;
}

/**
 * Joins the field's lines. Banks wrap it two ways: cut hard at the 65-character SWIFT line width, inside a
 * word (Rabobank `…CONTRA ACCOUN` + `T HOLDER`), or at a word boundary on shorter lines (Knab `/TRTP/SEPA` +
 * `OVERBOEKING`). A full line is joined as is, a shorter one with a space.
 */
function joinLines(lines: readonly string[]): JoinedLines {
  if (lines.length === 1) return new JoinedLines(lines);
  const separators: string[] = [""];
  for (let i = 1; i < lines.length; i++) {
    const previous = lines[i - 1] as string;
    const line = lines[i] as string;
    // The first line shares its 65 characters with the `:86:` tag.
    const width = i === 1 ? previous.length + 4 : previous.length;
    const hard = width >= 65 || previous.endsWith(" ") || line.startsWith(" ") || line.startsWith("/");
    separators.push(hard ? "" : " ");
  }
  return new JoinedLines(lines, separators);
}

function accountScheme(value: string, iban: string | undefined, scheme?: "bban"): AccountScheme {
  return iban !== undefined ? "iban" : (scheme ?? (/^[0-9][0-9 .-]*$/.test(value) ? "bban" : "other"));
}

function account(details: EntryDetails, value: string, scheme?: "bban"): void {
  const iban = cachedIban(value);
  setParty(details, "account", iban ?? value);
  setParty(details, "accountScheme", accountScheme(value, iban, scheme));
}

/**
 * `CUR` and an amount at the start of `value` (`CHF739,46`, `EUR 100.000,00`: a space, and points grouping
 * thousands before a decimal comma, are allowed), and what follows it; `undefined` when it does not start so.
 */
function leadingAmount(value: string): { amount: Money; written: string; rest: string } | undefined {
  const m = /^([A-Z]{3}) ?([0-9]{1,3}(?:\.[0-9]{3})+(?:,[0-9]*)?|[0-9]+(?:,[0-9]*)?)/.exec(value);
  if (m === null) return undefined;
  // `1,234.56`: a point or comma and a digit after the amount read means it was read wrong; kept as written instead.
  const after = value.slice(m[0].length);
  if (/^[.,][0-9]/.test(after)) return undefined;
  const currency = toCurrencyCode(m[1] ?? "");
  const digits = (m[2] ?? "").includes(".") ? (m[2] ?? "").replaceAll(".", "") : (m[2] ?? "");
  const amount = currency === undefined ? undefined : parseSwiftAmount(digits, 0, digits.length, currency);
  if (amount === undefined) return undefined;
  return { amount, written: m[0], rest: value.slice(m[0].length).replace(/^[\s/]+/, "") };
}

function sameMoney(a: Money, b: Money): boolean {
  return a.currency === b.currency && compareMoney(a, b) === 0;
}

function assign(details: EntryDetails, tag: string, value: string, party: string | undefined, sides: Sides): void {
  if (ORIGINAL_AMOUNT.has(tag) || CHARGE.has(tag)) {
    const read = leadingAmount(value);
    if (read === undefined) {
      addBankData(details, tag, value);
      return;
    }
    if (ORIGINAL_AMOUNT.has(tag)) {
      const known = details.originalAmount;
      // `/OCMT/USD5,00/RCMT/EUR4,00/`: the first is the original amount, another amount beside it was lost.
      if (known === undefined) details.originalAmount = read.amount;
      else if (!sameMoney(known, read.amount)) addBankData(details, tag, read.written);
    } else {
      const charges = details.charges ?? [];
      details.charges = charges;
      // The same charge on the :61: line's `/CHGS/` and in :86: is one charge.
      const a = read.amount;
      const known = charges.some((c) => sameMoney(c.amount, a));
      if (!known) charges.push(tag === "CHGS" || tag === "CHRG" ? { amount: a } : { amount: a, type: tag });
    }
    // HSBC writes the payment's text on the lines after `/OCMT/USD2853,12/`: it is remittance, not the amount's.
    if (read.rest !== "") addRemittance(details, read.rest);
    return;
  }
  if (party === "ORDP" || party === "BENM") {
    // A fact of the ordering party's or the beneficiary's block: which of them is the counterparty is settled later.
    if (tag === party || tag === "NAME") {
      sideFact(sides, party, "name", value);
      return;
    }
    if (tag === "ADDR" || tag === "ID") {
      sideFact(sides, party, tag === "ADDR" ? "address" : "partyId", value);
      return;
    }
    if (SIDE_BANKING.has(tag)) {
      if (tag === "BIC") sideFact(sides, party, "bankId", value);
      else sideFact(sides, party, "account", value, tag === "BBAN" ? "bban" : undefined);
      return;
    }
  }
  if (tag === "NAME" || tag === "ID") {
    // A name or id after /INIT/ or an ultimate party's tag is that party's, not the counterparty's.
    if (party === "INIT") {
      addBankData(details, tag === "NAME" ? "initiatingParty" : "initiatingPartyId", value);
      return;
    }
    if (tag === "NAME" && party === "ULTD") {
      details.ultimateDebtor ??= value;
      return;
    }
    if (tag === "NAME" && (party === "ULTC" || party === "ULTB")) {
      details.ultimateCreditor ??= value;
      return;
    }
    if (tag === "ID") {
      if (party === "ULTD" || party === "ULTC" || party === "ULTB")
        addBankData(details, party === "ULTD" ? "ultimateDebtorId" : "ultimateCreditorId", value);
      else setParty(details, "partyId", value);
      return;
    }
  }
  switch (tag) {
    case "TRTP":
      details.description ??= value;
      return;
    case "NAME":
      setParty(details, "name", value);
      return;
    case "IBAN":
    case "ACNO":
      account(details, value);
      return;
    case "BBAN":
      account(details, value, "bban");
      return;
    case "BIC":
      setParty(details, "bankId", value);
      return;
    case "ADDR":
      setParty(details, "address", [value]);
      return;
    case "CNTP": {
      const [acct = "", bic = "", name = "", town = ""] = cntpParts(value);
      if (acct !== "") account(details, acct);
      setParty(details, "bankId", bic);
      setParty(details, "name", name);
      if (town !== "") setParty(details, "address", [town]);
      return;
    }
    case "EREF":
      setReference(details, "endToEndId", value);
      return;
    case "KREF":
      if (details.references?.customerReference === undefined) details.krefFrom = "/KREF/";
      setReference(details, "customerReference", value);
      return;
    case "MARF":
      setReference(details, "mandateId", value);
      return;
    case "CSID":
      setReference(details, "creditorId", value);
      return;
    case "PREF":
      setReference(details, "paymentInformationId", value);
      return;
    case "ULTD":
      details.ultimateDebtor ??= value;
      return;
    case "ULTC":
    case "ULTB":
      details.ultimateCreditor ??= value;
      return;
    case "PURP":
      // Rabobank writes the ISO code as a sub-element: `/PURP//CD/EPAY`.
      details.purpose ??= value.startsWith("/CD/") ? value.slice(4) : value;
      return;
    case "REMI":
      remittance(details, value);
      return;
    case "RTRN":
      returnReason(details, value);
      return;
    default:
      addBankData(details, tag, value);
  }
}

/**
 * `/RTRN/` (ING, ABN AMRO): why a payment came back, an ISO reason code (`MS03`, `AC04`), which a bank may follow
 * with its own words. Kept under the bank-data names camt gives `RtrInf/Rsn` and `RtrInf/AddtlInf` (`returnReason`,
 * `returnAdditionalInfo`: camt-facts.ts `BANK_DATA`), so both formats say it alike and the camt writer writes it
 * back as `RtrInf`. A second, different reason is kept as `RTRN`.
 */
function returnReason(details: EntryDetails, value: string): void {
  if (details.bankData?.returnReason !== undefined) {
    if (details.bankData.returnReason !== value) addBankData(details, "RTRN", value);
    return;
  }
  const coded = /^([A-Z0-9]{4})[\s/]+(\S.*)$/s.exec(value);
  if (coded === null) {
    addBankData(details, "returnReason", value);
    return;
  }
  addBankData(details, "returnReason", coded[1] as string);
  addBankData(details, "returnAdditionalInfo", coded[2] as string);
}

/**
 * `/REMI/` may carry `USTD//text` (unstructured) or `STRD/CUR/<creditor reference>` (ING, ABN AMRO), or Rabobank's
 * ISO sub-elements `/CDTRREFTP//CD/SCOR/ISSR/CUR/CDTRREF/<creditor reference>`.
 */
function remittance(details: EntryDetails, value: string): void {
  if (value.startsWith("/CDTRREFTP/")) {
    const at = value.indexOf("/CDTRREF/");
    const ref =
      at < 0
        ? ""
        : value
            .slice(at + 9)
            .replace(/\/+$/, "")
            .trim();
    if (ref !== "") {
      const type = /\/CD\/([A-Z0-9]{1,4})\//.exec(value)?.[1] ?? "SCOR";
      details.structuredRemittance ??= [];
      details.structuredRemittance.push({ creditorReference: ref, creditorReferenceType: type });
      return;
    }
  }
  if (value.startsWith("USTD//")) {
    addRemittance(details, value.slice(6));
    return;
  }
  if (value.startsWith("STRD/CUR/")) {
    const ref = value.slice(9).replace(/\/+$/, "").trim();
    if (ref !== "") {
      details.structuredRemittance ??= [];
      details.structuredRemittance.push({ creditorReference: ref, creditorReferenceType: "SCOR" });
    }
    return;
  }
  addRemittance(details, value);
}

/** Reads a `/TAG/value` `:86:` (its lines) into `details`; text before the first known tag is remittance. */
export function parseDutchDetails(lines: readonly string[], details: EntryDetails): void {
  const joined = joinLines(lines);
  const t = joined.text;
  let tag: string | undefined;
  // The party tag (ORDP, BENM, INIT…) a `/NAME/` or `/ID/` after it belongs to.
  let party: string | undefined;
  const sides: Sides = {};
  // The first value of each single-valued slot in this :86: (SINGLE), created only when a tag repeats is possible.
  const firsts = new Map<string, string>();
  let valueStart = 0;
  let slash = t.indexOf("/");
  while (slash >= 0) {
    const found = tagAt(t, slash);
    // `/ID/` is a tag only inside a party (`/ORDP//NAME/UWV/ID/…`): elsewhere (`/REMI/Order 8/ID/55`) it is text.
    const next = found === "ID" && party === undefined ? undefined : found;
    if (next !== undefined) {
      emit(details, tag, joined, valueStart, slash, party, sides, firsts);
      if (PARTIES.has(next)) {
        party = next;
        if (next === "ORDP" || next === "BENM") openSide(sides, next);
      }
      // The party's account and bank (`/ACNO/`, `/IBAN/`, `/BIC/`…) are the party's too.
      else if (next !== "NAME" && next !== "ID" && next !== "ADDR" && !(SIDE_BANKING.has(next) && (party === "ORDP" || party === "BENM")))
        party = undefined;
      tag = next;
      valueStart = slash + next.length + 2;
      slash = t.indexOf("/", valueStart);
    } else {
      slash = t.indexOf("/", slash + 1);
    }
  }
  emit(details, tag, joined, valueStart, t.length, party, sides, firsts);
  applySides(details, sides);
}

/** The value `[start, end)` without the slashes that close it, trimmed, cut from the original lines. */
function emit(
  details: EntryDetails,
  tag: string | undefined,
  joined: JoinedLines,
  start: number,
  end: number,
  party: string | undefined,
  sides: Sides,
  firsts: Map<string, string>,
): void {
  const t = joined.text;
  let e = end;
  while (e > start && (t.charCodeAt(e - 1) <= 32 || t.charCodeAt(e - 1) === 47)) e--;
  const value = joined.trimmed(start, e);
  if (tag === undefined) {
    addRemittance(details, value);
    return;
  }
  if (value === "") return;
  if (tag === "CNTP") {
    cntpSlots(details, value, firsts);
    assign(details, tag, value, party, sides);
    return;
  }
  const slot = slotOf(tag, party);
  if (slot !== undefined) {
    const first = firsts.get(slot);
    if (first !== undefined) {
      // A slot already filled in this :86:: another value is kept under the tag (an ultimate party's `/NAME/` under
      // the party's tag), the same one is dropped.
      if (!saysSame(slot, first, value)) addBankData(details, tag === "NAME" && party !== undefined ? party : tag, value);
      return;
    }
    firsts.set(slot, value);
  }
  assign(details, tag, value, party, sides);
}
