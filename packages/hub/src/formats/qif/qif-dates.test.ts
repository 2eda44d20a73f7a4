import { describe, expect, it } from "vitest";
import { dateFromParts } from "../../core/index.js";
import { decideQifDateOrder, resolveQifDate, tokenizeQifDate } from "./qif-dates.js";

const both = (text: string) => {
  const t = tokenizeQifDate(text);
  return [resolveQifDate(t, "MDY"), resolveQifDate(t, "DMY")];
};

describe("#tokenizeQifDate", () => {
  it("reads Quicken's apostrophe years as 20xx and space-padded fields (`1/ 5'01`, `1/1' 0`)", () => {
    expect(both("1/ 5'01")).toEqual(["2001-01-05", "2001-05-01"]);
    expect(both("1/1' 0")).toEqual(["2000-01-01", "2000-01-01"]);
    expect(both("12/31'23")).toEqual(["2023-12-31", undefined]);
    // KMyMoney can write the apostrophe for every year: '99 is 1999, by the same pivot as after /, not 2099.
    expect(both("12/31'99")).toEqual(["1999-12-31", undefined]);
    expect(both("31/12'69")).toEqual([undefined, "2069-12-31"]);
  });

  it("reads old Quicken's Y2K years: three digits are years since 1900 (`1/ 1/100`), and so are they after a 19 (`12/31/19100`)", () => {
    expect(both("1/ 1/100")).toEqual(["2000-01-01", "2000-01-01"]);
    expect(both("12/31/105")).toEqual(["2005-12-31", undefined]);
    expect(both("31/12/105")).toEqual([undefined, "2005-12-31"]);
    expect(both("1/ 1'100")).toEqual(["2000-01-01", "2000-01-01"]);
    expect(both("12/31/19100")).toEqual(["2000-12-31", undefined]);
    expect(both("3/ 4/19105")).toEqual(["2005-03-04", "2005-04-03"]);
    expect(both("31.12.19123")).toEqual([undefined, "2023-12-31"]);
    // The day/month order is still the file's to decide: these are numeric dates like any other.
    expect(tokenizeQifDate("3/ 4/105")).toMatchObject({ kind: "numeric", first: 3, second: 4, year: 2005 });
    expect(both("1/1/169")[0]).toBe("2069-01-01");
    // Only years from 2000 were written so, and up to 2069, as the two-digit pivot: `199` is a 199x cut short, not
    // 2099. Other three- and five-digit years are no year.
    for (const bad of [
      "1/1/069",
      "1/1/170",
      "1/1/199",
      "1/1/200",
      "1/1/999",
      "1/1/19099",
      "1/1/19170",
      "1/1/19200",
      "1/1/20100",
      "1/1/12345",
    ]) {
      expect(both(bad), bad).toEqual([undefined, undefined]);
    }
  });

  it("reads 3-digit years from 070 as years since 1900 too: bank web exports write 1999 as `03/25/099` (GnuCash doc/examples/web.qif)", () => {
    expect(both("03/25/099")).toEqual(["1999-03-25", undefined]);
    expect(both("1/1/070")).toEqual(["1970-01-01", "1970-01-01"]);
    expect(both("12/31/099")[0]).toBe("1999-12-31");
    // The same after a fixed 19 never happens: 19 and 99 make 1999, four digits.
    expect(both("1/1/19099")).toEqual([undefined, undefined]);
  });

  it("reads two-digit years after / with a pivot at 70, four-digit years as written", () => {
    expect(both("12/31/69")[0]).toBe("2069-12-31");
    expect(both("12/31/70")[0]).toBe("1970-12-31");
    expect(both("31.12.1999")[1]).toBe("1999-12-31");
  });

  it("reads `D28.02'2009`, year-first dates and dates with a month name, whatever the file's order", () => {
    expect(both("28.02'2009")).toEqual([undefined, "2009-02-28"]);
    expect(both("2009-02-28")).toEqual(["2009-02-28", "2009-02-28"]);
    expect(both("20090228")).toEqual(["2009-02-28", "2009-02-28"]);
    expect(both("28 Feb 2009")).toEqual(["2009-02-28", "2009-02-28"]);
    expect(both("28-Feb-09")).toEqual(["2009-02-28", "2009-02-28"]);
    // Month names of European exports (German, Dutch, French, Spanish, Italian), with their accents.
    for (const [text, date] of [
      ["28 Okt 2009", "2009-10-28"],
      ["3 Mär 2024", "2024-03-03"],
      ["3 mrt 2024", "2024-03-03"],
      ["12 déc. 2023", "2023-12-12"],
      ["1 août 2023", "2023-08-01"],
      ["5 juin 2023", "2023-06-05"],
      ["5 juil. 2023", "2023-07-05"],
      ["7 dic 2023", "2023-12-07"],
      ["7 Dez 2023", "2023-12-07"],
      ["9 mag 2023", "2023-05-09"],
      ["3 maart 2024", "2024-03-03"],
      ["3 Maerz 2024", "2024-03-03"],
      ["15 marzo 2024", "2024-03-15"],
      ["1 Sept 2024", "2024-09-01"],
    ] as const) {
      expect(both(text), text).toEqual([date, date]);
    }
    // Other languages' abbreviations are whole words only: as starts of words they made dates of text (review).
    for (const text of ["agobert 12 24", "ottie 3 2025", "settle 1 2024", "Magda 5 2023", "Doctor 5 2024", "Ma 5 2024"]) {
      expect(tokenizeQifDate(text).kind, text).toBe("invalid");
    }
    expect(both("February 28, 2009")).toEqual(["2009-02-28", "2009-02-28"]);
  });

  it("reads 8-digit dates without separators: day and month first when the last four digits are a year 19xx/20xx, else YYYYMMDD", () => {
    expect(both("12312023")).toEqual(["2023-12-31", undefined]);
    expect(both("31122023")).toEqual([undefined, "2023-12-31"]);
    expect(both("01022024")).toEqual(["2024-01-02", "2024-02-01"]);
    expect(tokenizeQifDate("01022024")).toMatchObject({ kind: "numeric", first: 1, second: 2, year: 2024, dotted: false });
    // Starting like a year, but 19 or 20 is the day: 2012-19-99 and 1912-20-12 are no dates.
    expect(both("20121999")).toEqual([undefined, "1999-12-20"]);
    expect(both("19122012")).toEqual([undefined, "2012-12-19"]);
    expect(both("20240228")).toEqual(["2024-02-28", "2024-02-28"]);
    for (const bad of ["12345678", "00000000", "20241332", "13132024"]) {
      expect(both(bad), bad).toEqual([undefined, undefined]);
    }
  });

  it("leaves six digits without separators to the file (`123124`, `311224`, `241231`): year first or last, no one date tells", () => {
    expect(tokenizeQifDate("241231")).toEqual({ kind: "sixDigit", digits: "241231" });
    expect(tokenizeQifDate("123124 Rent")).toEqual({ kind: "sixDigit", digits: "123124", text: "Rent" });
    // Not read before the file decides (qif-six-digit-dates.ts); five or seven digits are no date.
    expect(both("241231")).toEqual([undefined, undefined]);
    for (const bad of ["12312", "1231240"]) expect(tokenizeQifDate(bad).kind, bad).toBe("invalid");
  });

  it("never reads an 8-digit date both as YYYYMMDD and day and month first: which one it is needs no file order", () => {
    // YYYYMMDD's month is 01-12, so as DDMMYYYY or MMDDYYYY its "year" would be 0101-1231: none of 19xx/20xx.
    const pad = (n: number) => String(n).padStart(2, "0");
    for (let y = 1900; y <= 2099; y++) {
      for (let m = 1; m <= 12; m++) {
        for (let d = 1; d <= 31; d++) {
          const date = dateFromParts(y, m, d);
          if (date === undefined) continue;
          const ymd = tokenizeQifDate(`${y}${pad(m)}${pad(d)}`);
          const mdy = tokenizeQifDate(`${pad(m)}${pad(d)}${y}`);
          const dmy = tokenizeQifDate(`${pad(d)}${pad(m)}${y}`);
          if (ymd.kind !== "fixed" || ymd.date !== date || mdy.kind !== "numeric" || dmy.kind !== "numeric") {
            expect([date, ymd, mdy, dmy]).toBe("read one way only");
          }
          if (resolveQifDate(mdy, "MDY") !== date || resolveQifDate(dmy, "DMY") !== date) {
            expect([date, mdy, dmy]).toBe("read back");
          }
        }
      }
    }
  });

  it("reads a complete date followed by text that starts with a letter or a space, keeping the text (GnuCash doc/examples/web.qif)", () => {
    expect(tokenizeQifDate("03/25/099Share Withdrawal")).toEqual({
      kind: "numeric",
      first: 3,
      second: 25,
      year: 1999,
      dotted: false,
      separated: true,
      text: "Share Withdrawal",
    });
    expect(tokenizeQifDate("03/22/099Check Number:   200")).toMatchObject({ year: 1999, text: "Check Number:   200" });
    for (const [raw, date, text] of [
      ["1/ 5/99 Rent", "1999-01-05", "Rent"],
      ["1/1' 0 Rent", "2000-01-01", "Rent"],
      ["1/ 1/100Rent", "2000-01-01", "Rent"],
      ["12/31/19100Rent", "2000-12-31", "Rent"],
      ["12/31/2023 12 coffees", "2023-12-31", "12 coffees"],
      ["12312023 Rent", "2023-12-31", "Rent"],
      ["2023-12-31Rent", "2023-12-31", "Rent"],
      ["28 Feb 2009 Miete", "2009-02-28", "Miete"],
      ["12/31/2023Überweisung", "2023-12-31", "Überweisung"],
    ] as const) {
      const t = tokenizeQifDate(raw);
      expect([resolveQifDate(t, "MDY"), t.kind === "invalid" ? undefined : t.text], raw).toEqual([date, text]);
    }
    // A date alone has no text, whatever its year form.
    for (const raw of ["03/25/099", "1/ 1/100", "12/31/19100", "1/1' 0", "28 Feb 2009"]) {
      expect(tokenizeQifDate(raw), raw).not.toHaveProperty("text");
    }
  });

  it("reads the year as the whole run of digits before any text: a digit after a year is no text, and no other year form is tried", () => {
    // 20245 is no year, and 2024 followed by `5` is not a date followed by text.
    for (const bad of [
      "1/1/20245",
      "1/1/20245Rent",
      "1/1/20245 Rent",
      "1/1/199Share",
      "1/1/19099 Rent",
      "1/1/2024-Rent",
      "1/1/2024.Rent",
    ]) {
      expect(both(bad), bad).toEqual([undefined, undefined]);
    }
    // Text that is no date after one stays refused: the date has to come first and be complete.
    for (const bad of ["Rent 1/1/2024", "1/1 Rent", "May 5 Rent 2024", "Dagobert 12 24"]) {
      expect(tokenizeQifDate(bad).kind, bad).toBe("invalid");
    }
  });

  it("refuses what is no date", () => {
    for (const bad of ["", "2009", "1/2", "1/2/3/4", "Feb 2009", "31 Foo 2009", "123/1/2009", "1/1/023"]) {
      expect(both(bad), bad).toEqual([undefined, undefined]);
    }
  });
});

