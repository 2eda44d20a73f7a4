/**
 * The profile engine: table rows in (pushed one at a time), statement events out. It finds the header under the
 * title lines, reads the title facts, maps every row, groups entries into one statement per account and currency,
 * and at the end derives the balances from the balance-after column: opening = first balance − first amount,
 * closing = last balance, in time order, which it works out from how the balances chain (or, failing that, from
 * the dates), because Chinese exports list newest first as often as oldest first.
 *
 * Longer than our usual file: it is the engine's one state machine (title, table, done) with its statements'
 * bookkeeping, which is easier to follow in one place than split across files sharing private state.
 *
 * @module
 */
import {
  type Account,
  type Balance,
  type CurrencyCode,
  compareMoney,
  type DocumentId,
  type Entry,
  type IsoDate,
  type Issue,
  type Money,
  type Statement,
  subtractMoney,
  toCurrencyCode,
} from "../../core/index.js";
import type { CamtEvent } from "../camt/index.js";
import { createContinuityCheck, createStatementTally, type StatementTally } from "../checks.js";
import { moneyOf, readAmountText } from "./amount-text.js";
import { type CompiledProfile, compileProfile } from "./compiled-profile.js";
import type { TableRow } from "./csv-reader.js";
import type { MappingProfile } from "./mapping-profile.js";
import { hasRequiredColumns, headerIndex, missingColumns, type ResolvedColumns, resolveColumns } from "./resolve-columns.js";
import { createRowMapper, type RowMapper, type RowMapperContext } from "./row-mapper.js";
import { trimCell } from "./trim-cell.js";

/**
 * What the profile engine reports, in document order: the same events as the camt, BAI2 and OFX streams
 * (`statement` header, `entry`, `statementEnd` with the integrity findings, `issue`, and `end`).
 */
export type BankCsvEvent = CamtEvent;

/** Options of the profile engine. */
export interface ApplyProfileContext {
  readonly documentId?: DocumentId;
  /** The file name: the account's last resort when neither the title nor the rows give an account number. */
  readonly filename?: string;
  /**
   * Compute each statement's integrity findings for its `statementEnd` event. The registry checks whole
   * documents itself, so the whole-document path turns this off. @default true
   */
  readonly checks?: boolean;
}

/** How many rows above the table may be title lines before the header is declared missing. */
const MAX_TITLE_ROWS = 100;

interface BalancePoint {
  readonly amount: Money;
  readonly balance: Money;
  readonly date: IsoDate;
}

interface Group {
  readonly index: number;
  header: Statement;
  entries: number;
  /**
   * The entries of a statement after the first, held until the first has ended (see {@link ProfileApplier}); absent
   * for the first, whose events go out as its rows are read.
   */
  held?: Entry[];
  /** Count and exact sum of the booked entries (for the statement-end checks), at the largest scale seen. */
  booked: { count: number; minor: bigint; scale: number };
  from?: IsoDate;
  to?: IsoDate;
  prevDate?: IsoDate;
  earlier: number;
  later: number;
  first?: BalancePoint;
  last?: BalancePoint;
  forward: number;
  backward: number;
}

/**
 * The push engine. Used by `applyProfile` (whole tables) and `applyProfileStream` (async rows).
 *
 * Its events give each statement whole: its start, its entries, its end, then the next statement's. A file that
 * interleaves the rows of two statements (HSBC Hong Kong lists HKD and CNY rows in date order, one statement per
 * currency) would otherwise stream its entries in another order than the whole reading lists them, and a consumer
 * that takes a statement at a time (`wholeStatements`, the store's ingest) would give one statement's entries to the
 * other. So the first statement's events go out as its rows are read, and the entries of the others are held until
 * it ends, at the end of the rows: memory stays one entry for a file of one account and currency, and grows with the
 * rows of the other statements of a file of several. Each statement's entries keep the file's order.
 */
