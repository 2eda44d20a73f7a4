/**
 * China CITIC Bank (中信银行) credit card statement, an .xls export read through `formats/excel`.
 *
 * @module
 */
import type { MappingProfile } from "../mapping-profile.js";

/** CITIC credit card (本期账单明细): purchases positive (inverted); 结算金额 booked, 交易金额 the original. */
export const citicCredit = {
  id: "citic-credit",
  name: "CITIC credit card statement (本期账单明细)",
  description: "中信银行信用卡账单 (.xls). 入账日期 → booking date, 交易日期 → value date.",
  dates: { formats: ["yyyy-MM-dd", "yyyy-MM-dd HH:mm:ss", "yyyyMMdd", "yyyy/M/d"] },
  amounts: { mode: "signed", invert: true },
  currency: "CNY",
  account: { scheme: "cn", bankName: "中信银行", cnBankCode: "302", name: "信用卡" },
  columns: {
    bookingDate: "入账日期",
    valueDate: "交易日期",
    amount: "结算金额",
    currency: "结算币种",
    originalAmount: "交易金额",
    originalCurrency: "交易币种",
    description: "交易描述",
    cardNumber: "卡末四位",
  },
} as const satisfies MappingProfile;
