import { describe, expect, it } from "vitest";
import { compileDatePattern, type DatePattern } from "./date-pattern.js";

const pattern = (source: string) => compileDatePattern(source) as DatePattern;

describe("#compileDatePattern", () => {
  it("reads the patterns banks use", () => {
    expect(pattern("yyyy-MM-dd").read("2024-02-29")).toMatchObject({ year: 2024, month: 2, day: 29 });
    expect(pattern("yyyyMMdd").read("20240229")).toMatchObject({ year: 2024, month: 2, day: 29 });
    expect(pattern("yyyy/M/d H:mm:ss").read("2025/1/5 9:03:07")).toMatchObject({
      year: 2025,
      month: 1,
      day: 5,
      hour: 9,
      minute: 3,
      second: 7,
    });
    expect(pattern("dd/MM/yyyy").read("31/03/2025")).toMatchObject({ year: 2025, month: 3, day: 31 });
    expect(pattern("MM/dd").read("12/29")).toEqual({
      month: 12,
      day: 29,
      year: undefined,
      hour: undefined,
      minute: undefined,
      second: undefined,
    });
    expect(pattern("yy.MM.dd").read("24.01.02")).toMatchObject({ year: 2024 });
  });

  it("lets a space in the pattern stand for a run of spaces, as SPDB pads between date and time", () => {
    expect(pattern("yyyy/MM/dd HH:mm:ss").read("2025/12/03  14:06:51")).toMatchObject({ day: 3, hour: 14 });
  });

  it("refuses text that does not follow the pattern exactly", () => {
    for (const text of ["2024-2-29", "2024-02-29 ", "2024/02/29", "2024-02-2x", ""])
      expect(pattern("yyyy-MM-dd").read(text), text).toBeUndefined();
  });

  it("says why a pattern is not one", () => {
    expect(compileDatePattern("yyyy-QQ-dd")).toBe('unknown letter "Q" (use yyyy, yy, MM, M, dd, d, HH, H, mm, ss)');
    expect(compileDatePattern("yyyy-MM-dd-yy")).toBe('"yy" appears twice');
    expect(compileDatePattern("")).toBe("the pattern is empty");
  });
});
