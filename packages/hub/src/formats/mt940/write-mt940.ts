/**
 * Canonical statements out as SWIFT MT940: what many ERPs still import. CRLF lines, `:20: :25: :28C: :60F:`,
 * `:61:` with its `:86:` per entry, `:62F: :64: :65:`, the statement's `:86:`, `-`. Entries with structured facts
 * get a German subfield `:86:` (`?00`, `?20`… with EREF/MREF/CRED/SVWZ, `?30`–`?33`), others plain text lines.
 * What MT940 cannot hold is reported (aggregated per statement), never dropped silently; what SWIFT limits is
 * cut with a warning. Our parser reads the result back to the same entries.
 *
 * @module
 */
import { type Balance, type IsoDate, type Issue, type Statement, subtractMoney, sumMoney } from "../../core/index.js";
import type { StatementWriteSession } from "../format.js";
import { parseAccountField } from "./account-field.js";
import { hardWrap, hasExtraDecimals, SWIFT_LINE, swiftAmount, yymmdd } from "./swift-text.js";
import { cut, entryLines, flat, reference } from "./write-entry.js";
import { WriteReport } from "./write-report.js";

const CRLF = "\r\n";

function balanceLine(tag: string, b: Balance, report: WriteReport, path: string): string {
  if (hasExtraDecimals(b.amount))
    report.note("writeTruncated", `balance with more decimals than ${b.amount.currency} has, written as is`, path);
  if (b.dateTime !== undefined || b.creditLine !== undefined)
    report.note("writeNotRepresentable", "balance time or credit line not written", path);
  return `:${tag}:${b.amount.minor < 0n ? "D" : "C"}${yymmdd(b.date)}${b.amount.currency}${swiftAmount(b.amount)}`;
}

/**
 * The `:25:` text: the account id, after its bank's clearing code or BIC where the reader splits that off again,
 * and, without balances (nothing else then carries it), the currency after it as banks write it: after digits
 * directly (`51210600/9223382012EUR`), otherwise after a slash so the reader can tell it from the id. Read back
 * with the reader's own rules: a prefix it would not split off (`20-00-00`, a 9-digit ABA number) is left out, and
 * an id it would cut (`…EUR` read as a currency) gets the currency written after it.
 */
function accountText(s: Statement, report: WriteReport, path: string): string {
  const a = s.account;
  const lost = (what: string) => report.note("writeNotRepresentable", `${what} not written (MT940 has no field for it)`, path);
  const id = flat(a.id, "id", report, path);
  const reads = (text: string, bank: { clearingCode?: string; bic?: string }) => {
    const read = parseAccountField(text);
    return (
      read !== undefined &&
      read.account.id === id &&
      read.account.bank?.clearingCode === bank.clearingCode &&
      read.account.bank?.bic === bank.bic
    );
  };
  let account = id;
  let bank: { clearingCode?: string; bic?: string } = {};
  const clearing = a.bank?.clearingCode;
  const bic = a.bank?.bic;
  if (a.scheme !== "iban" && clearing !== undefined && reads(`${clearing}/${id}`, { clearingCode: clearing })) {
    account = `${clearing}/${id}`;
    bank = { clearingCode: clearing };
  } else if (a.scheme !== "iban" && bic !== undefined && reads(`${bic}/${id}`, { bic })) {
    account = `${bic}/${id}`;
    bank = { bic };
  }
  if ((clearing !== undefined || bic !== undefined) && bank.clearingCode === undefined && bank.bic === undefined)
    lost(a.scheme === "iban" ? "account's bank" : "account's bank (its code would not read back from :25:)");
  if (a.bank?.name !== undefined || a.bank?.country !== undefined || a.bank?.cnBankCode !== undefined)
    lost("account's bank name, country or Chinese bank code");
  const currency = a.currency ?? s.entries.find((e) => e.status === "booked")?.amount.currency;
  const needsCurrency = s.openingBalance === undefined && s.closingBalance === undefined && currency !== undefined;
  // An id the reader would cut a currency code off (`0012345678EUR`) keeps it when the real currency follows; the
  // currency is added for that only where it makes the id read back.
  const suffix = currency === undefined ? "" : `${/\d$/.test(account) ? "" : "/"}${currency}`;
  const fits = account.length + suffix.length <= 35;
  const helps = !reads(account, bank) && fits && reads(account + suffix, bank);
  const text =
    needsCurrency || helps
      ? `${cut(account, 35 - suffix.length, "account (:25:)", report, path)}${suffix}`
      : cut(account, 35, "account (:25:)", report, path);
  const read = parseAccountField(text);
  if (read?.account.id !== id)
    report.note("writeTextChanged", `account id reads back from :25: as "${(read?.account.id ?? "").slice(0, 40)}"`, path);
  return text;
}

