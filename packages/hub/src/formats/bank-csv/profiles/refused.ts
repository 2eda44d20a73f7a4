/**
 * Exports that are recognised so that they can be refused clearly (`BANK_CSV_NOT_A_STATEMENT`) rather than
 * misread as a bank statement: a crypto exchange's trade list and a blockchain explorer's token transfers.
 * Neither is an account in a currency: each row exchanges one token for another or moves a token between
 * addresses, and the tokens are not ISO 4217 currencies.
 *
 * @module
 */
import type { MappingProfile } from "../mapping-profile.js";

/** Huobi (火币) spot trade history. */
export const huobiTrades = {
  id: "huobi-trades",
  name: "Huobi trade history",
  refuse: "each row is a trade of one crypto asset against another (交易对 BTC/USDT), not a movement of an account in a currency",
  dates: { formats: ["yyyy-MM-dd HH:mm:ss"] },
  amounts: { mode: "signed" },
  currency: "XXX",
  columns: { bookingDate: "时间", amount: "成交额" },
  match: { headers: ["交易对", "方向", "手续费"] },
} as const satisfies MappingProfile;

/** OKLink token-transfer export. */
export const oklinkTransfers = {
  id: "oklink-transfers",
  name: "OKLink token transfers",
  refuse: "each row moves a blockchain token between two addresses (代币符号 USDT…), not money on an account in a currency",
  dates: { formats: ["yyyy/MM/dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss"] },
  amounts: { mode: "signed" },
  currency: "XXX",
  columns: { bookingDate: "本地时间(UTC+8)", amount: "数量" },
  match: { headers: ["交易哈希", "代币符号"] },
} as const satisfies MappingProfile;
