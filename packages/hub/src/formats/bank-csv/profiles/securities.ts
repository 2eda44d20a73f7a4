/**
 * Chinese securities accounts' 交割单 exports, read as the statement of the account's cash (资金账户): each
 * row's 清算金额 is the money that moved (trade amount and fees together) and 资金本次余额 the cash after it,
 * which is how upstream's output shows them too. Positions are not a cash statement and are not modelled;
 * rows that move no cash (指定交易, ETF份额合并, 新增证券) are not imported.
 *
 * @module
 */
import type { MappingProfile } from "../mapping-profile.js";

/** Hua Xi Securities (华西证券) 交割单: GBK, tab-separated, every value in Excel's `="…"` guard. */
export const hxsec = {
  id: "hxsec",
  name: "Hua Xi Securities cash (华西证券交割单)",
  delimiter: "\t",
  dates: { formats: ["yyyyMMdd", "yyyy-MM-dd"] },
  amounts: { mode: "signed" },
  currency: "CNY",
  account: { scheme: "other", bankName: "华西证券", name: "资金账户" },
  columns: {
    bookingDate: "交收日期",
    bookingTime: "成交时间",
    amount: "清算金额",
    balance: "资金本次余额",
    currency: "币种",
    description: "业务名称",
    transactionType: "业务名称",
    status: "业务名称",
    account: "资金帐号",
    bankReference: "成交编号",
  },
  statuses: { 指定交易: "skip", ETF份额合并: "skip" },
  bankData: {
    securityCode: "证券代码",
    securityName: "证券名称",
    price: "成交价格",
    quantity: "成交数量",
    tradeAmount: "成交金额",
    fees: "总费用",
    shareholderCode: "股东代码",
  },
} as const satisfies MappingProfile;

/** Haitong Securities (海通证券) 交割单 (.xlsx, read through `formats/excel`): 发生金额 is the cash that moved. */
export const htsec = {
  id: "htsec",
  name: "Haitong Securities cash (海通证券交割单)",
  dates: { formats: ["yyyyMMdd", "yyyy-MM-dd"] },
  amounts: { mode: "signed" },
  currency: "CNY",
  account: { scheme: "other", bankName: "海通证券", name: "资金账户" },
  columns: {
    bookingDate: "成交日期",
    bookingTime: "成交时间",
    amount: "发生金额",
    balance: "资金本次余额",
    description: { all: ["操作", "证券代码", "证券名称"], separator: "-" },
    status: "证券名称",
    account: "资金账号",
    bankReference: "成交号",
    customerReference: "合同号",
  },
  // An allotment's placeholder row (新增证券) repeats a subscription already paid for: no cash moves.
  statuses: { 新增证券: "skip" },
  bankData: {
    securityCode: "证券代码",
    securityName: "证券名称",
    price: "成交价格",
    quantity: "成交数量",
    tradeAmount: "成交金额",
    commission: "手续费",
    stampDuty: "印花税",
    transferFee: "过户费",
    otherFees: "其他费",
    shareholderAccount: "股东账号",
  },
} as const satisfies MappingProfile;
