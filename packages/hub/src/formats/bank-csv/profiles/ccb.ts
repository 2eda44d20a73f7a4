/**
 * China Construction Bank (中国建设银行) debit card transaction export: title lines with the account, then
 * 记账日 (booking) and 交易日期 (the day of the transaction), debit and credit columns, and a closing note.
 *
 * @module
 */
import type { MappingProfile } from "../mapping-profile.js";

/** CCB debit card (活期账户交易明细). */
export const ccbDebit = {
  id: "ccb-debit",
  name: "CCB debit card (账户交易明细)",
  description: "建设银行借记卡交易明细. 记账日 → booking date, 交易日期 → value date, 交易时间 kept in bankData.transactionTime.",
  title: { account: "账\\s*号[:：,\\s]*([^,\\s]+)" },
  skip: { footers: ["以上数据仅供参考", "具体内容请以柜台为准", "^(人民币)?(合计|总计)"] },
  dates: { formats: ["yyyyMMdd", "yyyy-MM-dd", "yyyy/M/d"] },
  amounts: { mode: "debitCredit" },
  currency: "CNY",
  account: { scheme: "cn", bankName: "中国建设银行", cnBankCode: "105", name: "借记卡" },
  columns: {
    bookingDate: "记账日",
    valueDate: "交易日期",
    debit: "支出",
    credit: "收入",
    balance: "账户余额",
    currency: "币种",
    description: "摘要",
    counterpartyAccount: "对方账号",
    counterpartyName: "对方户名",
  },
  bankData: { transactionTime: "交易时间", place: "交易地点" },
} as const satisfies MappingProfile;
