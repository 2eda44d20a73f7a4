/**
 * Canonical statements out as BAI2 (BAI Cash Management Balance Reporting Specifications, version 2), the file
 * US banks deliver over host-to-host links. One group (02…98) per statement, since a group has one as-of date and
 * one originating bank; one account (03…49) in it, with the opening and closing ledger (010/015), the available
 * and current balances (040/045/030/060) and the credit and debit totals (100/400); one 16 record per booked
 * entry, its remittance lines as the text and 88 continuations. Every trailer's control total and record count is
 * right, so the parser reads the file back without a finding.
 *
 * BAI2 holds far less than the model: no counterparty, no end-to-end id, no statement id, booking dates only as
 * the group's as-of date. What cannot be written is reported as a `BAI2_WRITE_LOSSY` warning, one per kind of
 * loss with how often and where first, never dropped silently.
 *
 * @module
 */
import {
  type Balance,
  type BalanceType,
  type CurrencyCode,
  currencyExponent,
  type Entry,
  type Issue,
  type Money,
  type Statement,
} from "../../core/index.js";
import type { StatementWriter, WriteOptions } from "../format.js";
import { bai2TypeCode } from "./bai2-type-codes.js";

/** Status codes of the 03 record for the balance types BAI2 has. */
const STATUS_CODES: Partial<Record<BalanceType, string>> = {
  openingBooked: "010",
  closingBooked: "015",
  interimBooked: "030",
  openingAvailable: "040",
  closingAvailable: "045",
  interimAvailable: "060",
};

/** Issuers of transaction codes of other schemes, whose three-digit codes are not BAI2's. */
const OTHER_SCHEMES: ReadonlySet<string> = new Set(["DK", "ZKA", "OFX", "ING", "SWIFT", "ISO", "SEPA"]);

/** Funds types written as they are: immediate, one day, two or more days, unknown. */
const SIMPLE_FUNDS = new Set(["0", "1", "2", "Z"]);
/** A field may hold neither the field separator nor the record delimiter. */
const FIELD_BREAKERS = /[,/\r\n]/g;
/** The parser reads at most 30 digits of an amount. */
const MAX_DIGITS = 30;

interface Finding {
  readonly message: string;
  readonly path: string;
  count: number;
}

/** Losses, one per kind with how often and where first. */
class Losses {
  readonly #found = new Map<string, Finding>();

  lose(kind: string, message: string, path: string): void {
    const f = this.#found.get(kind);
    if (f === undefined) this.#found.set(kind, { message, path, count: 1 });
    else f.count++;
  }

  issues(): Issue[] {
    return [...this.#found.values()].map((f) => ({
      severity: "warning",
      code: "BAI2_WRITE_LOSSY",
      message: f.count === 1 ? f.message : `${f.message} (${f.count} times; first at ${f.path})`,
      path: f.path,
      details: { count: f.count },
    }));
  }
}

/** A 32-bit FNV-1a hash in hex: a file id that is the same for the same statements. */
function fnv(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, "0");
}

/** `YYMMDD` of an ISO date. */
const yymmdd = (date: string): string => date.slice(2, 4) + date.slice(5, 7) + date.slice(8, 10);
/** `HHMM` of the time of an ISO date-time, or `undefined` when it has none. */
const hhmm = (dateTime: string | undefined): string | undefined =>
  dateTime !== undefined && /^\d{4}-\d\d-\d\dT\d\d:\d\d/.test(dateTime) ? dateTime.slice(11, 13) + dateTime.slice(14, 16) : undefined;

/** Writes one statement's group; keeps its records and control total. */
class GroupWriter {
  readonly records: string[] = [];
  control = 0n;
  readonly #losses: Losses;
  readonly #currency: CurrencyCode;
  readonly #exponent: number;

  constructor(losses: Losses, currency: CurrencyCode) {
    this.#losses = losses;
    this.#currency = currency;
    this.#exponent = currencyExponent(currency);
  }

