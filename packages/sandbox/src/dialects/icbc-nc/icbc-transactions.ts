/**
 * The ICBC-NC transactions: what each TransCode reads from the ledger and the payment engine and how it
 * writes the `out` block. Pure over the given context: no I/O, no clock of their own.
 *
 * @module
 */
import { createHash } from "node:crypto";
import type { IsoDate } from "@bankbridge/hub/core";
import type { FaultPlan } from "../../faults/fault-types.js";
import type { Ledger, SandboxAccount, SandboxTransaction } from "../../ledger/ledger-types.js";
import type { PaymentEngine, PaymentRecord, SubmitOutcome } from "../../payments/payment-types.js";
import { ICBC_CODES, type IcbcCodeName } from "./icbc-errors.js";
import { daysBetween, db2Timestamp, fen, hhmmss, icbcCurrency, isoCurrency, isoFromYmd, ymd } from "./icbc-fields.js";
import { children, childText, type IcbcRequest, type XmlElement, xmlFields } from "./icbc-messages.js";
import { receiptPdf, toutfo, toutfoParts } from "./icbc-receipt.js";

/** What the transactions need. */
export interface IcbcTransactionContext {
  readonly ledger: Ledger;
  readonly payments: PaymentEngine;
  readonly faults: FaultPlan;
  /** The accounts this front end serves (ICBC's). */
  readonly accounts: ReadonlyMap<string, SandboxAccount>;
  /** The bank's day now. */
  readonly today: IsoDate;
  /** The bank's DB2 timestamp now (QACCBAL `QueryTime`). */
  readonly nowTimestamp: string;
  /** Records per QHISD/QPD page. */
  readonly pageSize: number;
  /** Longest QHISD range, in days (inclusive). */
  readonly maxRangeDays: number;
  /** Counts a read of the page named `key`; returns how many times it was read before. */
  readonly noteRead: (key: string) => number;
}

/** A transaction's answer: the `pub` status and the `out` body. */
export interface IcbcOutcome {
  readonly status: IcbcCodeName;
  /** Overrides the catalogue message (e.g. to name the field at fault). */
  readonly message?: string;
  readonly out?: string;
}

const fail = (status: IcbcCodeName, message?: string): IcbcOutcome => (message === undefined ? { status } : { status, message });

/** QACCBAL: balances of the listed accounts, one `rd` each with its own `iRetCode` (a batch may partly fail). */
export function qaccbal(ctx: IcbcTransactionContext, req: IcbcRequest): IcbcOutcome {
  const rds = children(req.in, "rd");
  if (rds.length === 0) return fail("FIELD_INVALID", "报文字段错误：缺少rd/AccNo");
  const totalNum = childText(req.in, "TotalNum");
  if (totalNum !== "" && totalNum !== String(rds.length)) return fail("TOTALS_MISMATCH");
  let out = xmlFields([["TotalNum", String(rds.length)]]);
  for (const rd of rds) {
    const accNo = childText(rd, "AccNo");
    const account = ctx.accounts.get(accNo);
    if (!account) {
      out += `<rd>${xmlFields([
        ["AccNo", accNo],
        ["CurrType", childText(rd, "CurrType")],
        ["iRetCode", ICBC_CODES.ACCOUNT_UNKNOWN.code],
        ["iRetMsg", ICBC_CODES.ACCOUNT_UNKNOWN.message],
      ])}</rd>`;
      continue;
    }
    const b = ctx.ledger.balances(accNo);
    out += `<rd>${xmlFields([
      ["AccNo", accNo],
      ["CurrType", icbcCurrency(account.currency)],
      ["CashExf", "0"],
      ["AcctProperty", account.product],
      // AccBalance is yesterday's closing (昨日余额); Balance the online booked balance (当前余额).
      ["AccBalance", String(b.previousDay)],
      ["Balance", String(b.online)],
      ["UsableBalance", String(b.available)],
      ["FrzAmt", String(b.frozen)],
      ["QueryTime", ctx.nowTimestamp],
      ["iRetCode", ICBC_CODES.OK.code],
      ["iRetMsg", ICBC_CODES.OK.message],
    ])}</rd>`;
  }
  return { status: "OK", out };
}

