/**
 * Agricultural Bank of China (中国农业银行) debit card transaction export.
 *
 * @module
 */
import type { MappingProfile } from "../mapping-profile.js";

/** ABC debit card: `yyyyMMdd` dates, `HHmmss` times, signed amounts with `+`, the 日志号 as the bank reference. */
export const abcDebit = {
  id: "abc-debit",
  name: "ABC debit card (交易明细)",
  dates: { formats: ["yyyyMMdd", "yyyy-MM-dd", "yyyy/M/d"], timeFormats: ["HHmmss", "HH:mm:ss"] },
  amounts: { mode: "signed" },
  currency: "CNY",
  account: { scheme: "cn", bankName: "中国农业银行", cnBankCode: "103", name: "借记卡" },
  columns: {
    bookingDate: "交易日期",
    bookingTime: "交易时间",
    amount: "交易金额",
    balance: "本次余额",
    description: "交易摘要",
    counterpartyName: "对手信息",
    bankReference: "日志号",
    remittance: "交易附言",
  },
  bankData: { channel: "交易渠道" },
} as const satisfies MappingProfile;
