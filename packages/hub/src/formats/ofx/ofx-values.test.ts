import { describe, expect, it } from "vitest";
import { type CurrencyCode, formatMoney } from "../../core/index.js";
import { ofxSignUnusual, parseOfxAmount, parseOfxDate, parseOfxRate } from "./ofx-values.js";

const USD = "USD" as CurrencyCode;

describe("#parseOfxDate", () => {
  it("keeps the calendar date written and the time with its offset (`[-5:EST]`, `[+9:JST]`, `[0:GMT]`, `[-5.5:XXX]`)", () => {
    expect(parseOfxDate("20240131120000.000[-5:EST]")).toEqual({
      kind: "date",
      date: "2024-01-31",
      dateTime: "2024-01-31T12:00:00.000-05:00",
    });
    expect(parseOfxDate("20120922230000 [+9:JST]")).toMatchObject({ date: "2012-09-22", dateTime: "2012-09-22T23:00:00+09:00" });
    expect(parseOfxDate("20001201120000 [0:GMT]")).toMatchObject({ dateTime: "2000-12-01T12:00:00+00:00" });
    expect(parseOfxDate("20120412120000 [-5.5:XXX]")).toMatchObject({ dateTime: "2012-04-12T12:00:00-05:30" });
    expect(parseOfxDate("20240402000000[-3:GMT]")).toMatchObject({ dateTime: "2024-04-02T00:00:00-03:00" });
  });

  it("reads `+5.30` and `-3.30` as hours and minutes (IST, NST) and other fractions as decimal hours", () => {
    expect(parseOfxDate("20240115120000[+5.30:IST]")).toMatchObject({ dateTime: "2024-01-15T12:00:00+05:30" });
    expect(parseOfxDate("20240115120000[-3.30:NST]")).toMatchObject({ dateTime: "2024-01-15T12:00:00-03:30" });
    expect(parseOfxDate("20240115120000[+5.45:NPT]")).toMatchObject({ dateTime: "2024-01-15T12:00:00+05:45" });
    expect(parseOfxDate("20240115120000[+9.00]")).toMatchObject({ dateTime: "2024-01-15T12:00:00+09:00" });
    // One digit, or two that are not a quarter hour, are a fraction of an hour.
    expect(parseOfxDate("20240115120000[-3.5:NST]")).toMatchObject({ dateTime: "2024-01-15T12:00:00-03:30" });
    expect(parseOfxDate("20240115120000[+5.75]")).toMatchObject({ dateTime: "2024-01-15T12:00:00+05:45" });
    expect(parseOfxDate("20240115120000[+5.50]")).toMatchObject({ dateTime: "2024-01-15T12:00:00+05:30" });
    expect(parseOfxDate("20240115120000[+5.500]")).toMatchObject({ dateTime: "2024-01-15T12:00:00+05:30" });
  });

  it("reads offsets written the ISO way (`[+0530:IST]`, `[-0500]`, `-0500`, `[+05:30]`) and zone names alone whose offset is certain", () => {
    const at = (t: string) =>
      parseOfxDate(`20240115120000${t}`).kind === "date" && (parseOfxDate(`20240115120000${t}`) as { dateTime?: string }).dateTime;
    expect(["[+05:30:IST]", "[-03:30:NST]", "-0000"].map(at)).toEqual([
      "2024-01-15T12:00:00+05:30",
      "2024-01-15T12:00:00-03:30",
      "2024-01-15T12:00:00+00:00",
    ]);
    expect(["[+0530:IST]", "[-0500]", "-0500", "[+05:30]", "[EST]", "[gmt]", "[PDT]"].map(at)).toEqual([
      "2024-01-15T12:00:00+05:30",
      "2024-01-15T12:00:00-05:00",
      "2024-01-15T12:00:00-05:00",
      "2024-01-15T12:00:00+05:30",
      "2024-01-15T12:00:00-05:00",
      "2024-01-15T12:00:00+00:00",
      "2024-01-15T12:00:00-07:00",
    ]);
    // Names of several zones (CST: US Central or China), minutes past 59 and the zone name after hours stay as they were.
    expect(["[CST]", "[+0575:X]", "[-03:EST]", "[-12:00]"].map(at)).toEqual([
      "2024-01-15T12:00:00",
      "2024-01-15T12:00:00",
      "2024-01-15T12:00:00-03:00",
      "2024-01-15T12:00:00-12:00",
    ]);
  });

  it("reads ISO 8601's Z after the time as UTC, not as no offset (OFX hunt, stop 27)", () => {
    // `20240105120000Z` (and after milliseconds) was read as a local time: the offset was lost silently.
    expect(parseOfxDate("20240105120000Z")).toMatchObject({ date: "2024-01-05", dateTime: "2024-01-05T12:00:00+00:00" });
    expect(parseOfxDate("20240105120000.000z")).toMatchObject({ dateTime: "2024-01-05T12:00:00.000+00:00" });
    expect(parseOfxDate("202401051200 Z")).toMatchObject({ dateTime: "2024-01-05T12:00+00:00" });
    // Anything else after the time still gives no offset.
    expect(parseOfxDate("20240105120000ZZ")).toMatchObject({ dateTime: "2024-01-05T12:00:00" });
  });

  it("reads dates written the ISO 8601 way, keeping the offset written, and says so (`iso`)", () => {
    expect(parseOfxDate("2024-01-05")).toEqual({ kind: "date", date: "2024-01-05", dateTime: undefined, iso: true });
    expect(parseOfxDate("2024-01-05T12:30:00")).toEqual({ kind: "date", date: "2024-01-05", dateTime: "2024-01-05T12:30:00", iso: true });
    const at = (t: string) => (parseOfxDate(t) as { dateTime?: string }).dateTime;
    expect(
      [
        "2024-01-05T12:30:00Z",
        "2024-01-05T12:30:00+01:00",
        "2024-01-05T23:30:00-05:00",
        "2024-01-05T12:30:00.250+0530",
        "2024-01-05T12:30:00,5+01",
        "2024-01-05 12:30",
        "2024-01-05t12:30:00z",
        "2024-01-05T12:30:00.000[-5:EST]",
        "20240105T123000Z",
        "20240105T1230",
      ].map(at),
    ).toEqual([
      "2024-01-05T12:30:00+00:00",
      "2024-01-05T12:30:00+01:00",
      "2024-01-05T23:30:00-05:00",
      "2024-01-05T12:30:00.250+05:30",
      "2024-01-05T12:30:00.5+01:00",
      "2024-01-05T12:30",
      "2024-01-05T12:30:00+00:00",
      "2024-01-05T12:30:00.000-05:00",
      "2024-01-05T12:30:00+00:00",
      "2024-01-05T12:30",
    ]);
    // The date is the day written, never moved by the offset; OFX's own form is not marked.
    expect(parseOfxDate("2024-01-05T23:30:00-05:00")).toMatchObject({ date: "2024-01-05", iso: true });
    expect(parseOfxDate("20240105123000")).not.toHaveProperty("iso");
    // A time that is not one leaves the day, as in OFX's form.
    expect(parseOfxDate("2024-01-05T25:00:00")).toEqual({
      kind: "date",
      date: "2024-01-05",
      dateTime: undefined,
      iso: true,
      dropped: { part: "time", text: "25:00:00" },
    });
  });

  it("refuses ISO-looking dates that are not dates", () => {
    for (const bad of ["2024-02-30", "2024-13-01", "2024-1-5", "2024-01-05junk", "2024-01-05T", "2024/01/05", "24-01-05", "2024-01"])
      expect(parseOfxDate(bad), bad).toEqual({ kind: "invalid" });
  });

  it("never moves the date across midnight by the offset", () => {
    expect(parseOfxDate("19881201230100 [-5:EST]")).toMatchObject({ date: "1988-12-01" });
  });

  it("reads a date alone, minutes without seconds, and a colon before milliseconds", () => {
    expect(parseOfxDate("19881201")).toEqual({ kind: "date", date: "1988-12-01", dateTime: undefined });
    expect(parseOfxDate("200510291120")).toMatchObject({ dateTime: "2005-10-29T11:20" });
    expect(parseOfxDate("20180804093914:014")).toMatchObject({ dateTime: "2018-08-04T09:39:14.014" });
  });

  it("drops an offset that is not a number of hours but keeps the time (`[-:EST]`, ofxparse investment_medium.ofx)", () => {
    expect(parseOfxDate("20091217162416.000[-:EST]")).toMatchObject({ dateTime: "2009-12-17T16:24:16.000" });
  });

  it("says what it dropped of a date whose time or offset cannot be read, in either form (`dropped`)", () => {
    // They lost the offset or the time without a word, though OFX_DATE_ISO said they were read with the offset they state.
    const cases: [string, string | undefined, { part: "time" | "offset"; text: string }][] = [
      ["2024-01-05T12:30:00+25:00", "2024-01-05T12:30:00", { part: "offset", text: "+25:00" }],
      ["2024-01-05T12:30:00+01:00:00", "2024-01-05T12:30:00", { part: "offset", text: "+01:00:00" }],
      ["2024-01-05T12:30:00 CET", "2024-01-05T12:30:00", { part: "offset", text: "CET" }],
      ["20240105T12", undefined, { part: "time", text: "T12" }],
      ["2024-01-05T25:00:00", undefined, { part: "time", text: "25:00:00" }],
      ["20091217162416.000[-:EST]", "2009-12-17T16:24:16.000", { part: "offset", text: "[-:EST]" }],
      ["20240115120000[CST]", "2024-01-15T12:00:00", { part: "offset", text: "[CST]" }],
      ["20240115120000[+0575:X]", "2024-01-15T12:00:00", { part: "offset", text: "[+0575:X]" }],
      ["20240105120000ZZ", "2024-01-05T12:00:00", { part: "offset", text: "ZZ" }],
      ["20240105250000", undefined, { part: "time", text: "250000" }],
      ["2024010512", undefined, { part: "time", text: "12" }],
      ["20240105 noon", undefined, { part: "time", text: "noon" }],
    ];
    for (const [written, dateTime, dropped] of cases) {
      const d = parseOfxDate(written);
      expect(d, written).toMatchObject({ kind: "date", dateTime, dropped });
      expect(d.kind === "date" && d.date, written).toMatch(/^20(24-01-(05|15)|09-12-17)$/);
    }
    // Nothing is dropped when all of it is read, or when an offset follows a day without a time (it moves nothing).
    for (const written of [
      "20240105",
      "20240105120000.000[-5:EST]",
      "2024-01-05T12:30:00+01:00",
      "20240105T123000Z",
      "20240105[0:GMT]",
      "2024-01-05",
    ])
      expect(parseOfxDate(written), written).not.toHaveProperty("dropped");
  });

  it("reads OFX's basic date with a `T` and an extended time (`20240105T12:30:00`), and the offset after it, as ISO 8601", () => {
    // Its time was dropped (OFX_DATE_PART_DROPPED), though the form is unambiguous.
    const cases: [string, string][] = [
      ["20240105T12:30:00", "2024-01-05T12:30:00"],
      ["20240105T12:30", "2024-01-05T12:30"],
      ["20240105T12:30:00Z", "2024-01-05T12:30:00+00:00"],
      ["20240105T12:30:00+01:00", "2024-01-05T12:30:00+01:00"],
      ["20240105T12:30:00.250-0500", "2024-01-05T12:30:00.250-05:00"],
      ["20240105T12:30:00[-5:EST]", "2024-01-05T12:30:00-05:00"],
    ];
    for (const [written, dateTime] of cases)
      expect(parseOfxDate(written), written).toEqual({ kind: "date", date: "2024-01-05", dateTime, iso: true });
    // A time or an offset that is none is still said, as in the other forms.
    expect(parseOfxDate("20240105T25:30:00")).toMatchObject({ dateTime: undefined, dropped: { part: "time", text: "25:30:00" } });
    expect(parseOfxDate("20240105T12:30:00+25:00")).toMatchObject({
      dateTime: "2024-01-05T12:30:00",
      dropped: { part: "offset", text: "+25:00" },
    });
  });

  it("keeps nine digits of a longer fraction of a second, as a date-time holds, and says what it dropped", () => {
    // `20240105123000.1234567891` lost its whole fraction without a word.
    const cases: [string, string, boolean][] = [
      ["20240105123000.1234567891", "2024-01-05T12:30:00.123456789", false],
      ["20240105123000.123456789123[-5:EST]", "2024-01-05T12:30:00.123456789-05:00", false],
      ["2024-01-05T12:30:00.1234567891Z", "2024-01-05T12:30:00.123456789+00:00", true],
    ];
    for (const [written, dateTime, iso] of cases) {
      const d = parseOfxDate(written);
      expect(d, written).toMatchObject({ kind: "date", dateTime });
      expect(d.kind === "date" && d.iso === true, written).toBe(iso);
      expect(d.kind === "date" && d.dropped, written).toEqual({ part: "fraction", text: written.includes("123[") ? "123" : "1" });
    }
    // Nine digits are all kept; an offset that is none is said before the fraction's digits.
    expect(parseOfxDate("20240105123000.123456789")).toEqual({
      kind: "date",
      date: "2024-01-05",
      dateTime: "2024-01-05T12:30:00.123456789",
    });
    expect(parseOfxDate("20240105123000.1234567891[-:EST]")).toMatchObject({
      dateTime: "2024-01-05T12:30:00.123456789",
      dropped: { part: "offset", text: "[-:EST]" },
    });
  });

  it("reads a fraction of a second after a decimal comma (`20240105123000,123`) as ISO 8601 writes it", () => {
    // It was taken for an offset that is none: the fraction dropped with OFX_DATE_PART_DROPPED.
    expect(parseOfxDate("20240105123000,123")).toEqual({
      kind: "date",
      date: "2024-01-05",
      dateTime: "2024-01-05T12:30:00.123",
      iso: true,
    });
    expect(parseOfxDate("20240105123000,5[-5:EST]")).toEqual({
      kind: "date",
      date: "2024-01-05",
      dateTime: "2024-01-05T12:30:00.5-05:00",
      iso: true,
    });
    expect(parseOfxDate("2024-01-05T12:30:00,25+01:00")).toMatchObject({ dateTime: "2024-01-05T12:30:00.25+01:00", iso: true });
    // After minutes it would be a fraction of a minute, which is not kept: it stays said (as no offset), not dropped.
    expect(parseOfxDate("202401051230,5")).toEqual({
      kind: "date",
      date: "2024-01-05",
      dateTime: "2024-01-05T12:30",
      dropped: { part: "offset", text: ",5" },
    });
    // So after a dot or OFX's colon: a fraction of a minute that is not zero is said, not dropped (nor the offset after it).
    expect(parseOfxDate("20240105T12:30.5Z")).toEqual({
      kind: "date",
      date: "2024-01-05",
      dateTime: "2024-01-05T12:30",
      iso: true,
      dropped: { part: "offset", text: ".5Z" },
    });
    expect(parseOfxDate("202401051230.5")).toMatchObject({ dateTime: "2024-01-05T12:30", dropped: { part: "offset", text: ".5" } });
    expect(parseOfxDate("202401051230:5")).toMatchObject({ dropped: { part: "offset", text: ":5" } });
    expect(parseOfxDate("20240105T1230.25")).toMatchObject({ iso: true, dropped: { part: "offset", text: ".25" } });
    // Zeros lose nothing.
    expect(parseOfxDate("202401051230.000[-5:EST]")).toEqual({ kind: "date", date: "2024-01-05", dateTime: "2024-01-05T12:30-05:00" });
    // OFX's own `.` and the colon some banks write stay OFX's form.
    expect(parseOfxDate("20240105123000.123")).not.toHaveProperty("iso");
    expect(parseOfxDate("20240105123000:123")).not.toHaveProperty("iso");
  });

  it("reads empty and all-zero dates as absent, impossible ones as invalid (ofxparse test_bad_format)", () => {
    expect(parseOfxDate("")).toEqual({ kind: "absent" });
    expect(parseOfxDate("00000000")).toEqual({ kind: "absent" });
    for (const bad of ["abcdLOL!", "881103", "19881301", "20120231", "201120000000"])
      expect(parseOfxDate(bad), bad).toEqual({ kind: "invalid" });
  });
});

