/**
 * Reads the typed value of the element the machine is at and reports it, where it is, when it cannot: the
 * bridge between the pure readers of `camt-values.ts` and the issues a document gets.
 *
 * @module
 */
import { type CurrencyCode, datePart, type IsoDate, type IsoDateTime, type IssueSeverity, type Money } from "../../core/index.js";
import type { XmlAttributes } from "../xml/index.js";
import { camtBoolean, camtCount, camtDate, camtDateTime, camtMoney, collapse, currencyAttribute, currencyOf } from "./camt-values.js";

/** Reports a finding at the element being read. */
export type ReportHere = (severity: IssueSeverity, code: string, message: string) => void;

/** Codes longer than this are not shared: V8 copies strings this short out of the text they were cut from. */
const MAX_CODE_LENGTH = 12;
/** How many distinct codes one reader shares. */
const MAX_CODES = 4096;

const shown = (value: string, max = 40) => JSON.stringify(value.slice(0, max));

/** Value readers that report what they cannot read. Each returns `undefined` for a value it reported. */
export class ValueReader {
  readonly #report: ReportHere;
  /** The currency of the amount element being read, and its attributes for a message when it has none. */
  #currency: CurrencyCode | undefined;
  #attributes: XmlAttributes | undefined;
  /** Codes read so far (see {@link code}), each kept once. */
  readonly #codes = new Map<string, string>();

  constructor(report: ReportHere) {
    this.#report = report;
  }

  /** Reports a finding at the element being read. */
  report(severity: IssueSeverity, code: string, message: string): void {
    this.#report(severity, code, message);
  }

  /** Takes the `Ccy` of an amount element as it opens; its text follows. */
  amountOpened(attributes: XmlAttributes | undefined): void {
    this.#currency = currencyAttribute(attributes);
    this.#attributes = attributes;
  }

  /** The amount of the element last opened with {@link amountOpened}; `consequence` says what is lost if not. */
  money(value: string, consequence: string): Money | undefined {
    const currency = this.#currency;
    if (currency === undefined) {
      const ccy = this.#attributes?.get("Ccy");
      const what = ccy === undefined ? "the amount has no currency (Ccy)" : `${shown(ccy, 20)} is not an ISO 4217 currency`;
      this.#report("error", "CURRENCY_UNKNOWN", `${what}; ${consequence}`);
      return undefined;
    }
    const m = camtMoney(value, currency);
    if (m === undefined) this.#report("error", "MONEY_INVALID", `${shown(value)} is not a camt amount; ${consequence}`);
    return m;
  }

  date(value: string): IsoDate | undefined {
    const d = camtDate(value);
    if (d === undefined) this.#report("error", "DATE_INVALID", `${shown(value)} is not a date (YYYY-MM-DD); it is left out`);
    return d;
  }

  dateTime(value: string): IsoDateTime | undefined {
    const d = camtDateTime(value);
    if (d === undefined) this.#report("error", "DATE_INVALID", `${shown(value)} is not an ISO 8601 date-time; it is left out`);
    return d;
  }

  count(value: string): number | undefined {
    const n = camtCount(value);
    if (n === undefined) this.#report("error", "CAMT_VALUE_INVALID", `${shown(value)} is not a count; it is left out`);
    return n;
  }

  boolean(value: string): boolean | undefined {
    const b = camtBoolean(value);
    if (b === undefined) this.#report("error", "CAMT_VALUE_INVALID", `${shown(value)} is not true or false; it is left out`);
    return b;
  }

  /** `CdtDbtInd`: `true` for CRDT, `false` for DBIT. */
  direction(value: string, consequence: string): boolean | undefined {
    const v = collapse(value);
    const d = v === "CRDT" ? true : v === "DBIT" ? false : undefined;
    if (d === undefined) this.#report("error", "CAMT_VALUE_INVALID", `${shown(value)} is not CRDT or DBIT; ${consequence}`);
    return d;
  }

  /**
   * A code (`PMNT`, a BIC, a country) without surrounding white space, as the one string this reader keeps for it:
   * a whole-file parse holds every entry's codes, and a million copies of `PMNT` are a million objects for the
   * garbage collector to move. Only short values are kept (longer ones are rarely repeated, and a kept string must
   * not be a slice that holds the document), and only so many, whatever the document.
   */
  code(value: string): string {
    const text = collapse(value);
    if (text.length > MAX_CODE_LENGTH) return text;
    const known = this.#codes.get(text);
    if (known !== undefined) return known;
    if (this.#codes.size < MAX_CODES) this.#codes.set(text, text);
    return text;
  }

  /** A currency element (`Ccy`, `SrcCcy`…). */
  currency(value: string): CurrencyCode | undefined {
    const c = currencyOf(collapse(value));
    if (c === undefined) this.#report("error", "CURRENCY_UNKNOWN", `${shown(value, 20)} is not an ISO 4217 currency; it is left out`);
    return c;
  }

  /** A date-time, or a plain date where a bank writes one (`FrDtTm`, `QtnDt`): the date and, if given, the time. */
  dayOrMoment(value: string): { date: IsoDate | undefined; dateTime: IsoDateTime | undefined } {
    const dateTime = camtDateTime(value);
    if (dateTime !== undefined) return { date: datePart(dateTime), dateTime };
    return { date: this.date(value), dateTime: undefined };
  }
}
