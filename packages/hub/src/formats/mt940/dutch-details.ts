/**
 * The Dutch structured `:86:` (ING, ABN AMRO, Rabobank, Knab, and the `/BAI/`-style fields of other banks):
 * `/TAG/value` pairs such as `/TRTP/SEPA OVERBOEKING/IBAN/NL…/BIC/ABNANL2A/NAME/…/REMI/…/EREF/…`. Only known
 * tags split the text, so a `/` inside a value (`/REMI/PO 7781/ABC`) stays part of it.
 *
 * @module
 */
import { cachedIban } from "./cached-iban.js";
import { addBankData, addRemittance, type EntryDetails, setParty, setReference } from "./entry-details.js";
import { JoinedLines } from "./joined-lines.js";

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
]);

function tagAt(text: string, slash: number): string | undefined {
  // Tags are 3 or 4 upper-case letters between slashes.
  for (const length of [4, 3]) {
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

function account(details: EntryDetails, value: string, scheme?: "bban"): void {
  const iban = cachedIban(value);
  setParty(details, "account", iban ?? value);
  setParty(details, "accountScheme", iban !== undefined ? "iban" : (scheme ?? (/^[0-9][0-9 .-]*$/.test(value) ? "bban" : "other")));
}

function assign(details: EntryDetails, tag: string, value: string): void {
  switch (tag) {
    case "TRTP":
      details.description ??= value;
      return;
    case "NAME":
    case "ORDP":
    case "BENM":
      // `/ORDP//NAME/…` nests the name; a non-empty ORDP/BENM value is the name itself.
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
      // Rabobank: /CNTP/<account>/<BIC>/<name>/<town>/
      const [acct = "", bic = "", name = "", town = ""] = value.split("/").map((s) => s.trim());
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
      details.purpose ??= value;
      return;
    case "REMI":
      remittance(details, value);
      return;
    default:
      addBankData(details, tag, value);
  }
}

/** `/REMI/` may carry `USTD//text` (unstructured) or `STRD/CUR/<creditor reference>` (ING, ABN AMRO). */
function remittance(details: EntryDetails, value: string): void {
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
  let valueStart = 0;
  let slash = t.indexOf("/");
  while (slash >= 0) {
    const next = tagAt(t, slash);
    if (next !== undefined) {
      emit(details, tag, joined, valueStart, slash);
      tag = next;
      valueStart = slash + next.length + 2;
      slash = t.indexOf("/", valueStart);
    } else {
      slash = t.indexOf("/", slash + 1);
    }
  }
  emit(details, tag, joined, valueStart, t.length);
}

/** The value `[start, end)` without the slashes that close it, trimmed, cut from the original lines. */
function emit(details: EntryDetails, tag: string | undefined, joined: JoinedLines, start: number, end: number): void {
  const t = joined.text;
  let e = end;
  while (e > start && (t.charCodeAt(e - 1) <= 32 || t.charCodeAt(e - 1) === 47)) e--;
  const value = joined.trimmed(start, e);
  if (tag === undefined) addRemittance(details, value);
  else if (value !== "") assign(details, tag, value);
}
