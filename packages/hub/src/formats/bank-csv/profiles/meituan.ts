/**
 * Meituan (美团) transaction export.
 *
 * @module
 */
import type { MappingProfile } from "../mapping-profile.js";

/** Meituan 交易账单明细: 实付金额 is what moved; 订单金额 (before discounts) is kept in `bankData.orderAmount`. */
export const meituan = {
  id: "meituan",
  name: "Meituan (美团交易账单明细)",
  match: { title: ["美团"] },
  title: { account: "美团用户名[:：]\\s*\\[([^\\]]+)\\]" },
  dates: { formats: ["yyyy-MM-dd HH:mm:ss", "yyyy/M/d H:mm:ss", "yyyy-MM-dd HH:mm"] },
  amounts: { mode: "direction", directions: { 收入: "in", 支出: "out", 不计收支: "none", "": "none" } },
  currency: "CNY",
  account: { scheme: "other", name: "美团" },
  columns: {
    bookingDate: ["交易成功时间", "交易创建时间"],
    amount: "实付金额",
    direction: "收/支",
    description: "订单标题",
    transactionType: "交易类型",
    bankReference: "交易单号",
    customerReference: "商家单号",
    remittance: "备注",
  },
  bankData: { method: "支付方式", orderAmount: "订单金额", createdAt: "交易创建时间" },
} as const satisfies MappingProfile;
