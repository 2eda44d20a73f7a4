/**
 * The canonical JSON form of statements (documented in `docs/model.md`): what `bankbridge parse` prints,
 * what the API returns and what `bankbridge import` reads back. Amounts are signed decimal strings, dates
 * `YYYY-MM-DD`. Decoding never throws: bad parts become issues and the rest is kept.
 *
 * @module
 */
import { type CurrencyCode, toCurrencyCode } from "./currency.js";
import { type IsoDate, type IsoDateTime, tryIsoDate, tryIsoDateTime } from "./dates.js";
import { type Bic, type CnBankCode, type DocumentId, isDocumentId, tryBic, tryCnBankCode } from "./ids.js";
import type { Issue } from "./issues.js";
import { formatMoney, type Money, tryParseMoney } from "./money.js";
import {
  type Account,
  type AccountScheme,
  BALANCE_TYPES,
  type Balance,
  type BalanceType,
  type BankRef,
  type BankTransactionCode,
  type BatchInfo,
  type Charge,
  type Entry,
  type EntryStatus,
  type ExchangeRate,
  type Party,
  type Period,
  type References,
  type ReferredDocument,
  type Remittance,
  type SourceLocation,
  type Statement,
  type StatementKind,
  type StatementSequence,
  type StatementSummary,
  type StructuredRemittance,
  type TransactionDetail,
  type TransactionFacts,
} from "./statement.js";

/** A JSON value as `JSON.parse` returns it. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

// ---------------------------------------------------------------------------------------------------
// Encoding
// ---------------------------------------------------------------------------------------------------

function put(o: JsonObject, key: string, value: Json | undefined): void {
  if (value !== undefined) o[key] = value;
}

function moneyJson(m: Money | undefined): JsonObject | undefined {
  return m === undefined ? undefined : { amount: formatMoney(m), currency: m.currency };
}

function plain<T extends object>(value: T | undefined): JsonObject | undefined {
  if (value === undefined) return undefined;
  const o: JsonObject = {};
  // A plain loop (this runs for every stored entry): no entries array, no filter closure.
  for (const k of Object.keys(value)) {
    const v = (value as Record<string, unknown>)[k];
    if (v === undefined) continue;
    // A bank field named "__proto__" (bankData) must stay a plain key: `o[k] = v` would call the prototype
    // setter and drop it.
    if (k === "__proto__") Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
    else o[k] = v as Json;
  }
  return o;
}

/** A balance as `{ type, amount, currency, date, dateTime?, creditLine? }`. */
export function balanceToJson(b: Balance): JsonObject {
  const o: JsonObject = { type: b.type, amount: formatMoney(b.amount), currency: b.amount.currency, date: b.date };
  put(o, "dateTime", b.dateTime);
  put(o, "creditLine", moneyJson(b.creditLine));
  return o;
}

function bankJson(b: BankRef | undefined): JsonObject | undefined {
  return plain(b);
}

function accountJson(a: Account): JsonObject {
  const o: JsonObject = { id: a.id, scheme: a.scheme };
  put(o, "currency", a.currency);
  put(o, "bank", bankJson(a.bank));
  put(o, "holderName", a.holderName);
  put(o, "name", a.name);
  return o;
}

/**
 * A part of the model as JSON: a copy (`plain`), or, when `share` is set, the part itself. `JSON.stringify` writes
 * both the same way (own enumerable keys in order, undefined values left out); the shared one skips a copy per
 * part for callers that serialise the result at once.
 */
function part(value: object | undefined, share: boolean): Json | undefined {
  return share ? (value as unknown as Json | undefined) : plain(value);
}

