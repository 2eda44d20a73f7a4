/**
 * The transaction facts of a camt.053.001.08 entry or `TxDtls` as the parser reads them back: bank transaction
 * code, amount details with the exchange, charges, references and remittance, in schema order and within the
 * schema's limits (what does not fit is reported by the {@link XmlOut}).
 *
 * @module
 */
import type { Charge, ExchangeRate, Money, References, TransactionFacts } from "../../core/index.js";
import type { XmlOut } from "./camt-xml-out.js";
import { writeInstitution } from "./camt053-parties.js";

const DOCUMENT_TYPES = new Set([
  "MSIN",
  "CNFA",
  "DNFA",
  "CINV",
  "CREN",
  "DEBN",
  "HIRI",
  "SBIN",
  "CMCN",
  "SOAC",
  "DISP",
  "BOLD",
  "VCHR",
  "AROI",
  "TSUT",
  "PUOR",
]);
const REFERENCE_TYPES = new Set(["RADM", "RPIN", "FXDR", "DISP", "PUOR", "SCOR"]);
const BEARERS = new Set(["DEBT", "CRED", "SHAR", "SLEV"]);
/** `UUIDv4Identifier`. */
const UETR = /^[a-f0-9]{8}-[a-f0-9]{4}-4[a-f0-9]{3}-[89ab][a-f0-9]{3}-[a-f0-9]{12}$/;
/** `BaseOneRate`: at most 10 decimals and 11 digits. */
const RATE = /^(?=(?:\D*\d){1,11}\D*$)\d+(\.\d{1,10})?$/;

function hasDomain(f: TransactionFacts): boolean {
  const c = f.bankTransactionCode;
  return c !== undefined && (c.domain !== undefined || c.family !== undefined || c.subFamily !== undefined || c.proprietary !== undefined);
}

/**
 * An amount camt states without sign (an instructed, original or remitted amount, stated as the bank states
 * it, which is positive); a negative one is written as its absolute value and reported.
 */
function unsigned(out: XmlOut, m: Money, path: string): string | undefined {
  if (m.minor < 0n)
    out.lose(`sign:${path.replace(/\/\d+/g, "/N")}`, "a negative amount camt states without sign is written as its absolute value", path);
  return out.amount(m, path);
}

/** `BkTxCd`: domain, family and sub-family when all three are there, and the proprietary code; `required` writes an empty one (an entry must have it). */
export function writeBankTransactionCode(out: XmlOut, f: TransactionFacts, path: string, required: boolean): void {
  const c = f.bankTransactionCode;
  if (c === undefined || !hasDomain(f)) {
    // An entry must have one, though it may be empty.
    if (required) out.leaf("BkTxCd", "");
    return;
  }
  out.open("BkTxCd");
  const short = (v: string | undefined) => v !== undefined && v.length >= 1 && v.length <= 4;
  if (short(c.domain) && short(c.family) && short(c.subFamily)) {
    out.open("Domn");
    out.leaf("Cd", c.domain!);
    out.open("Fmly");
    out.leaf("Cd", c.family!);
    out.leaf("SubFmlyCd", c.subFamily!);
    out.close("Fmly");
    out.close("Domn");
  } else if (c.domain !== undefined || c.family !== undefined || c.subFamily !== undefined) {
    out.lose(
      "btc",
      "a bank transaction code without all of domain, family and sub-family (1–4 characters each) is not written",
      `${path}/bankTransactionCode`,
    );
  }
  if (c.proprietary !== undefined) {
    out.open("Prtry");
    out.text("Cd", c.proprietary.code, 35, `${path}/bankTransactionCode/proprietary/code`);
    out.text("Issr", c.proprietary.issuer, 35, `${path}/bankTransactionCode/proprietary/issuer`);
    out.close("Prtry");
  }
  out.close("BkTxCd");
}

function writeExchange(out: XmlOut, x: ExchangeRate, path: string): void {
  out.open("CcyXchg");
  out.leaf("SrcCcy", x.sourceCurrency!);
  if (x.targetCurrency !== undefined) out.leaf("TrgtCcy", x.targetCurrency);
  if (x.unitCurrency !== undefined) out.leaf("UnitCcy", x.unitCurrency);
  out.leaf("XchgRate", x.rate);
  out.text("CtrctId", x.contractId, 35, `${path}/contractId`);
  if (x.quotationDate !== undefined) out.leaf("QtnDt", `${x.quotationDate}T00:00:00`);
  out.close("CcyXchg");
}

/**
 * `AmtDtls`: the instructed amount, the original amount before exchange as the transaction amount (`TxAmt`, in
 * its own currency), and the exchange applied, on the first of them (else on a `TxAmt` of `own` amount).
 */
