/**
 * The camt grammar: which element paths the parser reads, as a state table. Every path the parser knows is a
 * node; opening an element moves from its parent's node to the child's by one table lookup (node × element
 * name), and any element not listed lands in {@link SKIP}, which swallows its whole subtree. So the machine
 * keeps only a small stack of node numbers, needs no per-element object, and does no string comparison
 * beyond the one `Map` lookup of the element's (interned) local name.
 *
 * All camt versions 001.01 to 001.13 go through the same table: where versions differ (`Tp/Cd` in 001.01,
 * `Tp/CdOrPrtry/Cd` later; `BIC`/`BICFI`; `Sts` as a code or `Sts/Cd` from 001.08; parties under `Pty` from
 * 001.08; `Ntry/TxDtls` in 001.01, `Ntry/NtryDtls/TxDtls` later; `Chrgs` as a list or `Chrgs/Rcrd`) both paths
 * are nodes with the same action.
 *
 * @module
 */
import * as A from "./camt-actions.js";
import { Builder, type CamtGrammar, compile, OUTSIDE } from "./camt-grammar-builder.js";

export { type CamtGrammar, OUTSIDE, SKIP } from "./camt-grammar-builder.js";

/** The local names of the message element, one per camt message kind and version family. */
export const MESSAGE_KINDS: ReadonlyMap<string, "statement" | "report" | "notification"> = new Map([
  ["BkToCstmrStmt", "statement"],
  ["BkToCstmrStmtV01", "statement"],
  ["BkToCstmrAcctRpt", "report"],
  ["BkToCstmrAcctRptV01", "report"],
  ["BkToCstmrDbtCdtNtfctn", "notification"],
  ["BkToCstmrDbtCdtNtfctnV01", "notification"],
]);

/** Shapes that appear in several places, built once and linked under each. */
interface Shapes {
  /** `FinInstnId` of a financial institution, every version's form. */
  readonly institution: number;
  /** `Id` of a cash account. */
  readonly accountId: number;
  /** A party's name, address and identifiers (`PartyIdentification…`). */
  readonly party: number;
  readonly bankTransactionCode: number;
  readonly amountDetails: number;
  readonly charges: number;
}

function institution(b: Builder): number {
  const fi = b.node();
  b.leaves(fi, [
    ["BIC", A.T_AGT_BIC],
    ["BICFI", A.T_AGT_BIC],
    ["ClrSysMmbId/MmbId", A.T_AGT_MMBID],
    ["ClrSysMmbId/Id", A.T_AGT_MMBID],
    ["ClrSysMmbId/Prtry", A.T_AGT_MMBID],
    ["ClrSysMmbId/ClrSysId/Cd", A.T_AGT_CLRSYS],
    ["ClrSysMmbId/ClrSysId/Prtry", A.T_AGT_CLRSYS],
    ["Nm", A.T_AGT_NAME],
    ["NmAndAdr/Nm", A.T_AGT_NAME],
    ["NmAndAdr/PstlAdr/Ctry", A.T_AGT_CTRY],
    ["PstlAdr/Ctry", A.T_AGT_CTRY],
    ["Othr/Id", A.T_AGT_OTHR],
    ["PrtryId/Id", A.T_AGT_OTHR],
  ]);
  // 001.01's combined identification holds the same elements.
  b.link(fi, "CmbndId", fi);
  return fi;
}

function accountId(b: Builder): number {
  const id = b.node();
  b.leaves(id, [
    ["IBAN", A.T_ACCT_IBAN],
    ["BBAN", A.T_ACCT_BBAN],
    ["UPIC", A.T_ACCT_OTHER],
    ["PrtryAcct/Id", A.T_ACCT_OTHER],
    ["Othr/Id", A.T_ACCT_OTHR_ID],
    ["Othr/SchmeNm/Cd", A.T_ACCT_SCHEME_CD],
    ["Othr/SchmeNm/Prtry", A.T_ACCT_SCHEME_PRTRY],
  ]);
  return id;
}

/** 001.01 organisation and private identifiers that are a single value. */
const V1_ORG_IDS = ["BIC", "IBEI", "BEI", "EANGLN", "USCHU", "DUNS", "BkPtyId", "TaxIdNb", "PrtryId/Id"];
const V1_PRIVATE_IDS = ["DrvrsLicNb", "CstmrNb", "SclSctyNb", "AlnRegnNb", "PsptNb", "TaxIdNb", "IdntyCardNb", "MplyrIdNb", "OthrId/Id"];

