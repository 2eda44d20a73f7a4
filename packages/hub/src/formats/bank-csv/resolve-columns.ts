/**
 * From a profile's column references to cell indexes, given the header row: the step that lets one profile read
 * an export whose columns moved, and tells which row is the header in the first place.
 *
 * @module
 */
import type { ColumnRef, MappingProfile, ProfileColumns, TextSource } from "./mapping-profile.js";

/** A text field's cells: indexes of the columns found, and how their values are combined. */
export interface TextColumns {
  readonly indexes: readonly number[];
  /** `undefined`: each value is its own line (remittance) or joined by a space (other fields). */
  readonly separator?: string;
  /** Only the first value that is not empty counts. */
  readonly first?: boolean;
}

/** Cell indexes of every field (-1: not in this file). */
export interface ResolvedColumns {
  readonly bookingDate: number;
  readonly bookingTime: number;
  readonly valueDate: number;
  readonly amount: number;
  readonly debit: number;
  readonly credit: number;
  readonly direction: number;
  readonly currency: number;
  readonly originalAmount: number;
  readonly originalCurrency: number;
  readonly balance: number;
  readonly account: number;
  readonly counterpartyAccount: number;
  readonly counterpartyBankName: number;
  readonly counterpartyBankId: number;
  readonly bankReference: number;
  readonly customerReference: number;
  readonly transactionId: number;
  readonly endToEndId: number;
  readonly cardNumber: number;
  readonly transactionType: number;
  readonly status: number;
  readonly counterpartyName?: TextColumns;
  readonly description?: TextColumns;
  readonly remittance?: TextColumns;
  readonly purpose?: TextColumns;
  readonly bankData: readonly (readonly [string, number])[];
  /** Optional columns the profile names that this header lacks (for a warning). */
  readonly absent: readonly string[];
  /** Number of header cells (not empty) the profile uses: how well it covers the file. */
  readonly covered: number;
}

/** Header text compared loosely: no whitespace, full-width brackets and colon as ASCII, ASCII letters lower case. */
export function normalizeHeader(text: string): string {
  // Excel text guards written into CSV (`="交收日期"`) are not part of the name.
  if (text.startsWith('="') && text.endsWith('"') && text.length >= 3) text = text.slice(2, -1);
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === 0xa0 || c === 0x3000 || c === 0xfeff) continue;
    if (c === 0xff08) out += "(";
    else if (c === 0xff09) out += ")";
    else if (c === 0xff1a) out += ":";
    else if (c === 0xff0f) out += "/";
    else if (c >= 65 && c <= 90) out += String.fromCharCode(c + 32);
    else out += text[i];
  }
  return out;
}

const SINGLE: readonly (keyof ProfileColumns)[] = [
  "bookingDate",
  "bookingTime",
  "valueDate",
  "amount",
  "debit",
  "credit",
  "direction",
  "currency",
  "originalAmount",
  "originalCurrency",
  "balance",
  "account",
  "counterpartyAccount",
  "counterpartyBankName",
  "counterpartyBankId",
  "bankReference",
  "customerReference",
  "transactionId",
  "endToEndId",
  "cardNumber",
  "transactionType",
  "status",
];
const TEXT: readonly ("counterpartyName" | "description" | "remittance" | "purpose")[] = [
  "counterpartyName",
  "description",
  "remittance",
  "purpose",
];
const REQUIRED: Readonly<Record<string, readonly (keyof ProfileColumns)[]>> = {
  signed: ["bookingDate", "amount"],
  debitCredit: ["bookingDate", "debit", "credit"],
  direction: ["bookingDate", "amount", "direction"],
};

function refs(ref: ColumnRef): readonly (string | number)[] {
  return Array.isArray(ref) ? ref : [ref as string | number];
}

function textRefs(source: TextSource): { refs: readonly ColumnRef[]; separator?: string; first?: boolean } {
  if (typeof source === "object" && !Array.isArray(source)) {
    if ("first" in source) return { refs: source.first, first: true };
    if ("all" in source) return source.separator === undefined ? { refs: source.all } : { refs: source.all, separator: source.separator };
  }
  return { refs: [source as ColumnRef] };
}

const named = new WeakMap<MappingProfile, { required: readonly ColumnRef[]; optional: readonly ColumnRef[] }>();

/** Every header name a profile refers to, by field (for matching and the header search). */
export function namedColumns(profile: MappingProfile): { required: readonly ColumnRef[]; optional: readonly ColumnRef[] } {
  let known = named.get(profile);
  if (known === undefined) {
    known = collectNamedColumns(profile);
    named.set(profile, known);
  }
  return known;
}

function collectNamedColumns(profile: MappingProfile): { required: readonly ColumnRef[]; optional: readonly ColumnRef[] } {
  const required: ColumnRef[] = [];
  const optional: ColumnRef[] = [];
  const need = new Set<string>(REQUIRED[profile.amounts.mode] ?? ["bookingDate"]);
  for (const f of SINGLE) {
    const ref = profile.columns[f];
    if (ref === undefined) continue;
    (need.has(f) ? required : optional).push(ref as ColumnRef);
  }
  for (const f of TEXT) {
    const source = profile.columns[f];
    if (source !== undefined) optional.push(...textRefs(source).refs);
  }
  for (const ref of Object.values(profile.bankData ?? {})) optional.push(ref);
  for (const name of profile.match?.headers ?? []) required.push(name);
  return { required, optional };
}

