import { describe, expect, it } from "vitest";
import { formatDecimal } from "../../core/index.js";
import { numberStyle, readAmountText } from "./amount-text.js";

const dot = numberStyle(".", ",");
const comma = numberStyle(",", ".");
const read = (text: string, style = dot) => {
  const d = readAmountText(text, style);
  return d === undefined ? undefined : formatDecimal(d);
};

describe("#readAmountText", () => {
  it("reads bank amounts exactly: grouping, signs first or last, parentheses, currency signs", () => {
    expect(read("1,234.56")).toBe("1234.56");
    expect(read("-1,234.56")).toBe("-1234.56");
    expect(read("+10000.00")).toBe("10000.00");
    expect(read("12.50-")).toBe("-12.50");
    expect(read("(12.50)")).toBe("-12.50");
    expect(read("¥28.16")).toBe("28.16");
    expect(read("-￥3.00")).toBe("-3.00");
    expect(read("128000.000")).toBe("128000.000");
    expect(read("1.234,56", comma)).toBe("1234.56");
    expect(read("12 500,00", numberStyle(",", " "))).toBe("12500.00");
  });

  it("reads amounts beyond 15 digits without a float", () => {
    expect(read("123,456,789,012,345,678.91")).toBe("123456789012345678.91");
    expect(read("-9007199254740993")).toBe("-9007199254740993");
  });

  it("refuses what is not one number, rather than reading it as zero", () => {
    for (const bad of ["", "-", "¥", "1,2O0.00", "1e3", "1.2.3", "--5", "+-5", "xx,yyyy.zz", "12 34"])
      expect(read(bad), bad).toBeUndefined();
  });
});
