import { describe, expect, it } from "vitest";
import { formatMoney, type Issue } from "../../core/index.js";
import { streamResult } from "../test-support/stream-result.js";
import { parseOfx } from "./parse-ofx.js";
import { parseOfxStream } from "./parse-ofx-stream.js";

// Amounts and dates as exporters write them where OFX has one form: a sign apart from the digits or a typographic
// minus (`- 5.00`, `−5.00`), ISO 8601 dates (`2024-01-05T12:30:00+01:00`). They were refused: the transaction was not
// read (OFX_AMOUNT_INVALID, OFX_DATE_INVALID), a balance or the period was lost. They are read now, with one warning
// per document that counts them.

const context = { format: "ofx", encoding: "utf-8" };
const XML_HEADER = '<?xml version="1.0" encoding="UTF-8"?>\n<?OFX OFXHEADER="200" VERSION="211"?>\n';
const SGML_HEADER = "OFXHEADER:100\r\nDATA:OFXSGML\r\nVERSION:102\r\n\r\n";

interface Dates {
  server?: string;
  start?: string;
  end?: string;
  asOf?: string;
}

/** A bank statement whose transactions are `[TRNAMT, DTPOSTED, DTAVAIL?]`, with a ledger balance of `balance`. */
function document(transactions: readonly (readonly [string, string, string?])[], balance = "10.00", dates: Dates = {}): string {
  const trns = transactions
    .map(
      ([amount, posted, avail], i) =>
        `<STMTTRN><TRNTYPE>OTHER</TRNTYPE><DTPOSTED>${posted}</DTPOSTED>${avail === undefined ? "" : `<DTAVAIL>${avail}</DTAVAIL>`}<TRNAMT>${amount}</TRNAMT><FITID>F${i + 1}</FITID></STMTTRN>`,
    )
    .join("");
  return `<OFX><SIGNONMSGSRSV1><SONRS><STATUS><CODE>0</CODE><SEVERITY>INFO</SEVERITY></STATUS><DTSERVER>${dates.server ?? "20240131101500"}</DTSERVER><LANGUAGE>ENG</LANGUAGE></SONRS></SIGNONMSGSRSV1><BANKMSGSRSV1><STMTTRNRS><TRNUID>1</TRNUID><STATUS><CODE>0</CODE><SEVERITY>INFO</SEVERITY></STATUS><STMTRS><CURDEF>USD</CURDEF><BANKACCTFROM><BANKID>121000358</BANKID><ACCTID>998877</ACCTID><ACCTTYPE>CHECKING</ACCTTYPE></BANKACCTFROM><BANKTRANLIST><DTSTART>${dates.start ?? "20240101"}</DTSTART><DTEND>${dates.end ?? "20240131"}</DTEND>${trns}</BANKTRANLIST><LEDGERBAL><BALAMT>${balance}</BALAMT><DTASOF>${dates.asOf ?? "20240131"}</DTASOF></LEDGERBAL></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>`;
}

async function streamed(text: string, size: number) {
  const chunks = Array.from({ length: Math.ceil(text.length / size) }, (_, i) => text.slice(i * size, (i + 1) * size));
  return streamResult(parseOfxStream(chunks));
}

/** The document read whole, after checking that it is read the same streamed in chunks of several sizes. */
async function read(text: string) {
  const whole = parseOfx(text, context);
  for (const size of [1, 7, 4096]) {
    const s = await streamed(text, size);
    expect(s.statements, `${size}`).toEqual(whole.statements);
    expect(s.issues, `${size}`).toEqual(whole.issues);
    expect(s.rejected, `${size}`).toEqual(whole.rejected);
  }
  return whole;
}

const TRN = "/OFX/BANKMSGSRSV1/STMTTRNRS[1]/STMTRS/BANKTRANLIST/STMTTRN";

