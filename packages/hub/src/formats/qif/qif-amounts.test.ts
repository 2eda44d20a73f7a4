import { describe, expect, it } from "vitest";
import { type CurrencyCode, formatMoney } from "../../core/index.js";
import { decideQifDecimalMark, parseQifAmount } from "./qif-amounts.js";

const XXX = "XXX" as CurrencyCode;

describe("#decideQifDecimalMark and #parseQifAmount", () => {
  it("reads Quicken's 1,234.56 and European 1.234,56 once the file's mark is known", () => {
    expect(decideQifDecimalMark(["-1,234.56", "12.00"]).mark).toBe(".");
    expect(decideQifDecimalMark(["-1.234,56", "12,00"]).mark).toBe(",");
    expect(formatMoney(parseQifAmount("-1,234.56", ".", XXX)!)).toBe("-1234.56");
    expect(formatMoney(parseQifAmount("-1.234,56", ",", XXX)!)).toBe("-1234.56");
    expect(formatMoney(parseQifAmount("1 234,56", ",", XXX)!)).toBe("1234.56");
  });

  it("reads an amount like 1,234 by the file's other amounts, not by itself", () => {
    expect(formatMoney(parseQifAmount("1,234", decideQifDecimalMark(["1,234", "5.50"]).mark, XXX)!)).toBe("1234");
    expect(formatMoney(parseQifAmount("1,234", decideQifDecimalMark(["1,234", "5,50"]).mark, XXX)!)).toBe("1.234");
  });

  it("takes . when nothing says otherwise, and says when a file uses both marks", () => {
    expect(decideQifDecimalMark(["12", "1.50"])).toEqual({ mark: ".", mixed: false, ambiguous: false, amounts: 0 });
    expect(decideQifDecimalMark(["1.50", "2,50"])).toEqual({ mark: ".", mixed: true, ambiguous: false, amounts: 0 });
  });

  it("says ambiguous when every amount with a mark has exactly three digits after it (1.000: one or a thousand)", () => {
    expect(decideQifDecimalMark(["-1.000", "-2.500", "7"])).toEqual({ mark: ".", mixed: false, ambiguous: true, amounts: 2 });
    expect(decideQifDecimalMark(["12", "1,234"])).toEqual({ mark: ".", mixed: false, ambiguous: true, amounts: 1 });
    // One amount that can only be read one way decides for all the others.
    expect(decideQifDecimalMark(["-1.000", "-2,50"])).toEqual({ mark: ",", mixed: false, ambiguous: false, amounts: 0 });
    // Nothing to decide: no amount has a mark.
    expect(decideQifDecimalMark(["12", "-3"]).ambiguous).toBe(false);
  });

  it("never takes 0.500, .500 or 1234.500 for a thousands group: a group follows one to three digits, not a lone 0", () => {
    expect(decideQifDecimalMark(["0.500", "-2.250"])).toEqual({ mark: ".", mixed: false, ambiguous: false, amounts: 0 });
    expect(decideQifDecimalMark([".500"]).ambiguous).toBe(false);
    expect(decideQifDecimalMark(["1234,500", "2.250"]).mark).toBe(",");
  });

  it("reads an amount that can only be read one way that way, whatever the file's mark", () => {
    expect(formatMoney(parseQifAmount("12,50", ".", XXX)!)).toBe("12.50");
    expect(formatMoney(parseQifAmount("12,5", ".", XXX)!)).toBe("12.5");
    expect(formatMoney(parseQifAmount("1,2345", ".", XXX)!)).toBe("1.2345");
    expect(formatMoney(parseQifAmount("-1.234,56", ".", XXX)!)).toBe("-1234.56");
    expect(formatMoney(parseQifAmount("1.000.000", ".", XXX)!)).toBe("1000000");
    expect(formatMoney(parseQifAmount("10.00", ",", XXX)!)).toBe("10.00");
    expect(formatMoney(parseQifAmount("1,000,000", ",", XXX)!)).toBe("1000000");
    expect(formatMoney(parseQifAmount("0.500", ",", XXX)!)).toBe("0.500");
  });

  it("drops currency signs and Swiss apostrophes, moves a trailing minus, and refuses text", () => {
    expect(formatMoney(parseQifAmount("$1,000.00", ".", XXX)!)).toBe("1000.00");
    expect(formatMoney(parseQifAmount("1'234.50", ".", XXX)!)).toBe("1234.50");
    expect(formatMoney(parseQifAmount("12.50-", ".", XXX)!)).toBe("-12.50");
    expect(parseQifAmount("twelve", ".", XXX)).toBeUndefined();
    // Marks that group no thousands are no amount in either reading (GnuCash's radix patterns): not 123, 1022024.
    for (const bad of ["1.2.3", "01.02.2024", "12,3456,789", "1,23,4567.00", "123,45,678", "1234,567.00"]) {
      expect(parseQifAmount(bad, ".", XXX), bad).toBeUndefined();
      expect(parseQifAmount(bad, ",", XXX), bad).toBeUndefined();
    }
    // Indian grouping (lakhs and crores) is grouping (review: it was refused).
    expect(formatMoney(parseQifAmount("-1,23,456.00", ".", XXX)!)).toBe("-123456.00");
    expect(formatMoney(parseQifAmount("12,34,56,789.50", ".", XXX)!)).toBe("123456789.50");
    // ...and say nothing about the file's mark: two of them no longer outvote a real 10.00.
    expect(decideQifDecimalMark(["1.2.3", "01.02.2024", "-10.00"]).mark).toBe(".");
    expect(parseQifAmount("", ".", XXX)).toBeUndefined();
  });
});
