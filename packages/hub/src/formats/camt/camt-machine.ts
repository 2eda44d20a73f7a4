/**
 * The camt state machine: an {@link XmlHandler} that follows the grammar table (`camt-grammar.ts`) over the
 * XML reader's events, fills the records of the statement and entry being read, and hands each finished
 * statement header, entry and statement end to a {@link CamtSink}. The whole-file parser and the streaming
 * parser are two sinks over this one machine.
 *
 * Memory: the machine holds the records of one statement header and one entry, never the document; what it
 * has handed to the sink it forgets. Speed: per element one `Map` lookup, one table read and a switch; no
 * regular expression, no closure, no object per element except the records the model needs.
 *
 * Text of transaction facts is stored by the {@link FactsCursor} (`camt-facts-text.ts`), text around the entries
 * by `camt-header-text.ts`; this file keeps the element stack, the opening and closing actions and the entry's
 * own fields. It is a little over our usual size because those share the machine's private state.
 *
 * @module
 */
import { type DocumentId, datePart, type Entry, type Issue, type IssueSeverity, type Statement } from "../../core/index.js";
import { DEFAULT_MAX_DEPTH, type XmlAttributes, type XmlHandler, type XmlPosition } from "../xml/index.js";
import * as A from "./camt-actions.js";
import { buildBalance, buildEntry, buildHeader, type MessageContext, type Report } from "./camt-build.js";
import {
  AccountRecord,
  AgentRecord,
  BalanceRecord,
  ChargeRecord,
  DocumentRecord,
  EntryRecord,
  ExchangeRecord,
  FactsRecord,
  PartyRecord,
  StatementRecord,
  StructuredRecord,
} from "./camt-collectors.js";
import { FactsCursor, push } from "./camt-facts-text.js";
import { CAMT_GRAMMAR, MESSAGE_KINDS, OUTSIDE, SKIP } from "./camt-grammar.js";
import { balanceText, groupText, statementText } from "./camt-header-text.js";
import { ValueReader } from "./camt-value-reader.js";
import { collapse } from "./camt-values.js";

/** Receives what the machine reads, in document order. */
export interface CamtSink {
  /** A statement's header (no entries yet): at its first entry, or at its end when it has none. */
  statement(header: Statement, index: number): void;
  /** One entry of the statement `statementIndex`. */
  entry(entry: Entry, statementIndex: number): void;
  /** The statement's end, with its header complete (text after the entries included) and its entry count. */
  statementEnd(statement: Statement, index: number, entries: number): void;
  /** A finding about the document (a value not read, an element missing). */
  issue(issue: Issue): void;
}

/** Options of {@link CamtMachine}. */
export interface CamtMachineOptions {
  /** The raw document's id, for the `source` of statements and entries. */
  readonly documentId?: DocumentId | undefined;
  /** The XML reader's depth limit, which bounds the machine's stacks. @default DEFAULT_MAX_DEPTH */
  readonly maxDepth?: number;
}

const { names: NAME_IDS, width: WIDTH, transitions: TABLE, open: OPEN, text: TEXT, close: CLOSE } = CAMT_GRAMMAR;

/** The state machine; feed it to `createXmlReader(machine, { localNames: true })`. */
export class CamtMachine implements XmlHandler {
  readonly #sink: CamtSink;
  readonly #documentId: DocumentId | undefined;
  #position: (() => XmlPosition) | undefined;

  /**
   * The grammar node of the innermost element read, and per open element read (depth 1 is the document element)
   * its parent's node, its local name and its ordinal among its repeated siblings (0: none). Elements inside one
   * the grammar skips are not on the stack, only counted in `#skipped`.
   */
  #state = OUTSIDE;
  #parents: Uint16Array;
  #names: string[];
  #ordinals: Int32Array;
  #depth = 0;
  #skipped = 0;

  #messages = 0;
  #message: MessageContext = { kind: "statement", documentId: undefined, createdAt: undefined, page: undefined, lastPage: undefined };
  #statementOrdinal = 0;
  #statementCount = 0;

