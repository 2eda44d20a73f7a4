/**
 * ICBC-NC-like 银企直连 front end (service id `icbc`, protocol `icbc-nc`), serving `ledger.accounts("icbc")`.
 *
 * ## Transport
 * - **Servlet port** (`endpoint.url`): `POST http://127.0.0.1:PORT/servlet/ICBCCMPAPIReqServlet?userID=<ID>&PackageID=<fSeqno>&SendTime=<yyyyMMddHHmmssSSS>`,
 *   `application/x-www-form-urlencoded` with GBK percent-escapes. Form fields: `Version` (`0.0.0.1` or `0.0.1.0`),
 *   `TransCode`, `BankCode` (`102`), `GroupCIS`, `ID` (certificate id), `PackageID` (= `fSeqno`), `Cert` (empty),
 *   `reqData` (the XML for queries; the signing port's package for signed transactions). The certificate id and
 *   the package id must agree in the URL, the form and the XML (`B0009` otherwise).
 * - **Reply**: HTTP 200 `text/xml; charset=GBK`, body `reqData=<base64 of GBK XML>`; the XML is
 *   `<CMS><eb><pub>TransCode CIS BankCode ID TranDate TranTime fSeqno RetCode RetMsg</pub><out>…</out></eb></CMS>`.
 *   Transport errors (no `reqData`, wrong path, body over 2 MiB, internal error) answer `errorCode=<9xxx>&errorMsg=<text>`.
 * - **Signing port** (`endpoint.urls.signing`): `POST` the raw GBK XML with `Content-Type: INFOSEC_SIGN/1.0`;
 *   the reply (`INFOSEC_SIGN_RESULT/1.0`) is `<html><head><result>0</result>…</head><body><sign>PACKAGE</sign></body></html>`
 *   (`result` 1 bad content type, 2 malformed XML, 3 unknown certificate, 4 IP not whitelisted). `INFOSEC_VERIFY_SIGN/1.0`
 *   with a package gives back `<sic>` (the signed XML) or `result` 5. The package is what NC returns: a PKCS#7 / CMS
 *   `SignedData` (RFC 5652), DER, in base64 — attached content (`id-data`, the exact GBK bytes posted), the signer's
 *   X.509 certificate in `certificates`, one SignerInfo (issuer and serial number) with signed attributes
 *   `contentType`, `messageDigest` (SHA-256) and `signingTime` (the simulated clock), ECDSA P-256 with SHA-256 (see
 *   `icbc-signing.ts`). The signer certificate (subject CN = `ID`) is issued at start by the sandbox's self-signed
 *   "ICBC test CA" (`icbc-test-ca.ts`); keys derive from the seed, validity follows the real clock. Any CMS
 *   implementation checks a package, e.g. `openssl cms -verify -inform DER -in sig.der -CAfile ca.pem -out content.bin`.
 * - PAYENT and DownEBill must arrive signed (`B0004` otherwise). A package that does not parse as such a SignedData,
 *   whose signature or digest does not verify (altered content), or whose signer certificate's CN is not the
 *   request's `ID` is `B0005`; a signer certificate not issued by the test CA, or outside its validity (real time),
 *   is `B0002`.
 *
 * ## Credentials (`endpoint.credentials`)
 * `GroupCIS` (`120290000012345`), `ID` (`bankbridge.y.1202`), `BankCode` (`102`), `Version`, `caCertPem` (the test
 * CA, PEM: what a client trusts), `signingCertPem` (the signer certificate, PEM).
 * Only loopback client addresses 127.0.0.1 / ::1 are whitelisted: a request from 127.0.0.2 gets `B0003`.
 *
 * ## Transactions
 * - `QACCBAL` — `in`: `TotalNum`, `rd/AccNo`…; `out`: `TotalNum` and per account `rd`: `AccNo CurrType CashExf
 *   AcctProperty AccBalance(昨日余额) Balance(当前余额) UsableBalance FrzAmt QueryTime iRetCode iRetMsg`, amounts in fen.
 *   An unknown account is a row with `iRetCode` `B0101`; the others still answer.
 * - `QHISD` (history up to yesterday; `EndDate` of today or later is `B0012`) and `QPD` (today, same record shape) —
 *   `in`: `AccNo BeginDate EndDate (yyyyMMdd, ≤ 31 days, else B0011) MinAmt MaxAmt (fen) NextTag`; `out`: `AccNo AccName
 *   CurrType BeginDate EndDate NextTag TotalNum(records in the whole range)` and `rd`: `Drcrf(1 借 / 2 贷) VouhNo
 *   DebitAmount CreditAmount Balance (fen) RecipBkNo RecipBkName RecipAccNo RecipName Summary UseCN PostScript BusCode
 *   Date Time(DB2 yyyy-MM-dd-HH.mm.ss.ffffff) ValueDate busiDate busiTime Ref Oref Toutfo OnlySequence UpDtranf(1 冲正)
 *   TrxCode`. 50 records a page; `NextTag` is an opaque token to echo, empty on the last page; one the bank did not
 *   issue for this query is `B0013`. Page faults (`icbc:QHISD`/`icbc:QPD`): records repeated from the previous page,
 *   malformed records (missing `Drcrf`, an amount like `1234.O0`), and a page that changes between reads (on a
 *   re-read the first record's `PostScript` gains `（补录）`); out-of-order does not apply to a cursor.
 * - `PAYENT` (signed) — `in`: `OnlBatF SettleMode TotalNum TotalAmt SignTime` and `rd`: `iSeqno PayType PayAccNo
 *   PayAccNameCN RecAccNo RecAccNameCN SysIOFlg IsSameCity RecBankNo RecBankName CurrType PayAmt(fen) UseCN Summary
 *   PostScript ERPSqn`. `fSeqno` is the idempotency key (the client reference is `fSeqno`, or `fSeqno/iSeqno` for a
 *   package of several `rd`); a resent `fSeqno` is `B0201` and executes nothing. Totals must match (`B0203`). `out`
 *   `rd`: `iSeqno OrderNo iRetCode iRetMsg` (per-row refusals: B0101 account, B0102 frozen, B0204 funds, B0205 currency).
 * - `QPAYENT` — `in`: `QryfSeqno`; `out` `rd`: `iSeqno OrderNo PayAccNo RecAccNo RecAccNameCN CurrType PayAmt Result
 *   iRetCode iRetMsg`. `Result`: 2 等待授权 (OPR/AUT), 3 等待二次授权 (APW), 0 提交成功 (NTE), 9 银行正在处理 (BNK), 95 待核查
 *   (WRF), 7 处理成功 (FIN/S), 6 被银行拒绝 (F, B 退票), 8 拒绝授权 (R), 11 撤销/过期 (C, D), 5 主机返回待处理 (U) —
 *   codes recalled from public client code, not from a spec. Unknown package: `B0202`.
 * - `DownEBill` (signed) — `in`: `AcctNo CurrencyType AreaCode NetCode TellerNo WorkDate TranSerialNo SignTime` (the
 *   pieces of a record's `Toutfo`); `out`: `AcctNo WorkDate TranSerialNo FileName FileType(PDF) FileContent(base64)`.
 *
 * ## Envelope codes (`pub/RetCode`)
 * `0` ok; `B0001` CIS; `B0002` certificate; `B0003` IP; `B0004` unsigned; `B0005` signature; `B0006` session expired
 * (after 12 simulated hours without a request; answered once, then the session is re-established); `B0007` TransCode;
 * `B0008` malformed XML; `B0009` id mismatch; `B0010` field; `B0011` range; `B0012` not history; `B0013` NextTag;
 * `B0014` BankCode; `B0015` Version; `B0099` busy (rate limit, with `Retry-After`). Full list: {@link ICBC_CODES}.
 *
 * ## Faults
 * `faults.decide("icbc:<TransCode>")` per servlet request (`icbc:sign` on the signing port): `serverError` → that
 * HTTP status with an HTML page; `down` → 503 HTML "前置机不可用"; `reset` → TCP RST; `timeout` → no answer, the
 * connection closed after `holdMs`; `garble` → the reply cut short with bytes flipped; `rateLimit` → `B0099`.
 *
 * @module
 */
export { ICBC_CODES, ICBC_TRANSPORT_CODES, type IcbcCodeName } from "./icbc-errors.js";
export { decodeIcbcReplyBody, encodeGbkForm, parseXmlTree, type XmlElement } from "./icbc-messages.js";
export { createIcbcNcService, ICBC_NC_PATH, type IcbcNcOptions, startIcbcNc } from "./icbc-service.js";
export {
  checkPackage,
  decodePackage,
  INFOSEC_SIGN,
  INFOSEC_SIGN_RESULT,
  INFOSEC_VERIFY_SIGN,
  type PackageCheck,
  type SignedPackage,
} from "./icbc-signing.js";
export { createIcbcTestCa, type IcbcTestCa, type IcbcTestCaOptions } from "./icbc-test-ca.js";
