import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { type Entry, formatMoney } from "../../core/index.js";
import { createFormatRegistry } from "../registry.js";
import { bai2Format } from "./bai2-format.js";
import { parseBai2 } from "./parse-bai2.js";

const context = { format: "bai2", encoding: "utf-8" };
/** For the integrity checks, which the registry runs after the parser. */
const registry = createFormatRegistry([bai2Format]);

/** A file with one GBP account holding `records` (16s and 88s), without trailers: these tests look at entries. */
function account(records: readonly string[], header = "03,0975312468,GBP,010,500000,,,190,70000000,4,0/") {
  return parseBai2(
    ["01,122099999,123456789,040621,0200,1,,,2/", "02,031001234,122099999,1,040620,2359,GBP,2/", header, ...records].join("\n"),
    context,
  );
}

function entries(records: readonly string[]): readonly Entry[] {
  return account(records).statements[0]?.entries ?? [];
}

describe("#parseBai2 funds types (moov-io/bai2 #53, ministryofjustice/bai2 #7)", () => {
  it("reads funds types 0, 1, 2 and Z with no further fields, and keeps references and text", () => {
    const [e0, e1, z] = entries([
      "16,165,1500000,0,DD1620,,DEALER PAYMENTS",
      "16,165,1500000,1,DD1621,CUST9,DEALER PAYMENTS",
      "16,165,1500000,Z,DD1622,,DEALER PAYMENTS",
    ]);
    expect(e0).toMatchObject({ fundsCode: "0", valueDate: "2004-06-20", references: { bankReference: "DD1620" } });
    expect(e1).toMatchObject({ fundsCode: "1", valueDate: undefined, references: { bankReference: "DD1621", customerReference: "CUST9" } });
    expect(z?.fundsCode).toBe("Z");
    expect(e0?.remittance?.unstructured).toEqual(["DEALER PAYMENTS"]);
  });

  it("reads S with its three availability amounts before the references (upstream test_continuation_record)", () => {
    const [e] = entries([
      "16,115,10000000,S,5000000,4000000,1000000/",
      "88,AX13612,B096132,AMALGAMATED CORP. LOCKBOX",
      "88,DEPOSIT-MISC. RECEIVABLES",
    ]);
    expect(formatMoney(e!.amount)).toBe("100000.00");
    expect(e?.bankData).toEqual({ availability: "0:50000.00;1:40000.00;>1:10000.00" });
    expect(e?.references).toEqual({ bankReference: "AX13612", customerReference: "B096132" });
    expect(e?.remittance?.unstructured).toEqual(["AMALGAMATED CORP. LOCKBOX", "DEPOSIT-MISC. RECEIVABLES"]);
  });

  it("reads V with its value date and time (upstream test_value_dated_availability)", () => {
    const [e] = entries(["16,191,001,V,150715,2340,1234567890,RP12312312312312/", "88,FR:FP SIP INCOMING"]);
    expect(e).toMatchObject({ fundsCode: "V", valueDate: "2015-07-15", valueDateTime: "2015-07-15T23:40" });
    expect(e?.references).toEqual({ bankReference: "1234567890", customerReference: "RP12312312312312" });
  });

  it("reads D with a distribution list of any length (upstream test_distributed_availability)", () => {
    const [e] = entries(["16,191,005,D,2,1,001,2,004,1234567890,RP12312312312312/", "88,FR:FP SIP INCOMING"]);
    expect(formatMoney(e!.amount)).toBe("0.05");
    expect(e?.bankData).toEqual({ availability: "1:0.01;2:0.04" });
    expect(e?.references?.bankReference).toBe("1234567890");
  });

  it("reports an unknown funds type and reads the rest of the record as if it had none", () => {
    const parsed = account(["16,165,1500000,X,DD1620,,DEALER PAYMENTS"]);
    expect(parsed.statements[0]?.entries[0]?.references?.bankReference).toBe("DD1620");
    expect(parsed.issues.map((i) => i.code)).toContain("BAI2_FUNDS_TYPE_INVALID");
  });

  it("refuses a D distribution count beyond what a record can hold instead of reading on", () => {
    const parsed = account(["16,165,100,D,999999,1,5/"]);
    expect(parsed.issues.find((i) => i.code === "BAI2_FUNDS_TYPE_INVALID")?.message).toContain("999999");
  });
});