function party(b: Builder): number {
  const p = b.node();
  b.leaves(p, [
    ["Nm", A.T_PTY_NAME],
    ["PstlAdr/AdrLine", A.T_ADR_LINE],
    ["PstlAdr/StrtNm", A.T_ADR_STREET],
    ["PstlAdr/BldgNb", A.T_ADR_BUILDING],
    ["PstlAdr/PstCd", A.T_ADR_POSTCODE],
    ["PstlAdr/TwnNm", A.T_ADR_TOWN],
    ["PstlAdr/Ctry", A.T_ADR_COUNTRY],
    ["Id/OrgId/AnyBIC", A.T_PTY_ID],
    ["Id/OrgId/BICOrBEI", A.T_PTY_ID],
    ["Id/OrgId/LEI", A.T_PTY_ID],
  ]);
  const othr = b.at(p, "Id/OrgId/Othr", { open: A.O_OTHR, close: A.C_OTHR });
  b.leaves(othr, [
    ["Id", A.T_PTY_OTHR_ID],
    ["SchmeNm/Cd", A.T_PTY_OTHR_SCHEME],
    ["SchmeNm/Prtry", A.T_PTY_OTHR_SCHEME],
  ]);
  b.link(b.at(p, "Id/PrvtId"), "Othr", othr);
  for (const id of V1_ORG_IDS) b.at(p, `Id/OrgId/${id}`, { text: A.T_PTY_ID });
  for (const id of V1_PRIVATE_IDS) b.at(p, `Id/PrvtId/${id}`, { text: A.T_PTY_ID });
  return p;
}

function bankTransactionCode(b: Builder): number {
  const btc = b.node();
  b.leaves(btc, [
    ["Domn/Cd", A.T_BTC_DOMAIN],
    ["Domn/Fmly/Cd", A.T_BTC_FAMILY],
    ["Domn/Fmly/SubFmlyCd", A.T_BTC_SUBFAMILY],
    ["Prtry/Cd", A.T_BTC_PRTRY],
    ["Prtry/Issr", A.T_BTC_ISSUER],
  ]);
  return btc;
}

function amountDetails(b: Builder): number {
  const details = b.node();
  const fx = b.node({ open: A.O_FX, close: A.C_FX });
  b.leaves(fx, [
    ["SrcCcy", A.T_FX_SRC],
    ["TrgtCcy", A.T_FX_TRGT],
    ["UnitCcy", A.T_FX_UNIT],
    ["XchgRate", A.T_FX_RATE],
    ["CtrctId", A.T_FX_CONTRACT],
    ["QtnDt", A.T_FX_DATE],
  ]);
  b.amount(details, "InstdAmt/Amt", A.T_INSTD_AMT);
  b.amount(details, "TxAmt/Amt", A.T_TXAMT_AMT);
  // The counter value is the result of the exchange (in the account's currency, like the entry): only its
  // exchange is read.
  for (const name of ["InstdAmt", "TxAmt", "CntrValAmt"]) b.link(b.at(details, name), "CcyXchg", fx);
  return details;
}

/** Charges: a list of `Chrgs` before 001.03 (each one charge), `Chrgs/Rcrd` records after. */
function charges(b: Builder, institutionNode: number): number {
  const chrgs = b.node({ open: A.O_CHRGS, close: A.C_CHRGS });
  const record = b.at(chrgs, "Rcrd", { open: A.O_RCRD, close: A.C_RCRD });
  for (const charge of [chrgs, record]) {
    b.amount(charge, "Amt", A.T_CHRG_AMT);
    b.leaves(charge, [
      ["Tp/Cd", A.T_CHRG_TYPE],
      ["Tp/PrtryCd", A.T_CHRG_TYPE],
      ["Tp/Prtry/Id", A.T_CHRG_TYPE],
      ["Br", A.T_CHRG_BEARER],
      ["ChrgInclInd", A.T_CHRG_INCL],
    ]);
    b.link(b.at(charge, "Agt", { open: A.O_CHRG_AGT, close: A.C_AGT }), "FinInstnId", institutionNode);
    b.link(b.at(charge, "Pty", { open: A.O_CHRG_AGT, close: A.C_AGT }), "FinInstnId", institutionNode);
  }
  return chrgs;
}

