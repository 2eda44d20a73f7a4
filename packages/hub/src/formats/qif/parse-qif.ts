/**
 * The QIF parser: `!Type:Bank`, `!Type:CCard`, `!Type:Cash`, `!Type:Oth A` and `!Type:Oth L` (other asset and
 * liability accounts, laid out like bank ones) sections become statements (kind `export`: QIF comes from
 * personal-finance software, not from a bank's books). Other sections (`!Type:Invst`, `!Type:Invoice`) are
 * reported as unsupported; list sections (categories, classes, tags, memorized transactions, prices,
 * securities) hold no account movements and are skipped with a warning.
 *
 * An account's first record may be its opening balance rather than a movement: Quicken, MS Money, KMyMoney and
 * Grisbi write `POpening Balance` with the account itself as the transfer category (`L[Checking]`) and the
 * balance as its amount. It is read as the statement's opening balance, and the bracketed name names the
 * account when no `!Account` block does.
 *
 * Decided once per file, before any record is read: whether its six-digit dates put the year first, the day-month
 * order of its dates and the decimal mark of its amounts (see `qif-six-digit-dates.ts`, `qif-dates.ts`,
 * `qif-amounts.ts`). QIF has no account number and no currency: the account
 * is named by its `!Account` name or the file name, the amounts are in `XXX` (no currency), and both are said
 * in issues.
 *
 * @module
 */
import { type Balance, type CurrencyCode, type Entry, type IsoDate, type Issue, type Statement, toCurrencyCode } from "../../core/index.js";
import type { FormatResult, ParseContext } from "../format.js";
import { decideQifDecimalMark } from "./qif-amounts.js";
import { decideQifDateOrder, type QifDateOrder, type QifDateToken, resolveQifDate, tokenizeQifDate } from "./qif-dates.js";
import { buildQifEntry } from "./qif-entry.js";
import { type QifRecord, readQifRecords } from "./qif-records.js";
import { decideQifSixDigitOrder, settleQifSixDigitDate } from "./qif-six-digit-dates.js";

/** Sections read as statements. */
const SUPPORTED: ReadonlySet<string> = new Set(["bank", "ccard", "cash", "oth a", "oth l"]);
/** Sections that list things other than account movements. */
const LISTS: ReadonlySet<string> = new Set(["cat", "class", "tag", "memorized", "prices", "security", "template"]);

/** ISO 4217 "no currency": QIF amounts have no currency of their own. */
const NO_CURRENCY = toCurrencyCode("XXX") as CurrencyCode;

const ORDER_NAMES: Readonly<Record<QifDateOrder, string>> = { MDY: "M/D/Y", DMY: "D/M/Y" };

/** A name for the account from the file name: `checking-2024.qif` → `checking-2024`. */
function fileStem(filename: string | undefined): string | undefined {
  if (filename === undefined) return undefined;
  const base = filename.split(/[\\/]/).pop() ?? "";
  const stem = base.replace(/\.[^.]*$/, "").trim();
  return stem === "" ? undefined : stem;
}

/**
 * The opening balance a section's first entry states, and the account it names: `POpening Balance` with the
 * account itself as its transfer category (`L[Checking]`), which Quicken, MS Money, KMyMoney and Grisbi write as
 * an account's first record. Only when the bracketed name is the section's `!Account` name, if it has one: a
 * transfer to another account is a movement, whatever its payee.
 */
function openingBalanceOf(first: Entry | undefined, accountName: string | undefined): { balance: Balance; account: string } | undefined {
  if (first === undefined || first.bookingDate === undefined) return undefined;
  const transfer = /^\[(.+)\]$/.exec(first.bankData?.category?.trim() ?? "");
  const account = transfer?.[1]?.trim();
  if (account === undefined || account === "" || (accountName !== undefined && account !== accountName)) return undefined;
  // A first record that transfers to the account's own !Account name states its opening balance whatever its payee
  // says (GnuCash's reader): German Quicken writes `Anfangssaldo`. Without a name to compare, the payee must say so.
  const payee = first.counterparty?.name?.trim().toLowerCase() ?? "";
  if (accountName === undefined && !OPENING_PAYEES.has(payee)) return undefined;
  return { balance: { type: "openingBooked", amount: first.amount, date: first.bookingDate }, account };
}

