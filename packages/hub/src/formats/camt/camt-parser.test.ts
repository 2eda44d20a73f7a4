import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { type DocumentId, formatMoney, type Money, type Statement, statementsFromJson } from "../../core/index.js";
import { parseCamt } from "./camt-parser.js";
import { fixtureText } from "./test-support/camt-corpus.js";
import { balance, camtDocument, entry, HEAD, onlyEntry, onlyStatement, parseXml, withoutSources } from "./test-support/camt-documents.js";

const money = (m: Money | undefined) => (m === undefined ? undefined : `${formatMoney(m)} ${m.currency}`);

/** The first statement of docs/model.md's full example, decoded with the hub's own decoder. */
function modelExample(): Statement {
  const doc = readFileSync(new URL("../../../../../docs/model.md", import.meta.url), "utf8");
  const json = /## Full example[\s\S]*?```json\n([\s\S]*?)```/.exec(doc)?.[1];
  const decoded = statementsFromJson(JSON.parse(json ?? "null"));
  expect(decoded.issues).toEqual([]);
  return decoded.statements[0]!;
}

describe("parseCamt", () => {
  it("reads the camt.053.001.08 fixture into docs/model.md's full example, apart from what camt and the example state differently", () => {
    const { statement, issues } = onlyStatement(fixtureText("camt053-full.xml"));
    expect(issues).toEqual([]);
    const expected = withoutSources(modelExample());
    const actual = withoutSources(statement);
    // Deliberate differences: camt's FrToDt has date-times (the example gives dates only), the fixture states its
    // TxsSummry, and camt has no element for the reference of the reversed entry (`reverses`).
    expect(actual.period).toEqual({
      ...expected.period,
      fromDateTime: "2024-03-15T00:00:00+01:00",
      toDateTime: "2024-03-15T23:59:59+01:00",
    });
    expect(actual.summary).toBeDefined();
    const { reverses: _, ...reversal } = expected.entries[2]!;
    expect({ ...actual, period: expected.period, summary: undefined }).toEqual({
      ...expected,
      entries: [expected.entries[0], expected.entries[1], reversal, expected.entries[3]],
    });
  });

  it("keeps a reversal's sign as its CdtDbtInd gives it: the fixture's balances close only that way", () => {
    const parsed = parseXml(fixtureText("camt053-full.xml"));
    const reversal = parsed.statements[0]!.entries[2]!;
    expect(reversal.reversal).toBe(true);
    expect(money(reversal.amount)).toBe("89.00 EUR");
    expect(parsed.issues.filter((i) => i.code === "BALANCE_MISMATCH" || i.code === "SUMMARY_MISMATCH")).toEqual([]);
  });

  it("puts the source location of every statement, entry and batch detail: path, line and document id", () => {
    const documentId = "a".repeat(64) as DocumentId;
    const result = parseCamt(fixtureText("camt053-full.xml"), { format: "camt.053", encoding: "utf-8", documentId });
    const s = result.statements[0]!;
    const lines = fixtureText("camt053-full.xml").split("\n");
    expect(s.source).toEqual({ documentId, line: lines.indexOf("    <Stmt>") + 1, path: "/Document/BkToCstmrStmt/Stmt[1]" });
    expect(s.entries.map((e) => e.source?.path)).toEqual([1, 2, 3, 4].map((n) => `/Document/BkToCstmrStmt/Stmt[1]/Ntry[${n}]`));
    expect(s.entries[0]?.source?.line).toBe(lines.indexOf("      <Ntry>") + 1);
    expect(s.entries[3]?.details.map((d) => d.source?.path)).toEqual([
      "/Document/BkToCstmrStmt/Stmt[1]/Ntry[4]/NtryDtls/TxDtls[1]",
      "/Document/BkToCstmrStmt/Stmt[1]/Ntry[4]/NtryDtls/TxDtls[2]",
    ]);
    expect(s.entries.every((e) => e.source?.documentId === documentId)).toBe(true);
  });
});

