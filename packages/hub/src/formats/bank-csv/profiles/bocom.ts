/**
 * Bank of Communications (交通银行): the debit card's export (amount plus a 借/贷 column) and the credit card's,
 * whose only direction is the first word of the description (消费, 退货, 信用卡还款…).
 *
 * @module
 */
import type { MappingProfile } from "../mapping-profile.js";

/** BoCom debit card: unsigned 交易金额 with 借 Dr / 贷 Cr. */
export const bocomDebit = {
  id: "bocom-debit",
  name: "BoCom debit card (交易明细)",
  dates: { formats: ["yyyy-MM-dd", "yyyyMMdd", "yyyy/M/d"] },
  amounts: {
    mode: "direction",
    directions: { "借 Dr": "out", "贷 Cr": "in", 借: "out", 贷: "in", Dr: "out", Cr: "in", D: "out", C: "in" },
  },
  currency: "CNY",
  account: { scheme: "cn", bankName: "交通银行", cnBankCode: "301", name: "借记卡" },
  columns: {
    bookingDate: "交易日期",
    bookingTime: "交易时间",
    amount: "交易金额",
    direction: "借贷",
    balance: "余额",
    transactionType: "交易类型",
    description: "交易类型",
    counterpartyAccount: "对方账号",
    counterpartyName: "对方户名",
    remittance: "摘要",
  },
  bankData: { serialNumber: "序号", place: "交易地点" },
} as const satisfies MappingProfile;

/** BoCom credit card: `CNY 123.18` amounts, sign from the description's first word. */
export const bocomCredit = {
  id: "bocom-credit",
  name: "BoCom credit card (交易明细)",
  description:
    "交通银行信用卡. 记账日期 → booking date, 交易日期 → value date; 入账币种/金额 is the amount, 交易币种/金额 the original when it differs. The sign comes from the first word of 交易说明; an unknown word is reported, never guessed.",
  dates: { formats: ["yyyy-MM-dd", "yyyyMMdd", "yyyy/M/d"] },
  amounts: {
    mode: "direction",
    pattern: "^(?<currency>[A-Z]{3})\\s*(?<amount>[-+]?[\\d,]*\\.?\\d+)$",
    directions: {
      消费: "out",
      取现: "out",
      预借现金: "out",
      手续费: "out",
      年费: "out",
      利息: "out",
      分期: "out",
      退货: "in",
      退款: "in",
      信用卡还款: "in",
      还款: "in",
      返现: "in",
    },
  },
  currency: "CNY",
  account: { scheme: "cn", bankName: "交通银行", cnBankCode: "301", name: "信用卡" },
  columns: {
    bookingDate: "记账日期",
    valueDate: "交易日期",
    amount: "入账币种/金额",
    direction: "交易说明",
    originalAmount: "交易币种/金额",
    description: "交易说明",
  },
} as const satisfies MappingProfile;
