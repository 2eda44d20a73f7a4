/**
 * The BAI2 reading machine: file (01…99) → groups (02…98) → accounts (03…49) → details (16), with 88
 * continuations anywhere. Each account becomes one statement, handed on as it is read: its header at the 03
 * record, then its entries one by one, then its end at the 49 trailer. The whole-document parser and the
 * streaming parser both run this machine; only what they do with its output differs.
 *
 * The trailers are checked here, because only this format has them: account, group and file control totals
 * (`CONTROL_TOTAL_MISMATCH`) and record, account and group counts (`RECORD_COUNT_MISMATCH`). Balances and the
 * statement summary (100/400 totals) are checked by the common checks.
 *
 * One pass over the text; records are dispatched on their code, fields read with a cursor, no regular
 * expressions.
 *
 * This file is larger than our usual: the record handlers share the machine's state (the open file, group
 * and account, with their running totals and counts); split across files, that state would become public.
 *
 * @module
 */
import {
  type Account,
  type DocumentId,
  type Entry,
  formatMoney,
  type IsoDateTime,
  type Issue,
  moneyFromMinor,
  type SourceLocation,
  type Statement,
  type StatementKind,
  toCurrencyCode,
  tryBic,
} from "../../core/index.js";
import { Bai2AccountDraft, type Bai2GroupContext } from "./bai2-account-draft.js";
import { type Bai2DetailReport, Bai2TransactionCodes, readBai2Detail } from "./bai2-detail-record.js";
import type { Bai2FieldCursor } from "./bai2-field-cursor.js";
import { readBai2FundsType } from "./bai2-funds-type.js";
import { Bai2Issues, type Bai2Position, NO_POSITION } from "./bai2-issues.js";
import { Bai2RecordReader, MAX_RECORD_CHARS } from "./bai2-record-reader.js";
import { bai2TypeCode } from "./bai2-type-codes.js";
import { parseBai2Amount, parseBai2Count, parseBai2Date, parseBai2Time } from "./bai2-values.js";

/** The currency of an account whose 03 and 02 records state none: the specification's default. */
const DEFAULT_CURRENCY = "USD";

/**
 * Findings that make a file without accounts no file with nothing to report: its trailers state amounts, groups,
 * accounts or records it does not have (`99,1500000,1,6/`), cannot be read (a CSV row numbered 99), are missing
 * (a second 01 cut off), stand alone (a 49 without its 03), or its header is no BAI2 header. Such a file may have
 * lost its accounts on the way, and is refused, not accepted as empty.
 */
const EMPTY_DOUBTS: ReadonlySet<string> = new Set([
  "CONTROL_TOTAL_MISMATCH",
  "RECORD_COUNT_MISMATCH",
  "BAI2_TRAILER_INVALID",
  "BAI2_TRAILER_MISSING",
  "BAI2_RECORD_UNEXPECTED",
  "BAI2_VERSION_UNSUPPORTED",
  "BAI2_DATE_INVALID",
]);

/** A position for messages: `line 7`, or `line 1, column 245` for records run together. */
function where(at: Bai2Position): string {
  return at.path === undefined ? `line ${at.line}` : `line ${at.line}, column ${at.path.slice(at.path.indexOf(":") + 1)}`;
}

/** Group status values that do not deliver current data (1 update and 3 correction do). */
const GROUP_STATUS: Readonly<Record<string, string>> = { "2": "deletion", "4": "test only" };

interface GroupState {
  /** Where its 02 record is. */
  readonly at: Bai2Position;
  readonly context: Bai2GroupContext;
  readonly currency: string;
  readonly originator: string;
  records: number;
  accounts: number;
  /** Sum of the account control totals (as stated by each 49, or computed when it stated none). */
  accountTotals: bigint;
}

interface FileState {
  /** Where its 01 record is. */
  readonly at: Bai2Position;
  readonly createdAt: IsoDateTime | undefined;
  records: number;
  groups: number;
  groupTotals: bigint;
}

