/**
 * Fields in, canonical statements out: the third stage of the MT940 reader. A state machine over the fields of
 * one statement at a time — head (`:20: :25: :28C: :60F: :34F: :13D:`), entries (`:61:` with its `:86:` and
 * `:NS:`), end (`:62F: :64: :65: :90D: :90C:` and a trailing `:86:`) — that hands each entry on as soon as its
 * last field is read, so a streaming caller holds one entry at a time. Bank differences are left to the
 * statement's {@link BankProfile}.
 *
 * @module
 */
import {
  type Balance,
  type BalanceType,
  type CurrencyCode,
  currencyExponent,
  type DocumentId,
  type Entry,
  formatMoney,
  hasIsoMinorUnit,
  type Issue,
  type Money,
  type StatementKind,
  toMinorUnits,
} from "../../core/index.js";
import { isBalanceFieldError, parseBalanceField } from "./balance-field.js";
import type { BankProfile } from "./bank-profile.js";
import { genericProfile } from "./banks/generic-profile.js";
import { BANK_PROFILES, selectBankProfile } from "./banks/select-bank-profile.js";
import { buildEntry } from "./build-entry.js";
import { type EntryDetails, newEntryDetails } from "./entry-details.js";
import { parseEntrySumField } from "./entry-sum-field.js";
import { type FieldHandler, fieldText } from "./field-splitter.js";
import { TAG, type TagId } from "./field-tags.js";
import { parseFloorLimitField } from "./floor-limit-field.js";
import { mt940Issue } from "./mt940-issues.js";
import type { Mt940Sink } from "./mt940-sink.js";
import { parseNonSwiftField } from "./non-swift-field.js";
import { buildStatement, PHASE, type StatementDraft } from "./statement-draft.js";
import { isStatementLineError, parseStatementLine, type StatementLine } from "./statement-line.js";
import { parseStatementNumber } from "./statement-number.js";
import { parseDateTimeIndication } from "./swift-date.js";

/** Options of {@link StatementReader}. */
export interface StatementReaderOptions {
  /** `statement` for MT940, `report` for MT942. */
  readonly kind: StatementKind;
  /** The raw document's id, for every entry's and statement's `source`. */
  readonly documentId?: DocumentId;
  /** The bank profiles to choose from. @default BANK_PROFILES */
  readonly profiles?: readonly BankProfile[];
  /** Header lines and envelope address of the current statement, from the field splitter. */
  readonly hints: () => { headerLines: readonly string[]; envelopeAddress?: string };
}

interface PendingEntry {
  readonly line: StatementLine;
  readonly no: number;
  readonly details: EntryDetails;
  /** The lines of its `:86:` field(s). */
  lines86?: string[];
  nonSwift?: string;
}

const SKIPPED = 1;

/** Turns fields into statements; see the module documentation. */
export class StatementReader implements FieldHandler {
  readonly #sink: Mt940Sink;
  readonly #options: StatementReaderOptions;
  readonly #profiles: readonly BankProfile[];
  #s: StatementDraft | undefined;
  #pending: PendingEntry | typeof SKIPPED | undefined;
  #statements = 0;
  /** Whether the open statement had a `:61:` or balance field at all, read or not. */
  #hadBody = false;
  /**
   * The last currency seen to have cents (two decimals or more): its two-decimal amounts, nearly all there are, need
   * no decimals check. Another currency's are checked: JPY `100,50` has decimals its currency lacks.
   */
  #cents: CurrencyCode | undefined;
  /**
   * The open statement's amounts with more decimals than their currency: the first, where, and how many. Said once
   * per statement when it closes, not once per amount: a file of a bank that books in tenths of a cent would give as
   * many warnings as entries.
   */
  #decimals: { amount: Money; line: number; count: number } | undefined;

  constructor(sink: Mt940Sink, options: StatementReaderOptions) {
    this.#sink = sink;
    this.#options = options;
    this.#profiles = options.profiles ?? BANK_PROFILES;
  }

