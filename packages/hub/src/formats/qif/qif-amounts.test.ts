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
    expect(decideQifDecimalMark(["12", "1,234"])).toEqual({ mark: ".", ambiguous: false });
    expect(decideQifDecimalMark(["1.50", "2,50"]).ambiguous).toBe(true);
  });

  it("drops currency signs and Swiss apostrophes, moves a trailing minus, and refuses text", () => {
    expect(formatMoney(parseQifAmount("$1,000.00", ".", XXX)!)).toBe("1000.00");
    expect(formatMoney(parseQifAmount("1'234.50", ".", XXX)!)).toBe("1234.50");
    expect(formatMoney(parseQifAmount("12.50-", ".", XXX)!)).toBe("-12.50");
    expect(parseQifAmount("twelve", ".", XXX)).toBeUndefined();
    expect(parseQifAmount("", ".", XXX)).toBeUndefined();
  });
});
