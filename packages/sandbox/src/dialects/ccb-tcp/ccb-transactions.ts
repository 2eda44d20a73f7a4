/**
 * The CCB transactions: 6WY101 (活期账户明细) and 6W0100 (balance). Pure over the given context.
 *
 * @module
 */
import { createHash } from "node:crypto";
import type { IsoDate } from "@bankbridge/hub/core";
import { tryIsoDate } from "@bankbridge/hub/core";
import type { FaultPlan } from "../../faults/fault-types.js";
import type { Ledger, SandboxAccount, SandboxTransaction } from "../../ledger/ledger-types.js";
import { xmlFields } from "../xml-tree.js";
import type { CcbCodeName } from "./ccb-errors.js";
import { childText, padField, type XmlElement } from "./ccb-messages.js";

/** What the transactions need. */
export interface CcbTransactionContext {
  readonly ledger: Ledger;
  readonly faults: FaultPlan;
  /** The accounts of the calling customer. */
  readonly accounts: ReadonlyMap<string, SandboxAccount>;
  readonly today: IsoDate;
  /** Page size when the request gives no `TOTAL_RECORD`. */
  readonly defaultPageSize: number;
  /** Longest 6WY101 range in days, both ends included. */
  readonly maxRangeDays: number;
  /** Counts a read of the page named `key`; returns how many times it was read before. */
  readonly noteRead: (key: string) => number;
}

/** A transaction's answer: the return code and the `TX_INFO` body. */
export interface CcbOutcome {
  readonly status: CcbCodeName;
  readonly txInfo?: string;
}

const CURRENCY: Readonly<Record<string, string>> = { CNY: "01", HKD: "13", USD: "14", EUR: "38" };
const STATE: Readonly<Record<string, string>> = { A: "正常", B: "冻结", C: "销户" };

/** Minor units as CCB writes them: decimal yuan with two places (`1234.50`, `-0.01`). */
export function yuan(amount: bigint): string {
  const neg = amount < 0n;
  const abs = neg ? -amount : amount;
  return `${neg ? "-" : ""}${abs / 100n}.${String(abs % 100n).padStart(2, "0")}`;
}

/** A yuan amount (`12`, `12.5`, `12.50`) in minor units, or `undefined`. */
function parseYuan(text: string): bigint | undefined {
  const m = /^(\d{1,15})(?:\.(\d{1,2}))?$/.exec(text);
  return m ? BigInt(m[1] ?? "0") * 100n + BigInt((m[2] ?? "").padEnd(2, "0")) : undefined;
}

function isoFromYmd(text: string): IsoDate | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  return m ? tryIsoDate(`${m[1]}-${m[2]}-${m[3]}`) : undefined;
}

const slash = (date: string): string => date.replaceAll("-", "/");
const timeOf = (iso: string): string => /T(\d{2}:\d{2}:\d{2})/.exec(iso)?.[1] ?? "00:00:00";
const organOf = (account: SandboxAccount): string => (account.cnapsCode ?? "105000000000").slice(3, 12);

/** The POSTSTR (定位串) for "page `page` starts at record `index`" of one query: opaque, checked on return. */
export function postStrFor(queryKey: string, page: number, index: number, size: number): string {
  const mac = createHash("sha256").update(`${queryKey}|${page}|${index}|${size}`).digest();
  const digits = (mac.readBigUInt64BE(0) % 10n ** 19n).toString().padStart(19, "0");
  return `${digits}${index}+${page}+${size}+`;
}

/** 6WY101 filters that change the result set, as one key (so a POSTSTR only fits the query it came from). */
function queryKeyOf(accNo: string, info: XmlElement | undefined): string {
  return ["STARTDATE", "ENDDATE", "BARGAIN_FLAG", "CHECK_ACC_NO", "CHECK_ACC_NAME", "REMARK", "LOW_AMT", "HIGH_AMT"]
    .map((n) => childText(info, n))
    .concat(accNo)
    .join("|");
}