describe("OFX amounts with a sign written apart from the digits or as a typographic minus", () => {
  for (const [syntax, header] of [
    ["OFX 2 (XML)", XML_HEADER],
    ["OFX 1 (SGML)", SGML_HEADER],
  ] as const) {
    it(`reads them with their sign and one OFX_AMOUNT_SIGN_UNUSUAL warning that counts them (${syntax}), whole and streamed`, async () => {
      const text = `${header}${document(
        [
          ["- 5.00", "20240105"],
          ["\u22123.00", "20240106"],
          ["\u20131.25", "20240107"],
          ["+ 2.00", "20240108"],
          ["-4.00", "20240109"],
        ],
        "\u2212 10.00",
      )}`;
      const r = await read(text);
      expect(r.rejected).toBeUndefined();
      expect(r.statements[0]?.entries.map((e) => formatMoney(e.amount))).toEqual(["-5.00", "-3.00", "-1.25", "2.00", "-4.00"]);
      expect(r.statements[0]?.closingBalance?.amount && formatMoney(r.statements[0].closingBalance.amount)).toBe("-10.00");
      expect(r.issues).toEqual([
        {
          severity: "warning",
          code: "OFX_AMOUNT_SIGN_UNUSUAL",
          message:
            '5 amounts write their sign apart from the digits or as a typographic minus or dash (the first: TRNAMT "- 5.00"), where OFX writes "-" right before the digits; they were read with that sign',
          path: `${TRN}[1]`,
          details: { count: 5, written: "- 5.00" },
        },
      ]);
    });
  }

  it("says so in the singular for one amount, and names a balance", async () => {
    const r = await read(`${XML_HEADER}${document([["-1.00", "20240105"]], "- 10.00")}`);
    expect(r.issues.map((i) => [i.code, i.message, i.path, i.details])).toEqual([
      [
        "OFX_AMOUNT_SIGN_UNUSUAL",
        'an amount writes its sign apart from the digits or as a typographic minus or dash (the first: ledger balance (LEDGERBAL) "- 10.00"), where OFX writes "-" right before the digits; it was read with that sign',
        "/OFX/BANKMSGSRSV1/STMTTRNRS[1]/STMTRS",
        { count: 1, written: "- 10.00" },
      ],
    ]);
  });

  it("still refuses an amount whose sign is really ambiguous, without the warning", async () => {
    const r = await read(
      `${XML_HEADER}${document([
        ["- - 5.00", "20240105"],
        ["\u2013 5.00", "20240106"],
        ["-1.00", "20240107"],
      ])}`,
    );
    expect(r.statements[0]?.entries.map((e) => formatMoney(e.amount))).toEqual(["-1.00"]);
    expect(r.issues.map((i) => [i.severity, i.code])).toEqual([
      ["error", "OFX_AMOUNT_INVALID"],
      ["error", "OFX_AMOUNT_INVALID"],
    ]);
  });
});

describe("OFX dates written the ISO 8601 way", () => {
  const dates: Dates = {
    server: "2024-01-31T10:15:00-05:00",
    start: "2024-01-01",
    end: "2024-01-31",
    asOf: "2024-01-31T23:59:59Z",
  };

  for (const [syntax, header] of [
    ["OFX 2 (XML)", XML_HEADER],
    ["OFX 1 (SGML)", SGML_HEADER],
  ] as const) {
    it(`reads DTSERVER, DTSTART, DTEND, DTPOSTED, DTAVAIL and DTASOF with their offsets and one OFX_DATE_ISO warning (${syntax}), whole and streamed`, async () => {
      const text = `${header}${document(
        [
          ["-1.00", "2024-01-05T12:30:00+01:00", "2024-01-07"],
          ["-2.00", "2024-01-06"],
          ["-3.00", "20240108120000[-5:EST]"],
        ],
        "10.00",
        dates,
      )}`;
      const r = await read(text);
      expect(r.rejected).toBeUndefined();
      const st = r.statements[0];
      expect(st?.entries.map((e) => [e.bookingDate, e.bookingDateTime, e.valueDate])).toEqual([
        ["2024-01-05", "2024-01-05T12:30:00+01:00", "2024-01-07"],
        ["2024-01-06", undefined, undefined],
        ["2024-01-08", "2024-01-08T12:00:00-05:00", undefined],
      ]);
      expect(st?.period).toEqual({ from: "2024-01-01", to: "2024-01-31" });
      expect([st?.closingBalance?.date, st?.closingBalance?.dateTime]).toEqual(["2024-01-31", "2024-01-31T23:59:59+00:00"]);
      expect(st?.createdAt).toBe("2024-01-31T10:15:00-05:00");
      expect(r.issues).toEqual([
        {
          severity: "warning",
          code: "OFX_DATE_ISO",
          message:
            '7 dates are written the ISO 8601 way (the first: DTSERVER "2024-01-31T10:15:00-05:00"), where OFX writes 20240131101500[-5:EST]; they were read as written, with the offset they state',
          path: "/OFX/SIGNONMSGSRSV1/SONRS",
          details: { count: 7, written: "2024-01-31T10:15:00-05:00" },
        },
      ]);
    });
  }

  it("says so in the singular for one date, at the transaction, and still refuses an ISO-looking date that is none", async () => {
    const r = await read(
      `${XML_HEADER}${document([
        ["-1.00", "20240105T123000Z"],
        ["-2.00", "2024-02-30"],
      ])}`,
    );
    expect(r.statements[0]?.entries.map((e) => e.bookingDateTime)).toEqual(["2024-01-05T12:30:00+00:00"]);
    expect(r.issues.map((i) => [i.code, i.message, i.path, i.details])).toEqual([
      ["OFX_DATE_INVALID", 'transaction posting date "2024-02-30" is not an OFX date; not read', `${TRN}[2]`, undefined],
      [
        "OFX_DATE_ISO",
        'a date is written the ISO 8601 way (the first: DTPOSTED "20240105T123000Z"), where OFX writes 20240131101500[-5:EST]; it was read as written, with the offset it states',
        `${TRN}[1]`,
        { count: 1, written: "20240105T123000Z" },
      ],
    ]);
  });
});