/** The index of `ref` in a header (normalised names), or -1. Numbers are indexes whatever the header. */
function find(ref: ColumnRef, header: ReadonlyMap<string, number> | undefined): number {
  for (const r of refs(ref)) {
    if (typeof r === "number") return r;
    const i = header?.get(normalizeHeader(r));
    if (i !== undefined) return i;
  }
  return -1;
}

/** The header's normalised names → first index. */
export function headerIndex(cells: readonly string[]): Map<string, number> {
  const map = new Map<string, number>();
  cells.forEach((cell, i) => {
    const name = normalizeHeader(cell);
    if (name !== "" && !map.has(name)) map.set(name, i);
  });
  return map;
}

/** The columns the profile cannot do without that a row of header names lacks (alternatives joined by ` | `). */
export function missingColumns(profile: MappingProfile, cells: readonly string[]): string[] {
  const header = headerIndex(cells);
  return namedColumns(profile)
    .required.filter((ref) => find(ref, header) < 0)
    .map((ref) => refs(ref).join(" | "));
}

/** True when every column the profile cannot do without is in `header`. */
export function hasRequiredColumns(profile: MappingProfile, header: ReadonlyMap<string, number>): boolean {
  return namedColumns(profile).required.every((ref) => find(ref, header) >= 0);
}

/**
 * The cell indexes of every field for a header row (`undefined` for a file without header: references are
 * indexes), or the list of required columns missing.
 */
export function resolveColumns(
  profile: MappingProfile,
  headerCells: readonly string[] | undefined,
): ResolvedColumns | { missing: string[] } {
  const header = headerCells === undefined ? undefined : headerIndex(headerCells);
  const c = profile.columns;
  const absent: string[] = [];
  const used = new Set<number>();
  const at = (field: string, ref: ColumnRef | undefined): number => {
    if (ref === undefined) return -1;
    const i = find(ref, header);
    if (i < 0) absent.push(`${field} (${refs(ref).join(" | ")})`);
    else used.add(i);
    return i;
  };
  const missing = namedColumns(profile).required.filter((ref) => find(ref, header) < 0);
  if (missing.length > 0) return { missing: missing.map((ref) => refs(ref).join(" | ")) };
  const text = (field: string, source: TextSource | undefined): TextColumns | undefined => {
    if (source === undefined) return undefined;
    const spec = textRefs(source);
    const indexes = spec.refs.map((ref) => at(field, ref)).filter((i) => i >= 0);
    if (indexes.length === 0) return undefined;
    if (spec.first === true) return { indexes, first: true };
    return spec.separator === undefined ? { indexes } : { indexes, separator: spec.separator };
  };
  const bankData: (readonly [string, number])[] = [];
  for (const [name, ref] of Object.entries(profile.bankData ?? {})) {
    const i = at(`bankData.${name}`, ref);
    if (i >= 0) bankData.push([name, i]);
  }
  const resolved = {
    bookingDate: at("bookingDate", c.bookingDate),
    bookingTime: at("bookingTime", c.bookingTime),
    valueDate: at("valueDate", c.valueDate),
    amount: at("amount", c.amount),
    debit: at("debit", c.debit),
    credit: at("credit", c.credit),
    direction: at("direction", c.direction),
    currency: at("currency", c.currency),
    originalAmount: at("originalAmount", c.originalAmount),
    originalCurrency: at("originalCurrency", c.originalCurrency),
    balance: at("balance", c.balance),
    account: at("account", c.account),
    counterpartyAccount: at("counterpartyAccount", c.counterpartyAccount),
    counterpartyBankName: at("counterpartyBankName", c.counterpartyBankName),
    counterpartyBankId: at("counterpartyBankId", c.counterpartyBankId),
    bankReference: at("bankReference", c.bankReference),
    customerReference: at("customerReference", c.customerReference),
    transactionId: at("transactionId", c.transactionId),
    endToEndId: at("endToEndId", c.endToEndId),
    cardNumber: at("cardNumber", c.cardNumber),
    transactionType: at("transactionType", c.transactionType),
    status: at("status", c.status),
    bankData,
  };
  const counterpartyName = text("counterpartyName", c.counterpartyName);
  const description = text("description", c.description);
  const remittance = text("remittance", c.remittance);
  const purpose = text("purpose", c.purpose);
  let covered = 0;
  if (headerCells !== undefined) {
    headerCells.forEach((cell, i) => {
      if (used.has(i) && normalizeHeader(cell) !== "") covered++;
    });
  }
  return {
    ...resolved,
    ...(counterpartyName === undefined ? {} : { counterpartyName }),
    ...(description === undefined ? {} : { description }),
    ...(remittance === undefined ? {} : { remittance }),
    ...(purpose === undefined ? {} : { purpose }),
    absent,
    covered,
  };
}
