/**
 * CCB-like 外联平台 front end over a raw TCP socket (service id `ccb`, protocol `ccb-tcp`), serving
 * `ledger.accounts("ccb")`.
 *
 * ## Framing
 * One request per connection, no length prefix: the client connects to `endpoint.url` (`tcp://127.0.0.1:PORT`),
 * writes the request, and the request ends at its `</TX>` end tag (or at the client's FIN, whichever comes first;
 * at most 1 MiB, and within 30 s). The server writes the whole reply and closes the connection (FIN): the client
 * reads to end of stream. This is how the 建行前置机 socket is used by public client code.
 *
 * ## Encoding
 * The request is GB2312 (`<?xml version="1.0" encoding="GB2312"?>`; GBK bytes are accepted too: it is read as
 * GB18030, a superset). The reply is **GB18030** (`<?xml version="1.0" encoding="GB18030" standalone="yes"?>`):
 * a name with a character outside GB2312/GBK (e.g. 𠮷, four bytes `95 34 B2 35`) arrives as GB18030 and a GB2312
 * or GBK decoder cannot read it.
 *
 * ## Envelope
 * Request: `<TX><REQUEST_SN/><CUST_ID/><USER_ID/><PASSWORD/><TX_CODE/><LANGUAGE>CN</LANGUAGE><TX_INFO>…</TX_INFO></TX>`.
 * Reply: `<TX><REQUEST_SN/><CUST_ID/><TX_CODE/><RETURN_CODE>000000</RETURN_CODE><RETURN_MSG/><LANGUAGES>CN</LANGUAGES><TX_INFO>…</TX_INFO></TX>`
 * (`LANGUAGES` with an S, as the real reply spells it; no `TX_INFO` on an error).
 *
 * ## Credentials (`endpoint.credentials`)
 * `CUST_ID` `SHP310105001#001`, `USER_ID` `WLPT01`, `PASSWORD` `111111`.
 *
 * ## Transactions
 * - `6WY101` 活期账户明细 — `TX_INFO`: `ACCNO1 STARTDATE ENDDATE (yyyyMMdd; ENDDATE ≤ today; ≤ 366 days)
 *   BARGAIN_FLAG (0 借/1 贷) CHECK_ACC_NO CHECK_ACC_NAME REMARK LOW_AMT HIGH_AMT (yuan) PAGE (≥ 1) POSTSTR
 *   TOTAL_RECORD (page size, default 100, max 200)`. Reply `TX_INFO`: `ACCNO1 CURR_COD(01 RMB, 13 HKD, 14 USD,
 *   38 EUR) ACC_NAME ACC_ORGAN ACC_STATE(正常/冻结/销户) TOTAL_PAGE TOTAL_COUNT PAGE POSTSTR FLAG(1 more pages, 0 last)`
 *   and `DETAILLIST/DETAILINFO`: `TRANDATE(yyyy/MM/dd) TRANTIME(HH:mm:ss) CRE_TYP CRE_NO MESSAGE(摘要) AMT(yuan,
 *   unsigned) AMT1(balance after) FLAG1(0 debit, 1 credit) ACCNO2 ACC_NAME1 (counterparty) FLAG2 TRAN_FLOW(bank
 *   serial, the dedup key) BFLOW(reversed serial) DET_NO DET(附言) REAL_TRANDATE(value date)`. Text fields (ACC_NAME,
 *   CRE_TYP, CRE_NO, MESSAGE, ACCNO2, ACC_NAME1, TRAN_FLOW, DET) are padded with **trailing spaces** to the host's
 *   fixed widths: trim them. Page 1 needs no `POSTSTR`; page n > 1 must carry the `POSTSTR` of page n−1's reply
 *   (`200004` otherwise). No matching record is `200007` (an error, not an empty list, as banks do).
 *   Page faults (`ccb:6WY101`): records repeated from the previous page; a neighbouring page served instead of the
 *   one asked (`PAGE` in the reply says which; ask again); a page that changes between reads (on a re-read the first
 *   record's `MESSAGE` gains `（更正）`); malformed records (`AMT` like `12.30.0.0`, no `TRANDATE`).
 * - `6W0100` balance — **not confirmed** from any public source (the code and fields are modelled): `TX_INFO`
 *   `ACC_NO`; reply `ACC_NO ACC_NAME CURR_COD ACC_STATE BALANCE USABLE_BALANCE FROZEN_BALANCE YESTERDAY_BALANCE` (yuan).
 *
 * ## Return codes
 * `000000` ok; `100001` malformed XML; `100002` unknown TX_CODE; `100003` unknown customer/operator; `100004`
 * wrong password; `100005` session expired (after 12 simulated hours without a request; answered once, then the
 * session is re-established); `100006` request too large; `200001` account; `200002` dates; `200003` range;
 * `200004` POSTSTR; `200005` page out of range; `200006` field; `200007` no records; `900001` busy; `900002`
 * host down. Only `000000` is CCB's documented code; the rest are modelled ({@link CCB_CODES}).
 *
 * ## Faults
 * `faults.decide("ccb:<TX_CODE>")` per request: `reset` → TCP RST; `timeout` → no reply, closed after `holdMs`;
 * `garble` → the reply cut short with bytes flipped; `serverError`/`rateLimit` → `900001`; `down` → `900002`.
 *
 * @module
 */
export { CCB_CODES, type CcbCodeName } from "./ccb-errors.js";
export { buildCcbReplyXml, type CcbRequest, encodeGb2312, encodeGb18030, parseCcbRequest } from "./ccb-messages.js";
export { type CcbTcpOptions, createCcbTcpService, startCcbTcp } from "./ccb-service.js";
