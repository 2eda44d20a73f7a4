/**
 * What bank exports call their columns, in Chinese and English, by canonical field: the vocabulary profile
 * inference reads headers with. Each name has a weight: how surely it means the field on its own (`余额` is a
 * balance; `金额` is an amount but which one, a bank's second amount column may tell).
 *
 * @module
 */

/** The fields inference proposes; the same names as a mapping profile's `columns`. */
export type SuggestField =
  | "bookingDate"
  | "valueDate"
  | "bookingTime"
  | "amount"
  | "debit"
  | "credit"
  | "direction"
  | "currency"
  | "balance"
  | "account"
  | "counterpartyName"
  | "counterpartyAccount"
  | "counterpartyBankName"
  | "description"
  | "remittance"
  | "bankReference"
  | "customerReference"
  | "transactionType"
  | "status"
  | "cardNumber";

/** Names of a field, each with its weight (1: unmistakable). */
type Names = readonly (readonly [name: string, weight: number])[];

const NAMES: Readonly<Record<SuggestField, Names>> = {
  bookingDate: [
    ["记账日期", 1],
    ["记账日", 1],
    ["入账日期", 1],
    ["银行记账日", 1],
    ["交收日期", 1],
    ["交易成功时间", 0.95],
    ["交易日期", 0.9],
    ["交易日", 0.9],
    ["交易时间", 0.85],
    ["日期", 0.85],
    ["时间", 0.7],
    ["交易创建时间", 0.8],
    ["成交日期", 0.8],
    ["本地时间", 0.8],
    ["posting date", 1],
    ["post date", 1],
    ["date posted", 1],
    ["posted date", 1],
    ["booking date", 1],
    ["transaction date", 0.9],
    ["date", 0.9],
  ],
  valueDate: [
    ["起息日", 1],
    ["起息日期", 1],
    ["交易日期", 0.8],
    ["交易日", 0.8],
    ["交易创建时间", 0.7],
    ["成交日期", 0.7],
    ["value date", 1],
    ["transaction date", 0.8],
  ],
  bookingTime: [
    ["交易时间", 0.9],
    ["记账时间", 1],
    ["成交时间", 0.9],
    ["时间", 0.8],
    ["time", 0.9],
  ],
  amount: [
    ["金额", 0.9],
    ["交易金额", 0.9],
    ["金额(元)", 1],
    ["发生额", 0.9],
    ["发生金额", 0.9],
    ["实付金额", 1],
    ["入账金额", 1],
    ["记账金额", 1],
    ["结算金额", 1],
    ["清算金额", 1],
    ["人民币金额", 1],
    ["入账币种/金额", 1],
    ["交易币种/金额", 0.8],
    ["订单金额", 0.7],
    ["成交金额", 0.6],
    ["成交额", 0.6],
    ["数量", 0.4],
    ["amount", 0.9],
    ["transaction amount", 0.9],
    ["billing amount", 1],
    ["amount(signed)", 1],
  ],
  debit: [
    ["借方发生额", 1],
    ["借方金额", 1],
    ["借方", 0.9],
    ["支出", 0.9],
    ["支出金额", 1],
    ["取出金额", 1],
    ["付款金额", 0.9],
    ["转出金额", 0.9],
    ["记账金额(支出)", 1],
    ["交易金额(支出)", 0.9],
    ["debit", 1],
    ["debit amount", 1],
    ["withdrawal", 1],
    ["withdrawals", 1],
    ["money out", 1],
    ["paid out", 1],
  ],
  credit: [
    ["贷方发生额", 1],
    ["贷方金额", 1],
    ["贷方", 0.9],
    ["收入", 0.9],
    ["收入金额", 1],
    ["存入", 0.9],
    ["存入金额", 1],
    ["收款金额", 0.9],
    ["转入金额", 0.9],
    ["记账金额(收入)", 1],
    ["交易金额(收入)", 0.9],
    ["credit", 1],
    ["credit amount", 1],
    ["deposit", 1],
    ["deposits", 1],
    ["money in", 1],
    ["paid in", 1],
  ],
  direction: [
    ["收/支", 1],
    ["收支", 1],
    ["收支类型", 1],
    ["借贷", 1],
    ["借/贷", 1],
    ["借贷标志", 1],
    ["借贷方向", 1],
    ["收付标志", 1],
    ["资金流向", 0.9],
    ["交易方向", 0.8],
    ["credit/debit", 1],
    ["debit/credit", 1],
    ["dr/cr", 1],
    ["transaction type", 0.5],
  ],
  currency: [
    ["币种", 1],
    ["币别", 1],
    ["货币", 1],
    ["交易币种", 0.8],
    ["交易货币", 0.8],
    ["记账币种", 1],
    ["结算币种", 1],
    ["入账货币", 1],
    ["入账币种", 1],
    ["currency", 1],
    ["billing currency", 1],
    ["ccy", 1],
  ],
  balance: [
    ["余额", 1],
    ["账户余额", 1],
    ["本次余额", 1],
    ["联机余额", 1],
    ["交易后余额", 1],
    ["可用余额", 0.9],
    ["资金本次余额", 1],
    ["balance", 1],
    ["running balance", 1],
  ],
  account: [
    ["本方账号", 1],
    ["资金账号", 0.9],
    ["资金帐号", 0.9],
    ["借记卡号", 0.8],
    ["account number", 0.5],
  ],
  counterpartyName: [
    ["对方户名", 1],
    ["对方名称", 1],
    ["对方账户名", 1],
    ["对方账户名称", 1],
    ["交易对方", 1],
    ["交易对手名称", 1],
    ["交易对手", 0.9],
    ["对手信息", 0.9],
    ["对方信息", 0.9],
    ["收款人", 0.8],
    ["付款人", 0.8],
    ["收/付款人", 0.9],
    ["商户名称", 0.9],
    ["对方", 0.8],
    ["payee", 1],
    ["counterparty", 1],
    ["counterparty name", 1],
    ["merchant name", 1],
    ["merchant", 0.9],
    ["beneficiary", 0.9],
    ["name", 0.6],
  ],
  counterpartyAccount: [
    ["对方账号", 1],
    ["对方账户", 1],
    ["对方帐号", 1],
    ["对方卡号", 1],
    ["对方卡号/账号", 1],
    ["交易对手账号", 1],
    ["对方账号/卡号", 1],
    ["收款账号", 0.8],
    ["counterparty account", 1],
    ["iban", 0.8],
  ],
  counterpartyBankName: [
    ["对方开户行", 1],
    ["对方行名", 1],
    ["对方银行", 1],
    ["对方开户银行", 1],
    ["counterparty bank", 1],
  ],
  description: [
    ["摘要", 1],
    ["交易摘要", 1],
    ["交易说明", 1],
    ["交易描述", 1],
    ["商品", 0.9],
    ["商品说明", 1],
    ["商品名称", 1],
    ["订单标题", 0.9],
    ["交易名称", 0.9],
    ["业务名称", 0.8],
    ["操作", 0.6],
    ["description", 1],
    ["transaction description", 1],
    ["details", 0.9],
    ["narrative", 1],
    ["memo", 0.8],
  ],
  remittance: [
    ["附言", 1],
    ["交易附言", 1],
    ["用途", 1],
    ["备注", 1],
    ["客户摘要", 1],
    ["交易详情", 0.8],
    ["汇款附言", 1],
    ["reference", 0.6],
    ["remittance information", 1],
    ["payment reference", 1],
  ],
  bankReference: [
    ["流水号", 1],
    ["交易流水号", 1],
    ["交易单号", 1],
    ["交易订单号", 1],
    ["日志号", 0.9],
    ["凭证号", 0.9],
    ["成交编号", 0.8],
    ["成交号", 0.8],
    ["交易参考号", 0.9],
    ["transaction id", 0.9],
    ["reference number", 0.9],
  ],
  customerReference: [
    ["商户单号", 1],
    ["商家单号", 1],
    ["商家订单号", 1],
    ["商户订单号", 1],
    ["业务参考号", 1],
    ["customer reference", 1],
  ],
  transactionType: [
    ["交易类型", 1],
    ["交易分类", 0.9],
    ["业务类型", 1],
    ["交易种类", 1],
    ["transaction type", 0.9],
    ["type", 0.7],
  ],
  status: [
    ["交易状态", 1],
    ["当前状态", 1],
    ["状态", 0.8],
    ["transaction status", 1],
    ["status", 0.9],
  ],
  cardNumber: [
    ["卡号末四位", 1],
    ["卡末四位", 1],
    ["卡号后四位", 1],
    ["card #", 0.9],
    ["card number", 0.9],
  ],
};