  /** The amount in the currency's minor units (what BAI2 writes), or `undefined` (reported) when it cannot be. */
  units(m: Money, path: string): bigint | undefined {
    if (m.currency !== this.#currency) {
      this.#losses.lose("currency", "an amount in another currency than the account's is not written", path);
      return undefined;
    }
    let minor = m.minor;
    if (m.scale < this.#exponent) minor *= 10n ** BigInt(this.#exponent - m.scale);
    else if (m.scale > this.#exponent) {
      const factor = 10n ** BigInt(m.scale - this.#exponent);
      if (minor % factor !== 0n) {
        this.#losses.lose("decimals", "an amount with more decimals than its currency has is not written", path);
        return undefined;
      }
      minor /= factor;
    }
    if ((minor < 0n ? -minor : minor).toString().length > MAX_DIGITS) {
      this.#losses.lose("digits", `an amount of more than ${MAX_DIGITS} digits is not written`, path);
      return undefined;
    }
    return minor;
  }

  /** A field's text without separators (reported when it had some). */
  field(text: string | undefined, path: string): string {
    if (text === undefined) return "";
    const clean = text.replace(FIELD_BREAKERS, " ").trim();
    if (clean !== text)
      this.#losses.lose("field-text", "commas, slashes and line breaks in an identifier or reference are written as spaces", path);
    return clean;
  }
}

function statementCurrency(s: Statement): CurrencyCode | undefined {
  return (
    s.account.currency ??
    s.openingBalance?.amount.currency ??
    s.closingBalance?.amount.currency ??
    s.balances[0]?.amount.currency ??
    s.entries[0]?.amount.currency
  );
}

/** The as-of date: the period's end, else the closing balance's date, else the latest date the statement names. */
function asOfDate(s: Statement): string | undefined {
  if (s.period?.to !== undefined) return s.period.to;
  if (s.closingBalance !== undefined) return s.closingBalance.date;
  let latest: string | undefined;
  const dates = [
    s.openingBalance?.date,
    ...s.balances.map((b) => b.date),
    ...s.entries.map((e) => e.bookingDate),
    s.createdAt?.slice(0, 10),
  ];
  for (const d of dates) if (d !== undefined && (latest === undefined || d > latest)) latest = d;
  return latest;
}

/** The moment a statement's interim balances are of, if they say. */
function interimTime(s: Statement): string | undefined {
  const interim = s.balances.find((b) => (b.type === "interimBooked" || b.type === "interimAvailable") && b.dateTime !== undefined);
  return hhmm(interim?.dateTime);
}

/** The BAI2 detail type code of an entry: its own BAI code when it has one that fits its sign, else one from its ISO code. */
function typeCode(e: Entry, credit: boolean): { code: string; own: boolean } {
  const p = e.bankTransactionCode?.proprietary;
  // Three digits of another scheme (a German GVC `117`, issuer DK) are no BAI2 code; a BAI2 file's own codes have the
  // issuer BAI, or the bank that sent the file for its unlisted ones.
  if (p !== undefined && /^\d{3}$/.test(p.code) && !OTHER_SCHEMES.has(p.issuer ?? "")) {
    const known = bai2TypeCode(p.code);
    // A listed detail code, or a bank's own in a range that gives its direction (920–959 credit, 960–999 debit,
    // loans 720–799, unlisted 100–699): written as the bank wrote it, where it used to become 399/699.
    const detail = known?.level === "detail" || (known?.level === undefined && known?.listed === false);
    if (detail && known?.direction === (credit ? "credit" : "debit") && known.reversal === e.reversal) return { code: p.code, own: true };
  }
  if (e.reversal) return { code: credit ? "252" : "552", own: false };
  const family = e.bankTransactionCode?.family;
  const sub = e.bankTransactionCode?.subFamily;
  let code: string | undefined;
  if (sub === "CHRG" || family === "CHRG") code = credit ? "398" : "698";
  else if (sub === "INTR" || family === "INTR") code = credit ? "354" : undefined;
  else if (family === "FORX") code = credit ? "214" : "514";
  else if (family === "RCDT") code = credit ? "195" : undefined;
  else if (family === "ICDT") code = credit ? undefined : "495";
  else if (family === "RDDT" || family === "IDDT") code = credit ? "165" : "451";
  return { code: code ?? (credit ? "399" : "699"), own: false };
}

function writeEntry(g: GroupWriter, losses: Losses, e: Entry, asOf: string, path: string): bigint | undefined {
  if (e.status !== "booked") {
    losses.lose(`status:${e.status}`, `a ${e.status} entry is not written (BAI2 details are booked amounts)`, path);
    return undefined;
  }
  const units = g.units(e.amount, `${path}/amount`);
  if (units === undefined) return undefined;
  const credit = units >= 0n;
  const abs = credit ? units : -units;
  const { code, own } = typeCode(e, credit);
  if (e.bankTransactionCode !== undefined && !own) {
    losses.lose(
      "btc",
      "a bank transaction code that is not a BAI2 code for the entry's direction is written as one chosen from it",
      `${path}/bankTransactionCode`,
    );
  }
  if (e.bookingDate !== undefined && e.bookingDate !== asOf)
    losses.lose(
      "booking-date",
      "a booking date other than the statement's as-of date is not written (BAI2 books on the group's date)",
      `${path}/bookingDate`,
    );
  if (e.bookingDateTime !== undefined) losses.lose("booking-time", "a booking time is not written", `${path}/bookingDateTime`);
  let funds = "";
  if (e.fundsCode !== undefined && SIMPLE_FUNDS.has(e.fundsCode)) {
    funds = e.fundsCode;
    if (e.valueDate !== undefined && !(e.fundsCode === "0" && e.valueDate === asOf))
      losses.lose("value-date", "a value date beside a funds type other than immediate is not written", `${path}/valueDate`);
  } else {
    if (e.fundsCode !== undefined && !(e.fundsCode === "V" && e.valueDate !== undefined))
      losses.lose("funds", `a funds type other than ${[...SIMPLE_FUNDS].join(", ")} or V is not written`, `${path}/fundsCode`);
    if (e.valueDate === asOf && e.valueDateTime === undefined && e.fundsCode !== "V") funds = "0";
    else if (e.valueDate !== undefined) funds = `V,${yymmdd(e.valueDate)},${hhmm(e.valueDateTime) ?? ""}`;
  }
  const refs = e.references ?? {};
  const bankReference = refs.bankReference ?? refs.accountServicerReference;
  if (
    refs.bankReference !== undefined &&
    refs.accountServicerReference !== undefined &&
    refs.accountServicerReference !== refs.bankReference
  )
    losses.lose("servicer-ref", "an account servicer reference beside a different bank reference is not written", `${path}/references`);
  const customerReference = refs.customerReference ?? refs.endToEndId;
  const kept = new Set([
    "bankReference",
    "accountServicerReference",
    "customerReference",
    refs.customerReference === undefined ? "endToEndId" : "",
  ]);
  for (const key of Object.keys(refs)) {
    if (!kept.has(key)) losses.lose(`ref:${key}`, `a ${key} reference is not written`, `${path}/references/${key}`);
  }
  const lines: string[] = [];
  for (const [i, line] of (e.remittance?.unstructured ?? []).entries()) {
    for (const part of line.split(/\r\n|\r|\n/)) {
      const trimmed = part.trim();
      if (trimmed !== part || part !== line)
        losses.lose("text-lines", "remittance lines are written trimmed, one per line break", `${path}/remittance/unstructured/${i}`);
      if (trimmed !== "") lines.push(trimmed);
    }
  }
  for (const [key, value] of [
    ["counterparty", e.counterparty],
    ["structured remittance", e.remittance?.structured],
    ["purpose", e.purpose],
    ["description", e.description],
    ["instructed amount", e.instructedAmount],
    ["original amount", e.originalAmount],
    ["exchange rate", e.exchangeRate],
    ["charges", e.charges],
    ["bank data", e.bankData],
    ["batch", e.batch],
    ["reversed entry", e.reverses],
  ] as const) {
    if (value === undefined || (Array.isArray(value) && value.length === 0)) continue;
    // The description is the type code's name when read back; a description that is that name loses nothing.
    if (key === "description" && own && bai2TypeCode(code)?.description === value) continue;
    losses.lose(`fact:${key}`, `an entry's ${key} is not written (BAI2 has no place for it)`, path);
  }
  if (e.details.length > 0) losses.lose("details", "the transactions of a batch entry are not written, only its total", `${path}/details`);
  const head = `16,${code},${abs},${funds},${g.field(bankReference, `${path}/references/bankReference`)},${g.field(customerReference, `${path}/references/customerReference`)},`;
  // Every record ends with `/`: the parser drops it, and a continuation after it starts a new line of text.
  g.records.push(`${head}${lines[0] ?? ""}/`);
  for (const line of lines.slice(1)) g.records.push(`88,${line}/`);
  return abs;
}

function writeBalance(
  g: GroupWriter,
  losses: Losses,
  b: Balance,
  asOf: string,
  seen: Set<string>,
  items: string[],
  path: string,
): bigint | undefined {
  const code = STATUS_CODES[b.type];
  if (code === undefined || seen.has(code)) {
    losses.lose(
      `balance:${b.type}`,
      code === undefined
        ? `a balance of type ${b.type} has no BAI2 status code and is not written`
        : `a second ${b.type} balance is not written`,
      path,
    );
    return undefined;
  }
  // An opening balance is usually dated the day before (MT940's :60F: is the last statement's :62F:, camt's OPBD
  // the previous closing): it is the as-of day's opening ledger all the same, and without it the file read back
  // could not check its entries against the closing balance. Only its date is lost.
  const opening = b.type === "openingBooked" || b.type === "openingAvailable";
  if (b.date !== asOf && !(opening && b.date < asOf)) {
    losses.lose("balance-date", "a balance of another day than the statement's as-of date is not written", path);
    return undefined;
  }
  if (b.creditLine !== undefined) losses.lose("credit-line", "a balance's credit line is not written", `${path}/creditLine`);
  const units = g.units(b.amount, `${path}/amount`);
  if (units === undefined) return undefined;
  if (b.date !== asOf)
    losses.lose(
      "opening-date",
      "an opening balance dated before the as-of date is written as the as-of day's opening (its own date is not written)",
      `${path}/date`,
    );
  seen.add(code);
  items.push(`${code},${units},,`);
  return units;
}

function writeStatement(
  s: Statement,
  index: number,
  losses: Losses,
): { records: string[]; control: bigint; originator: string } | undefined {
  const path = `/statements/${index}`;
  const currency = statementCurrency(s);
  const asOf = asOfDate(s);
  if (currency === undefined || asOf === undefined) {
    losses.lose("no-currency-or-date", "a statement without a currency or any date is not written (a BAI2 group needs both)", path);
    return undefined;
  }
  const g = new GroupWriter(losses, currency);
  if (s.kind === "notification" || s.kind === "export")
    losses.lose(`kind:${s.kind}`, `${s.kind === "export" ? "an" : "a"} ${s.kind} is written as a statement`, `${path}/kind`);
  if (s.period?.from !== undefined && s.period.from !== asOf)
    losses.lose("period", "a period of more than one day is written as its last day", `${path}/period`);
  for (const [key, value] of [
    ["id", s.id],
    ["sequence", s.sequence],
    ["additional information", s.additionalInfo],
    ["account name", s.account.name],
    ["account holder", s.account.holderName],
  ] as const) {
    if (value !== undefined) losses.lose(`statement:${key}`, `a statement's ${key} is not written (BAI2 has no place for it)`, path);
  }
  if (s.account.scheme !== "other")
    losses.lose("scheme", "an account number is written without its scheme (IBAN, BBAN, 账号)", `${path}/account/scheme`);
  const bank = s.account.bank;
  const originator = g.field(bank?.bic ?? bank?.cnBankCode ?? bank?.clearingCode, `${path}/account/bank`);
  if (
    bank !== undefined &&
    (bank.name !== undefined ||
      bank.country !== undefined ||
      (bank.bic !== undefined && (bank.cnBankCode ?? bank.clearingCode) !== undefined))
  )
    losses.lose("bank", "of the account's bank only its BIC (else its clearing code) is written", `${path}/account/bank`);
  if (bank?.bic === undefined && bank?.cnBankCode !== undefined)
    losses.lose(
      "cn-bank-code",
      "a Chinese bank code is written as the originator and reads back as a clearing code",
      `${path}/account/bank`,
    );

  const items: string[] = [];
  let control = 0n;
  const seen = new Set<string>();
  const balances: [Balance | undefined, string][] = [
    [s.openingBalance, `${path}/openingBalance`],
    [s.closingBalance, `${path}/closingBalance`],
    ...s.balances.map((b, i): [Balance, string] => [b, `${path}/balances/${i}`]),
  ];
  for (const [b, at] of balances) {
    if (b === undefined) continue;
    if (b.type === "previouslyClosedBooked" && at.endsWith("openingBalance")) {
      losses.lose("prcd", "a previously closed booked opening balance is written as the opening ledger", at);
      const units = writeBalance(g, losses, { ...b, type: "openingBooked" }, asOf, seen, items, at);
      control += units ?? 0n;
      continue;
    }
    control += writeBalance(g, losses, b, asOf, seen, items, at) ?? 0n;
  }
  const sum = s.summary;
  for (const [side, code] of [
    ["credits", "100"],
    ["debits", "400"],
  ] as const) {
    const v = sum?.[side];
    if (v === undefined) continue;
    const units = v.sum === undefined ? undefined : g.units(v.sum, `${path}/summary/${side}/sum`);
    if (v.sum === undefined)
      losses.lose("summary-count", "a credit or debit count without its sum is not written", `${path}/summary/${side}`);
    if (units === undefined) continue;
    if (units < 0n)
      losses.lose("summary-sign", "a negative credit or debit total is written as its absolute amount", `${path}/summary/${side}/sum`);
    const abs = units < 0n ? -units : units;
    items.push(`${code},${abs},${v.count ?? ""},`);
    control += abs;
  }
  if (sum?.count !== undefined || sum?.net !== undefined)
    losses.lose(
      "summary-total",
      "a summary's total count and net amount are not written (BAI2 states credits and debits apart)",
      `${path}/summary`,
    );
  g.records.push(`03,${g.field(s.account.id, `${path}/account/id`)},${currency},${items.join(",")}/`);
  s.entries.forEach((e, i) => {
    control += writeEntry(g, losses, e, asOf, `${path}/entries/${i}`) ?? 0n;
  });
  g.records.push(`49,${control},${g.records.length + 1}/`);
  const report = s.kind === "report";
  // A statement's figures are end of day (2400) unless its interim balances are of a moment (a bank's morning
  // file: 0800); that time was written as 2400, and the interim balances came back without it. A report is of the
  // moment of its interim balances, else of its period's end, else of its creation. (A statement's period end is
  // not used: an exclusive end at midnight, OFX's DTEND, is no as-of time.)
  const time = interimTime(s) ?? (report ? (hhmm(s.period?.toDateTime) ?? hhmm(s.createdAt) ?? "") : "2400");
  // As-of-date modifier 3 is interim same-day data, 2 final previous-day data: what a report and a statement are.
  const header = `02,,${originator},1,${yymmdd(asOf)},${time},${currency},${report ? "3" : "2"}/`;
  const records = [header, ...g.records, `98,${control},1,${g.records.length + 2}/`];
  return { records, control, originator };
}

/**
 * Writes `statements` as one BAI2 file. The file id is a hash of the content, and the creation date and time are
 * the first statement's creation time as written (else its as-of date at 0000). Only when no statement gives a
 * date (no statement at all: a file with nothing to report, 01 and 99) is it the clock's, `options.now`, in UTC.
 */
export function writeBai2(statements: readonly Statement[], options: WriteOptions = {}): { content: string; issues: Issue[] } {
  const losses = new Losses();
  const groups = statements.map((s, i) => writeStatement(s, i, losses)).filter((g) => g !== undefined);
  const body = groups.flatMap((g) => g.records);
  const created = statements.find((s) => s.createdAt !== undefined)?.createdAt;
  const dated = created?.slice(0, 10) ?? statements.map(asOfDate).find((d) => d !== undefined);
  // A BAI2 creation date is required; 1970 would be a date the file was never made on.
  const clock = dated === undefined ? (options.now ?? (() => new Date()))().toISOString() : undefined;
  const createdDate = dated ?? (clock as string).slice(0, 10);
  const createdTime = hhmm(created ?? clock) ?? "0000";
  if (created !== undefined && created.length > 16)
    losses.lose("created-at", "the creation time is written to the minute, without its offset", "/statements/0/createdAt");
  const sender = groups[0]?.originator || "BANKBRIDGE";
  const total = groups.reduce((sum, g) => sum + g.control, 0n);
  const fileId = fnv(body.join("\n"));
  const lines = [
    `01,${sender},,${yymmdd(createdDate)},${createdTime},${fileId},,,2/`,
    ...body,
    `99,${total},${groups.length},${body.length + 2}/`,
  ];
  const issues = losses.issues();
  // No statement is a file with nothing to report, written whole (01 and 99), which loses nothing.
  if (groups.length === 0 && statements.length > 0)
    issues.push({ severity: "warning", code: "BAI2_WRITE_LOSSY", message: "the BAI2 file has no account: no statement could be written" });
  return { content: `${lines.join("\n")}\n`, issues };
}

/** The BAI2 writer (`bankbridge parse --to bai2`). */
export const bai2Writer: StatementWriter = {
  id: "bai2",
  description: "BAI2 cash management balance report (one group per statement; control totals and record counts)",
  extension: "bai",
  mediaType: "text/plain; charset=utf-8",
  write: writeBai2,
};