  #stmt: StatementRecord | undefined;
  #entry: EntryRecord | undefined;
  #balance: BalanceRecord | undefined;
  readonly #cursor = new FactsCursor();
  /**
   * Where the cursor points between entries. The grammar reads transaction facts only inside an `Ntry`, so nothing
   * is written here; one record per machine instead of a new one (about 400 bytes) after every entry.
   */
  readonly #outside = this.#cursor.facts;
  readonly #values = new ValueReader((severity, code, message) => this.#issue(severity, code, message));

  readonly #report: Report = (severity, code, message, path, line) => {
    this.#sink.issue({ severity, code, message: `${message} (${path}, line ${line})`, path, line });
  };

  constructor(sink: CamtSink, options: CamtMachineOptions = {}) {
    this.#sink = sink;
    this.#documentId = options.documentId;
    const size = (options.maxDepth ?? DEFAULT_MAX_DEPTH) + 2;
    this.#parents = new Uint16Array(size);
    this.#names = new Array<string>(size).fill("");
    this.#ordinals = new Int32Array(size);
  }

  /** Lets the machine ask the reader where it is, for lines in `source` and in issues. */
  attach(reader: { position(): XmlPosition }): void {
    this.#position = () => reader.position();
  }

  /** How many camt messages (`BkToCstmr…`) the document had so far. */
  get messages(): number {
    return this.#messages;
  }

  /** How many statements were handed to the sink so far (skipped ones not counted). */
  get statements(): number {
    return this.#statementCount;
  }

  open(name: string, attributes: XmlAttributes | undefined): void {
    // Inside an element the grammar does not read, only the nesting is counted: nothing there has an action.
    if (this.#skipped > 0) {
      this.#skipped++;
      return;
    }
    const state = TABLE[this.#state * WIDTH + (NAME_IDS.get(name) ?? 0)]!;
    if (state === SKIP) {
      this.#skipped = 1;
      return;
    }
    const depth = ++this.#depth;
    if (depth >= this.#parents.length) this.#grow();
    this.#parents[depth] = this.#state;
    this.#state = state;
    this.#names[depth] = name;
    this.#ordinals[depth] = 0;
    const action = OPEN[state]!;
    if (action !== 0) this.#open(action, name, attributes);
  }

  text(value: string): void {
    if (this.#skipped > 0) return;
    const action = TEXT[this.#state]!;
    if (action !== 0) this.#text(action, value);
  }

  close(): void {
    if (this.#skipped > 0) {
      this.#skipped--;
      return;
    }
    const action = CLOSE[this.#state]!;
    if (action !== 0) this.#close(action);
    this.#state = this.#parents[this.#depth--]!;
  }

  /**
   * Padding the reader skipped (`padding` option): blank lines before the XML declaration, NULs after the root element
   * (fixed-size records of host-to-host transfers). Banks deliver such files; the statements in them are complete.
   * The line, not the offset, locates it: offsets count bytes when the reader reads UTF-8 bytes, and characters otherwise.
   */
  padding(kind: "leading" | "trailing", length: number, position: XmlPosition): void {
    const where = `they were skipped (line ${position.line})`;
    this.#sink.issue(
      kind === "leading"
        ? {
            severity: "warning",
            code: "XML_LEADING_WHITESPACE",
            message: `the document starts with ${length} characters of white space before its XML declaration, which XML does not allow; ${where}`,
            line: position.line,
            details: { length },
          }
        : {
            severity: "warning",
            code: "XML_TRAILING_PADDING",
            message: `the document ends with ${length} NUL characters and white space after its root element, which XML does not allow (the padding of fixed-size records); ${where}`,
            line: position.line,
            details: { length },
          },
    );
  }

  /** Deeper than the reader's limit cannot happen with our reader; another one gets room rather than a wrong state. */
  #grow(): void {
    const size = this.#parents.length * 2;
    const parents = new Uint16Array(size);
    parents.set(this.#parents);
    const ordinals = new Int32Array(size);
    ordinals.set(this.#ordinals);
    this.#parents = parents;
    this.#ordinals = ordinals;
    this.#names.length = size;
  }

  #line(): number {
    return this.#position?.().line ?? 0;
  }

  /** The XPath-like location of the element at `depth` (`/Document/BkToCstmrStmt/Stmt[1]/Ntry[3]`). */
  #path(depth = this.#depth): string {
    let path = "";
    for (let d = 1; d <= depth; d++) {
      const ordinal = this.#ordinals[d]!;
      path += ordinal === 0 ? `/${this.#names[d]}` : `/${this.#names[d]}[${ordinal}]`;
    }
    return path;
  }

  #issue(severity: IssueSeverity, code: string, message: string): void {
    this.#report(severity, code, message, this.#path(), this.#line());
  }

  /** The header of the current statement, handed to the sink once (at its first entry or its end). */
  #ensureHeader(stmt: StatementRecord): void {
    if (stmt.index !== -1) return;
    const header = buildHeader(stmt, this.#message, this.#report);
    if (header === undefined) {
      stmt.index = -2;
      return;
    }
    stmt.index = this.#statementCount++;
    this.#sink.statement(header, stmt.index);
  }

  #open(action: number, name: string, attributes: XmlAttributes | undefined): void {
    const depth = this.#depth;
    switch (action) {
      case A.O_AMT:
        this.#values.amountOpened(attributes);
        return;
      case A.O_TX: {
        const entry = this.#entry!;
        const ordinal = ++entry.transactionsInBlock;
        this.#ordinals[depth] = ordinal;
        const tx = new FactsRecord();
        tx.line = this.#line();
        // Built from the entry's path rather than the whole element stack: this runs for every transaction.
        const block = entry.detailsBlocks;
        const within = this.#names[depth - 1] !== "NtryDtls" ? "" : block > 1 ? `/NtryDtls[${block}]` : "/NtryDtls";
        tx.path = `${entry.path}${within}/TxDtls[${ordinal}]`;
        this.#cursor.facts = tx;
        return;
      }
      case A.O_DBTR:
        this.#cursor.party = this.#cursor.facts.debtor = new PartyRecord();
        return;
      case A.O_CDTR:
        this.#cursor.party = this.#cursor.facts.creditor = new PartyRecord();
        return;
      case A.O_ULTMT_DBTR:
        this.#cursor.party = this.#cursor.facts.ultimateDebtor = new PartyRecord();
        return;
      case A.O_ULTMT_CDTR:
        this.#cursor.party = this.#cursor.facts.ultimateCreditor = new PartyRecord();
        return;
      case A.O_DBTR_ACCT:
        this.#cursor.account = this.#cursor.facts.debtorAccount = new AccountRecord();
        return;
      case A.O_CDTR_ACCT:
        this.#cursor.account = this.#cursor.facts.creditorAccount = new AccountRecord();
        return;
      case A.O_DBTR_AGT:
        this.#cursor.agent = this.#cursor.facts.debtorAgent = new AgentRecord();
        return;
      case A.O_CDTR_AGT:
        this.#cursor.agent = this.#cursor.facts.creditorAgent = new AgentRecord();
        return;
      case A.O_PARTY_AGT:
        this.#cursor.agent = new AgentRecord();
        if (this.#cursor.party !== undefined) this.#cursor.party.agent = this.#cursor.agent;
        return;
      case A.O_OTHR:
        if (this.#cursor.party !== undefined) {
          this.#cursor.party.otherId = undefined;
          this.#cursor.party.otherScheme = undefined;
        }
        return;
      case A.O_FX:
        this.#cursor.exchange = new ExchangeRecord();
        return;
      case A.O_CHRGS:
        this.#cursor.charge = this.#cursor.chargeList = new ChargeRecord();
        return;
      case A.O_RCRD:
        this.#cursor.charge = new ChargeRecord();
        return;
      case A.O_CHRG_AGT:
        this.#cursor.agent = new AgentRecord();
        if (this.#cursor.charge !== undefined) this.#cursor.charge.agent = this.#cursor.agent;
        return;
      case A.O_STRD:
        this.#cursor.structured = new StructuredRecord();
        this.#cursor.facts.structured = push(this.#cursor.facts.structured, this.#cursor.structured);
        return;
      case A.O_DOC:
        this.#cursor.document = new DocumentRecord();
        if (this.#cursor.structured !== undefined)
          this.#cursor.structured.documents = push(this.#cursor.structured.documents, this.#cursor.document);
        return;
      case A.O_BTCH: {
        const entry = this.#entry!;
        if (++entry.batches === 2) {
          this.#issue("warning", "CAMT_VALUE_UNSUPPORTED", "the entry has more than one batch (Btch); only the first is kept");
        }
        return;
      }
      case A.O_NTRYDTLS: {
        const entry = this.#entry!;
        const block = ++entry.detailsBlocks;
        this.#ordinals[depth] = block > 1 ? block : 0;
        entry.transactionsInBlock = 0;
        return;
      }
      case A.O_NTRY: {
        const stmt = this.#stmt!;
        this.#ensureHeader(stmt);
        const ordinal = ++stmt.entryOrdinal;
        this.#ordinals[depth] = ordinal;
        // One flat string (a template literal makes a rope of four), as every entry keeps its path in `source`.
        this.#entry = new EntryRecord(this.#line(), [stmt.path, "/Ntry[", ordinal, "]"].join(""));
        this.#cursor.facts = this.#entry.facts;
        return;
      }
      case A.O_BAL: {
        const stmt = this.#stmt!;
        const ordinal = ++stmt.balanceOrdinal;
        this.#ordinals[depth] = ordinal;
        this.#balance = new BalanceRecord(this.#line(), `${stmt.path}/Bal[${ordinal}]`);
        return;
      }
      case A.O_ACCT:
        this.#cursor.account = this.#stmt!.account;
        return;
      case A.O_SVCR:
        this.#cursor.agent = this.#stmt!.servicer = new AgentRecord();
        return;
      case A.O_STMT:
        this.#ordinals[depth] = ++this.#statementOrdinal;
        this.#stmt = new StatementRecord(this.#line(), this.#path());
        return;
      case A.O_MSG:
        this.#messages++;
        this.#statementOrdinal = 0;
        this.#message = {
          kind: MESSAGE_KINDS.get(name) ?? "statement",
          documentId: this.#documentId,
          createdAt: undefined,
          page: undefined,
          lastPage: undefined,
        };
        return;
    }
  }

  #close(action: number): void {
    switch (action) {
      case A.C_TX: {
        const entry = this.#entry!;
        entry.transactions.push(this.#cursor.facts);
        this.#cursor.facts = entry.facts;
        return;
      }
      case A.C_OTHR: {
        const party = this.#cursor.party;
        if (party?.otherId === undefined) return;
        // A SEPA creditor identifier is a reference of the payment, not who the party is.
        if (party.otherScheme === "SEPA") party.sepaId ??= party.otherId;
        else party.id ??= party.otherId;
        return;
      }
      case A.C_FX:
        if (this.#cursor.facts.exchange === undefined && this.#cursor.exchange?.rate !== undefined)
          this.#cursor.facts.exchange = this.#cursor.exchange;
        return;
      case A.C_RCRD:
        this.#keepCharge(this.#cursor.charge);
        this.#cursor.charge = this.#cursor.chargeList;
        return;
      case A.C_CHRGS:
        this.#keepCharge(this.#cursor.chargeList);
        return;
      case A.C_AGT:
      case A.C_STRD:
      case A.C_DOC:
        return;
      case A.C_NTRY: {
        const stmt = this.#stmt!;
        const record = this.#entry!;
        this.#entry = undefined;
        this.#cursor.facts = this.#outside;
        const entry = buildEntry(record, this.#documentId, this.#report);
        if (entry === undefined || stmt.index < 0) return;
        stmt.entries++;
        this.#sink.entry(entry, stmt.index);
        return;
      }
      case A.C_BAL: {
        const balance = buildBalance(this.#balance!, this.#report);
        this.#balance = undefined;
        if (balance !== undefined) this.#stmt!.balances.push(balance);
        return;
      }
      case A.C_STMT: {
        const stmt = this.#stmt!;
        this.#stmt = undefined;
        this.#ensureHeader(stmt);
        if (stmt.index < 0) return;
        const statement = buildHeader(stmt, this.#message, undefined);
        if (statement !== undefined) this.#sink.statementEnd(statement, stmt.index, stmt.entries);
        return;
      }
      case A.C_MSG:
        return;
    }
  }

  #keepCharge(charge: ChargeRecord | undefined): void {
    if (charge?.amount !== undefined) this.#cursor.facts.charges = push(this.#cursor.facts.charges, charge);
  }

  #text(action: number, value: string): void {
    if (!this.#cursor.text(action, value, this.#values)) this.#entryText(action, value);
  }

  /** Text of the entry itself, else of a balance, of the group header or of the statement (`camt-header-text.ts`). */
  #entryText(action: number, value: string): void {
    const entry = this.#entry;
    if (entry !== undefined) {
      switch (action) {
        case A.T_NTRY_AMT: {
          const amount = this.#values.money(value, "the entry is skipped");
          entry.amount = amount;
          if (amount === undefined) entry.invalid = true;
          return;
        }
        case A.T_NTRY_CDTDBT: {
          const credit = this.#values.direction(value, "the entry is skipped");
          entry.credit = credit;
          if (credit === undefined) entry.invalid = true;
          return;
        }
        case A.T_NTRY_RVSL:
          entry.reversal = this.#values.boolean(value) ?? false;
          return;
        case A.T_NTRY_STS: {
          const status = collapse(value);
          entry.statusText = status;
          if (status === "BOOK") entry.status = "booked";
          else if (status === "PDNG" || status === "FUTR") entry.status = "pending";
          else if (status === "INFO") entry.status = "information";
          else {
            entry.status = "pending";
            this.#issue(
              "warning",
              "CAMT_STATUS_UNKNOWN",
              `status ${JSON.stringify(status.slice(0, 35))} is not BOOK, PDNG, INFO or FUTR; the entry is read as pending`,
            );
          }
          return;
        }
        case A.T_NTRY_STS_PRTRY:
          entry.status = "pending";
          entry.statusText = value;
          this.#issue(
            "warning",
            "CAMT_STATUS_UNKNOWN",
            `proprietary status ${JSON.stringify(value.slice(0, 35))}; the entry is read as pending`,
          );
          return;
        case A.T_NTRY_BOOK_DATE:
          entry.bookingDate = this.#values.date(value);
          return;
        case A.T_NTRY_BOOK_DATETIME: {
          const dt = this.#values.dateTime(value);
          entry.bookingDateTime = dt;
          if (dt !== undefined) entry.bookingDate = datePart(dt);
          return;
        }
        case A.T_NTRY_VALUE_DATE:
          entry.valueDate = this.#values.date(value);
          return;
        case A.T_NTRY_VALUE_DATETIME: {
          const dt = this.#values.dateTime(value);
          entry.valueDateTime = dt;
          if (dt !== undefined) entry.valueDate = datePart(dt);
          return;
        }
        case A.T_NTRY_INFO:
          entry.facts.info = value;
          return;
        case A.T_BTCH_MSGID:
          if (entry.batches === 1) entry.batchMessageId = value;
          return;
        case A.T_BTCH_PMTINFID:
          if (entry.batches === 1) entry.batchPaymentInformationId = value;
          return;
        case A.T_BTCH_COUNT:
          if (entry.batches === 1) entry.batchCount = this.#values.count(value);
          return;
        case A.T_BTCH_TOTAL:
          if (entry.batches === 1) entry.batchTotal = this.#values.money(value, "the batch total is left out");
          return;
        case A.T_BTCH_CDTDBT:
          if (entry.batches === 1) entry.batchCredit = this.#values.direction(value, "the batch total is signed like the entry");
          return;
      }
    }
    if (this.#balance !== undefined && balanceText(this.#balance, action, value, this.#values)) return;
    const message = groupText(this.#message, action, value, this.#values);
    if (message !== undefined) this.#message = message;
    else if (this.#stmt !== undefined)
      statementText(this.#stmt, action, value, this.#values, () => ({ path: this.#path(), line: this.#line() }));
  }
}
