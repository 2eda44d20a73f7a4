/**
 * Bank of China (中国银行): the debit card's 交易流水明细单 and the credit card's monthly statement.
 *
 * @module
 */
import type { MappingProfile } from "../mapping-profile.js";

/** BOC debit card (交易流水明细单): signed amounts, newest first, the card's last digits on every row. */
export const bocDebit = {
  id: "boc-debit",
  name: "BOC debit card (交易流水明细单)",
  match: { title: ["中国银行"] },
  dates: { formats: ["yyyy-MM-dd", "yyyyMMdd", "yyyy/M/d"] },
  amounts: { mode: "signed" },
  currency: "CNY",
  account: { scheme: "cn", bankName: "中国银行", cnBankCode: "104", name: "借记卡" },
  columns: {
    bookingDate: "记账日期",
    bookingTime: "记账时间",
    amount: "金额",
    currency: "币别",
    balance: "余额",
    description: "交易名称",
    remittance: "附言",
    counterpartyName: "对方账户名",
    counterpartyAccount: "对方卡号/账号",
    counterpartyBankName: "对方开户行",
    account: "借记卡号",
  },
  bankData: { channel: "渠道", branch: "网点名称" },
} as const satisfies MappingProfile;

/** BOC credit card statement: 存入 and 支出 columns, one currency per row (one statement per currency). */
export const bocCredit = {
  id: "boc-credit",
  name: "BOC credit card statement (信用卡账单)",
  description: "中国银行信用卡账单. 银行记账日 → booking date, 交易日 → value date.",
  match: { title: ["中国银行信用卡"] },
  dates: { formats: ["yyyy-MM-dd", "yyyyMMdd", "yyyy/M/d"] },
  amounts: { mode: "debitCredit" },
  currency: "CNY",
  account: { scheme: "cn", bankName: "中国银行", cnBankCode: "104", name: "信用卡" },
  columns: {
    bookingDate: "银行记账日",
    valueDate: "交易日",
    debit: "支出",
    credit: "存入",
    currency: "币种",
    description: "交易描述",
    cardNumber: "卡号后四位",
  },
} as const satisfies MappingProfile;