describe("what OFX_AMOUNT_SIGN_UNUSUAL and OFX_DATE_ISO count and name first", () => {
  // They counted the values of statements refused later (no ACCTID) and of BALLIST balances not kept, where the message
  // says they "were read"; and "the first" was the first noted: DTSTART, DTEND and the balances are noted when the
  // statement ends, after its transactions, and AVAILBAL and BALLIST before LEDGERBAL, which the file writes first.
  const STMTRS = "/OFX/BANKMSGSRSV1/STMTTRNRS[2]/STMTRS";
  /** A statement response; `account` is its BANKACCTFROM's inside. */
  const statement = (account: string, list: string, trns: string, balances: string) =>
    `<STMTTRNRS><TRNUID>1</TRNUID><STMTRS><CURDEF>USD</CURDEF><BANKACCTFROM>${account}<ACCTTYPE>CHECKING</ACCTTYPE></BANKACCTFROM><BANKTRANLIST>${list}${trns}</BANKTRANLIST>${balances}</STMTRS></STMTTRNRS>`;
  const trn = (id: string, amount: string, posted: string) =>
    `<STMTTRN><TRNTYPE>OTHER</TRNTYPE><DTPOSTED>${posted}</DTPOSTED><TRNAMT>${amount}</TRNAMT><FITID>${id}</FITID></STMTTRN>`;
  const ledger = (amount: string, asOf: string) => `<LEDGERBAL><BALAMT>${amount}</BALAMT><DTASOF>${asOf}</DTASOF></LEDGERBAL>`;
  const avail = (amount: string, asOf: string) => `<AVAILBAL><BALAMT>${amount}</BALAMT><DTASOF>${asOf}</DTASOF></AVAILBAL>`;
  const PLAIN_LIST = "<DTSTART>20240101</DTSTART><DTEND>20240131</DTEND>";
  const ofx = (...responses: string[]) => `${XML_HEADER}<OFX><BANKMSGSRSV1>${responses.join("")}</BANKMSGSRSV1></OFX>`;
  const tallied = (issues: readonly Issue[]) =>
    issues.filter((i) => i.code === "OFX_AMOUNT_SIGN_UNUSUAL" || i.code === "OFX_DATE_ISO").map((i) => [i.code, i.path, i.details]);

  it("counts only the values of statements that were read, and names the first of those", async () => {
    const r = await read(
      ofx(
        // No ACCTID: refused (OFX_ACCOUNT_MISSING), with its amounts and dates.
        statement("<BANKID>1</BANKID>", PLAIN_LIST, trn("A", "- 1.00", "2024-01-03"), ledger("- 3.00", "2024-01-31")),
        statement(
          "<BANKID>1</BANKID><ACCTID>998877</ACCTID>",
          PLAIN_LIST,
          trn("B", "\u22122.00", "2024-01-05"),
          ledger("10.00", "20240131"),
        ),
      ),
    );
    expect(r.statements).toHaveLength(1);
    expect(r.issues.map((i) => i.code)).toContain("OFX_ACCOUNT_MISSING");
    // In the order of their first values in the file: DTPOSTED before TRNAMT.
    expect(tallied(r.issues)).toEqual([
      ["OFX_DATE_ISO", `${STMTRS}/BANKTRANLIST/STMTTRN[1]`, { count: 1, written: "2024-01-05" }],
      ["OFX_AMOUNT_SIGN_UNUSUAL", `${STMTRS}/BANKTRANLIST/STMTTRN[1]`, { count: 1, written: "\u22122.00" }],
    ]);
  });

  it("does not count a BALLIST balance that is not kept", async () => {
    const ballist =
      "<BALLIST><BAL><NAME>EUR pocket</NAME><DESC>x</DESC><BALTYPE>DOLLAR</BALTYPE><VALUE>- 500.123</VALUE><DTASOF>2024-01-31</DTASOF><CURRENCY><CURRATE>0.1234567890123456</CURRATE><CURSYM>EUR</CURSYM></CURRENCY></BAL></BALLIST>";
    const r = await read(
      ofx(
        statement(
          "<BANKID>1</BANKID><ACCTID>998877</ACCTID>",
          PLAIN_LIST,
          trn("A", "-1.00", "20240103"),
          ledger("10.00", "20240131") + ballist,
        ),
      ),
    );
    expect(r.statements[0]?.balances).toEqual([]);
    expect(r.issues.map((i) => i.code)).toEqual(["OFX_AMOUNT_INVALID"]);
  });

  it("names the first value in the file: DTSTART before the transactions, LEDGERBAL before AVAILBAL", async () => {
    const first = "/OFX/BANKMSGSRSV1/STMTTRNRS[1]/STMTRS";
    const r = await read(
      ofx(
        statement(
          "<BANKID>1</BANKID><ACCTID>998877</ACCTID>",
          "<DTSTART>2024-01-01</DTSTART><DTEND>20240131</DTEND>",
          trn("A", "-1.00", "2024-01-03"),
          ledger("- 10.00", "2024-01-31") + avail("\u22129.00", "2024-01-30"),
        ),
      ),
    );
    expect(tallied(r.issues)).toEqual([
      ["OFX_DATE_ISO", first, { count: 4, written: "2024-01-01" }],
      ["OFX_AMOUNT_SIGN_UNUSUAL", first, { count: 2, written: "- 10.00" }],
    ]);
    expect(r.issues.find((i) => i.code === "OFX_AMOUNT_SIGN_UNUSUAL")?.message).toContain(
      '(the first: ledger balance (LEDGERBAL) "- 10.00")',
    );
    expect(r.issues.find((i) => i.code === "OFX_DATE_ISO")?.message).toContain('(the first: DTSTART "2024-01-01")');
  });

  it("names the first value in the file when the transactions wait for the statement's currency (CURDEF after them)", async () => {
    const late = `${XML_HEADER}<OFX><BANKMSGSRSV1><STMTTRNRS><TRNUID>1</TRNUID><STMTRS><BANKACCTFROM><BANKID>1</BANKID><ACCTID>998877</ACCTID></BANKACCTFROM><BANKTRANLIST><DTSTART>2024-01-01</DTSTART><DTEND>2024-01-31</DTEND>${trn("A", "- 1.00", "2024-01-03")}</BANKTRANLIST><CURDEF>USD</CURDEF>${ledger("- 2.00", "20240131")}</STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>`;
    const r = await read(late);
    expect(r.statements[0]?.entries).toHaveLength(1);
    expect(tallied(r.issues)).toEqual([
      ["OFX_DATE_ISO", "/OFX/BANKMSGSRSV1/STMTTRNRS[1]/STMTRS", { count: 3, written: "2024-01-01" }],
      ["OFX_AMOUNT_SIGN_UNUSUAL", "/OFX/BANKMSGSRSV1/STMTTRNRS[1]/STMTRS/BANKTRANLIST/STMTTRN[1]", { count: 2, written: "- 1.00" }],
    ]);
  });
});