function remittance(b: Builder, tx: number): void {
  const rmt = b.at(tx, "RmtInf");
  b.at(rmt, "Ustrd", { text: A.T_USTRD });
  const strd = b.at(rmt, "Strd", { open: A.O_STRD, close: A.C_STRD });
  const doc = b.at(strd, "RfrdDocInf", { open: A.O_DOC, close: A.C_DOC });
  b.leaves(doc, [
    ["Tp/CdOrPrtry/Cd", A.T_DOC_TYPE],
    ["Tp/CdOrPrtry/Prtry", A.T_DOC_TYPE],
    ["Nb", A.T_DOC_NUMBER],
    ["RltdDt", A.T_DOC_DATE],
    ["RfrdDocTp/Cd", A.T_DOC_TYPE],
    ["RfrdDocTp/Prtry", A.T_DOC_TYPE],
    ["RfrdDocNb", A.T_DOC_NUMBER],
  ]);
  b.at(strd, "RfrdDocRltdDt", { text: A.T_STRD_DOC_DATE });
  b.amount(strd, "RfrdDocAmt/RmtdAmt", A.T_STRD_AMT);
  b.amount(strd, "RfrdDocAmt/DuePyblAmt", A.T_STRD_DUE_AMT);
  b.leaves(strd, [
    ["CdtrRefInf/Tp/CdOrPrtry/Cd", A.T_CREF_TYPE],
    ["CdtrRefInf/Tp/CdOrPrtry/Prtry", A.T_CREF_TYPE],
    ["CdtrRefInf/Tp/Issr", A.T_CREF_ISSUER],
    ["CdtrRefInf/Ref", A.T_CREF],
    ["CdtrRefInf/CdtrRefTp/Cd", A.T_CREF_TYPE],
    ["CdtrRefInf/CdtrRefTp/Prtry", A.T_CREF_TYPE],
    ["CdtrRefInf/CdtrRefTp/Issr", A.T_CREF_ISSUER],
    ["CdtrRefInf/CdtrRef", A.T_CREF],
    ["AddtlRmtInf", A.T_STRD_INFO],
  ]);
}

/** A related party: before 001.08 the party itself, from 001.08 a choice of `Pty` or `Agt`. */
function relatedParty(b: Builder, shapes: Shapes, parent: number, name: string, open: number): void {
  const node = b.at(parent, name, { open });
  b.adopt(node, shapes.party);
  b.link(node, "Pty", shapes.party);
  b.link(b.at(node, "Agt", { open: A.O_PARTY_AGT, close: A.C_AGT }), "FinInstnId", shapes.institution);
}

function transaction(b: Builder, shapes: Shapes): number {
  const tx = b.node({ open: A.O_TX, close: A.C_TX });
  b.leaves(b.at(tx, "Refs"), [
    ["MsgId", A.T_REF_MSGID],
    ["AcctSvcrRef", A.T_REF_ACCTSVCR],
    ["PmtInfId", A.T_REF_PMTINF],
    ["InstrId", A.T_REF_INSTR],
    ["EndToEndId", A.T_REF_E2E],
    ["UETR", A.T_REF_UETR],
    ["TxId", A.T_REF_TX],
    ["MndtId", A.T_REF_MNDT],
    ["ChqNb", A.T_REF_CHQ],
    ["ClrSysRef", A.T_REF_CLRSYS],
    ["AcctOwnrTxId", A.T_REF_OWNER_TX],
    ["AcctSvcrTxId", A.T_REF_SERVICER_TX],
  ]);
  b.amount(tx, "Amt", A.T_TX_AMT);
  b.link(tx, "AmtDtls", shapes.amountDetails);
  b.link(tx, "BkTxCd", shapes.bankTransactionCode);
  b.link(tx, "Chrgs", shapes.charges);
  const parties = b.at(tx, "RltdPties");
  relatedParty(b, shapes, parties, "Dbtr", A.O_DBTR);
  relatedParty(b, shapes, parties, "Cdtr", A.O_CDTR);
  relatedParty(b, shapes, parties, "UltmtDbtr", A.O_ULTMT_DBTR);
  relatedParty(b, shapes, parties, "UltmtCdtr", A.O_ULTMT_CDTR);
  b.link(b.at(parties, "DbtrAcct", { open: A.O_DBTR_ACCT }), "Id", shapes.accountId);
  b.link(b.at(parties, "CdtrAcct", { open: A.O_CDTR_ACCT }), "Id", shapes.accountId);
  const agents = b.at(tx, "RltdAgts");
  b.link(b.at(agents, "DbtrAgt", { open: A.O_DBTR_AGT, close: A.C_AGT }), "FinInstnId", shapes.institution);
  b.link(b.at(agents, "CdtrAgt", { open: A.O_CDTR_AGT, close: A.C_AGT }), "FinInstnId", shapes.institution);
  b.leaves(tx, [
    ["Purp/Cd", A.T_PURPOSE],
    ["Purp/Prtry", A.T_PURPOSE],
    ["RtrInf/Rsn/Cd", A.T_RTR_REASON],
    ["RtrInf/Rsn/Prtry", A.T_RTR_REASON],
    ["RtrInf/AddtlInf", A.T_RTR_INFO],
    ["RtrInf/RtrRsn/Cd", A.T_RTR_REASON],
    ["RtrInf/RtrRsn/Prtry", A.T_RTR_REASON],
    ["RtrInf/AddtlRtrRsnInf", A.T_RTR_INFO],
    ["AddtlTxInf", A.T_TX_INFO],
  ]);
  remittance(b, tx);
  return tx;
}