describe("#parseBai2 type codes and amounts", () => {
  it("signs by the type code range: 142 credit, 451 debit; 890 is information; 252 Debit Reversal is a reversal", () => {
    const [credit, debit, info, reversal] = entries(["16,142,1000,0,,,", "16,451,2000,0,,,", "16,890,0,,,,NOTE", "16,252,300,0,,,"]);
    expect([credit, debit, info, reversal].map((e) => [formatMoney(e!.amount), e!.status, e!.reversal])).toEqual([
      ["10.00", "booked", false],
      ["-20.00", "booked", false],
      ["0.00", "information", false],
      ["3.00", "booked", true],
    ]);
    expect(debit?.description).toBe("ACH Debit Received");
  });

  it("never lets a signed detail amount turn a debit code into a credit: the sign is reported and not applied", () => {
    const parsed = account(["16,475,-500,Z/", "16,142,+700,Z/"]);
    expect(parsed.statements[0]?.entries.map((e) => formatMoney(e.amount))).toEqual(["-5.00", "7.00"]);
    expect(parsed.issues.filter((i) => i.code === "BAI2_AMOUNT_SIGNED").map((i) => [i.severity, i.details?.typeCode])).toEqual([
      ["warning", "475"],
    ]);
  });

  it("keeps bank-specific codes 706, 708 and 829 as proprietary information entries with a warning, never with a guessed sign", () => {
    const parsed = account(["16,706,100,,,,", "16,708,200,,,,", "16,829,300,,,,"]);
    const es = parsed.statements[0]!.entries;
    expect(es.map((e) => [e.bankTransactionCode?.proprietary, e.status, formatMoney(e.amount)])).toEqual([
      [{ code: "706", issuer: "122099999" }, "information", "1.00"],
      [{ code: "708", issuer: "122099999" }, "information", "2.00"],
      [{ code: "829", issuer: "122099999" }, "information", "3.00"],
    ]);
    expect(parsed.issues.filter((i) => i.code === "BAI2_TYPE_CODE_UNKNOWN")).toHaveLength(3);
  });

  it("reads amounts by the currency's implied decimals: KWD has three, JPY none", () => {
    const kwd = parseBai2(
      ["01,A,B,240101,0000,1,,,2/", "02,B,A,1,240101,,KWD,2/", "03,1,,010,1234567,,/", "16,142,1500,0,,,"].join("\n"),
      context,
    );
    expect(formatMoney(kwd.statements[0]!.openingBalance!.amount)).toBe("1234.567");
    expect(formatMoney(kwd.statements[0]!.entries[0]!.amount)).toBe("1.500");
    const jpy = parseBai2(["01,A,B,240101,0000,1,,,2/", "02,B,A,1,240101,,,2/", "03,1,JPY,010,1234567,,/"].join("\n"), context);
    expect(formatMoney(jpy.statements[0]!.openingBalance!.amount)).toBe("1234567");
  });

  it("defaults the currency to USD when neither the group nor the account states one (upstream test_default_currency)", () => {
    const parsed = parseBai2(["01,A,B,240101,0000,1,,,2/", "02,B,A,1,240101,,,2/", "03,1,,010,100,,/"].join("\n"), context);
    expect(parsed.statements[0]?.account.currency).toBe("USD");
  });

  it("skips an account in an unknown currency with an error, and reads the next one", () => {
    const parsed = parseBai2(
      [
        "01,A,B,240101,0000,1,,,2/",
        "02,B,A,1,240101,,,2/",
        "03,1,ZZZ,010,100,,/",
        "16,142,5,0,,,",
        "49,105,3/",
        "03,2,EUR,010,100,,/",
        "49,100,2/",
        "98,205,2,7/",
        "99,205,1,9/",
      ].join("\n"),
      context,
    );
    expect(parsed.statements.map((s) => s.account.id)).toEqual(["2"]);
    expect(parsed.issues.map((i) => i.code)).toEqual(["BAI2_CURRENCY_UNKNOWN"]);
  });

  it("reports an amount that is not an integer and skips that entry only", () => {
    const parsed = account(["16,142,12.50,0,,,", "16,142,1250,0,,,"]);
    expect(parsed.statements[0]?.entries).toHaveLength(1);
    expect(parsed.issues.map((i) => i.code)).toContain("BAI2_AMOUNT_INVALID");
  });

  it("reads a detail without an amount as information of 0: silently for an 890 note, with BAI2_AMOUNT_MISSING for a code that moves money", () => {
    // The amount of a 16 may be defaulted (JD Edwards' record 16 reference: optional); banks send 890 notes so.
    const parsed = account(["16,890,,,,,ACCOUNT WILL BE CLOSED ON 240401", "16,195,,,W1,,/", "16,195,5000,,W2,,/"]);
    expect(parsed.statements[0]?.entries.map((e) => [formatMoney(e.amount), e.status, e.remittance?.unstructured])).toEqual([
      ["0.00", "information", ["ACCOUNT WILL BE CLOSED ON 240401"]],
      ["0.00", "information", undefined],
      ["50.00", "booked", undefined],
    ]);
    const amounts = parsed.issues.filter((i) => i.code.startsWith("BAI2_AMOUNT"));
    expect(amounts.map((i) => [i.code, i.line, i.details])).toEqual([["BAI2_AMOUNT_MISSING", 5, { typeCode: "195" }]]);
  });
});