describe("#decideQifDateOrder", () => {
  const decide = (dates: string[], option?: "MDY" | "DMY") => decideQifDateOrder(dates.map(tokenizeQifDate), option);

  it("follows the dates that fit only one order, whatever line they are on (securo #518/#547)", () => {
    expect(decide(["01/02/2024", "03/04/2024", "25/04/2024"])).toMatchObject({
      order: "DMY",
      basis: "dates",
      ambiguous: false,
      against: 0,
    });
    expect(decide(["01/02/2024", "04/25/2024", "03/04/2024"])).toMatchObject({ order: "MDY", basis: "dates", ambiguous: false });
  });

  it("honours !Option:MDY and !Option:DMY, counting the dates that do not fit (OCA PR #185)", () => {
    expect(decide(["25/04/2024", "01/02/2024"], "MDY")).toMatchObject({ order: "MDY", basis: "option", against: 1 });
    expect(decide(["01/02/2024"], "DMY")).toMatchObject({ order: "DMY", ambiguous: false });
  });

  it("when every date fits both, chooses the order whose dates follow each other closely and says it is ambiguous", () => {
    expect(decide(["02/01/2024", "03/01/2024", "05/01/2024", "08/01/2024"])).toMatchObject({
      order: "DMY",
      basis: "sequence",
      ambiguous: true,
    });
    expect(decide(["01/02/2024", "01/03/2024", "01/05/2024", "01/08/2024"])).toMatchObject({
      order: "MDY",
      basis: "sequence",
      ambiguous: true,
    });
    // Dates that read the same in both orders leave nothing to be unsure of (hunt: it used to be reported).
    expect(decide(["05/05/2024", "01/01/2024", "12.12.2023"])).toMatchObject({ order: "MDY", basis: "default", ambiguous: false });
    expect(decide(["05/05/2024", "01/02/2024"])).toMatchObject({ ambiguous: true });
  });

  it("reads dates that fit both as day first when all are written with dots, before asking the sequence", () => {
    // Rent on the 1st of each month: month first, the three dates would be consecutive days and win the sequence.
    expect(decide(["01.02.2024", "01.03.2024", "01.04.2024"])).toMatchObject({ order: "DMY", basis: "separator", ambiguous: true });
    expect(decide(["05.03.2024"])).toMatchObject({ order: "DMY", basis: "separator" });
    expect(decide(["01.02'2024", "01.03'2024"])).toMatchObject({ order: "DMY", basis: "separator" });
    // A day above 12 still decides, whatever the separator; and a file that mixes separators is left to the sequence.
    expect(decide(["02.13.2024", "01.02.2024"])).toMatchObject({ order: "MDY", basis: "dates" });
    expect(decide(["01.02.2024", "01/03/2024", "01/04/2024"])).toMatchObject({ order: "MDY", basis: "sequence" });
    // A tie of dates that fit one order each decides nothing: the others are read as if they were all there were
    // (dots, then the sequence, then Quicken's month first), and that is a guess when one of them reads two ways.
    expect(decide(["13.01.2024", "01.13.2024"])).toMatchObject({ order: "DMY", basis: "separator", ambiguous: false, against: 1 });
    expect(decide(["13/01/2024", "01/13/2024"])).toMatchObject({ order: "MDY", basis: "default", ambiguous: false, against: 1 });
    expect(decide(["13/01/2024", "01/13/2024", "01/02/2024"])).toMatchObject({ order: "MDY", ambiguous: true, against: 1 });
    expect(decide(["13/01/2024", "02/01/2024", "03/01/2024", "04/01/2024", "01/14/2024"])).toMatchObject({
      order: "DMY",
      basis: "proximity",
      ambiguous: true,
      against: 1,
    });
  });

  it("leaves 8-digit dates out of the dots rule: they have no separator to be dotted or not", () => {
    expect(decide(["01.01.2024", "01.02.2024", "01.03.2024", "01042024"])).toMatchObject({
      order: "DMY",
      basis: "separator",
      ambiguous: true,
    });
    // Without any separated date there is no separator to go by.
    expect(decide(["01022024", "01032024"])).not.toMatchObject({ basis: "separator" });
  });

  it("breaks a tie of dates that fit one order each by proximity: each date that fits both takes the order of the nearest such date", () => {
    const read = (dates: string[]) => {
      const tokens = dates.map(tokenizeQifDate);
      const d = decideQifDateOrder(tokens, undefined);
      return tokens.map((t, i) => resolveQifDate(t, d.orders?.[i] ?? d.order) ?? resolveQifDate(t, d.order === "MDY" ? "DMY" : "MDY"));
    };
    // A US monthly register with one day-first typo: the four dates before the M/D/Y one are M/D/Y.
    const us = ["1/5/2024", "2/5/2024", "3/5/2024", "4/5/2024", "4/15/2024", "15/4/2024"];
    expect(read(us)).toEqual(["2024-01-05", "2024-02-05", "2024-03-05", "2024-04-05", "2024-04-15", "2024-04-15"]);
    expect(decideQifDateOrder(us.map(tokenizeQifDate), undefined)).toMatchObject({
      order: "MDY",
      basis: "proximity",
      ambiguous: true,
      against: 1,
    });
    // A UK daily register with one US-style date.
    const uk = ["01/05/2024", "02/05/2024", "03/05/2024", "13/05/2024", "05/14/2024"];
    expect(read(uk)).toEqual(["2024-05-01", "2024-05-02", "2024-05-03", "2024-05-13", "2024-05-14"]);
    expect(decideQifDateOrder(uk.map(tokenizeQifDate), undefined)).toMatchObject({ order: "DMY", basis: "proximity" });
    // Between two dates of different orders, the dates that fit both split where they follow each other best, not
    // at the midpoint alone: a UK export up to 3 January pasted before a US one from the 15th (03/01 is nearer
    // 01/15 in the file, but 3 January, not 1 March).
    expect(read(["30/12/2023", "31/12/2023", "02/01/2024", "03/01/2024", "01/15/2024", "01/16/2024"])).toEqual([
      "2023-12-30",
      "2023-12-31",
      "2024-01-02",
      "2024-01-03",
      "2024-01-15",
      "2024-01-16",
    ]);
    expect(read(["13/01/2024", "02/01/2024", "03/01/2024", "04/01/2024", "01/14/2024"])).toEqual([
      "2024-01-13",
      "2024-01-02",
      "2024-01-03",
      "2024-01-04",
      "2024-01-14",
    ]);
  });

  it("decides the order of 8-digit dates like any other, and says when they fit both", () => {
    expect(decide(["01022024", "13022024", "20240301"])).toMatchObject({ order: "DMY", basis: "dates", ambiguous: false, numeric: 2 });
    expect(decide(["01022024", "01032024"])).toMatchObject({ ambiguous: true, numeric: 2 });
    expect(decide(["20240102", "20240103"])).toMatchObject({ ambiguous: false, numeric: 0 });
  });

  it("is not ambiguous when no date needs an order (month names, year first)", () => {
    expect(decide(["2024-01-02", "5 Jan 2024"])).toMatchObject({ ambiguous: false, numeric: 0 });
  });

  it("counts a date followed by text like any other date", () => {
    expect(decide(["13/01/2024Rent", "02/01/2024 Shop", "03/01/2024"])).toMatchObject({
      order: "DMY",
      basis: "dates",
      fitting: 1,
      numeric: 3,
    });
  });

  it("decides a file mixing orders by the majority, counting the dates against it (MMEX #5602)", () => {
    expect(decide(["13/01/2024", "14/01/2024", "01/15/2024"])).toMatchObject({ order: "DMY", against: 1 });
  });
});
