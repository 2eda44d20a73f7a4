import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addDays,
  dateFromParts,
  datePart,
  daysBetween,
  daysInMonth,
  type IsoDate,
  toIsoDate,
  tryIsoDate,
  tryIsoDateTime,
} from "./dates.js";
import { isHubError } from "./errors.js";
import { isoDateArb } from "./test-support/arbitraries.js";

const d = (text: string): IsoDate => toIsoDate(text);

describe("#tryIsoDate", () => {
  it("follows the Gregorian leap-year rule: 2000 and 2024 are leap years, 1900 and 2023 are not", () => {
    expect(tryIsoDate("2000-02-29")).toBe("2000-02-29");
    expect(tryIsoDate("2024-02-29")).toBe("2024-02-29");
    expect(tryIsoDate("1900-02-29")).toBeUndefined();
    expect(tryIsoDate("2023-02-29")).toBeUndefined();
    expect(tryIsoDate("2100-02-29")).toBeUndefined();
    expect(daysInMonth(2000, 2)).toBe(29);
    expect(daysInMonth(1900, 2)).toBe(28);
    expect(daysInMonth(2024, 2)).toBe(29);
  });

  it("rejects days that do not exist in their month", () => {
    for (const text of [
      "2024-04-31",
      "2024-06-31",
      "2024-09-31",
      "2024-11-31",
      "2024-01-32",
      "2024-02-30",
      "2024-01-00",
      "2024-00-10",
      "2024-13-01",
    ]) {
      expect(tryIsoDate(text), text).toBeUndefined();
    }
    for (const text of ["2024-01-31", "2024-03-31", "2024-04-30", "2024-12-31", "0001-01-01", "9999-12-31"]) {
      expect(tryIsoDate(text), text).toBe(text);
    }
  });

  it("accepts only the exact YYYY-MM-DD shape", () => {
    const bad = [
      "",
      "2024-1-05",
      "2024-01-5",
      "24-01-05",
      "20240105",
      "2024/01/05",
      " 2024-01-05",
      "2024-01-05 ",
      "2024-01-05T00:00",
      "+2024-01-05",
      "2024-0a-05",
      "0000-01-01",
    ];
    for (const text of bad) expect(tryIsoDate(text), text).toBeUndefined();
  });

  it("throws DATE_INVALID from toIsoDate", () => {
    expect(toIsoDate("2024-02-29")).toBe("2024-02-29");
    try {
      toIsoDate("2023-02-29");
      expect.unreachable();
    } catch (e) {
      expect(isHubError(e) && e.code).toBe("DATE_INVALID");
      expect(isHubError(e) && e.details).toEqual({ date: "2023-02-29" });
    }
  });
});

describe("#dateFromParts", () => {
  it("zero-pads year, month and day", () => {
    expect(dateFromParts(2024, 3, 5)).toBe("2024-03-05");
    expect(dateFromParts(2024, 12, 31)).toBe("2024-12-31");
    expect(dateFromParts(999, 1, 1)).toBe("0999-01-01");
    expect(dateFromParts(1, 1, 1)).toBe("0001-01-01");
  });

  it("returns undefined for impossible or non-integer parts", () => {
    expect(dateFromParts(2023, 2, 29)).toBeUndefined();
    expect(dateFromParts(2024, 2, 30)).toBeUndefined();
    expect(dateFromParts(2024, 0, 1)).toBeUndefined();
    expect(dateFromParts(2024, 13, 1)).toBeUndefined();
    expect(dateFromParts(2024, 1, 0)).toBeUndefined();
    expect(dateFromParts(0, 1, 1)).toBeUndefined();
    expect(dateFromParts(10000, 1, 1)).toBeUndefined();
    expect(dateFromParts(2024, 1.5, 1)).toBeUndefined();
    expect(dateFromParts(2024, 1, Number.NaN)).toBeUndefined();
  });

  it("agrees with tryIsoDate on every date it builds", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9999 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 }), (y, m, day) => {
        const date = dateFromParts(y, m, day);
        if (date === undefined) expect(day).toBeGreaterThan(daysInMonth(y, m));
        else expect(tryIsoDate(date)).toBe(date);
      }),
    );
  });
});

