/**
 * The ICBC-NC front end's return codes. ICBC's real NC catalogue is not public; `0` for success is what
 * public clients test for, the rest are modelled codes (stable: clients and tests match on them) with the
 * bank-style Chinese messages. Envelope errors go in `pub/RetCode`+`RetMsg`; per-record errors (QACCBAL,
 * PAYENT, QPAYENT) in `rd/iRetCode`+`iRetMsg`; transport errors (no form, no `reqData`) as the body
 * `errorCode=<code>&errorMsg=<text>`.
 *
 * @module
 */

/** Every code the front end answers with, and its message. */
export const ICBC_CODES = {
  OK: { code: "0", message: "交易成功" },
  // Envelope (pub/RetCode)
  CIS_UNKNOWN: { code: "B0001", message: "集团CIS号不存在或与证书不符" },
  CERT_UNKNOWN: { code: "B0002", message: "证书ID不存在或已注销" },
  IP_NOT_ALLOWED: { code: "B0003", message: "客户端IP地址不在白名单内" },
  SIGN_REQUIRED: { code: "B0004", message: "该交易须经签名服务签名后提交" },
  SIGN_INVALID: { code: "B0005", message: "签名验证失败" },
  SESSION_EXPIRED: { code: "B0006", message: "NC会话已超时，已重新建立连接，请重新提交" },
  TRANSCODE_UNKNOWN: { code: "B0007", message: "交易代码不存在" },
  XML_MALFORMED: { code: "B0008", message: "报文格式错误" },
  ID_MISMATCH: { code: "B0009", message: "URL、表单与报文中的证书ID或包序列号不一致" },
  FIELD_INVALID: { code: "B0010", message: "报文字段错误" },
  DATE_RANGE_TOO_LONG: { code: "B0011", message: "查询时间跨度不能超过31天" },
  DATE_NOT_HISTORY: { code: "B0012", message: "历史明细查询的截止日期须早于当前日期，当日明细请用QPD" },
  NEXTTAG_INVALID: { code: "B0013", message: "翻页标志NextTag无效" },
  BANKCODE_INVALID: { code: "B0014", message: "银行代码错误" },
  VERSION_UNSUPPORTED: { code: "B0015", message: "接口版本号不支持" },
  BUSY: { code: "B0099", message: "系统繁忙，请稍后再试" },
  // Accounts and records
  ACCOUNT_UNKNOWN: { code: "B0101", message: "账号不存在或未在本集团签约" },
  ACCOUNT_FROZEN: { code: "B0102", message: "账户已冻结" },
  DUPLICATE_FSEQNO: { code: "B0201", message: "指令包序列号重复，请以QPAYENT查询原指令" },
  PAYMENT_NOT_FOUND: { code: "B0202", message: "指令包不存在" },
  TOTALS_MISMATCH: { code: "B0203", message: "总笔数或总金额与明细不符" },
  INSUFFICIENT_FUNDS: { code: "B0204", message: "账户余额不足" },
  CURRENCY_MISMATCH: { code: "B0205", message: "币种与账户不符" },
  AMOUNT_INVALID: { code: "B0206", message: "金额错误" },
  RECEIPT_NOT_FOUND: { code: "B0301", message: "电子回单不存在" },
} as const;

/** A name in {@link ICBC_CODES}. */
export type IcbcCodeName = keyof typeof ICBC_CODES;

/** Transport-level codes, answered as `errorCode=…&errorMsg=…` (no XML was readable). */
export const ICBC_TRANSPORT_CODES = {
  NO_REQDATA: { code: "9001", message: "请求中没有reqData" },
  BAD_PATH: { code: "9002", message: "请求地址错误" },
  TOO_LARGE: { code: "9003", message: "请求报文过长" },
  INTERNAL: { code: "9999", message: "NC内部错误" },
} as const;