/** What an opening balance record's payee is in the languages of the programs that write QIF. */
const OPENING_PAYEES: ReadonlySet<string> = new Set([
  "opening balance",
  "anfangssaldo",
  "anfangsbestand",
  "eröffnungssaldo",
  "solde initial",
  "solde d'ouverture",
  "saldo inicial",
  "saldo iniziale",
  "beginsaldo",
  "openingssaldo",
]);

/** A statement's account id: its name, else the file's stem (with the section's type when several sections share it). */
function accountIds(named: readonly (string | undefined)[], types: readonly string[], stem: string | undefined): string[] {
  const base = stem ?? "QIF";
  const unnamed = named.filter((n) => n === undefined).length;
  const seen = new Map<string, number>();
  return named.map((name, i) => {
    if (name !== undefined) return name;
    if (unnamed === 1) return base;
    // Sections without a name are different accounts (a file's bank and card sections): one id each.
    const id = `${base}:${types[i] === "" ? "Bank" : types[i]}`;
    const n = (seen.get(id) ?? 0) + 1;
    seen.set(id, n);
    return n === 1 ? id : `${id}#${n}`;
  });
}

function optionOrder(options: readonly string[]): QifDateOrder | undefined {
  for (let i = options.length - 1; i >= 0; i--) {
    const o = (options[i] ?? "").toUpperCase();
    if (o === "MDY" || o === "DMY") return o;
  }
  return undefined;
}

