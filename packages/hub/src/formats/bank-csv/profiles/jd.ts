/**
 * JD (京东) payment export: amounts carry a refund note (`131.77(已退款89.84)`).
 *
 * @module
 */
import type { MappingProfile } from "../mapping-profile.js";

/** JD 交易流水. The amount is the one before the bracket; the refund note is kept in `bankData.amountNote`. */
export const jd = {
  id: "jd",
  name: "JD payments (京东交易流水)",
  match: { title: ["京东"] },
  title: { account: "京东账号名[:：]\\s*([^,\\s]+)" },
  dates: { formats: ["yyyy-MM-dd HH:mm:ss", "yyyy/M/d H:mm:ss", "yyyy-MM-dd HH:mm"] },
  amounts: {
    mode: "direction",
    pattern: "^(?<amount>[-+]?[\\d,]*\\.?\\d+)\\s*[(（]",
    directions: { 收入: "in", 支出: "out", 不计收支: "none", "": "none" },
  },
  currency: "CNY",
  account: { scheme: "other", name: "京东" },
  columns: {
    bookingDate: "交易时间",
    amount: "金额",
    direction: "收/支",
    counterpartyName: "商户名称",
    description: "交易说明",
    bankReference: "交易订单号",
    customerReference: "商家订单号",
    remittance: "备注",
  },
  bankData: { method: "收/付款方式", state: "交易状态", category: "交易分类", amountNote: "金额" },
} as const satisfies MappingProfile;
