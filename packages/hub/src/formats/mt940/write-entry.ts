/**
 * One entry as MT940 lines: its `:61:` statement line, the supplementary details line when there is one, and its
 * `:86:` — German subfields when the entry has structured facts, plain text lines otherwise.
 *
 * @module
 */
import type { Entry, IsoDate, Money, Statement } from "../../core/index.js";
import { startsWithUnstructuredCode } from "./banks/dk-profile.js";
import { detailsHead, isCodeOnly, isStructured } from "./banks/generic-profile.js";
import { newEntryDetails } from "./entry-details.js";
import { readSupplementaryDetails } from "./supplementary-details.js";
import {
  charBoundary,
  hardWrap,
  hasExtraDecimals,
  hasLineBreak,
  mmdd,
  oneLine,
  SWIFT_LINE,
  sliceChars,
  swiftAmount,
  yymmdd,
} from "./swift-text.js";
import { writeGermanDetails } from "./write-german-details.js";
import type { WriteReport } from "./write-report.js";

/** `value` on one line; a line break or control character becomes a space, with a note. */
export function flat(value: string, what: string, report: WriteReport, path: string): string {
  if (!hasLineBreak(value)) return value;
  report.note("writeTextChanged", `line breaks or control characters in ${what} written as spaces`, path);
  return oneLine(value);
}

/** `value` cut to `max` characters, with a note when it was longer. */
export function cut(value: string, max: number, what: string, report: WriteReport, path: string): string {
  if (value.length <= max) return value;
  report.note("writeTruncated", `${what} longer than SWIFT's ${max} characters cut`, path);
  return sliceChars(value, 0, max);
}

/** A `16x` reference: at most 16 characters, no `//` (it separates the bank reference), not starting or ending with `/`. */
export function reference(value: string, what: string, report: WriteReport, path: string): string {
  let v = flat(value, what, report, path);
  if (v.includes("//") || v.startsWith("/") || v.endsWith("/")) {
    report.note("writeTextChanged", `${what} with "/" where SWIFT forbids it: slashes removed there`, path);
    v = v.replace(/\/{2,}/g, "/").replace(/^\/+|\/+$/g, "");
  }
  v = cut(v, 16, what, report, path);
  return v === "" ? "NONREF" : v;
}

/** Whether a line would read as a field, a separator or an envelope. */
function needsGuard(line: string): boolean {
  const c = line.charCodeAt(0);
  return c === 58 /* : */ || c === 123 /* { */ || c === 45 /* - */;
}

/** A line that would read as a field, a separator or an envelope gets a leading space (readers trim it). */
function guarded(line: string): string {
  return needsGuard(line) ? ` ${line}` : line;
}

/** The supplementary details line (34x): `value` on one line, cut to fit, guarded. */
function supplementaryLine(value: string, what: string, report: WriteReport, path: string): string {
  const v = flat(value, what, report, path);
  return guarded(cut(v, needsGuard(v) ? 33 : 34, what, report, path));
}

/** `/OCMT/…/` and `/CHGS/…/`, the SWIFT codes for an original amount and charges, or undefined when there are none. */
function codedAmounts(e: Entry): string | undefined {
  let out = "";
  const positive = (m: Money): Money => (m.minor < 0n ? { ...m, minor: -m.minor } : m);
  if (e.originalAmount !== undefined) out += `/OCMT/${e.originalAmount.currency}${swiftAmount(positive(e.originalAmount))}`;
  for (const c of e.charges ?? []) out += `/CHGS/${c.amount.currency}${swiftAmount(positive(c.amount))}`;
  return out === "" ? undefined : `${out}/`;
}

/** Whether reading `line` as supplementary details gives back the entry's original amount and charges. */
function carries(line: string | undefined, e: Entry): { originalAmount: boolean; charges: boolean } {
  if (line === undefined) return { originalAmount: false, charges: false };
  const d = newEntryDetails();
  readSupplementaryDetails(line.trim(), d);
  const same = (a: Money | undefined, b: Money | undefined) =>
    a !== undefined && b !== undefined && a.currency === b.currency && a.minor === b.minor && a.scale === b.scale;
  const charges = e.charges ?? [];
  return {
    originalAmount: same(d.originalAmount, e.originalAmount),
    charges:
      d.charges !== undefined &&
      d.charges.length === charges.length &&
      charges.every((c, i) => Object.keys(c).length === 1 && same(d.charges?.[i]?.amount, c.amount)),
  };
}

