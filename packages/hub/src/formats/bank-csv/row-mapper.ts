/**
 * One table row → one canonical entry, through a compiled profile and the resolved columns. A row that cannot
 * be read becomes an error issue with its line and the reason, and is not imported: in particular an amount
 * that does not read is never taken as zero.
 *
 * Longer than our usual file: this is the per-row hot path, kept in one closure over the document's state so
 * that it runs without lookups through objects or calls across modules.
 *
 * @module
 */
import {
  type CurrencyCode,
  type Decimal,
  type DocumentId,
  dateFromParts,
  type Entry,
  type EntryStatus,
  type IsoDate,
  type IsoDateTime,
  type Issue,
  type Money,
  type Party,
  type References,
  type TransactionDetail,
  toCurrencyCode,
} from "../../core/index.js";
import { moneyOf, readAmountText } from "./amount-text.js";
import type { CompiledProfile } from "./compiled-profile.js";
import type { DatePattern, DateTimeParts } from "./date-pattern.js";
import type { DirectionOutcome } from "./mapping-profile.js";
import type { ResolvedColumns, TextColumns } from "./resolve-columns.js";
import { onlyDashes, trimCell } from "./trim-cell.js";

/** What became of a row. */
export type RowOutcome =
  | {
      readonly kind: "entry";
      readonly entry: Entry;
      /** The balance after the entry, when the export gives one that reads. */
      readonly balance?: Money;
      /** The statement's own account number, when the row gives it. */
      readonly account?: string;
    }
  /** Not a movement: blank, a subtotal, or a status the profile drops (`status` says which). */
  | { readonly kind: "skip"; readonly status?: string }
  /** A footer: the table ends here. */
  | { readonly kind: "end" }
  | { readonly kind: "error"; readonly issue: Issue };

/** What the mapper knows beyond the row. */
export interface RowMapperContext {
  readonly documentId?: DocumentId;
  /** The statement's year and month from the title, for dates without a year. */
  readonly period?: { readonly year: number; readonly month: number };
  /** The currency from the title, when the rows do not say. */
  readonly titleCurrency?: CurrencyCode;
}

/** A row reader for one document; `balanceUnreadable` counts balance cells that did not read. */
export interface RowMapper {
  map(line: number, cells: readonly string[]): RowOutcome;
  readonly balanceUnreadable: { count: number; firstLine: number };
}

