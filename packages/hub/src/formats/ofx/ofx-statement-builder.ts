/**
 * Turns the element events of an OFX document (from the XML reader for 2.x, the SGML reader for 1.x) into
 * canonical statements: one per `<STMTRS>` (bank) or `<CCSTMTRS>` (credit card), however many
 * `<STMTTRNRS>` and message sets the file holds. Statements are handed on as they are read: the header at
 * the first entry (once the account is known), each entry as its transaction closes, and the statement's end
 * (with the balances, which OFX puts after the transactions) when it closes.
 *
 * This file routes the events: which aggregate a value belongs to, when a transaction or statement ends.
 * What the values become is in `ofx-statement-draft.ts` (statements) and `ofx-transaction.ts` (entries).
 * Investment and loan statements are reported (`OFX_INVESTMENT_UNSUPPORTED`), not read as bank statements.
 *
 * @module
 */
import {
  type BankTransactionCode,
  type CurrencyCode,
  type Entry,
  type IsoDateTime,
  type Statement,
  toCurrencyCode,
} from "../../core/index.js";
import type { XmlAttributes, XmlHandler } from "../xml/index.js";
import { OfxFitIds } from "./ofx-fitids.js";
import { type OfxIssues, OfxTallies } from "./ofx-issues.js";
import {
  checkOfxCorrection,
  checkOfxFitId,
  finishOfxStatement,
  type OfxBalanceDraft,
  type OfxStatementDraft,
  ofxStatementHead,
  ofxTransactionPath,
} from "./ofx-statement-draft.js";
import { AGGREGATES, Agg, LEAVES } from "./ofx-tags.js";
import { buildOfxEntry, type OfxCurrencyDraft, type OfxTransactionDraft } from "./ofx-transaction.js";
import { type OfxDate, parseOfxDate } from "./ofx-values.js";
import { noteDate } from "./ofx-written-forms.js";

interface StatusDraft {
  code?: string;
  severity?: string;
  message?: string;
}

/** A STATUS code that is 0: success. */
const ZEROS = /^0+$/;

/** Receives the statements of an {@link OfxStatementBuilder}, in document order. */
export interface OfxStatementSink {
  /** A statement begins: its header (account, period, balances read so far; `entries` empty). */
  statement(statement: Statement, index: number): void;
  /** One entry of statement `statementIndex`. */
  entry(entry: Entry, statementIndex: number): void;
  /** The statement ended: complete except its entries (`entries` empty), and how many it had. */
  statementEnd(statement: Statement, index: number, entries: number): void;
}

/** STMTTRN's children (OFX 2.1.1 §11.4.3), with 2.2's additions and STMTTRNP's DTTRAN and DTEXPIRE. */
const STMTTRN_CHILDREN: ReadonlySet<string> = new Set([
  "TRNTYPE",
  "DTPOSTED",
  "DTUSER",
  "DTAVAIL",
  "TRNAMT",
  "FITID",
  "CORRECTFITID",
  "CORRECTACTION",
  "SRVRTID",
  "CHECKNUM",
  "REFNUM",
  "SIC",
  "PAYEEID",
  "NAME",
  "EXTDNAME",
  "PAYEE",
  "BANKACCTTO",
  "CCACCTTO",
  "MEMO",
  "IMAGEDATA",
  "CURRENCY",
  "ORIGCURRENCY",
  "INV401KSOURCE",
  "DTTRAN",
  "DTEXPIRE",
]);

/** The STMTTRN leaves kept in a field of their own, by name (as `#transactionLeaf` stores them; MEMO aside). */
const LEAF_FIELDS: ReadonlyMap<string, "trnType" | "dtPosted" | "trnAmt" | "fitId" | "name" | "checkNum" | "refNum" | "dtAvail"> = new Map([
  ["TRNTYPE", "trnType"],
  ["DTPOSTED", "dtPosted"],
  ["TRNAMT", "trnAmt"],
  ["FITID", "fitId"],
  ["NAME", "name"],
  ["CHECKNUM", "checkNum"],
  ["REFNUM", "refNum"],
  ["DTAVAIL", "dtAvail"],
]);

/**
 * What can follow a transaction whose end tag is missing: the next transaction, the rest of its statement (balances,
 * the pending list, marketing text), the next statement or message set.
 */