/** Parses a QIF document into one statement per bank, card or cash section. Never throws on bad input. */
export function parseQif(text: string, context: ParseContext): FormatResult {
  const doc = readQifRecords(text);
  const issues: Issue[] = [];
  const sections = doc.untyped === undefined ? doc.sections : [doc.untyped, ...doc.sections];
  if (doc.untyped !== undefined) {
    issues.push({
      severity: "warning",
      code: "QIF_TYPE_MISSING",
      message: "transactions before any !Type: header; read as a bank account",
      line: doc.untyped.line,
    });
  }
  for (const s of doc.sections) {
    if (s.typeMissing !== true) continue;
    issues.push({
      severity: "warning",
      code: "QIF_TYPE_MISSING",
      message: `transactions inside an !Account block, without a !Type: header; ${
        s.type === "" || SUPPORTED.has(s.type.toLowerCase()) ? "read as" : "taken for"
      } ${s.type === "" ? "a bank" : `a ${s.type.slice(0, 20)}`} account${s.account?.name === undefined ? "" : ` "${s.account.name.slice(0, 60)}"`}`,
      line: s.line,
    });
  }
  const readable = sections.filter(
    (s) => s === doc.untyped || (s.typeMissing === true && s.type === "") || SUPPORTED.has(s.type.toLowerCase()),
  );
  const readableSet = new Set(readable);
  // Sections not read, one issue per run of headers of one type (GnuCash Pocket repeats the header per record).
  let unread: { issue: Issue; records: number; at: number } | undefined;
  for (const s of sections) {
    if (readableSet.has(s)) {
      unread = undefined;
      continue;
    }
    const list = LISTS.has(s.type.toLowerCase());
    const type = s.type.slice(0, 20);
    const records = s.records.length + (s.repeatsType === true && unread !== undefined ? unread.records : 0);
    const issue: Issue = {
      severity: list ? "warning" : "error",
      code: "QIF_TYPE_UNSUPPORTED",
      message: list
        ? `!Type:${type} lists no account movements; skipped`
        : `!Type:${type} sections (${records} records) are not supported; not read`,
      line: s.repeatsType === true && unread !== undefined ? (unread.issue.line ?? s.line) : s.line,
      details: { type, records },
    };
    const at = s.repeatsType === true && unread !== undefined ? unread.at : issues.length;
    issues[at] = issue;
    unread = { issue, records, at };
  }

  // Decide the date order and decimal mark once, from every record of every readable section.
  const tokens: QifDateToken[] = [];
  /** The record of each token (a record has one D at most: a second one ends it). */
  const dated: QifRecord[] = [];
  const amounts: string[] = [];
  for (const s of readable) {
    for (const r of s.records) {
      for (const f of r.fields) {
        if (f.code === "D") {
          tokens.push(tokenizeQifDate(f.value));
          dated.push(r);
        } else if (f.code === "T" || f.code === "U" || f.code === "$") amounts.push(f.value);
      }
    }
  }
  // The caller's currency (`--currency EUR`, `formatOptions.currency`), else XXX: QIF states none.
  const askedCurrency = context.formatOptions?.currency;
  const given = typeof askedCurrency === "string" ? toCurrencyCode(askedCurrency) : undefined;
  const currency = given ?? NO_CURRENCY;
  if (askedCurrency !== undefined && given === undefined) {
    issues.push({
      severity: "warning",
      code: "QIF_CURRENCY_OPTION_INVALID",
      message: `currency option ${JSON.stringify(askedCurrency).slice(0, 40)} is not an ISO 4217 code; amounts are read in XXX`,
    });
  }
  // The caller's order (`bankbridge parse --date-order dmy`, `formatOptions.dateOrder`) before the file's own. YMD
  // places the year of six-digit dates only (the other dates show where theirs is): their day-month order is left to
  // the file.
  const asked = context.formatOptions?.dateOrder;
  const callerOrder = typeof asked === "string" ? asked.toUpperCase() : undefined;
  if (asked !== undefined && callerOrder !== "DMY" && callerOrder !== "MDY" && callerOrder !== "YMD") {
    issues.push({
      severity: "warning",
      code: "QIF_DATE_ORDER_OPTION_INVALID",
      message: `date order option ${JSON.stringify(asked).slice(0, 20)} is none of DMY, MDY and YMD; the file's dates decide`,
    });
  }
  const byCaller = callerOrder === "DMY" || callerOrder === "MDY";
  const fileOption = optionOrder(doc.options);
  const givenOrder = byCaller ? callerOrder : fileOption;
  const sixByCaller = byCaller || callerOrder === "YMD";
  // Six-digit dates first: read year last, they count towards the day-month order like any numeric date.
  const six = decideQifSixDigitOrder(tokens, callerOrder === "YMD" ? "YMD" : givenOrder);
  const sixYearFirst = six?.yearFirst === true;
  if (six !== undefined)
    for (let i = 0; i < tokens.length; i++) tokens[i] = settleQifSixDigitDate(tokens[i] as QifDateToken, sixYearFirst).token;
  const decision = decideQifDateOrder(tokens, givenOrder);
  const orderName = ORDER_NAMES[decision.order];
  const otherOrder: QifDateOrder = decision.order === "MDY" ? "DMY" : "MDY";
  if (decision.basis === "option" && decision.against > decision.fitting && decision.both > 0) {
    // More dates can only be read the other way than this way: the order given is probably wrong, and the dates that
    // fit both, read in it, are stored with day and month swapped. Each date read the other way is still reported at
    // its line; this says the whole file is in doubt, as an error, so an import of it ends partial.
    const lower = otherOrder.toLowerCase();
    issues.push({
      severity: "error",
      code: "QIF_DATE_ORDER_CONTRADICTED",
      message: `${
        byCaller ? `the date order asked for (--date-order ${decision.order.toLowerCase()})` : `the file's !Option:${decision.order}`
      } is contradicted by its dates: ${decision.against} dates fit only ${ORDER_NAMES[otherOrder]}, ${decision.fitting} only ${orderName}, so the ${
        decision.both
      } that fit both were read ${orderName} and are probably wrong (day and month swapped). ${
        byCaller
          ? `Read it again without --date-order, or with --date-order ${lower}`
          : `Remove !Option:${decision.order} from the file or change it to !Option:${otherOrder}, or read it with --date-order ${lower}`
      }`,
      details: {
        order: decision.order,
        source: byCaller ? "caller" : "file",
        fitting: decision.fitting,
        against: decision.against,
        both: decision.both,
      },
    });
  }
  if (decision.ambiguous) {
    const why =
      decision.basis === "separator"
        ? "dates written with dots are day first"
        : decision.basis === "sequence"
          ? "the dates follow each other more closely that way"
          : "the QIF default";
    const read = decision.read;
    issues.push({
      severity: "warning",
      code: "QIF_DATE_ORDER_AMBIGUOUS",
      // A tie of dates that fit one order each (a file mixing two exports evenly): the others follow the nearest.
      message: `${
        decision.basis === "proximity" && read !== undefined
          ? `as many dates fit only D/M/Y as only M/D/Y (${decision.against} each), so each of the other ${
              decision.numeric - 2 * decision.against
            } is read in the order of the nearest of them in the file (exports pasted together come in blocks): ${read.DMY} as D/M/Y, ${read.MDY} as M/D/Y`
          : `all ${decision.numeric} dates fit both D/M/Y and M/D/Y; read as ${orderName} (${why})`
      }. ${
        // --date-order dmy or mdy, or the file's !Option alone, puts the year of six-digit dates last: following that
        // advice would read the file's YYMMDD dates as DDMMYY or MMDDYY (240607 as 2007-06-24) without a word.
        sixYearFirst
          ? "Add !Option:DMY or !Option:MDY to the file and import it with --date-order ymd, to decide otherwise while its six-digit dates stay year first"
          : "Import with --date-order dmy or mdy, or add !Option:DMY or !Option:MDY to the file, to decide otherwise"
      }`,
      details: {
        order: decision.order,
        basis: decision.basis,
        dates: decision.numeric,
        ...(read === undefined ? {} : { against: decision.against, read }),
      },
    });
  }
  if (six !== undefined && six.basis === "option" && six.against > six.fitting && six.both > 0) {
    // As for the day-month order above: more six-digit dates can only be read with the year where it was not put, so
    // those that fit both ways, read as given, are probably wrong.
    const given = six.yearFirst ? "YMD" : decision.order;
    const asGiven = six.yearFirst ? "year first (YYMMDD)" : "year last";
    const asOther = six.yearFirst ? "year last" : "year first (YYMMDD)";
    issues.push({
      severity: "error",
      code: "QIF_DATE_ORDER_CONTRADICTED",
      message: `${
        sixByCaller
          ? `the date order asked for (--date-order ${given.toLowerCase()})`
          : `the file's !Option:${given}, which puts the year last,`
      } is contradicted by its six-digit dates: ${six.against} fit only ${asOther}, ${six.fitting} only ${asGiven}, so the ${
        six.both
      } that fit both were read ${asGiven} and are probably wrong. ${
        sixByCaller
          ? `Read it again without --date-order, or with --date-order ${six.yearFirst ? "dmy or mdy" : "ymd"}`
          : "Read it with --date-order ymd"
      }`,
      details: {
        order: given,
        source: sixByCaller ? "caller" : "file",
        fitting: six.fitting,
        against: six.against,
        both: six.both,
        digits: 6,
      },
    });
  }
  if (six?.ambiguous === true) {
    const way = six.yearFirst ? "year first (YYMMDD)" : `year last (${orderName})`;
    issues.push({
      severity: "warning",
      code: "QIF_DATE_ORDER_AMBIGUOUS",
      message: `${six.dates === 1 ? "the one six-digit date fits" : `all ${six.dates} six-digit dates fit`} both year first (YYMMDD, 241231 for 2024-12-31) and year last (311224); read ${way}, ${
        six.basis === "sequence" ? "as the dates follow each other more closely that way" : "as QIF writes the year last"
      }. ${
        six.yearFirst
          ? "Import with --date-order dmy or mdy, or add !Option:DMY or !Option:MDY to the file, to read them year last"
          : "Import with --date-order ymd to read them year first"
      }`,
      details: { order: six.yearFirst ? "YMD" : decision.order, basis: six.basis, dates: six.dates, digits: 6 },
    });
  }
  // Why the file's dates are read in its order, and what to check, for a date that fits only the other.
  const evenly = `as just as many of the file's dates fit only D/M/Y as only M/D/Y (${decision.against} each)`;
  const orderReason =
    decision.basis === "option"
      ? byCaller
        ? "which the caller's date order (--date-order) gives"
        : `which the file's !Option:${decision.order} gives`
      : decision.basis === "dates"
        ? `which ${decision.fitting} of the file's dates decide against ${decision.against}`
        : decision.basis === "proximity"
          ? `which most dates that fit both are read in, after the dates nearest them that fit one order, ${evenly}`
          : decision.basis === "separator"
            ? `which the file's dates written with dots suggest, ${evenly}`
            : `the QIF default, ${evenly}`;
  const mixedAdvice =
    decision.basis === "proximity"
      ? `Each date that fits both orders is read in the order of the nearest dates that fit one: check those around this one`
      : decision.basis !== "option" && decision.basis !== "dates"
        ? "No date of the file fits both orders and reads differently in them"
        : undefined;
  /** The order of each record's date, where the nearest dates decide it (a tie); else the file's. */
  const orderOf = new Map<QifRecord, QifDateOrder>();
  decision.orders?.forEach((o, i) => {
    const r = dated[i];
    if (o !== undefined && r !== undefined) orderOf.set(r, o);
  });
  if (callerOrder === "YMD") {
    // The caller says the year is first, and ymd reads six-digit dates so; a date written with separators and two
    // digits last (24/01/15) is read year last all the same, which the caller may not expect: said, with the first.
    let count = 0;
    let first: number | undefined;
    tokens.forEach((t, i) => {
      if (t.kind !== "numeric" || t.twoDigitYear !== true) return;
      count++;
      first ??= i;
    });
    const at = first === undefined ? undefined : dated[first];
    const written = at?.fields.find((f) => f.code === "D")?.value.trim();
    if (at !== undefined && written !== undefined) {
      const token = tokens[first as number] as QifDateToken;
      const read = resolveQifDate(token, orderOf.get(at) ?? decision.order) ?? resolveQifDate(token, otherOrder);
      issues.push({
        severity: "warning",
        code: "QIF_DATE_ORDER_YMD_SEPARATED",
        message: `--date-order ymd reads six-digit dates (YYMMDD) year first only: ${count} date(s) written with separators and a two-digit year, the first "${written.slice(0, 30)}", were read with the year last${
          read === undefined ? "" : `, as ${read}`
        }; no option reads such dates year first`,
        line: at.line,
        details: { dates: count, date: written.slice(0, 30), ...(read === undefined ? {} : { read }) },
      });
    }
  }
  const mark = decideQifDecimalMark(amounts);
  if (mark.mixed) {
    issues.push({
      severity: "warning",
      code: "QIF_DECIMAL_MARK_MIXED",
      message: `amounts use both . and , as the decimal mark; each is read with the mark it shows, any that could be either with "${mark.mark}", the more frequent`,
      details: { mark: mark.mark },
    });
  }
  if (mark.ambiguous) {
    issues.push({
      severity: "warning",
      code: "QIF_DECIMAL_MARK_AMBIGUOUS",
      message: `all ${mark.amounts} amounts with a separator have three digits after it and fit both . and , as the decimal mark (1.000 is 1 or 1000); read with "${mark.mark}", the QIF default`,
      details: { mark: mark.mark, amounts: mark.amounts },
    });
  }

  const stem = fileStem(context.filename);
  const drafts = readable.map((s) => {
    const entries: Entry[] = [];
    let first: Entry | undefined;
    s.records.forEach((r, i) => {
      const order = orderOf.get(r) ?? decision.order;
      const entry = buildQifEntry(
        r,
        {
          order,
          orderReason,
          ...(mixedAdvice === undefined ? {} : { mixedAdvice }),
          ...(sixYearFirst ? { sixDigitYearFirst: true } : {}),
          mark: mark.mark,
          currency,
        },
        (issue) => issues.push({ line: r.line, ...issue }),
      );
      if (entry === undefined) return;
      if (i === 0) first = entry;
      entries.push(entry);
    });
    const opening = openingBalanceOf(first, s.account?.name);
    if (opening !== undefined) entries.shift();
    return { s, entries, opening, name: s.account?.name ?? opening?.account };
  });
  // A section whose header only repeats the type before it continues that account (GnuCash Pocket), unless it
  // opens an account of its own with an opening balance (two single-account exports one after the other). The
  // section before a repeated header is the one just before it in the file, of the same type: readable too.
  const merged: typeof drafts = [];
  for (const d of drafts) {
    const into = merged[merged.length - 1];
    if (into !== undefined && d.s.repeatsType === true && d.opening === undefined) {
      for (const e of d.entries) into.entries.push(e);
    } else merged.push(d);
  }
  const ids = accountIds(
    merged.map((d) => d.name),
    merged.map((d) => d.s.type),
    stem,
  );
  const statements: Statement[] = [];
  merged.forEach(({ s, entries, opening, name }, i) => {
    const id = ids[i] ?? "QIF";
    const source =
      s.account?.name !== undefined
        ? "account name"
        : name !== undefined
          ? "opening balance"
          : stem !== undefined
            ? "file name"
            : "placeholder";
    issues.push({
      severity: "warning",
      code: "QIF_ACCOUNT_NUMBER_MISSING",
      message: `QIF carries no account number: the account is identified by ${
        source === "account name"
          ? `its !Account name "${id.slice(0, 60)}"`
          : source === "opening balance"
            ? `the name its opening balance transfers to, "${id.slice(0, 60)}"`
            : source === "file name"
              ? `the file name, as "${id.slice(0, 60)}"`
              : `the placeholder "${id.slice(0, 60)}"`
      }`,
      line: s.line,
      details: { accountId: id.slice(0, 60), source },
    });
    let from: IsoDate | undefined = opening?.balance.date;
    let to: IsoDate | undefined = opening?.balance.date;
    for (const e of entries) {
      const d = e.bookingDate;
      if (d === undefined) continue;
      if (from === undefined || d < from) from = d;
      if (to === undefined || d > to) to = d;
    }
    statements.push({
      kind: "export",
      account: {
        id,
        scheme: "other",
        currency,
        ...(name === undefined ? {} : { name }),
      },
      ...(from === undefined || to === undefined ? {} : { period: { from, to } }),
      ...(opening === undefined ? {} : { openingBalance: opening.balance }),
      balances: [],
      entries,
      ...(context.documentId === undefined ? { source: { line: s.line } } : { source: { documentId: context.documentId, line: s.line } }),
    });
  });
  if (statements.length > 0) {
    if (currency === NO_CURRENCY)
      issues.push({
        severity: "warning",
        code: "QIF_CURRENCY_MISSING",
        message: "QIF states no currency: amounts are in XXX (no currency); give it with --currency (formatOptions.currency)",
      });
    return { statements, issues };
  }
  const rejected =
    issues.find((i) => i.severity === "error") ??
    ({
      severity: "error",
      code: "QIF_NO_TRANSACTIONS",
      message: "no !Type:Bank, !Type:CCard, !Type:Cash, !Type:Oth A or !Type:Oth L section with transactions",
    } satisfies Issue);
  return { statements: [], issues: issues.includes(rejected) ? issues : [...issues, rejected], rejected };
}
