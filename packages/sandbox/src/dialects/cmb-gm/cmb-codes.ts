/**
 * The result codes the CMB-like gateway sends, at the three layers real 银企直连 replies have: transport
 * (plain text `CDCServer:<code> ErrMsg:<text>`, before a reply can be encrypted for the client), envelope
 * (`response.head.resultcode`) and per record (`errCod`/`errcod` inside a body row).
 *
 * `SUC0000` is CMB's own success code. The error codes are the sandbox's, in CMB's style (CMB publishes no
 * open list): `CSAC…` for the gateway (security access), `DCR…` for query and receipt functions, `BB1…` for
 * payments. They are stable: clients and tests may branch on them.
 *
 * @module
 */

/** Success, at every layer. */
export const CMB_SUCCESS = "SUC0000";

/** Every error code with the Chinese message the gateway sends with it. */
export const CMB_CODES = {
  // Transport: plain text, not encrypted, HTTP 200 (403 for the whitelist, 400 for a broken form).
  /** UID unknown to the gateway. */
  CSAC001: "用户编号UID不存在",
  /** The caller's IP address is not on the client's whitelist. */
  CSAC002: "IP地址不在白名单内，拒绝访问",
  /** DATA is not base64 of SM4 ciphertext under the client's key, or the plaintext is not JSON. */
  CSAC003: "报文解密失败",
  /** The form lacks UID/FUNCODE/DATA, ALG is not SM, or the method/path is wrong. */
  CSAC004: "请求参数错误",
  /** A download URL past its validity (3 days). */
  CSAC010: "文件已过期，请重新发起任务",
  /** Unknown download URL. */
  CSAC011: "文件不存在",
  /** Too many requests (fault injection). */
  CSAC012: "访问频率超限，请稍后再试",
  // Envelope: encrypted and signed by the bank.
  /** The SM2 signature does not verify with the client's registered public key. */
  CSAC005: "验签失败",
  /** The client's certificate is past its validity. */
  CSAC006: "证书已过期，请重新申请证书",
  /** FUNCODE unknown, or the form's FUNCODE differs from `request.head.funcode`. */
  CSAC007: "交易码不存在",
  /** `request.head` missing or its `userid` differs from UID. */
  CSAC008: "报文头格式错误",
  /** An unexpected failure inside the gateway (logged); the request may be retried. */
  CSAC009: "系统繁忙，请稍后再试",
  // Functions.
  /** A body field is missing or malformed. */
  DCR0001: "请求参数格式错误",
  /** A date range longer than 31 days (NTQABINF, ASYCALHD). */
  DCR0002: "查询日期区间不能超过31天",
  /** The account is not served by this client. */
  DCR0003: "账号不存在或无查询权限",
  /** No such transaction or receipt. */
  DCR0004: "无符合条件的记录",
  /** Unknown task id. */
  DCR0005: "任务不存在",
  /** OFD receipts are not offered by the sandbox. */
  DCR0006: "暂不支持该打印格式",
  /** A date later than the bank's today. */
  DCR0007: "查询日期不能晚于当前日期",
  // Payments (per record errCod, or envelope for BB1PAYQR).
  /** Debit account unknown or not served. */
  BB10001: "付方账号不存在",
  /** Debit account frozen or closed. */
  BB10002: "付方账户状态异常（冻结或销户）",
  /** Not enough available funds (credit line and payments in flight counted). */
  BB10003: "可用余额不足",
  /** ccyNbr does not match the account. */
  BB10004: "币种与付方账户币种不符",
  /** trsAmt not a positive amount with at most 2 decimals. */
  BB10005: "交易金额格式错误",
  /** A required payment field is missing, or busCod is not N02030. */
  BB10006: "支付要素不完整",
  /** BB1PAYQR: no payment with this yurRef. */
  BB10007: "业务参考号不存在",
} as const;

/** An error code of the gateway. */
export type CmbErrorCode = keyof typeof CMB_CODES;
