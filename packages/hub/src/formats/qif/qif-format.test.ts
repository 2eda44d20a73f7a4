import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { dateFromParts, formatMoney, type IsoDate, statementsFromJson, statementToJson } from "../../core/index.js";
import { createFormatRegistry } from "../registry.js";
import { runFormatContract } from "../test-support/format-contract.js";
import { qifFormat } from "./qif-format.js";

/** Fixtures as plain Uint8Arrays (the contract suite mutates `slice`s, which alias a Node Buffer). */
const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`fixtures/${name}`, import.meta.url)));
const registry = createFormatRegistry([qifFormat]);
const text = (s: string) => new TextEncoder().encode(s);
const parse = (name: string) => registry.parse(fixture(name), { filename: name });
const codes = (issues: readonly { code: string }[]) => issues.map((i) => i.code);

runFormatContract({
  format: qifFormat,
  samples: [
    { name: "checking-mdy.qif (Quicken, two accounts, splits, card)", bytes: fixture("checking-mdy.qif"), statements: 2 },
    { name: "girokonto-dmy.qif (D/M/Y, decimal comma)", bytes: fixture("girokonto-dmy.qif"), statements: 1 },
    { name: "sparbuch-apostrophe.qif (D28.02'2009)", bytes: fixture("sparbuch-apostrophe.qif"), statements: 1 },
    { name: "current-account-ambiguous.qif", bytes: fixture("current-account-ambiguous.qif"), statements: 1 },
    { name: "cash-1252.qif (windows-1252)", bytes: fixture("cash-1252.qif"), statements: 1 },
  ],
  others: [
    { name: "an OFX document", bytes: text("OFXHEADER:100\nDATA:OFXSGML\n\n<OFX></OFX>") },
    { name: "a BAI2 document", bytes: text("01,A,B,240101,0000,1,,,2/\n02,B,A,1,240101,,USD,2/\n") },
    { name: "a CSV export", bytes: text("Date,Amount,Payee\n01/02/2024,-1.00,Shop\n") },
  ],
});

describe("QIF fixtures", () => {
  it("reads a Quicken file with !Account blocks: one statement per account, bank and credit card, named by the account", () => {
    const parsed = parse("checking-mdy.qif");
    expect(parsed.statements.map((s) => [s.account.id, s.account.scheme, s.account.currency, s.kind, s.entries.length])).toEqual([
      ["Checking", "other", "XXX", "export", 5],
      ["Visa Rewards", "other", "XXX", "export", 3],
    ]);
    expect(parsed.issues.filter((i) => i.code === "QIF_ACCOUNT_NUMBER_MISSING").map((i) => i.details?.source)).toEqual([
      "account name",
      "account name",
    ]);
    expect(codes(parsed.issues)).toContain("QIF_CURRENCY_MISSING");
    expect(codes(parsed.issues)).not.toContain("QIF_DATE_ORDER_AMBIGUOUS");
  });

  it("reads M/D/Y dates with apostrophe years, grouped amounts, cheque numbers, addresses and categories", () => {
    const [checking, card] = parse("checking-mdy.qif").statements;
    expect(checking!.entries.map((e) => [e.bookingDate, formatMoney(e.amount)])).toEqual([
      ["2023-12-29", "2500.00"],
      ["2024-01-03", "-1234.56"],
      ["2024-01-15", "-187.43"],
      ["2024-01-20", "-320.00"],
      ["2024-01-31", "-45.00"],
    ]);
    expect(checking!.entries[1]).toMatchObject({
      references: { chequeNumber: "1042" },
      counterparty: { name: "City Properties LLC", address: ["123 Main St", "Springfield, IL 62701"] },
      remittance: { unstructured: ["January rent"] },
      bankData: { cleared: "*", category: "Rent" },
    });
    expect(checking!.entries[4]?.references).toEqual({ customerReference: "ATM" });
    expect(card!.entries.map((e) => formatMoney(e.amount))).toEqual(["-89.99", "-52.40", "500.00"]);
    expect(checking!.period).toEqual({ from: "2023-12-29", to: "2024-01-31" });
  });

  it("reads splits (S/E/$) into the entry's details, which add up to it", () => {
    const parsed = parse("checking-mdy.qif");
    const split = parsed.statements[0]!.entries[3]!;
    expect(split.details.map((d) => [formatMoney(d.amount!), d.bankData?.category, d.remittance?.unstructured])).toEqual([
      ["-220.00", "Groceries", ["Food"]],
      ["-100.00", "Household", ["Paper goods, cleaning"]],
    ]);
    expect(codes(parsed.issues)).not.toContain("QIF_SPLITS_MISMATCH");
  });

  it("reads D/M/Y dates with decimal commas, and names the account by the file name when there is no !Account", () => {
    const parsed = parse("girokonto-dmy.qif");
    const s = parsed.statements[0]!;
    expect(s.account.id).toBe("girokonto-dmy");
    expect(s.entries.map((e) => [e.bookingDate, formatMoney(e.amount)])).toEqual([
      ["2024-01-02", "-1250.00"],
      ["2024-01-15", "3420.17"],
      ["2024-01-17", "-64.90"],
      ["2024-01-28", "-1099.00"],
    ]);
    expect(s.entries[2]?.counterparty?.name).toBe("Stadtwerke München");
    expect(parsed.issues.find((i) => i.code === "QIF_ACCOUNT_NUMBER_MISSING")?.details).toEqual({
      accountId: "girokonto-dmy",
      source: "file name",
    });
  });

  it("reads `D28.02'2009` as 28 February 2009", () => {
    const s = parse("sparbuch-apostrophe.qif").statements[0]!;
    expect(s.entries.map((e) => [e.bookingDate, formatMoney(e.amount)])).toEqual([
      ["2009-02-01", "1500.00"],
      ["2009-02-28", "-19.99"],
      ["2009-03-31", "2.37"],
    ]);
  });

  it("reports QIF_DATE_ORDER_AMBIGUOUS with the order chosen when every date fits both (GnuCash PR #2308; sure #2498/#2588)", () => {
    const parsed = parse("current-account-ambiguous.qif");
    const warning = parsed.issues.find((i) => i.code === "QIF_DATE_ORDER_AMBIGUOUS");
    expect(warning).toMatchObject({ severity: "warning", details: { order: "DMY", basis: "sequence", dates: 5 } });
    expect(parsed.statements[0]!.entries.map((e) => e.bookingDate)).toEqual([
      "2024-01-02",
      "2024-01-03",
      "2024-01-05",
      "2024-01-08",
      "2024-01-10",
    ]);
  });

  it("reads dotted dates that fit both orders as day first, and says so (monthly rent is not three consecutive days)", () => {
    const text =
      "!Type:Bank\nD01.02.2024\nT-850,00\nPMiete Februar\n^\nD01.03.2024\nT-850,00\nPMiete März\n^\nD01.04.2024\nT-850,00\nPMiete April\n^\n";
    const parsed = registry.parse(new TextEncoder().encode(text), { filename: "girokonto.qif" });
    expect(parsed.statements[0]!.entries.map((e) => e.bookingDate)).toEqual(["2024-02-01", "2024-03-01", "2024-04-01"]);
    const warning = parsed.issues.find((i) => i.code === "QIF_DATE_ORDER_AMBIGUOUS");
    expect(warning).toMatchObject({ details: { order: "DMY", basis: "separator", dates: 3 } });
    expect(warning?.message).toContain("dates written with dots are day first");
  });

  it("reads CR, LF and CR LF line ends and a UTF-8 byte-order mark alike", () => {
    const lf = Buffer.from(fixture("checking-mdy.qif")).toString("latin1").replace(/\r\n?/g, "\n");
    const reference = registry.parse(new Uint8Array(Buffer.from(lf, "latin1")), { filename: "a.qif" });
    expect(reference.statements.length).toBeGreaterThan(0);
    for (const variant of [lf.replace(/\n/g, "\r"), lf.replace(/\n/g, "\r\n"), `\ufeff${lf}`]) {
      const parsed = registry.parse(new Uint8Array(Buffer.from(variant, variant.startsWith("\ufeff") ? "utf8" : "latin1")), {
        filename: "a.qif",
      });
      expect(parsed.statements.map((st) => st.entries.map((e) => [e.bookingDate, e.amount, e.counterparty?.name]))).toEqual(
        reference.statements.map((st) => st.entries.map((e) => [e.bookingDate, e.amount, e.counterparty?.name])),
      );
      expect(parsed.issues.map((i) => i.code)).toEqual(reference.issues.map((i) => i.code));
    }
  });

  it("reads a windows-1252 file's accented payees", () => {
    const parsed = parse("cash-1252.qif");
    expect(parsed.encoding).toBe("windows-1252");
    const s = parsed.statements[0]!;
    // Bytes 0x80–0x9F are windows-1252's own letters (€, –), not the C1 controls Node 20's TextDecoder makes of them.
    expect(s.entries.map((e) => e.remittance?.unstructured)).toEqual([
      ["Croissant & café crème"],
      ["Pain de campagne – 2 pièces"],
      ["Bargeld €"],
    ]);
  });

  it("refuses a file with only an investment section, reporting it as unsupported", () => {
    const parsed = parse("portfolio-invst.qif");
    expect(parsed.rejected).toMatchObject({ code: "QIF_TYPE_UNSUPPORTED", details: { type: "Invst", records: 1 } });
  });
});