export function writeAmountDetails(out: XmlOut, f: TransactionFacts, own: Money | undefined, path: string): void {
  let fx = f.exchangeRate;
  if (fx !== undefined && (fx.sourceCurrency === undefined || !RATE.test(fx.rate))) {
    out.lose(
      "fx",
      "an exchange rate without source currency, or with more than 10 decimals or 11 digits, is not written",
      `${path}/exchangeRate`,
    );
    fx = undefined;
  }
  const instructed = f.instructedAmount === undefined ? undefined : unsigned(out, f.instructedAmount, `${path}/instructedAmount`);
  let originalMoney = f.originalAmount;
  if (originalMoney !== undefined && own !== undefined && originalMoney.currency === own.currency) {
    out.lose(
      "original",
      "an original amount in the entry's own currency has no place in camt.053.001.08 (TxAmt there is the entry's)",
      `${path}/originalAmount`,
    );
    originalMoney = undefined;
  }
  const original = originalMoney === undefined ? undefined : unsigned(out, originalMoney, `${path}/originalAmount`);
  // The exchange needs an amount to hang on: the instructed amount, else the original one, else its own.
  const transaction = original !== undefined ? originalMoney : instructed === undefined && fx !== undefined ? own : undefined;
  const transactionText = original ?? (transaction === undefined ? undefined : out.amount(transaction, path));
  if (fx !== undefined && instructed === undefined && transactionText === undefined) {
    out.lose("fx-alone", "an exchange rate with no amount to state it on is not written", `${path}/exchangeRate`);
    fx = undefined;
  }
  if (instructed === undefined && transactionText === undefined) return;
  out.open("AmtDtls");
  if (instructed !== undefined && f.instructedAmount !== undefined) {
    out.open("InstdAmt");
    out.leaf("Amt", instructed, ` Ccy="${f.instructedAmount.currency}"`);
    if (fx !== undefined) writeExchange(out, fx, `${path}/exchangeRate`);
    out.close("InstdAmt");
  }
  if (transactionText !== undefined && transaction !== undefined) {
    out.open("TxAmt");
    out.leaf("Amt", transactionText, ` Ccy="${transaction.currency}"`);
    if (fx !== undefined && instructed === undefined) writeExchange(out, fx, `${path}/exchangeRate`);
    out.close("TxAmt");
  }
  out.close("AmtDtls");
}

/** `Chrgs` with one `Rcrd` per charge: amount, whether included, type (`Cd` up to 4 characters, else `Prtry/Id`), bearer and agent. */
export function writeCharges(out: XmlOut, charges: readonly Charge[] | undefined, path: string): void {
  if (charges === undefined || charges.length === 0) return;
  const texts = charges.map((c, i) => out.amount(c.amount, `${path}/charges/${i}/amount`));
  if (texts.every((t) => t === undefined)) return;
  out.open("Chrgs");
  charges.forEach((c, i) => {
    const amount = texts[i];
    if (amount === undefined) return;
    const at = `${path}/charges/${i}`;
    if (c.amount.minor < 0n) out.lose("charge-sign", "a negative charge is written as its absolute amount", `${at}/amount`);
    out.open("Rcrd");
    out.leaf("Amt", amount, ` Ccy="${c.amount.currency}"`);
    if (c.includedInAmount !== undefined) out.leaf("ChrgInclInd", String(c.includedInAmount));
    const type = out.clean(c.type, 35, `${at}/type`);
    if (type !== undefined) {
      out.open("Tp");
      if (type.length <= 4) out.text("Cd", type, 4, `${at}/type`);
      else {
        out.open("Prtry");
        out.text("Id", type, 35, `${at}/type`);
        out.close("Prtry");
      }
      out.close("Tp");
    }
    if (c.bearer !== undefined) {
      if (BEARERS.has(c.bearer)) out.leaf("Br", c.bearer);
      else out.lose("bearer", "a charge bearer other than DEBT, CRED, SHAR or SLEV is not written", `${at}/bearer`);
    }
    if (c.agentId !== undefined) {
      out.open("Agt");
      writeInstitution(out, c.agentId, undefined, `${at}/agentId`);
      out.close("Agt");
    }
    out.close("Rcrd");
  });
  out.close("Chrgs");
}

const REFERENCE_ELEMENTS: readonly (readonly [keyof References, string])[] = [
  ["messageId", "MsgId"],
  ["accountServicerReference", "AcctSvcrRef"],
  ["paymentInformationId", "PmtInfId"],
  ["instructionId", "InstrId"],
  ["endToEndId", "EndToEndId"],
  ["uetr", "UETR"],
  ["transactionId", "TxId"],
  ["mandateId", "MndtId"],
  ["chequeNumber", "ChqNb"],
  ["clearingSystemReference", "ClrSysRef"],
  ["customerReference", "AcctOwnrTxId"],
  ["bankReference", "AcctSvcrTxId"],
];