/** One frozen empty list for every entry's `details`: a bank CSV row is one transaction, never a batch. */
const NO_DETAILS: readonly TransactionDetail[] = Object.freeze([]);

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** Creates the row mapper for one document. */
export function createRowMapper(p: CompiledProfile, cols: ResolvedColumns, context: RowMapperContext): RowMapper {
  const balanceUnreadable = { count: 0, firstLine: 0 };
  const trim = p.trim;
  let cells: readonly string[] = [];
  let lastPattern: DatePattern | undefined;
  const amountMode = p.profile.amounts.mode;
  // Empty values are short ("/", "--", "null"): longer cells skip the set lookup.
  const emptyMax = Math.max(0, ...[...p.emptyValues].map((v) => v.length));

  /** The cell at `i`, trimmed, with the profile's empty values as "". */
  const cell = (i: number): string => {
    if (i < 0) return "";
    const raw = cells[i];
    if (raw === undefined || raw === "") return "";
    let v = trim ? trimCell(raw) : raw;
    // Excel text guards written into CSV (`="0123"`): the value is inside.
    if (v.charCodeAt(0) === 61 && v.charCodeAt(1) === 34 && v.length >= 3 && v.charCodeAt(v.length - 1) === 34)
      v = trimCell(v.slice(2, -1));
    if (v === "" || onlyDashes(v) || (v.length <= emptyMax && p.emptyValues.has(v))) return "";
    return v;
  };

  /** An identifier cell: Excel's text guards (`'5191230567984561'`, `="0123"`) taken off. */
  const idCell = (i: number): string => {
    const v = cell(i);
    if (v === "") return v;
    const c = v.charCodeAt(0);
    if (c === 39 /* ' */) return trimCell(v.slice(1, v.charCodeAt(v.length - 1) === 39 ? -1 : undefined));
    return v;
  };

  /** A text field as one string (the common single column without building a list). */
  const oneText = (cols: TextColumns | undefined): string | undefined => {
    if (cols === undefined) return undefined;
    if (cols.indexes.length === 1) {
      const v = cell(cols.indexes[0] as number);
      return v === "" ? undefined : v;
    }
    return text(cols, false)?.[0];
  };

  const text = (cols: TextColumns | undefined, lines: boolean): string[] | undefined => {
    if (cols === undefined) return undefined;
    const values: string[] = [];
    for (const i of cols.indexes) {
      const v = cell(i);
      if (v === "") continue;
      values.push(v);
      if (cols.first === true) break;
    }
    if (values.length === 0) return undefined;
    if (lines && cols.separator === undefined) return values;
    return [values.join(cols.separator ?? " ")];
  };

  const readDate = (value: string): DateTimeParts | undefined => {
    // The pattern that read the previous row is tried first: a file sticks to one.
    if (lastPattern !== undefined) {
      const parts = lastPattern.read(value);
      if (parts !== undefined) return parts;
    }
    for (const pattern of p.dates) {
      if (pattern === lastPattern) continue;
      const parts = pattern.read(value);
      if (parts !== undefined) {
        lastPattern = pattern;
        return parts;
      }
    }
    return undefined;
  };

  const toDate = (parts: DateTimeParts): IsoDate | undefined => {
    let year = parts.year;
    if (year === undefined) {
      const period = context.period;
      if (period === undefined || parts.month === undefined) return undefined;
      // A card statement of January lists December's purchases: a later month than the statement's is last year's.
      year = parts.month > period.month ? period.year - 1 : period.year;
    }
    return dateFromParts(year, parts.month ?? 0, parts.day ?? 0);
  };

  const timeOf = (parts: DateTimeParts): string | undefined => {
    if (parts.hour === undefined) return undefined;
    if (parts.hour > 23 || (parts.minute ?? 0) > 59 || (parts.second ?? 0) > 59) return undefined;
    return `${pad2(parts.hour)}:${pad2(parts.minute ?? 0)}${parts.second === undefined ? "" : `:${pad2(parts.second)}`}`;
  };

  const readTime = (value: string): string | undefined => {
    for (const pattern of p.times) {
      const parts = pattern.read(value);
      if (parts !== undefined) return timeOf(parts);
    }
    return undefined;
  };

  // Currency cells repeat ("人民币" on every row): each distinct value is looked up once.
  const currencies = new Map<string, CurrencyCode>();
  const currencyOf = (value: string): CurrencyCode | undefined => {
    const known = currencies.get(value);
    if (known !== undefined) return known;
    const code = toCurrencyCode(value) ?? p.currencyNames.get(value);
    if (code !== undefined && currencies.size < 256) currencies.set(value, code);
    return code;
  };

  /** An amount cell: the number and, with the profile's pattern, a currency written in the cell. */
  const readAmount = (value: string): { d: Decimal; currency?: string } | undefined => {
    const d = readAmountText(value, p.numbers);
    if (d !== undefined) return { d };
    const m = p.amountPattern?.exec(value);
    if (m === null || m === undefined) return undefined;
    const amountText = m.groups?.amount ?? m[1];
    const inner = amountText === undefined ? undefined : readAmountText(trimCell(amountText), p.numbers);
    if (inner === undefined) return undefined;
    const currency = m.groups?.currency;
    return currency === undefined ? { d: inner } : { d: inner, currency: currency.trim() };
  };

  // Direction values repeat: each distinct value is looked up once (exact, else the longest key it starts with).
  const directionCache = new Map<string, DirectionOutcome | undefined>();
  const directionKeys = [...p.directions.keys()].filter((k) => k !== "").sort((a, b) => b.length - a.length);
  const direction = (raw: string): DirectionOutcome | undefined => {
    if (directionCache.has(raw)) return directionCache.get(raw);
    let outcome = p.directions.get(raw);
    if (outcome === undefined) {
      const empty = raw === "" || onlyDashes(raw) || p.emptyValues.has(raw);
      if (empty) outcome = p.directions.get("");
      else {
        const key = directionKeys.find((k) => raw.startsWith(k));
        if (key !== undefined) outcome = p.directions.get(key);
      }
    }
    if (directionCache.size < 4096) directionCache.set(raw, outcome);
    return outcome;
  };

  const error = (line: number, code: string, message: string, details?: Record<string, unknown>): RowOutcome => ({
    kind: "error",
    issue: { severity: "error", code, message: `line ${line}: ${message}; the row is not imported`, line, ...(details ? { details } : {}) },
  });

  const isFooter = (): boolean => {
    for (let i = 0; i < cells.length; i++) {
      const v = cell(i);
      if (v === "") continue;
      return p.footers.some((re) => re.test(v));
    }
    return false;
  };

  const isBlank = (): boolean => {
    for (let i = 0; i < cells.length; i++) if (cell(i) !== "") return false;
    return true;
  };

  const firstValue = (): string => {
    for (let i = 0; i < cells.length; i++) {
      const v = cell(i);
      if (v !== "") return v;
    }
    return "";
  };

  return {
    balanceUnreadable,
    map(line, rowCells) {
      cells = rowCells;
      const dateText = cell(cols.bookingDate);
      const dateParts = dateText === "" ? undefined : readDate(dateText);
      if (dateParts === undefined) {
        // Rows without a readable date are looked at more closely; data rows never pay for it.
        if (isBlank()) return { kind: "skip" };
        if (isFooter()) return { kind: "end" };
        const first = firstValue();
        if (p.skipRows.some((re) => re.test(first))) return { kind: "skip" };
        if (dateText === "") return error(line, "BANK_CSV_ROW_INVALID", "no date in the date column", { column: cols.bookingDate });
        return error(line, "BANK_CSV_ROW_INVALID", `"${dateText.slice(0, 40)}" is not a date in the profile's formats`, {
          value: dateText.slice(0, 40),
        });
      }
      if (p.skipRows.length > 0 && p.skipRows.some((re) => re.test(firstValue()))) return { kind: "skip" };
      const bookingDate = toDate(dateParts);
      if (bookingDate === undefined)
        return error(line, "BANK_CSV_ROW_INVALID", `"${dateText.slice(0, 40)}" is not a calendar date`, { value: dateText.slice(0, 40) });
      let time = timeOf(dateParts);
      if (cols.bookingTime >= 0 && time === undefined) {
        const t = cell(cols.bookingTime);
        if (t !== "") time = readTime(t);
      }

      // Status first: a dropped status needs no amount.
      let status: EntryStatus = "booked";
      let reversal = false;
      const statusText = cell(cols.status);
      if (statusText !== "") {
        const outcome = p.statuses.get(statusText);
        if (outcome === "skip") return { kind: "skip", status: statusText };
        if (outcome === "reversal") reversal = true;
        else if (outcome !== undefined) status = outcome;
      }

      // The amount, signed from the account's side.
      const mode = amountMode;
      let units: bigint;
      let scale: number;
      let cellCurrency: string | undefined;
      if (mode === "debitCredit") {
        const debitText = cell(cols.debit);
        const creditText = cell(cols.credit);
        const debit = debitText === "" ? undefined : readAmount(debitText);
        const credit = creditText === "" ? undefined : readAmount(creditText);
        if (debitText !== "" && debit === undefined)
          return error(line, "BANK_CSV_AMOUNT_INVALID", `debit "${debitText.slice(0, 40)}" is not an amount`, {
            value: debitText.slice(0, 40),
          });
        if (creditText !== "" && credit === undefined)
          return error(line, "BANK_CSV_AMOUNT_INVALID", `credit "${creditText.slice(0, 40)}" is not an amount`, {
            value: creditText.slice(0, 40),
          });
        const debitNonZero = debit !== undefined && debit.d.units !== 0n;
        const creditNonZero = credit !== undefined && credit.d.units !== 0n;
        if (debitNonZero && creditNonZero) return error(line, "BANK_CSV_AMOUNT_INVALID", "both a debit and a credit amount");
        // The side says the sign; a sign written in the cell as well is not applied twice.
        const side = debitNonZero ? debit : creditNonZero ? credit : (credit ?? debit);
        if (side === undefined) return error(line, "BANK_CSV_AMOUNT_MISSING", "neither a debit nor a credit amount");
        units = side.d.units < 0n ? -side.d.units : side.d.units;
        if (debitNonZero) units = -units;
        scale = side.d.scale;
        cellCurrency = side.currency;
      } else {
        const amountText = cell(cols.amount);
        if (amountText === "") return error(line, "BANK_CSV_AMOUNT_MISSING", "no amount");
        const read = readAmount(amountText);
        if (read === undefined)
          return error(line, "BANK_CSV_AMOUNT_INVALID", `"${amountText.slice(0, 40)}" is not an amount`, {
            value: amountText.slice(0, 40),
          });
        units = read.d.units;
        scale = read.d.scale;
        cellCurrency = read.currency;
        if (mode === "direction") {
          const raw = cols.direction < 0 ? "" : trimCell(cells[cols.direction] ?? "");
          const outcome = direction(raw);
          if (outcome === undefined) {
            return error(
              line,
              "BANK_CSV_DIRECTION_UNKNOWN",
              `direction "${raw.slice(0, 40)}" is not one the profile knows (${[...p.directions.keys()].join(", ")})`,
              { value: raw.slice(0, 40) },
            );
          }
          if (outcome === "out") units = -units;
          // Neither in nor out by the export's own account (不计收支): kept as stated, outside the balance.
          else if (outcome === "none" && status === "booked") status = "information";
        }
      }
      if (p.invert) units = -units;

      const currencyText = cellCurrency ?? cell(cols.currency);
      const currency = currencyText === "" ? (p.currency ?? context.titleCurrency) : currencyOf(currencyText);
      if (currency === undefined) {
        return currencyText === ""
          ? error(line, "BANK_CSV_CURRENCY_UNKNOWN", "no currency in the row and none in the profile")
          : error(line, "BANK_CSV_CURRENCY_UNKNOWN", `"${currencyText.slice(0, 20)}" is not a currency`, {
              value: currencyText.slice(0, 20),
            });
      }

      // The entry is built field by field: only what the row has is set (no spreads, no key counting).
      const entryAmount = moneyOf({ units, scale }, currency);
      const entry: { -readonly [K in keyof Entry]: Entry[K] } = { amount: entryAmount, status, reversal, bookingDate, details: NO_DETAILS };
      if (time !== undefined) entry.bookingDateTime = `${bookingDate}T${time}` as IsoDateTime;
      let bankData: Record<string, string> | undefined;
      let balance: Money | undefined;
      const balanceText = cell(cols.balance);
      if (balanceText !== "") {
        const b = readAmountText(balanceText, p.numbers);
        if (b === undefined) {
          if (balanceUnreadable.count++ === 0) balanceUnreadable.firstLine = line;
        } else {
          balance = moneyOf(b, currency);
          // As the bank wrote it (bankData is verbatim); the number itself goes to the statement's balances.
          bankData = { balanceAfter: balanceText };
        }
      }
      const originalText = cell(cols.originalAmount);
      if (originalText !== "") {
        const original = readAmount(originalText);
        const originalCurrencyText = original?.currency ?? cell(cols.originalCurrency);
        const originalCurrency = originalCurrencyText === "" ? currency : currencyOf(originalCurrencyText);
        if (original !== undefined && originalCurrency !== undefined) {
          const m = moneyOf(
            { units: original.d.units < 0n ? -original.d.units : original.d.units, scale: original.d.scale },
            originalCurrency,
          );
          // Only a different amount or currency is news; the same one again says nothing.
          if (m.currency !== currency || (m.minor !== entryAmount.minor && m.minor !== -entryAmount.minor) || m.scale !== entryAmount.scale)
            entry.originalAmount = m;
        } else {
          bankData ??= {};
          bankData.originalAmount = originalText;
        }
      }
      const cardNumber = idCell(cols.cardNumber);
      if (cardNumber !== "") {
        bankData ??= {};
        bankData.cardNumber = cardNumber;
      }
      for (const [name, i] of cols.bankData) {
        const v = cell(i);
        if (v !== "") {
          bankData ??= {};
          bankData[name] = v;
        }
      }

      let references: { -readonly [K in keyof References]: References[K] } | undefined;
      const bankReference = idCell(cols.bankReference);
      if (bankReference !== "") {
        references ??= {};
        references.bankReference = bankReference;
      }
      const customerReference = idCell(cols.customerReference);
      if (customerReference !== "") {
        references ??= {};
        references.customerReference = customerReference;
      }
      const transactionId = idCell(cols.transactionId);
      if (transactionId !== "") {
        references ??= {};
        references.transactionId = transactionId;
      }
      const endToEndId = idCell(cols.endToEndId);
      if (endToEndId !== "") {
        references ??= {};
        references.endToEndId = endToEndId;
      }
      if (references !== undefined) entry.references = references;

      let counterparty: { -readonly [K in keyof Party]: Party[K] } | undefined;
      const name = oneText(cols.counterpartyName);
      if (name !== undefined) {
        counterparty ??= {};
        counterparty.name = name;
      }
      const cpAccount = idCell(cols.counterpartyAccount);
      if (cpAccount !== "") {
        counterparty ??= {};
        counterparty.account = cpAccount;
      }
      const cpBankId = cell(cols.counterpartyBankId);
      if (cpBankId !== "") {
        counterparty ??= {};
        counterparty.bankId = cpBankId;
      }
      const cpBankName = cell(cols.counterpartyBankName);
      if (cpBankName !== "") {
        counterparty ??= {};
        counterparty.bankName = cpBankName;
      }
      if (counterparty !== undefined) entry.counterparty = counterparty;

      const valueText = cell(cols.valueDate);
      if (valueText !== "") {
        const parts = readDate(valueText);
        const valueDate = parts === undefined ? undefined : toDate(parts);
        if (valueDate !== undefined) entry.valueDate = valueDate;
        else {
          bankData ??= {};
          bankData.valueDate = valueText;
        }
      }
      const remittance = text(cols.remittance, true);
      if (remittance !== undefined) entry.remittance = { unstructured: remittance };
      const type = cell(cols.transactionType);
      if (type !== "") entry.bankTransactionCode = { proprietary: { code: type } };
      const purpose = oneText(cols.purpose);
      if (purpose !== undefined) entry.purpose = purpose;
      const description = oneText(cols.description);
      if (description !== undefined) entry.description = description;
      if (bankData !== undefined) entry.bankData = bankData;
      entry.source = context.documentId === undefined ? { line } : { documentId: context.documentId, line };
      const account = idCell(cols.account);
      return account === ""
        ? balance === undefined
          ? { kind: "entry", entry }
          : { kind: "entry", entry, balance }
        : { kind: "entry", entry, balance, account };
    },
  };
}
