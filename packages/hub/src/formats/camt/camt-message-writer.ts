/**
 * Canonical statements out as one of the ISO 20022 bank-to-customer cash management messages of version 08:
 * camt.052.001.08 (account report), camt.053.001.08 (statement) and camt.054.001.08 (debit/credit notification).
 * The three share every element but the message's and the report's names, and whether balances are required
 * (camt.053), allowed (camt.052) or absent (camt.054), so one writer serves them, told which by a
 * {@link CamtMessage}. Everything the message can hold is written; what it cannot (the Chinese balance kinds,
 * funds codes, another message's kind, text over the schema's lengths…) is reported as a `CAMT_WRITE_LOSSY`
 * warning, one per kind of loss, never dropped silently. Reading the document back with the camt parser gives
 * the same statements in everything the message carries.
 *
 * @module
 */
import {
  type Balance,
  type BalanceType,
  type Issue,
  type Statement,
  type StatementKind,
  tryBic,
  tryIsoDateTime,
} from "../../core/index.js";
import type { WriteOptions } from "../format.js";
import { NO_BALANCE } from "./camt-build.js";
import { XmlOut } from "./camt-xml-out.js";
import { writeEntry } from "./camt053-entry.js";
import { isCountry, writeAccountId } from "./camt053-parties.js";

/** What tells the three messages apart. */
export interface CamtMessage {
  /** `camt.053.001.08`… (in warnings). */
  readonly name: string;
  readonly namespace: string;
  /** The message element under `Document` (`BkToCstmrStmt`). */
  readonly root: string;
  /** One statement's element (`Stmt`, `Rpt`, `Ntfctn`). */
  readonly element: string;
  /** Its pagination element (`StmtPgntn`…). */
  readonly pagination: string;
  /** Its free-text element (`AddtlStmtInf`…). */
  readonly additionalInfo: string;
  /** The statement kind the parser reads the message as. */
  readonly kind: Exclude<StatementKind, "export">;
  /** camt.053 needs at least one balance, camt.052 may have none, camt.054 has no place for any. */
  readonly balances: "required" | "optional" | "none";
}

/** camt.052.001.08, the intraday account report. */
export const CAMT_052_08: CamtMessage = {
  name: "camt.052.001.08",
  namespace: "urn:iso:std:iso:20022:tech:xsd:camt.052.001.08",
  root: "BkToCstmrAcctRpt",
  element: "Rpt",
  pagination: "RptPgntn",
  additionalInfo: "AddtlRptInf",
  kind: "report",
  balances: "optional",
};

/** camt.053.001.08, the end-of-day statement. */
export const CAMT_053_08: CamtMessage = {
  name: "camt.053.001.08",
  namespace: "urn:iso:std:iso:20022:tech:xsd:camt.053.001.08",
  root: "BkToCstmrStmt",
  element: "Stmt",
  pagination: "StmtPgntn",
  additionalInfo: "AddtlStmtInf",
  kind: "statement",
  balances: "required",
};

/** camt.054.001.08, the debit/credit notification. */
export const CAMT_054_08: CamtMessage = {
  name: "camt.054.001.08",
  namespace: "urn:iso:std:iso:20022:tech:xsd:camt.054.001.08",
  root: "BkToCstmrDbtCdtNtfctn",
  element: "Ntfctn",
  pagination: "NtfctnPgntn",
  additionalInfo: "AddtlNtfctnInf",
  kind: "notification",
  balances: "none",
};

const article = (word: string): string => (/^[aeiou]/.test(word) ? "an" : "a");

/** ISO 20022 balance codes of the model's balance types; the Chinese kinds have none. */
const BALANCE_CODES: Partial<Record<BalanceType, string>> = {
  openingBooked: "OPBD",
  closingBooked: "CLBD",
  interimBooked: "ITBD",
  interimAvailable: "ITAV",
  closingAvailable: "CLAV",
  forwardAvailable: "FWAV",
  openingAvailable: "OPAV",
  previouslyClosedBooked: "PRCD",
  expected: "XPCD",
  information: "INFO",
};

/** `Number` (ElctrncSeqNb, LglSeqNb): up to 18 digits. */
const NUMBER = /^\d{1,18}$/;

/** A 32-bit FNV-1a hash in hex: a message id that is the same for the same statements. */
function fnv(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, "0");
}

