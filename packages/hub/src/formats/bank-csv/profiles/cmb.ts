/**
 * China Merchants Bank (招商银行): the debit card's transaction export and the credit card's statement, whose
 * dates have no year (the statement month in the title gives it).
 *
 * @module
 */
import type { MappingProfile } from "../mapping-profile.js";

/** CMB debit card (一卡通) transactions. */
export const cmbDebit = {
  id: "cmb-debit",
  name: "CMB debit card (交易明细)",
  dates: { formats: ["yyyy-MM-dd", "yyyyMMdd", "yyyy/M/d"] },
  amounts: { mode: "signed" },
  currency: "CNY",
  account: { scheme: "cn", bankName: "招商银行", cnBankCode: "308", name: "一卡通" },
  columns: {
    bookingDate: "记账日期",
    amount: "交易金额",
    currency: "货币",
    balance: "联机余额",
    description: "交易摘要",
    counterpartyName: "对手信息",
    remittance: "客户摘要",
  },
} as const satisfies MappingProfile;

/** CMB credit card statement: purchases positive, repayments negative (inverted), `MM/dd` dates. */
export const cmbCredit = {
  id: "cmb-credit",
  name: "CMB credit card statement (信用卡对账单)",
  description:
    "招商银行信用卡对账单. 记账日 → booking date, 交易日 → value date (empty for repayments); the year comes from the title's 2024年01月.",
  match: { title: ["招商银行信用卡"] },
  title: { period: "(?<year>\\d{4})年(?<month>\\d{1,2})月" },
  dates: { formats: ["MM/dd", "M/d", "yyyy/MM/dd", "yyyy-MM-dd"] },
  amounts: { mode: "signed", invert: true },
  currency: "CNY",
  account: { scheme: "cn", bankName: "招商银行", cnBankCode: "308", name: "信用卡" },
  columns: {
    bookingDate: "记账日",
    valueDate: "交易日",
    amount: "人民币金额",
    description: "交易摘要",
    cardNumber: "卡号末四位",
  },
  bankData: { localAmount: "交易地金额" },
} as const satisfies MappingProfile;
