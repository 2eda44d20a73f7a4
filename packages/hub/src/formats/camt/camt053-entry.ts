/**
 * One canonical entry as a camt.053.001.08 `Ntry`: the inverse of the parser's reading, so that a statement
 * written and read again is the same statement. A single transaction's facts go where camt.053 has them on
 * the entry (`AcctSvcrRef`, `BkTxCd`, `AmtDtls`, `Chrgs`, `AddtlNtryInf`) and in one `TxDtls` (references,
 * parties, agents, remittance, purpose, return reason); a batch entry gets a `Btch` and one `TxDtls` per detail.
 *
 * @module
 */
import { type Entry, moneyEquals, type References, type TransactionDetail, type TransactionFacts } from "../../core/index.js";
import { BANK_DATA } from "./camt-facts.js";
import type { XmlOut } from "./camt-xml-out.js";
import { writeAmountDetails, writeBankTransactionCode, writeCharges, writeReferences, writeRemittance } from "./camt053-facts.js";
import { writeParties } from "./camt053-parties.js";

const STATUS = { booked: "BOOK", pending: "PDNG", information: "INFO" } as const;
const KNOWN_BANK_DATA: ReadonlySet<string> = new Set(Object.values(BANK_DATA));

/** The references a `TxDtls` carries: the batch's payment-information id is the batch's, not repeated. */
function transactionReferences(e: Entry): References | undefined {
  const refs = e.references;
  if (refs?.paymentInformationId === undefined || refs.paymentInformationId !== e.batch?.paymentInformationId) return refs;
  const { paymentInformationId: _, ...rest } = refs;
  return rest;
}

/** What of `f` needs a `TxDtls` (everything but the entry-level facts). */
function needsTransaction(f: TransactionFacts, refs: References | undefined): boolean {
  const bd = f.bankData;
  return (
    (refs !== undefined && Object.keys(refs).some((k) => k !== "accountServicerReference")) ||
    f.counterparty !== undefined ||
    f.remittance !== undefined ||
    f.purpose !== undefined ||
    (bd !== undefined &&
      (bd[BANK_DATA.returnReason] !== undefined ||
        bd[BANK_DATA.returnInfo] !== undefined ||
        bd[BANK_DATA.transactionInfo] !== undefined ||
        bd[BANK_DATA.transactionReference] !== undefined))
  );
}

function reportBankData(out: XmlOut, f: TransactionFacts, path: string): void {
  for (const key of Object.keys(f.bankData ?? {})) {
    if (!KNOWN_BANK_DATA.has(key))
      out.lose(`bankData:${key}`, `bank data "${key.slice(0, 40)}" has no place in camt.053.001.08`, `${path}/bankData`);
  }
}

/**
 * One `TxDtls`. `detail` is set for a batch child (its amount, its own `AcctSvcrRef`, `BkTxCd`, `AmtDtls`,
 * `Chrgs` and description go here); for the one transaction of a single entry those are on the entry.
 */
function writeTransaction(
  out: XmlOut,
  f: TransactionFacts,
  detail: TransactionDetail | undefined,
  credit: boolean,
  debtorSide: boolean,
  path: string,
): void {
  out.open("TxDtls");
  const bd = f.bankData ?? {};
  const servicer = detail === undefined ? bd[BANK_DATA.transactionReference] : f.references?.accountServicerReference;
  writeReferences(out, f.references, servicer, path);
  if (detail?.amount !== undefined) {
    if (detail.amount.minor !== 0n && detail.amount.minor < 0n === credit) {
      out.lose("detail-sign", "a batch detail signed against its entry is written with the entry's direction", `${path}/amount`);
    }
    if (out.money("Amt", detail.amount, `${path}/amount`)) out.leaf("CdtDbtInd", credit ? "CRDT" : "DBIT");
  }
  if (detail !== undefined) {
    writeAmountDetails(out, f, detail.amount, path);
    writeBankTransactionCode(out, f, path, false);
    writeCharges(out, f.charges, path);
  }
  writeParties(out, f.counterparty, f.references?.creditorId, debtorSide, path);
  if (f.purpose !== undefined) {
    const purpose = out.clean(f.purpose, 35, `${path}/purpose`);
    if (purpose !== undefined) {
      out.open("Purp");
      if (purpose.length <= 4) out.text("Cd", purpose, 4, `${path}/purpose`);
      else out.text("Prtry", purpose, 35, `${path}/purpose`);
      out.close("Purp");
    }
  }
  writeRemittance(out, f, path);
  const reason = bd[BANK_DATA.returnReason];
  const returnInfo = bd[BANK_DATA.returnInfo];
  if (reason !== undefined || returnInfo !== undefined) {
    out.open("RtrInf");
    const r = out.clean(reason, 35, `${path}/bankData/${BANK_DATA.returnReason}`);
    if (r !== undefined) {
      out.open("Rsn");
      if (r.length <= 4) out.text("Cd", r, 4, path);
      else out.text("Prtry", r, 35, path);
      out.close("Rsn");
    }
    for (const line of returnInfo?.split("\n") ?? []) out.text("AddtlInf", line, 105, `${path}/bankData/${BANK_DATA.returnInfo}`);
    out.close("RtrInf");
  }
  const info = detail === undefined ? bd[BANK_DATA.transactionInfo] : f.description;
  out.text("AddtlTxInf", info, 500, `${path}/${detail === undefined ? `bankData/${BANK_DATA.transactionInfo}` : "description"}`);
  out.close("TxDtls");
}