/**
 * `text` in lines of at most `firstWidth` (the first) and 65 characters, broken after a space where one is near the
 * end of the line, else cut; a line that would start with `:`, `{` or `-` is guarded with a space.
 */
function softWrap(text: string, firstWidth: number, guardFirst: boolean): string[] {
  const lines: string[] = [];
  let at = 0;
  let width = firstWidth;
  while (text.length - at > width) {
    let end = at + width;
    const space = text.lastIndexOf(" ", end);
    // Break after the space, unless that leaves most of the line empty (one long word: cut it).
    if (space > at + (width >> 1)) end = space + 1;
    else end = charBoundary(text, end, at + 1);
    lines.push(text.slice(at, end).trimEnd());
    at = end;
    width = SWIFT_LINE - 1;
  }
  lines.push(text.slice(at));
  return lines.map((line, i) => (i === 0 && !guardFirst ? line : guarded(line)));
}

function year(date: IsoDate): number {
  return Number(date.slice(0, 4));
}

function days(a: IsoDate, b: IsoDate): number {
  return Math.abs(Date.parse(`${a}T00:00:00Z`) - Date.parse(`${b}T00:00:00Z`)) / 86_400_000;
}

const DK_CODE = /^([A-Z][A-Z0-9]{3})\+(\d{3})$/;
/** A `:61:` transaction type: a letter and three letters or digits (`NTRF`, `S103`, `FMSC`, mBank `MCI0`). */
const SWIFT_TYPE = /^[A-Z][A-Z0-9]{3}$/;