describe("QIF records", () => {
  const qif = (body: string, filename?: string) =>
    registry.parse(text(body), { format: "qif", ...(filename === undefined ? {} : { filename }) });

  it("takes the caller's date order (formatOptions.dateOrder, --date-order) over the file's dates and its !Option", () => {
    const body = "!Option:MDY\n!Type:Bank\nD1/5/2024\nT1.00\n^\nD2/5/2024\nT2.00\n^\n";
    const read = (dateOrder: unknown) => registry.parse(text(body), { format: "qif", formatOptions: { dateOrder } });
    expect(read("dmy").statements[0]!.entries.map((e) => e.bookingDate)).toEqual(["2024-05-01", "2024-05-02"]);
    expect(read("MDY").statements[0]!.entries.map((e) => e.bookingDate)).toEqual(["2024-01-05", "2024-02-05"]);
    const bad = read("ydm");
    expect(bad.statements[0]!.entries.map((e) => e.bookingDate)).toEqual(["2024-01-05", "2024-02-05"]);
    expect(codes(bad.issues)).toContain("QIF_DATE_ORDER_OPTION_INVALID");
    // YMD says where the year of six-digit dates is, not the day-month order of these: the file's !Option gives it.
    expect(read("ymd").statements[0]!.entries.map((e) => e.bookingDate)).toEqual(["2024-01-05", "2024-02-05"]);
    expect(codes(read("ymd").issues)).not.toContain("QIF_DATE_ORDER_OPTION_INVALID");
  });

  it("reads six-digit dates in the order the caller chooses (formatOptions.dateOrder YMD, DMY or MDY), over what the file's dates suggest", () => {
    const read = (body: string, dateOrder?: string) => {
      const parsed = registry.parse(text(`!Type:Bank\n${body}`), {
        format: "qif",
        ...(dateOrder === undefined ? {} : { formatOptions: { dateOrder } }),
      });
      return [
        parsed.statements[0]?.entries.map((e) => e.bookingDate),
        parsed.issues.filter((i) => i.code.startsWith("QIF_DATE")).map((i) => [i.code, i.details?.order]),
      ];
    };
    // 010203, 020203: as DDMMYY a day apart, as YYMMDD a year apart. The file's dates say DDMMYY, and not surely.
    const body = "D010203\nT-1\n^\nD020203\nT-2\n^\n";
    expect(read(body)).toEqual([
      ["2003-02-01", "2003-02-02"],
      [
        ["QIF_DATE_ORDER_AMBIGUOUS", "DMY"],
        ["QIF_DATE_ORDER_AMBIGUOUS", "DMY"],
      ],
    ]);
    // The caller knows better: YYMMDD, DDMMYY or MMDDYY, and nothing is reported as in doubt.
    expect(read(body, "YMD")).toEqual([["2001-02-03", "2002-02-03"], []]);
    expect(read(body, "ymd")).toEqual([["2001-02-03", "2002-02-03"], []]);
    expect(read(body, "DMY")).toEqual([["2003-02-01", "2003-02-02"], []]);
    expect(read(body, "MDY")).toEqual([["2003-01-02", "2003-02-02"], []]);
    // A YYMMDD file the sequence already reads year first reads the same, without the warning.
    const yymmdd = "D241231\nT-1\n^\nD250102\nT-2\n^\n";
    expect(read(yymmdd)).toEqual([["2024-12-31", "2025-01-02"], [["QIF_DATE_ORDER_AMBIGUOUS", "YMD"]]]);
    expect(read(yymmdd, "YMD")).toEqual([["2024-12-31", "2025-01-02"], []]);
    // YMD leaves the day-month order of the file's other dates to its dates (here 13/01: D/M/Y).
    expect(read(`${body}D13/01/2024\nT-3\n^\nD02/03/2024\nT-4\n^\n`, "YMD")).toEqual([
      ["2001-02-03", "2002-02-03", "2024-01-13", "2024-03-02"],
      [],
    ]);
  });

  it("says when --date-order ymd met dates written with separators and two digits last, which it does not read year first", () => {
    // 24/01/15 may be YY/MM/DD (2024-01-15) as the caller says, but ymd places the year of six-digit dates only: read
    // D/M/Y as 2015-01-24. `ymd` used to be refused (USAGE) or reported as an unknown order; now it was taken silently.
    const read = (body: string, dateOrder?: string) =>
      registry.parse(text(`!Type:Bank\n${body}`), { format: "qif", ...(dateOrder === undefined ? {} : { formatOptions: { dateOrder } }) });
    const body = "D24/01/15\nT-1\n^\nD24/01/16\nT-2\n^\nD240117\nT-3\n^\n";
    const asked = read(body, "ymd");
    expect(asked.statements[0]?.entries.map((e) => e.bookingDate)).toEqual(["2015-01-24", "2016-01-24", "2024-01-17"]);
    const said = asked.issues.filter((i) => i.code === "QIF_DATE_ORDER_YMD_SEPARATED");
    expect(said.map((i) => [i.severity, i.line, i.details])).toEqual([["warning", 2, { dates: 2, date: "24/01/15", read: "2015-01-24" }]]);
    // Not without ymd, nor for a year of four digits or Quicken's 1/15'24, where the year is last beyond doubt.
    expect(codes(read(body).issues)).not.toContain("QIF_DATE_ORDER_YMD_SEPARATED");
    expect(codes(read("D15/01/2024\nT-1\n^\nD1/16'24\nT-2\n^\nD240117\nT-3\n^\n", "ymd").issues)).not.toContain(
      "QIF_DATE_ORDER_YMD_SEPARATED",
    );
  });

  it("does not advise --date-order dmy or mdy for a day-month order in doubt when the six-digit dates are read year first", () => {
    // YYMMDD dates beside D/M/Y dates that fit both orders. --date-order dmy (or !Option:DMY alone) would read 240607
    // year last, as 24 June 2007, without a word: the advice must keep the year first.
    const body = "!Type:Bank\nD240605\nT-1\n^\nD05/06/2024\nT-2\n^\nD240607\nT-3\n^\n";
    const read = (dateOrder?: string, file = body) =>
      registry.parse(text(file), { format: "qif", ...(dateOrder === undefined ? {} : { formatOptions: { dateOrder } }) });
    for (const asked of ["ymd", undefined]) {
      const parsed = read(asked);
      expect(parsed.statements[0]?.entries.map((e) => e.bookingDate)[0], String(asked)).toBe("2024-06-05");
      const doubt = parsed.issues.find((i) => i.code === "QIF_DATE_ORDER_AMBIGUOUS" && i.details?.digits === undefined);
      expect(doubt?.message, String(asked)).not.toContain("--date-order dmy or mdy");
      expect(doubt?.message, String(asked)).toContain("!Option:DMY or !Option:MDY to the file and import it with --date-order ymd");
    }
    // The advice followed: the six-digit dates stay year first, the others are read as the file's !Option says.
    expect(read("ymd", `!Option:DMY\n${body}`).statements[0]?.entries.map((e) => e.bookingDate)).toEqual([
      "2024-06-05",
      "2024-06-05",
      "2024-06-07",
    ]);
  });

  it("reports QIF_DATE_ORDER_CONTRADICTED when more six-digit dates contradict the year's place the caller or the file gives", () => {
    // An MMDDYY register read with YMD: 123124 and 011525 have no month 31 or 15, and 010225 would be 2001-02-25.
    const parsed = registry.parse(text("!Type:Bank\nD123124\nT-1\n^\nD010225\nT-2\n^\nD011525\nT-3\n^\n"), {
      format: "qif",
      formatOptions: { dateOrder: "YMD" },
    });
    expect(parsed.statements[0]?.entries.map((e) => e.bookingDate)).toEqual(["2024-12-31", "2001-02-25", "2025-01-15"]);
    const error = parsed.issues.filter((i) => i.code === "QIF_DATE_ORDER_CONTRADICTED");
    expect(error.map((i) => [i.severity, i.details])).toEqual([
      ["error", { order: "YMD", source: "caller", fitting: 0, against: 2, both: 1, digits: 6 }],
    ]);
    expect(error[0]?.message).toContain("--date-order ymd");
    expect(codes(parsed.issues).filter((c) => c === "QIF_DATE_ORDER_MIXED")).toHaveLength(2);
    // A YYMMDD register under !Option:MDY, which names the year last: 991231 and 000115 fit only year first.
    const file = qif("!Option:MDY\n!Type:Bank\nD991231\nT-1\n^\nD000115\nT-2\n^\nD050607\nT-3\n^\n");
    expect(file.statements[0]?.entries.map((e) => e.bookingDate)).toEqual(["1999-12-31", "2000-01-15", "2007-05-06"]);
    expect(file.issues.filter((i) => i.code === "QIF_DATE_ORDER_CONTRADICTED").map((i) => i.details)).toEqual([
      { order: "MDY", source: "file", fitting: 0, against: 2, both: 1, digits: 6 },
    ]);
    // As many for as against: the order stands.
    const even = registry.parse(text("!Type:Bank\nD123124\nT-1\n^\nD991231\nT-2\n^\nD010225\nT-3\n^\n"), {
      format: "qif",
      formatOptions: { dateOrder: "YMD" },
    });
    expect(codes(even.issues)).not.toContain("QIF_DATE_ORDER_CONTRADICTED");
  });

  it("reads six-digit dates (`D123124`, `D311224`, `D241231`) in the way the file's six-digit dates decide, year first or last", () => {
    const dates = (body: string) => {
      const parsed = qif(`!Type:Bank\n${body}`);
      return [
        parsed.statements[0]?.entries.map((e) => e.bookingDate),
        parsed.issues.filter((i) => i.code.startsWith("QIF_DATE")).map((i) => [i.code, i.line, i.details]),
      ];
    };
    // MMDDYY (a day above 12 is no YYMMDD month): year last, M/D/Y, nothing in doubt.
    expect(dates("D123124\nT-1\n^\nD010225\nT-2\n^\n")).toEqual([["2024-12-31", "2025-01-02"], []]);
    // DDMMYY and YYMMDD: each date also fits the other way; the sequence decides, and that is reported.
    expect(dates("D311224\nT-1\n^\nD020125\nT-2\n^\n")).toEqual([
      ["2024-12-31", "2025-01-02"],
      [["QIF_DATE_ORDER_AMBIGUOUS", undefined, { order: "DMY", basis: "sequence", dates: 2, digits: 6 }]],
    ]);
    expect(dates("D241231\nT-1\n^\nD250102\nT-2\n^\n")).toEqual([
      ["2024-12-31", "2025-01-02"],
      [["QIF_DATE_ORDER_AMBIGUOUS", undefined, { order: "YMD", basis: "sequence", dates: 2, digits: 6 }]],
    ]);
    // A date that fits only the other way is read in it and reported; one that fits none is refused.
    expect(dates("D241231\nT-1\n^\nD250102\nT-2\n^\nD250115\nT-3\n^\nD011525\nT-4\n^\nD123456\nT-5\n^\n")).toEqual([
      ["2024-12-31", "2025-01-02", "2025-01-15", "2025-01-15"],
      [
        ["QIF_DATE_ORDER_AMBIGUOUS", undefined, { order: "YMD", basis: "sequence", dates: 5, digits: 6 }],
        ["QIF_DATE_ORDER_MIXED", 11, { date: "2025-01-15", order: "MDY", fileOrder: "YMD" }],
        ["QIF_DATE_INVALID", 14, undefined],
      ],
    ]);
    // The text glued after it, as after any date.
    expect(dates("D123124Rent\nT-1\n^\n")).toEqual([["2024-12-31"], [["QIF_DATE_TEXT_IGNORED", 2, { text: "Rent", date: "2024-12-31" }]]]);
    // !Option:DMY (or --date-order) names the year last.
    expect(qif("!Option:DMY\n!Type:Bank\nD241231\nT-1\n^\nD250102\nT-2\n^\n").statements[0]?.entries.map((e) => e.bookingDate)).toEqual([
      "2031-12-24",
      "2002-01-25",
    ]);
  });

  it("recognises records without a !Type: header whose first date has text glued after it or six digits (web.qif)", () => {
    for (const body of ["D03/25/099Share Withdrawal\nT-20.00\nPShare Withdrawal\n^\n", "D123124\nT-1.00\nPShop\n^\n"]) {
      const parsed = registry.parse(text(body), {});
      const typed = registry.parse(text(`!Type:Bank\n${body}`), {});
      expect([parsed.format, parsed.statements[0]?.entries.map((e) => e.bookingDate)], body).toEqual([
        "qif",
        typed.statements[0]?.entries.map((e) => e.bookingDate),
      ]);
    }
    // Still not a CSV whose second line starts with a D and a date.
    expect(registry.detect(text("Date,Amount\nD03/25/099Share,-20.00\n^\n"))?.format.id).not.toBe("qif");
  });

  it("honours !Option:DMY over dates that would read as M/D/Y", () => {
    const parsed = qif("!Option:DMY\n!Type:Bank\nD01/02/2024\nT1.00\n^\nD03/04/2024\nT2.00\n^\n");
    expect(parsed.statements[0]!.entries.map((e) => e.bookingDate)).toEqual(["2024-02-01", "2024-04-03"]);
    expect(codes(parsed.issues)).not.toContain("QIF_DATE_ORDER_AMBIGUOUS");
  });

  it("reads a date that fits only the order most dates do not in that order, with QIF_DATE_ORDER_MIXED at its line; none is lost", () => {
    const parsed = qif(
      "!Type:Bank\nD13/01/2024\nT1.00\n^\nD14/01/2024\nT2.00\n^\nD01/15/2024\nT3.00\n^\nD02/03/2024\nT4.00\n^\nD13/13/2024\nT5.00\n^\n",
    );
    // The majority (two dates only D/M/Y against one only M/D/Y) decides 02/03, the ambiguous one: 2 March.
    expect(parsed.statements[0]!.entries.map((e) => e.bookingDate)).toEqual(["2024-01-13", "2024-01-14", "2024-01-15", "2024-03-02"]);
    expect(parsed.issues.filter((i) => i.code === "QIF_DATE_ORDER_MIXED").map((i) => [i.severity, i.line, i.message, i.details])).toEqual([
      [
        "warning",
        8,
        `date "01/15/2024" fits only M/D/Y, not D/M/Y, which 2 of the file's dates decide against 1; read as 2024-01-15. Dates that fit both orders are read D/M/Y: check those written like this one`,
        { date: "2024-01-15", order: "MDY", fileOrder: "DMY" },
      ],
    ]);
    // Only a date that fits neither order is not read.
    expect(parsed.issues.filter((i) => i.code === "QIF_DATE_INVALID").map((i) => [i.line, i.message])).toEqual([
      [14, `date "13/13/2024" is no date in either order, D/M/Y or M/D/Y; not read`],
    ]);
    expect(codes(parsed.issues)).not.toContain("QIF_DATE_ORDER_AMBIGUOUS");
    // An order the file or the caller gives is no reason to lose a date that can only be read the other way.
    const given = qif("!Option:MDY\n!Type:Bank\nD25/04/2024\nT1.00\n^\nD01/02/2024\nT2.00\n^\n");
    expect(given.statements[0]!.entries.map((e) => e.bookingDate)).toEqual(["2024-04-25", "2024-01-02"]);
    expect(given.issues.find((i) => i.code === "QIF_DATE_ORDER_MIXED")?.message).toBe(
      `date "25/04/2024" fits only D/M/Y, not M/D/Y, which the file's !Option:MDY gives; read as 2024-04-25. Dates that fit both orders are read M/D/Y: check those written like this one`,
    );
    const asked = registry.parse(text("!Type:Bank\nD01/15/2024\nT1.00\n^\n"), { format: "qif", formatOptions: { dateOrder: "dmy" } });
    expect([asked.statements[0]!.entries[0]?.bookingDate, asked.issues.find((i) => i.code === "QIF_DATE_ORDER_MIXED")?.message]).toEqual([
      "2024-01-15",
      `date "01/15/2024" fits only M/D/Y, not D/M/Y, which the caller's date order (--date-order) gives; read as 2024-01-15. Dates that fit both orders are read D/M/Y: check those written like this one`,
    ]);
  });

  it("reports QIF_DATE_ORDER_CONTRADICTED, an error, when more dates contradict the given order than confirm it", () => {
    // A UK register read with !Option:MDY (or --date-order mdy): the dates that fit both would be stored swapped.
    const uk = "!Type:Bank\nD28/12/2023\nT-1.00\n^\nD02/01/2024\nT-2.00\n^\nD15/01/2024\nT-3.00\n^\nD03/02/2024\nT-4.00\n^\n";
    for (const [body, options, source] of [
      [`!Option:MDY\n${uk}`, {}, "!Option:MDY"],
      [uk, { formatOptions: { dateOrder: "mdy" } }, "--date-order"],
    ] as const) {
      const parsed = registry.parse(text(body), { format: "qif", ...options });
      const error = parsed.issues.filter((i) => i.code === "QIF_DATE_ORDER_CONTRADICTED");
      expect(error.map((i) => [i.severity, i.line, i.details])).toEqual([
        ["error", undefined, { order: "MDY", source: source === "!Option:MDY" ? "file" : "caller", fitting: 0, against: 2, both: 2 }],
      ]);
      expect(error[0]?.message).toContain(source);
      expect(error[0]?.message).toMatch(/2 dates fit only D\/M\/Y, 0 only M\/D\/Y/);
      // The order asked for is still the one read, and each date it cannot read is still reported at its line.
      expect(parsed.statements[0]!.entries.map((e) => e.bookingDate)).toEqual(["2023-12-28", "2024-02-01", "2024-01-15", "2024-03-02"]);
      expect(codes(parsed.issues).filter((c) => c === "QIF_DATE_ORDER_MIXED")).toHaveLength(2);
    }
    // As many for as against, or more for: the order stands.
    const even = qif("!Option:MDY\n!Type:Bank\nD25/04/2024\nT1.00\n^\nD04/26/2024\nT1.00\n^\nD01/02/2024\nT2.00\n^\n");
    expect(codes(even.issues)).not.toContain("QIF_DATE_ORDER_CONTRADICTED");
    // Nothing to read wrong when no date reads differently in the two orders: the per-line warnings say it.
    const harmless = qif("!Option:MDY\n!Type:Bank\nD25/04/2024\nT1.00\n^\nD05/05/2024\nT2.00\n^\n");
    expect(codes(harmless.issues)).not.toContain("QIF_DATE_ORDER_CONTRADICTED");
    expect(codes(harmless.issues)).toContain("QIF_DATE_ORDER_MIXED");
  });

  it("reads the dates that fit both near a tie of dates fitting one order each in the order of the nearest such date", () => {
    const dates = (body: string) => qif(body).statements[0]?.entries.map((e) => e.bookingDate);
    const rec = (ds: string[]) => `!Type:Bank\n${ds.map((d) => `D${d}\nT-1.00\n^\n`).join("")}`;
    // A US monthly register with one typo (15/4) was read as May 1-4 by the sequence.
    const us = qif(rec(["1/5/2024", "2/5/2024", "3/5/2024", "4/5/2024", "4/15/2024", "15/4/2024"]));
    expect(us.statements[0]?.entries.map((e) => e.bookingDate)).toEqual([
      "2024-01-05",
      "2024-02-05",
      "2024-03-05",
      "2024-04-05",
      "2024-04-15",
      "2024-04-15",
    ]);
    expect(us.issues.filter((i) => i.code === "QIF_DATE_ORDER_MIXED").map((i) => i.line)).toEqual([17]);
    expect(us.issues.find((i) => i.code === "QIF_DATE_ORDER_AMBIGUOUS")?.details).toEqual({
      order: "MDY",
      basis: "proximity",
      dates: 6,
      against: 1,
      read: { MDY: 4, DMY: 0 },
    });
    // A UK daily register with one US-style date.
    expect(dates(rec(["01/05/2024", "02/05/2024", "03/05/2024", "13/05/2024", "05/14/2024"]))).toEqual([
      "2024-05-01",
      "2024-05-02",
      "2024-05-03",
      "2024-05-13",
      "2024-05-14",
    ]);
  });

  it("says which order a tie of two dates leaves the file in, when they are all it has", () => {
    const parsed = qif("!Type:Bank\nD13/01/2024\nT1.00\n^\nD01/14/2024\nT2.00\n^\n");
    expect(parsed.statements[0]!.entries.map((e) => e.bookingDate)).toEqual(["2024-01-13", "2024-01-14"]);
    const message = parsed.issues.find((i) => i.code === "QIF_DATE_ORDER_MIXED")?.message;
    expect(message).not.toContain("other dates");
    expect(message).toBe(
      `date "13/01/2024" fits only D/M/Y, not M/D/Y, the QIF default, as just as many of the file's dates fit only D/M/Y as only M/D/Y (1 each); read as 2024-01-13. No date of the file fits both orders and reads differently in them`,
    );
  });

  it("reads a bank web export's years since 1900 (`03/25/099` for 1999, GnuCash doc/examples/web.qif)", () => {
    const parsed = qif("!Type:Bank\nD03/25/099\nT-99.99\nPShare Withdrawal\n^\nD04/01/100\nT-1.00\n^\n");
    expect(parsed.statements[0]!.entries.map((e) => e.bookingDate)).toEqual(["1999-03-25", "2000-04-01"]);
    expect(codes(parsed.issues)).not.toContain("QIF_DATE_INVALID");
  });

  it("reads a bank web export's dates with text glued after them (`D03/25/099Share Withdrawal`), reporting the text with QIF_DATE_TEXT_IGNORED", () => {
    // GnuCash's doc/examples/web.qif: every record's date is followed by its description, the payee written again.
    const parsed = qif(
      "!Type:Bank\nD03/25/099Share Withdrawal\nT-99.99\nC*\nPShare Withdrawal\nM\n^\nD03/22/099Check Number:   200\nT-12.50\nC*\nPCheck Number:   200\nM\n^\nD13/03/099 Transfer\nT5.00\n^\n",
    );
    expect(parsed.statements[0]?.entries.map((e) => [e.bookingDate, formatMoney(e.amount), e.counterparty?.name])).toEqual([
      ["1999-03-25", "-99.99", "Share Withdrawal"],
      ["1999-03-22", "-12.50", "Check Number:   200"],
      ["1999-03-13", "5.00", undefined],
    ]);
    const ignored = parsed.issues.filter((i) => i.code === "QIF_DATE_TEXT_IGNORED");
    expect(ignored.map((i) => [i.severity, i.line, i.details])).toEqual([
      ["warning", 2, { text: "Share Withdrawal", date: "1999-03-25" }],
      ["warning", 8, { text: "Check Number:   200", date: "1999-03-22" }],
      ["warning", 14, { text: "Transfer", date: "1999-03-13" }],
    ]);
    expect(ignored[0]?.message).toBe(
      '"Share Withdrawal" written after the date 03/25/099 is not part of it and not read into the transaction; the date is read as 1999-03-25',
    );
    // The dates with text decide the order as any other: two fit only M/D/Y, so 13/03/099, which fits only D/M/Y, is
    // read day first against the file's order.
    expect(codes(parsed.issues)).not.toContain("QIF_DATE_INVALID");
    expect(codes(parsed.issues).filter((c) => c === "QIF_DATE_ORDER_MIXED")).toHaveLength(1);
    // A date with its text is a date: where the ^ before it is missing, it starts the next transaction, as any date.
    const unended = qif("!Type:Bank\nD03/25/099Share Withdrawal\nT-99.99\nM\nD03/24/099Direct Deposit\nT10.00\n^\n");
    expect(unended.statements[0]?.entries.map((e) => e.bookingDate)).toEqual(["1999-03-25", "1999-03-24"]);
    expect(unended.issues.find((i) => i.code === "QIF_RECORD_END_MISSING")?.line).toBe(5);
    // After a memo with words, a D line with text is that memo's next line (GnuCash Android keeps a memo's line
    // breaks): the old reading, which a date would lose to a record without amount (review).
    const memo = qif("!Type:Bank\nD01/05/2024\nT-20.00\nPShop\nMReturned item, refund expected\nD01/12/2024 per receipt\n^\n");
    expect(memo.statements[0]?.entries.map((e) => [e.bookingDate, formatMoney(e.amount), e.remittance?.unstructured])).toEqual([
      ["2024-01-05", "-20.00", ["Returned item, refund expected", "D01/12/2024 per receipt"]],
    ]);
    expect(codes(memo.issues)).toContain("QIF_FIELD_CONTINUED");
    expect(codes(memo.issues)).not.toContain("QIF_RECORD_END_MISSING");
  });

  it("still refuses a date whose year runs on in digits, or whose text follows without a space or a letter", () => {
    const parsed = qif("!Type:Bank\nD1/1/20245\nT-1.00\n^\nD1/1/20245 Rent\nT-2.00\n^\nD1/1/2024-Rent\nT-3.00\n^\nD1/2/2024\nT-4.00\n^\n");
    expect(parsed.statements[0]?.entries.map((e) => e.bookingDate)).toEqual(["2024-01-02"]);
    expect(codes(parsed.issues).filter((c) => c === "QIF_DATE_INVALID")).toHaveLength(3);
    expect(codes(parsed.issues)).not.toContain("QIF_DATE_TEXT_IGNORED");
  });

  it("says QIF_DATE_ORDER_AMBIGUOUS when as many dates fit only D/M/Y as only M/D/Y: the order of the others is a guess", () => {
    // One date each way; the rest, consecutive days of January read day first, decide by their sequence.
    const parsed = qif(
      "!Type:Bank\nD13/01/2024\nT1.00\n^\nD02/01/2024\nT2.00\n^\nD03/01/2024\nT3.00\n^\nD04/01/2024\nT4.00\n^\nD01/14/2024\nT5.00\n^\n",
    );
    expect(parsed.statements[0]!.entries.map((e) => e.bookingDate)).toEqual([
      "2024-01-13",
      "2024-01-02",
      "2024-01-03",
      "2024-01-04",
      "2024-01-14",
    ]);
    const warning = parsed.issues.find((i) => i.code === "QIF_DATE_ORDER_AMBIGUOUS");
    expect([warning?.message, warning?.details]).toEqual([
      "as many dates fit only D/M/Y as only M/D/Y (1 each), so each of the other 3 is read in the order of the nearest of them in the file (exports pasted together come in blocks): 3 as D/M/Y, 0 as M/D/Y. Import with --date-order dmy or mdy, or add !Option:DMY or !Option:MDY to the file, to decide otherwise",
      { order: "DMY", basis: "proximity", dates: 5, against: 1, read: { MDY: 0, DMY: 3 } },
    ]);
    expect(codes(parsed.issues).filter((c) => c === "QIF_DATE_ORDER_MIXED")).toHaveLength(1);
  });

  it("reads old Quicken's Y2K years (`1/ 1/100`, `12/31/19100`) in the order the file's other dates decide, and recognises such a file", () => {
    const mdy = qif("!Type:Bank\nD12/30/99\nT-1.00\n^\nD1/ 1/100\nT-2.00\n^\nD1/ 2'100\nT-3.00\n^\nD2/ 3/19100\nT-4.00\n^\n");
    expect(mdy.statements[0]!.entries.map((e) => e.bookingDate)).toEqual(["1999-12-30", "2000-01-01", "2000-01-02", "2000-02-03"]);
    expect(codes(mdy.issues)).toEqual(["QIF_ACCOUNT_NUMBER_MISSING", "QIF_CURRENCY_MISSING"]);
    const dmy = qif("!Type:Bank\nD30/12/99\nT-1.00\n^\nD1/ 1/100\nT-2.00\n^\nD2/ 1/100\nT-3.00\n^\nD3/ 2/19100\nT-4.00\n^\n");
    expect(dmy.statements[0]!.entries.map((e) => e.bookingDate)).toEqual(["1999-12-30", "2000-01-01", "2000-01-02", "2000-02-03"]);
    // A day above 12 in a Y2K date decides the order as any other.
    const decided = qif("!Type:Bank\nD1/ 2/100\nT-1.00\n^\nD25/ 2/105\nT-2.00\n^\n");
    expect(decided.statements[0]!.entries.map((e) => e.bookingDate)).toEqual(["2000-02-01", "2005-02-25"]);
    // Without any header, as the first record of a file: still QIF.
    const bare = registry.parse(text("D12/31/19100\nT-1.00\nPShop\n^\n"), { filename: "old.qif" });
    expect([bare.format, bare.statements[0]?.entries[0]?.bookingDate]).toEqual(["qif", "2000-12-31"]);
    expect(registry.parse(text("D1/ 1/100\nT-1.00\n^\n"), {}).format).toBe("qif");
  });

  it("reads 8-digit dates without separators (MMDDYYYY, DDMMYYYY, YYYYMMDD) in the file's order, saying when it is a guess", () => {
    const dates = (body: string) => qif(body).statements[0]?.entries.map((e) => e.bookingDate);
    expect(dates("!Type:Bank\nD01152024\nT-1.00\n^\nD02012024\nT-2.00\n^\n")).toEqual(["2024-01-15", "2024-02-01"]);
    expect(dates("!Type:Bank\nD15012024\nT-1.00\n^\nD01022024\nT-2.00\n^\n")).toEqual(["2024-01-15", "2024-02-01"]);
    expect(dates("!Type:Bank\nD20240115\nT-1.00\n^\nD20240201\nT-2.00\n^\n")).toEqual(["2024-01-15", "2024-02-01"]);
    // Mixed with separated dates, one decision for all.
    expect(dates("!Type:Bank\nD01022024\nT-1.00\n^\nD25/02/2024\nT-2.00\n^\n")).toEqual(["2024-02-01", "2024-02-25"]);
    const guess = qif("!Type:Bank\nD01022024\nT-1.00\n^\nD01032024\nT-2.00\n^\n");
    expect(guess.issues.find((i) => i.code === "QIF_DATE_ORDER_AMBIGUOUS")?.details).toMatchObject({ dates: 2 });
    expect(codes(guess.issues)).not.toContain("QIF_DATE_INVALID");
    const bare = registry.parse(text("D12312023\nT-1.00\nPShop\n^\n"), {});
    expect([bare.format, bare.statements[0]?.entries[0]?.bookingDate]).toEqual(["qif", "2023-12-31"]);
  });

  it("reports a record without an amount or date and one whose splits do not add up", () => {
    const parsed = qif("!Type:Bank\nPNo amount\nD01/15/2024\n^\nT5.00\n^\nD01/16/2024\nT-10.00\nSA\n$-4.00\nSB\n$-5.00\n^\n");
    expect(codes(parsed.issues)).toEqual(expect.arrayContaining(["QIF_AMOUNT_INVALID", "QIF_DATE_INVALID", "QIF_SPLITS_MISMATCH"]));
    expect(parsed.statements[0]!.entries).toHaveLength(1);
  });

  it("uses U when T is missing, and keeps unknown field letters as bank data", () => {
    const parsed = qif("!Type:CCard\nD01/15/2024\nU-7.25\nFreimbursable\nXextra\n^\n");
    expect(parsed.statements[0]!.entries[0]).toMatchObject({ bankData: { F: "reimbursable", X: "extra" } });
    expect(formatMoney(parsed.statements[0]!.entries[0]!.amount)).toBe("-7.25");
  });

  it("reads U where T wrapped past 2^31 cents (Quicken, GnuCash bug 798085) or is empty or unreadable, else T", () => {
    const read = (fields: string) => {
      const parsed = qif(`!Type:Bank\nD1/15'21\n${fields}^\n`);
      return [
        parsed.statements[0]?.entries.map((e) => formatMoney(e.amount)),
        codes(parsed.issues).filter((c) => c.startsWith("QIF_AMOUNT")),
      ];
    };
    expect(read("T-21,449,672.96\nU21,500,000.00\n")).toEqual([["21500000.00"], ["QIF_AMOUNTS_DIFFER"]]);
    expect(read("T\nU-12.50\n")).toEqual([["-12.50"], []]);
    expect(read("Tabc\nU-12.50\n")).toEqual([["-12.50"], []]);
    // The same amount written two ways is no difference; any other difference is no wrap, and T stays (review).
    expect(read("T-1,000.00\nU-1000.00\n")).toEqual([["-1000.00"], []]);
    expect(read("T-12.50\nU12.50\n")).toEqual([["-12.50"], ["QIF_AMOUNTS_DIFFER"]]);
    expect(read("T-12.50\nU-12.05\n")).toEqual([["-12.50"], ["QIF_AMOUNTS_DIFFER"]]);
    expect(read("T-21,449,672.96\nU21500000\n")).toEqual([["21500000"], ["QIF_AMOUNTS_DIFFER"]]);
  });

  it("reads transactions written inside an !Account block without a !Type: header, keeping the account's name", () => {
    const lost = qif(
      "!Type:Bank\nD01/02/2024\nT-10.00\nPRent\n^\n!Account\nD01/03/2024\nT-20.00\nPGroceries\n^\nD01/04/2024\nT-30.00\nPFuel\n^\n",
      "export.qif",
    );
    expect(lost.statements.flatMap((s) => s.entries.map((e) => e.counterparty?.name))).toEqual(["Rent", "Groceries", "Fuel"]);
    expect(codes(lost.issues)).toContain("QIF_TYPE_MISSING");
    const named = qif("!Account\nNSavings\nTBank\n^\nD01/03/2024\nT-20.00\n^\n!Type:Bank\nD01/04/2024\nT-30.00\n^\n");
    expect(named.statements.map((s) => [s.account.id, s.entries.map((e) => formatMoney(e.amount))])).toEqual([
      ["Savings", ["-20.00", "-30.00"]],
    ]);
    // Account records themselves are still accounts: a description and a type word are no transaction.
    const accounts = qif("!Account\nNVisa\nTCCard\nDMy card\n^\n!Type:CCard\nD01/04/2024\nT-5.00\n^\n");
    expect(accounts.statements.map((s) => s.account.id)).toEqual(["Visa"]);
    expect(codes(accounts.issues)).not.toContain("QIF_TYPE_MISSING");
  });

  it("does not give transactions after !Clear:AutoSwitch the last account of the list before it (Quicken, GnuCash's reader)", () => {
    // Between !Option:AutoSwitch and !Clear:AutoSwitch, !Account records list the file's accounts; only an !Account
    // after the list says which account the transactions that follow belong to.
    const list = "!Option:AutoSwitch\n!Account\nNChecking\nTBank\n^\nNVisa\nTCCard\n^\n";
    const txn = "!Type:Bank\nD01/15/2024\nT-10.00\n^\n";
    const ids = (body: string) => qif(body, "export.qif").statements.map((s) => s.account.id);
    expect(ids(`${list}!Clear:AutoSwitch\n${txn}`)).toEqual(["export"]);
    expect(ids(`${list}!Clear:AutoSwitch\n!Account\nNChecking\nTBank\n^\n${txn}`)).toEqual(["Checking"]);
    // An account named before the list stays the account after it, as in GnuCash.
    expect(ids(`!Account\nNSavings\nTBank\n^\n${list}!Clear:AutoSwitch\n${txn}`)).toEqual(["Savings"]);
    // A list never cleared (some exporters) ends at the !Type: header, whose transactions take the last account listed.
    expect(ids(`${list}${txn}`)).toEqual(["Visa"]);
    // Without AutoSwitch, the last of several !Account records names the account, as before.
    expect(ids(`!Account\nNChecking\nTBank\n^\nNSavings\nTBank\n^\n${txn}`)).toEqual(["Savings"]);
  });

  it("reads amounts in the currency formatOptions.currency gives, XXX (no currency) being one (review)", () => {
    const read = (currency: string) =>
      registry.parse(text("!Type:Bank\nD1/15/2024\nT-12.50\n^\n"), { format: "qif", formatOptions: { currency } });
    expect(read("eur").statements[0]?.entries[0]?.amount.currency).toBe("EUR");
    expect(codes(read("XXX").issues)).not.toContain("QIF_CURRENCY_OPTION_INVALID");
    expect(codes(read("EURO").issues)).toEqual(expect.arrayContaining(["QIF_CURRENCY_OPTION_INVALID", "QIF_CURRENCY_MISSING"]));
  });

  it("reads transactions before any !Type: header as a bank account, with a warning", () => {
    const parsed = qif("!Option:MDY\nD01/15/2024\nT1.00\n^\n");
    expect(codes(parsed.issues)).toContain("QIF_TYPE_MISSING");
    expect(parsed.statements).toHaveLength(1);
  });

  it("skips list sections (categories) with a warning and still reads the bank section", () => {
    const parsed = qif("!Type:Cat\nNFood\nE\n^\n!Type:Bank\nD01/15/2024\nT1.00\n^\n", "x.qif");
    expect(parsed.issues.find((i) => i.code === "QIF_TYPE_UNSUPPORTED")?.severity).toBe("warning");
    expect(parsed.statements.map((s) => s.account.id)).toEqual(["x"]);
  });

  it("reads an account's Opening Balance record (a transfer to itself) as its opening balance, naming the account by it", () => {
    // KMyMoney, Grisbi, Quicken and MS Money write the balance as the account's first record, with the account
    // itself as the transfer category; KMyMoney fills it with the balance on the day before the export's range.
    const opening = "!Type:Bank\nD01.03.2024\nT12.345,67\nCX\nPOpening Balance\nL[Girokonto]\n^\n";
    const parsed = qif(`${opening}D04.03.2024\nT-54,20\nPREWE\nLGroceries\n^\n`, "export.qif");
    const s = parsed.statements[0]!;
    expect([s.account.id, s.account.name, s.period, s.entries.map((e) => formatMoney(e.amount))]).toEqual([
      "Girokonto",
      "Girokonto",
      { from: "2024-03-01", to: "2024-03-04" },
      ["-54.20"],
    ]);
    expect(s.openingBalance).toEqual({ type: "openingBooked", amount: { minor: 1234567n, scale: 2, currency: "XXX" }, date: "2024-03-01" });
    expect(parsed.issues.find((i) => i.code === "QIF_ACCOUNT_NUMBER_MISSING")?.details).toEqual({
      accountId: "Girokonto",
      source: "opening balance",
    });
    // Under an !Account of the same name too; a transfer to another account, or a later record, stays a movement.
    const named = qif(`!Account\nNGirokonto\nTBank\n^\n${opening}`);
    expect([named.statements[0]!.openingBalance?.date, named.statements[0]!.entries.length]).toEqual(["2024-03-01", 0]);
    const other = qif(`!Account\nNSparbuch\nTBank\n^\n${opening}`);
    expect([other.statements[0]!.openingBalance, other.statements[0]!.entries.length]).toEqual([undefined, 1]);
    const later = qif(`!Type:Bank\nD29.02.2024\nT-1,00\nPShop\n^\n${opening.slice("!Type:Bank\n".length)}`);
    expect([later.statements[0]!.openingBalance, later.statements[0]!.entries.length]).toEqual([undefined, 2]);
    // A German export's `Anfangssaldo`: by its name without an !Account, and by the transfer to the account's own
    // name whatever the payee under one (GnuCash's reader); another payee without a name to compare stays a movement.
    const german = opening.replace("Opening Balance", "Anfangssaldo");
    expect(qif(german).statements[0]!.openingBalance?.amount.minor).toBe(1234567n);
    const anyPayee = qif(`!Account\nNGirokonto\nTBank\n^\n${opening.replace("Opening Balance", "Übertrag")}`);
    expect([anyPayee.statements[0]!.openingBalance?.date, anyPayee.statements[0]!.entries.length]).toEqual(["2024-03-01", 0]);
    const unnamed = qif(opening.replace("Opening Balance", "Übertrag"));
    expect([unnamed.statements[0]!.openingBalance, unnamed.statements[0]!.entries.length]).toEqual([undefined, 1]);
  });

  it("reads Oth A and Oth L sections (other asset and liability accounts) like bank ones, and skips Tag lists", () => {
    const parsed = qif(
      "!Type:Tag\nNVacation\nDTrip\n^\n!Account\nNHome Loan\nTOth L\n^\n!Type:Oth L\nD1/ 5'24\nT1,250.00\nPMortgage payment\nL[Checking]\n^\n!Account\nNCar\nTOth A\n^\n!Type:Oth A\nD1/ 6'24\nT-300.00\nPDepreciation\n^\n",
    );
    expect(parsed.statements.map((s) => [s.account.id, s.entries.map((e) => [e.bookingDate, formatMoney(e.amount)])])).toEqual([
      ["Home Loan", [["2024-01-05", "1250.00"]]],
      ["Car", [["2024-01-06", "-300.00"]]],
    ]);
    expect(parsed.issues.filter((i) => i.code === "QIF_TYPE_UNSUPPORTED").map((i) => [i.severity, i.details])).toEqual([
      ["warning", { type: "Tag", records: 1 }],
    ]);
  });

  it("continues a section at a !Type: header that repeats its type (GnuCash Pocket writes one before every transaction)", () => {
    const t = (day: string, amount: string) => `!Type:Bank\nD2025/3/${day}\nT${amount}\n^\n`;
    const parsed = qif(`!Account\nNChecking\nTBank\n^\n${t("1", "-1.00")}${t("2", "2.00")}!type:bank\nD2025/3/3\nT3.00\n^\n`);
    expect(parsed.statements.map((s) => [s.account.id, s.entries.length])).toEqual([["Checking", 3]]);
    // A different type, or a new !Account, is a new statement.
    const two = qif(
      `${t("1", "-1.00")}!Type:CCard\nD2025/3/2\nT2.00\n^\n!Account\nNSavings\n^\n${t("3", "3.00")}${t("4", "4.00")}`,
      "f.qif",
    );
    expect(two.statements.map((s) => [s.account.id, s.entries.length])).toEqual([
      ["f:Bank", 1],
      ["f:CCard", 1],
      ["Savings", 2],
    ]);
  });

  it("keeps two single-account exports put one after the other apart: a repeated header that opens with an opening balance", () => {
    const exported = (account: string, opening: string, day: string) =>
      `!Type:Bank\nD2025/3/1\nT${opening}\nPOpening Balance\nL[${account}]\n^\nD2025/3/${day}\nT-1.00\nPShop\n^\n`;
    const parsed = qif(exported("Checking", "100.00", "2") + exported("Savings", "500.00", "3"));
    expect(
      parsed.statements.map((s) => [s.account.id, s.openingBalance && formatMoney(s.openingBalance.amount), s.entries.length]),
    ).toEqual([
      ["Checking", "100.00", 1],
      ["Savings", "500.00", 1],
    ]);
  });

  it("keeps a memo line that starts with D and a word that only starts like a month as memo text (review)", () => {
    const parsed = qif("!Type:Bank\nD12/01/2024\nT-10.00\nMNote for\nDagobert 12 24\n^\n");
    expect(parsed.statements[0]?.entries.map((e) => e.remittance?.unstructured)).toEqual([["Note for", "Dagobert 12 24"]]);
  });

  it("reads a memo written with its line breaks (GnuCash Android, MyExpenses) as lines of the memo, where a line cannot be a field", () => {
    const parsed = qif(
      "!Type:Bank\nD08/21/2024\nT-10.00\nPBakery\nMBread\nDelivered to office\nTotal incl. tip\n(see receipt)\nCheese and wine\nRent share\nCX\n^\nD08/22/2024\nT-2.00\nPCafe\nMLatte\nD08/23/2024\nT-3.00\n^\n",
    );
    const [bakery, cafe, next] = parsed.statements[0]!.entries;
    expect(bakery?.remittance?.unstructured).toEqual([
      "Bread",
      "Delivered to office",
      "Total incl. tip",
      "(see receipt)",
      "Cheese and wine",
      "Rent share",
    ]);
    expect([formatMoney(bakery!.amount), bakery?.bankData]).toEqual(["-10.00", { cleared: "X" }]);
    // A D that is a date still begins the next transaction (its ^ missing), whatever text came before it.
    expect([cafe?.remittance?.unstructured, next?.bookingDate]).toEqual([["Latte"], "2024-08-23"]);
    // One issue per transaction.
    expect(parsed.issues.filter((i) => i.code === "QIF_FIELD_CONTINUED").map((i) => [i.line, i.details])).toEqual([[6, { lines: 5 }]]);
  });

  it("leaves out Quicken's blank split row and reads two E lines of one split as its memo's lines", () => {
    const parsed = qif(
      "!Type:Bank\nD1/20/2024\nT-320.00\nSGroceries\n$-220.00\nS\n$0.00\nSHousehold\n$-100.00\n^\nD1/22/2024\nT-30.00\nSFood\nEmemo1\nEmemo2\n$-30.00\n^\n",
    );
    const [costco, food] = parsed.statements[0]!.entries;
    expect(costco?.details.map((d) => [d.amount && formatMoney(d.amount), d.bankData?.category])).toEqual([
      ["-220.00", "Groceries"],
      ["-100.00", "Household"],
    ]);
    expect(food?.details.map((d) => [d.amount && formatMoney(d.amount), d.bankData?.category, d.remittance?.unstructured])).toEqual([
      ["-30.00", "Food", ["memo1", "memo2"]],
    ]);
    expect(codes(parsed.issues)).not.toContain("QIF_SPLITS_MISMATCH");
  });

  it("reads a file of one header per transaction in linear time, and reports repeated unsupported headers once", () => {
    const n = 50_000;
    const body = Array.from({ length: n }, (_, i) => `!Type:Bank\nD2025/3/${(i % 28) + 1}\nT-1.00\nPShop ${i}\n^\n`).join("");
    const started = performance.now();
    const parsed = qif(`!Account\nNChecking\nTBank\n^\n${body}`);
    // Quadratic merging took 26 s for 40,000 transactions (and overflowed the stack at 150,000).
    expect(performance.now() - started).toBeLessThan(5000);
    expect(parsed.statements.map((s) => [s.account.id, s.entries.length])).toEqual([["Checking", n]]);
    // A payee with a long run of spaces: a backtracking pattern took 14.6 s for 120,000 of them.
    const spaced = performance.now();
    const payee = qif(`!Type:Bank\nD2025/3/1\nT-1.00\nPA${" ".repeat(120_000)}B\n^\n`);
    expect(performance.now() - spaced).toBeLessThan(2000);
    expect(payee.statements[0]!.entries[0]!.counterparty?.name?.length).toBe(120_002);
    const invst = qif("!Type:Invst\nD1/1/2024\n^\n!Type:Invst\nD1/2/2024\n^\n!Type:Invst\nD1/3/2024\n^\n!Type:Bank\nD1/4/2024\nT1\n^\n");
    expect(invst.issues.filter((i) => i.code === "QIF_TYPE_UNSUPPORTED").map((i) => [i.line, i.details])).toEqual([
      [1, { type: "Invst", records: 3 }],
    ]);
  });

  it("gives sections without a name different account ids, by type and then by number", () => {
    const parsed = qif("!Type:Bank\nD2025/3/1\nT1.00\n^\n!Type:CCard\nD2025/3/1\nT2.00\n^\n!Type:Bank\nD2025/3/1\nT3.00\n^\n", "mix.qif");
    expect(parsed.statements.map((s) => s.account.id)).toEqual(["mix:Bank", "mix:CCard", "mix:Bank#2"]);
  });

  it("reads a transaction without T or U as its splits added up, with QIF_AMOUNT_FROM_SPLITS (GnuCash Android)", () => {
    const parsed = qif("!Type:Cash\nD2025/2/28\nPPizza\nM\nSLiabilities:Visa\n$70.47\nSTip\n$5.03\n^\nD2025/2/27\nPNothing\nSA\n^\n");
    expect(parsed.statements[0]!.entries.map((e) => [formatMoney(e.amount), e.details.length])).toEqual([["75.50", 2]]);
    expect(parsed.issues.filter((i) => i.code.startsWith("QIF_AMOUNT")).map((i) => [i.code, i.line, i.details])).toEqual([
      ["QIF_AMOUNT_FROM_SPLITS", 2, { splits: 2, amount: "75.50" }],
      // A split without an amount adds up to nothing: the transaction is not read.
      ["QIF_AMOUNT_INVALID", 10, undefined],
    ]);
  });

  it("reads `!type bank`, a space for the colon, as the section header, and recognises such a file", () => {
    const body = "!type  bank\nD15/01/2024\nT-12,50\nPBoulangerie\n^\n";
    expect(qifFormat.sniff({ text: body, head: text(body) })).toBeGreaterThan(0.5);
    const parsed = registry.parse(text(body), {});
    expect([parsed.format, parsed.statements[0]?.entries.length, codes(parsed.issues)]).toEqual([
      "qif",
      1,
      ["QIF_ACCOUNT_NUMBER_MISSING", "QIF_CURRENCY_MISSING"],
    ]);
  });

  it("names the account QIF when there is neither an !Account name nor a file name", () => {
    const parsed = qif("!Type:Bank\nD01/15/2024\nT1.00\n^\n");
    expect(parsed.statements[0]!.account.id).toBe("QIF");
  });

  it("ends a record at a second D when its ^ is missing, keeping both transactions, with QIF_RECORD_END_MISSING at that line", () => {
    const parsed = qif("!Type:Bank\nD1/15/2024\nT-1\nPA\nD1/16/2024\nT-2\nPB\n^\n");
    expect(parsed.statements[0]!.entries.map((e) => [e.bookingDate, formatMoney(e.amount), e.counterparty?.name, e.source?.line])).toEqual([
      ["2024-01-15", "-1", "A", 2],
      ["2024-01-16", "-2", "B", 5],
    ]);
    expect(parsed.issues.filter((i) => i.code === "QIF_RECORD_END_MISSING")).toEqual([
      expect.objectContaining({ severity: "warning", line: 5 }),
    ]);
    expect(codes(parsed.issues)).not.toContain("QIF_FIELD_REPEATED");
  });

  it("reports a repeated T, U or P without a new D as QIF_FIELD_REPEATED at its line and keeps the first value", () => {
    const parsed = qif("!Type:Bank\nD1/15/2024\nT-1.00\nU-1.00\nPA\nT-2.00\nU-2.00\nPB\n^\n");
    const [entry] = parsed.statements[0]!.entries;
    expect([formatMoney(entry!.amount), entry!.counterparty?.name]).toEqual(["-1.00", "A"]);
    expect(parsed.issues.filter((i) => i.code === "QIF_FIELD_REPEATED").map((i) => [i.severity, i.line, i.details?.field])).toEqual([
      ["warning", 6, "T"],
      ["warning", 7, "U"],
      ["warning", 8, "P"],
    ]);
  });

  it("does not report fields QIF repeats by design (address lines, splits) or a line written twice", () => {
    const parsed = qif("!Type:Bank\nD1/15/2024\nT-10.00\nT-10.00\nPA\nA1 Main St\nASpringfield\nSFood\nElunch\n$-6.00\nSHome\n$-4.00\n^\n");
    expect(parsed.statements[0]!.entries[0]?.counterparty?.address).toEqual(["1 Main St", "Springfield"]);
    expect(parsed.statements[0]!.entries[0]?.details).toHaveLength(2);
    expect(codes(parsed.issues)).not.toContain("QIF_FIELD_REPEATED");
    expect(codes(parsed.issues)).not.toContain("QIF_RECORD_END_MISSING");
  });

  it("reports QIF_DECIMAL_MARK_AMBIGUOUS once, and reads with the default ., when every amount fits both marks", () => {
    const parsed = qif("!Type:Bank\nD15.01.2024\nT-1.000\n^\nD16.01.2024\nT-2.500\n^\nD17.01.2024\nT-3\n^\n");
    expect(parsed.issues.filter((i) => i.code === "QIF_DECIMAL_MARK_AMBIGUOUS")).toEqual([
      expect.objectContaining({ severity: "warning", details: { mark: ".", amounts: 2 } }),
    ]);
    expect(parsed.statements[0]!.entries.map((e) => formatMoney(e.amount))).toEqual(["-1.000", "-2.500", "-3"]);
  });

  it("reads 12,50 as 12.50 in a file of 10.00 and 20.00, and still reports QIF_DECIMAL_MARK_MIXED", () => {
    const parsed = qif("!Type:Bank\nD1/15/2024\nT10.00\n^\nD1/16/2024\nT20.00\n^\nD1/17/2024\nT12,50\n^\n");
    expect(parsed.statements[0]!.entries.map((e) => formatMoney(e.amount))).toEqual(["10.00", "20.00", "12.50"]);
    expect(parsed.issues.find((i) => i.code === "QIF_DECIMAL_MARK_MIXED")?.details).toEqual({ mark: "." });
    expect(codes(parsed.issues)).not.toContain("QIF_DECIMAL_MARK_AMBIGUOUS");
  });
});