function writeDate(out: XmlOut, name: string, date: string | undefined, dateTime: Entry["bookingDateTime"], path: string): void {
  const dt = dateTime === undefined ? undefined : out.dateTime(dateTime, `${path}DateTime`);
  if (dt !== undefined) {
    if (date !== undefined && date !== dt.slice(0, 10))
      out.lose("date-pair", "a date that is not the date of its date-time is not written", path);
    out.open(name);
    out.leaf("DtTm", dt);
    out.close(name);
  } else if (date !== undefined) {
    out.open(name);
    out.leaf("Dt", date);
    out.close(name);
  }
}

/** Writes `e` as an `Ntry`; `path` is its JSON pointer (`/statements/0/entries/3`) for warnings. */
export function writeEntry(out: XmlOut, e: Entry, path: string): void {
  const amount = out.amount(e.amount, `${path}/amount`);
  if (amount === undefined) {
    out.lose("entry", "an entry whose amount cannot be written is left out", path);
    return;
  }
  const credit = e.amount.minor >= 0n;
  const debtorSide = credit !== e.reversal;
  if (e.fundsCode !== undefined) out.lose("fundsCode", "a funds code has no place in camt.053.001.08", `${path}/fundsCode`);
  if (e.reverses !== undefined)
    out.lose("reverses", "the reference of the reversed entry has no place in camt.053.001.08", `${path}/reverses`);
  reportBankData(out, e, path);
  out.open("Ntry");
  out.leaf("Amt", amount, ` Ccy="${e.amount.currency}"`);
  out.leaf("CdtDbtInd", credit ? "CRDT" : "DBIT");
  if (e.reversal) out.leaf("RvslInd", "true");
  out.open("Sts");
  out.leaf("Cd", STATUS[e.status]);
  out.close("Sts");
  writeDate(out, "BookgDt", e.bookingDate, e.bookingDateTime, `${path}/booking`);
  writeDate(out, "ValDt", e.valueDate, e.valueDateTime, `${path}/value`);
  out.text("AcctSvcrRef", e.references?.accountServicerReference, 35, `${path}/references/accountServicerReference`);
  writeBankTransactionCode(out, e, path, true);
  writeAmountDetails(out, e, e.amount, path);
  writeCharges(out, e.charges, path);
  const batch = e.batch;
  const refs = transactionReferences(e);
  const single = e.details.length === 0 && needsTransaction(e, refs);
  if (e.details.length > 0 && needsTransaction(e, refs)) {
    out.lose("batch-facts", "references, parties, remittance and purpose of a batch entry itself have no place beside its details", path);
  }
  const only = e.details.length === 1 ? e.details[0] : undefined;
  if (only !== undefined && (only.amount === undefined || moneyEquals(only.amount, e.amount))) {
    out.lose(
      "one-detail",
      "an entry with one detail of the entry's amount reads back with that detail's facts on the entry",
      `${path}/details/0`,
    );
  }
  if (batch !== undefined || single || e.details.length > 0) {
    out.open("NtryDtls");
    if (batch !== undefined) {
      out.open("Btch");
      out.text("MsgId", batch.messageId, 35, `${path}/batch/messageId`);
      out.text("PmtInfId", batch.paymentInformationId, 35, `${path}/batch/paymentInformationId`);
      if (batch.count !== undefined) {
        if (batch.count <= 999_999_999_999_999) out.leaf("NbOfTxs", String(batch.count));
        else out.lose("count", "a count of more than 15 digits is not written", `${path}/batch/count`);
      }
      if (batch.total !== undefined && out.money("TtlAmt", batch.total, `${path}/batch/total`)) {
        out.leaf("CdtDbtInd", batch.total.minor < 0n ? "DBIT" : "CRDT");
      }
      out.close("Btch");
    }
    if (single) writeTransaction(out, refs === e.references ? e : { ...e, references: refs }, undefined, credit, debtorSide, path);
    e.details.forEach((d, i) => {
      const dp = `${path}/details/${i}`;
      reportBankData(out, d, dp);
      writeTransaction(out, d, d, credit, debtorSide, dp);
    });
    out.close("NtryDtls");
  }
  out.text("AddtlNtryInf", e.description, 500, `${path}/description`);
  out.close("Ntry");
}