/** Receives what a {@link Bai2Machine} reads, in document order. */
export interface Bai2Sink {
  /** An account begins: its statement header (balances and summary from the 03 record, `entries` empty). */
  statement(statement: Statement, index: number): void;
  /** One entry of statement `statementIndex`. */
  entry(entry: Entry, statementIndex: number): void;
  /** The account ended: its statement (`entries` empty) and how many entries it had. */
  statementEnd(statement: Statement, index: number, entries: number): void;
  /** A finding; issues of one code beyond the hundredth are counted into one issue at the end. */
  issue(issue: Issue): void;
}

/** What the machine was told besides the text. */
export interface Bai2MachineOptions {
  /** The raw document's id, for the statements' source locations. */
  readonly documentId?: DocumentId | undefined;
}

/**
 * Reads BAI2 text fed in chunks (cut anywhere) and reports statements, entries and issues to a sink as it
 * goes. Keeps one account's running totals and one record, never the entries.
 */
export class Bai2Machine {
  readonly #sink: Bai2Sink;
  readonly #reader: Bai2RecordReader;
  readonly #issues: Bai2Issues;
  readonly #documentId: DocumentId | undefined;
  #file: FileState | undefined;
  #group: GroupState | undefined;
  #account: Bai2AccountDraft | undefined;
  /** Set while an account is skipped (unknown currency): its 16 records are counted but not read. */
  #skipping = false;
  #sawHeader = false;
  /** Where the record being read is. */
  #at: Bai2Position = NO_POSITION;
  /** The 01 record's version: "2" for BAI2, "3" for BTRS version 3. */
  #version = "2";
  /** Account headers (03) met, read or skipped. */
  #accountRecords = 0;
  /** File trailers (99) that ended a file header (01). */
  #filesEnded = 0;
  /** Why the document, if it has no account, is not a file with nothing to report (the first such finding). */
  #emptyDoubt: string | undefined;
  /** Statements handed on so far. */
  statements = 0;
  readonly #report: Bai2DetailReport;

