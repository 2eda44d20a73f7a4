/**
 * The CCB-like front end's `RETURN_CODE`s. `000000` is CCB's success code (seen in public samples); CCB's
 * error catalogue is not public, so the rest are modelled codes in the same six-character shape, stable for
 * clients and tests, with bank-style Chinese messages.
 *
 * @module
 */

/** Every code the front end answers with, and its message. */
export const CCB_CODES = {
  OK: { code: "000000", message: "" },
  // Envelope
  XML_MALFORMED: { code: "100001", message: "报文格式错误，XML解析失败" },
  TX_CODE_UNKNOWN: { code: "100002", message: "交易码不存在" },
  CUSTOMER_UNKNOWN: { code: "100003", message: "客户号或操作员号不存在" },
  PASSWORD_WRONG: { code: "100004", message: "操作员密码错误" },
  SESSION_EXPIRED: { code: "100005", message: "操作员会话已超时，已重新签到，请重新发起交易" },
  REQUEST_TOO_LARGE: { code: "100006", message: "请求报文过长" },
  // Transactions
  ACCOUNT_UNKNOWN: { code: "200001", message: "账号不存在或不属于该客户" },
  DATE_INVALID: { code: "200002", message: "起止日期错误" },
  DATE_RANGE_TOO_LONG: { code: "200003", message: "查询时间跨度超过限制" },
  POSTSTR_INVALID: { code: "200004", message: "定位串POSTSTR与页码不符" },
  PAGE_OUT_OF_RANGE: { code: "200005", message: "页码超出范围" },
  FIELD_INVALID: { code: "200006", message: "交易字段错误" },
  NO_RECORDS: { code: "200007", message: "无符合条件的记录" },
  // Host
  BUSY: { code: "900001", message: "系统忙，请稍后再试" },
  HOST_DOWN: { code: "900002", message: "前置机与主机通讯中断" },
} as const;

/** A name in {@link CCB_CODES}. */
export type CcbCodeName = keyof typeof CCB_CODES;
