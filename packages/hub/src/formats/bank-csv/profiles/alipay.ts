/**
 * Alipay (支付宝) transaction export (电子客户回单 / 交易明细): GBK, a long title block with the account and
 * notes, cells padded with spaces and tabs, direction in 收/支.
 *
 * @module
 */
import type { MappingProfile } from "../mapping-profile.js";

/**
 * Alipay. 不计收支 (neither income nor expense by Alipay's own account: transfers between the user's own
 * funds, refunds to the paying card) is kept as an `information` entry with the amount as stated; closed
 * orders (交易关闭) moved no money and are not imported.
 */
export const alipay = {
  id: "alipay",
  name: "Alipay (支付宝交易明细)",
  match: { title: ["支付宝"] },
  title: { account: "支付宝账户[:：]\\s*([^,\\s]+)", holderName: "姓名[:：]\\s*([^,\\s]+)" },
  dates: { formats: ["yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy/M/d H:mm:ss", "yyyy/M/d H:mm"] },
  amounts: { mode: "direction", directions: { 收入: "in", 支出: "out", 不计收支: "none", "": "none" } },
  currency: "CNY",
  account: { scheme: "other", name: "支付宝" },
  columns: {
    bookingDate: ["交易时间", "交易创建时间"],
    amount: ["金额", "金额（元）"],
    direction: "收/支",
    counterpartyName: "交易对方",
    counterpartyAccount: "对方账号",
    description: ["商品说明", "商品名称"],
    status: "交易状态",
    bankReference: ["交易订单号", "交易号"],
    customerReference: "商家订单号",
    remittance: "备注",
  },
  bankData: { category: "交易分类", method: "收/付款方式", state: "交易状态" },
  statuses: { 交易关闭: "skip" },
} as const satisfies MappingProfile;
