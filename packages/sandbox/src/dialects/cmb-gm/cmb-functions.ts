/**
 * The business functions (FUNCODEs) of the CMB-like gateway: each takes the decrypted, verified
 * `request.body` and answers a `response.body` plus an envelope result code. They read the ledger and the
 * payment engine and never throw for bad input: a malformed body gets `DCR0001` (or the payment codes).
 *
 * @module
 */
import type { IsoDate } from "@bankbridge/hub/core";
import type { SimClock } from "../../clock/sim-clock.js";
import type { FaultPlan } from "../../faults/fault-types.js";
import type { Ledger, SandboxAccount, SandboxTransaction, SandboxTransactionKind } from "../../ledger/ledger-types.js";
import type { PaymentEngine, PaymentRecord, SubmitOutcome } from "../../payments/payment-types.js";
import { CMB_CODES, CMB_SUCCESS, type CmbErrorCode } from "./cmb-codes.js";
import {
  bankDateTime,
  cmbCurrencyNumber,
  compactDate,
  compactTime,
  daysInclusive,
  isoCurrencyOf,
  parseCompactDate,
  parseDashedDate,
  parseYuan,
  yuan,
} from "./cmb-format.js";
import { RECEIPT_URL_VALIDITY_MS, type ReceiptTasks, receiptIds, receiptLines, receiptPdf } from "./cmb-receipts.js";
import type { JsonValue } from "./cmb-signature.js";
import { renderPdf } from "./receipt-pdf.js";

/** What the functions work with. */
export interface CmbFunctionContext {
  readonly ledger: Ledger;
  readonly payments: PaymentEngine;
  readonly clock: SimClock;
  readonly faults: FaultPlan;
  /** Accounts this client may use (the cmb bank's). */
  readonly accounts: ReadonlyMap<string, SandboxAccount>;
  readonly offsetMinutes: number;
  /** DCTRSINF records per reply. */
  readonly pageSize: number;
  readonly tasks: ReceiptTasks;
  /** Where task files are served: `http://host:port/cdcserver/file/` (token appended). */
  readonly fileBaseUrl: () => string;
  /** Reads of each DCTRSINF page so far, for "changes between reads". */
  readonly pageReads: Map<string, number>;
}

/** A function's answer. */
export interface CmbReply {
  readonly code: typeof CMB_SUCCESS | CmbErrorCode;
  /** Overrides the code's standard message. */
  readonly message?: string;
  /** CMB's business code of the function (N01010 queries, N02030 payments). */
  readonly bizcode: string;
  readonly body: { readonly [key: string]: JsonValue };
}

/** One FUNCODE. */
export type CmbFunction = (body: Readonly<Record<string, unknown>>, ctx: CmbFunctionContext) => CmbReply;

const QUERY = "N01010";
const PAY = "N02030";

const fail = (code: CmbErrorCode, bizcode: string, message?: string): CmbReply => ({
  code,
  bizcode,
  body: {},
  ...(message !== undefined ? { message } : {}),
});

/** The rows of a `…x`/`…x1` input block: an array of objects (a single object is accepted as one row). */
function rows(value: unknown): Record<string, unknown>[] | undefined {
  if (Array.isArray(value))
    return value.every((r) => r !== null && typeof r === "object") ? (value as Record<string, unknown>[]) : undefined;
  if (value !== null && typeof value === "object") return [value as Record<string, unknown>];
  return undefined;
}

const str = (v: unknown): string => (typeof v === "string" ? v : typeof v === "number" ? String(v) : "");

/** CMB's 分行号: the first two digits of the account number (75 Shenzhen, 10 Beijing, 21 Shanghai…). */
const branchOf = (account: SandboxAccount): string => account.id.slice(0, 2);

const BUSINESS_NAMES: Readonly<Record<SandboxTransactionKind, string>> = {
  customerReceipt: "汇入汇款",
  supplierPayment: "企业银行支付",
  payroll: "代发工资",
  bankFee: "收费",
  tax: "代缴税费",
  fxConversion: "结售汇",
  interest: "结息",
  reversal: "冲账",
  cardAuthorisation: "预授权",
  cardSettlement: "公务卡消费",
  internalTransfer: "内部转账",
  outgoingPayment: "企业银行支付",
  paymentReturn: "退票",
};