describe("QIF date order, property", () => {
  type Txn = { date: IsoDate; cents: number };
  const txn = fc
    .record({
      y: fc.integer({ min: 1970, max: 2069 }),
      m: fc.integer({ min: 1, max: 12 }),
      d: fc.integer({ min: 1, max: 28 }),
      cents: fc.integer({ min: -10_000_000, max: 10_000_000 }),
    })
    .map(({ y, m, d, cents }): Txn => ({ date: dateFromParts(y, m, d) as IsoDate, cents }));
  const style = fc.record({
    order: fc.constantFrom("MDY" as const, "DMY" as const),
    separator: fc.constantFrom("/", ".", "-"),
    twoDigitYear: fc.boolean(),
    apostrophe: fc.boolean(),
    comma: fc.boolean(),
    option: fc.boolean(),
  });

  type Style = { order: "MDY" | "DMY"; separator: string; twoDigitYear: boolean; apostrophe: boolean; comma: boolean; option: boolean };

  function write(txns: readonly Txn[], s: Style): string {
    const lines = s.option ? [`!Option:${s.order}`, "!Type:Bank"] : ["!Type:Bank"];
    for (const t of txns) {
      const [y, m, d] = t.date.split("-") as [string, string, string];
      const first = s.order === "MDY" ? m : d;
      const second = s.order === "MDY" ? d : m;
      // Quicken's apostrophe only ever stands before years from 2000 on.
      const apostrophe = s.apostrophe && Number(y) >= 2000;
      const year = s.twoDigitYear ? y.slice(2) : y;
      const amount = (t.cents / 100).toFixed(2);
      lines.push(
        `D${first}${s.separator}${second}${apostrophe ? "'" : s.separator}${year}`,
        `T${s.comma ? amount.replace(".", ",") : amount}`,
        "^",
      );
    }
    return `${lines.join("\n")}\n`;
  }

  it("reads random transactions back with the right dates and amounts whenever a date or !Option decides the order", () => {
    fc.assert(
      fc.property(fc.array(txn, { minLength: 1, maxLength: 30 }), style, (txns, s) => {
        // A day above 12 can only be read one way; without one, only !Option decides.
        fc.pre(s.option || txns.some((t) => Number(t.date.slice(8)) > 12));
        const parsed = registry.parse(text(write(txns, s)), { format: "qif" });
        const entries = parsed.statements[0]?.entries ?? [];
        expect(entries.map((e) => e.bookingDate)).toEqual(txns.map((t) => t.date));
        expect(entries.map((e) => (e.amount.minor * 100n) / 10n ** BigInt(e.amount.scale))).toEqual(txns.map((t) => BigInt(t.cents)));
        expect(codes(parsed.issues)).not.toContain("QIF_DATE_ORDER_AMBIGUOUS");
      }),
      { numRuns: 300 },
    );
  });

  it("reads every date of a file mixing both orders right when each has a day above 12, reporting those of the minority", () => {
    const big = txn.filter((t) => Number(t.date.slice(8)) > 12);
    fc.assert(
      fc.property(fc.array(fc.tuple(big, fc.boolean()), { minLength: 1, maxLength: 30 }), (rows) => {
        const body = rows.map(([t, dayFirst]) => {
          const [y, m, d] = t.date.split("-") as [string, string, string];
          return `D${dayFirst ? `${d}/${m}` : `${m}/${d}`}/${y}\nT${(t.cents / 100).toFixed(2)}\n^`;
        });
        const parsed = registry.parse(text(`!Type:Bank\n${body.join("\n")}\n`), { format: "qif" });
        expect(parsed.statements[0]?.entries.map((e) => e.bookingDate)).toEqual(rows.map(([t]) => t.date));
        const dayFirst = rows.filter(([, f]) => f).length;
        const minority = Math.min(dayFirst, rows.length - dayFirst);
        expect(parsed.issues.filter((i) => i.code === "QIF_DATE_ORDER_MIXED")).toHaveLength(minority);
        expect(codes(parsed.issues)).not.toContain("QIF_DATE_INVALID");
      }),
      { numRuns: 200 },
    );
  });

  it("says QIF_DATE_ORDER_AMBIGUOUS, and reads every date in one order, when every date fits both", () => {
    const small = txn.filter((t) => Number(t.date.slice(8)) <= 12);
    fc.assert(
      fc.property(fc.array(small, { minLength: 1, maxLength: 20 }), style, (txns, s) => {
        fc.pre(!s.option);
        const parsed = registry.parse(text(write(txns, s)), { format: "qif" });
        const warning = parsed.issues.find((i) => i.code === "QIF_DATE_ORDER_AMBIGUOUS");
        // Unless every date reads the same in both orders (`05/05`): then there is nothing to say.
        const same = txns.every((t) => t.date.slice(5, 7) === t.date.slice(8));
        expect(warning === undefined).toBe(same);
        if (same) return;
        const swap = (d: IsoDate) => `${d.slice(0, 4)}-${d.slice(8)}-${d.slice(5, 7)}`;
        const got = parsed.statements[0]!.entries.map((e) => e.bookingDate);
        const asWritten = txns.map((t) => t.date);
        expect(warning?.details?.order === s.order ? got : got.map((d) => swap(d as IsoDate))).toEqual(asWritten);
      }),
      { numRuns: 200 },
    );
  });

  it("only returns valid canonical statements for QIF made of random lines", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.constantFrom("D", "T", "U", "P", "M", "N", "C", "L", "S", "E", "$", "%", "A", "^", "!Type:", "!Account", "!Option:"),
            fc.string({ maxLength: 12 }),
          ),
          { maxLength: 40 },
        ),
        (lines) => {
          const parsed = registry.parse(text(lines.map(([c, v]) => c + v).join("\n")), { format: "qif" });
          const json = JSON.parse(JSON.stringify(parsed.statements.map(statementToJson))) as unknown;
          expect(statementsFromJson(json).issues).toEqual([]);
        },
      ),
      { numRuns: 300 },
    );
  });
});