describe("statement header", () => {
  it("takes CreDtTm from the statement, else from the group header, and pagination likewise", () => {
    const own = onlyStatement(camtDocument([`${HEAD}<CreDtTm>2024-03-15T23:00:00Z</CreDtTm>`])).statement;
    expect(own.createdAt).toBe("2024-03-15T23:00:00Z");
    const fromGroup = onlyStatement(
      camtDocument([HEAD], { groupHeader: "<MsgPgntn><PgNb>3</PgNb><LastPgInd>false</LastPgInd></MsgPgntn>" }),
    ).statement;
    expect(fromGroup.createdAt).toBe("2024-03-16T06:00:00+01:00");
    expect(fromGroup.sequence).toEqual({ page: 3, lastPage: false });
    const stmtPage = onlyStatement(
      camtDocument(
        [
          "<Id>S</Id><StmtPgntn><PgNb>2</PgNb><LastPgInd>true</LastPgInd></StmtPgntn><ElctrncSeqNb>0017</ElctrncSeqNb><LglSeqNb>17</LglSeqNb>" +
            HEAD.slice(11),
        ],
        {
          groupHeader: "<MsgPgntn><PgNb>1</PgNb><LastPgInd>true</LastPgInd></MsgPgntn>",
        },
      ),
    ).statement;
    expect(stmtPage.sequence).toEqual({ page: 2, lastPage: true, electronic: "0017", legal: "17" });
  });

  it("reads the period's date-times with their dates, and a plain date where a bank writes one", () => {
    const s = onlyStatement(
      camtDocument([`${HEAD}<FrToDt><FrDtTm>2024-03-01T00:00:00+01:00</FrDtTm><ToDtTm>2024-03-31</ToDtTm></FrToDt>`]),
    ).statement;
    expect(s.period).toEqual({ from: "2024-03-01", fromDateTime: "2024-03-01T00:00:00+01:00", to: "2024-03-31" });
  });

  it("reads the account as IBAN, BBAN, other and 001.01's proprietary id, with currency, name, owner and servicer", () => {
    const account = (id: string, rest = "") =>
      onlyStatement(camtDocument([`<Id>S</Id><Acct><Id>${id}</Id>${rest}</Acct>`])).statement.account;
    expect(account("<Othr><Id>0532013000</Id><SchmeNm><Cd>BBAN</Cd></SchmeNm></Othr>")).toEqual({ id: "0532013000", scheme: "bban" });
    expect(account("<Othr><Id>1234</Id><Issr>X</Issr></Othr>")).toEqual({ id: "1234", scheme: "other" });
    expect(account("<Othr><Id>6222000011112222</Id><SchmeNm><Prtry>CN</Prtry></SchmeNm></Othr>")).toEqual({
      id: "6222000011112222",
      scheme: "cn",
    });
    expect(account("<PrtryAcct><Id>CH28-0123</Id></PrtryAcct>")).toEqual({ id: "CH28-0123", scheme: "other" });
    expect(
      account(
        "<IBAN>CH2801234000123456789</IBAN>",
        "<Ccy>CHF</Ccy><Nm>Main</Nm><Ownr><Nm>UNIFITS GmbH</Nm></Ownr><Svcr><FinInstnId><BICFI>UBSWCHZH80A</BICFI><Nm>UBS</Nm><PstlAdr><Ctry>CH</Ctry></PstlAdr></FinInstnId></Svcr>",
      ),
    ).toEqual({
      id: "CH2801234000123456789",
      scheme: "iban",
      currency: "CHF",
      name: "Main",
      holderName: "UNIFITS GmbH",
      bank: { bic: "UBSWCHZH80A", name: "UBS", country: "CH" },
    });
    const cnaps = account(
      "<Othr><Id>1219</Id></Othr>",
      "<Svcr><FinInstnId><ClrSysMmbId><ClrSysId><Cd>CNAPS</Cd></ClrSysId><MmbId>308290003011</MmbId></ClrSysMmbId></FinInstnId></Svcr>",
    );
    expect(cnaps.bank).toEqual({ cnBankCode: "308290003011" });
  });

  it("skips a statement without account number with an error, and refuses a document left without statements", () => {
    const parsed = parseXml(camtDocument(["<Id>S</Id><Acct><Ccy>EUR</Ccy></Acct>" + entry("1.00", true)]));
    expect(parsed.statements).toEqual([]);
    expect(parsed.issues.map((i) => i.code)).toEqual(["CAMT_ELEMENT_MISSING", "CAMT_NO_STATEMENT"]);
    expect(parsed.rejected?.code).toBe("CAMT_NO_STATEMENT");
    expect(parsed.issues[0]?.path).toBe("/Document/BkToCstmrStmt/Stmt[1]");
  });

  it("reads several statements of several accounts, and a document wrapped with an application header", () => {
    const other = "<Id>S-2</Id><Acct><Id><IBAN>NL91ABNA0417164300</IBAN></Id></Acct>";
    const parsed = parseXml(camtDocument([HEAD + entry("1.00", true), other + entry("2.00", false), HEAD]));
    expect(parsed.statements.map((s) => [s.account.id, s.entries.length])).toEqual([
      ["DE89370400440532013000", 1],
      ["NL91ABNA0417164300", 1],
      ["DE89370400440532013000", 0],
    ]);
    const wrapped = `<message><AppHdr xmlns="urn:iso:std:iso:20022:tech:xsd:head.001.001.01"><Fr><FIId><FinInstnId><BICFI>MLCOUS33XXX</BICFI></FinInstnId></FIId></Fr></AppHdr>${camtDocument([HEAD + entry("1.00", true)]).replace(/^<\?xml[^>]*>/, "")}</message>`;
    const w = onlyStatement(wrapped).statement;
    expect(w.source?.path).toBe("/message/Document/BkToCstmrStmt/Stmt[1]");
    expect(w.account.bank).toBeUndefined();
  });

  it("says which kind of statement each message is", () => {
    expect(onlyStatement(camtDocument([HEAD], { ns: "camt.052.001.08" })).statement.kind).toBe("report");
    expect(onlyStatement(camtDocument([HEAD], { ns: "camt.054.001.08" })).statement.kind).toBe("notification");
    expect(onlyStatement(camtDocument([HEAD], { ns: "camt.053.001.01", message: "BkToCstmrStmtV01" })).statement.kind).toBe("statement");
  });

  it("reads TxsSummry in both shapes (TtlNetNtryAmt before 001.04, TtlNetNtry after) in the statement's currency", () => {
    const v2 =
      "<TxsSummry><TtlNtries><NbOfNtries>2</NbOfNtries><TtlNetNtryAmt>5.50</TtlNetNtryAmt><CdtDbtInd>DBIT</CdtDbtInd></TtlNtries><TtlCdtNtries><NbOfNtries>1</NbOfNtries><Sum>1.00</Sum></TtlCdtNtries><TtlDbtNtries><NbOfNtries>1</NbOfNtries><Sum>6.50</Sum></TtlDbtNtries></TxsSummry>";
    const v8 = v2.replace(
      "<TtlNetNtryAmt>5.50</TtlNetNtryAmt><CdtDbtInd>DBIT</CdtDbtInd>",
      "<TtlNetNtry><Amt>5.50</Amt><CdtDbtInd>DBIT</CdtDbtInd></TtlNetNtry>",
    );
    for (const summary of [v2, v8]) {
      const parsed = parseXml(camtDocument([HEAD + summary + entry("1.00", true) + entry("6.50", false)]));
      const s = parsed.statements[0]!.summary!;
      expect([s.count, money(s.net), s.credits?.count, money(s.credits?.sum), s.debits?.count, money(s.debits?.sum)]).toEqual([
        2,
        "-5.50 EUR",
        1,
        "1.00 EUR",
        1,
        "6.50 EUR",
      ]);
      expect(parsed.issues).toEqual([]);
    }
  });
});