function writeBalance(out: XmlOut, b: Balance, path: string): void {
  const code = BALANCE_CODES[b.type];
  if (code === undefined) {
    out.lose(`balance:${b.type}`, `a balance of type ${b.type} has no ISO 20022 code and is not written`, path);
    return;
  }
  const amount = out.amount(b.amount, `${path}/amount`);
  if (amount === undefined) return;
  out.open("Bal");
  out.open("Tp");
  out.open("CdOrPrtry");
  out.leaf("Cd", code);
  out.close("CdOrPrtry");
  out.close("Tp");
  if (b.creditLine !== undefined) {
    if (b.creditLine.minor < 0n)
      out.lose("credit-line-sign", "a negative credit line is written as its absolute amount", `${path}/creditLine`);
    const line = out.amount(b.creditLine, `${path}/creditLine`);
    if (line !== undefined) {
      out.open("CdtLine");
      out.leaf("Incl", "true");
      out.leaf("Amt", line, ` Ccy="${b.creditLine.currency}"`);
      out.close("CdtLine");
    }
  }
  out.leaf("Amt", amount, ` Ccy="${b.amount.currency}"`);
  out.leaf("CdtDbtInd", b.amount.minor < 0n ? "DBIT" : "CRDT");
  out.open("Dt");
  const dt = b.dateTime === undefined ? undefined : out.dateTime(b.dateTime, `${path}/dateTime`);
  if (dt !== undefined) {
    if (dt.slice(0, 10) !== b.date)
      out.lose("balance-date", "a balance date that is not the date of its date-time is not written", `${path}/date`);
    out.leaf("DtTm", dt);
  } else out.leaf("Dt", b.date);
  out.close("Dt");
  out.close("Bal");
}

function writeAccount(out: XmlOut, s: Statement, path: string): void {
  const a = s.account;
  out.open("Acct");
  writeAccountId(out, a.id, a.scheme, `${path}/account/id`);
  if (a.currency !== undefined) out.leaf("Ccy", a.currency);
  out.text("Nm", a.name, 70, `${path}/account/name`);
  if (a.holderName !== undefined && out.clean(a.holderName, 140, `${path}/account/holderName`) !== undefined) {
    out.open("Ownr");
    out.text("Nm", a.holderName, 140, `${path}/account/holderName`);
    out.close("Ownr");
  }
  const bank = a.bank;
  if (bank !== undefined) {
    const bp = `${path}/account/bank`;
    const bic = bank.bic === undefined ? undefined : tryBic(bank.bic);
    const member = bank.cnBankCode ?? bank.clearingCode;
    if (bank.cnBankCode !== undefined && bank.clearingCode !== undefined) {
      out.lose(
        "clearing",
        "a bank with both a Chinese bank code and another clearing code keeps only the Chinese one",
        `${bp}/clearingCode`,
      );
    }
    const country = bank.country !== undefined && isCountry(bank.country) ? bank.country : undefined;
    if (bank.country !== undefined && country === undefined)
      out.lose("country", "a country that is not two capital letters is not written", `${bp}/country`);
    if (bic !== undefined || member !== undefined || bank.name !== undefined || country !== undefined) {
      out.open("Svcr");
      out.open("FinInstnId");
      if (bic !== undefined) out.leaf("BICFI", bic);
      if (member !== undefined) {
        out.open("ClrSysMmbId");
        // CNAPS is the ISO clearing system code of China's payment system; the parser reads it back as cnBankCode.
        if (bank.cnBankCode !== undefined) {
          out.open("ClrSysId");
          out.leaf("Cd", "CNAPS");
          out.close("ClrSysId");
        }
        out.text("MmbId", member, 35, `${bp}/${bank.cnBankCode === undefined ? "clearingCode" : "cnBankCode"}`);
        out.close("ClrSysMmbId");
      }
      out.text("Nm", bank.name, 140, `${bp}/name`);
      if (country !== undefined) {
        out.open("PstlAdr");
        out.leaf("Ctry", country);
        out.close("PstlAdr");
      }
      out.close("FinInstnId");
      out.close("Svcr");
    }
  }
  out.close("Acct");
}

/** The currency the parser gives a summary's net and sums, which camt states without one. */
function summaryCurrency(s: Statement): string | undefined {
  return s.account.currency ?? s.openingBalance?.amount.currency ?? s.closingBalance?.amount.currency ?? s.balances[0]?.amount.currency;
}