/** `NTQADINF` 批量余额: one row per requested account, each with its own errcod. */
const balances: CmbFunction = (body, ctx) => {
  const input = rows(body.ntqadinfx);
  if (input === undefined || input.length === 0 || input.length > 50) return fail("DCR0001", QUERY, "ntqadinfx须为1至50个账号");
  const out = input.map((row): { [key: string]: JsonValue } => {
    const accnbr = str(row.accnbr);
    const account = ctx.accounts.get(accnbr);
    if (account === undefined) return { accnbr, bbknbr: str(row.bbknbr), errcod: "DCR0003", errtxt: CMB_CODES.DCR0003 };
    const b = ctx.ledger.balances(account.id);
    return {
      accnbr,
      bbknbr: branchOf(account),
      ccynbr: cmbCurrencyNumber(account.currency),
      accitm: account.product,
      accnam: account.holderName,
      accblv: yuan(b.previousDay),
      onlblv: yuan(b.online),
      hldblv: yuan(b.frozen),
      avlblv: yuan(b.available),
      lmtovr: yuan(b.creditLine),
      stscod: account.status,
      intcod: "S",
      intrat: "0.2000000",
      opndat: compactDate(account.openedOn),
      errcod: CMB_SUCCESS,
      errtxt: "",
    };
  });
  return { code: CMB_SUCCESS, bizcode: QUERY, body: { ntqadinfz: out } };
};

/** `NTQABINF` 历史余额: end-of-day booked balance for each day of a range of at most 31 days. */
const historyBalances: CmbFunction = (body, ctx) => {
  const input = rows(body.ntqabinfx);
  if (input === undefined || input.length !== 1) return fail("DCR0001", QUERY, "ntqabinfx须为一个账号");
  const row = input[0] as Record<string, unknown>;
  const account = ctx.accounts.get(str(row.accnbr));
  if (account === undefined) return fail("DCR0003", QUERY);
  const from = parseCompactDate(row.bgndat);
  const to = parseCompactDate(row.enddat);
  if (from === undefined || to === undefined || to < from) return fail("DCR0001", QUERY, "bgndat/enddat须为yyyyMMdd且起始日不晚于终止日");
  if (daysInclusive(from, to) > 31) return fail("DCR0002", QUERY);
  const today = ctx.ledger.today(account.bankId);
  if (from > today) return fail("DCR0007", QUERY);
  // ISO dates compare as strings: the later of two is the greater.
  const [, start] = [from, account.openedOn].sort() as [IsoDate, IsoDate];
  const [end] = [to, today].sort() as [IsoDate, IsoDate];
  const days = start <= end ? ctx.ledger.dailyBalances(account.id, start, end) : [];
  return {
    code: CMB_SUCCESS,
    bizcode: QUERY,
    body: {
      ntqabinfz: days.map((d) => ({
        accnbr: account.id,
        bbknbr: branchOf(account),
        trsdat: compactDate(d.date),
        balamt: yuan(d.closingBooked),
      })),
    },
  };
};

function transactionRow(ctx: CmbFunctionContext, account: SandboxAccount, tx: SandboxTransaction): { [key: string]: JsonValue } {
  const cp = tx.counterparty;
  const payment = tx.clientReference !== undefined ? ctx.payments.find(account.id, tx.clientReference) : undefined;
  return {
    etydat: compactDate(tx.bookingDate),
    etytim: compactTime(tx.bookedAt),
    vltdat: compactDate(tx.valueDate),
    trscod: tx.proprietaryCode,
    naryur: tx.summary,
    // Signed, as CMB's classic TRSAMT; amtcdr repeats the direction.
    trsamt: yuan(tx.amount),
    amtcdr: tx.amount < 0n ? "D" : "C",
    trsblv: yuan(tx.balanceAfter),
    refnbr: tx.id,
    reqnbr: payment?.requestNumber ?? "",
    busnam: BUSINESS_NAMES[tx.kind],
    nusage: tx.purpose ?? "",
    yurref: tx.clientReference ?? "",
    busnar: tx.remittance ?? "",
    otrnar: "",
    rpybbk: "",
    rpynam: cp.name,
    rpyacc: cp.account ?? "",
    rpybbn: cp.bankCode ?? "",
    rpybnk: cp.bankName ?? "",
    rpyadr: "",
    gsbbbk: "",
    gsbacc: "",
    gsbnam: "",
    infflg: "",
    athflg: "N",
    chknbr: "",
    rsvflg: tx.reversalOf !== undefined ? "*" : "",
    narext: tx.remittance ?? "",
    trsanl: "",
    refsub: "",
    frmcod: "",
    trsseq: String(tx.daySequence),
  };
}