describe("OFX dates whose time or offset cannot be read", () => {
  // `2024-01-05T12:30:00+25:00` kept its time and lost its offset, `20240105T12:30:00` lost its time, with only
  // OFX_DATE_ISO, which says they were read with the offset they state; OFX's own form with an offset that is none
  // (`[-:EST]`) lost it without a word too.
  it("reads the rest, says what was dropped with one OFX_DATE_PART_DROPPED warning, and counts them out of OFX_DATE_ISO", async () => {
    for (const header of [XML_HEADER, SGML_HEADER]) {
      const r = await read(
        `${header}${document(
          [
            ["-1.00", "2024-01-05T12:30:00+01:00"],
            ["-2.00", "2024-01-06T12:30:00+25:00"],
            ["-3.00", "20240107T12"],
            ["-4.00", "20240108120000.000[-:EST]"],
          ],
          "10.00",
        )}`,
      );
      expect(r.statements[0]?.entries.map((e) => [e.bookingDate, e.bookingDateTime])).toEqual([
        ["2024-01-05", "2024-01-05T12:30:00+01:00"],
        ["2024-01-06", "2024-01-06T12:30:00"],
        ["2024-01-07", undefined],
        ["2024-01-08", "2024-01-08T12:00:00.000"],
      ]);
      expect(r.issues).toEqual([
        {
          severity: "warning",
          code: "OFX_DATE_ISO",
          message:
            'a date is written the ISO 8601 way (the first: DTPOSTED "2024-01-05T12:30:00+01:00"), where OFX writes 20240131101500[-5:EST]; it was read as written, with the offset it states',
          path: `${TRN}[1]`,
          details: { count: 1, written: "2024-01-05T12:30:00+01:00" },
        },
        {
          severity: "warning",
          code: "OFX_DATE_PART_DROPPED",
          message:
            '3 dates write a time or an offset that cannot be read (the first: DTPOSTED "2024-01-06T12:30:00+25:00", whose offset "+25:00" is none); the day, and a time that could be read, were kept without what could not be read',
          path: `${TRN}[2]`,
          details: { count: 3, written: "2024-01-06T12:30:00+25:00", part: "offset", dropped: "+25:00" },
        },
      ]);
    }
  });

  it("says which part it dropped of a single date, and does not count DTSERVER when no statement is read", async () => {
    const r = await read(`${XML_HEADER}${document([["-1.00", "20240107T12"]], "10.00")}`);
    expect(r.issues.map((i) => [i.code, i.message, i.details])).toEqual([
      [
        "OFX_DATE_PART_DROPPED",
        'a date writes a time or an offset that cannot be read (the first: DTPOSTED "20240107T12", whose time "T12" is none); the day was kept without it',
        { count: 1, written: "20240107T12", part: "time", dropped: "T12" },
      ],
    ]);
    // DTSERVER is kept as the statements' createdAt: a document whose statements are all refused kept none of it.
    for (const server of ["20240131101500[-:EST]", "2024-01-31T10:15:00-05:00"]) {
      const refused = await read(
        `${XML_HEADER}${document([["-1.00", "20240105"]], "10.00", { server }).replace("<ACCTID>998877</ACCTID>", "")}`,
      );
      expect(
        refused.issues.map((i) => i.code),
        server,
      ).toEqual(["OFX_ACCOUNT_MISSING"]);
    }
  });
});