/**
 * 6WY101 活期账户明细: booked transactions of `ACCNO1` in [`STARTDATE`, `ENDDATE`], `TOTAL_RECORD` a page
 * (default 100, at most 200), by `PAGE` number plus the `POSTSTR` of the previous reply (required from page 2).
 * Page faults (`ccb:6WY101`): records repeated from the previous page, a different page served than asked
 * (the reply's `PAGE` says which), a page that changes between reads (the first record's `MESSAGE` rewritten on a
 * re-read), malformed records (`AMT` unparsable, `TRANDATE` missing).
 */
export function tx6WY101(ctx: CcbTransactionContext, info: XmlElement | undefined): CcbOutcome {
  const accNo = childText(info, "ACCNO1");
  const account = ctx.accounts.get(accNo);
  if (!account) return { status: "ACCOUNT_UNKNOWN" };
  const start = isoFromYmd(childText(info, "STARTDATE"));
  const end = isoFromYmd(childText(info, "ENDDATE"));
  if (!start || !end || start > end || end > ctx.today) return { status: "DATE_INVALID" };
  const span = Math.round((Date.parse(`${end}T00:00:00Z`) - Date.parse(`${start}T00:00:00Z`)) / 86_400_000) + 1;
  if (span > ctx.maxRangeDays) return { status: "DATE_RANGE_TOO_LONG" };
  const pageText = childText(info, "PAGE") || "1";
  const sizeText = childText(info, "TOTAL_RECORD");
  if (!/^[1-9]\d{0,5}$/.test(pageText) || (sizeText !== "" && !/^[1-9]\d{0,3}$/.test(sizeText))) return { status: "FIELD_INVALID" };
  const requested = Number(pageText);
  const size = Math.min(200, sizeText === "" ? ctx.defaultPageSize : Number(sizeText));
  const flag = childText(info, "BARGAIN_FLAG");
  const low = childText(info, "LOW_AMT") === "" ? undefined : parseYuan(childText(info, "LOW_AMT"));
  const high = childText(info, "HIGH_AMT") === "" ? undefined : parseYuan(childText(info, "HIGH_AMT"));
  if ((childText(info, "LOW_AMT") !== "" && low === undefined) || (childText(info, "HIGH_AMT") !== "" && high === undefined)) {
    return { status: "FIELD_INVALID" };
  }
  const checkAcc = childText(info, "CHECK_ACC_NO");
  const checkName = childText(info, "CHECK_ACC_NAME");
  const remark = childText(info, "REMARK");
  const all = ctx.ledger.transactions(accNo, { from: start, to: end, status: "booked" }).filter((tx) => {
    const abs = tx.amount < 0n ? -tx.amount : tx.amount;
    return (
      (flag === "" || flag === (tx.amount < 0n ? "0" : "1")) &&
      (low === undefined || abs >= low) &&
      (high === undefined || abs <= high) &&
      (checkAcc === "" || tx.counterparty.account === checkAcc) &&
      (checkName === "" || tx.counterparty.name.includes(checkName)) &&
      (remark === "" || `${tx.summary}${tx.remittance ?? ""}`.includes(remark))
    );
  });
  if (all.length === 0) return { status: "NO_RECORDS" };
  const totalPages = Math.ceil(all.length / size);
  if (requested > totalPages) return { status: "PAGE_OUT_OF_RANGE" };
  const key = queryKeyOf(accNo, info);
  if (requested > 1 && childText(info, "POSTSTR") !== postStrFor(key, requested, (requested - 1) * size, size)) {
    return { status: "POSTSTR_INVALID" };
  }
  const faults = ctx.faults.pageFaults("ccb:6WY101", requested - 1, Math.min(size, all.length - (requested - 1) * size));
  // An out-of-order fault serves a neighbouring page; its PAGE says so, and the client must ask again.
  const served = faults.outOfOrder && totalPages > 1 ? (requested < totalPages ? requested + 1 : requested - 1) : requested;
  const first = (served - 1) * size;
  const page = all.slice(first, first + size);
  const repeated = faults.duplicateFromPrevious > 0 ? all.slice(Math.max(0, first - faults.duplicateFromPrevious), first) : [];
  const malformed = new Set(faults.malformedRecords.map((i) => i + repeated.length));
  const more = served < totalPages;
  // A page that changes between reads: on a re-read, the page's first record comes back with its 摘要 rewritten.
  const reread = ctx.noteRead(`${key}|${size}|${served}`) > 0 && faults.changesBetweenReads;
  const firstServed = first - repeated.length;
  let details = "";
  [...repeated, ...page].forEach((tx, i) => {
    const changed = reread && i === repeated.length ? { ...tx, summary: `${tx.summary}（更正）` } : tx;
    details += detailInfo(changed, firstServed + i + 1, malformed.has(i));
  });
  const txInfo =
    xmlFields([
      ["ACCNO1", accNo],
      ["CURR_COD", CURRENCY[account.currency] ?? "01"],
      ["ACC_NAME", padField(account.holderName, 60)],
      ["ACC_ORGAN", organOf(account)],
      ["ACC_STATE", STATE[account.status] ?? "正常"],
      ["TOTAL_PAGE", String(totalPages)],
      ["TOTAL_COUNT", String(all.length)],
      ["PAGE", String(served)],
      ["POSTSTR", more ? postStrFor(key, served + 1, served * size, size) : ""],
      // FLAG 1: more pages follow; 0: this is the last page.
      ["FLAG", more ? "1" : "0"],
    ]) + `<DETAILLIST>${details}</DETAILLIST>`;
  return { status: "OK", txInfo };
}