/**
 * `DCTRSINF` 交易明细 of one account and day, from sequence `trsseq` (inclusive; 0 or empty = from the
 * start), at most `pageSize` records. `ntrbptrsz1.trsseq` is the last sequence returned; `cotflg` Y when
 * more follow. Page faults reshape the page (see the module doc of index.ts).
 */
const transactions: CmbFunction = (body, ctx) => {
  const account = ctx.accounts.get(str(body.accnbr));
  if (account === undefined) return fail("DCR0003", QUERY);
  const date = parseCompactDate(body.trsdat);
  if (date === undefined) return fail("DCR0001", QUERY, "trsdat须为yyyyMMdd");
  if (date > ctx.ledger.today(account.bankId)) return fail("DCR0007", QUERY);
  const seqText = str(body.trsseq).trim();
  if (!/^\d{0,9}$/.test(seqText)) return fail("DCR0001", QUERY, "trsseq须为数字");
  const start = Math.max(Number(seqText || "0"), 1);
  const day = ctx.ledger.transactions(account.id, { from: date, to: date, status: "booked" });
  const rest = day.filter((t) => t.daySequence >= start);
  const pageIndex = Math.floor((start - 1) / ctx.pageSize);
  let page = rest.slice(0, ctx.pageSize);
  const more = rest.length > page.length;
  const faults = ctx.faults.pageFaults("cmb:DCTRSINF", pageIndex, page.length);

  const readKey = `${account.id}|${date}|${start}`;
  const reads = (ctx.pageReads.get(readKey) ?? 0) + 1;
  ctx.pageReads.set(readKey, reads);
  let cotflg = more;
  // The first read of a changing page misses its last record (it was still being booked); the reply's
  // trsseq and cotflg are consistent with what was sent, so a client resuming from it loses nothing.
  if (faults.changesBetweenReads && reads === 1 && page.length > 1) {
    page = page.slice(0, -1);
    cotflg = true;
  }
  const lastSeq = page.length > 0 ? (page[page.length - 1] as SandboxTransaction).daySequence : start - 1;
  let debits = 0;
  let credits = 0;
  let debitSum = 0n;
  let creditSum = 0n;
  for (const t of page) {
    if (t.amount < 0n) {
      debits++;
      debitSum -= t.amount;
    } else {
      credits++;
      creditSum += t.amount;
    }
  }
  let records = page.map((t) => transactionRow(ctx, account, t));
  for (const i of faults.malformedRecords) {
    const r = records[i];
    if (r !== undefined) records[i] = { ...r, trsamt: "*.**", etydat: "" };
  }
  if (faults.duplicateFromPrevious > 0 && start > 1) {
    const before = day.filter((t) => t.daySequence < start).slice(-faults.duplicateFromPrevious);
    records = [...before.map((t) => transactionRow(ctx, account, t)), ...records];
  }
  if (faults.outOfOrder) records.reverse();
  return {
    code: CMB_SUCCESS,
    bizcode: QUERY,
    body: {
      ntrbptrsz1: [
        {
          cotflg: cotflg ? "Y" : "N",
          trsseq: String(Math.max(lastSeq, 0)),
          dbtnbr: String(debits),
          dbtamt: yuan(debitSum),
          crtnbr: String(credits),
          crtamt: yuan(creditSum),
        },
      ],
      ntqactrsz2: records,
    },
  };
};

const REFUSAL_CODES: Readonly<Record<NonNullable<SubmitOutcome["refusal"]>["code"], CmbErrorCode>> = {
  ACCOUNT_UNKNOWN: "BB10001",
  ACCOUNT_FROZEN: "BB10002",
  INSUFFICIENT_FUNDS: "BB10003",
  CURRENCY_MISMATCH: "BB10004",
  AMOUNT_INVALID: "BB10005",
};

const payRow = (
  code: typeof CMB_SUCCESS | CmbErrorCode,
  text: string,
  yurRef: string,
  p?: PaymentRecord,
): { [key: string]: JsonValue } => ({
  errCod: code,
  errTxt: text,
  yurRef,
  reqNbr: p?.requestNumber ?? "",
  reqSts: p?.state ?? "",
  rtnFlg: p?.result ?? "",
  evtIst: "",
  oprSqn: "",
});