function factsJson(o: JsonObject, f: TransactionFacts, withSource: boolean, share: boolean): void {
  put(o, "references", part(f.references, share));
  if (f.counterparty !== undefined) {
    if (share) o.counterparty = f.counterparty as unknown as Json;
    else {
      const p = plain(f.counterparty) ?? {};
      if (f.counterparty.address !== undefined) p.address = [...f.counterparty.address];
      o.counterparty = p;
    }
  }
  if (f.remittance !== undefined) {
    const r: JsonObject = {};
    const u = f.remittance.unstructured;
    if (u !== undefined) r.unstructured = share ? (u as string[]) : [...u];
    if (f.remittance.structured !== undefined) {
      r.structured = f.remittance.structured.map((s) => {
        const so: JsonObject = {};
        put(so, "creditorReference", s.creditorReference);
        put(so, "creditorReferenceType", s.creditorReferenceType);
        put(so, "creditorReferenceIssuer", s.creditorReferenceIssuer);
        if (s.documents !== undefined) so.documents = s.documents.map((d) => part(d, share) ?? {});
        put(so, "amount", moneyJson(s.amount));
        if (s.additionalInfo !== undefined) so.additionalInfo = [...s.additionalInfo];
        return so;
      });
    }
    o.remittance = r;
  }
  if (f.bankTransactionCode !== undefined) {
    const c: JsonObject = {};
    put(c, "domain", f.bankTransactionCode.domain);
    put(c, "family", f.bankTransactionCode.family);
    put(c, "subFamily", f.bankTransactionCode.subFamily);
    put(c, "proprietary", part(f.bankTransactionCode.proprietary, share));
    o.bankTransactionCode = c;
  }
  put(o, "purpose", f.purpose);
  put(o, "description", f.description);
  put(o, "instructedAmount", moneyJson(f.instructedAmount));
  put(o, "originalAmount", moneyJson(f.originalAmount));
  put(o, "exchangeRate", part(f.exchangeRate, share));
  if (f.charges !== undefined) {
    o.charges = f.charges.map((c) => {
      const co: JsonObject = { amount: formatMoney(c.amount), currency: c.amount.currency };
      put(co, "type", c.type);
      put(co, "bearer", c.bearer);
      put(co, "includedInAmount", c.includedInAmount);
      put(co, "agentId", c.agentId);
      return co;
    });
  }
  put(o, "bankData", part(f.bankData, share));
  if (withSource) put(o, "source", part(f.source, share));
}

/** Options of the entry encoders. */
export interface JsonOptions {
  /**
   * Include `source` (where in its raw document the entry was). The store leaves it out: where a transaction
   * was seen changes with every document that lists it, what it is does not. @default true
   */
  readonly source?: boolean;
  /**
   * Let the result hold the entry's own parts (references, counterparty, bank data…) instead of copies: for
   * callers that pass the result straight to `JSON.stringify`, which writes it the same. Such a result may carry
   * `undefined` values inside those parts and must not be changed. @default false
   */
  readonly shareParts?: boolean;
}

/** A batch child as JSON: its amount (when known) and its facts. */
export function detailToJson(d: TransactionDetail, options: JsonOptions = {}): JsonObject {
  const o: JsonObject = {};
  if (d.amount !== undefined) {
    o.amount = formatMoney(d.amount);
    o.currency = d.amount.currency;
  }
  factsJson(o, d, options.source ?? true, options.shareParts ?? false);
  return o;
}

/** An entry as `{ amount, currency, bookingDate, valueDate, status, reversal, details, … }`. */
export function entryToJson(e: Entry, options: JsonOptions = {}): JsonObject {
  const o: JsonObject = {
    amount: formatMoney(e.amount),
    currency: e.amount.currency,
    bookingDate: e.bookingDate ?? null,
    valueDate: e.valueDate ?? null,
    status: e.status,
    reversal: e.reversal,
  };
  put(o, "reverses", e.reverses);
  put(o, "bookingDateTime", e.bookingDateTime);
  put(o, "valueDateTime", e.valueDateTime);
  put(o, "fundsCode", e.fundsCode);
  if (e.batch !== undefined) {
    const b: JsonObject = {};
    put(b, "count", e.batch.count);
    put(b, "total", moneyJson(e.batch.total));
    put(b, "paymentInformationId", e.batch.paymentInformationId);
    put(b, "messageId", e.batch.messageId);
    o.batch = b;
  }
  const withSource = options.source ?? true;
  factsJson(o, e, withSource, options.shareParts ?? false);
  o.details = e.details.map((d) => detailToJson(d, options));
  return o;
}

// ---------------------------------------------------------------------------------------------------
// The stored form
// ---------------------------------------------------------------------------------------------------