describe("#parseBai2 record structure", () => {
  it("reads `88:` as a continuation (a typo in a bank's sample, moov-io/bai2 #105), keeping the 88 after it", () => {
    const [e] = entries(["16,255,931,,SC1,,Check Return", "88:EREF: 07370568132", "88,CRNM: Test Inc."]);
    expect(e?.remittance?.unstructured).toEqual(["Check Return", "EREF: 07370568132", "CRNM: Test Inc."]);
  });

  it("closes an account sent as summaries only (no 16 records) over its stated credit and debit totals", () => {
    const file = (closing: string) =>
      registry.parse(
        new TextEncoder().encode(
          [
            "01,BANK,CUST,240315,0600,1,,,2/",
            "02,CUST,BANK,1,240314,2400,USD,2/",
            `03,111,USD,010,100000,,,015,${closing},,,100,80000,3,,400,30000,2,/`,
            `49,${210000 + Number(closing)},2/`,
            `98,${210000 + Number(closing)},1,4/`,
            `99,${210000 + Number(closing)},1,6/`,
          ].join("\n"),
        ),
        { format: "bai2" },
      );
    const fine = file("150000");
    expect([fine.statements[0]?.entries.length, fine.statements[0]?.summary?.credits?.count, fine.issues]).toEqual([0, 3, []]);
    expect(file("150001").issues.map((i) => [i.code, i.details?.statedNet])).toEqual([["BALANCE_MISMATCH", "500.00"]]);
  });

  it("reads repeated summary tuples continued over several 88 records (moov-io/bai2 #54)", () => {
    const parsed = parseBai2(
      [
        "01,A,B,240101,0000,1,,,2/",
        "02,B,A,1,240101,1200,USD,2/",
        "03,1,,010,100,,,/",
        "88,015,300,,,/",
        "88,030,250,,/",
        "88,045,200,,,060,150,,,/",
        "16,142,200,0,,,",
      ].join("\n"),
      context,
    );
    const s = parsed.statements[0]!;
    expect([s.openingBalance?.type, s.closingBalance?.type]).toEqual(["openingBooked", "closingBooked"]);
    expect(s.balances.map((b) => [b.type, formatMoney(b.amount), b.dateTime])).toEqual([
      ["interimBooked", "2.50", "2024-01-01T12:00"],
      ["closingAvailable", "2.00", undefined],
      ["interimAvailable", "1.50", "2024-01-01T12:00"],
    ]);
  });

  it("ends a field at the end of its line when a continuation follows without `/` (no field but the text is split)", () => {
    const parsed = parseBai2(
      [
        "01,A,B,240101,0000,1,,,2/",
        "02,B,A,1,240101,1200,USD,2/",
        "03,1,USD,010",
        "88,1000,,/",
        "16,115,10000000,S,5000000,4000000,1000000",
        "88,AX13612,B096132,TEXT ONE",
        "88,TEXT TWO",
        "16,142,200,0,REF2,CUST2",
        "88,FREE TEXT",
        "16,142,300,0,REF3,",
        "88,CUST3,MORE TEXT",
      ].join("\n"),
      context,
    );
    const s = parsed.statements[0]!;
    expect(s.openingBalance && formatMoney(s.openingBalance.amount)).toBe("10.00");
    const [lockbox, second, third] = s.entries;
    expect(lockbox?.bankData).toEqual({ availability: "0:50000.00;1:40000.00;>1:10000.00" });
    expect(lockbox?.references).toEqual({ bankReference: "AX13612", customerReference: "B096132" });
    expect(lockbox?.remittance?.unstructured).toEqual(["TEXT ONE", "TEXT TWO"]);
    expect(second?.references).toEqual({ bankReference: "REF2", customerReference: "CUST2" });
    expect(second?.remittance?.unstructured).toEqual(["FREE TEXT"]);
    // A line that ends with `,` leaves its last field to the continuation.
    expect(third?.references).toEqual({ bankReference: "REF3", customerReference: "CUST3" });
    expect(third?.remittance?.unstructured).toEqual(["MORE TEXT"]);
    expect(parsed.issues.map((i) => i.code)).not.toContain("BAI2_FUNDS_TYPE_INVALID");
  });

  it("reads records with and without the / terminator and with or without a trailing comma", () => {
    const parsed = parseBai2(
      [
        "01,A,B,240101,0000,1,,,2",
        "02,B,A,1,240101,,USD,2",
        "03,1,USD,010,100,,,015,300,,",
        "16,142,200,0,,,",
        "49,600,3",
        "98,600,1,5",
        "99,600,1,7",
      ].join("\r\n"),
      context,
    );
    expect(parsed.issues).toEqual([]);
    expect(formatMoney(parsed.statements[0]!.closingBalance!.amount)).toBe("3.00");
  });

  it("checks every trailer's control total and record count, and reports each one that disagrees", () => {
    const file = (account: string, group: string, trailer: string) =>
      parseBai2(
        [
          "01,A,B,240101,0000,1,,,2/",
          "02,B,A,1,240101,,USD,2/",
          "03,1,USD,010,100,,,015,300,,/",
          "16,142,200,0,,,/",
          account,
          group,
          trailer,
        ].join("\n"),
        context,
      );
    expect(file("49,600,3/", "98,600,1,5/", "99,600,1,7/").issues).toEqual([]);
    const wrong = file("49,601,4/", "98,599,1,6/", "99,602,2,8/");
    const found = wrong.issues.map((i) => [i.code, i.line]);
    // Each trailer is checked against what it covers as the trailers below it state it (the group against its
    // accounts' 49s, the file against its groups' 98s), so one wrong total is reported once, where it is.
    expect(found).toEqual([
      ["CONTROL_TOTAL_MISMATCH", 5],
      ["RECORD_COUNT_MISMATCH", 5],
      ["CONTROL_TOTAL_MISMATCH", 6],
      ["RECORD_COUNT_MISMATCH", 6],
      ["CONTROL_TOTAL_MISMATCH", 7],
      ["RECORD_COUNT_MISMATCH", 7],
      ["RECORD_COUNT_MISMATCH", 7],
    ]);
    // The entries are kept: a disagreeing trailer is reported, nothing is dropped.
    expect(wrong.statements[0]?.entries).toHaveLength(1);
    // A total or count that is written but unreadable is said, not passed over as if it agreed; an empty one is not.
    const unreadable = file("49,6.00,X/", "98,1.5,one,two/", "99,ABC,,/");
    expect(unreadable.issues.map((i) => [i.code, i.line, i.details?.field])).toEqual([
      ["BAI2_TRAILER_INVALID", 5, "control total"],
      ["BAI2_TRAILER_INVALID", 5, "record count"],
      ["BAI2_TRAILER_INVALID", 6, "control total"],
      ["BAI2_TRAILER_INVALID", 6, "account count"],
      ["BAI2_TRAILER_INVALID", 6, "record count"],
      ["BAI2_TRAILER_INVALID", 7, "control total"],
    ]);
    // Spaces around a field and a `+` before a count are read, and the check made (review).
    expect(file("49,600,3 /", "98,600 ,1,+5/", "99, 600,1,7/").issues).toEqual([]);
    expect(file("49,600,4 /", "98,600 ,1,+5/", "99, 600,1,7/").issues.map((i) => i.code)).toEqual(["RECORD_COUNT_MISMATCH"]);
  });

  it("ends a record at a doubled delimiter: `500//` is the amount 500, `USD//` the currency", () => {
    const parsed = parseBai2(
      [
        "01,A,B,240101,0000,1,,,2/",
        "02,B,A,1,240101,,USD,2/",
        "03,1,USD//",
        "16,142,200//",
        "16,142,100,Z//",
        "49,300,4//",
        "98,300,1,6//",
        "99,300,1,8//",
      ].join("\n"),
      context,
    );
    expect(parsed.issues.map((i) => i.code)).toEqual([]);
    expect(parsed.statements[0]?.entries.map((e) => [formatMoney(e.amount), e.fundsCode])).toEqual([
      ["2.00", undefined],
      ["1.00", "Z"],
    ]);
  });

  it("reads a blocked file (records padded to the length its 01 declares, no line ends) as the same file in lines", () => {
    const lines = readFileSync(new URL("fixtures/operating-accounts.bai2", import.meta.url), "latin1");
    const records = lines.split(/\r?\n/).filter((l) => l !== "");
    const block = (length: number, end = "") =>
      records.map((l, i) => (i === 0 ? l.replace(/^((?:[^,]*,){6})[^,]*/, `$1${length}`) : l).padEnd(length, " ")).join("") + end;
    const expected = parseBai2(lines, context);
    for (const [length, end, before] of [
      [80, "", ""],
      [80, "\r\n", ""],
      [120, "", ""],
      [80, "", "\n  "],
    ] as const) {
      const read = parseBai2(before + block(length, end), context);
      expect(read.issues, `${length}`).toEqual(expected.issues);
      expect(read.statements, `${length}`).toEqual(expected.statements);
    }
    // Without a declared length, or with one the records do not keep, it is one long line, as before: refused.
    expect(parseBai2(records.map((l) => l.padEnd(80, " ")).join(""), context).rejected).toBeDefined();
  });

  it("reads records run together on one line, only a / between them (some banks send one long line), as the same file in lines", () => {
    const lines = readFileSync(new URL("fixtures/operating-accounts.bai2", import.meta.url), "latin1");
    const records = lines.split(/\r?\n/).filter((l) => l !== "");
    const expected = parseBai2(lines, context);
    /** The statements without their line numbers: the file has one line. */
    const unlined = (x: unknown) => JSON.stringify(x, (k, v) => (k === "source" ? undefined : typeof v === "bigint" ? `${v}` : v));
    for (const end of ["", "\r\n"]) {
      const read = parseBai2(records.map((l) => (l.endsWith("/") ? l : `${l}/`)).join("") + end, context);
      expect(unlined(read.statements)).toBe(unlined(expected.statements));
      expect(read.issues.map((i) => [i.code, i.message])).toEqual([
        ["BAI2_RECORDS_RUN_TOGETHER", expect.stringContaining("run together")],
        ...expected.issues.map((i) => [i.code, i.message]),
      ]);
      expect(read.issues.every((i) => i.line === 1)).toBe(true);
    }
    // `bankbridge parse --format auto` recognises it.
    expect(registry.parse(new TextEncoder().encode(records.map((l) => (l.endsWith("/") ? l : `${l}/`)).join(""))).format).toBe("bai2");
  });

  it("tells records run together on one line apart: each entry, statement and issue has its record's `line:column` as path", () => {
    const text =
      "01,A,B,240101,0000,1,,,2/02,B,A,1,240101,,USD,2/03,1,USD,010,100,,/16,195,1500,Z,R1,,X/16,475,200,0,R2,,CHECK/49,9999,4/98,1800,1,6/99,1800,1,8/";
    /** The record a path points at: its code and comma. */
    const at = (path: string | undefined) => {
      const [line, column] = (path ?? "").split(":").map(Number);
      return line === 1 && column !== undefined && column > 0 ? text.slice(column - 1, column + 2) : `no position: ${path}`;
    };
    const read = parseBai2(text, context);
    const statement = read.statements[0];
    expect([statement?.source?.line, at(statement?.source?.path)]).toEqual([1, "03,"]);
    expect(statement?.entries.map((e) => [e.source?.line, e.source?.path, at(e.source?.path)])).toEqual([
      [1, "1:68", "16,"],
      [1, "1:88", "16,"],
    ]);
    // The account's and the group's control totals do not add up: each at its trailer's column.
    expect(read.issues.map((i) => [i.code, i.line, i.path === undefined ? undefined : at(i.path)])).toEqual([
      ["BAI2_RECORDS_RUN_TOGETHER", 1, undefined],
      ["CONTROL_TOTAL_MISMATCH", 1, "49,"],
      ["CONTROL_TOTAL_MISMATCH", 1, "98,"],
    ]);
    // An account that ends without its trailer is reported where it starts, its 03.
    const cut = parseBai2("01,A,B,240101,0000,1,,,2/02,B,A,1,240101,,USD,2/03,1,USD,010,100,,/16,195,1500,Z,R1,,X/03,2,USD/", context);
    expect(cut.issues.filter((i) => i.code === "BAI2_TRAILER_MISSING").map((i) => i.path)).toEqual(["1:49", "1:88", "1:26", "1:1"]);
  });

  it("keeps a / and what follows it in a 16's text when no record of the shape that may follow a detail starts there", () => {
    const head = "01,A,B,240101,0000,1,,,2/02,B,A,1,240101,,USD,2/03,1,USD,010,0,,/";
    const read = parseBai2(
      `${head}16,195,1500,Z,R1,,INV 2024/16, PAID/03,99/16,475,200,0,R2,,CHECK/49,1700,4/98,1700,1,6/99,1700,1,8/`,
      context,
    );
    expect(read.statements[0]?.entries.map((e) => [e.amount.minor, e.remittance?.unstructured])).toEqual([
      [1500n, ["INV 2024/16, PAID/03,99"]],
      [-200n, ["CHECK"]],
    ]);
    expect(read.issues.map((i) => i.code)).toEqual(["BAI2_RECORDS_RUN_TOGETHER"]);
  });

  it("ends a 16's text at a trailer with blank totals, or an account without balances, in records run together", () => {
    // Trailers with blank control totals (ministryofjustice/bai2 account_trailer_amount_blank_example.bai2) and an 03
    // with its account alone: in a 16's text they were no record, so the 49, the next account and the trailers
    // became the entry's text ("TEXT/49,,3/03,54321,/49,,2"), and account 54321 was lost.
    const head = "01,1111,testco,210101,0101,1,,,2/02,testco,1111,1,210101,2359,USD,2/03,12345,/";
    const read = parseBai2(`${head}16,195,1500,Z,R1,,TEXT/49,,3/03,54321,/16,195,200,Z,R2,,MORE/03,777,/49,,2/98,,3,9/99,,1,11/`, context);
    expect(read.statements.map((s) => [s.account.id, s.entries.map((e) => e.remittance?.unstructured)])).toEqual([
      ["12345", [["TEXT"]]],
      ["54321", [["MORE"]]],
      ["777", []],
    ]);
    expect(read.issues.map((i) => i.code)).toEqual(["BAI2_RECORDS_RUN_TOGETHER", "BAI2_TRAILER_MISSING"]);
  });

  it("numbers the lines of records run together on several lines as the file's, with CR LF line ends too", () => {
    const lines = [
      "01,A,B,240101,0000,1,,,2/02,B,A,1,240101,,USD,2/",
      "03,1,USD,010,100,,/16,195,1500,Z,R1,,X/",
      "16,475,200,0,R2,,CHECK/49,9999,4/",
      "98,1800,1,6/99,1800,1,8/",
    ];
    for (const eol of ["\n", "\r\n", "\r"]) {
      const read = parseBai2(lines.join(eol) + eol, context);
      // The 49 (line 3) and the 98 (line 4) do not add up.
      expect(
        read.issues.map((i) => [i.code, i.line, i.path]),
        JSON.stringify(eol),
      ).toEqual([
        ["BAI2_RECORDS_RUN_TOGETHER", 1, undefined],
        ["CONTROL_TOTAL_MISMATCH", 3, "3:24"],
        ["CONTROL_TOTAL_MISMATCH", 4, "4:1"],
      ]);
      // Columns count from each line's start.
      expect(read.statements[0]?.entries.map((e) => e.source?.path)).toEqual(["2:20", "3:1"]);
    }
  });

  it("does not join a record that simply has 80 characters to the next 88 when the file declares no record length", () => {
    const head = (length = "") => [`01,A,B,240101,0000,1,${length},,2/`, "02,B,A,1,240101,,USD,2/"];
    // An 03 of exactly 80 characters whose last item is complete (funds type 0), the next item in an 88: read as two
    // fields, not as funds type "0045" with the 045 item lost (it was, with CONTROL_TOTAL_MISMATCH).
    const pad = (record: string, to: number) => record.replace("ACCT", "1".repeat(to - record.length + 4));
    const acct = pad("03,ACCT,USD,010,500000,,,015,600000,,,040,550000,,0", 80);
    const tail = ["88,045,560000,,/", "49,2210000,3/", "98,2210000,1,5/", "99,2210000,1,7/"];
    const read = parseBai2([...head(), acct, ...tail].join("\n"), context);
    // No BAI2_FUNDS_TYPE_INVALID, and the control total, which counts the 045 item, checks.
    expect([acct.length, read.issues, read.statements[0]?.closingBalance?.amount.minor]).toEqual([80, [], 600000n]);
    // A file that declares 80 says its records are cut there: an amount cut at column 80 goes on in the 88.
    const cut = pad("03,ACCT,USD,010,500000,,,015,600000,,,040,5500", 80);
    const declared = parseBai2([...head("80"), cut, "88,00,,0,045,560000,,/", ...tail.slice(1)].join("\n"), context);
    expect(declared.issues).toEqual([]);
  });

  it("keeps a 16's text lines apart after one of exactly 80 characters in a file whose lines run past 80 (not cut at 80)", () => {
    const text = (first: string) => {
      const line = `16,195,100000,Z,BANKREF0001,CUSTREF0001,${"PAYMENT FROM ACME CORPORATION FOR INVOICE 77".slice(0, 80 - 40)}`;
      const read = parseBai2(
        [...["01,A,B,240101,0000,1,,,2/", "02,B,A,1,240101,,USD,2/", "03,1,USD,010,0,,/"], first, line, "88,SECOND LINE"].join("\n"),
        context,
      );
      return [line.length, read.statements[0]?.entries.at(-1)?.remittance?.unstructured];
    };
    const long = `16,195,1,Z,R,,${"A LONG TEXT LINE ".repeat(6)}`;
    expect(text(long)).toEqual([80, ["PAYMENT FROM ACME CORPORATION FOR INVOIC", "SECOND LINE"]]);
    // With no line past 80, it may be cut at column 80 (NatWest): it goes on without a space, as before.
    expect(text("16,195,1,Z,R,,SHORT")).toEqual([80, ["PAYMENT FROM ACME CORPORATION FOR INVOICSECOND LINE"]]);
  });

  it("keeps commas inside the text of a 16 record", () => {
    const [e] = entries(["16,195,100,0,REF1,CUST1,PAYMENT FROM SMITH, JONES & CO, INVOICE 7"]);
    expect(e?.remittance?.unstructured).toEqual(["PAYMENT FROM SMITH, JONES & CO, INVOICE 7"]);
  });

  it("reports missing trailers at the end of a cut-off file and keeps what was read", () => {
    const parsed = account(["16,142,100,0,,,"]);
    expect(parsed.statements[0]?.entries).toHaveLength(1);
    expect(parsed.issues.filter((i) => i.code === "BAI2_TRAILER_MISSING")).toHaveLength(3);
  });

  it("reports records out of place: a 16 before any account, an orphan 88, an unknown record code", () => {
    const parsed = parseBai2(
      ["88,ORPHAN", "16,142,100,0,,,", "77,WHAT", "01,A,B,240101,0000,1,,,2/", "02,B,A,1,240101,,USD,2/", "03,1,,010,1,,/"].join("\n"),
      context,
    );
    expect(parsed.issues.map((i) => [i.code, i.line])).toEqual([
      ["BAI2_RECORD_UNEXPECTED", 1],
      ["BAI2_RECORD_UNEXPECTED", 2],
      ["BAI2_RECORD_INVALID", 3],
      ["BAI2_TRAILER_MISSING", 6],
      ["BAI2_TRAILER_MISSING", 5],
      ["BAI2_TRAILER_MISSING", 4],
    ]);
  });

  it("reads BTRS version 3 (BTR3) without a version warning: no currency in 02, the 03's own, real-time payment codes", () => {
    const parsed = parseBai2(
      [
        "01,122099999,123456789,150623,0200,1,,,3/",
        "02,,122099999,1,150622,,,2/",
        "03,0975312468,GBP,010,500000,,,015,650000,,,159,250000,1,,459,100000,1,,/",
        "16,158,250000,0,RTP1,,INSTANT CREDIT",
        "16,458,100000,0,RTP2,,INSTANT DEBIT",
        "49,1850000,4/",
        "98,1850000,1,6/",
        "99,1850000,1,8/",
      ].join("\n"),
      context,
    );
    // The real-time totals are named; like the other totals beside 100 and 400 they are not statement totals.
    expect(parsed.issues.map((i) => [i.code, i.details?.items])).toEqual([
      ["BAI2_SUMMARY_NOT_MAPPED", ["159 Total Real Time Payment Credits: 2500.00", "459 Total Real Time Payment Debits: 1000.00"]],
    ]);
    const s = parsed.statements[0];
    expect(s?.account.currency).toBe("GBP");
    expect(s?.entries.map((e) => [formatMoney(e.amount), e.description, e.bankTransactionCode?.proprietary?.issuer])).toEqual([
      ["2500.00", "Real Time Payment Credit", "BAI"],
      ["-1000.00", "Real Time Payment Debit", "BAI"],
    ]);
  });

  it("says when a BTR3 account states no currency, which that version requires, and reads it as USD", () => {
    const parsed = parseBai2(
      [
        "01,A,B,150623,0200,1,,,3/",
        "02,,A,1,150622,,,2/",
        "03,11112222,,015,123456,,/",
        "49,123456,2/",
        "98,123456,1,4/",
        "99,123456,1,6/",
      ].join("\n"),
      context,
    );
    expect(parsed.issues.map((i) => i.code)).toEqual(["BAI2_CURRENCY_ASSUMED"]);
    expect(parsed.statements[0]?.account.currency).toBe("USD");
  });

  it("leaves the balances of a balances-only account unchecked instead of calling them a mismatch", () => {
    const parsed = registry.parse(
      Buffer.from(
        [
          "01,A,B,150623,0200,1,,,2/",
          "02,B,A,1,150622,,USD,2/",
          "03,1,,010,100000,,,015,250000,,/",
          "49,350000,2/",
          "98,350000,1,4/",
          "99,350000,1,6/",
        ].join("\n"),
      ),
      { format: "bai2" },
    );
    expect(parsed.issues.map((i) => i.code)).toEqual(["BALANCE_UNCHECKED"]);
  });

  it("warns about a version other than 2 and a group marked for deletion, and reads them anyway", () => {
    const parsed = parseBai2(
      ["01,A,B,240101,0000,1,,,1/", "02,B,A,2,240101,,USD,2/", "03,1,,010,1,,/", "49,1,2/", "98,1,1,4/", "99,1,1,6/"].join("\n"),
      context,
    );
    expect(parsed.issues.map((i) => i.code)).toEqual(["BAI2_VERSION_UNSUPPORTED", "BAI2_GROUP_STATUS"]);
    expect(parsed.statements).toHaveLength(1);
  });

  it("lists only the first hundred issues of one kind and counts the rest", () => {
    const parsed = account(Array.from({ length: 150 }, () => "16,142,x,0,,,"));
    const invalid = parsed.issues.filter((i) => i.code === "BAI2_AMOUNT_INVALID");
    expect(invalid).toHaveLength(101);
    expect(invalid[100]?.details).toEqual({ omitted: 50 });
  });
});