  /** How many statements were handed on. */
  get statements(): number {
    return this.#statements;
  }

  issue(issue: Issue): void {
    this.#sink.issue(issue);
  }

  boundary(): void {
    this.#closeStatement();
  }

  unknownField(tag: string, line: number): void {
    this.#sink.issue(mt940Issue("fieldUnknown", `field :${tag}: is not an MT940/MT942 field; ignored`, line, { tag }));
  }

  /** Ends the input: the open statement is closed. */
  end(): void {
    this.#closeStatement();
  }

  field(tag: TagId, first: string, more: string[] | undefined, line: number): void {
    if (tag === TAG.T86) {
      this.#details(first, more, line);
      return;
    }
    const text = fieldText(first, more);
    switch (tag) {
      case TAG.T61:
        this.#statementLine(text, line);
        return;
      case TAG.TNS:
        this.#nonSwift(text, line);
        return;
      case TAG.T20: {
        this.#closeStatement();
        const s = this.#open(line);
        const id = text.trim();
        if (id !== "") s.id = id;
        return;
      }
      case TAG.T21:
        this.#open(line).info.push(`:21:${text}`);
        return;
      case TAG.T25:
      case TAG.T25P:
        this.#account(text, line);
        return;
      case TAG.T28C: {
        const s = this.#open(line);
        const n = parseStatementNumber(text);
        if (n === undefined) {
          this.#sink.issue(mt940Issue("fieldInvalid", `statement number "${text.trim().slice(0, 40)}" is not n[/n]; ignored`, line));
          return;
        }
        s.statementNumber = n.statement;
        if (n.page !== undefined) s.page = n.page;
        return;
      }
      case TAG.T60F:
      case TAG.T60M:
        this.#balance(tag, text, line);
        return;
      case TAG.T62F:
      case TAG.T62M:
      case TAG.T64:
      case TAG.T65:
        this.#closeEntry();
        this.#balance(tag, text, line);
        return;
      case TAG.T34F: {
        const s = this.#open(line);
        s.info.push(`:34F:${text}`);
        const limit = parseFloorLimitField(text);
        if (limit === undefined)
          this.#sink.issue(mt940Issue("fieldInvalid", `floor limit "${text.trim().slice(0, 40)}" is not <currency>[D|C]<amount>`, line));
        else s.currency ??= limit.amount.currency;
        return;
      }
      case TAG.T13D: {
        const s = this.#open(line);
        const at = parseDateTimeIndication(text);
        if (at === undefined)
          this.#sink.issue(mt940Issue("fieldInvalid", `date-time "${text.trim().slice(0, 40)}" is not YYMMDDhhmm±hhmm; ignored`, line));
        else s.createdAt ??= at;
        return;
      }
      case TAG.T90D:
      case TAG.T90C: {
        this.#closeEntry();
        const s = this.#open(line);
        s.phase = PHASE.end;
        const sum = parseEntrySumField(text);
        if (sum === undefined) {
          this.#sink.issue(
            mt940Issue("fieldInvalid", `entry total "${text.trim().slice(0, 40)}" is not <count><currency><amount>; ignored`, line),
          );
          return;
        }
        if (sum.sum.scale !== 2 || sum.sum.currency !== this.#cents) this.#checkDecimals(sum.sum, line);
        s.currency ??= sum.sum.currency;
        const summary = s.summary ?? {};
        s.summary = summary;
        if (tag === TAG.T90D) summary.debits = { count: sum.count, sum: sum.sum };
        else summary.credits = { count: sum.count, sum: sum.sum };
        return;
      }
    }
  }

  #open(line: number): StatementDraft {
    if (this.#s !== undefined) return this.#s;
    const s: StatementDraft = {
      line,
      accountSeen: false,
      // Until its :25: says which bank it is, a statement is read the standard way.
      profile: genericProfile,
      currencyFromBalance: false,
      balances: [],
      info: [],
      info86: [],
      phase: PHASE.head,
      headSent: false,
      dead: false,
    };
    this.#s = s;
    this.#hadBody = false;
    return s;
  }