function writeSummary(out: XmlOut, s: Statement, path: string): void {
  const sum = s.summary;
  if (sum === undefined) return;
  const currency = summaryCurrency(s);
  const decimal = (m: NonNullable<typeof sum.net>, at: string): string | undefined => {
    if (m.currency !== currency) {
      out.lose("summary-currency", "a summary amount in another currency than the statement's is not written (camt states none)", at);
      return undefined;
    }
    return out.amount(m, at);
  };
  const count = (n: number | undefined, at: string): string | undefined => {
    if (n === undefined) return undefined;
    if (n <= 999_999_999_999_999) return String(n);
    out.lose("count", "a count of more than 15 digits is not written", at);
    return undefined;
  };
  const total = count(sum.count, `${path}/summary/count`);
  const net = sum.net === undefined ? undefined : decimal(sum.net, `${path}/summary/net`);
  const sides = (["credits", "debits"] as const).map((side) => {
    const v = sum[side];
    if (v?.sum !== undefined && v.sum.minor < 0n) {
      out.lose(
        "summary-sign",
        "a negative credit or debit total is written as its absolute amount (camt states sums without sign)",
        `${path}/summary/${side}/sum`,
      );
    }
    return {
      count: count(v?.count, `${path}/summary/${side}/count`),
      sum: v?.sum === undefined ? undefined : decimal(v.sum, `${path}/summary/${side}/sum`),
    };
  });
  if (total === undefined && net === undefined && sides.every((x) => x.count === undefined && x.sum === undefined)) return;
  out.open("TxsSummry");
  if (total !== undefined || net !== undefined) {
    out.open("TtlNtries");
    if (total !== undefined) out.leaf("NbOfNtries", total);
    if (net !== undefined && sum.net !== undefined) {
      out.open("TtlNetNtry");
      out.leaf("Amt", net);
      out.leaf("CdtDbtInd", sum.net.minor < 0n ? "DBIT" : "CRDT");
      out.close("TtlNetNtry");
    }
    out.close("TtlNtries");
  }
  sides.forEach((x, i) => {
    if (x.count === undefined && x.sum === undefined) return;
    const name = i === 0 ? "TtlCdtNtries" : "TtlDbtNtries";
    out.open(name);
    if (x.count !== undefined) out.leaf("NbOfNtries", x.count);
    if (x.sum !== undefined) out.leaf("Sum", x.sum);
    out.close(name);
  });
  out.close("TxsSummry");
}

function writeStatement(out: XmlOut, m: CamtMessage, s: Statement, index: number, today: string): void {
  const path = `/statements/${index}`;
  if (s.kind !== m.kind) {
    out.lose(
      `kind:${s.kind}`,
      `${article(s.kind)} ${s.kind} is written as ${article(m.kind)} ${m.kind} (${m.name.slice(0, 8)} has no other kind)`,
      `${path}/kind`,
    );
  }
  out.open(m.element);
  if (!out.text("Id", s.id, 35, `${path}/id`)) out.leaf("Id", `STMT-${index + 1}`);
  const seq = s.sequence;
  if (seq?.page !== undefined || seq?.lastPage !== undefined) {
    if (seq.page !== undefined && seq.lastPage !== undefined && seq.page <= 99_999) {
      out.open(m.pagination);
      out.leaf("PgNb", String(seq.page));
      out.leaf("LastPgInd", String(seq.lastPage));
      out.close(m.pagination);
    } else out.lose("page", "a page number without last-page indicator (or the reverse, or over 99999) is not written", `${path}/sequence`);
  }
  for (const [key, name] of [
    ["electronic", "ElctrncSeqNb"],
    ["legal", "LglSeqNb"],
  ] as const) {
    const v = seq?.[key];
    if (v === undefined) continue;
    if (NUMBER.test(v)) out.leaf(name, v);
    else out.lose(`seq:${key}`, `a ${key} sequence number that is not up to 18 digits is not written`, `${path}/sequence/${key}`);
  }
  const created = s.createdAt === undefined ? undefined : out.dateTime(s.createdAt, `${path}/createdAt`);
  if (created !== undefined) out.leaf("CreDtTm", created);
  const p = s.period;
  if (p !== undefined) {
    // A period of dates only covers those days whole.
    const from = p.fromDateTime ?? (p.from === undefined ? undefined : tryIsoDateTime(`${p.from}T00:00:00`));
    const to = p.toDateTime ?? (p.to === undefined ? undefined : tryIsoDateTime(`${p.to}T23:59:59`));
    const fromText = from === undefined ? undefined : out.dateTime(from, `${path}/period/from`);
    const toText = to === undefined ? undefined : out.dateTime(to, `${path}/period/to`);
    if (fromText !== undefined && toText !== undefined) {
      if ((p.from !== undefined && p.from !== fromText.slice(0, 10)) || (p.to !== undefined && p.to !== toText.slice(0, 10))) {
        out.lose("period-date", "a period date that is not the date of its date-time is not written", `${path}/period`);
      }
      out.open("FrToDt");
      out.leaf("FrDtTm", fromText);
      out.leaf("ToDtTm", toText);
      out.close("FrToDt");
    } else out.lose("period", "a period with only a start or only an end is not written (camt needs both)", `${path}/period`);
  }
  writeAccount(out, s, path);
  // `wrote` counts since its last call: forget the Bal elements of the statement before (its stand-in included).
  out.wrote("Bal");
  if (m.balances === "none") {
    if (s.openingBalance !== undefined || s.closingBalance !== undefined || s.balances.length > 0)
      out.lose("balances", `${m.name} has no balances; a ${s.kind}'s balances are not written`, `${path}/balances`);
  } else {
    if (s.openingBalance !== undefined) writeBalance(out, s.openingBalance, `${path}/openingBalance`);
    if (s.closingBalance !== undefined) writeBalance(out, s.closingBalance, `${path}/closingBalance`);
    s.balances.forEach((b, i) => {
      writeBalance(out, b, `${path}/balances/${i}`);
    });
  }
  // camt.053 requires at least one `Bal`; a statement may have none (a camt.054 notification, an export). The
  // stand-in is a zero in XXX (ISO 4217 "no currency") of a proprietary type the camt parser skips, so the
  // statement reads back without balances.
  if (m.balances === "required" && !out.wrote("Bal")) {
    const date = s.createdAt?.slice(0, 10) ?? s.entries.find((e) => e.bookingDate !== undefined)?.bookingDate ?? latestDate([s]) ?? today;
    out.open("Bal");
    out.open("Tp");
    out.open("CdOrPrtry");
    out.leaf("Prtry", NO_BALANCE);
    out.close("CdOrPrtry");
    out.close("Tp");
    out.leaf("Amt", "0", ' Ccy="XXX"');
    out.leaf("CdtDbtInd", "CRDT");
    out.open("Dt");
    out.leaf("Dt", date);
    out.close("Dt");
    out.close("Bal");
  }
  writeSummary(out, s, path);
  s.entries.forEach((e, i) => {
    writeEntry(out, e, `${path}/entries/${i}`);
  });
  out.text(m.additionalInfo, s.additionalInfo, 500, `${path}/additionalInfo`);
  out.close(m.element);
}

