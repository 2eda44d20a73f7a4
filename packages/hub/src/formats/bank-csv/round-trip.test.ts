/**
 * Properties of the profile engine: entries written as an export by a random valid profile (amount mode, date
 * pattern, decimal mark and grouping, delimiter, column order, title lines above the header) read back as the
 * same entries; and corpus exports mutated at random never make it throw.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type CurrencyCode,
  dateFromParts,
  type Entry,
  type IsoDate,
  type IsoDateTime,
  statementsFromJson,
  statementToJson,
} from "../../core/index.js";
import { builtinFormats } from "../index.js";
import { createFormatRegistry } from "../registry.js";
import { applyProfile } from "./apply-profile.js";
import { readCsvRows } from "./csv-reader.js";
import type { MappingProfile } from "./mapping-profile.js";
import { corpusBytes, DEG_EXAMPLES, filesUnder } from "./test-support/corpus.js";
import { HEADERS, writeRows } from "./test-support/write-rows.js";
import { validateProfile } from "./validate-profile.js";

const CNY = "CNY" as CurrencyCode;

const DATE_PATTERNS = ["yyyy-MM-dd", "yyyyMMdd", "yyyy/M/d", "dd/MM/yyyy", "dd.MM.yyyy", "yyyy-MM-dd HH:mm:ss", "yyyy/M/d H:mm:ss"];

const profileArb = fc
  .record({
    mode: fc.constantFrom("signed", "debitCredit", "direction"),
    invert: fc.boolean(),
    pattern: fc.constantFrom(...DATE_PATTERNS),
    delimiter: fc.constantFrom(",", ";", "\t", "|"),
    numbers: fc.constantFrom<[string, string]>([".", ","], [".", ""], [".", " "], [",", "."], [",", ""], [",", " "], [".", "'"]),
    directions: fc.constantFrom({ 收入: "in", 支出: "out" }, { C: "in", D: "out" }, { 贷: "in", 借: "out" }),
  })
  .map(({ mode, invert, pattern, delimiter, numbers, directions }) => {
    const columns: Record<string, string> = {
      bookingDate: HEADERS.bookingDate,
      description: HEADERS.description,
      counterpartyName: HEADERS.counterpartyName,
    };
    if (mode === "debitCredit") Object.assign(columns, { debit: HEADERS.debit, credit: HEADERS.credit });
    else columns.amount = HEADERS.amount;
    if (mode === "direction") columns.direction = HEADERS.direction;
    const { profile, issues } = validateProfile({
      id: "random",
      name: "Random bank",
      delimiter,
      dates: { formats: [pattern] },
      amounts: {
        mode,
        decimalMark: numbers[0],
        thousandsSeparator: numbers[1],
        ...(mode === "direction" ? { directions } : {}),
        ...(mode === "signed" && invert ? { invert: true } : {}),
      },
      currency: "CNY",
      account: { id: "6222000000000001", scheme: "cn" },
      columns,
    });
    expect(issues).toEqual([]);
    return profile as MappingProfile;
  });

/** Free text as banks write it: Chinese, quotes, delimiters, line ends, inner spaces (the ends are trimmed on reading). */
const textArb = fc
  .array(fc.constantFrom("a", "Z", "中", "银", "行", "1", " ", ",", ";", "|", "\t", '"', "'", "\n", "\r\n", "-", "/", "（", "）"), {
    maxLength: 12,
  })
  .map((parts) => `付${parts.join("")}款`);

const entryArb = (withTime: boolean) =>
  fc
    .record({
      date: fc.record({ y: fc.integer({ min: 2000, max: 2035 }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 28 }) }),
      time: fc.record({ h: fc.integer({ min: 0, max: 23 }), mi: fc.integer({ min: 0, max: 59 }), s: fc.integer({ min: 0, max: 59 }) }),
      minor: fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }),
      description: textArb,
      name: fc.option(textArb, { nil: undefined }),
    })
    .map(({ date, time, minor, description, name }): Entry => {
      const bookingDate = dateFromParts(date.y, date.m, date.d) as IsoDate;
      const p = (n: number) => String(n).padStart(2, "0");
      return {
        amount: { minor, scale: 2, currency: CNY },
        status: "booked",
        reversal: false,
        bookingDate,
        ...(withTime ? { bookingDateTime: `${bookingDate}T${p(time.h)}:${p(time.mi)}:${p(time.s)}` as IsoDateTime } : {}),
        description,
        ...(name === undefined ? {} : { counterparty: { name } }),
        details: [],
      };
    });

const fieldsOf = (e: Entry) => ({
  bookingDate: e.bookingDate,
  bookingDateTime: e.bookingDateTime,
  amount: e.amount,
  description: e.description,
  name: e.counterparty?.name,
});

describe("round trip through a random profile", () => {
  it("reads back the entries it was written from, whatever the layout", () => {
    fc.assert(
      fc.property(
        profileArb.chain((profile) => {
          const withTime = (profile.dates.formats[0] as string).includes("H");
          const fields = Object.keys(profile.columns) as (keyof typeof HEADERS)[];
          return fc.record({
            profile: fc.constant(profile),
            entries: fc.array(entryArb(withTime), { minLength: 1, maxLength: 8 }),
            order: fc.shuffledSubarray(fields, { minLength: fields.length, maxLength: fields.length }),
            title: fc.array(
              fc.constantFrom("账户明细查询", "账号：6222000000000001", "导出时间：[2024-01-01 00:00:00]", "", "注：仅供参考"),
              { maxLength: 4 },
            ),
            footer: fc.boolean(),
          });
        }),
        ({ profile, entries, order, title, footer }) => {
          const text = writeRows(entries, profile, { order, title, footer });
          const result = applyProfile(readCsvRows(text, { delimiter: profile.delimiter ?? "," }), profile, {
            format: "bank-csv",
            encoding: "utf-8",
          });
          expect(result.issues).toEqual([]);
          expect(result.statements).toHaveLength(1);
          expect(result.statements[0]?.entries.map(fieldsOf)).toEqual(entries.map(fieldsOf));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe.skipIf(DEG_EXAMPLES === undefined)("corpus exports mutated at random", () => {
  const registry = createFormatRegistry(builtinFormats());
  const dir = DEG_EXAMPLES as string;
  const files = DEG_EXAMPLES === undefined ? [] : filesUnder(dir).filter((f) => /\.csv$|hxsec.*\.xls$/.test(f));

  it("never throw, and whatever they give is valid canonical model", () => {
    const samples = files.map((f) => corpusBytes(dir, f));
    fc.assert(
      fc.property(
        fc.nat({ max: samples.length - 1 }),
        fc.nat(),
        fc.array(fc.tuple(fc.nat(), fc.constantFrom(0x22, 0x2c, 0x0a, 0x0d, 0x2d, 0x2e, 0x30, 0x39, 0x20, 0x09, 0xe4, 0xff, 0x00, 0x80)), {
          maxLength: 12,
        }),
        (which, cut, edits) => {
          const source = samples[which] as Uint8Array;
          const bytes = Uint8Array.from(source.subarray(0, Math.max(1, source.length - (cut % Math.max(1, source.length)))));
          for (const [at, value] of edits) bytes[at % bytes.length] = value;
          for (const format of ["auto", "bank-csv"]) {
            const parsed = registry.parse(bytes, { format });
            expect(Array.isArray(parsed.issues)).toBe(true);
            const decoded = statementsFromJson(JSON.parse(JSON.stringify(parsed.statements.map(statementToJson))));
            expect(decoded.issues).toEqual([]);
          }
        },
      ),
      { numRuns: 400 },
    );
  });
});