function batch(b: Builder): number {
  const btch = b.node({ open: A.O_BTCH });
  b.leaves(btch, [
    ["MsgId", A.T_BTCH_MSGID],
    ["PmtInfId", A.T_BTCH_PMTINFID],
    ["NbOfTxs", A.T_BTCH_COUNT],
    ["CdtDbtInd", A.T_BTCH_CDTDBT],
  ]);
  b.amount(btch, "TtlAmt", A.T_BTCH_TOTAL);
  return btch;
}

function entry(b: Builder, shapes: Shapes): number {
  const ntry = b.node({ open: A.O_NTRY, close: A.C_NTRY });
  b.amount(ntry, "Amt", A.T_NTRY_AMT);
  b.leaves(ntry, [
    ["CdtDbtInd", A.T_NTRY_CDTDBT],
    ["RvslInd", A.T_NTRY_RVSL],
    ["Sts", A.T_NTRY_STS],
    ["Sts/Cd", A.T_NTRY_STS],
    ["Sts/Prtry", A.T_NTRY_STS_PRTRY],
    ["BookgDt/Dt", A.T_NTRY_BOOK_DATE],
    ["BookgDt/DtTm", A.T_NTRY_BOOK_DATETIME],
    ["ValDt/Dt", A.T_NTRY_VALUE_DATE],
    ["ValDt/DtTm", A.T_NTRY_VALUE_DATETIME],
    ["AcctSvcrRef", A.T_REF_ACCTSVCR],
    ["AddtlNtryInf", A.T_NTRY_INFO],
  ]);
  b.link(ntry, "BkTxCd", shapes.bankTransactionCode);
  b.link(ntry, "AmtDtls", shapes.amountDetails);
  b.link(ntry, "Chrgs", shapes.charges);
  const tx = transaction(b, shapes);
  const btch = batch(b);
  const details = b.at(ntry, "NtryDtls", { open: A.O_NTRYDTLS });
  b.link(details, "Btch", btch);
  b.link(details, "TxDtls", tx);
  // 001.01 has the batch and the transactions directly in the entry.
  b.link(ntry, "Btch", btch);
  b.link(ntry, "TxDtls", tx);
  return ntry;
}

function balance(b: Builder): number {
  const bal = b.node({ open: A.O_BAL, close: A.C_BAL });
  b.leaves(bal, [
    ["Tp/CdOrPrtry/Cd", A.T_BAL_CODE],
    ["Tp/CdOrPrtry/Prtry", A.T_BAL_PRTRY],
    ["Tp/Cd", A.T_BAL_CODE],
    ["Tp/Prtry", A.T_BAL_PRTRY],
    ["CdtLine/Incl", A.T_BAL_LINE_INCL],
    ["CdtDbtInd", A.T_BAL_CDTDBT],
    ["Dt/Dt", A.T_BAL_DATE],
    ["Dt/DtTm", A.T_BAL_DATETIME],
  ]);
  b.amount(bal, "CdtLine/Amt", A.T_BAL_LINE_AMT);
  b.amount(bal, "Amt", A.T_BAL_AMT);
  return bal;
}