/** The statement's lines, or none (with a finding) when it cannot be written. */
function statementLines(s: Statement, report: WriteReport, path: string): string[] {
  const lost = (what: string) => report.note("writeNotRepresentable", `${what} not written (MT940 has no field for it)`, path);
  if (s.kind !== "statement") lost(`statement kind "${s.kind}" (MT940 is an end-of-day statement)`);
  if (s.createdAt !== undefined) lost("creation time");
  if (s.period !== undefined) lost("period");
  if (s.summary !== undefined) lost("summary totals");
  if (s.account.holderName !== undefined || s.account.name !== undefined) lost("account holder and name");
  const lines = [`:20:${reference(s.id ?? "NONREF", "statement id (:20:)", report, path)}`];
  lines.push(`:25:${accountText(s, report, path)}`);
  const seq = s.sequence;
  const number = seq?.legal ?? seq?.electronic ?? "0";
  if (!/^\d{1,5}$/.test(number))
    report.note("writeTruncated", `statement number "${number.slice(0, 20)}" is not the 1–5 digits :28C: holds; written as is`, path);
  lines.push(`:28C:${flat(number, "number", report, path)}${seq?.page === undefined ? "" : `/${seq.page}`}`);
  if (seq?.legal !== undefined && seq.electronic !== undefined && seq.electronic !== seq.legal)
    lost("electronic sequence number different from the statement number");

  const booked = s.entries.filter((e) => e.status === "booked").map((e) => e.amount);
  let opening = s.openingBalance;
  let closing = s.closingBalance;
  // :60F: and :62F: are mandatory: one missing is derived from the other and the booked entries.
  if (opening === undefined && closing !== undefined) {
    opening = {
      type: "openingBooked",
      amount: subtractMoney(closing.amount, sumMoney(booked, closing.amount.currency)),
      date: closing.date,
    };
    report.note("writeBalanceMissing", "opening balance missing: derived from the closing balance and the booked entries", path);
  } else if (closing === undefined && opening !== undefined) {
    // Dated as the last day the statement covers: its last entry's, or the opening balance's.
    let last: IsoDate = opening.date;
    for (const e of s.entries) {
      const at = e.bookingDate ?? e.valueDate;
      if (at !== undefined && at.localeCompare(last) > 0) last = at;
    }
    closing = { type: "closingBooked", amount: sumMoney([opening.amount, ...booked], opening.amount.currency), date: last };
    report.note("writeBalanceMissing", "closing balance missing: derived from the opening balance and the booked entries", path);
  } else if (opening === undefined && closing === undefined) {
    report.note(
      "writeBalanceMissing",
      "statement without opening and closing balance: :60F:/:62F: left out, which most readers refuse",
      path,
    );
  }
  if (opening !== undefined) lines.push(balanceLine(opening.type === "interimBooked" ? "60M" : "60F", opening, report, path));
  // The statement's :86: goes after its closing balance; without one it would read as the last entry's :86:, so it
  // goes before the first entry, where a reader takes it for the statement's too.
  const info = infoLines(s, report, path);
  if (closing === undefined) lines.push(...info);
  s.entries.forEach((e, i) => {
    // An MT940 lists booked entries; pending and information-only ones would change the balance (and belong in MT942).
    if (e.status === "booked") lines.push(...entryLines(e, s, report, `${path}/entries/${i}`));
    else
      report.note(
        "writeNotRepresentable",
        `${e.status} entries not written (an MT940 statement lists booked entries)`,
        `${path}/entries/${i}`,
      );
  });
  if (closing !== undefined) {
    const intermediate = closing.type === "interimBooked" || seq?.lastPage === false;
    lines.push(balanceLine(intermediate ? "62M" : "62F", closing, report, path));
  }
  let available = false;
  for (const b of s.balances) {
    if (b.type === "closingAvailable" && !available) {
      lines.push(balanceLine("64", b, report, path));
      available = true;
    } else if (b.type === "forwardAvailable") lines.push(balanceLine("65", b, report, path));
    else lost(`"${b.type}" balance`);
  }
  if (closing !== undefined) lines.push(...info);
  // SWIFT FIN carries only its X character set; the ERPs and tools that import MT940 files read Latin-1 or UTF-8
  // text in them (German umlauts are common), so other characters are written as they are, with a note.
  if (lines.some((l) => !SWIFT_X.test(l)))
    report.note("writeBeyondSwift", "characters outside SWIFT's X character set written as they are", path);
  lines.push("-");
  return lines;
}

/** The statement's `:86:` lines (none without text); lines that would read as a field, separator or envelope are indented. */
function infoLines(s: Statement, report: WriteReport, path: string): string[] {
  if (s.additionalInfo === undefined || s.additionalInfo === "") return [];
  const info = s.additionalInfo
    .split(/\r\n|\r|\n/)
    .flatMap((l, i) => hardWrap(flat(l, "statement text", report, path), i === 0 ? SWIFT_LINE - 4 : SWIFT_LINE));
  const safe = info.map((l, i) => (i > 0 && /^[:{-]/.test(l) ? ` ${l}` : l));
  if (safe.some((l, i) => l !== info[i]))
    report.note("writeTextChanged", "statement text lines starting with : { or - indented by a space", path);
  return [`:86:${safe[0]}`, ...safe.slice(1)];
}

/** SWIFT's X character set: letters, digits, space and `/ - ? : ( ) . , ' +`. */
const SWIFT_X = /^[A-Za-z0-9/\-?:().,'+ ]*$/;

/**
 * Writes `statements` as one MT940 document (CRLF line ends, `-` after each statement) and says what could not
 * be written.
 *
 * @example const { content, issues } = writeMt940(parsed.statements);
 */
export function writeMt940(statements: readonly Statement[]): { content: string; issues: Issue[] } {
  const session = beginMt940();
  let content = "";
  for (const s of statements) content += session.statement(s);
  return { content, issues: session.end().issues };
}

/**
 * An MT940 document written a statement at a time: each statement's lines as they are made, what could not be
 * written at the end (see {@link writeMt940}, which is this over a list).
 */
export function beginMt940(): StatementWriteSession {
  const report = new WriteReport();
  let index = 0;
  return {
    statement(s) {
      const lines = statementLines(s, report, `/statements/${index++}`);
      report.flush();
      return lines.length === 0 ? "" : lines.join(CRLF) + CRLF;
    },
    // MT940 has no message of no statement: nothing is written, and the warning says so (no silent empty file).
    end: () => ({
      content: "",
      issues:
        index === 0
          ? [
              {
                severity: "warning",
                code: "WRITE_NO_STATEMENTS",
                message: "MT940 needs at least one statement; there is none to write, so no document was written",
              },
              ...report.issues,
            ]
          : report.issues,
    }),
  };
}
