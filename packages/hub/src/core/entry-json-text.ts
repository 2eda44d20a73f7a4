/**
 * The canonical JSON text of an entry, written directly: the same characters as
 * `JSON.stringify(entryToJson(entry, options))`, without building the intermediate object tree.
 *
 * The store writes one of these per transaction and compares it on every re-import, so it must never
 * differ from the object form by a character (a property test holds the two together); building it
 * directly halves the time and leaves no garbage tree behind (measured in `docs/benchmarks.md`,
 * bench:ingest).
 *
 * @module
 */
import type { JsonOptions } from "./canonical-json.js";
import { formatMoney, type Money } from "./money.js";
import type { Entry, TransactionDetail, TransactionFacts } from "./statement.js";

const q = JSON.stringify;

/** `,"key":value` for a defined value (what `put` keeps), else nothing. `first` drops the comma. */
function field(key: string, value: unknown, first = false): string {
  if (value === undefined) return "";
  return `${first ? "" : ","}${q(key)}:${q(value)}`;
}

/** An object's own defined properties in key order, as `plain()` copies them; `{}` when none is defined. */
function plainText(value: object): string {
  let out = "{";
  let first = true;
  for (const k of Object.keys(value)) {
    const v = (value as Record<string, unknown>)[k];
    if (v === undefined) continue;
    out += `${first ? "" : ","}${q(k)}:${q(v)}`;
    first = false;
  }
  return `${out}}`;
}

function moneyText(m: Money): string {
  return `{"amount":${q(formatMoney(m))},"currency":${q(m.currency)}}`;
}

/** The object's properties after the first: `,"key":…` for each defined fact, in `factsJson` order. */
function factsText(f: TransactionFacts, withSource: boolean): string {
  let out = "";
  if (f.references !== undefined) out += `,"references":${plainText(f.references)}`;
  if (f.counterparty !== undefined) out += `,"counterparty":${plainText(f.counterparty)}`;
  const rem = f.remittance;
  if (rem !== undefined) {
    let r = "";
    if (rem.unstructured !== undefined) r += `"unstructured":${q(rem.unstructured)}`;
    if (rem.structured !== undefined) {
      let list = "";
      for (const s of rem.structured) {
        const so = joinParts([
          field("creditorReference", s.creditorReference, true),
          field("creditorReferenceType", s.creditorReferenceType, true),
          field("creditorReferenceIssuer", s.creditorReferenceIssuer, true),
          s.documents === undefined ? "" : `"documents":[${s.documents.map(plainText).join(",")}]`,
          s.amount === undefined ? "" : `"amount":${moneyText(s.amount)}`,
          field("additionalInfo", s.additionalInfo, true),
        ]);
        list += `${list === "" ? "" : ","}{${so}}`;
      }
      r += `${r === "" ? "" : ","}"structured":[${list}]`;
    }
    out += `,"remittance":{${r}}`;
  }
  const btc = f.bankTransactionCode;
  if (btc !== undefined) {
    const c = joinParts([
      field("domain", btc.domain, true),
      field("family", btc.family, true),
      field("subFamily", btc.subFamily, true),
      btc.proprietary === undefined ? "" : `"proprietary":${plainText(btc.proprietary)}`,
    ]);
    out += `,"bankTransactionCode":{${c}}`;
  }
  out += field("purpose", f.purpose) + field("description", f.description);
  if (f.instructedAmount !== undefined) out += `,"instructedAmount":${moneyText(f.instructedAmount)}`;
  if (f.originalAmount !== undefined) out += `,"originalAmount":${moneyText(f.originalAmount)}`;
  if (f.exchangeRate !== undefined) out += `,"exchangeRate":${plainText(f.exchangeRate)}`;
  if (f.charges !== undefined) {
    let list = "";
    for (const c of f.charges) {
      const co =
        `{"amount":${q(formatMoney(c.amount))},"currency":${q(c.amount.currency)}` +
        field("type", c.type) +
        field("bearer", c.bearer) +
        field("includedInAmount", c.includedInAmount) +
        field("agentId", c.agentId);
      list += `${list === "" ? "" : ","}${co}}`;
    }
    out += `,"charges":[${list}]`;
  }
  if (f.bankData !== undefined) out += `,"bankData":${plainText(f.bankData)}`;
  if (withSource && f.source !== undefined) out += `,"source":${plainText(f.source)}`;
  return out;
}

function joinParts(parts: readonly string[]): string {
  let out = "";
  for (const p of parts) if (p !== "") out += out === "" ? p : `,${p}`;
  return out;
}

/** A batch child as JSON text: `JSON.stringify(detailToJson(detail, options))`. */
export function detailJsonText(d: TransactionDetail, options: JsonOptions = {}): string {
  const head = d.amount === undefined ? "" : `"amount":${q(formatMoney(d.amount))},"currency":${q(d.amount.currency)}`;
  const facts = factsText(d, options.source ?? true);
  // The facts start with a comma; without an amount before them it goes.
  return `{${head === "" ? facts.slice(1) : head + facts}}`;
}

/**
 * An entry as JSON text: exactly `JSON.stringify(entryToJson(entry, options))`. `amountText` is the entry's
 * amount already formatted (`formatMoney(entry.amount)`), for callers that have it.
 */
export function entryJsonText(e: Entry, options: JsonOptions = {}, amountText: string = formatMoney(e.amount)): string {
  let out =
    `{"amount":${q(amountText)},"currency":${q(e.amount.currency)}` +
    `,"bookingDate":${e.bookingDate === undefined ? "null" : q(e.bookingDate)}` +
    `,"valueDate":${e.valueDate === undefined ? "null" : q(e.valueDate)}` +
    `,"status":${q(e.status)},"reversal":${q(e.reversal)}` +
    field("reverses", e.reverses) +
    field("bookingDateTime", e.bookingDateTime) +
    field("valueDateTime", e.valueDateTime) +
    field("fundsCode", e.fundsCode);
  const b = e.batch;
  if (b !== undefined) {
    const bo = joinParts([
      field("count", b.count, true),
      b.total === undefined ? "" : `"total":${moneyText(b.total)}`,
      field("paymentInformationId", b.paymentInformationId, true),
      field("messageId", b.messageId, true),
    ]);
    out += `,"batch":{${bo}}`;
  }
  out += factsText(e, options.source ?? true);
  let details = "";
  for (const d of e.details) details += `${details === "" ? "" : ","}${detailJsonText(d, options)}`;
  return `${out},"details":[${details}]}`;
}