describe("#tryIsoDateTime", () => {
  it("accepts date-times with Z, with ±hh:mm or ±hhmm offsets and without offset", () => {
    const good = [
      "2024-03-01T10:15:00Z",
      "2024-03-01T10:15:00+08:00",
      "2024-03-01T10:15:00+0800",
      "2024-03-01T23:59:59-05:30",
      "2024-03-01T10:15:00",
      "2024-03-01T10:15",
      "2024-03-01T00:00:00.1Z",
      "2024-03-01T10:15:00.123+01:00",
      "2024-03-01T10:15:00.123456789",
      "2016-12-31T23:59:60Z", // leap second
      "2024-02-29T12:00:00Z",
    ];
    for (const text of good) expect(tryIsoDateTime(text), text).toBe(text);
  });

  it("rejects impossible dates, times and offsets and other shapes", () => {
    const bad = [
      "",
      "2024-03-01",
      "2023-02-29T10:00:00Z", // no such day
      "2024-03-01T24:00:00Z",
      "2024-03-01T10:60:00Z",
      "2024-03-01T10:15:61Z",
      "2024-03-01T10:15:00+24:00",
      "2024-03-01T10:15:00+08:60",
      "2024-03-01T10:15:00+8",
      "2024-03-01T10:15:00.Z", // point without digits
      "2024-03-01T10:15:00.1234567890Z", // ten fraction digits
      "2024-03-01 10:15:00Z",
      "2024-03-01t10:15:00z",
      "2024-03-01T10:15:00ZZ",
      "2024-03-01T1:15:00Z",
    ];
    for (const text of bad) expect(tryIsoDateTime(text), text).toBeUndefined();
  });

  it("takes the calendar date as the bank wrote it, without converting the time zone", () => {
    const late = tryIsoDateTime("2024-03-01T23:30:00-05:00")!;
    const early = tryIsoDateTime("2024-03-01T00:30:00+08:00")!;
    expect(datePart(late)).toBe("2024-03-01");
    expect(datePart(early)).toBe("2024-03-01");
  });
});

describe("#addDays and #daysBetween", () => {
  it("crosses month ends, including February in leap and common years", () => {
    expect(addDays(d("2024-01-31"), 1)).toBe("2024-02-01");
    expect(addDays(d("2024-02-28"), 1)).toBe("2024-02-29");
    expect(addDays(d("2023-02-28"), 1)).toBe("2023-03-01");
    expect(addDays(d("2024-03-01"), -1)).toBe("2024-02-29");
    expect(addDays(d("1900-03-01"), -1)).toBe("1900-02-28");
    expect(addDays(d("2000-03-01"), -1)).toBe("2000-02-29");
    expect(addDays(d("2024-04-30"), 1)).toBe("2024-05-01");
  });

  it("crosses year ends in both directions", () => {
    expect(addDays(d("2024-12-31"), 1)).toBe("2025-01-01");
    expect(addDays(d("2025-01-01"), -1)).toBe("2024-12-31");
    expect(addDays(d("2023-12-25"), 10)).toBe("2024-01-04");
    expect(addDays(d("2024-01-01"), 366)).toBe("2025-01-01");
    expect(addDays(d("2024-06-15"), 0)).toBe("2024-06-15");
  });

  it("counts days across month and year ends, negative when the second date is earlier", () => {
    expect(daysBetween(d("2024-01-31"), d("2024-02-01"))).toBe(1);
    expect(daysBetween(d("2024-02-01"), d("2024-03-01"))).toBe(29);
    expect(daysBetween(d("2023-02-01"), d("2023-03-01"))).toBe(28);
    expect(daysBetween(d("2024-12-31"), d("2025-01-01"))).toBe(1);
    expect(daysBetween(d("2024-01-01"), d("2025-01-01"))).toBe(366);
    expect(daysBetween(d("2023-01-01"), d("2024-01-01"))).toBe(365);
    expect(daysBetween(d("2025-01-01"), d("2024-12-31"))).toBe(-1);
    expect(daysBetween(d("2024-05-05"), d("2024-05-05"))).toBe(0);
  });

  it("is unaffected by daylight-saving changes (the last Sunday of March in Europe)", () => {
    expect(addDays(d("2024-03-30"), 1)).toBe("2024-03-31");
    expect(addDays(d("2024-03-31"), 1)).toBe("2024-04-01");
    expect(daysBetween(d("2024-03-30"), d("2024-04-01"))).toBe(2);
  });

  it("throws RangeError rather than return a date outside 0001–9999 or move by a fraction of a day", () => {
    expect(addDays(d("9999-12-30"), 1)).toBe("9999-12-31");
    expect(addDays(d("0001-01-02"), -1)).toBe("0001-01-01");
    expect(() => addDays(d("9999-12-31"), 1)).toThrow(RangeError);
    expect(() => addDays(d("0001-01-01"), -1)).toThrow(RangeError);
    expect(() => addDays(d("2024-01-01"), 1e12)).toThrow(RangeError);
    expect(() => addDays(d("2024-01-01"), 0.5)).toThrow(RangeError);
    expect(() => addDays(d("2024-01-01"), Number.NaN)).toThrow(RangeError);
  });

  it("are inverses of each other for any date and offset", () => {
    fc.assert(
      fc.property(isoDateArb, fc.integer({ min: -20_000, max: 20_000 }), (date, days) => {
        const moved = addDays(date, days);
        expect(tryIsoDate(moved)).toBe(moved);
        expect(daysBetween(date, moved)).toBe(days);
        expect(addDays(moved, -days)).toBe(date);
      }),
      { numRuns: 2000 },
    );
  });
});