describe("OFX dates with an extended time after the basic date, a long fraction of a second, or a decimal comma", () => {
  // `20240105T12:30:00` lost its time with OFX_DATE_PART_DROPPED; `….1234567891` lost its whole fraction without a
  // word; `…,123` lost its fraction as an offset that is none.
  it("reads them, counts the first and the comma under OFX_DATE_ISO, and says what of a long fraction was dropped", async () => {
    for (const header of [XML_HEADER, SGML_HEADER]) {
      const r = await read(
        `${header}${document(
          [
            ["-1.00", "20240105T12:30:00[-5:EST]"],
            ["-2.00", "20240106123000,25"],
            ["-3.00", "20240107123000.1234567891[-5:EST]"],
            ["-4.00", "20240108123000.123456789"],
          ],
          "10.00",
        )}`,
      );
      expect(r.statements[0]?.entries.map((e) => e.bookingDateTime)).toEqual([
        "2024-01-05T12:30:00-05:00",
        "2024-01-06T12:30:00.25",
        "2024-01-07T12:30:00.123456789-05:00",
        "2024-01-08T12:30:00.123456789",
      ]);
      expect(r.issues).toEqual([
        {
          severity: "warning",
          code: "OFX_DATE_ISO",
          message:
            '2 dates are written the ISO 8601 way (the first: DTPOSTED "20240105T12:30:00[-5:EST]"), where OFX writes 20240131101500[-5:EST]; they were read as written, with the offset they state',
          path: `${TRN}[1]`,
          details: { count: 2, written: "20240105T12:30:00[-5:EST]" },
        },
        {
          severity: "warning",
          code: "OFX_DATE_PART_DROPPED",
          message:
            'a date writes a fraction of a second longer than the nine digits a date-time keeps (the first: DTPOSTED "20240107123000.1234567891[-5:EST]", whose digits "1" past the ninth were dropped); the rest was kept',
          path: `${TRN}[3]`,
          details: { count: 1, written: "20240107123000.1234567891[-5:EST]", part: "fraction", dropped: "1" },
        },
      ]);
    }
  });
});