/** The opaque NextTag for "continue at record `index` of this query". */
export function nextTagFor(accNo: string, begin: string, end: string, index: number): string {
  const mac = createHash("sha256").update(`${accNo}|${begin}|${end}|${index}`).digest("hex").slice(0, 12);
  return Buffer.from(`${index}:${mac}`, "ascii").toString("base64");
}

/** The record index a NextTag stands for, or `undefined` if the bank did not issue it for this query. */
function indexOfNextTag(tag: string, accNo: string, begin: string, end: string): number | undefined {
  const text = Buffer.from(tag, "base64").toString("ascii");
  const m = /^(\d{1,9}):[0-9a-f]{12}$/.exec(text);
  if (!m) return undefined;
  const index = Number(m[1]);
  return nextTagFor(accNo, begin, end, index) === tag ? index : undefined;
}

/**
 * QHISD (history, up to yesterday) and QPD (today): the account's booked transactions, one `rd` each,
 * `NextTag` paging. Faults from `pageFaults("icbc:<TransCode>", page, count)`: records repeated from the
 * previous page, malformed records (an amount that is not a number, a missing `Drcrf`). Out-of-order and
 * changing pages are not applied here: a cursor names one place, so there is no other page to serve.
 */
export function qhisd(ctx: IcbcTransactionContext, req: IcbcRequest, today: boolean): IcbcOutcome {
  const accNo = childText(req.in, "AccNo");
  const account = ctx.accounts.get(accNo);
  if (!account) return fail("ACCOUNT_UNKNOWN");
  let begin: IsoDate | undefined;
  let end: IsoDate | undefined;
  if (today) {
    begin = ctx.today;
    end = ctx.today;
  } else {
    begin = isoFromYmd(childText(req.in, "BeginDate"));
    end = isoFromYmd(childText(req.in, "EndDate"));
    if (!begin || !end || begin > end) return fail("FIELD_INVALID", "报文字段错误：BeginDate/EndDate");
    if (daysBetween(begin, end) + 1 > ctx.maxRangeDays) return fail("DATE_RANGE_TOO_LONG");
    if (end >= ctx.today) return fail("DATE_NOT_HISTORY");
  }
  const minAmt = childText(req.in, "MinAmt");
  const maxAmt = childText(req.in, "MaxAmt");
  if ((minAmt !== "" && !/^\d+$/.test(minAmt)) || (maxAmt !== "" && !/^\d+$/.test(maxAmt))) {
    return fail("FIELD_INVALID", "报文字段错误：MinAmt/MaxAmt须为整数（分）");
  }
  const all = ctx.ledger.transactions(accNo, { from: begin, to: end, status: "booked" }).filter((tx) => {
    const abs = tx.amount < 0n ? -tx.amount : tx.amount;
    return (minAmt === "" || abs >= BigInt(minAmt)) && (maxAmt === "" || abs <= BigInt(maxAmt));
  });
  const tag = childText(req.in, "NextTag");
  const start = tag === "" ? 0 : indexOfNextTag(tag, accNo, begin, end);
  if (start === undefined || start > all.length) return fail("NEXTTAG_INVALID");
  const pageIndex = Math.floor(start / ctx.pageSize);
  const page = all.slice(start, start + ctx.pageSize);
  const faults = ctx.faults.pageFaults(`icbc:${req.pub.TransCode}`, pageIndex, page.length);
  const repeated = faults.duplicateFromPrevious > 0 ? all.slice(Math.max(0, start - faults.duplicateFromPrevious), start) : [];
  const served = [...repeated, ...page];
  const malformed = new Set(faults.malformedRecords.map((i) => i + repeated.length));
  // A page that changes between reads: on a re-read, the page's first record comes back with its 附言 rewritten.
  const reread = ctx.noteRead(`${accNo}|${begin}|${end}|${minAmt}|${maxAmt}|${start}`) > 0 && faults.changesBetweenReads;
  const next = start + page.length < all.length ? nextTagFor(accNo, begin, end, start + page.length) : "";
  let out = xmlFields([
    ["AccNo", accNo],
    ["AccName", account.holderName],
    ["CurrType", icbcCurrency(account.currency)],
    ["BeginDate", ymd(begin)],
    ["EndDate", ymd(end)],
    ["NextTag", next],
    ["TotalNum", String(all.length)],
  ]);
  served.forEach((tx, i) => {
    const changed = reread && i === repeated.length ? { ...tx, remittance: `${tx.remittance ?? ""}（补录）` } : tx;
    out += historyRecord(changed, malformed.has(i));
  });
  return { status: "OK", out };
}

