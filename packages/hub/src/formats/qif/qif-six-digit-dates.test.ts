import { describe, expect, it } from "vitest";
import { resolveQifDate, tokenizeQifDate } from "./qif-dates.js";
import { decideQifSixDigitOrder, settleQifSixDigitDate } from "./qif-six-digit-dates.js";

const decide = (dates: string[], option?: "MDY" | "DMY" | "YMD") => decideQifSixDigitOrder(dates.map(tokenizeQifDate), option);
/** The date a six-digit date is read as, year first or last (last: in `order`, else its only day-month reading). */
const read = (raw: string, yearFirst: boolean, order: "MDY" | "DMY" = "MDY") => {
  const { token, against } = settleQifSixDigitDate(tokenizeQifDate(raw), yearFirst);
  return [resolveQifDate(token, order) ?? resolveQifDate(token, order === "MDY" ? "DMY" : "MDY"), against];
};

describe("#decideQifSixDigitOrder", () => {
  it("reads MMDDYY registers year last: a day above 12 is no YYMMDD month (Quicken, `D123124`)", () => {
    expect(decide(["123124", "010225", "011525"])).toMatchObject({
      yearFirst: false,
      basis: "dates",
      ambiguous: false,
      dates: 3,
      fitting: 2,
    });
  });

  it("reads YYMMDD registers year first: read year last, their years would follow their days (`D241231`)", () => {
    // Every YYMMDD date of 2001-2028 is also a DDMMYY date: only the sequence tells, and that is reported.
    expect(decide(["241231", "250102", "250115", "250203"])).toMatchObject({
      yearFirst: true,
      basis: "sequence",
      ambiguous: true,
      dates: 4,
    });
    expect(read("241231", true)).toEqual(["2024-12-31", false]);
  });

  it("reads DDMMYY registers year last, by the sequence when every date also fits YYMMDD (`D311224`)", () => {
    expect(decide(["311224", "010125", "150125"])).toMatchObject({ yearFirst: false, basis: "sequence", ambiguous: true });
    expect(read("311224", false, "DMY")).toEqual(["2024-12-31", false]);
  });

  it("lets the sequence, not one pasted date that fits only year last, decide a YYMMDD file (its dates all fit DDMMYY too)", () => {
    expect(decide(["241231", "250102", "250115", "011525"])).toMatchObject({
      yearFirst: true,
      basis: "sequence",
      ambiguous: true,
      against: 1,
    });
    // Where the dates that fit one way only agree with the sequence, they decide, and nothing is in doubt.
    expect(decide(["123124", "010225", "011525", "020125"])).toMatchObject({
      yearFirst: false,
      basis: "dates",
      ambiguous: false,
      fitting: 2,
    });
  });

  it("defaults to year last, reported, when no date or sequence tells", () => {
    expect(decide(["311224"])).toMatchObject({ yearFirst: false, basis: "default", ambiguous: true, dates: 1 });
    // 010101 is the same date every way: nothing to be unsure of.
    expect(decide(["010101"])).toMatchObject({ yearFirst: false, basis: "default", ambiguous: false });
    expect(decide(["12/31/2024"])).toBeUndefined();
  });

  it("reads six-digit dates year last when a day-month order is given (!Option:MDY, --date-order): it names the year last", () => {
    expect(decide(["241231", "250102", "250115"], "DMY")).toMatchObject({ yearFirst: false, basis: "option", ambiguous: false });
  });

  it("reads six-digit dates year first when YMD is given (--date-order ymd), counting the dates that say otherwise", () => {
    // As DDMMYY these follow each other closely, which alone would read them year last.
    expect(decide(["010203", "020203"], "YMD")).toMatchObject({ yearFirst: true, basis: "option", ambiguous: false, both: 2 });
    expect(decide(["123124", "010225", "011525"], "YMD")).toMatchObject({ yearFirst: true, fitting: 0, against: 2, both: 1 });
  });
});

describe("#settleQifSixDigitDate", () => {
  it("reads a date that fits only the way not decided that way, saying so", () => {
    // No month 31 as YYMMDD; no 31 April or 30 February as DDMMYY (and no month 30 as MMDDYY).
    expect(read("123124", true)).toEqual(["2024-12-31", true]);
    expect(read("310425", false)).toEqual(["2031-04-25", true]);
    expect(read("300225", false)).toEqual(["2030-02-25", true]);
    // A date that fits neither way stays no date, in the way decided.
    expect(read("123456", false)).toEqual([undefined, false]);
    expect(read("123456", true)).toEqual([undefined, false]);
  });

  it("keeps the text written after the date (`D123124 Rent`), and leaves other tokens as they are", () => {
    expect(settleQifSixDigitDate(tokenizeQifDate("123124 Rent"), false).token).toMatchObject({ kind: "numeric", text: "Rent" });
    expect(settleQifSixDigitDate(tokenizeQifDate("241231Rent"), true).token).toEqual({ kind: "fixed", date: "2024-12-31", text: "Rent" });
    const other = tokenizeQifDate("12/31/2024");
    expect(settleQifSixDigitDate(other, true)).toEqual({ token: other, against: false });
  });
});