/**
 * `JSON.stringify(entryToJson(entry, { source: false, shareParts: true }))`: the text the store keeps for every
 * transaction and compares on re-import, so it stays the same to the byte (property-tested against `entryToJson`).
 *
 * Built from object literals that name every key, in the order `entryToJson` adds them (`JSON.stringify` leaves out
 * the undefined ones), rather than from objects grown key by key. A grown object's hidden classes live only as long as
 * some object has them, and V8's optimised code holds them weakly: at a full garbage collection with no entry JSON
 * alive (between two ingests) they died, and V8 threw away the optimised code of the whole row builder that had
 * inlined this. A literal's hidden class lives as long as its code. (`docs/benchmarks.md`, stop 17.)
 */
export function storedEntryJson(entry: Entry): string {
  return JSON.stringify(storedEntry(entry));
}

function storedMoney(m: Money | undefined): { amount: string; currency: string } | undefined {
  return m === undefined ? undefined : { amount: formatMoney(m), currency: m.currency };
}

function storedStructured(s: StructuredRemittance): object {
  return {
    creditorReference: s.creditorReference,
    creditorReferenceType: s.creditorReferenceType,
    creditorReferenceIssuer: s.creditorReferenceIssuer,
    // As `entryToJson` writes a missing document (which the type rules out): `{}`.
    documents: s.documents === undefined ? undefined : s.documents.map((d) => d ?? {}),
    amount: storedMoney(s.amount),
    additionalInfo: s.additionalInfo,
  };
}

function storedRemittance(r: Remittance | undefined): object | undefined {
  if (r === undefined) return undefined;
  return { unstructured: r.unstructured, structured: r.structured === undefined ? undefined : r.structured.map(storedStructured) };
}

function storedCode(c: BankTransactionCode | undefined): object | undefined {
  if (c === undefined) return undefined;
  return { domain: c.domain, family: c.family, subFamily: c.subFamily, proprietary: c.proprietary };
}

function storedCharge(c: Charge): object {
  return {
    amount: formatMoney(c.amount),
    currency: c.amount.currency,
    type: c.type,
    bearer: c.bearer,
    includedInAmount: c.includedInAmount,
    agentId: c.agentId,
  };
}

function storedBatch(b: BatchInfo | undefined): object | undefined {
  if (b === undefined) return undefined;
  return { count: b.count, total: storedMoney(b.total), paymentInformationId: b.paymentInformationId, messageId: b.messageId };
}

function storedDetail(d: TransactionDetail): object {
  return {
    amount: d.amount === undefined ? undefined : formatMoney(d.amount),
    currency: d.amount?.currency,
    references: d.references,
    counterparty: d.counterparty,
    remittance: storedRemittance(d.remittance),
    bankTransactionCode: storedCode(d.bankTransactionCode),
    purpose: d.purpose,
    description: d.description,
    instructedAmount: storedMoney(d.instructedAmount),
    originalAmount: storedMoney(d.originalAmount),
    exchangeRate: d.exchangeRate,
    charges: d.charges === undefined ? undefined : d.charges.map(storedCharge),
    bankData: d.bankData,
  };
}

const NO_DETAILS: readonly object[] = Object.freeze([]);

function storedEntry(e: Entry): object {
  return {
    amount: formatMoney(e.amount),
    currency: e.amount.currency,
    bookingDate: e.bookingDate ?? null,
    valueDate: e.valueDate ?? null,
    status: e.status,
    reversal: e.reversal,
    reverses: e.reverses,
    bookingDateTime: e.bookingDateTime,
    valueDateTime: e.valueDateTime,
    fundsCode: e.fundsCode,
    batch: storedBatch(e.batch),
    references: e.references,
    counterparty: e.counterparty,
    remittance: storedRemittance(e.remittance),
    bankTransactionCode: storedCode(e.bankTransactionCode),
    purpose: e.purpose,
    description: e.description,
    instructedAmount: storedMoney(e.instructedAmount),
    originalAmount: storedMoney(e.originalAmount),
    exchangeRate: e.exchangeRate,
    charges: e.charges === undefined ? undefined : e.charges.map(storedCharge),
    bankData: e.bankData,
    details: e.details.length === 0 ? NO_DETAILS : e.details.map(storedDetail),
  };
}