/** Records between a file and group header and their trailers, as one document. */
function file(records: readonly string[]): string {
  return ["01,A,B,240101,0000,1,,,2/", "02,B,A,1,240101,,USD,2/", ...records].join("\n");
}

describe("#parseBai2 control totals (gap list: BAI2 record 49 sums every amount of the account's 03, 16 and 88 records)", () => {
  it("counts a 03 amount whose type code is blank in the account total, and lists it instead of dropping it", () => {
    // The X9 BAI2 validator's sample: `03,123456789,USD,,100000,,/`, and the trailers sum it.
    const parsed = parseBai2(file(["03,123456789,USD,,100000,,/", "49,100000,2/", "98,100000,1,4/", "99,100000,1,6/"]), context);
    expect(parsed.issues.map((i) => [i.code, i.details?.items])).toEqual([["BAI2_SUMMARY_NOT_MAPPED", ["no type code: 1000.00"]]]);
    expect(parsed.statements.map((s) => s.account.id)).toEqual(["123456789"]);
  });

  it("counts a blank-coded amount of an 88 continuation, and of a 16 (kept as information), in the totals the group and file check", () => {
    const records = (account: string, group: string, trailer: string) =>
      file(["03,1,USD,010,500,,/", "88,,700,,/", "16,142,200,0,,,", "16,,300,0,,,", account, group, trailer]);
    // 500 + 700 + 200 + 300: where the 49 states no total the group sums the computed one, and likewise the file.
    for (const doc of [
      records("49,1700,5/", "98,1700,1,7/", "99,1700,1,9/"),
      records("49,,5/", "98,1700,1,7/", "99,1700,1,9/"),
      records("49,,5/", "98,,1,7/", "99,1700,1,9/"),
    ]) {
      const parsed = parseBai2(doc, context);
      expect(parsed.issues.map((i) => i.code).filter((c) => c === "CONTROL_TOTAL_MISMATCH")).toEqual([]);
      expect(parsed.issues.map((i) => i.code)).toEqual(["BAI2_TYPE_CODE_UNKNOWN", "BAI2_SUMMARY_NOT_MAPPED"]);
      expect(parsed.statements[0]?.entries.map((e) => [e.amount.minor, e.status])).toEqual([
        [200n, "booked"],
        [300n, "information"],
      ]);
    }
    // And a total that leaves the blank-coded amounts out is a mismatch, at the level that states it.
    const wrong = parseBai2(records("49,,5/", "98,700,1,7/", "99,700,1,9/"), context);
    expect(wrong.issues.filter((i) => i.code === "CONTROL_TOTAL_MISMATCH").map((i) => [i.details?.level, i.details?.computed])).toEqual([
      ["group", "1700"],
    ]);
  });

  it("reads a 03 of blank items only (`03,1,USD,,,,/`) as no item at all", () => {
    const parsed = parseBai2(file(["03,1,USD,,,,/", "49,0,2/", "98,0,1,4/", "99,0,1,6/"]), context);
    expect(parsed.issues).toEqual([]);
    expect(parsed.statements).toHaveLength(1);
  });
});