/** One QHISD `rd`. */
function historyRecord(tx: SandboxTransaction, malformed: boolean): string {
  const debit = tx.amount < 0n;
  const amount = fen(tx.amount);
  return `<rd>${xmlFields([
    // 1 借 (debit, money out), 2 贷 (credit).
    ["Drcrf", malformed ? undefined : debit ? "1" : "2"],
    ["VouhNo", createHash("sha256").update(tx.id).digest("hex").slice(0, 9).toUpperCase()],
    ["DebitAmount", debit ? (malformed ? `${amount}.O0` : amount) : "0"],
    ["CreditAmount", debit ? "0" : malformed ? `${amount}.O0` : amount],
    ["Balance", String(tx.balanceAfter)],
    ["RecipBkNo", tx.counterparty.bankCode ?? ""],
    ["RecipBkName", tx.counterparty.bankName ?? ""],
    ["RecipAccNo", tx.counterparty.account ?? ""],
    ["RecipName", tx.counterparty.name],
    ["Summary", tx.summary],
    ["UseCN", tx.purpose ?? ""],
    ["PostScript", tx.remittance ?? ""],
    ["BusCode", tx.proprietaryCode],
    ["Date", ymd(tx.bookingDate)],
    ["Time", db2Timestamp(tx.bookedAt)],
    ["ValueDate", ymd(tx.valueDate)],
    ["busiDate", ymd(tx.bookingDate)],
    ["busiTime", hhmmss(tx.bookedAt)],
    ["Ref", tx.clientReference ?? ""],
    ["Oref", tx.reversalOf ?? ""],
    ["Toutfo", toutfo(tx)],
    ["OnlySequence", tx.id],
    // 冲正标志: 1 for a reversal entry, 0 otherwise.
    ["UpDtranf", tx.reversalOf !== undefined || tx.kind === "reversal" ? "1" : "0"],
    ["TrxCode", tx.proprietaryCode],
  ])}</rd>`;
}

/** Every payment of an ICBC package `fSeqno` (single: the reference itself; batch: `fSeqno/iSeqno`). */
function packagePayments(ctx: IcbcTransactionContext, fSeqno: string): readonly PaymentRecord[] {
  return ctx.payments
    .list()
    .filter(
      (p) =>
        ctx.accounts.has(p.instruction.debtorAccountId) &&
        (p.instruction.clientReference === fSeqno || p.instruction.clientReference.startsWith(`${fSeqno}/`)),
    );
}

const REFUSALS: Readonly<Record<NonNullable<SubmitOutcome["refusal"]>["code"], IcbcCodeName>> = {
  ACCOUNT_UNKNOWN: "ACCOUNT_UNKNOWN",
  ACCOUNT_FROZEN: "ACCOUNT_FROZEN",
  INSUFFICIENT_FUNDS: "INSUFFICIENT_FUNDS",
  CURRENCY_MISMATCH: "CURRENCY_MISMATCH",
  AMOUNT_INVALID: "AMOUNT_INVALID",
};

/**
 * PAYENT (signed): one or more `rd` transfers under one package `fSeqno`, the idempotency key. A resent
 * package (same `fSeqno`) is refused with `DUPLICATE_FSEQNO` and nothing executes again; its status is
 * read with QPAYENT. Per-row refusals (unknown account, insufficient funds…) come back as `iRetCode`.
 */