function summaryJson(s: StatementSummary | undefined): JsonObject | undefined {
  if (s === undefined) return undefined;
  const o: JsonObject = {};
  put(o, "count", s.count);
  put(o, "net", moneyJson(s.net));
  for (const side of ["credits", "debits"] as const) {
    const v = s[side];
    if (v === undefined) continue;
    const so: JsonObject = {};
    put(so, "count", v.count);
    put(so, "sum", moneyJson(v.sum));
    o[side] = so;
  }
  return o;
}

/** A statement as `{ account, openingBalance, closingBalance, balances, entries, … }`. */
export function statementToJson(s: Statement): JsonObject {
  const o: JsonObject = {};
  put(o, "id", s.id);
  o.kind = s.kind;
  o.account = accountJson(s.account);
  put(o, "createdAt", s.createdAt);
  put(o, "period", plain(s.period));
  put(o, "sequence", plain(s.sequence));
  o.openingBalance = s.openingBalance === undefined ? null : balanceToJson(s.openingBalance);
  o.closingBalance = s.closingBalance === undefined ? null : balanceToJson(s.closingBalance);
  o.balances = s.balances.map(balanceToJson);
  o.entries = s.entries.map((e) => entryToJson(e));
  put(o, "summary", summaryJson(s.summary));
  put(o, "additionalInfo", s.additionalInfo);
  put(o, "source", plain(s.source));
  return o;
}

// ---------------------------------------------------------------------------------------------------
// Decoding
// ---------------------------------------------------------------------------------------------------

/** Thrown inside the decoder only; caught per entry/statement and turned into an issue. */
class Invalid extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
  }
}

function isObject(v: unknown): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function obj(v: unknown, path: string): JsonObject {
  if (!isObject(v)) throw new Invalid(path, "must be an object");
  return v;
}

function optObj(o: JsonObject, key: string, path: string): JsonObject | undefined {
  const v = o[key];
  return v === undefined || v === null ? undefined : obj(v, `${path}/${key}`);
}

function str(o: JsonObject, key: string, path: string): string | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "string") throw new Invalid(`${path}/${key}`, "must be a string");
  return v;
}

function reqStr(o: JsonObject, key: string, path: string): string {
  const v = str(o, key, path);
  if (v === undefined || v === "") throw new Invalid(`${path}/${key}`, "is required");
  return v;
}

function bool(o: JsonObject, key: string, path: string): boolean | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "boolean") throw new Invalid(`${path}/${key}`, "must be true or false");
  return v;
}

function int(o: JsonObject, key: string, path: string): number | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 0) throw new Invalid(`${path}/${key}`, "must be a non-negative integer");
  return v;
}

function strList(o: JsonObject, key: string, path: string): string[] | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || v.some((x) => typeof x !== "string")) throw new Invalid(`${path}/${key}`, "must be a list of strings");
  return v as string[];
}

function list(o: JsonObject, key: string, path: string): Json[] {
  const v = o[key];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new Invalid(`${path}/${key}`, "must be a list");
  return v;
}

function date(o: JsonObject, key: string, path: string): IsoDate | undefined {
  const v = str(o, key, path);
  if (v === undefined) return undefined;
  const d = tryIsoDate(v);
  if (d === undefined) throw new Invalid(`${path}/${key}`, `"${v.slice(0, 40)}" is not a YYYY-MM-DD date`);
  return d;
}

function dateTime(o: JsonObject, key: string, path: string): IsoDateTime | undefined {
  const v = str(o, key, path);
  if (v === undefined) return undefined;
  const d = tryIsoDateTime(v);
  if (d === undefined) throw new Invalid(`${path}/${key}`, `"${v.slice(0, 40)}" is not an ISO 8601 date-time`);
  return d;
}

function currency(o: JsonObject, key: string, path: string): CurrencyCode | undefined {
  const v = str(o, key, path);
  if (v === undefined) return undefined;
  const c = toCurrencyCode(v);
  if (c === undefined) throw new Invalid(`${path}/${key}`, `"${v.slice(0, 20)}" is not an ISO 4217 currency`);
  return c;
}

/** Reads `{ amount, currency }` pairs at `amountKey`/`currencyKey` of `o`. */
function moneyAt(o: JsonObject, amountKey: string, currencyKey: string, path: string, fallbackCurrency?: CurrencyCode): Money | undefined {
  const a = o[amountKey];
  if (a === undefined || a === null) return undefined;
  if (typeof a !== "string") throw new Invalid(`${path}/${amountKey}`, 'must be a decimal string such as "-1234.50"');
  const c = currency(o, currencyKey, path) ?? fallbackCurrency;
  if (c === undefined) throw new Invalid(`${path}/${currencyKey}`, "is required with an amount");
  const m = tryParseMoney(a, c);
  if (m === undefined) throw new Invalid(`${path}/${amountKey}`, `"${a.slice(0, 40)}" is not a decimal amount`);
  return m;
}