describe("#parseBai2 files with nothing to report (gap list)", () => {
  const empty = (version: string) => ["01,A,B,240101,0000,1,,,", version, "/\n99,0,0,2/\n"].join("");

  it("reads an 01 and 99 with no group as zero statements, with a warning and no refusal", () => {
    const parsed = parseBai2(empty("2"), context);
    expect(parsed.rejected).toBeUndefined();
    expect(parsed.statements).toEqual([]);
    expect(parsed.issues.map((i) => [i.severity, i.code])).toEqual([["warning", "BAI2_FILE_EMPTY"]]);
  });

  it("reads a group with no account (01, 02, 98, 99) the same way", () => {
    const parsed = parseBai2(["01,A,B,240101,0000,1,,,2/", "02,B,A,1,240101,,USD,2/", "98,0,0,2/", "99,0,1,4/"].join("\n"), context);
    expect([parsed.rejected, parsed.statements, parsed.issues.map((i) => i.code)]).toEqual([undefined, [], ["BAI2_FILE_EMPTY"]]);
  });

  it("reads a BTRS version 3 file whose 01 says BTR3 as version 3, empty or not", () => {
    const parsed = parseBai2(empty("BTR3"), context);
    expect([parsed.rejected, parsed.issues.map((i) => i.code)]).toEqual([undefined, ["BAI2_FILE_EMPTY"]]);
    // Version 3 requires the 03's currency: read as BTR3, not as an unknown version read as 2.
    const account = parseBai2(
      [
        "01,A,B,150623,0200,1,,,btr3/",
        "02,,A,1,150622,,,2/",
        "03,11112222,,015,123456,,/",
        "49,123456,2/",
        "98,123456,1,4/",
        "99,123456,1,6/",
      ].join("\n"),
      context,
    );
    expect(account.issues.map((i) => i.code)).toEqual(["BAI2_CURRENCY_ASSUMED"]);
  });

  it("still refuses a file header with no trailer, and a file whose only accounts could not be read", () => {
    expect(parseBai2("01,A,B,240101,0000,1,,,2/\n", context).rejected?.code).toBe("BAI2_NO_ACCOUNTS");
    const skipped = parseBai2(file(["03,1,ZZZ,010,100,,/", "49,100,2/", "98,100,1,4/", "99,100,1,6/"]), context);
    expect(skipped.rejected?.code).toBe("BAI2_CURRENCY_UNKNOWN");
    const junk = parseBai2("01,A,B,240101,0000,1,,,2/\n77,WHAT/\n99,0,0,3/\n", context);
    expect(junk.rejected?.code).toBe("BAI2_NO_ACCOUNTS");
  });

  it("is recognised as BAI2 by its file trailer, and passes the registry's checks without a refusal", () => {
    const parsed = registry.parse(new TextEncoder().encode(empty("2")), { filename: "empty.txt" });
    expect([parsed.format, parsed.rejected, parsed.statements, parsed.issues.map((i) => i.code)]).toEqual([
      "bai2",
      undefined,
      [],
      ["BAI2_FILE_EMPTY"],
    ]);
  });
});