/** One DETAILINFO, with the host's fixed-width text fields padded with trailing spaces. */
function detailInfo(tx: SandboxTransaction, detNo: number, malformed: boolean): string {
  const debit = tx.amount < 0n;
  return `<DETAILINFO>${xmlFields([
    ["TRANDATE", malformed ? undefined : slash(tx.bookingDate)],
    ["TRANTIME", timeOf(tx.bookedAt)],
    ["CRE_TYP", padField(debit ? "单位人民币结算业务凭证" : "电子汇划收款", 30)],
    ["CRE_NO", padField(tx.proprietaryCode + tx.id.slice(-10), 20)],
    ["MESSAGE", padField(tx.summary, 60)],
    ["AMT", malformed ? `${yuan(debit ? -tx.amount : tx.amount)}.0.0` : yuan(debit ? -tx.amount : tx.amount)],
    ["AMT1", yuan(tx.balanceAfter)],
    // FLAG1 0: debit (支出), 1: credit (收入).
    ["FLAG1", debit ? "0" : "1"],
    ["ACCNO2", padField(tx.counterparty.account ?? "", 32)],
    ["ACC_NAME1", padField(tx.counterparty.name, 60)],
    ["FLAG2", "0"],
    ["TRAN_FLOW", padField(tx.id, 20)],
    ["BFLOW", tx.reversalOf ?? ""],
    ["DET_NO", String(detNo)],
    ["DET", padField(tx.remittance ?? tx.purpose ?? "", 60)],
    ["REAL_TRANDATE", slash(tx.valueDate)],
  ])}</DETAILINFO>`;
}

/**
 * 6W0100 balance. The transaction code and its fields are NOT confirmed from a public source (banks.md §4.4):
 * request `ACC_NO`; reply `ACC_NO ACC_NAME CURR_COD ACC_STATE BALANCE(联机余额) USABLE_BALANCE FROZEN_BALANCE
 * YESTERDAY_BALANCE`, decimal yuan.
 */
export function tx6W0100(ctx: CcbTransactionContext, info: XmlElement | undefined): CcbOutcome {
  const accNo = childText(info, "ACC_NO") || childText(info, "ACCNO1");
  const account = ctx.accounts.get(accNo);
  if (!account) return { status: "ACCOUNT_UNKNOWN" };
  const b = ctx.ledger.balances(accNo);
  return {
    status: "OK",
    txInfo: xmlFields([
      ["ACC_NO", accNo],
      ["ACC_NAME", padField(account.holderName, 60)],
      ["CURR_COD", CURRENCY[account.currency] ?? "01"],
      ["ACC_STATE", STATE[account.status] ?? "正常"],
      ["BALANCE", yuan(b.online)],
      ["USABLE_BALANCE", yuan(b.available)],
      ["FROZEN_BALANCE", yuan(b.frozen)],
      ["YESTERDAY_BALANCE", yuan(b.previousDay)],
    ]),
  };
}