function moneyObj(o: JsonObject, key: string, path: string): Money | undefined {
  const v = optObj(o, key, path);
  return v === undefined ? undefined : moneyAt(v, "amount", "currency", `${path}/${key}`);
}

function omitUndefined<T extends object>(value: T): T {
  for (const k of Object.keys(value) as (keyof T)[]) if (value[k] === undefined) delete value[k];
  return value;
}

const SCHEMES: ReadonlySet<string> = new Set(["iban", "bban", "cn", "other"]);
const STATUSES: ReadonlySet<string> = new Set(["booked", "pending", "information"]);
const KINDS: ReadonlySet<string> = new Set(["statement", "report", "notification", "export"]);
const BALANCE_TYPE_SET: ReadonlySet<string> = new Set(BALANCE_TYPES);

function scheme(o: JsonObject, key: string, path: string): AccountScheme | undefined {
  const v = str(o, key, path);
  if (v === undefined) return undefined;
  if (!SCHEMES.has(v)) throw new Invalid(`${path}/${key}`, `must be one of iban, bban, cn, other`);
  return v as AccountScheme;
}

function readBank(o: JsonObject | undefined, path: string): BankRef | undefined {
  if (o === undefined) return undefined;
  const bicText = str(o, "bic", path);
  let bic: Bic | undefined;
  if (bicText !== undefined) {
    bic = tryBic(bicText);
    if (bic === undefined) throw new Invalid(`${path}/bic`, `"${bicText.slice(0, 20)}" is not a BIC`);
  }
  const cnText = str(o, "cnBankCode", path);
  let cn: CnBankCode | undefined;
  if (cnText !== undefined) {
    cn = tryCnBankCode(cnText);
    if (cn === undefined) throw new Invalid(`${path}/cnBankCode`, `"${cnText.slice(0, 20)}" is not a 3- or 12-digit bank code`);
  }
  return omitUndefined({
    bic,
    cnBankCode: cn,
    clearingCode: str(o, "clearingCode", path),
    name: str(o, "name", path),
    country: str(o, "country", path),
  });
}

function readAccount(v: unknown, path: string): Account {
  const o = obj(v, path);
  return omitUndefined({
    id: reqStr(o, "id", path),
    scheme: scheme(o, "scheme", path) ?? "other",
    currency: currency(o, "currency", path),
    bank: readBank(optObj(o, "bank", path), `${path}/bank`),
    holderName: str(o, "holderName", path),
    name: str(o, "name", path),
  });
}

function readBalance(v: unknown, path: string, fallbackCurrency?: CurrencyCode): Balance {
  const o = obj(v, path);
  const type = reqStr(o, "type", path);
  if (!BALANCE_TYPE_SET.has(type)) throw new Invalid(`${path}/type`, `"${type.slice(0, 30)}" is not a balance type`);
  const amount = moneyAt(o, "amount", "currency", path, fallbackCurrency);
  if (amount === undefined) throw new Invalid(`${path}/amount`, "is required");
  const d = date(o, "date", path);
  if (d === undefined) throw new Invalid(`${path}/date`, "is required");
  return omitUndefined({
    type: type as BalanceType,
    amount,
    date: d,
    dateTime: dateTime(o, "dateTime", path),
    creditLine: moneyObj(o, "creditLine", path),
  });
}

const REFERENCE_KEYS = [
  "bankReference",
  "accountServicerReference",
  "customerReference",
  "endToEndId",
  "instructionId",
  "transactionId",
  "paymentInformationId",
  "messageId",
  "mandateId",
  "chequeNumber",
  "uetr",
  "clearingSystemReference",
  "creditorId",
] as const satisfies readonly (keyof References)[];

