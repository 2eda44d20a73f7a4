/**
 * ICBC (中国工商银行) 网银 exports: the debit card's 明细查询文件下载 in its two versions and the credit card's.
 * ICBC pads every cell with spaces and a tab, puts the card number in a title line, writes `-` for empty
 * amounts and ends the table with 合计 rows.
 *
 * @module
 */
import type { MappingProfile } from "../mapping-profile.js";

const title = { account: '卡号[:：]\\s*([^,\\s"]+)' };
const account = { scheme: "cn", bankName: "中国工商银行", cnBankCode: "102" } as const;
const dates = { formats: ["yyyy-MM-dd", "yyyyMMdd", "yyyy/M/d"] };

/** ICBC debit card, first layout (13 columns, no 交易详情 and 对方账户). */
export const icbcDebitV1 = {
  id: "icbc-debit-v1",
  name: "ICBC debit card (明细查询, v1)",
  description:
    "工商银行借记卡明细. Amounts from 记账金额 (the 交易金额 columns are empty in these exports); 余额 often masked, then not used.",
  match: { title: ["明细查询文件下载", "卡号"] },
  title,
  dates,
  amounts: { mode: "debitCredit" },
  currency: "CNY",
  account: { ...account, name: "借记卡" },
  columns: {
    bookingDate: "交易日期",
    debit: "记账金额(支出)",
    credit: "记账金额(收入)",
    currency: "记账币种",
    balance: "余额",
    counterpartyName: "对方户名",
    description: "摘要",
  },
  bankData: { place: "交易场所", country: "交易国家或地区简称", cashOrRemittance: "钞/汇" },
} as const satisfies MappingProfile;

/** ICBC debit card, second layout (adds 交易详情 and 对方账户). */
export const icbcDebitV2 = {
  ...icbcDebitV1,
  id: "icbc-debit-v2",
  name: "ICBC debit card (明细查询, v2)",
  columns: { ...icbcDebitV1.columns, remittance: "交易详情", counterpartyAccount: "对方账户" },
} as const satisfies MappingProfile;

/** ICBC credit card: 交易日期 is the purchase day (→ value date), 记账日期 the booking. */
export const icbcCredit = {
  id: "icbc-credit",
  name: "ICBC credit card (明细查询)",
  description:
    "工商银行信用卡明细. 记账日期 → booking date, 交易日期 → value date, 交易场所 (the merchant) stands in for an empty 对方户名.",
  match: { title: ["明细查询文件下载", "卡号"] },
  title,
  dates,
  amounts: { mode: "debitCredit" },
  currency: "CNY",
  account: { ...account, name: "信用卡" },
  columns: {
    bookingDate: "记账日期",
    valueDate: "交易日期",
    debit: "记账金额(支出)",
    credit: "记账金额(收入)",
    currency: "记账币种",
    balance: "余额",
    counterpartyName: { first: ["对方户名", "交易场所"] },
    description: "摘要",
  },
  bankData: {
    place: "交易场所",
    country: "交易国家或地区简称",
    transactionAmountIn: "交易金额(收入)",
    transactionAmountOut: "交易金额(支出)",
    transactionCurrency: "交易币种",
  },
} as const satisfies MappingProfile;
