/**
 * The BAI2 funds type: one field, then as many more as the type needs (moov-io/bai2 #53,
 * ministryofjustice/bai2 #7: a parser that assumes a fixed count reads every later field wrong).
 *
 * | type | meaning | fields after it |
 * |---|---|---|
 * | `Z` or empty | availability unknown | none |
 * | `0`, `1`, `2` | immediate, one-day, two-or-more-day availability | none |
 * | `V` | value dated | value date `YYMMDD`, value time `HHMM` (may be empty) |
 * | `S` | distributed availability, simple | immediate, one-day, two-or-more-day amounts |
 * | `D` | distributed availability | count n, then n pairs of days and amount |
 *
 * @module
 */
import { type CurrencyCode, formatMoney, type IsoDate } from "../../core/index.js";
import type { Bai2FieldCursor } from "./bai2-field-cursor.js";
import { parseBai2Amount, parseBai2Count, parseBai2Date, parseBai2Time } from "./bai2-values.js";

/** Most distribution pairs read from one D funds type: a hostile count must not make us read forever. */
const MAX_DISTRIBUTIONS = 100;

/** A funds type and what came with it. */
export interface Bai2FundsType {
  /** `Z`, `0`, `1`, `2`, `V`, `S` or `D`; `undefined` when the field was empty. */
  readonly code: string | undefined;
  /** V: the value date. */
  readonly valueDate?: IsoDate;
  /** V: the value time, `HH:MM`. */
  readonly valueTime?: string;
  /**
   * S and D: when the amount becomes available, as `days:amount` pairs joined by `;` (`0:50000.00;1:40000.00;>1:10000.00`),
   * amounts in the account currency.
   */
  readonly availability?: string;
  /** Set when the field or its companions could not be read; the message says what. */
  readonly problem?: string;
}

const NONE: Bai2FundsType = Object.freeze({ code: undefined });
// The funds types without companion fields, made once: most records have one.
const SIMPLE_Z: Bai2FundsType = Object.freeze({ code: "Z" });
const SIMPLE_0: Bai2FundsType = Object.freeze({ code: "0" });
const SIMPLE_1: Bai2FundsType = Object.freeze({ code: "1" });
const SIMPLE_2: Bai2FundsType = Object.freeze({ code: "2" });

/**
 * Reads a funds type and the fields it brings from `cursor`. An unknown funds type consumes only its own
 * field (the rest of the record is read as if it had none) and comes back with a `problem`.
 */
export function readBai2FundsType(cursor: Bai2FieldCursor, currency: CurrencyCode): Bai2FundsType {
  cursor.advance();
  // Most records have no funds type or a simple one: decided from the character, without a substring.
  if (cursor.length === 0) return NONE;
  if (cursor.length === 1) {
    const c = cursor.firstChar();
    if (c === 90 /* Z */ || c === 122 /* z */) return SIMPLE_Z;
    if (c === 48) return SIMPLE_0;
    if (c === 49) return SIMPLE_1;
    if (c === 50) return SIMPLE_2;
  }
  const field = cursor.text();
  const code = field.length === 1 ? field.toUpperCase() : field;
  switch (code) {
    case "V": {
      const dateText = cursor.next();
      const timeText = cursor.next();
      const valueDate = parseBai2Date(dateText);
      const time = parseBai2Time(timeText);
      const valueTime = time?.kind === "time" ? time.value : undefined;
      const problem =
        valueDate === undefined
          ? `value-dated funds type without a valid value date ("${dateText.slice(0, 12)}")`
          : time?.kind === "invalid"
            ? `value time "${timeText.slice(0, 12)}" is not HHMM`
            : undefined;
      return {
        code,
        ...(valueDate === undefined ? {} : { valueDate }),
        ...(valueTime === undefined ? {} : { valueTime }),
        ...(problem === undefined ? {} : { problem }),
      };
    }
    case "S": {
      const parts: string[] = [];
      let problem: string | undefined;
      for (const days of ["0", "1", ">1"]) {
        const text = cursor.next();
        const amount = parseBai2Amount(text, currency);
        if (amount === undefined) {
          if (text !== "") problem = `distributed availability amount "${text.slice(0, 20)}" is not an amount`;
          continue;
        }
        parts.push(`${days}:${formatMoney(amount)}`);
      }
      return { code, availability: parts.join(";"), ...(problem === undefined ? {} : { problem }) };
    }
    case "D": {
      const countText = cursor.next();
      const count = parseBai2Count(countText);
      if (count === undefined || count > MAX_DISTRIBUTIONS) {
        return { code, problem: `distribution count "${countText.slice(0, 12)}" is not a count of at most ${MAX_DISTRIBUTIONS}` };
      }
      const parts: string[] = [];
      let problem: string | undefined;
      for (let i = 0; i < count && !cursor.done; i++) {
        const days = cursor.next();
        const text = cursor.next();
        const amount = parseBai2Amount(text, currency);
        if (parseBai2Count(days) === undefined || amount === undefined) {
          problem = `distribution ${i + 1} ("${days.slice(0, 8)}", "${text.slice(0, 20)}") is not days and an amount`;
          continue;
        }
        parts.push(`${days}:${formatMoney(amount)}`);
      }
      if (parts.length < count && problem === undefined) problem = `${count} distributions announced, ${parts.length} found`;
      return { code, availability: parts.join(";"), ...(problem === undefined ? {} : { problem }) };
    }
    default:
      return { code: undefined, problem: `funds type "${field.slice(0, 12)}" is not Z, 0, 1, 2, V, S or D` };
  }
}