function readFacts(o: JsonObject, path: string): TransactionFacts {
  let references: References | undefined;
  const r = optObj(o, "references", path);
  if (r !== undefined) {
    const refs: Record<string, string> = {};
    for (const k of REFERENCE_KEYS) {
      const s = str(r, k, `${path}/references`);
      if (s !== undefined) refs[k] = s;
    }
    references = refs;
  }
  let counterparty: Party | undefined;
  const p = optObj(o, "counterparty", path);
  if (p !== undefined) {
    const pp = `${path}/counterparty`;
    counterparty = omitUndefined({
      name: str(p, "name", pp),
      account: str(p, "account", pp),
      accountScheme: scheme(p, "accountScheme", pp),
      bankId: str(p, "bankId", pp),
      bankName: str(p, "bankName", pp),
      address: strList(p, "address", pp),
      ultimateName: str(p, "ultimateName", pp),
      partyId: str(p, "partyId", pp),
    });
  }
  let remittance: Remittance | undefined;
  const rm = optObj(o, "remittance", path);
  if (rm !== undefined) {
    const rp = `${path}/remittance`;
    const structured =
      rm.structured === undefined || rm.structured === null
        ? undefined
        : list(rm, "structured", rp).map((s, i): StructuredRemittance => {
            const sp = `${rp}/structured/${i}`;
            const so = obj(s, sp);
            const documents =
              so.documents === undefined || so.documents === null
                ? undefined
                : list(so, "documents", sp).map((d, j): ReferredDocument => {
                    const dp = `${sp}/documents/${j}`;
                    const dobj = obj(d, dp);
                    return omitUndefined({ type: str(dobj, "type", dp), number: str(dobj, "number", dp), date: date(dobj, "date", dp) });
                  });
            return omitUndefined({
              creditorReference: str(so, "creditorReference", sp),
              creditorReferenceType: str(so, "creditorReferenceType", sp),
              creditorReferenceIssuer: str(so, "creditorReferenceIssuer", sp),
              documents,
              amount: moneyObj(so, "amount", sp),
              additionalInfo: strList(so, "additionalInfo", sp),
            });
          });
    remittance = omitUndefined({ unstructured: strList(rm, "unstructured", rp), structured });
  }
  let bankTransactionCode: BankTransactionCode | undefined;
  const bt = optObj(o, "bankTransactionCode", path);
  if (bt !== undefined) {
    const bp = `${path}/bankTransactionCode`;
    const pr = optObj(bt, "proprietary", bp);
    bankTransactionCode = omitUndefined({
      domain: str(bt, "domain", bp),
      family: str(bt, "family", bp),
      subFamily: str(bt, "subFamily", bp),
      proprietary:
        pr === undefined
          ? undefined
          : omitUndefined({ code: reqStr(pr, "code", `${bp}/proprietary`), issuer: str(pr, "issuer", `${bp}/proprietary`) }),
    });
  }
  let exchangeRate: ExchangeRate | undefined;
  const fx = optObj(o, "exchangeRate", path);
  if (fx !== undefined) {
    const fp = `${path}/exchangeRate`;
    const rate = reqStr(fx, "rate", fp);
    if (!/^\d{1,20}(\.\d{1,18})?$/.test(rate)) throw new Invalid(`${fp}/rate`, "must be a positive decimal string");
    exchangeRate = omitUndefined({
      rate,
      sourceCurrency: currency(fx, "sourceCurrency", fp),
      targetCurrency: currency(fx, "targetCurrency", fp),
      unitCurrency: currency(fx, "unitCurrency", fp),
      contractId: str(fx, "contractId", fp),
      quotationDate: date(fx, "quotationDate", fp),
    });
  }
  const charges =
    o.charges === undefined || o.charges === null
      ? undefined
      : list(o, "charges", path).map((c, i): Charge => {
          const cp = `${path}/charges/${i}`;
          const co = obj(c, cp);
          const amount = moneyAt(co, "amount", "currency", cp);
          if (amount === undefined) throw new Invalid(`${cp}/amount`, "is required");
          return omitUndefined({
            amount,
            type: str(co, "type", cp),
            bearer: str(co, "bearer", cp),
            includedInAmount: bool(co, "includedInAmount", cp),
            agentId: str(co, "agentId", cp),
          });
        });
  let bankData: Record<string, string> | undefined;
  const bd = optObj(o, "bankData", path);
  if (bd !== undefined) {
    const pairs: [string, string][] = [];
    for (const k of Object.keys(bd)) {
      const s = str(bd, k, `${path}/bankData`);
      if (s !== undefined) pairs.push([k, s]);
    }
    // Any key is a bank's field name, "__proto__" included: define it rather than assign it (see `plain`).
    bankData = Object.fromEntries(pairs);
  }
  return omitUndefined({
    references,
    counterparty,
    remittance,
    bankTransactionCode,
    purpose: str(o, "purpose", path),
    description: str(o, "description", path),
    instructedAmount: moneyObj(o, "instructedAmount", path),
    originalAmount: moneyObj(o, "originalAmount", path),
    exchangeRate,
    charges,
    bankData,
    source: readSource(o, path),
  });
}