/** `Stmt`, `Rpt` and `Ntfctn` share one node: their content differs only in names the grammar lists all of. */
function statement(b: Builder, shapes: Shapes): number {
  const stmt = b.node({ open: A.O_STMT, close: A.C_STMT });
  b.leaves(stmt, [
    ["Id", A.T_STMT_ID],
    ["ElctrncSeqNb", A.T_STMT_ELECTRONIC],
    ["LglSeqNb", A.T_STMT_LEGAL],
    ["CreDtTm", A.T_STMT_CREATED],
    ["FrToDt/FrDtTm", A.T_STMT_FROM],
    ["FrToDt/ToDtTm", A.T_STMT_TO],
    ["AddtlStmtInf", A.T_STMT_INFO],
    ["AddtlRptInf", A.T_STMT_INFO],
    ["AddtlNtfctnInf", A.T_STMT_INFO],
  ]);
  for (const pagination of ["StmtPgntn", "RptPgntn", "NtfctnPgntn"]) {
    b.at(stmt, `${pagination}/PgNb`, { text: A.T_STMT_PAGE });
    b.at(stmt, `${pagination}/LastPgInd`, { text: A.T_STMT_LAST_PAGE });
  }
  const acct = b.at(stmt, "Acct", { open: A.O_ACCT });
  b.link(acct, "Id", shapes.accountId);
  b.leaves(acct, [
    ["Ccy", A.T_ACCT_CCY],
    ["Nm", A.T_ACCT_NAME],
    ["Ownr/Nm", A.T_ACCT_OWNER],
    ["Ownr/Pty/Nm", A.T_ACCT_OWNER],
  ]);
  b.link(b.at(acct, "Svcr", { open: A.O_SVCR, close: A.C_AGT }), "FinInstnId", shapes.institution);
  b.link(stmt, "Bal", balance(b));
  b.leaves(b.at(stmt, "TxsSummry"), [
    ["TtlNtries/NbOfNtries", A.T_SUM_COUNT],
    ["TtlNtries/TtlNetNtryAmt", A.T_SUM_NET],
    ["TtlNtries/CdtDbtInd", A.T_SUM_NET_CDTDBT],
    ["TtlNtries/TtlNetNtry/Amt", A.T_SUM_NET],
    ["TtlNtries/TtlNetNtry/CdtDbtInd", A.T_SUM_NET_CDTDBT],
    ["TtlCdtNtries/NbOfNtries", A.T_SUM_CDT_COUNT],
    ["TtlCdtNtries/Sum", A.T_SUM_CDT_SUM],
    ["TtlDbtNtries/NbOfNtries", A.T_SUM_DBT_COUNT],
    ["TtlDbtNtries/Sum", A.T_SUM_DBT_SUM],
  ]);
  b.link(stmt, "Ntry", entry(b, shapes));
  return stmt;
}

function build(): CamtGrammar {
  const b = new Builder();
  const institutionNode = institution(b);
  const shapes: Shapes = {
    institution: institutionNode,
    accountId: accountId(b),
    party: party(b),
    bankTransactionCode: bankTransactionCode(b),
    amountDetails: amountDetails(b),
    charges: charges(b, institutionNode),
  };
  const msg = b.at(OUTSIDE, "BkToCstmrStmt", { open: A.O_MSG, close: A.C_MSG });
  b.leaves(msg, [
    ["GrpHdr/CreDtTm", A.T_GRP_CREATED],
    ["GrpHdr/MsgPgntn/PgNb", A.T_GRP_PAGE],
    ["GrpHdr/MsgPgntn/LastPgInd", A.T_GRP_LAST_PAGE],
  ]);
  const stmt = statement(b, shapes);
  for (const name of ["Stmt", "Rpt", "Ntfctn"]) b.link(msg, name, stmt);
  return compile(b, MESSAGE_KINDS.keys(), msg);
}

/** The grammar, built once when the module loads (well under a millisecond). */
export const CAMT_GRAMMAR: CamtGrammar = build();
