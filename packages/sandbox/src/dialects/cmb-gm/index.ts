/**
 * A CMB-like 国密 bank gateway (招商银行 new 银企直连), serving the accounts of the sandbox bank `cmb`.
 * Service id `cmb`, protocol `cmb-gm`.
 *
 * ## Transport
 * `POST http://127.0.0.1:PORT/cdcserver/api/v2`, `application/x-www-form-urlencoded` with
 * `UID` (the client's user number), `FUNCODE` (the function), `ALG=SM` and `DATA` (URL-encoded base64 of
 * the SM4-CBC/PKCS#7 ciphertext of the request JSON). The reply body is base64 of the SM4-CBC ciphertext of
 * the reply JSON (`text/plain`), or a plain-text transport error `CDCServer:<code> ErrMsg:<text>`.
 *
 * ## Credentials (`EndpointInfo.credentials`, all derived from the seed)
 * - `uid`: the UID (`N00` + 7 digits);
 * - `sm4Key`: the 16-character SM4 key (its ASCII bytes are the key);
 * - `sm4Iv` and `sm2UserId`: both the UID right-padded with `0` to 16 characters, as CMB derives them;
 * - `clientPrivateKey` (base64 of the 32-byte scalar) and `clientPublicKey` (base64 of the 65-byte point
 *   `04‖x‖y`): the client's SM2 pair the gateway registered;
 * - `bankPublicKey` (base64, 65 bytes) and `bankPublicKeyPem` (SubjectPublicKeyInfo): the bank's key that
 *   signs every reply;
 * - `certificateNotAfter`: when the client's certificate expires (simulated clock).
 * `urls.files` is where receipt task files are served.
 *
 * ## Messages
 * Request: `{"request":{"head":{"funcode","userid","reqid"},"body":{…}},"signature":{"sigdat","sigtim"}}`
 * (`userid` = UID, `reqid` = `yyyyMMddHHmmssSSS` + 5 digits by convention, `sigtim` = `yyyyMMddHHmmss`; the
 * gateway does not check `sigtim` against its simulated clock).
 * Reply: `{"response":{"head":{"funcode","userid","reqid","rspid","resultcode","resultmsg","bizcode"},"body":{…}},"signature":{…}}`.
 * Signature: SM2-with-SM3 with the distinguishing id `sm2UserId`, over the UTF-8 bytes of the message as
 * JSON with keys sorted recursively and no whitespace, computed while `signature.sigdat` holds
 * `__signature_sigdat__`; `sigdat` is base64 of the raw 64-byte `r‖s`.
 *
 * ## Functions (FUNCODE → body)
 * - `NTQADINF` balances: `{ntqadinfx:[{bbknbr,accnbr}]}` (1–50) → `{ntqadinfz:[{accnbr,bbknbr,ccynbr,accitm,
 *   accnam,accblv 上日,onlblv 联机,hldblv 冻结,avlblv 可用,lmtovr 透支额度,stscod A/B/C,intcod,intrat,opndat,
 *   errcod,errtxt}]}` — an unknown account gets its own row with `errcod` DCR0003.
 * - `NTQABINF` history balances: `{ntqabinfx:[{bbknbr,accnbr,bgndat,enddat}]}` (yyyyMMdd, ≤ 31 days, else
 *   DCR0002) → `{ntqabinfz:[{accnbr,bbknbr,trsdat,balamt}]}` (end-of-day booked balance).
 * - `DCTRSINF` transactions of one day: `{bbknbr,accnbr,trsdat,trsseq}` where `trsseq` is the first day
 *   sequence wanted (0/empty = from the start) → `{ntrbptrsz1:[{cotflg Y/N,trsseq (last returned),dbtnbr,
 *   dbtamt,crtnbr,crtamt}],ntqactrsz2:[{etydat,etytim,vltdat,trscod,naryur,trsamt (signed),amtcdr C/D,trsblv,
 *   refnbr,reqnbr,busnam,nusage,yurref,busnar,otrnar,rpybbk,rpynam,rpyacc,rpybbn,rpybnk,rpyadr,gsbbbk,
 *   gsbacc,gsbnam,infflg,athflg,chknbr,rsvflg ('*' 冲帐),narext,trsanl,refsub,frmcod,trsseq}]}`; 30 records
 *   per reply; resume with last `trsseq` + 1. Page faults (`cmb:DCTRSINF`): duplicates repeat records
 *   before `trsseq` at the start, out-of-order reverses the page, a changing page misses its last record on
 *   the first read (the reply's `trsseq` stays consistent), malformed records get `trsamt` `*.**` and an
 *   empty `etydat`.
 * - `BB1PAYOP` single payment: `{bb1paybmx1:[{busMod,busCod:"N02030"}],bb1payopx1:[{dbtAcc,bnkFlg,ccyNbr,
 *   crtAcc,crtNam,crtBnk,brdNbr,nusAge,stlChn,trsAmt,busNar,yurRef}]}` → `{bb1payopz1:[{errCod,errTxt,yurRef,
 *   reqNbr,reqSts,rtnFlg,evtIst,oprSqn}]}`. Idempotent on `yurRef` per debit account: a resend answers the
 *   original (`errTxt` 业务参考号重复，返回原业务) and never executes twice. Refusals are per record
 *   (`errCod` BB10001–BB10006) under an envelope `SUC0000`.
 * - `BB1PAYQR` status: `{bb1payqrx1:[{busCod,yurRef}]}` → `{bb1payqrz1:[{reqNbr,busCod,busMod,dbtAcc,dbtNam,
 *   crtAcc,crtNam,crtBnk,trsAmt,ccyNbr,yurRef,nusAge,stlChn,reqSts,rtnFlg,rtnNar,oprDat}]}`; unknown → BB10007.
 * - `DCSIGREC` receipt: `{eacnbr,quedat (yyyy-MM-dd),trsseq,primod:"PDF"}` → `{fildat (base64 PDF),checod,istnbr}`.
 * - `ASYCALHD` receipt batch: `{eacnbr,begdat,enddat (yyyy-MM-dd, ≤ 31 days),begamt,endamt,primod,ctnkeyz2}`
 *   → `{rtndat (task id),ctnkeyz2:[{ctnkey}]}` (50 receipts per task; echo `ctnkeyz2` to continue).
 * - `DCTASKID` task result: `{taskid}` → `{fileurl,fintim,expdat,tsksts}`; `fileurl` is empty (`tsksts` P)
 *   for the first 30 simulated seconds, then serves a PDF for 3 simulated days, then answers 410 CSAC010.
 *
 * ## Codes
 * Success `SUC0000`. Transport (plain text): CSAC001 unknown UID, CSAC002 IP not whitelisted (HTTP 403),
 * CSAC003 decryption failed, CSAC004 bad form, CSAC010 file expired (410), CSAC011 no such file (404),
 * CSAC012 rate limited (429 + Retry-After). Envelope (signed, encrypted): CSAC005 signature verification
 * failed, CSAC006 certificate expired, CSAC007 unknown FUNCODE, CSAC008 bad head, CSAC009 internal error.
 * Functions: DCR0001–DCR0007, BB10001–BB10007 (see {@link CMB_CODES}). The codes other than `SUC0000` are
 * the sandbox's own in CMB's style. Faults: 5xx HTML page, reset, hang, garbled body, 429, 503 前置机不可用.
 *
 * @module
 */
export { CMB_CODES, CMB_SUCCESS, type CmbErrorCode } from "./cmb-codes.js";
export { CMB_API_PATH, CMB_FILE_PATH, type CmbGatewayOptions, createCmbGateway, startCmbGateway } from "./cmb-gateway.js";
export { canonicalJson, SIGDAT_PLACEHOLDER } from "./cmb-signature.js";