/** `BB1PAYOP` 单笔支付 (busCod N02030), idempotent on `yurRef`; the per-record `errCod` carries refusals. */
const pay: CmbFunction = (body, ctx) => {
  const mode = rows(body.bb1paybmx1)?.[0];
  const input = rows(body.bb1payopx1);
  if (mode === undefined || input === undefined || input.length !== 1) return fail("DCR0001", PAY, "须有bb1paybmx1及一笔bb1payopx1");
  const row = input[0] as Record<string, unknown>;
  const yurRef = str(row.yurRef);
  const one = (code: CmbErrorCode, text?: string): CmbReply => ({
    code: CMB_SUCCESS,
    bizcode: PAY,
    body: { bb1payopz1: [payRow(code, text ?? CMB_CODES[code], yurRef)] },
  });
  if (str(mode.busCod) !== PAY) return one("BB10006", "业务类型busCod须为N02030");
  for (const field of ["dbtAcc", "crtAcc", "crtNam", "trsAmt", "ccyNbr", "nusAge", "yurRef"] as const)
    if (str(row[field]).trim() === "") return one("BB10006", `${CMB_CODES.BB10006}：缺少${field}`);
  if (yurRef.length > 30) return one("BB10006", "业务参考号yurRef不能超过30位");
  const debtor = ctx.accounts.get(str(row.dbtAcc));
  if (debtor === undefined) return one("BB10001");
  const amount = parseYuan(row.trsAmt);
  if (amount === undefined || amount <= 0n) return one("BB10005");
  const currency = isoCurrencyOf(str(row.ccyNbr));
  if (currency === undefined) return one("BB10004");
  const inBank = str(row.bnkFlg) === "Y";
  const outcome = ctx.payments.submit({
    debtorAccountId: debtor.id,
    clientReference: yurRef,
    amount,
    currency,
    creditor: {
      name: str(row.crtNam),
      account: str(row.crtAcc),
      ...(str(row.brdNbr) !== "" ? { bankCode: str(row.brdNbr) } : inBank ? { bankCode: "308" } : {}),
      ...(str(row.crtBnk) !== "" ? { bankName: str(row.crtBnk) } : inBank ? { bankName: "招商银行" } : {}),
    },
    purpose: str(row.nusAge),
    ...(str(row.busNar) !== "" ? { remittance: str(row.busNar) } : {}),
    ...(str(row.stlChn) !== "" ? { channel: str(row.stlChn) } : {}),
  });
  if (outcome.refusal !== undefined) {
    const code = REFUSAL_CODES[outcome.refusal.code];
    return { code: CMB_SUCCESS, bizcode: PAY, body: { bb1payopz1: [payRow(code, outcome.refusal.message, yurRef)] } };
  }
  const text = outcome.duplicate ? "业务参考号重复，返回原业务" : "";
  return { code: CMB_SUCCESS, bizcode: PAY, body: { bb1payopz1: [payRow(CMB_SUCCESS, text, yurRef, outcome.payment)] } };
};

/** `BB1PAYQR` 支付结果查询 by `yurRef` over this client's accounts. */
const payStatus: CmbFunction = (body, ctx) => {
  const input = rows(body.bb1payqrx1);
  if (input === undefined || input.length !== 1) return fail("DCR0001", PAY, "bb1payqrx1须为一笔");
  const yurRef = str((input[0] as Record<string, unknown>).yurRef);
  if (yurRef === "") return fail("DCR0001", PAY, "缺少yurRef");
  const found: PaymentRecord[] = [];
  for (const id of ctx.accounts.keys()) {
    const p = ctx.payments.find(id, yurRef);
    if (p !== undefined) found.push(p);
  }
  if (found.length === 0) return fail("BB10007", PAY);
  return {
    code: CMB_SUCCESS,
    bizcode: PAY,
    body: {
      bb1payqrz1: found.map((p) => {
        const i = p.instruction;
        const debtor = ctx.accounts.get(i.debtorAccountId);
        return {
          reqNbr: p.requestNumber,
          busCod: PAY,
          busMod: "S0000",
          dbtAcc: i.debtorAccountId,
          dbtNam: debtor?.holderName ?? "",
          crtAcc: i.creditor.account ?? "",
          crtNam: i.creditor.name,
          crtBnk: i.creditor.bankName ?? "",
          trsAmt: yuan(i.amount),
          ccyNbr: cmbCurrencyNumber(i.currency),
          yurRef: i.clientReference,
          nusAge: i.purpose,
          stlChn: i.channel ?? "",
          reqSts: p.state,
          rtnFlg: p.result ?? "",
          rtnNar: p.reason ?? "",
          oprDat: compactDate(p.submittedAt.slice(0, 10) as IsoDate),
        };
      }),
    },
  };
};