/** A file whose fields have blanks after (and before) their commas, as some bank systems write them. */
const SPACED = [
  "01, A, B, 240101, 0000, 1, , , 2/",
  "02, B, A, 1, 240101, 1200, USD, 2/",
  "03,123456789, USD, 010, 5000,,, 015, 104900 ,,/",
  "16, 195, 100000, 0, 123, ABC/",
  "16, 142, 500, V, 240102, 1200, R2, , TWO  SPACES  INSIDE ",
  "88,  AND  MORE",
  "16, 475,\t600, S, 100, 200, 300, R3,,",
  "49, 211000, 6/",
  "98, 211000, 1, 8/",
  "99, 211000, 1, 10/",
];

describe("#parseBai2 blanks around fields (gap list)", () => {
  it("reads fields with blanks after the commas, and keeps the blanks inside a 16's text", () => {
    const parsed = parseBai2(SPACED.join("\n"), context);
    expect(parsed.issues).toEqual([]);
    const s = parsed.statements[0]!;
    expect([s.account.id, s.account.currency, s.period?.from]).toEqual(["123456789", "USD", "2024-01-01"]);
    expect([formatMoney(s.openingBalance!.amount), formatMoney(s.closingBalance!.amount)]).toEqual(["50.00", "1049.00"]);
    expect(
      s.entries.map((e) => [
        e.bankTransactionCode?.proprietary?.code,
        formatMoney(e.amount),
        e.fundsCode,
        e.references,
        e.remittance?.unstructured,
      ]),
    ).toEqual([
      ["195", "1000.00", "0", { bankReference: "123", customerReference: "ABC" }, undefined],
      ["142", "5.00", "V", { bankReference: "R2" }, ["TWO  SPACES  INSIDE", "AND  MORE"]],
      ["475", "-6.00", "S", { bankReference: "R3" }, undefined],
    ]);
    expect([s.entries[1]?.valueDateTime, s.entries[2]?.bankData]).toEqual(["2024-01-02T12:00", { availability: "0:1.00;1:2.00;>1:3.00" }]);
  });
});