describe("balances", () => {
  it("reads every ISO balance type, OPBD and CLBD as opening and closing and the others in document order", () => {
    const codes = ["PRCD", "OPBD", "OPAV", "ITBD", "ITAV", "CLAV", "FWAV", "XPCD", "INFO", "CLBD"];
    const s = onlyStatement(camtDocument([HEAD + codes.map((c, i) => balance(c, `${i}.00`)).join("")])).statement;
    expect(s.openingBalance?.type).toBe("openingBooked");
    expect(s.closingBalance?.type).toBe("closingBooked");
    expect(s.balances.map((b) => b.type)).toEqual([
      "previouslyClosedBooked",
      "openingAvailable",
      "interimBooked",
      "interimAvailable",
      "closingAvailable",
      "forwardAvailable",
      "expected",
      "information",
    ]);
  });

  it("opens with PRCD when there is no OPBD", () => {
    const s = onlyStatement(camtDocument([HEAD + balance("PRCD", "10.00") + balance("CLBD", "12.00") + entry("2.00", true)])).statement;
    expect(s.openingBalance).toMatchObject({ type: "previouslyClosedBooked" });
    expect(money(s.openingBalance?.amount)).toBe("10.00 EUR");
    expect(s.balances).toEqual([]);
  });

  it("signs a DBIT balance negative, keeps DtTm with its date, the credit line, and 001.01's Tp/Cd", () => {
    const s = onlyStatement(
      camtDocument([
        HEAD +
          '<Bal><Tp><Cd>ITBD</Cd></Tp><CdtLine><Incl>true</Incl><Amt Ccy="EUR">500</Amt></CdtLine><Amt Ccy="EUR">12.5</Amt><CdtDbtInd>DBIT</CdtDbtInd><Dt><DtTm>2024-03-15T12:00:00+01:00</DtTm></Dt></Bal>',
      ]),
    ).statement;
    const b = s.balances[0]!;
    expect([b.type, money(b.amount), b.date, b.dateTime, money(b.creditLine)]).toEqual([
      "interimBooked",
      "-12.50 EUR",
      "2024-03-15",
      "2024-03-15T12:00:00+01:00",
      "500.00 EUR",
    ]);
  });

  it("reports a balance type the model lacks instead of dropping it silently", () => {
    const { statement, issues } = onlyStatement(
      camtDocument([
        `${HEAD}<Bal><Tp><CdOrPrtry><Prtry>BLOCKED</Prtry></CdOrPrtry></Tp><Amt Ccy="EUR">1</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2024-03-15</Dt></Dt></Bal>`,
      ]),
    );
    expect(statement.balances).toEqual([]);
    expect(issues).toMatchObject([
      { severity: "warning", code: "CAMT_BALANCE_TYPE_UNKNOWN", path: "/Document/BkToCstmrStmt/Stmt[1]/Bal[1]" },
    ]);
    expect(issues[0]?.message).toContain('"BLOCKED" (proprietary)');
  });

  it("keeps amounts at the scale the bank wrote, up to five decimals", () => {
    const s = onlyStatement(camtDocument([HEAD + balance("OPBD", "0.00001") + balance("CLBD", "12.50000")])).statement;
    expect([money(s.openingBalance?.amount), money(s.closingBalance?.amount)]).toEqual(["0.00001 EUR", "12.50000 EUR"]);
  });
});