/** An entry's `:61:` line, optional supplementary details line, and `:86:` lines. */
export function entryLines(e: Entry, statement: Statement, report: WriteReport, path: string): string[] {
  const lost = (what: string) => report.note("writeNotRepresentable", `${what} not written (MT940 has no field for it)`, path);
  const valueDate = e.valueDate ?? e.bookingDate;
  if (valueDate === undefined) {
    report.note("writeNotRepresentable", "entry without any date not written (:61: needs a value date)", path);
    return [];
  }
  if (e.valueDate === undefined) lost("missing value date (the booking date is written in its place)");
  if (year(valueDate) < 1980 || year(valueDate) > 2079)
    report.note("writeTextChanged", "value date outside 1980–2079 written with a two-digit year, which reads back within 1980–2079", path);
  let entryDate = "";
  if (e.bookingDate !== undefined) {
    entryDate = mmdd(e.bookingDate);
    if (days(e.bookingDate, valueDate) > 182) lost("booking date more than half a year from the value date (MMDD has no year)");
  }
  const currency = statement.account.currency ?? statement.openingBalance?.amount.currency;
  if (currency !== undefined && e.amount.currency !== currency) lost(`entry amounts in ${e.amount.currency} on a ${currency} statement`);
  const negative = e.amount.minor < 0n;
  const mark = e.reversal ? (negative ? "RC" : "RD") : negative ? "D" : "C";
  let funds = "";
  if (e.fundsCode !== undefined) {
    if (/^[A-Z]$/.test(e.fundsCode)) funds = e.fundsCode;
    else lost("funds code other than one letter");
  }
  if (hasExtraDecimals(e.amount))
    report.note("writeTruncated", `amount with more decimals than ${e.amount.currency} has, written as is`, path);
  if (swiftAmount(e.amount).length > 15)
    report.note("writeBeyondSwift", "amount longer than the 15 characters :61: allows, written as is", path);
  // The :61: type, and the German transaction code (GVC) when the code is DK's `NTRF+166`.
  const btc = e.bankTransactionCode;
  let type = "NMSC";
  let domesticCode: string | undefined;
  const code = btc?.proprietary?.code;
  const dk = code === undefined || btc?.proprietary?.issuer !== "DK" ? null : DK_CODE.exec(code);
  if (dk?.[1] !== undefined) {
    type = dk[1];
    domesticCode = dk[2];
  } else if (code !== undefined && SWIFT_TYPE.test(code)) type = code;
  else if (code !== undefined) {
    // Another bank's `TYPE+code` (ING's `NTRF+00100`): the :61: type is kept, the bank's own code has no field.
    // Only a type SWIFT defines (S and a message type, N or F and three characters): ZKA's `XXXX+000+…` says none.
    const typed = /^(S\d{3}|[NF][A-Z0-9]{3})\+/.exec(code);
    if (typed?.[1] !== undefined) {
      type = typed[1];
      lost("a bank's own transaction code after the :61: type (only DK's is written, before the :86: subfields)");
    } else lost("bank transaction codes that are not a :61: type (written as NMSC)");
  }
  if (btc?.domain !== undefined || btc?.family !== undefined || btc?.subFamily !== undefined)
    lost("ISO bank transaction codes (domain/family/sub-family)");
  const refs = e.references ?? {};
  // A customer reference that is the end-to-end id or the payment-information id and too long for :61:
  // (Rabobank's and ING's `EREF` and `PREF`, which the reader takes for the :86: id) is written as those banks write
  // it: `EREF` points at the EREF+ written below, `PREF` at the KREF+, DK's keyword for the customer's reference (for
  // a SEPA batch, its payment-information id), which the reader takes for the id `PREF` points at.
  const own = refs.customerReference;
  const long = own !== undefined && own.length > 16;
  const pointer = long && own === refs.endToEndId ? "EREF" : long && own === refs.paymentInformationId ? "PREF" : undefined;
  const batchId = pointer === "PREF" ? own : undefined;
  const customer = pointer ?? reference(own ?? "NONREF", "customer reference", report, path);
  const bankRef = refs.bankReference ?? refs.accountServicerReference;
  const bank = bankRef === undefined ? "" : `//${reference(bankRef, "bank reference", report, path)}`;
  for (const k of [
    "instructionId",
    "transactionId",
    "paymentInformationId",
    "messageId",
    "chequeNumber",
    "uetr",
    "clearingSystemReference",
  ] as const) {
    if (refs[k] !== undefined && !(k === "paymentInformationId" && batchId !== undefined)) lost(`references.${k}`);
  }
  if (refs.bankReference !== undefined && refs.accountServicerReference !== undefined)
    lost("references.accountServicerReference beside a bank reference");
  const lines = [`:61:${yymmdd(valueDate)}${entryDate}${mark}${funds}${swiftAmount(e.amount)}${type}${customer}${bank}`];

  const party = e.counterparty;
  const bankData = e.bankData ?? {};
  for (const k of Object.keys(bankData)) {
    if (k !== "primaNota" && k !== "textKeyExtension" && k !== "supplementaryDetails") lost(`bank data "${k}"`);
  }
  for (const [value, what] of [
    [e.reverses, "reversed entry's reference"],
    [e.bookingDateTime, "booking time"],
    [e.valueDateTime, "value time"],
    [e.batch, "batch facts"],
    [e.instructedAmount, "instructed amount"],
    [e.exchangeRate, "exchange rate"],
    [party?.address, "counterparty address"],
    [party?.bankName, "counterparty bank name"],
    [party?.partyId, "counterparty id"],
    [e.remittance?.structured, "structured remittance"],
  ] as const) {
    if (value !== undefined) lost(what);
  }
  if (e.details.length > 0) lost("batch details (the batch is written as one entry)");

  // Blank pieces hold nothing a reader could give back, and alone would make an empty :86:, which SWIFT does not take.
  const remittance = (e.remittance?.unstructured ?? []).map((r) => flat(r, "remittance", report, path)).filter((r) => r.trim() !== "");
  // Plain text that a reader would take for German subfields or Dutch tags (`/NAME/Evil Corp/REMI/…`, `?20…?32…`,
  // as ABN AMRO's CSV descriptions read) would come back as a counterparty and references, and a German reader takes
  // a leading 999 for the code of unstructured text, and three digits alone (`:86:835`) for the transaction code:
  // it goes into SVWZ instead.
  const looksStructured =
    remittance.length > 0 &&
    (isStructured(detailsHead(remittance)) ||
      isStructured(softWrap(remittance[0] as string, SWIFT_LINE - 4, false)[0] ?? "") ||
      startsWithUnstructuredCode(remittance[0] as string) ||
      (remittance.length === 1 && isCodeOnly(remittance[0] as string)));
  const hasFacts =
    domesticCode !== undefined ||
    party !== undefined ||
    refs.endToEndId !== undefined ||
    batchId !== undefined ||
    refs.mandateId !== undefined ||
    refs.creditorId !== undefined ||
    e.purpose !== undefined ||
    bankData.primaNota !== undefined ||
    bankData.textKeyExtension !== undefined;
  // Only text that would have been written plain is changed by the structured form: say so then.
  if (looksStructured && !hasFacts)
    report.note(
      "writeTextChanged",
      "remittance that reads as :86: subfields or tags written in the structured form (SVWZ+), so it stays remittance",
      path,
    );
  const structured = looksStructured || hasFacts;
  // The supplementary details line: in the structured form, what the reader keeps as such beside a :86: booking
  // text, or else the original amount and charges as /OCMT/ and /CHGS/; in the plain form, the booking text first.
  const coded = codedAmounts(e);
  let supplementary: string | undefined;
  if (structured || e.description === undefined) {
    if (bankData.supplementaryDetails !== undefined)
      supplementary = supplementaryLine(bankData.supplementaryDetails, "supplementary details", report, path);
    else if (coded !== undefined) supplementary = supplementaryLine(coded, "original amount and charges", report, path);
  } else {
    supplementary = supplementaryLine(e.description, "description", report, path);
    if (bankData.supplementaryDetails !== undefined) lost('bank data "supplementaryDetails" beside a description');
  }
  if (supplementary !== undefined) lines.push(supplementary);
  const carried = carries(supplementary, e);
  if (e.originalAmount !== undefined && !carried.originalAmount) lost("original amount");
  if (e.charges !== undefined && !carried.charges) lost("charges");
  if (structured) {
    const incoming = !negative;
    if (remittance.length > 1) report.note("writeTextChanged", "remittance pieces joined with spaces in the structured :86: (SVWZ+)", path);
    const text = writeGermanDetails(
      {
        // Without a code of its own the entry gets 000, which no reader takes for a code: aqbanking reads the
        // subfields only after three digits (999 would mean unstructured text).
        domesticCode: domesticCode ?? "000",
        ...(e.description === undefined ? {} : { description: flat(e.description, "description", report, path) }),
        ...(bankData.primaNota === undefined ? {} : { primaNota: flat(bankData.primaNota, "primaNota", report, path) }),
        ...(refs.endToEndId === undefined ? {} : { endToEndId: flat(refs.endToEndId, "endToEndId", report, path) }),
        ...(batchId === undefined ? {} : { paymentInformationId: flat(batchId, "paymentInformationId", report, path) }),
        ...(refs.mandateId === undefined ? {} : { mandateId: flat(refs.mandateId, "mandateId", report, path) }),
        ...(refs.creditorId === undefined ? {} : { creditorId: flat(refs.creditorId, "creditorId", report, path) }),
        ...(e.purpose === undefined ? {} : { purpose: flat(e.purpose, "purpose", report, path) }),
        ...(remittance.length === 0 ? {} : { remittance: remittance.join(" ") }),
        ...(party?.ultimateName === undefined
          ? {}
          : { ultimate: { keyword: incoming ? "ABWA" : "ABWE", name: flat(party.ultimateName, "ultimateName", report, path) } }),
        ...(party?.bankId === undefined ? {} : { bankId: flat(party.bankId, "bankId", report, path) }),
        ...(party?.account === undefined ? {} : { account: flat(party.account, "account", report, path) }),
        ...(party?.name === undefined ? {} : { name: flat(party.name, "name", report, path) }),
        ...(bankData.textKeyExtension === undefined
          ? {}
          : { textKeyExtension: flat(bankData.textKeyExtension, "textKeyExtension", report, path) }),
      },
      report,
      path,
    );
    // Nothing in subfields (a counterparty with an address alone): no :86: at all, which SWIFT would not take empty.
    if (text === "") return lines;
    const wrapped = hardWrap(text, SWIFT_LINE - 4);
    // DK's structured :86: can hold more than SWIFT's 6 lines (14 purpose subfields of 27 characters); German
    // banks write such fields and readers take them, so nothing is cut, but the file says it goes beyond SWIFT.
    if (wrapped.length > 6) report.note("writeBeyondSwift", ":86: longer than SWIFT's 6 lines of 65 characters", path);
    lines.push(`:86:${wrapped[0]}`, ...wrapped.slice(1));
    return lines;
  }
  // Plain text: the remittance as :86: lines, one piece per line where it fits. A reader takes every line of a
  // free-text :86: for a piece of its own, so a longer piece is broken between words and comes back as several.
  const text: string[] = [];
  for (const line of remittance) {
    // The field's first line follows its tag; every other line keeps a character free for the guard.
    const pieces = softWrap(line, text.length === 0 ? SWIFT_LINE - 4 : SWIFT_LINE - 1, text.length > 0);
    if (pieces.length > 1)
      report.note(
        "writeTextChanged",
        "remittance longer than a :86: line written over several lines, which read back as one piece each",
        path,
      );
    text.push(...pieces);
  }
  if (text.length > 6) {
    report.note("writeTruncated", "remittance longer than the 6 lines of 65 characters :86: allows cut", path);
    text.length = 6;
  }
  if (text.length > 0) lines.push(`:86:${text[0]}`, ...text.slice(1));
  return lines;
}