/** The latest date a statement mentions: the message's creation time when no statement says when it was made. */
function latestDate(statements: readonly Statement[]): string | undefined {
  let latest: string | undefined;
  for (const s of statements) {
    for (const d of [s.closingBalance?.date, s.openingBalance?.date, s.period?.to])
      if (d !== undefined && (latest === undefined || d > latest)) latest = d;
  }
  return latest;
}

/**
 * Writes `statements` as one document of message `m`. The message id is a hash of the statements, and the
 * message's creation time is the first statement's (else the latest date they mention); only statements that
 * mention no date at all take the clock's (`options.now`). No statement, no document: the schema requires one.
 */
export function writeCamtMessage(
  m: CamtMessage,
  statements: readonly Statement[],
  options: WriteOptions = {},
): { content: string; issues: Issue[] } {
  // A camt message of no statement is invalid against its schema (and its ERP import would fail on it): a source
  // with nothing to report (a BAI2 file of no account) gives no document, and the warning says why.
  if (statements.length === 0)
    return {
      content: "",
      issues: [
        {
          severity: "warning",
          code: "WRITE_NO_STATEMENTS",
          message: `${m.name} needs at least one ${m.kind}; there is none to write, so no document was written`,
        },
      ],
    };
  const now = (options.now ?? (() => new Date()))().toISOString();
  const body = new XmlOut("    ");
  statements.forEach((s, i) => {
    writeStatement(body, m, s, i, now.slice(0, 10));
  });
  const head = new XmlOut();
  const created = statements.find((s) => s.createdAt !== undefined)?.createdAt;
  const latest = latestDate(statements);
  const createdText =
    (created === undefined ? undefined : head.dateTime(created, "/statements/0/createdAt")) ??
    (latest === undefined ? `${now.slice(0, 19)}Z` : `${latest}T00:00:00`);
  const issues = [...head.issues(), ...body.issues()];
  const content = body.toString();
  const id = `BANKBRIDGE-${fnv(content)}`;
  return {
    content: `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="${m.namespace}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <${m.root}>
    <GrpHdr>
      <MsgId>${id}</MsgId>
      <CreDtTm>${createdText}</CreDtTm>
    </GrpHdr>
${content}  </${m.root}>
</Document>
`,
    issues,
  };
}