const AFTER_TRANSACTION: ReadonlySet<string> = new Set([
  "STMTTRN",
  "STMTTRNP",
  "BANKTRANLISTP",
  "LEDGERBAL",
  "AVAILBAL",
  "CASHADVBALAMT",
  "INTRATEPURCH",
  "INTRATECASH",
  "INTRATEXFER",
  "REWARDINFO",
  "BALLIST",
  "MKTGINFO",
  "STMTRS",
  "CCSTMTRS",
  "STMTTRNRS",
  "CCSTMTTRNRS",
  "BANKMSGSRSV1",
  "CREDITCARDMSGSRSV1",
  "STMTENDTRNRS",
  "CCSTMTENDTRNRS",
]);

/** A response message set (`BILLPAYMSGSRSV1`, `LOANMSGSRSV1`…), any of which can follow the bank's; not sign-on or sign-up, which come first. */
function isLaterMessageSet(name: string): boolean {
  return name.endsWith("MSGSRSV1") && name !== "SIGNONMSGSRSV1" && name !== "SIGNUPMSGSRSV1";
}

/** Builds statements from OFX element events. Use one builder per document. */
export class OfxStatementBuilder implements XmlHandler {
  readonly #sink: OfxStatementSink;
  /** Statements handed on so far. */
  statements = 0;
  readonly #issues: OfxIssues;
  readonly #ctx: Agg[] = [];
  #text: string | undefined;
  #serverTime: IsoDateTime | undefined;
  #org: string | undefined;
  #msgSet = "OFX";
  #responses = 0;
  #statement: OfxStatementDraft | undefined;
  #txn: OfxTransactionDraft | undefined;
  #balance: OfxBalanceDraft | undefined;
  #currency: OfxCurrencyDraft | undefined;
  #status: StatusDraft | undefined;
  /**
   * The failed status of the statement response being read (STMTTRNRS, CCSTMTTRNRS), reported when its statement
   * begins (which it then names) or when the response ends without one: STATUS comes before STMTRS.
   */
  #responseStatus: { readonly status: StatusDraft; readonly code: string } | undefined;
  /** The path of the statement read in the statement response being read, once one began. */
  #responseStatement: string | undefined;
  /** Open investment or loan statements: everything inside is skipped except their account id. */
  #skip = 0;
  #skipAccount: string | undefined;
  /** How many bank and card statements, readable or not, the document holds. */
  statementCount = 0;
  readonly #codes = new Map<string, BankTransactionCode>();
  readonly #dates = new Map<string, OfxDate>();
  /** Leaf values read so far: the place of each in the document, so that a warning names the first in the file. */
  #values = 0;
  /** DTSERVER written in an unusual form: counted once a statement, whose createdAt it is, is read. */
  readonly #serverNotes = new OfxTallies();

  constructor(issues: OfxIssues, sink: OfxStatementSink) {
    this.#issues = issues;
    this.#sink = sink;
  }

  /** Where reading is: the open transaction's path, else the open statement's, else `""` (the document). */
  get location(): string {
    return this.#txn?.path ?? this.#statement?.path ?? "";
  }