  #account(text: string, line: number): void {
    const s = this.#open(line);
    if (s.accountSeen) {
      // A second :25: inside one statement (WoLpH `sepa_snippet_broken.sta` has one where its :86: should be).
      this.#sink.issue(mt940Issue("fieldUnexpected", `second account field :25:${text.slice(0, 40)} in one statement; ignored`, line));
      return;
    }
    s.accountSeen = true;
    const hints = this.#options.hints();
    s.profile = selectBankProfile({ ...hints, accountField: text }, this.#profiles);
    const parsed = s.profile.parseAccount(text);
    if (parsed === undefined) return;
    s.account = parsed.account;
    if (parsed.currency !== undefined && s.currency === undefined) s.currency = parsed.currency;
  }

  #balance(tag: TagId, text: string, line: number): void {
    const s = this.#open(line);
    this.#hadBody = true;
    if (s.dead) return;
    const b = parseBalanceField(text, s.currency);
    if (isBalanceFieldError(b)) {
      if (b.kind === "currencyUnknown" && (tag === TAG.T60F || tag === TAG.T60M) && s.phase === PHASE.head) {
        // Without a currency BankBridge knows, none of the statement's amounts can be read: skip it whole.
        this.#sink.issue(mt940Issue("currencyUnknown", `${b.message}; the statement is skipped`, line, { currency: b.currency }));
        s.dead = true;
        return;
      }
      this.#sink.issue(mt940Issue(b.kind, `${b.message}; balance skipped`, line));
      return;
    }
    if (b.currencyMissing)
      this.#sink.issue(mt940Issue("balanceCurrencyMissing", `balance has no currency code; read in ${b.amount.currency}`, line));
    if (b.date.adjusted)
      this.#sink.issue(
        mt940Issue("dateAdjusted", `balance date ${text.trim().slice(1, 7)} is past the month's end; read as ${b.date.date}`, line),
      );
    if (b.amount.scale !== 2 || b.amount.currency !== this.#cents) this.#checkDecimals(b.amount, line);
    const currency = b.amount.currency;
    if ((tag === TAG.T60F || tag === TAG.T60M) && !s.currencyFromBalance) {
      if (s.currency !== undefined && s.currency !== currency && s.account !== undefined) {
        this.#sink.issue(
          mt940Issue(
            "accountCurrencyMismatch",
            `account field says ${s.currency}, the opening balance ${currency}; ${currency} is used`,
            line,
          ),
        );
      }
      s.currency = currency;
      s.currencyFromBalance = true;
    }
    s.currency ??= currency;
    switch (tag) {
      case TAG.T60F:
      case TAG.T60M:
        if (s.opening === undefined) s.opening = balance(tag === TAG.T60F ? "openingBooked" : "interimBooked", b.amount, b.date.date);
        return;
      case TAG.T62F:
      case TAG.T62M:
        s.phase = PHASE.end;
        if (s.closing === undefined) {
          s.closing = balance(tag === TAG.T62F ? "closingBooked" : "interimBooked", b.amount, b.date.date);
          s.closingFinal = tag === TAG.T62F;
        }
        return;
      case TAG.T64:
        s.phase = PHASE.end;
        s.balances.push(balance("closingAvailable", b.amount, b.date.date));
        return;
      default:
        s.phase = PHASE.end;
        s.balances.push(balance("forwardAvailable", b.amount, b.date.date));
    }
  }

  #statementLine(text: string, line: number): void {
    this.#closeEntry();
    const s = this.#open(line);
    this.#hadBody = true;
    s.phase = PHASE.entries;
    if (s.dead) {
      this.#pending = SKIPPED;
      return;
    }
    if (!this.#head(s, line)) {
      this.#pending = SKIPPED;
      return;
    }
    const currency = s.currency as CurrencyCode;
    const parsed = parseStatementLine(text, currency);
    if (isStatementLineError(parsed)) {
      this.#sink.issue(
        mt940Issue(parsed.kind, `:61: ${parsed.message}; entry skipped`, line, { field: text.split("\n", 1)[0]?.slice(0, 80) }),
      );
      this.#pending = SKIPPED;
      return;
    }
    if (parsed.minusAfterMark) {
      this.#sink.issue(
        mt940Issue(
          "negativeAmount",
          `amount written as "${parsed.mark === "RD" ? "D" : "C"}-" (cmxl #34); read as a reversal (${parsed.mark})`,
          line,
        ),
      );
    }
    if (parsed.valueDate.adjusted || parsed.entryDate?.adjusted === true) {
      this.#sink.issue(
        mt940Issue("dateAdjusted", "a :61: date is past its month's end (30/360 convention); read as the month's last day", line),
      );
    }
    // Two decimals in a currency with cents (EUR, USD…) are never too many: other amounts are checked.
    if (parsed.amount.scale !== 2 || parsed.amount.currency !== this.#cents) this.#checkDecimals(parsed.amount, line);
    const details = newEntryDetails();
    s.profile.readStatementLine(parsed, details);
    this.#pending = { line: parsed, no: line, details };
  }

  /**
   * Counts an amount that is no whole number of its currency's minor units (`EUR1234,567`, `JPY100,5`), for the
   * statement's warning ({@link #reportDecimals}). It is kept exactly, never rounded: the balance checks then compare
   * what the bank wrote. A unit ISO gives no minor unit (XXX, XAU) is not checked.
   */
  #checkDecimals(amount: Money, line: number): void {
    const exponent = currencyExponent(amount.currency);
    if (exponent >= 2) this.#cents = amount.currency;
    // A unit without a minor unit (XXX, XAU) keeps whatever decimals it has: none is too many.
    if (amount.scale <= exponent || toMinorUnits(amount) !== undefined || !hasIsoMinorUnit(amount.currency)) return;
    if (this.#decimals === undefined) this.#decimals = { amount, line, count: 1 };
    else this.#decimals.count++;
  }

  /** The statement's one warning about amounts with too many decimals: the first of them, and how many there were. */
  #reportDecimals(): void {
    const found = this.#decimals;
    if (found === undefined) return;
    this.#decimals = undefined;
    const { amount, line, count } = found;
    const exponent = currencyExponent(amount.currency);
    const written = formatMoney(amount);
    const more = count === 1 ? "" : ` (${count} amounts of the statement have more decimals than their currency; first at line ${line})`;
    this.#sink.issue(
      mt940Issue(
        "amountDecimals",
        `amount ${written} has ${amount.scale} decimals where ${amount.currency} has ${exponent}: kept exactly, not rounded${more}`,
        line,
        { count, firstLine: line, amount: written, currency: amount.currency, decimals: amount.scale, currencyDecimals: exponent },
      ),
    );
  }

  /** Hands the statement's head on before its first entry; false (and one error) when it cannot have entries. */
  #head(s: StatementDraft, line: number): boolean {
    if (s.headSent) return true;
    if (s.account === undefined) {
      this.#sink.issue(mt940Issue("accountMissing", "statement has no :25: account; it is skipped", s.line));
      s.dead = true;
      return false;
    }
    if (s.currency === undefined) {
      this.#sink.issue(
        mt940Issue(
          "currencyMissing",
          "no currency known for the statement's entries (no :60F:, :25: or :34F: currency); it is skipped",
          line,
        ),
      );
      s.dead = true;
      return false;
    }
    s.headSent = true;
    this.#sink.statementStart(buildStatement(s, this.#options.kind, this.#options.documentId, false));
    return true;
  }

  #details(first: string, more: string[] | undefined, line: number): void {
    const pending = this.#pending;
    if (pending !== undefined && this.#s !== undefined && this.#s.phase === PHASE.entries) {
      if (pending === SKIPPED) return;
      // Rabobank writes one :86: per line of text: they are one field.
      const lines = pending.lines86;
      if (lines === undefined) {
        // The continuation lines are handed over (see FieldHandler): the first line joins them in place.
        if (more === undefined) pending.lines86 = [first];
        else {
          more.unshift(first);
          pending.lines86 = more;
        }
      } else {
        lines.push(first);
        if (more !== undefined) lines.push(...more);
      }
      return;
    }
    const text = fieldText(first, more);
    // A :86: before the first entry or after :62F:/:64:/:65: belongs to the statement, never to the last
    // entry (mt940-js #12; ING's /SUM/ trailer, wolph #2).
    const s = this.#open(line);
    s.info.push(text);
    s.info86.push(text);
  }

  #nonSwift(text: string, line: number): void {
    const pending = this.#pending;
    const s = this.#open(line);
    if (pending !== undefined && s.phase === PHASE.entries) {
      if (pending === SKIPPED) return;
      pending.nonSwift = pending.nonSwift === undefined ? text : `${pending.nonSwift}\n${text}`;
      return;
    }
    s.info.push(`:NS:${text}`);
    // Statement-level :NS: (Sparkasse, Sberbank): 22 is the account holder, 23 the account's name.
    for (const { code, value } of parseNonSwiftField(text)) {
      if (code === "22") s.holderName ??= value.trim();
      else if (code === "23") s.accountName ??= value.trim();
    }
  }

  #closeEntry(): void {
    const pending = this.#pending;
    this.#pending = undefined;
    if (pending === undefined || pending === SKIPPED) return;
    const s = this.#s;
    if (s === undefined) return;
    this.#sink.entry(this.#entry(s, pending));
  }

  #entry(s: StatementDraft, pending: PendingEntry): Entry {
    if (pending.lines86 !== undefined) s.profile.parse86(pending.lines86, pending.details);
    if (pending.nonSwift !== undefined) s.profile.readNonSwift(parseNonSwiftField(pending.nonSwift), pending.details);
    return buildEntry(pending.line, pending.details, s.profile, pending.no, this.#options.documentId);
  }

  #closeStatement(): void {
    const s = this.#s;
    if (s === undefined) return;
    this.#closeEntry();
    this.#pending = undefined;
    this.#s = undefined;
    this.#reportDecimals();
    if (s.dead) return;
    if (!s.headSent) {
      if (s.account === undefined) {
        this.#sink.issue(mt940Issue("accountMissing", "statement has no :25: account; it is skipped", s.line));
        return;
      }
      s.headSent = true;
      this.#sink.statementStart(buildStatement(s, this.#options.kind, this.#options.documentId, false));
    }
    if (s.info86.length > 0 && s.currency !== undefined) {
      const stated = s.profile.readStatementInfo(s.info86.join("\n"), s.currency);
      if (stated !== undefined) s.summary = { ...stated, ...s.summary };
    }
    if (this.#options.kind === "statement" && !this.#hadBody) {
      // MT940 requires :60F: and :62F:. With neither and no :61: (read or not: those that could not be read are
      // reported already), what was read is a statement's head alone, or another document's text that holds a few
      // tag lines (a CSV cell quoting a SWIFT message): said, not passed.
      this.#sink.issue(
        mt940Issue(
          "statementEmpty",
          `statement${s.id === undefined ? "" : ` :20:${s.id.slice(0, 35)}`} has no balance (:60F:, :62F:) and no entry (:61:)`,
          s.line,
        ),
      );
    }
    this.#statements++;
    this.#sink.statementEnd(buildStatement(s, this.#options.kind, this.#options.documentId, true));
  }
}

function balance(type: BalanceType, amount: Money, date: Balance["date"]): Balance {
  return { type, amount, date };
}