describe("#parseBai2 an empty field before a type code (review of the blank-type-code reading)", () => {
  it("reads a stray empty field inside a 03 (one comma too many) as no item: the type code after it keeps its amount", () => {
    const parsed = parseBai2(file(["03,111,USD,010,50000,,,,015,60000,,/", "49,110000,2/", "98,110000,1,4/", "99,110000,1,6/"]), context);
    expect(parsed.issues).toEqual([]);
    expect(parsed.statements.map((s) => [s.openingBalance?.amount.minor, s.closingBalance?.amount.minor])).toEqual([[50000n, 60000n]]);
  });

  it("reads an 88 that starts with an empty field before a type code the same way", () => {
    const parsed = parseBai2(
      file(["03,111,USD,010,50000,,/", "88,,015,60000,,/", "49,110000,3/", "98,110000,1,5/", "99,110000,1,7/"]),
      context,
    );
    expect(parsed.issues).toEqual([]);
    expect(parsed.statements[0]?.closingBalance?.amount.minor).toBe(60000n);
  });

  it("still reads a blank type code whose amount looks like a type code, when no amount follows it (`03,1,USD,,100,,/`)", () => {
    const parsed = parseBai2(file(["03,1,USD,,100,,/", "49,100,2/", "98,100,1,4/", "99,100,1,6/"]), context);
    expect(parsed.issues.map((i) => [i.code, i.details?.items])).toEqual([["BAI2_SUMMARY_NOT_MAPPED", ["no type code: 1.00"]]]);
  });
});