export class ProfileApplier {
  readonly #p: CompiledProfile;
  readonly #context: ApplyProfileContext;
  readonly #emit: (event: BankCsvEvent) => void;
  readonly #delimiter: string;
  #state: "title" | "table" | "done" = "title";
  #rows = 0;
  /**
   * Blank rows before any other row (blank lines a web proxy put before the download; `--format auto` looks past
   * them too): counted as rows, so a header given by number stays that row, but no title rows, so thousands of them
   * do not use up {@link MAX_TITLE_ROWS} before the header.
   */
  #leadingBlank = 0;
  readonly #title: string[] = [];
  #mapper: RowMapper | undefined;
  #columns: ResolvedColumns | undefined;
  #titleAccount: string | undefined;
  #titleHolder: string | undefined;
  #titleCurrency: CurrencyCode | undefined;
  #titleOpening: string | undefined;
  #titleClosing: string | undefined;
  #rowAccount: string | undefined;
  readonly #groups = new Map<string, Group>();
  #lastGroup: Group | undefined;
  #lastAccount: string | undefined;
  #lastCurrency: string | undefined;
  #entries = 0;
  readonly #skipped = new Map<string, number>();
  #rejected: Issue | undefined;
  /** The stand-in account id once chosen (and reported once), for every statement that needs it. */
  #standIn: string | undefined;