/** A header as inference compares it: no white space, full-width punctuation as ASCII, ASCII letters in lower case. */
export function normalizeName(text: string): string {
  let out = "";
  for (const ch of text) {
    const c = ch.charCodeAt(0);
    if (/\s/.test(ch) || c === 0xfeff) continue;
    if (c >= 0xff01 && c <= 0xff5e) out += String.fromCharCode(c - 0xfee0);
    else out += ch.toLowerCase();
  }
  return out;
}

const NORMALIZED: ReadonlyMap<SuggestField, readonly (readonly [string, number])[]> = new Map(
  (Object.entries(NAMES) as [SuggestField, Names][]).map(([field, names]) => [
    field,
    names.map(([n, w]) => [normalizeName(n), w] as const),
  ]),
);

/** How well a header says `field`, 0–1, and which name said it. */
export interface NameMatch {
  readonly score: number;
  readonly name?: string;
  readonly exact: boolean;
}

/**
 * The header's match for `field`: its weight when the header is one of the names exactly; less when it only
 * contains one (`交易金额(收入)` contains `收入`), more so the more of the header the name covers.
 */
export function matchName(field: SuggestField, header: string): NameMatch {
  const h = normalizeName(header);
  if (h === "") return { score: 0, exact: false };
  let best: NameMatch = { score: 0, exact: false };
  for (const [name, weight] of NORMALIZED.get(field) ?? []) {
    let score = 0;
    let exact = false;
    if (h === name) {
      score = weight;
      exact = true;
    } else if (name.length >= 2 && h.includes(name) && !(/^[a-z /#()]+$/.test(name) && name.length < 4)) {
      score = weight * (0.55 + 0.35 * (name.length / h.length));
    }
    if (score > best.score) best = { score, name, exact };
  }
  return best;
}