describe("#parseBai2 a 16 with a blank type code (review: nothing may be lost)", () => {
  it("keeps a 16 whose type code is blanks as an information entry with a warning, its amount counted", () => {
    const parsed = parseBai2(
      file(["03,111,USD,010,50000,,/", "16,   ,10000,0,R,C,x/", "49,60000,3/", "98,60000,1,5/", "99,60000,1,7/"]),
      context,
    );
    expect(parsed.issues.map((i) => [i.severity, i.code, i.line])).toEqual([["warning", "BAI2_TYPE_CODE_UNKNOWN", 4]]);
    expect(parsed.statements[0]?.entries.map((e) => [e.amount.minor, e.status, e.bankTransactionCode, e.references])).toEqual([
      [10000n, "information", undefined, { bankReference: "R", customerReference: "C" }],
    ]);
  });
});

describe("#parseBai2 an empty file only when its trailers agree (review)", () => {
  const H = "01,A,B,240101,0000,1,,,2/";
  const G = "02,B,A,1,240101,,USD,2/";
  const refusedWith = (lines: readonly string[]) => {
    const parsed = parseBai2(lines.join("\n"), context);
    return [parsed.rejected?.code, parsed.statements.length, parsed.issues.map((i) => i.code)];
  };

  it("refuses a file whose trailer states amounts, groups or records it does not have, and says which", () => {
    expect(refusedWith([H, "99,1500000,1,6/"])).toEqual([
      "BAI2_NO_ACCOUNTS",
      0,
      ["CONTROL_TOTAL_MISMATCH", "RECORD_COUNT_MISMATCH", "RECORD_COUNT_MISMATCH", "BAI2_NO_ACCOUNTS"],
    ]);
    expect(refusedWith([H, "99,0,0,9/"])).toEqual(["BAI2_NO_ACCOUNTS", 0, ["RECORD_COUNT_MISMATCH", "BAI2_NO_ACCOUNTS"]]);
  });

  it("refuses a group whose trailer states accounts or a total, and a stray account trailer (49)", () => {
    expect(refusedWith([H, G, "98,500000,2,2/", "99,500000,1,4/"])).toEqual([
      "BAI2_NO_ACCOUNTS",
      0,
      ["CONTROL_TOTAL_MISMATCH", "RECORD_COUNT_MISMATCH", "BAI2_NO_ACCOUNTS"],
    ]);
    expect(refusedWith([H, G, "49,0,1/", "98,0,0,3/", "99,0,1,5/"])).toEqual([
      "BAI2_NO_ACCOUNTS",
      0,
      ["BAI2_RECORD_UNEXPECTED", "BAI2_NO_ACCOUNTS"],
    ]);
  });

  it("refuses a second file header cut off after an empty file (every 01 needs its 99)", () => {
    expect(refusedWith([H, "99,0,0,2/", "01,A,B,240101,0000,2,,,2/"])).toEqual([
      "BAI2_NO_ACCOUNTS",
      0,
      ["BAI2_TRAILER_MISSING", "BAI2_NO_ACCOUNTS"],
    ]);
  });

  it("refuses an 01 without a creation date or of another version, and a 99 whose fields are not numbers", () => {
    expect(refusedWith(["01,2024-01-01,Coffee,-3.50", "99,2024-01-02,Refund,3.50"])[0]).toBe("BAI2_NO_ACCOUNTS");
    expect(refusedWith(["01,A,B,,0000,1,,,2/", "99,0,0,2/"])[0]).toBe("BAI2_NO_ACCOUNTS");
    expect(refusedWith(["01,A,B,240101,0000,1,,,4/", "99,0,0,2/"])[0]).toBe("BAI2_NO_ACCOUNTS");
    expect(refusedWith([H, "99,zero,0,2/"])[0]).toBe("BAI2_NO_ACCOUNTS");
  });

  it("still reads as empty a file whose trailers state blanks, and a deletion group of no account", () => {
    expect(refusedWith([H, "99,,,2/"])).toEqual([undefined, 0, ["BAI2_FILE_EMPTY"]]);
    expect(refusedWith([H, "02,B,A,2,240101,,USD,2/", "98,0,0,2/", "99,0,1,4/"])).toEqual([
      undefined,
      0,
      ["BAI2_GROUP_STATUS", "BAI2_FILE_EMPTY"],
    ]);
  });
});