function readSource(o: JsonObject, path: string): SourceLocation | undefined {
  const s = optObj(o, "source", path);
  if (s === undefined) return undefined;
  const sp = `${path}/source`;
  const documentId = str(s, "documentId", sp);
  if (documentId !== undefined && !isDocumentId(documentId)) throw new Invalid(`${sp}/documentId`, "must be a lower-case hex SHA-256");
  return omitUndefined({ documentId: documentId as DocumentId | undefined, line: int(s, "line", sp), path: str(s, "path", sp) });
}

function readDetail(v: unknown, path: string, fallbackCurrency: CurrencyCode): TransactionDetail {
  const o = obj(v, path);
  return omitUndefined({ amount: moneyAt(o, "amount", "currency", path, fallbackCurrency), ...readFacts(o, path) });
}

function readEntry(v: unknown, path: string, fallbackCurrency?: CurrencyCode): Entry {
  const o = obj(v, path);
  const amount = moneyAt(o, "amount", "currency", path, fallbackCurrency);
  if (amount === undefined) throw new Invalid(`${path}/amount`, "is required");
  const status = str(o, "status", path) ?? "booked";
  if (!STATUSES.has(status)) throw new Invalid(`${path}/status`, "must be booked, pending or information");
  let batch: BatchInfo | undefined;
  const b = optObj(o, "batch", path);
  if (b !== undefined) {
    const bp = `${path}/batch`;
    batch = omitUndefined({
      count: int(b, "count", bp),
      total: moneyObj(b, "total", bp),
      paymentInformationId: str(b, "paymentInformationId", bp),
      messageId: str(b, "messageId", bp),
    });
  }
  return omitUndefined({
    amount,
    status: status as EntryStatus,
    reversal: bool(o, "reversal", path) ?? false,
    reverses: str(o, "reverses", path),
    bookingDate: date(o, "bookingDate", path),
    bookingDateTime: dateTime(o, "bookingDateTime", path),
    valueDate: date(o, "valueDate", path),
    valueDateTime: dateTime(o, "valueDateTime", path),
    fundsCode: str(o, "fundsCode", path),
    batch,
    details: list(o, "details", path).map((d, i) => readDetail(d, `${path}/details/${i}`, amount.currency)),
    ...readFacts(o, path),
  });
}

function readSummary(o: JsonObject | undefined, path: string): StatementSummary | undefined {
  if (o === undefined) return undefined;
  const side = (k: "credits" | "debits") => {
    const s = optObj(o, k, path);
    return s === undefined ? undefined : omitUndefined({ count: int(s, "count", `${path}/${k}`), sum: moneyObj(s, "sum", `${path}/${k}`) });
  };
  return omitUndefined({ count: int(o, "count", path), net: moneyObj(o, "net", path), credits: side("credits"), debits: side("debits") });
}

