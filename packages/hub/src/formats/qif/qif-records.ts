/**
 * The structure of a QIF file, read line by line: `!Type:…` sections of records, `!Account` blocks naming the
 * account the next section belongs to, `!Option:…` lines, and records of one-letter fields ended by `^` (or,
 * when the `^` is missing, by the next record's `D`: a record has one date).
 *
 * ```
 * !Account
 * NChecking
 * TBank
 * ^
 * !Type:Bank
 * D12/31'23
 * T-1,234.56
 * PAcme Supplies
 * ^
 * ```
 *
 * @module
 */

import { tokenizeQifDate } from "./qif-dates.js";

/** One field of a record: its code letter (`D`, `T`, `P`…) and the rest of the line (lines, for a text that ran on). */
export interface QifField {
  readonly code: string;
  readonly value: string;
  readonly line: number;
}

/** A record: the fields up to `^`. */
export interface QifRecord {
  /** 1-based line of the record's first field. */
  readonly line: number;
  readonly fields: readonly QifField[];
  /**
   * Set when no `^` ended the record and a second `D` (date) did instead: the line of that `D`, which begins
   * the next record. Absent for records ended by `^`, a `!` header or the end of the file.
   */
  readonly endMissingAt?: number;
  /** Lines that were not fields and were read as the next line of the text field before them (see {@link readQifRecords}). */
  readonly continued?: readonly number[];
}

/** An `!Account` block: the account the sections after it belong to. */
export interface QifAccount {
  readonly name: string | undefined;
  readonly type: string | undefined;
  readonly description: string | undefined;
  readonly line: number;
}

/** A `!Type:` section and its records. */
export interface QifSection {
  /** The type as written after `!Type:` (`Bank`, `CCard`, `Cash`, `Invst`, `Oth A`…), trimmed. */
  readonly type: string;
  readonly line: number;
  readonly account: QifAccount | undefined;
  readonly records: QifRecord[];
  /**
   * Set when the section's header repeats the type of the section just before it, with no `!Account` between:
   * GnuCash Pocket writes a header before every transaction of one account, but two single-account exports put
   * one after the other look the same.
   */
  readonly repeatsType?: true;
  /**
   * Set when the section had no `!Type:` header: transactions written inside an `!Account` block, which lists
   * accounts. `type` is then the account's type, else that of the section before, else `""`.
   */
  readonly typeMissing?: true;
}

/** A QIF file's structure. */
export interface QifDocument {
  readonly sections: QifSection[];
  /** `!Option:` values in order (`MDY`, `DMY`, `AutoSwitch`). */
  readonly options: string[];
  /** Lines of records before any `!Type:` header (read as a bank section, with a warning). */
  readonly untyped: QifSection | undefined;
}

/** Fields whose value is free text, which some exporters let run over several lines. */
const TEXT_FIELDS = "MPAE";

/**
 * The letters that begin a field of a bank, card, cash or other account's transaction (D T U P M N C L A S E $ %,
 * F for reimbursable, X for Quicken's extensions). Other capitals (B, G, H, R, W…) never do there.
 */
const FIELD_LETTERS = "DTUPMNCLASEFX$%";

/** What a `C` (cleared) field holds: nothing, `*`, or `X`/`R` in either case. */
const CLEARED = /^[*xXrRcC]?$/;

/**
 * Whether `line`, after a text field, is that text's next line rather than a field: GnuCash Android and MyExpenses
 * write a memo's line breaks as they are (GnuCash Android #891, MyExpenses #1552). Only lines that cannot be the
 * field their first character names: not a field letter at all (`Rent share`, `2 coffees`), a `D` that is no date
 * in a record that has one, a `T`/`U`/`$` of words without a digit, a `C` that is no cleared flag, a `%` without a
 * digit. A continuation starting with a letter that takes any text (`Service…` as an `S` split, `Paid…` as a
 * payee) cannot be told from a field.
 */
function continuesText(line: string, dated: boolean, afterText: boolean): boolean {
  const first = line.charAt(0);
  if (!FIELD_LETTERS.includes(first)) return true;
  const value = line.slice(1).trim();
  switch (first) {
    case "D": {
      if (!dated) return false;
      const token = tokenizeQifDate(value);
      // A date with text glued after it (web exports write `D03/24/099Direct Deposit`) right after a text with words
      // is that text's next line (`MReturned item, refund expected` / `D01/12/2024 per receipt`): read as a date,
      // it would start a record without amount and the line would be lost. After an empty `M` (web exports write
      // one per record) it is the next record's date, its `^` left out.
      return token.kind === "invalid" || (token.text !== undefined && afterText);
    }
    case "T":
    case "U":
    case "$":
      return /[A-Za-z]/.test(value) && !/\d/.test(value);
    case "C":
      return !CLEARED.test(value);
    case "%":
      return !/\d/.test(value);
    default:
      return false;
  }
}

/** Whether a record is a transaction: a `D` that reads as a date and a `T` or `U` of digits (an account's `T` is its type). */
function isTransaction(fields: readonly QifField[]): boolean {
  let dated = false;
  let amount = false;
  for (const f of fields) {
    const value = f.value.trim();
    if (f.code === "D") dated ||= tokenizeQifDate(value).kind !== "invalid";
    else if (f.code === "T" || f.code === "U") amount ||= /\d/.test(value) && !/[A-Za-z]/.test(value);
  }
  return dated && amount;
}

