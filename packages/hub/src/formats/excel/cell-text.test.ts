import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { builtinNumberFormat, classifyNumberFormat, isoCellText, numberCellText, plainNumber, serialToText } from "./cell-text.js";

describe("plainNumber", () => {
  it("shows what Excel shows, not binary noise", () => {
    expect(plainNumber(0.1 + 0.2)).toBe("0.3");
    expect(plainNumber(1234.56)).toBe("1234.56");
    expect(plainNumber(123456 / 100)).toBe("1234.56");
    expect(plainNumber(-0.2)).toBe("-0.2");
    expect(plainNumber(-0)).toBe("0");
  });

  it("writes every digit of an integer, so account numbers stored as numbers survive", () => {
    expect(plainNumber(6200000000001234)).toBe("6200000000001234");
    expect(plainNumber(20220119)).toBe("20220119");
  });

  it("never uses exponent notation", () => {
    expect(plainNumber(1e21)).toBe("1000000000000000000000");
    expect(plainNumber(1.5e-7)).toBe("0.00000015");
    expect(plainNumber(-2.5e-10)).toBe("-0.00000000025");
    expect(plainNumber(1.23456789e25)).toBe("12345678900000000000000000");
  });

  it("is a plain decimal that reads back as the number to 15 significant digits, for any double Excel can hold", () => {
    // Excel's largest number is 9.99999999999999E+307; rounding doubles next to Number.MAX_VALUE overflows.
    fc.assert(
      fc.property(fc.double({ noNaN: true, min: -1e307, max: 1e307 }), (x) => {
        const s = plainNumber(x);
        expect(s).toMatch(/^-?\d+(\.\d*[1-9])?$/);
        const back = Number(s);
        if (x === 0) expect(back).toBe(0);
        else expect(Math.abs(back - x) / Math.abs(x)).toBeLessThan(1e-14);
      }),
    );
  });

  it("gives a decimal with at most two places for cents computed in floating point", () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), (cents) => {
        const s = plainNumber(cents / 100);
        expect(s).toMatch(/^-?\d+(\.\d{1,2})?$/);
      }),
    );
  });
});

describe("serialToText", () => {
  it("converts serial dates exactly, with Excel's 1900 leap-year bug", () => {
    expect(serialToText(1, false)).toBe("1900-01-01 00:00:00");
    expect(serialToText(59, false)).toBe("1900-02-28 00:00:00");
    expect(serialToText(60, false)).toBe("1900-02-29 00:00:00"); // the day that never was, as Excel shows it
    expect(serialToText(61, false)).toBe("1900-03-01 00:00:00");
    expect(serialToText(45000, false)).toBe("2023-03-15 00:00:00");
    expect(serialToText(45658.5, false)).toBe("2025-01-01 12:00:00");
    expect(serialToText(2958465, false)).toBe("9999-12-31 00:00:00");
  });

  it("rounds to the nearest second as Excel displays it", () => {
    expect(serialToText(45658 + (12 * 3600 + 34 * 60 + 56) / 86400, false)).toBe("2025-01-01 12:34:56");
    expect(serialToText(45658.99999999, false)).toBe("2025-01-02 00:00:00");
  });

  it("counts from 1904-01-01 in the 1904 date system", () => {
    expect(serialToText(0, true)).toBe("1904-01-01 00:00:00");
    expect(serialToText(43538, true)).toBe("2023-03-15 00:00:00");
  });

  it("gives the time alone for a time format under one day", () => {
    expect(serialToText(0.5, false, true)).toBe("12:00:00");
  });

  it("has no date for negative serials and serials past 9999-12-31", () => {
    expect(serialToText(-1, false)).toBeUndefined();
    expect(serialToText(2958466, false)).toBeUndefined();
  });

  it("agrees with a day count for every day from 1900-03-01 on", () => {
    fc.assert(
      fc.property(fc.integer({ min: 61, max: 2958465 }), (serial) => {
        const ms = Date.UTC(1899, 11, 30) + serial * 86_400_000;
        expect(serialToText(serial, false)).toBe(`${new Date(ms).toISOString().slice(0, 10)} 00:00:00`);
      }),
    );
  });
});

describe("classifyNumberFormat", () => {
  it("recognises date and time formats, including Chinese ones", () => {
    expect(classifyNumberFormat("yyyy-mm-dd").kind).toBe("date");
    expect(classifyNumberFormat('yyyy"年"m"月"d"日"').kind).toBe("date");
    expect(classifyNumberFormat("yyyy/m/d h:mm:ss").kind).toBe("date");
    expect(classifyNumberFormat("[$-F800]dddd, mmmm dd, yyyy").kind).toBe("date");
    expect(classifyNumberFormat("mmm-yy").kind).toBe("date");
    expect(classifyNumberFormat("h:mm:ss AM/PM").kind).toBe("time");
    expect(classifyNumberFormat("[h]:mm").kind).toBe("time");
    expect(classifyNumberFormat("mm:ss").kind).toBe("time");
  });

  it("does not take letters in quotes, escapes, colours or currencies for date tokens", () => {
    expect(classifyNumberFormat('0.00 "days"')).toEqual({ kind: "number", decimals: 2 });
    expect(classifyNumberFormat("#,##0.00_);[Red](#,##0.00)")).toEqual({ kind: "number", decimals: 2 });
    expect(classifyNumberFormat("[$¥-804]#,##0.00")).toEqual({ kind: "number", decimals: 2 });
    expect(classifyNumberFormat("0.000")).toEqual({ kind: "number", decimals: 3 });
    expect(classifyNumberFormat("@").kind).toBe("text");
    expect(classifyNumberFormat("0.00%")).toEqual({ kind: "number" });
    expect(classifyNumberFormat("General")).toEqual({ kind: "number" });
  });

  it("knows the built-in formats by id", () => {
    expect(builtinNumberFormat(14).kind).toBe("date");
    expect(builtinNumberFormat(22).kind).toBe("date");
    expect(builtinNumberFormat(31).kind).toBe("date"); // zh-CN yyyy"年"m"月"d"日"
    expect(builtinNumberFormat(20).kind).toBe("time");
    expect(builtinNumberFormat(4)).toEqual({ kind: "number", decimals: 2 });
    expect(builtinNumberFormat(999)).toEqual({ kind: "number" });
  });
});

describe("numberCellText", () => {
  it("pads to the format's decimals and never rounds", () => {
    expect(numberCellText(1.28, { kind: "number", decimals: 3 }, false).text).toBe("1.280");
    expect(numberCellText(5, { kind: "number", decimals: 2 }, false).text).toBe("5.00");
    expect(numberCellText(1.2345, { kind: "number", decimals: 2 }, false).text).toBe("1.2345");
  });

  it("shows date cells as YYYY-MM-DD HH:mm:ss, and flags numbers that are no date", () => {
    expect(numberCellText(45000.25, { kind: "date" }, false)).toEqual({ text: "2023-03-15 06:00:00" });
    expect(numberCellText(-3, { kind: "date" }, false)).toEqual({ text: "-3", problem: "-3 is not a date Excel can show" });
  });

  it('reads ISO date cells of .xlsx (t="d")', () => {
    expect(isoCellText("2024-02-29T13:05:09")).toBe("2024-02-29 13:05:09");
    expect(isoCellText("2024-02-29")).toBe("2024-02-29 00:00:00");
    expect(isoCellText("yesterday")).toBeUndefined();
  });
});