describe("bad values", () => {
  it("skips an entry whose amount cannot be read, with an error at its path and line, and never reads it as zero", () => {
    const xml = camtDocument([`${HEAD}\n${entry("12,50", true)}\n${entry("1.00", true)}`]);
    const { statement, issues } = onlyStatement(xml);
    expect(statement.entries.map((e) => money(e.amount))).toEqual(["1.00 EUR"]);
    expect(issues).toMatchObject([
      { severity: "error", code: "MONEY_INVALID", path: "/Document/BkToCstmrStmt/Stmt[1]/Ntry[1]/Amt", line: 7 },
    ]);
    expect(issues[0]?.message).toContain("the entry is skipped");
  });

  it("skips an entry in an unknown currency or without one, and an entry without direction", () => {
    const e1 = '<Ntry><Amt Ccy="XYZ">1.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts></Ntry>';
    const e2 = "<Ntry><Amt>1.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts></Ntry>";
    const e3 = '<Ntry><Amt Ccy="EUR">1.00</Amt><Sts>BOOK</Sts></Ntry>';
    const e4 = '<Ntry><Amt Ccy="EUR">1.00</Amt><CdtDbtInd>CREDIT</CdtDbtInd><Sts>BOOK</Sts></Ntry>';
    const { statement, issues } = onlyStatement(camtDocument([HEAD + e1 + e2 + e3 + e4]));
    expect(statement.entries).toEqual([]);
    expect(issues.map((i) => [i.code, i.path])).toEqual([
      ["CURRENCY_UNKNOWN", "/Document/BkToCstmrStmt/Stmt[1]/Ntry[1]/Amt"],
      ["CURRENCY_UNKNOWN", "/Document/BkToCstmrStmt/Stmt[1]/Ntry[2]/Amt"],
      ["CAMT_ELEMENT_MISSING", "/Document/BkToCstmrStmt/Stmt[1]/Ntry[3]"],
      ["CAMT_VALUE_INVALID", "/Document/BkToCstmrStmt/Stmt[1]/Ntry[4]/CdtDbtInd"],
    ]);
  });

  it("leaves out an invalid date with an error and keeps the entry", () => {
    const { entry: e, issues } = onlyEntry(
      '<Ntry><Amt Ccy="EUR">1</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2024-02-30</Dt></BookgDt></Ntry>',
    );
    expect(e.bookingDate).toBeUndefined();
    expect(issues).toMatchObject([{ code: "DATE_INVALID", path: "/Document/BkToCstmrStmt/Stmt[1]/Ntry[1]/BookgDt/Dt" }]);
  });

  it("keeps a batch detail whose amount is unreadable without amount, reporting it", () => {
    const tx = (a: string) => `<TxDtls><Amt Ccy="EUR">${a}</Amt></TxDtls>`;
    const { entry: e, issues } = onlyEntry(entry("3.00", true, `<NtryDtls>${tx("1.00")}${tx("x")}</NtryDtls>`));
    expect(e.details.map((d) => money(d.amount))).toEqual(["1.00 EUR", undefined]);
    expect(issues.map((i) => i.code)).toEqual(["MONEY_INVALID"]);
  });

  it("refuses XML that is not well-formed with the reader's code and its line and column, and never throws", () => {
    // The end tag `</Acct` runs on to the next line, where `<` cannot continue it.
    const result = parseCamt(camtDocument([HEAD]).replace("</Acct>", "</Acct"), { format: "camt.053", encoding: "utf-8" });
    expect(result.statements).toEqual([]);
    expect(result.rejected).toMatchObject({ code: "XML_MALFORMED", line: 7 });
    expect(result.rejected?.message).toMatch(/\(line 7, column 1\)$/);
  });

  it("refuses a document without any camt message as FORMAT_UNSUPPORTED", () => {
    expect(parseCamt("<Document><pain/></Document>", { format: "camt.053", encoding: "utf-8" }).rejected?.code).toBe("FORMAT_UNSUPPORTED");
  });
});