  /**
   * Whether the OFX element `name` can begin where reading is, inside the text of the leaf `inside` (for the SGML
   * reader, about a tag that follows text after a space). Inside a transaction's text it cannot when the
   * transaction has it already (no STMTTRN child but MEMO is written twice; an empty one does not count), nor when
   * it is no part of a transaction (`RE: <STATUS> update`, `Transfer to <BANKACCTFROM> 555`), unless it is what can
   * follow a transaction whose end tag is missing: the next STMTTRN, LEDGERBAL, statement ({@link AFTER_TRANSACTION}).
   * Elsewhere always.
   */
  fitsHere(name: string, inside: string): boolean {
    const t = this.#txn;
    if (t === undefined || this.#skip > 0 || this.#ctx[this.#ctx.length - 1] !== Agg.StmtTrn) return true;
    // Inside a NAME's own text, whose value is not stored yet: a second NAME there is a word of it.
    if (name === "NAME" && inside === "NAME") return false;
    if (!STMTTRN_CHILDREN.has(name)) return AFTER_TRANSACTION.has(name) || isLaterMessageSet(name);
    if (name === "MEMO") return true;
    const field = LEAF_FIELDS.get(name);
    if (field !== undefined) {
      const value = t[field];
      return value === undefined || value === "";
    }
    switch (name) {
      case "PAYEE":
        return t.payeeName === undefined && t.address === undefined;
      case "BANKACCTTO":
      case "CCACCTTO":
        return t.counterAccount === undefined;
      case "CURRENCY":
      case "ORIGCURRENCY":
        return t.currency === undefined;
      default:
        return t.bankData === undefined || !Object.hasOwn(t.bankData, name);
    }
  }

  /** The open statement's path, else `""`. */
  get statementLocation(): string {
    return this.#statement?.path ?? "";
  }

  open(name: string, _attributes: XmlAttributes | undefined): void {
    this.#text = undefined;
    const agg = AGGREGATES.get(name);
    if (agg === undefined) return;
    if (agg === Agg.MsgSet) {
      this.#msgSet = name;
      this.#responses = 0;
    }
    const parent = this.#ctx[this.#ctx.length - 1] ?? Agg.None;
    this.#ctx.push(agg);
    if (this.#skip > 0) return;
    switch (agg) {
      case Agg.StmtTrnRs:
        // A response inside a response: the first one's end tag is missing (SGML).
        this.#reportStatus(this.#responseStatus);
        this.#responseStatement = undefined;
        this.#responses++;
        break;
      case Agg.StmtRs:
      case Agg.CcStmtRs:
        // A statement inside a statement: the first one's end tag is missing (SGML), as statements never nest.
        // It ends here, with its open transaction, so that both are kept rather than the first replaced.
        if (this.#statement !== undefined) this.#unclosedStatement(this.#statement, name);
        this.statementCount++;
        this.#statement = {
          creditCard: agg === Agg.CcStmtRs,
          path: `/OFX/${this.#msgSet}/${agg === Agg.CcStmtRs ? "CCSTMTTRNRS" : "STMTTRNRS"}[${Math.max(this.#responses, 1)}]/${name}`,
          list: [],
          deferred: [],
          transactions: 0,
          pendingTransactions: 0,
          head: undefined,
          waiting: [],
          entries: 0,
          noFitId: 0,
          fitIds: new OfxFitIds(),
          notes: new OfxTallies(),
        };
        this.#responseStatement = this.#statement.path;
        this.#reportStatus(this.#responseStatus);
        break;
      case Agg.StmtTrn:
        if (this.#statement !== undefined) {
          const s = this.#statement;
          // A STMTTRN inside a STMTTRN: the first one's end tag is missing (SGML), as STMTTRNs never nest.
          // It ends here, so that it is kept rather than replaced; the end tags that do come end the new one.
          if (this.#txn !== undefined) this.#unclosedTransaction(s, this.#txn);
          if (this.#ctx.includes(Agg.TranListP)) {
            // Pending (OFX 2.2): numbered in their own list, apart from the posted transactions, and not read.
            s.pendingTransactions++;
            this.#txn = { path: `${s.path}/BANKTRANLISTP/${name}[${s.pendingTransactions}]`, number: s.pendingTransactions, pending: true };
          } else {
            s.transactions++;
            this.#txn = { path: ofxTransactionPath(s, s.transactions), number: s.transactions };
          }
        }
        break;
      case Agg.Currency:
      case Agg.OrigCurrency:
        this.#currency = undefined;
        if (parent === Agg.Bal && this.#balance !== undefined) {
          // A BALLIST balance in a currency other than CURDEF (OFX 2.1.1 §3.1.4).
          this.#currency = { original: agg === Agg.OrigCurrency };
          this.#balance.currency = this.#currency;
        } else if (parent === Agg.StmtTrn && this.#txn !== undefined) {
          this.#currency = { original: agg === Agg.OrigCurrency };
          this.#txn.currency = this.#currency;
        }
        break;
      case Agg.LedgerBal:
      case Agg.AvailBal:
        if (this.#statement !== undefined) {
          this.#balance = {};
          if (agg === Agg.LedgerBal) this.#statement.ledger = this.#balance;
          else this.#statement.avail = this.#balance;
        }
        break;
      case Agg.Bal:
        if (this.#statement !== undefined) {
          this.#balance = {};
          this.#statement.list.push(this.#balance);
        }
        break;
      case Agg.Status:
        this.#status = {};
        break;
      case Agg.InvStmtRs:
      case Agg.LoanStmtRs:
        this.#skip = 1;
        this.#skipAccount = undefined;
        break;
      default:
        break;
    }
  }

  text(value: string): void {
    this.#text = this.#text === undefined ? value : this.#text + value;
  }

  close(name: string): void {
    const text = this.#text;
    this.#text = undefined;
    const agg = AGGREGATES.get(name);
    if (agg === undefined) {
      if (text !== undefined || LEAVES.has(name)) this.#leaf(name, text === undefined ? "" : text.trim());
      return;
    }
    this.#ctx.pop();
    if (this.#skip > 0) {
      if (agg === Agg.InvStmtRs || agg === Agg.LoanStmtRs) this.#endSkipped(name);
      return;
    }
    switch (agg) {
      case Agg.StmtTrn:
        if (this.#txn !== undefined && this.#statement !== undefined) this.#endTransaction(this.#statement, this.#txn);
        this.#txn = undefined;
        break;
      case Agg.StmtRs:
      case Agg.CcStmtRs:
        if (this.#statement !== undefined) this.#endStatement(this.#statement);
        this.#statement = undefined;
        break;
      case Agg.Status:
        this.#endStatus();
        break;
      case Agg.StmtTrnRs:
        this.#reportStatus(this.#responseStatus);
        this.#responseStatement = undefined;
        break;
      case Agg.Currency:
      case Agg.OrigCurrency:
        this.#currency = undefined;
        break;
      case Agg.LedgerBal:
      case Agg.AvailBal:
      case Agg.Bal:
        this.#balance = undefined;
        break;
      default:
        break;
    }
  }

  #leaf(name: string, value: string): void {
    const top = this.#ctx[this.#ctx.length - 1] ?? Agg.None;
    const at = this.#values++;
    if (this.#skip > 0) {
      if (top === Agg.InvAcctFrom && name === "ACCTID") this.#skipAccount = value;
      return;
    }
    switch (top) {
      case Agg.StmtTrn:
        if (this.#txn !== undefined) this.#transactionLeaf(this.#txn, name, value, at);
        return;
      case Agg.Payee: {
        const t = this.#txn;
        if (t === undefined || value === "") return;
        if (name === "NAME") t.payeeName = value;
        else if (
          name === "ADDR1" ||
          name === "ADDR2" ||
          name === "ADDR3" ||
          name === "CITY" ||
          name === "STATE" ||
          name === "POSTALCODE" ||
          name === "COUNTRY"
        ) {
          t.address = t.address === undefined ? [value] : [...t.address, value];
        } else if (name === "PHONE") t.bankData = { ...t.bankData, PAYEE_PHONE: value };
        return;
      }
      case Agg.AcctTo:
        if (this.#txn === undefined) return;
        if (name === "ACCTID") this.#txn.counterAccount = value;
        else if (name === "BANKID") this.#txn.counterBank = value;
        return;
      case Agg.Currency:
      case Agg.OrigCurrency:
        if (this.#currency === undefined) return;
        if (name === "CURRATE") this.#currency.rate = value;
        else if (name === "CURSYM") this.#currency.symbol = value;
        return;
      case Agg.StmtRs:
      case Agg.CcStmtRs:
        if (name === "CURDEF" && this.#statement !== undefined) {
          this.#statement.curDef = value;
          this.#statement.currency = value === "" ? undefined : toCurrencyCode(value);
        }
        return;
      case Agg.AcctFrom: {
        const s = this.#statement;
        if (s === undefined) return;
        if (name === "ACCTID") s.acctId = value;
        else if (name === "BANKID") s.bankId = value;
        else if (name === "BRANCHID") s.branchId = value;
        else if (name === "ACCTTYPE") s.acctType = value;
        return;
      }
      case Agg.TranList:
        if (this.#statement === undefined) return;
        if (name === "DTSTART") {
          this.#statement.dtStart = value;
          this.#statement.dtStartAt = at;
        } else if (name === "DTEND") {
          this.#statement.dtEnd = value;
          this.#statement.dtEndAt = at;
        }
        return;
      case Agg.LedgerBal:
      case Agg.AvailBal:
      case Agg.Bal: {
        const b = this.#balance;
        if (b === undefined) return;
        if (name === "BALAMT" || name === "VALUE") {
          b.amount = value;
          b.amountAt = at;
        } else if (name === "DTASOF") {
          b.asOf = value;
          b.asOfAt = at;
        } else if (name === "NAME" || (name === "DESC" && b.name === undefined)) b.name = value;
        else if (name === "BALTYPE") b.type = value.toUpperCase();
        return;
      }
      case Agg.Status:
        if (this.#status === undefined) return;
        if (name === "CODE") this.#status.code = value;
        else if (name === "SEVERITY") this.#status.severity = value.toUpperCase();
        else if (name === "MESSAGE") this.#status.message = value;
        return;
      case Agg.Sonrs:
        if (name === "DTSERVER") {
          const d = parseOfxDate(value);
          this.#serverTime = d.kind === "date" ? d.dateTime : undefined;
          noteDate(this.#serverNotes, d, value, name, `/OFX/${this.#msgSet}/SONRS`, at);
        }
        return;
      case Agg.Fi:
        if (name === "ORG" && value !== "") this.#org = value;
        return;
      default:
        return;
    }
  }

  /**
   * Builds a transaction's entry as soon as it closes, so the draft dies young; until the statement's currency
   * is known (CURDEF missing or after the transactions), drafts wait for the end of the statement.
   */
  #endTransaction(s: OfxStatementDraft, t: OfxTransactionDraft): void {
    // Pending transactions (OFX 2.2) are counted, not read: they have no FITID, so the posted transaction of a
    // later download could not replace them, and they would stay in the store beside it (finishOfxStatement).
    if (t.pending === true) return;
    const currency = s.deferred.length > 0 ? undefined : s.currency;
    if (currency === undefined) {
      s.deferred.push(t);
      return;
    }
    this.#addEntry(s, t, currency);
  }

  #addEntry(s: OfxStatementDraft, t: OfxTransactionDraft, currency: CurrencyCode): void {
    const entry = buildOfxEntry(t, { currency, issues: this.#issues, codes: this.#codes, dates: this.#dates, notes: s.notes });
    if (entry === undefined) return;
    const fitId = entry.references?.bankReference;
    checkOfxCorrection(s, t, this.#issues);
    if (fitId === undefined) s.noFitId++;
    else checkOfxFitId(s, t, fitId, this.#issues);
    const head = s.head ?? this.#head(s, currency);
    if (head === undefined) {
      s.waiting.push(entry);
      return;
    }
    s.entries++;
    this.#sink.entry(entry, head.index);
  }

  /**
   * Hands on the statement's header, and the entries that waited for it, once its account is known; until
   * then (no ACCTID yet: a statement that names its account after its transactions) `undefined`.
   */
  #head(s: OfxStatementDraft, currency: CurrencyCode): OfxStatementDraft["head"] {
    if ((s.acctId ?? "").trim() === "") return undefined;
    const head = {
      statement: ofxStatementHead(s, currency, { serverTime: this.#serverTime, org: this.#org }),
      index: this.statements++,
      currency,
    };
    s.head = head;
    this.#sink.statement(head.statement, head.index);
    for (const entry of s.waiting) {
      s.entries++;
      this.#sink.entry(entry, head.index);
    }
    s.waiting.length = 0;
    return head;
  }

  #endStatement(s: OfxStatementDraft): void {
    const statement = finishOfxStatement(s, {
      issues: this.#issues,
      serverTime: this.#serverTime,
      org: this.#org,
      build: (t, currency) => this.#addEntry(s, t, currency),
    });
    if (statement === undefined) return;
    const currency = statement.account.currency;
    const head = s.head ?? (currency === undefined ? undefined : this.#head(s, currency));
    if (head === undefined) return;
    // Read: what it wrote in unusual forms counts now (a statement not read drops its notes with it), and DTSERVER's.
    s.notes.addTo(this.#issues);
    this.#serverNotes.addTo(this.#issues);
    this.#sink.statementEnd(statement, head.index, s.entries);
  }

  /** Ends transaction `t`, whose end tag is missing, where `next` (another STMTTRN by default) begins inside it. */
  #unclosedTransaction(s: OfxStatementDraft, t: OfxTransactionDraft, next = `STMTTRN[${s.transactions + 1}]`): void {
    this.#issues.add(
      "warning",
      "OFX_AGGREGATE_UNCLOSED",
      `STMTTRN[${t.number}] has no end tag: ${next} begins inside it; it was ended there and kept`,
      t.path,
      { element: "STMTTRN" },
    );
    this.#txn = undefined;
    this.#currency = undefined;
    this.#endTransaction(s, t);
  }

  /** Ends statement `s`, whose end tag is missing, where a `next` statement begins inside it. */
  #unclosedStatement(s: OfxStatementDraft, next: string): void {
    this.#issues.add(
      "warning",
      "OFX_AGGREGATE_UNCLOSED",
      `${s.creditCard ? "CCSTMTRS" : "STMTRS"} has no end tag: a ${next} begins inside it; it was ended there and kept`,
      s.path,
      { element: s.creditCard ? "CCSTMTRS" : "STMTRS" },
    );
    const t = this.#txn;
    if (t !== undefined) this.#unclosedTransaction(s, t, `a ${next}`);
    this.#balance = undefined;
    this.#currency = undefined;
    this.#statement = undefined;
    this.#endStatement(s);
  }

  #transactionLeaf(t: OfxTransactionDraft, name: string, value: string, at: number): void {
    switch (name) {
      case "TRNTYPE":
        t.trnType = value;
        return;
      case "DTPOSTED":
        t.dtPosted = value;
        t.dtPostedAt = at;
        return;
      case "TRNAMT":
        t.trnAmt = value;
        t.trnAmtAt = at;
        return;
      case "FITID":
        t.fitId = value;
        return;
      case "NAME":
        t.name = value;
        return;
      case "MEMO":
        // One MEMO per transaction (OFX 2.1.1 §11.4.3); a bank that writes two means two lines, not a replacement.
        if (t.memo === undefined || t.memo === "") t.memo = value;
        else if (value !== "") t.extraMemos = [...(t.extraMemos ?? []), value];
        return;
      case "CHECKNUM":
        t.checkNum = value;
        return;
      case "REFNUM":
        t.refNum = value;
        return;
      case "DTAVAIL":
        t.dtAvail = value;
        t.dtAvailAt = at;
        return;
      default:
        // DTUSER, SRVRTID, SIC, PAYEEID, EXTDNAME, CORRECTFITID, bank extensions (VALUEDATE, CATEGORY…):
        // no canonical home, so kept verbatim under their element name.
        if (value !== "") {
          if (t.bankData === undefined) t.bankData = {};
          t.bankData[name] = value;
        }
    }
  }

  #endStatus(): void {
    const s = this.#status;
    this.#status = undefined;
    // Code 0 is success, however many digits it is written with (0000).
    if (s === undefined || s.code === undefined || ZEROS.test(s.code)) return;
    const code = s.code.slice(0, 10);
    const parent = this.#ctx[this.#ctx.length - 1] ?? Agg.None;
    // A statement response's status waits for its statement, unless that came first (STATUS belongs before STMTRS).
    if (parent === Agg.StmtTrnRs && this.#responseStatement === undefined) this.#responseStatus = { status: s, code };
    else
      this.#reportStatus(
        { status: s, code },
        parent === Agg.Sonrs ? "sign-on" : parent === Agg.StmtTrnRs ? "statement request" : "request",
      );
  }

  /**
   * Reports a failed status (the status of a statement response, `where` it belongs, by default): with the path of
   * the statement read from its response, if any, which an error may have left incomplete.
   */
  #reportStatus(found: { readonly status: StatusDraft; readonly code: string } | undefined, where = "statement request"): void {
    if (found === undefined) return;
    if (found === this.#responseStatus) this.#responseStatus = undefined;
    const { status: s, code } = found;
    const statement = where === "statement request" ? this.#responseStatement : undefined;
    const severity = s.severity === "ERROR" ? "error" : "warning";
    // Reported as the statement begins, before it is known whether it can be read (one that cannot is reported with
    // its own code): the message says the response holds one, not that it was read.
    const read =
      statement === undefined
        ? ""
        : `; its response holds a statement all the same${severity === "error" ? ", which may be incomplete" : ""}`;
    this.#issues.add(
      severity,
      "OFX_SERVER_STATUS",
      `the bank answered the ${where} with status ${code} (${s.severity ?? "no severity"})${s.message === undefined ? "" : `: ${s.message.slice(0, 200)}`}${read}`,
      `/OFX/${this.#msgSet}`,
      {
        code,
        severity: s.severity,
        message: s.message?.slice(0, 200),
        ...(statement === undefined ? {} : { statement }),
      },
    );
  }

  #endSkipped(name: string): void {
    this.#skip = 0;
    this.#issues.add(
      "error",
      "OFX_INVESTMENT_UNSUPPORTED",
      `${name === "LOANSTMTRS" ? "loan" : "investment"} statement (${name})${this.#skipAccount === undefined ? "" : ` of account ${this.#skipAccount.slice(0, 40)}`} is not supported; it was not read`,
      `/OFX/${this.#msgSet}`,
      { element: name, ...(this.#skipAccount === undefined ? {} : { account: this.#skipAccount.slice(0, 40) }) },
    );
  }
}