describe("#parseOfxAmount", () => {
  const read = (text: string) => {
    const m = parseOfxAmount(text, USD);
    return m === undefined ? undefined : formatMoney(m);
  };

  it("reads a decimal point or a decimal comma (ofxtools stmtrs_euro.ofx, Actual data-multi-decimal.ofx)", () => {
    expect(read("-6.60")).toBe("-6.60");
    expect(read("-1006,60")).toBe("-1006.60");
  });

  it("reads thousands grouping either way round (ofxparse testThatParseTransactionWithCommaAsDecimalPoint…)", () => {
    expect(read("-1.006,60")).toBe("-1006.60");
    expect(read("-1,006.60")).toBe("-1006.60");
    expect(read("1,234,567")).toBe("1234567.00");
    // Spaces grouping thousands (French software), also no-break and thin spaces; not spaces anywhere else.
    expect(["-1 200,00", "12 345 678.9", "1\u00a0000,5", "-1\u202f000"].map(read)).toEqual([
      "-1200.00",
      "12345678.90",
      "1000.50",
      "-1000.00",
    ]);
    expect(["1 20,00", "12 3456", "1  000"].map(read)).toEqual([undefined, undefined, undefined]);
  });

  it("keeps every decimal the bank wrote and drops leading zeros (Fidelity `+00000000000115.8331`)", () => {
    expect(read("+00000000000115.8331")).toBe("115.8331");
    expect(read("-00000000001500.0000")).toBe("-1500.0000");
  });

  it("reads null as zero, as some banks send for rate notices (ofxparse testThatParseTransactionWithNullAmountIgnored)", () => {
    expect(read("null")).toBe("0.00");
    expect(read("-null")).toBe("0.00");
  });

  it("reads a sign written after the number and parentheses as the accounting exports write them", () => {
    expect(["5.00-", "1,234.50-", "5.00+", "(5.00)", "( 1.006,60 )"].map(read)).toEqual(["-5.00", "-1234.50", "5.00", "-5.00", "-1006.60"]);
  });

  it("reads a sign written apart from the digits, and the typographic minus (U+2212) or an en dash (U+2013) before them", () => {
    expect(
      ["- 5.00", "-  1 200,00", "-\u00a05.00", "+ 5.00", "\u22125.00", "\u2212 5.00", "\u22121.006,60", "\u20135.00", "\u2013.50"].map(
        read,
      ),
    ).toEqual(["-5.00", "-1200.00", "-5.00", "5.00", "-5.00", "-5.00", "-1006.60", "-5.00", "-0.50"]);
    expect(["- 5.00", "\u22125.00", "\u20135.00", "+ 5.00"].map(ofxSignUnusual)).toEqual([true, true, true, true]);
    expect(["-5.00", "5.00-", "(5.00)", "+5", "1 200"].map(ofxSignUnusual)).toEqual([false, false, false, false, false]);
  });

  it("keeps refusing signs that are really ambiguous: two signs, a sign with nothing after it, an en dash apart from the digits", () => {
    for (const bad of [
      "- - 5.00",
      "\u2212-5.00",
      "-\u22125.00",
      "\u2212",
      "- ",
      "\u2212 5.00-",
      "- 5.00-",
      // A plus apart from the digits and a sign after them: which one the bank meant cannot be told.
      "+ 5.00-",
      "+ 5.00+",
      "+ 1.234,56-",
      "\u2212(5.00)",
      "(\u22125.00)",
      "- (5.00)",
      "\u2013 5.00",
      "\u2013\u20135",
      "5.00 -",
      "5.00\u2212",
      "- 12 3456",
    ])
      expect(read(bad), bad).toBeUndefined();
  });

  it("refuses what is not an amount (ofxparse fail_nice/decimal_error.ofx `$120`)", () => {
    for (const bad of ["$120", "", " ", "1,2.3,4", "12a", "--1", "-5.00-", "()", "(-5)", "-", "5.00--"])
      expect(read(bad), bad).toBeUndefined();
  });
});

describe("#parseOfxRate", () => {
  it("reads a positive rate with either decimal mark and refuses zero and negatives", () => {
    expect(parseOfxRate("1,0828")?.text).toBe("1.0828");
    expect(parseOfxRate(".5")?.text).toBe("0.5");
    expect(parseOfxRate("0")).toBeUndefined();
    expect(parseOfxRate("-1.2")).toBeUndefined();
  });
});