export function payent(ctx: IcbcTransactionContext, req: IcbcRequest): IcbcOutcome {
  const fSeqno = req.pub.fSeqno;
  if (fSeqno === "") return fail("FIELD_INVALID", "报文字段错误：fSeqno不能为空");
  if (childText(req.in, "SignTime") === "") return fail("FIELD_INVALID", "报文字段错误：缺少SignTime");
  const rds = children(req.in, "rd");
  if (rds.length === 0) return fail("FIELD_INVALID", "报文字段错误：缺少rd");
  let total = 0n;
  for (const rd of rds) {
    const amt = childText(rd, "PayAmt");
    if (!/^\d{1,15}$/.test(amt)) return fail("FIELD_INVALID", "报文字段错误：PayAmt须为整数（分）");
    total += BigInt(amt);
  }
  if (childText(req.in, "TotalNum") !== String(rds.length) || childText(req.in, "TotalAmt") !== String(total)) {
    return fail("TOTALS_MISMATCH");
  }
  if (packagePayments(ctx, fSeqno).length > 0) return fail("DUPLICATE_FSEQNO");
  let out = xmlFields([
    ["OnlBatF", childText(req.in, "OnlBatF")],
    ["SettleMode", childText(req.in, "SettleMode")],
    ["TotalNum", String(rds.length)],
    ["TotalAmt", String(total)],
    ["SignTime", childText(req.in, "SignTime")],
  ]);
  rds.forEach((rd, i) => {
    const iSeqno = childText(rd, "iSeqno") || String(i + 1);
    const row = submitRow(ctx, rd, rds.length === 1 ? fSeqno : `${fSeqno}/${iSeqno}`);
    out += `<rd>${xmlFields([
      ["iSeqno", iSeqno],
      ["OrderNo", row.orderNo],
      ["iRetCode", ICBC_CODES[row.code].code],
      ["iRetMsg", row.message ?? ICBC_CODES[row.code].message],
    ])}</rd>`;
  });
  return { status: "OK", out };
}

function submitRow(
  ctx: IcbcTransactionContext,
  rd: XmlElement,
  reference: string,
): { code: IcbcCodeName; orderNo: string; message?: string } {
  const payAcc = childText(rd, "PayAccNo");
  const account = ctx.accounts.get(payAcc);
  if (!account) return { code: "ACCOUNT_UNKNOWN", orderNo: "" };
  const curr = childText(rd, "CurrType");
  const currency = curr === "" ? account.currency : isoCurrency(curr);
  if (!currency) return { code: "CURRENCY_MISMATCH", orderNo: "" };
  const outcome = ctx.payments.submit({
    debtorAccountId: payAcc,
    clientReference: reference,
    amount: BigInt(childText(rd, "PayAmt")),
    currency,
    creditor: {
      name: childText(rd, "RecAccNameCN"),
      account: childText(rd, "RecAccNo"),
      bankCode: childText(rd, "RecBankNo") || undefined,
      bankName: childText(rd, "RecBankName") || undefined,
    },
    purpose: childText(rd, "UseCN"),
    remittance: childText(rd, "PostScript") || undefined,
  });
  if (outcome.refusal)
    return { code: REFUSALS[outcome.refusal.code], orderNo: outcome.payment.requestNumber, message: outcome.refusal.message };
  return { code: "OK", orderNo: outcome.payment.requestNumber };
}

/**
 * ICBC's instruction status (`Result`) for the two-axis state, with its text. Codes as ICBC NC clients
 * know them (0 提交成功 … 7 处理成功, 95 待核查); recalled from public client code, not from a spec.
 */
export function icbcResult(p: PaymentRecord): { code: string; text: string } {
  switch (p.state) {
    case "OPR":
    case "AUT":
      return { code: "2", text: "等待授权" };
    case "APW":
      return { code: "3", text: "等待二次授权" };
    case "NTE":
      return { code: "0", text: "提交成功,等待银行处理" };
    case "BNK":
      return { code: "9", text: "银行正在处理" };
    case "WRF":
      return { code: "95", text: "待核查" };
    case "FIN":
      switch (p.result) {
        case "S":
          return { code: "7", text: "处理成功" };
        case "R":
          return { code: "8", text: "指令被拒绝授权" };
        case "C":
        case "D":
          return { code: "11", text: "指令已撤销或过期" };
        case "U":
          return { code: "5", text: "主机返回待处理" };
        case "B":
          return { code: "6", text: `被银行拒绝(退票)${p.reason ? `:${p.reason}` : ""}` };
        default:
          return { code: "6", text: `被银行拒绝${p.reason ? `:${p.reason}` : ""}` };
      }
  }
}