/** `DCSIGREC` 单笔回单: the PDF of the transaction with day sequence `trsseq` on `quedat`. */
const receipt: CmbFunction = (body, ctx) => {
  const account = ctx.accounts.get(str(body.eacnbr));
  if (account === undefined) return fail("DCR0003", QUERY);
  const date = parseDashedDate(body.quedat);
  const seq = Number(str(body.trsseq));
  if (date === undefined || !Number.isInteger(seq) || seq < 1) return fail("DCR0001", QUERY, "quedat须为yyyy-MM-dd，trsseq须为正整数");
  const primod = str(body.primod) || "PDF";
  if (primod !== "PDF") return fail("DCR0006", QUERY);
  const tx = ctx.ledger.transactions(account.id, { from: date, to: date, status: "booked" }).find((t) => t.daySequence === seq);
  if (tx === undefined) return fail("DCR0004", QUERY);
  const { istnbr, checod } = receiptIds(tx);
  return { code: CMB_SUCCESS, bizcode: QUERY, body: { fildat: receiptPdf(account, tx).toString("base64"), checod, istnbr } };
};

const TASK_RECEIPTS = 50;

/** `ASYCALHD` 批量回单: a task over a date range (≤ 31 days), 50 receipts per task, continued by `ctnkeyz2`. */
const receiptBatch: CmbFunction = (body, ctx) => {
  const account = ctx.accounts.get(str(body.eacnbr));
  if (account === undefined) return fail("DCR0003", QUERY);
  const from = parseDashedDate(body.begdat);
  const to = parseDashedDate(body.enddat);
  if (from === undefined || to === undefined || to < from) return fail("DCR0001", QUERY, "begdat/enddat须为yyyy-MM-dd");
  if (daysInclusive(from, to) > 31) return fail("DCR0002", QUERY);
  if ((str(body.primod) || "PDF") !== "PDF") return fail("DCR0006", QUERY);
  const low = str(body.begamt) === "" ? undefined : parseYuan(body.begamt);
  const high = str(body.endamt) === "" ? undefined : parseYuan(body.endamt);
  const ctnkey = str(rows(body.ctnkeyz2)?.[0]?.ctnkey);
  const skip = /^\d+$/.test(ctnkey) ? Number(ctnkey) : 0;
  const all = ctx.ledger.transactions(account.id, { from, to, status: "booked" }).filter((t) => {
    const abs = t.amount < 0n ? -t.amount : t.amount;
    return (low === undefined || abs >= low) && (high === undefined || abs <= high);
  });
  const chosen = all.slice(skip, skip + TASK_RECEIPTS);
  if (chosen.length === 0) return fail("DCR0004", QUERY);
  const file = renderPdf(
    chosen.map((t) => receiptLines(account, t)),
    `CMB receipts ${account.id} ${from}..${to}`,
  );
  const task = ctx.tasks.create(ctx.clock.now(), file);
  const next = skip + chosen.length;
  return {
    code: CMB_SUCCESS,
    bizcode: QUERY,
    body: { rtndat: task.id, ctnkeyz2: next < all.length ? [{ ctnkey: String(next) }] : [] },
  };
};

/** `DCTASKID`: the file URL of a finished task (empty `fileurl` while it runs), valid for 3 days. */
const taskResult: CmbFunction = (body, ctx) => {
  const task = ctx.tasks.byId(str(body.taskid));
  if (task === undefined) return fail("DCR0005", QUERY);
  if (ctx.clock.now() < task.readyAtMs) return { code: CMB_SUCCESS, bizcode: QUERY, body: { fileurl: "", fintim: "", tsksts: "P" } };
  return {
    code: CMB_SUCCESS,
    bizcode: QUERY,
    body: {
      fileurl: `${ctx.fileBaseUrl()}${task.token}`,
      fintim: bankDateTime(task.readyAtMs, ctx.offsetMinutes),
      expdat: bankDateTime(task.readyAtMs + RECEIPT_URL_VALIDITY_MS, ctx.offsetMinutes),
      tsksts: "F",
    },
  };
};

/** Every FUNCODE the gateway serves. */
export const CMB_FUNCTIONS: Readonly<Record<string, CmbFunction>> = {
  NTQADINF: balances,
  NTQABINF: historyBalances,
  DCTRSINF: transactions,
  BB1PAYOP: pay,
  BB1PAYQR: payStatus,
  DCSIGREC: receipt,
  ASYCALHD: receiptBatch,
  DCTASKID: taskResult,
};