  constructor(sink: Bai2Sink, options: Bai2MachineOptions = {}) {
    this.#sink = sink;
    this.#documentId = options.documentId;
    this.#issues = new Bai2Issues((issue) => {
      if (this.#emptyDoubt === undefined && EMPTY_DOUBTS.has(issue.code))
        this.#emptyDoubt = `${issue.code}${issue.line === undefined ? "" : ` at ${where({ line: issue.line, ...(issue.path === undefined ? {} : { path: issue.path }) })}`}`;
      sink.issue(issue);
    });
    this.#reader = new Bai2RecordReader({
      record: (reader) => this.#record(reader),
      tooLarge: (what, line) =>
        this.#issues.add(
          "error",
          "BAI2_RECORD_TOO_LARGE",
          what === "line"
            ? `a line longer than ${MAX_RECORD_CHARS} characters is not a BAI2 record; it was skipped`
            : `a record continued (88) past ${MAX_RECORD_CHARS} characters; the continuations from here on were not read as part of it`,
          { line },
        ),
      runTogether: (line) =>
        this.#issues.add(
          "warning",
          "BAI2_RECORDS_RUN_TOGETHER",
          "the records run together without line ends, only a / between them; each is read from a / followed by a record code and a comma (in a 16's text, only by a record of the shape that may follow it)",
          { line },
        ),
    });
    this.#report = (severity, code, message, details) =>
      this.#issues.add(
        severity,
        code,
        `account ${this.#account?.id ?? ""}: ${message}${severity === "error" ? "; skipped" : ""}`,
        this.#at,
        details,
      );
  }

  /** Reads the next chunk of the document. */
  feed(chunk: string): void {
    this.#reader.feed(chunk);
  }

  /**
   * Reads the rest of the document and closes what its trailers left open. Returns the refusal when no
   * account could be read (already handed on as an issue when `issued`), else `undefined`.
   */
  end(): { readonly refusal: Issue; readonly issued: boolean } | undefined {
    this.#reader.end();
    this.#closeFile();
    // A file with nothing to report (01 and 99 around no account, or groups of none: banks send them on days
    // without activity) is read as zero statements, not refused; the warning says so, as an import of it adds
    // nothing. A lone 01 (cut off) or a file whose accounts could not be read is still refused below, and so is one
    // whose header or trailers do not agree that it is empty (EMPTY_DOUBTS): that file lost something.
    const nothingToReport =
      this.statements === 0 &&
      this.#accountRecords === 0 &&
      this.#filesEnded > 0 &&
      this.#issues.errors === 0 &&
      this.#emptyDoubt === undefined;
    if (nothingToReport)
      this.#issues.add(
        "warning",
        "BAI2_FILE_EMPTY",
        "the file reports no account (no 03 record between its 01 and 99): nothing to read",
        NO_POSITION,
      );
    this.#issues.finish();
    if (this.statements > 0 || nothingToReport) return undefined;
    const found = this.#issues.refusal;
    if (found !== undefined) return { refusal: found, issued: true };
    const doubt =
      this.#accountRecords === 0 && this.#emptyDoubt !== undefined
        ? `; it is not read as a file with nothing to report (${this.#emptyDoubt})`
        : "";
    return {
      refusal: {
        severity: "error",
        code: "BAI2_NO_ACCOUNTS",
        message: `no BAI2 account (03 record) could be read from this document${doubt}`,
      },
      issued: false,
    };
  }

  #record(r: Bai2RecordReader): void {
    const physical = r.physical;
    const at: Bai2Position = r.column === 0 ? { line: r.line } : { line: r.line, path: `${r.line}:${r.column}` };
    this.#at = at;
    if (this.#file !== undefined) this.#file.records += physical;
    if (this.#group !== undefined) this.#group.records += physical;
    if (this.#account !== undefined) this.#account.records += physical;
    const cursor = r.cursor;
    switch (r.code) {
      case 16:
        this.#detail(cursor, at);
        break;
      case 3:
        this.#accountRecords++;
        this.#accountHeader(cursor, at, physical);
        break;
      case 49:
        this.#accountTrailer(cursor, at);
        break;
      case 2:
        if (!this.#sawHeader && this.#file === undefined)
          this.#issues.add("warning", "BAI2_RECORD_UNEXPECTED", "group header (02) before any file header (01)", at);
        this.#groupHeader(cursor, at, physical);
        break;
      case 98:
        this.#groupTrailer(cursor, at);
        break;
      case 1:
        this.#sawHeader = true;
        this.#fileHeader(cursor, at, physical);
        break;
      case 99:
        this.#fileTrailer(cursor, at);
        break;
      case 88:
        this.#issues.add("error", "BAI2_RECORD_UNEXPECTED", "continuation record (88) with no record before it; skipped", at);
        break;
      default:
        this.#issues.add("error", "BAI2_RECORD_INVALID", `unknown record code "${r.codeText()}"; the record was skipped`, at);
    }
  }

  #fileHeader(cursor: Bai2FieldCursor, at: Bai2Position, physical: number): void {
    this.#closeFile();
    cursor.next(); // sender identification
    cursor.next(); // receiver identification
    const dateText = cursor.next();
    const timeText = cursor.next();
    cursor.next(); // file identification number
    const recordLength = parseBai2Count(cursor.next());
    cursor.next(); // block size
    const versionText = cursor.next();
    this.#reader.recordLength = recordLength ?? 0;
    // Version 3 is BTRS (ANSI X9.121, "BTR3"), BAI2's successor: the same records, with no currency in the 02 and
    // a mandatory one in every 03; banks also stamp plain BAI2 files 3. Both read as BAI2. Some write the
    // version as the standard's short name, `BTR3`: that is version 3, not an unknown one read as 2.
    const version = versionText.length === 4 && versionText.toUpperCase() === "BTR3" ? "3" : versionText;
    this.#version = version;
    if (version !== "2" && version !== "3") {
      this.#issues.add(
        "warning",
        "BAI2_VERSION_UNSUPPORTED",
        `file header says version "${version.slice(0, 10)}"; BankBridge reads BAI version 2 and BTRS version 3, and read the file as version 2`,
        at,
      );
    }
    const date = parseBai2Date(dateText);
    const time = parseBai2Time(timeText);
    if (date === undefined && dateText !== "")
      this.#issues.add("warning", "BAI2_DATE_INVALID", `file creation date "${dateText.slice(0, 12)}" is not YYMMDD`, at);
    // BAI2 requires the creation date; a header without one says nothing is a BAI2 file with nothing to report.
    if (dateText === "") this.#emptyDoubt ??= `no creation date in the file header at ${where(at)}`;
    const createdAt = date !== undefined && time?.kind === "time" ? (`${date}T${time.value}` as IsoDateTime) : undefined;
    this.#file = { at, createdAt, records: physical, groups: 0, groupTotals: 0n };
  }

  #groupHeader(cursor: Bai2FieldCursor, at: Bai2Position, physical: number): void {
    this.#closeGroup();
    cursor.next(); // ultimate receiver identification
    const originator = cursor.next();
    const status = cursor.next();
    const dateText = cursor.next();
    const timeText = cursor.next();
    const currency = cursor.next();
    const modifier = cursor.next();
    const asOfDate = parseBai2Date(dateText);
    if (asOfDate === undefined) {
      this.#issues.add(
        "error",
        "BAI2_DATE_INVALID",
        `group as-of date "${dateText.slice(0, 12)}" is not YYMMDD: its entries have no booking date and its balances were not read`,
        at,
      );
    }
    const time = parseBai2Time(timeText);
    if (time?.kind === "invalid")
      this.#issues.add("warning", "BAI2_DATE_INVALID", `group as-of time "${timeText.slice(0, 12)}" is not HHMM`, at);
    const statusName = GROUP_STATUS[status];
    if (statusName !== undefined) {
      this.#issues.add(
        "warning",
        "BAI2_GROUP_STATUS",
        `group status ${status} (${statusName}): the bank does not mean this as current data`,
        at,
        {
          status,
        },
      );
    }
    // As-of-date modifiers 1 and 3 mark interim (intraday) data; 2, 4 and none are final.
    const kind: StatementKind = modifier === "1" || modifier === "3" ? "report" : "statement";
    const bic = tryBic(originator);
    const bank: Account["bank"] = originator === "" ? undefined : bic !== undefined ? { bic } : { clearingCode: originator };
    const asOfDateTime = asOfDate !== undefined && time?.kind === "time" ? (`${asOfDate}T${time.value}` as IsoDateTime) : undefined;
    this.#group = {
      at,
      currency,
      originator,
      records: physical,
      accounts: 0,
      accountTotals: 0n,
      context: {
        asOfDate,
        asOfDateTime,
        kind,
        bank,
        createdAt: this.#file?.createdAt,
        codes: new Bai2TransactionCodes(originator || "BAI"),
      },
    };
    if (this.#file !== undefined) this.#file.groups++;
  }

  #accountHeader(cursor: Bai2FieldCursor, at: Bai2Position, physical: number): void {
    this.#closeAccount();
    let group = this.#group;
    if (group === undefined) {
      this.#issues.add("warning", "BAI2_RECORD_UNEXPECTED", "account (03) outside a group (02): read without an as-of date", at);
      group = {
        at,
        currency: "",
        originator: "",
        records: 0,
        accounts: 0,
        accountTotals: 0n,
        context: {
          asOfDate: undefined,
          asOfDateTime: undefined,
          kind: "statement",
          bank: undefined,
          createdAt: undefined,
          codes: new Bai2TransactionCodes("BAI"),
        },
      };
      this.#group = group;
    }
    group.accounts++;
    const id = cursor.next().trim();
    const currencyText = cursor.next();
    const currencyCode = currencyText !== "" ? currencyText : group.currency !== "" ? group.currency : DEFAULT_CURRENCY;
    if (currencyText === "" && group.currency === "" && this.#version === "3" && id !== "")
      this.#issues.add(
        "warning",
        "BAI2_CURRENCY_ASSUMED",
        `account ${id.slice(0, 34)} (03) states no currency, which BTRS version 3 requires there (its 02 has none); read as ${DEFAULT_CURRENCY}, BAI2's default`,
        at,
      );
    const currency = toCurrencyCode(currencyCode);
    if (id === "" || currency === undefined) {
      this.#issues.add(
        "error",
        id === "" ? "BAI2_RECORD_INVALID" : "BAI2_CURRENCY_UNKNOWN",
        id === ""
          ? "account (03) without an account number; the account was skipped"
          : `account ${id}: unknown currency "${currencyCode.slice(0, 10)}"; the account was skipped`,
        at,
      );
      this.#skipping = true;
      return;
    }
    const account = new Bai2AccountDraft(id, currency, at, group.context);
    account.records = physical;
    this.#account = account;
    this.#readSummaryItems(cursor, account, at);
    // The 03 record holds every balance and total of the account: its header is complete before the entries.
    this.#sink.statement(account.toStatement(this.#source(account)), this.statements++);
  }

  /** The repeated (type code, amount, item count, funds type…) items of a 03 record (moov-io/bai2 #54). */
  #readSummaryItems(cursor: Bai2FieldCursor, account: Bai2AccountDraft, at: Bai2Position): void {
    while (!cursor.done) {
      let code = cursor.next();
      // A trailing comma before the `/` leaves an empty field where the next type code would be, at the end of the
      // 03 or of an 88 whose items go on in the next 88 (banks do both, ministryofjustice/bai2 PR #36/#37): no item.
      if (code === "" && cursor.endedPart) continue;
      let amountText = cursor.next();
      // A blank type code within the record is an item when it has an amount (`03,123456789,USD,,100000,,/`, the X9
      // validator's sample): the 49 total sums every amount of the account, blank type code or not, and the amount
      // is listed, as it has no meaning the model could take. Without one (`03,1,USD,,,,/`) it is no item.
      if (code === "" && amountText === "") continue;
      let countText = cursor.next();
      // But a stray empty field (one comma too many, `03,1,USD,010,500,,,,015,600,,/`, or an 88 that starts with a
      // comma) also leaves a blank before a type code: when the field after the blank is a type code the
      // specification defines and an amount follows it, the blank is no item and the items read on from that code,
      // as before blank type codes were read. Read the other way, 015 became an amount of 0.15 and the closing
      // balance was lost. A blank followed by such a code and no amount (`03,1,USD,,100,,/`) stays an amount of 1.00.
      if (code === "" && bai2TypeCode(amountText) !== undefined && parseBai2Amount(countText, account.currency) !== undefined) {
        code = amountText;
        amountText = countText;
        countText = cursor.next();
      }
      const item = code === "" ? "blank type code" : `type code ${code.slice(0, 10)}`;
      const count = parseBai2Count(countText);
      const funds = readBai2FundsType(cursor, account.currency);
      if (funds.problem !== undefined)
        this.#issues.add("warning", "BAI2_FUNDS_TYPE_INVALID", `account ${account.id}, ${item}: ${funds.problem}`, at);
      if (amountText === "") continue;
      const amount = parseBai2Amount(amountText, account.currency);
      if (amount === undefined) {
        this.#issues.add(
          "error",
          "BAI2_AMOUNT_INVALID",
          `account ${account.id}, ${item}: amount "${amountText.slice(0, 30)}" is not an integer amount`,
          at,
        );
        continue;
      }
      account.addWrittenBig(amount.minor);
      account.addSummaryItem(code, amount, count);
    }
  }

  #detail(cursor: Bai2FieldCursor, at: Bai2Position): void {
    const account = this.#account;
    if (account === undefined) {
      if (!this.#skipping)
        this.#issues.add("error", "BAI2_RECORD_UNEXPECTED", "transaction detail (16) outside an account (03); skipped", at);
      return;
    }
    const entry = readBai2Detail(cursor, account, at, this.#report);
    if (entry !== undefined) {
      account.entries++;
      this.#sink.entry(entry, this.statements - 1);
    }
  }

  #accountTrailer(cursor: Bai2FieldCursor, at: Bai2Position): void {
    const account = this.#account;
    if (account === undefined) {
      if (this.#skipping) {
        // A skipped account (already reported) still counts towards the group total with what its trailer states.
        this.#skipping = false;
        if (this.#group !== undefined) this.#group.accountTotals += integer(cursor.next()) ?? 0n;
      } else this.#issues.add("warning", "BAI2_RECORD_UNEXPECTED", "account trailer (49) without an account (03)", at);
      return;
    }
    // Spaces around a trailer field, or a `+` before a count, are no reason to skip its check.
    const totalText = cursor.next().trim();
    const recordsText = cursor.next().trim();
    const records = count(recordsText);
    const total = parseBai2Amount(totalText, account.currency);
    this.#unreadable("account", "control total", totalText, total, at);
    this.#unreadable("account", "record count", recordsText, records, at);
    if (total !== undefined && total.minor !== account.controlSum) {
      this.#issues.add(
        "warning",
        "CONTROL_TOTAL_MISMATCH",
        `account ${account.id}: the trailer states a control total of ${formatMoney(total)}, the account's amounts add up to ${formatMoney(moneyFromMinor(account.controlSum, account.currency))}`,
        at,
        { level: "account", account: account.id, stated: total.minor.toString(), computed: account.controlSum.toString() },
      );
    }
    if (records !== undefined && records !== account.records) {
      this.#issues.add(
        "warning",
        "RECORD_COUNT_MISMATCH",
        `account ${account.id}: the trailer counts ${records} records, the account has ${account.records}`,
        at,
        {
          level: "account",
          what: "records",
          stated: records,
          counted: account.records,
        },
      );
    }
    if (this.#group !== undefined) this.#group.accountTotals += total?.minor ?? account.controlSum;
    this.#finishAccount(account);
  }

  #groupTrailer(cursor: Bai2FieldCursor, at: Bai2Position): void {
    this.#closeAccount();
    const group = this.#group;
    if (group === undefined) {
      this.#issues.add("warning", "BAI2_RECORD_UNEXPECTED", "group trailer (98) without a group (02)", at);
      return;
    }
    const { total, count: accounts, records } = this.#trailerFields(cursor, "group", "account count", at);
    if (total !== undefined && total !== group.accountTotals) {
      this.#issues.add(
        "warning",
        "CONTROL_TOTAL_MISMATCH",
        `group of ${where(group.at)}: the trailer states a control total of ${total}, its account totals add up to ${group.accountTotals}`,
        at,
        { level: "group", stated: total.toString(), computed: group.accountTotals.toString() },
      );
    }
    this.#checkCount("group", "accounts", accounts, group.accounts, at);
    this.#checkCount("group", "records", records, group.records, at);
    if (this.#file !== undefined) this.#file.groupTotals += total ?? group.accountTotals;
    this.#group = undefined;
  }

  #fileTrailer(cursor: Bai2FieldCursor, at: Bai2Position): void {
    this.#closeGroup();
    const file = this.#file;
    if (file === undefined) {
      this.#issues.add("warning", "BAI2_RECORD_UNEXPECTED", "file trailer (99) without a file header (01)", at);
      return;
    }
    const { total, count: groups, records } = this.#trailerFields(cursor, "file", "group count", at);
    if (total !== undefined && total !== file.groupTotals) {
      this.#issues.add(
        "warning",
        "CONTROL_TOTAL_MISMATCH",
        `the file trailer states a control total of ${total}, its group totals add up to ${file.groupTotals}`,
        at,
        { level: "file", stated: total.toString(), computed: file.groupTotals.toString() },
      );
    }
    this.#checkCount("file", "groups", groups, file.groups, at);
    this.#checkCount("file", "records", records, file.records, at);
    this.#file = undefined;
    this.#filesEnded++;
  }

  /**
   * The control total, count (of accounts or groups) and record count of a group or file trailer (98, 99), each
   * trimmed and reported when written but unreadable.
   */
  #trailerFields(
    cursor: Bai2FieldCursor,
    level: string,
    counted: string,
    at: Bai2Position,
  ): { total: bigint | undefined; count: number | undefined; records: number | undefined } {
    const totalText = cursor.next().trim();
    const countText = cursor.next().trim();
    const recordsText = cursor.next().trim();
    const fields = { total: integer(totalText), count: count(countText), records: count(recordsText) };
    this.#unreadable(level, "control total", totalText, fields.total, at);
    this.#unreadable(level, counted, countText, fields.count, at);
    this.#unreadable(level, "record count", recordsText, fields.records, at);
    return fields;
  }

  /**
   * Reports a trailer field that is written but cannot be read (`99999.99`, `one`): its check cannot be made, which
   * must not pass for a check that held. An empty field is the bank's choice to state nothing (ministryofjustice's
   * `account_trailer_amount_blank_example`) and is not reported.
   */
  #unreadable(level: string, what: string, text: string, read: unknown, at: Bai2Position): void {
    if (text === "" || read !== undefined) return;
    this.#issues.add(
      "warning",
      "BAI2_TRAILER_INVALID",
      `the ${level} trailer's ${what} "${text.slice(0, 30)}" is not an integer; it was not checked`,
      at,
      { level, field: what, text: text.slice(0, 30) },
    );
  }

  #checkCount(level: string, what: string, stated: number | undefined, counted: number, at: Bai2Position): void {
    if (stated === undefined || stated === counted) return;
    this.#issues.add("warning", "RECORD_COUNT_MISMATCH", `the ${level} trailer counts ${stated} ${what}, the ${level} has ${counted}`, at, {
      level,
      what,
      stated,
      counted,
    });
  }

  /**
   * Ends an account whose trailer (49) never came: the next 03, 98, 02, 01 or 99 record, or the end of the
   * document, came first. The file may be cut off; what was read is kept.
   */
  #closeAccount(): void {
    this.#skipping = false;
    const account = this.#account;
    if (account === undefined) return;
    this.#issues.add(
      "warning",
      "BAI2_TRAILER_MISSING",
      `account ${account.id} has no account trailer (49): the file may be cut off`,
      account.at,
    );
    if (this.#group !== undefined) this.#group.accountTotals += account.controlSum;
    this.#finishAccount(account);
  }

  /** Ends a group whose trailer (98) never came. */
  #closeGroup(): void {
    this.#closeAccount();
    const group = this.#group;
    if (group === undefined) return;
    this.#issues.add("warning", "BAI2_TRAILER_MISSING", "the group has no group trailer (98): the file may be cut off", group.at);
    if (this.#file !== undefined) this.#file.groupTotals += group.accountTotals;
    this.#group = undefined;
  }

  /** Ends a file whose trailer (99) never came. */
  #closeFile(): void {
    this.#closeGroup();
    const file = this.#file;
    if (file === undefined) return;
    this.#issues.add("warning", "BAI2_TRAILER_MISSING", "the file has no file trailer (99): it may be cut off", file.at);
    this.#file = undefined;
  }

  #source(account: Bai2AccountDraft): SourceLocation {
    const documentId = this.#documentId;
    return documentId === undefined ? account.at : { documentId, ...account.at };
  }

  #finishAccount(account: Bai2AccountDraft): void {
    this.#account = undefined;
    if (account.unmapped.length > 0) {
      this.#issues.add(
        "warning",
        "BAI2_SUMMARY_NOT_MAPPED",
        `account ${account.id}: ${account.unmapped.length} summary or status amount(s) have no place in the model and are only listed here: ${account.unmapped.join("; ")}`,
        account.at,
        { account: account.id, items: account.unmapped },
      );
    }
    this.#sink.statementEnd(account.toStatement(this.#source(account)), this.statements - 1, account.entries);
  }
}

/** A trailer's count: digits, perhaps after a `+`. */
function count(text: string): number | undefined {
  return parseBai2Count(text.charCodeAt(0) === 43 /* + */ ? text.slice(1) : text);
}

/** A signed integer field (group and file control totals mix currencies, so they stay plain integers). */
function integer(text: string): bigint | undefined {
  if (text === "" || text.length > 40) return undefined;
  const body = text.charCodeAt(0) === 45 || text.charCodeAt(0) === 43 ? text.slice(1) : text;
  if (body === "") return undefined;
  for (let i = 0; i < body.length; i++) {
    const c = body.charCodeAt(i);
    if (c < 48 || c > 57) return undefined;
  }
  return text.charCodeAt(0) === 45 ? -BigInt(body) : BigInt(body);
}
