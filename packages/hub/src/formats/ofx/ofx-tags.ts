/**
 * The OFX elements the statement builder reads, by kind. Aggregates open a context; leaves carry a value.
 * Anything else is either ignored (other message sets, sign-on details) or, inside a transaction, kept as
 * bank data under its own name.
 *
 * @module
 */

/** Aggregates the builder tracks, as small integers for a fast `switch`. */
export const Agg = {
  None: 0,
  Sonrs: 1,
  Status: 2,
  Fi: 3,
  StmtTrnRs: 4,
  StmtRs: 5,
  CcStmtRs: 6,
  AcctFrom: 7,
  TranList: 8,
  StmtTrn: 9,
  Payee: 10,
  AcctTo: 11,
  Currency: 12,
  OrigCurrency: 13,
  LedgerBal: 14,
  AvailBal: 15,
  Bal: 16,
  InvStmtRs: 17,
  LoanStmtRs: 18,
  InvAcctFrom: 19,
  MsgSet: 20,
} as const;

/** One of {@link Agg}. */
export type Agg = (typeof Agg)[keyof typeof Agg];

/** Aggregate names → their {@link Agg}. */
export const AGGREGATES: ReadonlyMap<string, Agg> = new Map([
  ["SONRS", Agg.Sonrs],
  ["STATUS", Agg.Status],
  ["FI", Agg.Fi],
  ["STMTTRNRS", Agg.StmtTrnRs],
  ["CCSTMTTRNRS", Agg.StmtTrnRs],
  ["STMTRS", Agg.StmtRs],
  ["CCSTMTRS", Agg.CcStmtRs],
  ["BANKACCTFROM", Agg.AcctFrom],
  ["CCACCTFROM", Agg.AcctFrom],
  ["BANKTRANLIST", Agg.TranList],
  ["STMTTRN", Agg.StmtTrn],
  ["PAYEE", Agg.Payee],
  ["BANKACCTTO", Agg.AcctTo],
  ["CCACCTTO", Agg.AcctTo],
  ["CURRENCY", Agg.Currency],
  ["ORIGCURRENCY", Agg.OrigCurrency],
  ["LEDGERBAL", Agg.LedgerBal],
  ["AVAILBAL", Agg.AvailBal],
  ["BAL", Agg.Bal],
  ["INVSTMTRS", Agg.InvStmtRs],
  ["LOANSTMTRS", Agg.LoanStmtRs],
  ["INVACCTFROM", Agg.InvAcctFrom],
  ["LOANACCTFROM", Agg.InvAcctFrom],
  ...[
    "SIGNONMSGSRSV1",
    "SIGNUPMSGSRSV1",
    "BANKMSGSRSV1",
    "CREDITCARDMSGSRSV1",
    "INVSTMTMSGSRSV1",
    "LOANMSGSRSV1",
    "INTERXFERMSGSRSV1",
    "WIREXFERMSGSRSV1",
    "BILLPAYMSGSRSV1",
    "EMAILMSGSRSV1",
    "SECLISTMSGSRSV1",
    "PRESDIRMSGSRSV1",
    "PRESDLVMSGSRSV1",
    "PROFMSGSRSV1",
    "TAX1099MSGSRSV1",
  ].map((name) => [name, Agg.MsgSet] as const),
]);

/**
 * Leaf elements of the OFX specification (1.6 and 2.x) that can appear empty: the SGML reader closes them
 * at the next tag even without text (`<NAME><MEMO>x`), where an unknown empty element would look like an
 * aggregate and swallow its siblings.
 */
export const LEAVES: ReadonlySet<string> = new Set([
  "ACCTID",
  "ACCTKEY",
  "ACCTTYPE",
  "ADDR1",
  "ADDR2",
  "ADDR3",
  "BALAMT",
  "BALTYPE",
  "BANKID",
  "BRANCHID",
  "BROKERID",
  "CHECKNUM",
  "CITY",
  "CODE",
  "CORRECTACTION",
  "CORRECTFITID",
  "COUNTRY",
  "CURDEF",
  "CURRATE",
  "CURSYM",
  "DESC",
  "DTACCTUP",
  "DTASOF",
  "DTAVAIL",
  "DTEND",
  "DTPOSTED",
  "DTPROFUP",
  "DTSERVER",
  "DTSTART",
  "DTUSER",
  "EXTDNAME",
  "FID",
  "FITID",
  "INV401KSOURCE",
  "LANGUAGE",
  "MEMO",
  "MESSAGE",
  "MKTGINFO",
  "NAME",
  "ORG",
  "PAYEEID",
  "PHONE",
  "POSTALCODE",
  "REFNUM",
  "SEVERITY",
  "SIC",
  "SRVRTID",
  "STATE",
  "TRNAMT",
  "TRNTYPE",
  "TRNUID",
  "VALUE",
]);