  constructor(profile: MappingProfile, context: ApplyProfileContext, emit: (event: BankCsvEvent) => void) {
    this.#p = compileProfile(profile);
    this.#context = context;
    this.#emit = emit;
    this.#delimiter = profile.delimiter ?? ",";
    if (profile.refuse !== undefined) {
      this.#refuse({
        severity: "error",
        code: "BANK_CSV_NOT_A_STATEMENT",
        message: `this is a ${profile.name} export, not a statement of an account: ${profile.refuse}`,
        details: { profile: profile.id },
      });
    }
  }

  /** Reads one row. */
  push(row: TableRow): void {
    if (this.#state === "done") return;
    this.#rows++;
    if (this.#state === "title") {
      if (this.#leadingBlank === this.#rows - 1 && row.cells.every((c) => trimCell(c) === "")) {
        this.#leadingBlank++;
        return;
      }
      this.#titleRow(row);
      return;
    }
    this.#dataRow(row);
  }

  /** The rows have ended: emits each statement's end and the `end` event. */
  end(): void {
    if (this.#rejected !== undefined) return;
    if (this.#state === "title") {
      if (this.#p.header === "none" || this.#rows === 0) {
        this.#refuse({ severity: "error", code: "BANK_CSV_NO_ENTRIES", message: `no rows of a ${this.#p.profile.name} table were found` });
      } else {
        this.#refuse(this.#headerMissing());
      }
      return;
    }
    this.#state = "done";
    this.#finishIssues();
    const continuity = this.#context.checks === false ? undefined : createContinuityCheck();
    for (const g of this.#groups.values()) {
      if (g.held !== undefined) {
        this.#emit({ type: "statement", index: g.index, statement: g.header });
        for (const entry of g.held) this.#emit({ type: "entry", statementIndex: g.index, entry });
        g.held = undefined;
      }
      const statement = this.#finalHeader(g);
      const issues =
        continuity === undefined ? [] : [...this.#tally(g).issues(statement, g.index), ...continuity(statement, `/statements/${g.index}`)];
      this.#emit({ type: "statementEnd", index: g.index, statement, entries: g.entries, issues });
    }
    if (this.#groups.size === 0) {
      this.#emit({
        type: "issue",
        issue: { severity: "warning", code: "BANK_CSV_NO_ENTRIES", message: "the table has no entries: no statement was made" },
      });
    }
    this.#emit({ type: "end", statements: this.#groups.size, entries: this.#entries });
  }

  #refuse(issue: Issue): void {
    if (this.#rejected !== undefined) return;
    this.#rejected = issue;
    this.#state = "done";
    this.#emit({ type: "issue", issue });
    this.#emit({ type: "end", statements: this.#groups.size, entries: this.#entries, rejected: issue });
  }

  #headerMissing(): Issue {
    const missing = this.#bestMissing ?? [];
    return {
      severity: "error",
      code: "BANK_CSV_HEADER_NOT_FOUND",
      message: `no header row with the columns of the ${this.#p.profile.name} profile in the first ${MAX_TITLE_ROWS} rows${missing.length > 0 ? ` (missing: ${missing.join(", ")})` : ""}`,
      details: { profile: this.#p.profile.id, missing },
    };
  }

  /** The required columns missing from the title row that came closest to being the header. */
  #bestMissing: string[] | undefined;

  #titleRow(row: TableRow): void {
    const p = this.#p;
    if (p.header === "none") {
      // Without a header the table starts at the first row that reads as an entry.
      if (this.#columns === undefined) this.#startTable(undefined);
      const outcome = this.#mapper?.map(row.line, row.cells);
      if (outcome?.kind === "entry") {
        this.#state = "table";
        this.#dataRow(row);
      } else this.#title.push(row.cells.join(this.#delimiter));
      return;
    }
    const cells = row.cells.map(trimCell);
    const isHeader = p.header === "auto" ? hasRequiredColumns(p.profile, headerIndex(cells)) : this.#rows === p.header;
    if (!isHeader) {
      const missing = missingColumns(p.profile, cells);
      if (this.#bestMissing === undefined || missing.length < this.#bestMissing.length) this.#bestMissing = missing;
    }
    if (isHeader) {
      this.#startTable(row.cells.map(trimCell));
      if (this.#state !== "done") this.#state = "table";
      return;
    }
    this.#title.push(row.cells.join(this.#delimiter));
    if (this.#rows - this.#leadingBlank >= MAX_TITLE_ROWS && p.header === "auto") this.#refuse(this.#headerMissing());
  }

  #startTable(header: readonly string[] | undefined): void {
    const p = this.#p;
    const resolved = resolveColumns(p.profile, header);
    if ("missing" in resolved) {
      this.#bestMissing = resolved.missing;
      this.#refuse(this.#headerMissing());
      return;
    }
    this.#columns = resolved;
    const title = this.#title.join("\n");
    const capture = (re: RegExp | undefined): string | undefined => {
      const m = re?.exec(title);
      const v = m?.[1] === undefined ? undefined : trimCell(m[1]);
      return v === "" ? undefined : v;
    };
    this.#titleAccount = capture(p.title.account);
    this.#titleHolder = capture(p.title.holderName);
    const currency = capture(p.title.currency);
    this.#titleCurrency = currency === undefined ? undefined : (toCurrencyCode(currency) ?? p.currencyNames.get(currency));
    this.#titleOpening = capture(p.title.openingBalance);
    this.#titleClosing = capture(p.title.closingBalance);
    let period: RowMapperContext["period"];
    const m = p.title.period?.exec(title);
    if (m?.groups?.year !== undefined && m.groups.month !== undefined)
      period = { year: Number(m.groups.year), month: Number(m.groups.month) };
    if (p.header !== "none" && resolved.absent.length > 0) {
      this.#emit({
        type: "issue",
        issue: {
          severity: "warning",
          code: "BANK_CSV_COLUMN_MISSING",
          message: `the ${p.profile.name} profile names columns this file does not have: ${resolved.absent.join(", ")}`,
          details: { columns: resolved.absent },
        },
      });
    }
    this.#mapper = createRowMapper(p, resolved, {
      ...(this.#context.documentId === undefined ? {} : { documentId: this.#context.documentId }),
      ...(period === undefined ? {} : { period }),
      ...(this.#titleCurrency === undefined ? {} : { titleCurrency: this.#titleCurrency }),
    });
  }

  #dataRow(row: TableRow): void {
    const outcome = this.#mapper?.map(row.line, row.cells);
    if (outcome === undefined) return;
    switch (outcome.kind) {
      case "entry":
        this.#add(outcome.entry, outcome.balance, outcome.account);
        return;
      case "skip":
        if (outcome.status !== undefined) this.#skipped.set(outcome.status, (this.#skipped.get(outcome.status) ?? 0) + 1);
        return;
      case "end":
        // Totals and notes follow; nothing after a footer is a movement.
        this.#state = "done";
        return;
      case "error":
        this.#emit({ type: "issue", issue: outcome.issue });
        return;
    }
  }

  #add(entry: Entry, balance: Money | undefined, rowAccount: string | undefined): void {
    if (rowAccount !== undefined && this.#rowAccount === undefined) this.#rowAccount = rowAccount;
    const currency = entry.amount.currency;
    const accountId = this.#titleAccount ?? rowAccount ?? this.#rowAccount;
    // Rows of one statement follow each other: the last group is checked before building a key.
    let g =
      this.#lastGroup !== undefined && this.#lastAccount === accountId && this.#lastCurrency === currency ? this.#lastGroup : undefined;
    const key = g === undefined ? `${accountId ?? ""}\u001f${currency}` : "";
    if (g === undefined) g = this.#groups.get(key);
    if (g === undefined) {
      g = {
        index: this.#groups.size,
        header: this.#header(accountId, currency),
        entries: 0,
        earlier: 0,
        later: 0,
        forward: 0,
        backward: 0,
        booked: { count: 0, minor: 0n, scale: 0 },
      };
      this.#groups.set(key, g);
      // Only the first statement starts now; the others wait for it to end (see the class).
      if (g.index === 0) this.#emit({ type: "statement", index: g.index, statement: g.header });
      else g.held = [];
    }
    this.#lastGroup = g;
    this.#lastAccount = accountId;
    this.#lastCurrency = currency;
    g.entries++;
    this.#entries++;
    if (entry.status === "booked" && this.#context.checks !== false) {
      // The checks need only the booked total (a bank CSV statement has one currency and no stated summary), so it
      // is summed here as one bigint instead of feeding every entry to a tally.
      const b = g.booked;
      const { minor, scale } = entry.amount;
      if (scale === b.scale) b.minor += minor;
      else if (scale > b.scale) {
        b.minor = b.minor * 10n ** BigInt(scale - b.scale) + minor;
        b.scale = scale;
      } else b.minor += minor * 10n ** BigInt(b.scale - scale);
      b.count++;
    }
    const date = entry.bookingDate as IsoDate;
    if (g.from === undefined || date < g.from) g.from = date;
    if (g.to === undefined || date > g.to) g.to = date;
    if (g.prevDate !== undefined) {
      if (date > g.prevDate) g.later++;
      else if (date < g.prevDate) g.earlier++;
    }
    g.prevDate = date;
    if (balance !== undefined && entry.status === "booked") {
      const point = { amount: entry.amount, balance, date };
      const prev = g.last;
      if (prev !== undefined) {
        // Oldest first: this balance = previous balance + this amount. Newest first: previous = this + previous amount.
        const s = balance.scale;
        if (prev.balance.scale === s && entry.amount.scale === s && prev.amount.scale === s) {
          // One scale (the usual case): plain bigint sums, no rescaled copies.
          if (balance.minor === prev.balance.minor + entry.amount.minor) g.forward++;
          if (prev.balance.minor === balance.minor + prev.amount.minor) g.backward++;
        } else {
          if (compareMoney(balance, addSame(prev.balance, entry.amount)) === 0) g.forward++;
          if (compareMoney(prev.balance, addSame(balance, prev.amount)) === 0) g.backward++;
        }
      } else g.first = point;
      g.last = point;
    }
    if (g.held === undefined) this.#emit({ type: "entry", statementIndex: g.index, entry });
    else g.held.push(entry);
  }

  #header(accountId: string | undefined, currency: CurrencyCode): Statement {
    const profile = this.#p.profile;
    let id = accountId ?? profile.account?.id ?? this.#standIn;
    if (id === undefined) {
      const stem = this.#context.filename?.replace(/^.*[\\/]/, "").replace(/\.[^.]*$/, "");
      id = stem !== undefined && stem !== "" ? stem : profile.id;
      this.#emit({
        type: "issue",
        issue: {
          severity: "warning",
          code: "BANK_CSV_ACCOUNT_MISSING",
          message: `the export does not say which account it is for; "${id}" (the ${stem ? "file name" : "profile id"}) stands in`,
          details: { account: id },
        },
      });
      this.#standIn = id;
    }
    const spec = profile.account;
    const bank = {
      ...(spec?.cnBankCode === undefined ? {} : { cnBankCode: spec.cnBankCode }),
      ...(spec?.bankName === undefined ? {} : { name: spec.bankName }),
    };
    const account: Account = {
      id,
      scheme: spec?.scheme ?? "other",
      currency,
      ...(Object.keys(bank).length === 0 ? {} : { bank: bank as Account["bank"] }),
      ...(this.#titleHolder === undefined ? {} : { holderName: this.#titleHolder }),
      ...(spec?.name === undefined ? {} : { name: spec.name }),
    };
    return {
      kind: "export",
      account,
      balances: [],
      entries: [],
      ...(this.#context.documentId === undefined ? {} : { source: { documentId: this.#context.documentId } }),
    };
  }

  /**
   * The statement-end checks' tally for a group: its booked total as one entry (the same findings as every booked
   * entry one by one, since a bank CSV statement has one currency and no summary of its own).
   */
  #tally(g: Group): StatementTally {
    const tally = createStatementTally();
    const b = g.booked;
    const currency = g.header.account.currency as CurrencyCode;
    if (b.count > 0) tally.add({ amount: { minor: b.minor, scale: b.scale, currency }, status: "booked", reversal: false, details: [] });
    return tally;
  }

  #finalHeader(g: Group): Statement {
    const header = g.header;
    const currency = header.account.currency as CurrencyCode;
    let opening: Balance | undefined;
    let closing: Balance | undefined;
    const from = g.from as IsoDate;
    const to = g.to as IsoDate;
    if (g.first !== undefined && g.last !== undefined) {
      const pairs = g.forward + g.backward;
      // Balances that never chain (3 or more of them) are not the running balance: nothing is derived from them.
      if (pairs > 0 || g.first === g.last || g.entries < 3) {
        const newestFirst = g.backward > g.forward || (g.backward === g.forward && g.earlier > g.later);
        const oldest = newestFirst ? g.last : g.first;
        const newest = newestFirst ? g.first : g.last;
        opening = { type: "openingBooked", amount: subtractMoney(oldest.balance, oldest.amount), date: from };
        closing = { type: "closingBooked", amount: newest.balance, date: to };
      } else {
        this.#emit({
          type: "issue",
          issue: {
            severity: "warning",
            code: "BANK_CSV_BALANCE_UNCHAINED",
            message: "the balance column does not follow the amounts in either order; no opening or closing balance was derived",
            path: `/statements/${g.index}`,
          },
        });
      }
    }
    const titled = (text: string | undefined, type: "openingBooked" | "closingBooked", date: IsoDate): Balance | undefined => {
      if (text === undefined) return undefined;
      const d = readAmountText(text, this.#p.numbers);
      if (d === undefined) return undefined;
      return { type, amount: moneyOf(d, currency), date };
    };
    opening = titled(this.#titleOpening, "openingBooked", from) ?? opening;
    closing = titled(this.#titleClosing, "closingBooked", to) ?? closing;
    return {
      ...header,
      period: { from, to },
      ...(opening === undefined ? {} : { openingBalance: opening }),
      ...(closing === undefined ? {} : { closingBalance: closing }),
    };
  }

  #finishIssues(): void {
    if (this.#skipped.size > 0) {
      const counts = Object.fromEntries(this.#skipped);
      const total = [...this.#skipped.values()].reduce((a, b) => a + b, 0);
      this.#emit({
        type: "issue",
        issue: {
          severity: "warning",
          code: "BANK_CSV_ROWS_SKIPPED",
          message: `${total} row(s) not imported because of their status (${[...this.#skipped].map(([s, n]) => `${s}: ${n}`).join(", ")})`,
          details: { statuses: counts },
        },
      });
    }
    const unreadable = this.#mapper?.balanceUnreadable;
    if (unreadable !== undefined && unreadable.count > 0) {
      this.#emit({
        type: "issue",
        issue: {
          severity: "warning",
          code: "BANK_CSV_BALANCE_INVALID",
          message: `the balance of ${unreadable.count} row(s) is not a number (first at line ${unreadable.firstLine}); those balances are not used`,
          line: unreadable.firstLine,
          details: { rows: unreadable.count },
        },
      });
    }
  }
}

/** a + b for amounts of one currency at whatever scales. */
function addSame(a: Money, b: Money): Money {
  return subtractMoney(a, { ...b, minor: -b.minor });
}