/** `Refs`, in schema order; `servicerReference` is the transaction's `AcctSvcrRef` when not the entry's. */
export function writeReferences(out: XmlOut, refs: References | undefined, servicerReference: string | undefined, path: string): void {
  const values: [string, string][] = [];
  for (const [key, element] of REFERENCE_ELEMENTS) {
    const value = key === "accountServicerReference" ? servicerReference : refs?.[key];
    if (value === undefined) continue;
    if (key === "uetr" && !UETR.test(value)) {
      out.lose("uetr", "a UETR that is not a lower-case version 4 UUID is not written", `${path}/references/uetr`);
      continue;
    }
    // A UETR is a 36-character UUID; every other reference is Max35Text.
    const max = key === "uetr" ? 36 : 35;
    const v = out.clean(value, max, `${path}/references/${key}`);
    if (v !== undefined) values.push([element, v]);
  }
  if (values.length === 0) return;
  out.open("Refs");
  for (const [element, v] of values) out.text(element, v, 36, path);
  out.close("Refs");
}

/** `RmtInf`: the unstructured lines and the structured blocks (documents, remitted amount, creditor reference, further lines). */
export function writeRemittance(out: XmlOut, f: TransactionFacts, path: string): void {
  const r = f.remittance;
  if (r === undefined || ((r.unstructured ?? []).length === 0 && (r.structured ?? []).length === 0)) return;
  const rp = `${path}/remittance`;
  out.open("RmtInf");
  (r.unstructured ?? []).forEach((line, i) => {
    out.text("Ustrd", line, 140, `${rp}/unstructured/${i}`);
  });
  (r.structured ?? []).forEach((s, i) => {
    const sp = `${rp}/structured/${i}`;
    out.open("Strd");
    (s.documents ?? []).forEach((d, j) => {
      const dp = `${sp}/documents/${j}`;
      out.open("RfrdDocInf");
      const type = out.clean(d.type, 35, `${dp}/type`);
      if (type !== undefined) {
        out.open("Tp");
        out.open("CdOrPrtry");
        if (DOCUMENT_TYPES.has(type)) out.leaf("Cd", type);
        else out.text("Prtry", type, 35, `${dp}/type`);
        out.close("CdOrPrtry");
        out.close("Tp");
      }
      out.text("Nb", d.number, 35, `${dp}/number`);
      if (d.date !== undefined) out.leaf("RltdDt", d.date);
      out.close("RfrdDocInf");
    });
    if (s.amount !== undefined) {
      const amount = unsigned(out, s.amount, `${sp}/amount`);
      if (amount !== undefined) {
        out.open("RfrdDocAmt");
        out.leaf("RmtdAmt", amount, ` Ccy="${s.amount.currency}"`);
        out.close("RfrdDocAmt");
      }
    }
    const refType = out.clean(s.creditorReferenceType, 35, `${sp}/creditorReferenceType`);
    if (s.creditorReference !== undefined || refType !== undefined) {
      out.open("CdtrRefInf");
      if (refType !== undefined) {
        out.open("Tp");
        out.open("CdOrPrtry");
        if (REFERENCE_TYPES.has(refType)) out.leaf("Cd", refType);
        else out.text("Prtry", refType, 35, `${sp}/creditorReferenceType`);
        out.close("CdOrPrtry");
        out.text("Issr", s.creditorReferenceIssuer, 35, `${sp}/creditorReferenceIssuer`);
        out.close("Tp");
      } else if (s.creditorReferenceIssuer !== undefined) {
        out.lose("ref-issuer", "a creditor reference issuer without a reference type is not written", `${sp}/creditorReferenceIssuer`);
      }
      out.text("Ref", s.creditorReference, 35, `${sp}/creditorReference`);
      out.close("CdtrRefInf");
    } else if (s.creditorReferenceIssuer !== undefined) {
      out.lose("ref-issuer", "a creditor reference issuer without a reference type is not written", `${sp}/creditorReferenceIssuer`);
    }
    const info = s.additionalInfo ?? [];
    if (info.length > 3)
      out.lose("rmt-info", "more than 3 lines of additional remittance information are cut to 3", `${sp}/additionalInfo`);
    info.slice(0, 3).forEach((line, j) => {
      out.text("AddtlRmtInf", line, 140, `${sp}/additionalInfo/${j}`);
    });
    out.close("Strd");
  });
  out.close("RmtInf");
}