function readStatement(v: unknown, path: string, issues: Issue[]): Statement | undefined {
  let o: JsonObject;
  let account: Account;
  try {
    o = obj(v, path);
    account = readAccount(o.account, `${path}/account`);
  } catch (e) {
    if (e instanceof Invalid) {
      issues.push({ severity: "error", code: "MODEL_INVALID", message: `${e.path}: ${e.message}; statement skipped`, path: e.path });
      return undefined;
    }
    throw e;
  }
  const head = (): Omit<Statement, "account" | "entries" | "balances" | "kind"> & { kind: StatementKind } => {
    const kind = str(o, "kind", path) ?? "statement";
    if (!KINDS.has(kind)) throw new Invalid(`${path}/kind`, "must be statement, report, notification or export");
    const p = optObj(o, "period", path);
    const period: Period | undefined =
      p === undefined
        ? undefined
        : omitUndefined({
            from: date(p, "from", `${path}/period`),
            to: date(p, "to", `${path}/period`),
            fromDateTime: dateTime(p, "fromDateTime", `${path}/period`),
            toDateTime: dateTime(p, "toDateTime", `${path}/period`),
          });
    const sq = optObj(o, "sequence", path);
    const sequence: StatementSequence | undefined =
      sq === undefined
        ? undefined
        : omitUndefined({
            legal: str(sq, "legal", `${path}/sequence`),
            electronic: str(sq, "electronic", `${path}/sequence`),
            page: int(sq, "page", `${path}/sequence`),
            lastPage: bool(sq, "lastPage", `${path}/sequence`),
          });
    return omitUndefined({
      id: str(o, "id", path),
      kind: kind as StatementKind,
      createdAt: dateTime(o, "createdAt", path),
      period,
      sequence,
      openingBalance: o.openingBalance == null ? undefined : readBalance(o.openingBalance, `${path}/openingBalance`, account.currency),
      closingBalance: o.closingBalance == null ? undefined : readBalance(o.closingBalance, `${path}/closingBalance`, account.currency),
      summary: readSummary(optObj(o, "summary", path), `${path}/summary`),
      additionalInfo: str(o, "additionalInfo", path),
      source: readSource(o, path),
    });
  };
  let header: ReturnType<typeof head>;
  try {
    header = head();
  } catch (e) {
    if (!(e instanceof Invalid)) throw e;
    issues.push({ severity: "error", code: "MODEL_INVALID", message: `${e.path}: ${e.message}; statement skipped`, path: e.path });
    return undefined;
  }
  const keep = <T>(items: Json[], key: string, read: (x: Json, p: string) => T): T[] => {
    const out: T[] = [];
    items.forEach((x, i) => {
      try {
        out.push(read(x, `${path}/${key}/${i}`));
      } catch (e) {
        if (!(e instanceof Invalid)) throw e;
        issues.push({
          severity: "error",
          code: "MODEL_INVALID",
          message: `${e.path}: ${e.message}; ${key === "entries" ? "entry" : "balance"} skipped`,
          path: e.path,
        });
      }
    });
    return out;
  };
  let entries: Json[];
  let balances: Json[];
  try {
    entries = list(o, "entries", path);
    balances = list(o, "balances", path);
  } catch (e) {
    if (!(e instanceof Invalid)) throw e;
    issues.push({ severity: "error", code: "MODEL_INVALID", message: `${e.path}: ${e.message}; statement skipped`, path: e.path });
    return undefined;
  }
  return {
    ...header,
    account,
    balances: keep(balances, "balances", (x, p) => readBalance(x, p, account.currency)),
    entries: keep(entries, "entries", (x, p) => readEntry(x, p, account.currency)),
  };
}

/** Statements decoded from canonical JSON, with what could not be read. */
export interface DecodedStatements {
  readonly statements: Statement[];
  readonly issues: Issue[];
}

/**
 * Decodes canonical JSON: one statement, a list of statements, or a `bankbridge parse` result
 * (`{ statements: [...] }`). Invalid statements, entries and balances are skipped with an issue each
 * (code `MODEL_INVALID`, with the JSON path); everything valid is kept.
 */
export function statementsFromJson(value: unknown): DecodedStatements {
  const issues: Issue[] = [];
  let items: unknown[];
  let base: string;
  if (Array.isArray(value)) {
    items = value;
    base = "";
  } else if (isObject(value) && Array.isArray(value.statements)) {
    items = value.statements;
    base = "/statements";
  } else if (isObject(value) && value.account !== undefined) {
    return { statements: compact([readStatement(value, "", issues)]), issues };
  } else {
    return {
      statements: [],
      issues: [
        {
          severity: "error",
          code: "MODEL_INVALID",
          message: "expected a statement, a list of statements or { statements: [...] }",
          path: "",
        },
      ],
    };
  }
  const statements = compact(items.map((s, i) => readStatement(s, `${base}/${i}`, issues)));
  return { statements, issues };
}

function compact<T>(xs: (T | undefined)[]): T[] {
  return xs.filter((x): x is T => x !== undefined);
}