/** QPAYENT: the status of every instruction of package `QryfSeqno`. */
export function qpayent(ctx: IcbcTransactionContext, req: IcbcRequest): IcbcOutcome {
  const qry = childText(req.in, "QryfSeqno");
  if (qry === "") return fail("FIELD_INVALID", "报文字段错误：QryfSeqno不能为空");
  const found = packagePayments(ctx, qry);
  if (found.length === 0) return fail("PAYMENT_NOT_FOUND");
  let out = xmlFields([
    ["QryfSeqno", qry],
    ["TotalNum", String(found.length)],
  ]);
  for (const p of found) {
    const ref = p.instruction.clientReference;
    const result = icbcResult(p);
    out += `<rd>${xmlFields([
      ["iSeqno", ref === qry ? "1" : ref.slice(qry.length + 1)],
      ["OrderNo", p.requestNumber],
      ["PayAccNo", p.instruction.debtorAccountId],
      ["RecAccNo", p.instruction.creditor.account ?? ""],
      ["RecAccNameCN", p.instruction.creditor.name],
      ["CurrType", icbcCurrency(p.instruction.currency)],
      ["PayAmt", String(p.instruction.amount)],
      ["Result", result.code],
      ["iRetCode", ICBC_CODES.OK.code],
      ["iRetMsg", result.text],
    ])}</rd>`;
  }
  return { status: "OK", out };
}

/** DownEBill (signed): the receipt PDF of the transaction whose `Toutfo` pieces and work date are given. */
export function downEBill(ctx: IcbcTransactionContext, req: IcbcRequest): IcbcOutcome {
  const acct = childText(req.in, "AcctNo");
  if (!ctx.accounts.has(acct)) return fail("ACCOUNT_UNKNOWN");
  const workDate = isoFromYmd(childText(req.in, "WorkDate"));
  if (!workDate) return fail("FIELD_INVALID", "报文字段错误：WorkDate");
  const want = {
    AreaCode: childText(req.in, "AreaCode"),
    NetCode: childText(req.in, "NetCode"),
    TellerNo: childText(req.in, "TellerNo"),
    TranSerialNo: childText(req.in, "TranSerialNo"),
  };
  const tx = ctx.ledger.transactions(acct, { from: workDate, to: workDate, status: "booked" }).find((t) => {
    const p = toutfoParts(t);
    return (
      p.AreaCode === want.AreaCode && p.NetCode === want.NetCode && p.TellerNo === want.TellerNo && p.TranSerialNo === want.TranSerialNo
    );
  });
  if (!tx) return fail("RECEIPT_NOT_FOUND");
  const pdf = receiptPdf([
    "ICBC Electronic Receipt (sandbox)",
    `Account: ${tx.accountId}`,
    `Date: ${tx.bookingDate}  Value date: ${tx.valueDate}`,
    `Amount (fen): ${tx.amount < 0n ? "-" : "+"}${fen(tx.amount)} ${tx.currency}`,
    `Counterparty account: ${tx.counterparty.account ?? ""}`,
    `Serial: ${tx.id}`,
    `Toutfo: ${toutfo(tx)}`,
  ]);
  const out = xmlFields([
    ["AcctNo", acct],
    ["WorkDate", ymd(workDate)],
    ["TranSerialNo", want.TranSerialNo],
    ["FileName", `${ymd(workDate)}_${want.TranSerialNo}.pdf`],
    ["FileType", "PDF"],
    ["FileContent", pdf.toString("base64")],
  ]);
  return { status: "OK", out };
}

/** The TransCodes that must arrive signed (they carry `<SignTime>`, like on a real NC). */
export const SIGNED_TRANSCODES: ReadonlySet<string> = new Set(["PAYENT", "DownEBill"]);
