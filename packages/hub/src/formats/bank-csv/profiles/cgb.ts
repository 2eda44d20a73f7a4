/**
 * China Guangfa Bank (广发银行) credit card transactions.
 *
 * @module
 */
import type { MappingProfile } from "../mapping-profile.js";

/** CGB credit card: purchases positive (inverted), the transaction amount beside the booked one. */
export const cgbCredit = {
  id: "cgb-credit",
  name: "CGB credit card (交易明细)",
  description:
    "广发银行信用卡. 入账日期 → booking date, 交易日期 → value date, 入账金额 the amount, 交易金额 the original when it differs.",
  dates: { formats: ["yyyy/MM/dd", "yyyy-MM-dd", "yyyyMMdd"] },
  amounts: { mode: "signed", invert: true },
  currency: "CNY",
  account: { scheme: "cn", bankName: "广发银行", cnBankCode: "306", name: "信用卡" },
  columns: {
    bookingDate: "入账日期",
    valueDate: "交易日期",
    amount: "入账金额",
    currency: "入账货币",
    originalAmount: "交易金额",
    originalCurrency: "交易货币",
    description: "交易摘要",
  },
} as const satisfies MappingProfile;
