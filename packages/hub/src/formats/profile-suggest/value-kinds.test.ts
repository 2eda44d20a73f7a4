import { describe, expect, it } from "vitest";
import {
  amountShape,
  cleanCell,
  currencyCode,
  datePattern,
  datePatterns,
  directionOf,
  isAccountLike,
  isEmptyValue,
  timePattern,
} from "./value-kinds.js";

describe("datePattern", () => {
  it("names the pattern of each way banks write dates, in mapping-profile syntax", () => {
    expect(datePattern("2024-01-05")?.pattern).toBe("yyyy-M-d");
    expect(datePattern("2025/12/03  14:06:51")?.pattern).toBe("yyyy/M/d H:mm:ss"); // one space stands for any run
    expect(datePattern("2024.1.5 9:05")?.pattern).toBe("yyyy.M.d H:mm");
    expect(datePattern("20240105")?.pattern).toBe("yyyyMMdd");
    expect(datePattern("2024年1月5日")?.pattern).toBe("yyyy年M月d日");
    expect(datePattern("12/29")?.pattern).toBe("M/d");
  });

  it("refuses impossible days and numbers that only look like dates", () => {
    for (const v of ["2023-02-29", "2024-13-01", "20241301", "12345678", "99/99/2024", "1.5", "2024-01-05T10:00:00"])
      expect(datePattern(v), v).toBeUndefined();
  });

  it("decides day-first or month-first from a part over 12, else from which part changes", () => {
    expect(datePatterns(["31/03/2025", "01/04/2025"]).patterns).toEqual(["d/M/yyyy"]);
    expect(datePatterns(["03/31/2025", "04/01/2025"]).patterns).toEqual(["M/d/yyyy"]);
    const td = datePatterns(["05/01/2023", "05/02/2023", "05/03/2023"]);
    expect(td).toMatchObject({ patterns: ["M/d/yyyy"], ambiguousOrder: true });
  });
});

describe("amountShape", () => {
  it("reads signs, grouping, decimal marks and currency signs as banks write them", () => {
    expect(amountShape("-1,234.50")).toMatchObject({ negative: true, decimals: 2, mark: ".", plain: "-1234.50" });
    expect(amountShape("+10000.00")).toMatchObject({ negative: false, plain: "10000.00" });
    expect(amountShape("¥28.16")).toMatchObject({ plain: "28.16" });
    expect(amountShape("1.234,56")).toMatchObject({ mark: ",", plain: "1234.56" });
    expect(amountShape("12,50")).toMatchObject({ mark: ",", plain: "12.50" });
    expect(amountShape("1,234")).toMatchObject({ decimals: 0, plain: "1234" });
    expect(amountShape("12.50-")).toMatchObject({ negative: true });
    expect(amountShape("(12.50)")).toMatchObject({ negative: true });
    expect(amountShape("0.010")).toMatchObject({ decimals: 3, plain: "0.010" });
  });

  it("recognises amounts wrapped with a currency code or followed by a note", () => {
    expect(amountShape("CNY 123.18")).toMatchObject({ wrapped: "currencyBefore", plain: "123.18" });
    expect(amountShape("JPY1000.00")).toMatchObject({ wrapped: "currencyBefore" });
    expect(amountShape("5.00 USD")).toMatchObject({ wrapped: "currencyAfter" });
    expect(amountShape("131.77(已退款89.84)")).toMatchObject({ wrapped: "noteAfter", plain: "131.77" });
  });

  it("is not fooled by text, dates or times", () => {
    for (const v of ["abc", "2024-01-05", "12:30", "A001", "6226******5669"]) expect(amountShape(v), v).toBeUndefined();
  });
});

describe("other value kinds", () => {
  it("takes Excel's text guards off cells", () => {
    expect(cleanCell(' ="20230212" ')).toBe("20230212");
    expect(cleanCell("'5191230567984561'")).toBe("5191230567984561");
    expect(cleanCell("it's")).toBe("it's");
  });

  it("knows empty placeholders, times, accounts, currencies and direction words", () => {
    expect(["", "-", "--", "/", "null", "———"].every(isEmptyValue)).toBe(true);
    expect(isEmptyValue("0")).toBe(false);
    expect([timePattern("14:06:51"), timePattern("9:05"), timePattern("123456"), timePattern("25:00")]).toEqual([
      "H:mm:ss",
      "H:mm",
      "HHmmss",
      undefined,
    ]);
    expect([
      isAccountLike("6226******5669"),
      isAccountLike("6222 0212 3456 7890"),
      isAccountLike("3167"),
      isAccountLike("20240105"),
    ]).toEqual([true, true, false, false]);
    expect([currencyCode("CNY"), currencyCode("人民币"), currencyCode("港币"), currencyCode("元宝")]).toEqual([
      "CNY",
      "CNY",
      "HKD",
      undefined,
    ]);
    expect([directionOf("收入"), directionOf("借 Dr"), directionOf("不计收支"), directionOf("CREDIT"), directionOf("买入")]).toEqual([
      "in",
      "out",
      "none",
      "in",
      undefined,
    ]);
  });
});
