/**
 * WeChat Pay (微信支付) transaction export, as CSV or .xlsx (read through `formats/excel`).
 *
 * @module
 */
import type { MappingProfile } from "../mapping-profile.js";

/**
 * WeChat Pay. `/` in 收/支 (中性交易: top-ups, withdrawals, 零钱通 moves, card repayments) is kept as an
 * `information` entry with the amount as stated.
 */
export const wechat = {
  id: "wechat",
  name: "WeChat Pay (微信支付账单明细)",
  match: { title: ["微信支付"] },
  title: { account: "微信昵称[:：]\\s*\\[([^\\]]+)\\]" },
  dates: { formats: ["yyyy-MM-dd HH:mm:ss", "yyyy/M/d H:mm:ss", "yyyy-MM-dd HH:mm", "yyyy/M/d H:mm"] },
  amounts: { mode: "direction", directions: { 收入: "in", 支出: "out", "/": "none", "": "none" } },
  currency: "CNY",
  account: { scheme: "other", name: "微信支付" },
  columns: {
    bookingDate: "交易时间",
    amount: ["金额(元)", "金额"],
    direction: "收/支",
    counterpartyName: "交易对方",
    description: "商品",
    transactionType: "交易类型",
    bankReference: "交易单号",
    customerReference: "商户单号",
    remittance: "备注",
  },
  bankData: { method: "支付方式", state: "当前状态" },
} as const satisfies MappingProfile;
