/**
 * Shanghai Pudong Development Bank (浦发银行) debit card transactions, an .xls export read through
 * `formats/excel`: the account number in the title rows, date and time in one cell.
 *
 * @module
 */
import type { MappingProfile } from "../mapping-profile.js";

/** SPDB debit card (交易明细). */
export const spdbDebit = {
  id: "spdb-debit",
  name: "SPDB debit card (交易明细)",
  title: { account: "账号[,:：\\s]*(\\d{6,})" },
  dates: { formats: ["yyyy/MM/dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss", "yyyy/MM/dd", "yyyy-MM-dd", "yyyyMMdd"] },
  amounts: { mode: "debitCredit" },
  currency: "CNY",
  account: { scheme: "cn", bankName: "上海浦东发展银行", cnBankCode: "310", name: "借记卡" },
  columns: {
    bookingDate: "交易日期",
    debit: "取出金额",
    credit: "存入金额",
    balance: "余额",
    description: "交易类型",
    counterpartyName: "交易对手名称",
    counterpartyAccount: "交易对手账号",
    remittance: "附言",
  },
  bankData: { serialNumber: "顺序号" },
} as const satisfies MappingProfile;