/** Reads the structure of QIF `text`. Never throws; anything that is not a field line is ignored. */
export function readQifRecords(text: string): QifDocument {
  const sections: QifSection[] = [];
  const options: string[] = [];
  let untyped: QifSection | undefined;
  let section: QifSection | undefined;
  let account: QifAccount | undefined;
  /** Inside an `!Account` block: records there describe accounts, not transactions. */
  let inAccounts = false;
  /**
   * Between `!Option:AutoSwitch` and `!Clear:AutoSwitch`, `!Account` records list the file's accounts (Quicken writes
   * them all there) and name no account for what follows: `listed` is the last of them. As in GnuCash's reader, an
   * account named before the list stays the account after it, and a list never cleared (some exporters) ends at the
   * next section, which takes the last account listed.
   */
  let autoSwitch = false;
  let listed: QifAccount | undefined;
  /** Ends an AutoSwitch list left open by a section header or a transaction: the section takes its last account. */
  const closeList = (): void => {
    if (!autoSwitch) return;
    autoSwitch = false;
    account = listed ?? account;
    listed = undefined;
  };
  let fields: QifField[] = [];
  let recordLine = 0;
  /** Whether the open record has its `D` already. */
  let dated = false;
  /** Lines of the open record read as a text field's next line. */
  let continued: number[] = [];

  const endRecord = (endMissingAt?: number): void => {
    dated = false;
    const joined = continued;
    continued = [];
    if (fields.length === 0) return;
    if (inAccounts && isTransaction(fields)) {
      // A dated record with an amount, where account records are listed: the exporter left out the `!Type:` header
      // after the account (or after `!Account` itself). Read as that account's transactions, never as the account
      // (its name would be lost, and every transaction after it with no word).
      inAccounts = false;
      closeList();
      const type = account?.type ?? sections[sections.length - 1]?.type ?? "";
      section = { type, line: recordLine, account, records: [], typeMissing: true };
      sections.push(section);
    }
    if (inAccounts) {
      const get = (code: string) => fields.find((f) => f.code === code)?.value.trim();
      const described = { name: get("N") || undefined, type: get("T") || undefined, description: get("D") || undefined, line: recordLine };
      if (autoSwitch) listed = described;
      else account = described;
    } else {
      if (section === undefined) {
        untyped ??= { type: "", line: recordLine, account, records: [] };
        section = untyped;
      }
      section.records.push({
        line: recordLine,
        fields,
        ...(endMissingAt === undefined ? {} : { endMissingAt }),
        ...(joined.length === 0 ? {} : { continued: joined }),
      });
    }
    fields = [];
  };

  const n = text.length;
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let lineNo = 0;
  while (pos < n) {
    let end = pos;
    while (end < n) {
      const c = text.charCodeAt(end);
      if (c === 10 || c === 13) break;
      end++;
    }
    lineNo++;
    const raw = text.slice(pos, end);
    pos = end < n && text.charCodeAt(end) === 13 && text.charCodeAt(end + 1) === 10 ? end + 2 : end + 1;
    const line = raw.trim();
    if (line === "") continue;
    const first = line.charCodeAt(0);
    if (first === 33 /* ! */) {
      endRecord();
      const header = line.slice(1);
      const colon = header.indexOf(":");
      // `!type bank`, with a space for the colon, is written by some French banks (a comment in GnuCash's reader).
      const spaced = colon < 0 ? /^type\s+(\S.*)$/i.exec(header) : null;
      const key = spaced !== null ? "type" : (colon < 0 ? header : header.slice(0, colon)).trim().toLowerCase();
      const value = spaced !== null ? (spaced[1] ?? "").trim() : colon < 0 ? "" : header.slice(colon + 1).trim();
      if (key === "type") {
        inAccounts = false;
        closeList();
        // GnuCash Pocket writes `!Type:Bank` before every transaction: a header repeating the type of the section
        // it follows, with no `!Account` between, may continue that section's account (the parser decides).
        const last = sections[sections.length - 1];
        const repeats = last !== undefined && section === last && last.type.toLowerCase() === value.toLowerCase();
        section = { type: value, line: lineNo, account, records: [], ...(repeats ? { repeatsType: true } : {}) };
        sections.push(section);
      } else if (key === "account") {
        inAccounts = true;
        section = undefined;
      } else if (key === "option") {
        options.push(value);
        if (value.toLowerCase() === "autoswitch") autoSwitch = true;
      } else if (key === "clear" && value.toLowerCase() === "autoswitch") {
        autoSwitch = false;
        listed = undefined;
      }
      // Unknown headers change nothing we read.
      continue;
    }
    if (first === 94 /* ^ */) {
      endRecord();
      continue;
    }
    const previous = fields[fields.length - 1];
    if (
      !inAccounts &&
      previous !== undefined &&
      TEXT_FIELDS.includes(previous.code) &&
      continuesText(line, dated, previous.value.trim() !== "")
    ) {
      fields[fields.length - 1] = { ...previous, value: `${previous.value}\n${line}` };
      continued.push(lineNo);
      continue;
    }
    if (first === 68 /* D */ && !inAccounts) {
      // A record has one date, and QIF splits (S/E/$/%) have none: a second D means the exporter (or an edit)
      // left out the `^` before it. Ending the record here keeps both transactions, where reading on would
      // let the later fields overwrite the earlier transaction's.
      if (dated) endRecord(lineNo);
      dated = true;
    }
    if (fields.length === 0) recordLine = lineNo;
    fields.push({ code: line.charAt(0), value: line.slice(1), line: lineNo });
  }
  endRecord();
  return { sections, options, untyped };
}
