import { describe, expect, it } from "vitest";
import { formatMoney } from "../../core/index.js";
import { parseOfx } from "./parse-ofx.js";

const context = { format: "ofx", encoding: "utf-8" };
const SGML_HEADER =
  "OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\nSECURITY:NONE\nENCODING:USASCII\nCHARSET:1252\nCOMPRESSION:NONE\nOLDFILEUID:NONE\nNEWFILEUID:NONE\n\n";

/** A bank statement response around `transactions` (STMTTRN elements), in SGML. */
function bank(transactions: string, extra = "") {
  return `${SGML_HEADER}<OFX><BANKMSGSRSV1><STMTTRNRS><TRNUID>1<STATUS><CODE>0<SEVERITY>INFO</STATUS><STMTRS><CURDEF>USD<BANKACCTFROM><BANKID>121000358<ACCTID>998877<ACCTTYPE>CHECKING</BANKACCTFROM><BANKTRANLIST><DTSTART>20240101<DTEND>20240131${transactions}</BANKTRANLIST><LEDGERBAL><BALAMT>10.00<DTASOF>20240131</LEDGERBAL>${extra}</STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>`;
}

describe("#parseOfx transactions", () => {
  it("maps TRNTYPE, FITID, CHECKNUM, REFNUM, NAME, MEMO and keeps DTUSER and unknown elements as bank data", () => {
    const r = parseOfx(
      bank(
        "<STMTTRN><TRNTYPE>check<DTPOSTED>20240105<DTUSER>20240103<TRNAMT>-25.00<FITID>F1<CHECKNUM>319<REFNUM>R-9<NAME>Corner Shop<MEMO>Thank you<SIC>5411<X-BANK.TAG>v</STMTTRN>",
      ),
      context,
    );
    const e = r.statements[0]!.entries[0]!;
    expect(e).toMatchObject({
      bookingDate: "2024-01-05",
      references: { bankReference: "F1", chequeNumber: "319", customerReference: "R-9" },
      counterparty: { name: "Corner Shop" },
      remittance: { unstructured: ["Thank you"] },
      bankTransactionCode: { proprietary: { code: "CHECK", issuer: "OFX" } },
      bankData: { DTUSER: "20240103", SIC: "5411", "X-BANK.TAG": "v" },
      source: { path: "/OFX/BANKMSGSRSV1/STMTTRNRS[1]/STMTRS/BANKTRANLIST/STMTTRN[1]" },
    });
  });

  it("takes the payee from a PAYEE aggregate, with its address, and the counterparty account from BANKACCTTO", () => {
    const r = parseOfx(
      bank(
        "<STMTTRN><TRNTYPE>PAYMENT<DTPOSTED>20240105<TRNAMT>-99.00<FITID>F2<PAYEE><NAME>City Water<ADDR1>1 Main St<CITY>Springfield<STATE>IL<POSTALCODE>62701<PHONE>555-0100</PAYEE><BANKACCTTO><BANKID>071000013<ACCTID>55501<ACCTTYPE>CHECKING</BANKACCTTO></STMTTRN>",
      ),
      context,
    );
    expect(r.statements[0]!.entries[0]?.counterparty).toEqual({
      name: "City Water",
      address: ["1 Main St", "Springfield", "IL", "62701"],
      account: "55501",
      bankId: "071000013",
    });
  });

  it("reports empty FITIDs once per statement and keeps the transactions without a bank id (securo)", () => {
    const r = parseOfx(
      bank(
        "<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20240105<TRNAMT>-1.00<FITID></STMTTRN><STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20240106<TRNAMT>-2.00<FITID> </STMTTRN>",
      ),
      context,
    );
    expect(r.statements[0]!.entries.map((e) => e.references)).toEqual([undefined, undefined]);
    expect(r.issues.map((i) => [i.code, i.details])).toEqual([["OFX_FITID_MISSING", { transactions: 2 }]]);
  });

  it("reports a FITID repeated within a statement (OFX_FITID_DUPLICATE), naming both transactions, and keeps both entries", () => {
    const t = (id: string, day: string) => `<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>202401${day}<TRNAMT>-1.00<FITID>${id}</STMTTRN>`;
    const list = "/OFX/BANKMSGSRSV1/STMTTRNRS[1]/STMTRS/BANKTRANLIST";
    const r = parseOfx(bank(t("F1", "05") + t("F2", "06") + t("F1", "07") + t("F1", "08")), context);
    expect(r.statements[0]!.entries.map((e) => e.references?.bankReference)).toEqual(["F1", "F2", "F1", "F1"]);
    expect(r.issues).toEqual(
      [3, 4].map((n) => ({
        severity: "warning",
        code: "OFX_FITID_DUPLICATE",
        message: `FITID "F1" of STMTTRN[${n}] is also the FITID of STMTTRN[1]: FITIDs are unique per account (OFX 3.2.1); both transactions are kept, and an import that matches on the bank reference would take them for one`,
        path: `${list}/STMTTRN[${n}]`,
        details: { fitId: "F1", first: `${list}/STMTTRN[1]` },
      })),
    );
  });

  it("reads corrections (CORRECTFITID, CORRECTACTION): a DELETE is information, not a booking; each names what it corrects (OFX_CORRECTION)", () => {
    const t = (id: string, amount: string, extra = "") =>
      `<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20240105<TRNAMT>${amount}<FITID>${id}${extra}</STMTTRN>`;
    const list = "/OFX/BANKMSGSRSV1/STMTTRNRS[1]/STMTRS/BANKTRANLIST";
    const r = parseOfx(
      bank(
        t("A", "-1.00") +
          t("B", "-2.00") +
          t("C", "-1.50", "<CORRECTFITID>A<CORRECTACTION>REPLACE") +
          t("D", "-2.00", "<CORRECTFITID>B<CORRECTACTION>DELETE") +
          t("E", "-9.00", "<CORRECTFITID> OLD <CORRECTACTION>delete"),
      ),
      context,
    );
    // The corrected transactions are kept as written: a streamed statement has handed them on before their
    // correction comes, and both readings give the same result (parse-ofx-stream.test.ts).
    expect(r.statements[0]!.entries.map((e) => [e.references?.bankReference, formatMoney(e.amount), e.status])).toEqual([
      ["A", "-1.00", "booked"],
      ["B", "-2.00", "booked"],
      ["C", "-1.50", "booked"],
      ["D", "-2.00", "information"],
      ["E", "-9.00", "information"],
    ]);
    expect(r.statements[0]!.entries[3]?.bankData).toEqual({ CORRECTFITID: "B", CORRECTACTION: "DELETE" });
    expect(r.issues).toEqual([
      {
        severity: "warning",
        code: "OFX_CORRECTION",
        message: `STMTTRN[3] (FITID "C") replaces the transaction with FITID "A" (STMTTRN[1] of this statement, which is kept as written too): it is kept as a booking; drop the replaced transaction where it was imported`,
        path: `${list}/STMTTRN[3]`,
        details: { action: "REPLACE", corrects: "A", fitId: "C", corrected: `${list}/STMTTRN[1]` },
      },
      {
        severity: "warning",
        code: "OFX_CORRECTION",
        message: `STMTTRN[4] (FITID "D") deletes the transaction with FITID "B" (STMTTRN[2] of this statement, which is kept as written too): it is kept as information, not as a booking; delete the corrected transaction where it was imported`,
        path: `${list}/STMTTRN[4]`,
        details: { action: "DELETE", corrects: "B", fitId: "D", corrected: `${list}/STMTTRN[2]` },
      },
      {
        severity: "warning",
        code: "OFX_CORRECTION",
        message: `STMTTRN[5] (FITID "E") deletes the transaction with FITID "OLD" (sent earlier): it is kept as information, not as a booking; delete the corrected transaction where it was imported`,
        path: `${list}/STMTTRN[5]`,
        details: { action: "DELETE", corrects: "OLD", fitId: "E" },
      },
    ]);
  });

  it("reads a correction without its FITID or action, or with an unknown action, as an ordinary transaction (OFX_CORRECTION_INVALID)", () => {
    const t = (id: string, extra: string) => `<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20240105<TRNAMT>-1.00<FITID>${id}${extra}</STMTTRN>`;
    const r = parseOfx(
      bank(t("A", "<CORRECTACTION>DELETE") + t("B", "<CORRECTFITID>A") + t("C", "<CORRECTFITID>A<CORRECTACTION>UNDO")),
      context,
    );
    expect(r.statements[0]!.entries.map((e) => e.status)).toEqual(["booked", "booked", "booked"]);
    expect(r.issues.map((i) => [i.code, i.message, i.details])).toEqual([
      [
        "OFX_CORRECTION_INVALID",
        'STMTTRN[1] (FITID "A") has CORRECTACTION DELETE but no CORRECTFITID: it is read as an ordinary transaction',
        { action: "DELETE" },
      ],
      [
        "OFX_CORRECTION_INVALID",
        'STMTTRN[2] (FITID "B") names CORRECTFITID "A" but no CORRECTACTION: it is read as an ordinary transaction',
        { corrects: "A" },
      ],
      [
        "OFX_CORRECTION_INVALID",
        'STMTTRN[3] (FITID "C") has CORRECTACTION "UNDO", which is neither DELETE nor REPLACE: it is read as an ordinary transaction',
        { corrects: "A", action: "UNDO" },
      ],
    ]);
  });

  it("reads a memo broken with <BR/> (ING Australia) as lines, in 1.x and 2.x, and a name broken so as one line", () => {
    const memo = "Cash amount $10.00<BR/>Date 23 Feb 2020<br>Card 4622";
    const sgml = parseOfx(
      bank(`<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20240105<TRNAMT>-50<FITID>F1<NAME>ING<BR/>Direct<MEMO>${memo}</STMTTRN>`),
      context,
    );
    expect(sgml.issues).toEqual([]);
    const xml = parseOfx(
      `<?xml version="1.0"?><?OFX OFXHEADER="200" VERSION="211"?><OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><CURDEF>AUD</CURDEF><BANKACCTFROM><ACCTID>1</ACCTID></BANKACCTFROM><BANKTRANLIST><STMTTRN><DTPOSTED>20240105</DTPOSTED><TRNAMT>-50</TRNAMT><FITID>F1</FITID><NAME>ING<BR/>Direct</NAME><MEMO>${memo}</MEMO></STMTTRN></BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>`,
      context,
    );
    for (const r of [sgml, xml]) {
      const e = r.statements[0]!.entries[0]!;
      expect([e.counterparty?.name, e.remittance?.unstructured]).toEqual([
        "ING Direct",
        ["Cash amount $10.00", "Date 23 Feb 2020", "Card 4622"],
      ]);
    }
  });

  it("reads a CURRENCY without CURRATE as written, in the statement's currency, and says so (OFX_CURRENCY_RATE_MISSING)", () => {
    const r = parseOfx(
      bank("<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20240105<TRNAMT>-10.00<FITID>F1<CURRENCY><CURSYM>EUR</CURRENCY></STMTTRN>"),
      context,
    );
    expect(formatMoney(r.statements[0]!.entries[0]!.amount)).toBe("-10.00");
    expect(r.statements[0]!.entries[0]!.amount.currency).toBe("USD");
    expect(r.issues.map((i) => [i.code, i.details])).toEqual([
      ["OFX_CURRENCY_RATE_MISSING", { currency: "EUR", statementCurrency: "USD", element: "CURRENCY" }],
    ]);
  });

  it("counts OFX 2.2's pending transactions (BANKTRANLISTP) and does not read them, keeping DTTRAN of posted ones", () => {
    // Without a FITID, the posted transaction of a later download could not replace a stored pending one.
    const pending =
      "<BANKTRANLISTP><DTASOF>20240131<STMTTRNP><TRNTYPE>POS<DTTRAN>20240130093000[-5:EST]<DTEXPIRE>20240206<TRNAMT>-42.00<NAME>Cafe</STMTTRNP><STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20240131<TRNAMT>-7.00<FITID>F1</STMTTRN></BANKTRANLISTP>";
    const r = parseOfx(bank("<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20240105<DTTRAN>20240104<TRNAMT>-1.00<FITID>F1</STMTTRN>", pending), context);
    const e = r.statements[0]!.entries;
    expect(e.map((x) => [x.status, x.bookingDate, formatMoney(x.amount), x.bankData])).toEqual([
      ["booked", "2024-01-05", "-1.00", { DTTRAN: "20240104" }],
    ]);
    expect(r.issues).toEqual([
      {
        severity: "warning",
        code: "OFX_PENDING_SKIPPED",
        message:
          "2 pending transaction(s) (BANKTRANLISTP) were not read: they have no FITID, so the posted transaction a later download brings could not replace them",
        path: "/OFX/BANKMSGSRSV1/STMTTRNRS[1]/STMTRS/BANKTRANLISTP",
        details: { transactions: 2 },
      },
    ]);
  });

  it("keeps <BR/> at the start of a memo's next line as a line break, not a tag that ends the memo", () => {
    const r = parseOfx(
      bank("\n<STMTTRN>\n<TRNTYPE>DEBIT\n<DTPOSTED>20240105\n<TRNAMT>-1\n<FITID>A\n<MEMO>Foo <br/> bar\n<BR/>baz\n<NAME>X\n</STMTTRN>\n"),
      context,
    );
    expect([r.statements[0]!.entries[0]?.remittance?.unstructured, r.statements[0]!.entries[0]?.counterparty?.name]).toEqual([
      ["Foo", "bar", "baz"],
      "X",
    ]);
  });

  it("checks FITIDs per statement, also for transactions read before a late CURDEF", () => {
    const t = (id: string) => `<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20240105<TRNAMT>-1.00<FITID>${id}</STMTTRN>`;
    // The same FITID in two statements (two accounts) is no duplicate.
    const two = parseOfx(bank(t("F1")) + bank(t("F1")).slice(SGML_HEADER.length), context);
    expect([two.statements.length, two.issues]).toEqual([2, []]);
    // Without CURDEF the transactions wait for the end of the statement; they are checked there.
    const late = parseOfx(
      bank(t("F1") + t("F1"))
        .replace("<CURDEF>USD", "")
        .replace("</STMTRS>", "<CURDEF>USD</STMTRS>"),
      context,
    );
    expect(late.issues.map((i) => [i.code, i.path])).toEqual([
      ["OFX_FITID_DUPLICATE", "/OFX/BANKMSGSRSV1/STMTTRNRS[1]/STMTRS/BANKTRANLIST/STMTTRN[2]"],
    ]);
  });

  it("ends a STMTTRN whose end tag is missing when the next STMTTRN begins, keeping it (OFX_AGGREGATE_UNCLOSED)", () => {
    const t = (id: string) => `<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20240105<TRNAMT>-${id}.00<FITID>${id}`;
    const list = "/OFX/BANKMSGSRSV1/STMTTRNRS[1]/STMTRS/BANKTRANLIST";
    const r = parseOfx(bank(t("1") + t("2") + t("3")), context);
    expect(r.statements[0]!.entries.map((e) => [e.references?.bankReference, formatMoney(e.amount), e.source?.path])).toEqual([
      ["1", "-1.00", `${list}/STMTTRN[1]`],
      ["2", "-2.00", `${list}/STMTTRN[2]`],
      ["3", "-3.00", `${list}/STMTTRN[3]`],
    ]);
    expect(r.issues.map((i) => [i.severity, i.code, i.path, i.details])).toEqual([
      ["warning", "OFX_AGGREGATE_UNCLOSED", `${list}/STMTTRN[1]`, { element: "STMTTRN" }],
      ["warning", "OFX_AGGREGATE_UNCLOSED", `${list}/STMTTRN[2]`, { element: "STMTTRN" }],
    ]);
  });

  it("ends a STMTRS whose end tag is missing when the next STMTRS begins, keeping both statements (OFX_AGGREGATE_UNCLOSED)", () => {
    const t = (id: string) => `<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20240105<TRNAMT>-${id}.00<FITID>${id}`;
    const account = (id: string) =>
      `<STMTRS><CURDEF>USD<BANKACCTFROM><BANKID>121000358<ACCTID>${id}<ACCTTYPE>CHECKING</BANKACCTFROM><BANKTRANLIST><DTSTART>20240101<DTEND>20240131`;
    const text = `${SGML_HEADER}<OFX><BANKMSGSRSV1><STMTTRNRS><TRNUID>1<STATUS><CODE>0<SEVERITY>INFO</STATUS>${account("111")}${t("1")}${account("222")}${t("2")}</BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>`;
    const r = parseOfx(text, context);
    expect(r.statements.map((s) => [s.account.id, s.entries.map((e) => formatMoney(e.amount))])).toEqual([
      ["111", ["-1.00"]],
      ["222", ["-2.00"]],
    ]);
    expect(r.issues.filter((i) => i.code === "OFX_AGGREGATE_UNCLOSED").map((i) => [i.details?.element, i.path])).toEqual([
      ["STMTTRN", "/OFX/BANKMSGSRSV1/STMTTRNRS[1]/STMTRS/BANKTRANLIST/STMTTRN[1]"],
      ["STMTRS", "/OFX/BANKMSGSRSV1/STMTTRNRS[1]/STMTRS"],
    ]);
  });

  it("keeps the next message set's and the next response's transactions after a card transaction whose end tags are missing", () => {
    const t = (id: string) => `<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20240105<TRNAMT>-${id}.00<FITID>${id}`;
    const card = (id: string) =>
      `<CCSTMTTRNRS><TRNUID>${id}<STATUS><CODE>0<SEVERITY>INFO</STATUS><CCSTMTRS><CURDEF>USD<CCACCTFROM><ACCTID>${id}</CCACCTFROM><BANKTRANLIST><DTSTART>20240101<DTEND>20240131`;
    const bankRs = `<BANKMSGSRSV1><STMTTRNRS><TRNUID>2<STATUS><CODE>0<SEVERITY>INFO</STATUS><STMTRS><CURDEF>USD<BANKACCTFROM><BANKID>1<ACCTID>222<ACCTTYPE>CHECKING</BANKACCTFROM><BANKTRANLIST><DTSTART>20240101<DTEND>20240131${t("3")}</STMTTRN></BANKTRANLIST><LEDGERBAL><BALAMT>5<DTASOF>20240131</LEDGERBAL></STMTRS></STMTTRNRS></BANKMSGSRSV1>`;
    // The card message set never ends: the bank's begins inside its last transaction. Its STMTTRN used to end the
    // bank statement (back to the card's open STMTTRN) and be lost.
    const r = parseOfx(`${SGML_HEADER}<OFX><CREDITCARDMSGSRSV1>${card("111")}${t("1")}${t("2")}\n${bankRs}</OFX>`, context);
    expect(r.statements.map((s) => [s.account.id, s.entries.map((e) => formatMoney(e.amount))])).toEqual([
      ["111", ["-1.00", "-2.00"]],
      ["222", ["-3.00"]],
    ]);
    expect(r.statements[1]?.closingBalance?.amount.minor).toBe(500n);
    expect(r.issues.map((i) => i.code)).toEqual(["OFX_AGGREGATE_UNCLOSED", "OFX_AGGREGATE_UNCLOSED", "OFX_AGGREGATE_UNCLOSED"]);
    // The same for a second card response of the same message set (a guard: this one was read before too).
    const two = parseOfx(`${SGML_HEADER}<OFX><CREDITCARDMSGSRSV1>${card("111")}${t("1")}${card("444")}${t("4")}${t("5")}</OFX>`, context);
    expect(two.statements.map((s) => [s.account.id, s.entries.map((e) => formatMoney(e.amount))])).toEqual([
      ["111", ["-1.00"]],
      ["444", ["-4.00", "-5.00"]],
    ]);
    // However many responses are left open: they follow each other, never nesting past the deepest kept (review:
    // de7534a read 63 of 100, then lost the accounts).
    const many = Array.from({ length: 100 }, (_, i) => `${card(String(1000 + i))}${t("1")}`).join("\n");
    const hundred = parseOfx(`${SGML_HEADER}<OFX><CREDITCARDMSGSRSV1>${many}</OFX>`, context);
    expect(hundred.statements.map((s) => s.account.id)).toEqual(Array.from({ length: 100 }, (_, i) => String(1000 + i)));
    expect(hundred.statements.every((s) => s.entries.length === 1)).toBe(true);
    // A bank statement whose STMTTRNs have no BANKTRANLIST, after a card transaction left open (review).
    const noList = `<BANKMSGSRSV1><STMTTRNRS><TRNUID>2<STMTRS><CURDEF>USD<BANKACCTFROM><BANKID>1<ACCTID>222<ACCTTYPE>CHECKING</BANKACCTFROM>${t("3")}</STMTTRN><LEDGERBAL><BALAMT>5<DTASOF>20240131</LEDGERBAL></STMTRS></STMTTRNRS></BANKMSGSRSV1>`;
    const bare = parseOfx(`${SGML_HEADER}<OFX><CREDITCARDMSGSRSV1>${card("111")}${t("1")}\n${noList}</OFX>`, context);
    expect(bare.statements.map((s) => [s.account.id, s.entries.map((e) => formatMoney(e.amount)), s.closingBalance?.amount.minor])).toEqual(
      [
        ["111", ["-1.00"], undefined],
        ["222", ["-3.00"], 500n],
      ],
    );
  });

  it("ends a transaction and its list whose end tags are missing when the statement's balance begins", () => {
    const t = (id: string) => `<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20240105<TRNAMT>-${id}.00<FITID>${id}`;
    const text = `${SGML_HEADER}<OFX><BANKMSGSRSV1><STMTTRNRS><TRNUID>1<STMTRS><CURDEF>USD<BANKACCTFROM><BANKID>1<ACCTID>2<ACCTTYPE>CHECKING</BANKACCTFROM><BANKTRANLIST><DTSTART>20240101<DTEND>20240131${t("1")}${t("2")}<LEDGERBAL><BALAMT>97.00<DTASOF>20240131</LEDGERBAL><AVAILBAL><BALAMT>90.00<DTASOF>20240131</AVAILBAL></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>`;
    const r = parseOfx(text, context);
    expect(r.statements.map((s) => [s.entries.length, s.closingBalance?.amount.minor, s.balances.length])).toEqual([[2, 9700n, 1]]);
  });

  it("keeps every one of many transactions without end tags, however many (they never nest)", () => {
    const t = (id: number) => `<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20240105<TRNAMT>-1.00<FITID>F${id}<NAME>x\n`;
    const r = parseOfx(bank(Array.from({ length: 600 }, (_, i) => t(i + 1)).join("")), context);
    expect(r.statements[0]!.entries.map((e) => e.references?.bankReference)).toEqual(Array.from({ length: 600 }, (_, i) => `F${i + 1}`));
    // 599 findings, the first 100 listed and the rest counted in one more (as for every OFX code).
    expect([...new Set(r.issues.map((i) => i.code))]).toEqual(["OFX_AGGREGATE_UNCLOSED"]);
    expect(r.issues).toHaveLength(101);
  });

  it("applies the same rule to markup in an OFX 2 (XML) text, read on as SGML from the tag", () => {
    const xml = (memo: string) =>
      `<?xml version="1.0"?><?OFX OFXHEADER="200" VERSION="200"?><OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><CURDEF>USD</CURDEF><BANKACCTFROM><ACCTID>1</ACCTID></BANKACCTFROM><BANKTRANLIST><STMTTRN><DTPOSTED>20240101</DTPOSTED><TRNAMT>1</TRNAMT><FITID>a</FITID><MEMO>${memo}</MEMO><NAME>Shop</NAME></STMTTRN></BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>`;
    const read = (memo: string) => {
      const r = parseOfx(xml(memo), context);
      const e = r.statements[0]!.entries[0]!;
      return [e.remittance?.unstructured, e.counterparty?.name, r.issues.find((i) => i.code === "OFX_MARKUP_IN_TEXT")?.details?.readAs];
    };
    expect(read("Order <ABC> done")).toEqual([["Order <ABC> done"], "Shop", "text"]);
    expect(read("a <b>bold</b> c")).toEqual([["a <b>bold</b> c"], "Shop", "text"]);
  });

  it("keeps markup that is not an OFX element inside a text as text, and reports it (OFX_MARKUP_IN_TEXT)", () => {
    const t = (memo: string) => `<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20240105<TRNAMT>-1.00<FITID>F1<MEMO>${memo}<NAME>Shop</STMTTRN>`;
    const read = (memo: string) => {
      const r = parseOfx(bank(t(memo)), context);
      const e = r.statements[0]!.entries[0]!;
      return {
        memo: e.remittance?.unstructured,
        name: e.counterparty?.name,
        bankData: e.bankData,
        issues: r.issues.map((i) => [i.code, i.path, i.details]),
      };
    };
    const path = "/OFX/BANKMSGSRSV1/STMTTRNRS[1]/STMTRS/BANKTRANLIST/STMTTRN[1]";
    expect(read("Order <ABC> done")).toEqual({
      memo: ["Order <ABC> done"],
      name: "Shop",
      bankData: undefined,
      issues: [["OFX_MARKUP_IN_TEXT", path, { markup: "<ABC>", leaf: "MEMO", readAs: "text" }]],
    });
    expect(read("a<b c\n")).toMatchObject({
      memo: ["a<b c"],
      name: "Shop",
      issues: [["OFX_MARKUP_IN_TEXT", path, { markup: "<b c", leaf: "MEMO", readAs: "text" }]],
    });
    expect(read("a <b>bold</b> c")).toMatchObject({ memo: ["a <b>bold</b> c"], name: "Shop", bankData: undefined });
  });

  it("still reads bank extension elements after a value: names with a period silently, others with a warning", () => {
    const r = parseOfx(
      bank(
        "<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20240105<TRNAMT>-1.00<FITID>F1<NAME>Shop<INTU.BID>3000<BANKNAME.X>y<MEMO>m<CATEGORY>food\n<VALUEDATE>20240106</STMTTRN>" +
          "<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20240105<TRNAMT>-1.00<FITID>F2<MEMO>m<INTU.EXT><INTU.A>v</INTU.EXT><CATEGORY>rent</STMTTRN>",
      ),
      context,
    );
    expect(r.statements[0]!.entries.map((e) => [e.counterparty?.name, e.remittance?.unstructured, e.bankData])).toEqual([
      ["Shop", ["m"], { "INTU.BID": "3000", "BANKNAME.X": "y", CATEGORY: "food", VALUEDATE: "20240106" }],
      [undefined, ["m"], { "INTU.A": "v", CATEGORY: "rent" }],
    ]);
    // CATEGORY follows MEMO's text on its line: it could be text of the memo, so it is reported, once per name.
    expect(r.issues.map((i) => [i.code, i.details])).toEqual([
      ["OFX_MARKUP_IN_TEXT", { markup: "<CATEGORY>", leaf: "MEMO", readAs: "element" }],
    ]);
  });

  it("keeps an ORIGCURRENCY rate without an original amount when the division is not exact", () => {
    const r = parseOfx(
      bank(
        "<STMTTRN><TRNTYPE>POS<DTPOSTED>20240105<TRNAMT>-10.00<FITID>F3<ORIGCURRENCY><CURRATE>1.0828<CURSYM>EUR</ORIGCURRENCY></STMTTRN>",
      ),
      context,
    );
    const e = r.statements[0]!.entries[0]!;
    expect(e.originalAmount).toBeUndefined();
    expect(e.exchangeRate).toEqual({ rate: "1.0828", sourceCurrency: "EUR", targetCurrency: "USD", unitCurrency: "EUR" });
    expect(formatMoney(e.amount)).toBe("-10.00");
  });

  it("ignores a CURRENCY aggregate in the statement's own currency (Fidelity writes CURRATE 1.00 CURSYM USD)", () => {
    const r = parseOfx(
      bank("<STMTTRN><TRNTYPE>POS<DTPOSTED>20240105<TRNAMT>-10.00<FITID>F4<CURRENCY><CURRATE>1.00<CURSYM>USD</CURRENCY></STMTTRN>"),
      context,
    );
    const e = r.statements[0]!.entries[0]!;
    expect([e.originalAmount, e.exchangeRate, formatMoney(e.amount)]).toEqual([undefined, undefined, "-10.00"]);
  });
});

describe("#parseOfx currencies and repeated elements (differential hunt)", () => {
  const withCurdef = (curdef: string, transactions: string, extra = "") =>
    bank(transactions, extra).replace("<CURDEF>USD", `<CURDEF>${curdef}`);
  const TXN = (fitId: string, more = "") => `<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20240105<TRNAMT>-100.00<FITID>${fitId}${more}</STMTTRN>`;

  it("never takes the statement currency from a transaction that names another one: a foreign payment is in CURSYM", () => {
    const r = parseOfx(withCurdef("", TXN("h1") + TXN("h2", "<CURRENCY><CURRATE>7.54<CURSYM>EUR</CURRENCY>")), context);
    expect(r.statements.flatMap((s) => s.entries)).toEqual([]);
    expect(r.issues).toContainEqual(expect.objectContaining({ severity: "error", code: "OFX_CURRENCY_MISSING" }));
  });

  it("still takes it from transactions that all name one currency at rate 1 (Commonwealth Bank's empty CURDEF)", () => {
    const cba = "<CURRENCY><CURRATE>1.0000<CURSYM>AUD</CURRENCY>";
    const r = parseOfx(withCurdef("", TXN("a1", cba) + TXN("a2", cba)), context);
    expect(r.statements[0]?.account.currency).toBe("AUD");
    expect(r.statements[0]?.entries.map((e) => formatMoney(e.amount))).toEqual(["-100.00", "-100.00"]);
  });

  it("reads withdrawn currencies (HRK before 2023) and RUR, which Russian banking software writes for RUB", () => {
    expect(parseOfx(withCurdef("HRK", TXN("k1")), context).statements[0]?.account.currency).toBe("HRK");
    expect(parseOfx(withCurdef("RUR", TXN("r1")), context).statements[0]?.account.currency).toBe("RUB");
  });

  it("converts a BALLIST balance in the currency its BAL names to CURDEF at its rate, as a transaction's amount (review)", () => {
    const bal = (fx: string) => `<BALLIST><BAL><NAME>EUR pocket<DESC>x<BALTYPE>DOLLAR<VALUE>500.00<DTASOF>20240131${fx}</BAL></BALLIST>`;
    const converted = parseOfx(bank(TXN("b1"), bal("<CURRENCY><CURRATE>1.10<CURSYM>EUR</CURRENCY>")), context);
    expect(converted.statements[0]?.balances).toContainEqual(
      expect.objectContaining({ type: "information", amount: { minor: 55_000n, scale: 2, currency: "USD" } }),
    );
    // From a currency without decimals, at no fewer decimals than CURDEF has (review: USD 6.5 crashed the store).
    const jpy = parseOfx(bank(TXN("b3"), bal("<CURRENCY><CURRATE>0.0065<CURSYM>JPY</CURRENCY>").replace("500.00", "1000")), context);
    expect(jpy.statements[0]?.balances).toContainEqual(expect.objectContaining({ amount: { minor: 650n, scale: 2, currency: "USD" } }));
    // Without CURRATE it is kept as written, and said, as a transaction's amount is.
    const noRate = parseOfx(bank(TXN("b4"), bal("<CURRENCY><CURSYM>EUR</CURRENCY>")), context);
    expect(noRate.statements[0]?.balances).toContainEqual(
      expect.objectContaining({ amount: { minor: 50_000n, scale: 2, currency: "USD" } }),
    );
    expect(noRate.issues).toContainEqual(expect.objectContaining({ code: "OFX_CURRENCY_RATE_MISSING" }));
    // ORIGCURRENCY (the value is CURDEF's already) and a CURRENCY without CURSYM leave it as written.
    for (const fx of ["<ORIGCURRENCY><CURRATE>1.10<CURSYM>EUR</ORIGCURRENCY>", "<CURRENCY><CURRATE>1.10</CURRENCY>"]) {
      expect(parseOfx(bank(TXN("b2"), bal(fx)), context).statements[0]?.balances).toContainEqual(
        expect.objectContaining({ amount: { minor: 50_000n, scale: 2, currency: "USD" } }),
      );
    }
  });

  it("takes the currency from transactions at a rate of 1 written with a comma, passing over those that name none (review)", () => {
    const aud = (rate: string) => `<CURRENCY><CURRATE>${rate}<CURSYM>AUD</CURRENCY>`;
    const r = parseOfx(
      withCurdef("", TXN("c1", aud("1,0000")) + TXN("c2") + TXN("c3", "<ORIGCURRENCY><CURRATE>0.65<CURSYM>USD</ORIGCURRENCY>")),
      context,
    );
    expect(r.statements[0]?.account.currency).toBe("AUD");
  });

  it("keeps a NAME beside the PAYEE's name as bank data, and a second MEMO as a second line", () => {
    const r = parseOfx(bank(TXN("n1", "<NAME>SHORT<PAYEE><NAME>Full Payee Name</PAYEE><MEMO>first<MEMO>second")), context);
    const e = r.statements[0]?.entries[0];
    expect(e?.counterparty?.name).toBe("Full Payee Name");
    expect(e?.bankData).toEqual({ NAME: "SHORT" });
    expect(e?.remittance?.unstructured).toEqual(["first", "second"]);
    // An empty MEMO after one with text adds nothing and takes nothing away.
    expect(parseOfx(bank(TXN("n2", "<MEMO>first<MEMO>")), context).statements[0]?.entries[0]?.remittance?.unstructured).toEqual(["first"]);
  });
});

describe("#parseOfx: OFX element names written as words of a text (differential hunt)", () => {
  const TXN = (more: string) => `<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20240105<TRNAMT>-100.00<FITID>w1${more}</STMTTRN>`;
  const entryOf = (more: string) => parseOfx(bank(TXN(more)), context);

  it("keeps one the transaction has already, or one that is no part of a transaction, in the text, and says so", () => {
    const named = entryOf("<NAME>ACME CORP<MEMO>Invoice for <NAME> ref 42");
    expect(named.statements[0]?.entries[0]).toMatchObject({
      counterparty: { name: "ACME CORP" },
      remittance: { unstructured: ["Invoice for <NAME> ref 42"] },
    });
    expect(named.issues).toContainEqual(
      expect.objectContaining({ code: "OFX_MARKUP_IN_TEXT", details: expect.objectContaining({ markup: "<NAME>", misplaced: true }) }),
    );
    expect(entryOf("<NAME>ACME<MEMO>Refund <TRNAMT> pending").statements[0]?.entries[0]?.remittance?.unstructured).toEqual([
      "Refund <TRNAMT> pending",
    ]);
    expect(entryOf("<NAME>ACME<MEMO>RE: <STATUS> update").statements[0]?.entries[0]?.remittance?.unstructured).toEqual([
      "RE: <STATUS> update",
    ]);
    // Aggregates of no transaction that cannot follow one either (fourth review).
    expect(entryOf("<NAME>Transfer to <BANKACCTFROM> 555").statements[0]?.entries[0]?.counterparty?.name).toBe(
      "Transfer to <BANKACCTFROM> 555",
    );
    expect(entryOf("<NAME>ACME<MEMO>Move <BAL> to savings").statements[0]?.entries[0]?.remittance?.unstructured).toEqual([
      "Move <BAL> to savings",
    ]);
    const code = entryOf("<NAME>ACME<MEMO>Ref <CODE> 123").statements[0]?.entries[0];
    expect(code?.remittance?.unstructured).toEqual(["Ref <CODE> 123"]);
    expect(code?.bankData).toBeUndefined();
  });

  it("reads what follows a transaction whose end tag is missing as before: the next STMTTRN, LEDGERBAL (review)", () => {
    const two = parseOfx(
      bank(`${TXN("<NAME>ACME<MEMO>first memo ").replace("</STMTTRN>", "")} ${TXN("<NAME>BETA<MEMO>second").replace("w1", "w2")}`),
      context,
    );
    expect(two.statements[0]?.entries.map((e) => [e.references?.bankReference, e.remittance?.unstructured])).toEqual([
      ["w1", ["first memo"]],
      ["w2", ["second"]],
    ]);
    expect(two.issues.map((i) => i.code)).toContain("OFX_AGGREGATE_UNCLOSED");
    const text = `${SGML_HEADER}<OFX><BANKMSGSRSV1><STMTTRNRS><TRNUID>1<STATUS><CODE>0<SEVERITY>INFO</STATUS><STMTRS><CURDEF>USD<BANKACCTFROM><BANKID>1<ACCTID>2<ACCTTYPE>CHECKING</BANKACCTFROM><BANKTRANLIST><DTSTART>20240101<DTEND>20240131<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20240105<TRNAMT>-1.00<FITID>x<MEMO>m <LEDGERBAL><BALAMT>100.00<DTASOF>20240131</LEDGERBAL></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>`;
    expect(parseOfx(text, context).statements[0]?.closingBalance?.amount).toEqual({ minor: 10_000n, scale: 2, currency: "USD" });
    // Any later message set, and statement-end responses, too (fifth review).
    for (const next of ["BILLPAYMSGSRSV1", "LOANMSGSRSV1", "STMTENDTRNRS"]) {
      const cut = text.replace("<MEMO>m <LEDGERBAL><BALAMT>100.00<DTASOF>20240131</LEDGERBAL>", `<MEMO>Rent <${next}>`);
      expect(parseOfx(cut, context).statements[0]?.entries[0]?.remittance?.unstructured, next).toEqual(["Rent"]);
    }
  });

  it("takes MEMO as often as it is written, and an empty element as not yet had (review)", () => {
    expect(entryOf("<NAME>ACME <MEMO>line1 <MEMO>line2 <MEMO>line3").statements[0]?.entries[0]?.remittance?.unstructured).toEqual([
      "line1",
      "line2",
      "line3",
    ]);
    expect(entryOf("<NAME><MEMO>Invoice <NAME>ACME").statements[0]?.entries[0]?.counterparty?.name).toBe("ACME");
    // A NAME inside the NAME's own text (its value is not stored yet) is a word of it (last review).
    expect(entryOf("<NAME>ACME <NAME>ACME2").statements[0]?.entries[0]?.counterparty?.name).toBe("ACME <NAME>ACME2");
  });

  it("still reads an element the transaction has not had yet after a value padded with a space", () => {
    const r = entryOf("<NAME>ACME CORP <MEMO>Payment ");
    expect(r.statements[0]?.entries[0]).toMatchObject({ counterparty: { name: "ACME CORP" }, remittance: { unstructured: ["Payment"] } });
    expect(r.issues.filter((i) => i.code === "OFX_MARKUP_IN_TEXT")).toEqual([]);
  });
});

describe("#parseOfx documents", () => {
  it("reads the same statement from 1.x SGML, 2.x XML, 2.x XML without its instruction, and a bare body", () => {
    const body =
      "<OFX><BANKMSGSRSV1><STMTTRNRS><TRNUID>1</TRNUID><STMTRS><CURDEF>EUR</CURDEF><BANKACCTFROM><BANKID>1</BANKID><ACCTID>2</ACCTID><ACCTTYPE>SAVINGS</ACCTTYPE></BANKACCTFROM><BANKTRANLIST><STMTTRN><TRNTYPE>INT</TRNTYPE><DTPOSTED>20240131</DTPOSTED><TRNAMT>0.42</TRNAMT><FITID>I1</FITID></STMTTRN></BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>";
    const variants = [
      `${SGML_HEADER}${body}`,
      `<?xml version="1.0" encoding="UTF-8"?>\n<?OFX OFXHEADER="200" VERSION="220" SECURITY="NONE" OLDFILEUID="NONE" NEWFILEUID="NONE"?>\n${body}`,
      `<?xml version="1.0"?>${body}`,
      `\n\n${body}`,
    ];
    const results = variants.map((v) => parseOfx(v, context));
    for (const r of results) expect(r.issues).toEqual([]);
    expect(results.map((r) => r.statements)).toEqual(variants.map(() => results[0]!.statements));
    expect(formatMoney(results[0]!.statements[0]!.entries[0]!.amount)).toBe("0.42");
  });

  it("falls back to the SGML reader, with a warning, for an XML-declared file holding an HTML entity", () => {
    const r = parseOfx(
      `<?xml version="1.0"?><?OFX OFXHEADER="200" VERSION="200"?><OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><CURDEF>USD</CURDEF><BANKACCTFROM><ACCTID>1</ACCTID></BANKACCTFROM><BANKTRANLIST><STMTTRN><DTPOSTED>20240101</DTPOSTED><TRNAMT>1</TRNAMT><FITID>a</FITID><MEMO>Caf&eacute;</MEMO></STMTTRN></BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>`,
      context,
    );
    expect(r.issues.map((i) => [i.code, i.details])).toEqual([["OFX_XML_MALFORMED", { xmlCode: "XML_ENTITY_UNKNOWN" }]]);
    expect(r.statements[0]!.entries[0]!.remittance?.unstructured).toEqual(["Café"]);
  });

  it("reads an account number that is an IBAN as an IBAN in electronic form", () => {
    const r = parseOfx(bank("").replace("<ACCTID>998877", "<ACCTID>DE89 3704 0044 0532 0130 00"), context);
    expect(r.statements[0]!.account).toMatchObject({ id: "DE89370400440532013000", scheme: "iban" });
  });

  it("refuses an investment-only document with OFX_INVESTMENT_UNSUPPORTED instead of misreading its bank transactions", () => {
    const r = parseOfx(
      `${SGML_HEADER}<OFX><INVSTMTMSGSRSV1><INVSTMTTRNRS><INVSTMTRS><CURDEF>USD<INVACCTFROM><BROKERID>b<ACCTID>X1</INVACCTFROM><INVTRANLIST><INVBANKTRAN><STMTTRN><TRNTYPE>DEP<DTPOSTED>20240101<TRNAMT>5<FITID>q</STMTTRN></INVBANKTRAN></INVTRANLIST></INVSTMTRS></INVSTMTTRNRS></INVSTMTMSGSRSV1></OFX>`,
      context,
    );
    expect(r.rejected?.code).toBe("OFX_INVESTMENT_UNSUPPORTED");
    expect(r.rejected?.details).toEqual({ element: "INVSTMTRS", account: "X1" });
  });

  it("refuses statement closing information (STMTENDRS, CCSTMTENDRS) as holding no statement, its elements read as OFX", () => {
    const closing = (rs: string, account: string, inside: string) =>
      `${SGML_HEADER}<OFX><BANKMSGSRSV1><${rs.replace("RS", "TRNRS")}><TRNUID>1<STATUS><CODE>0<SEVERITY>INFO</STATUS><${rs}><CURDEF>USD${account}${inside}</${rs}></${rs.replace("RS", "TRNRS")}></BANKMSGSRSV1></OFX>`;
    const bankClosing = closing(
      "STMTENDRS",
      "<BANKACCTFROM><BANKID>1<ACCTID>9<ACCTTYPE>CHECKING</BANKACCTFROM>",
      "<CLOSING><FITID>C1<DTOPEN>20240101<DTCLOSE>20240131<DTNEXT>20240229<BALOPEN>100.00<BALCLOSE>150.00<BALMIN>90<DEPANDCREDIT>60<CHKANDDEBIT>-10<TOTALFEES>0<TOTALINT>0<DTPOSTSTART>20240101<DTPOSTEND>20240131</CLOSING>",
    );
    const cardClosing = closing(
      "CCSTMTENDRS",
      "<CCACCTFROM><ACCTID>4111</CCACCTFROM>",
      "<CCCLOSING><FITID>C2<DTCLOSE>20240131<BALCLOSE>-50<INTYTD>0<DTPMTDUE>20240225<MINPMTDUE>25<PASTDUEAMT>0<LATEFEEAMT>0<FINCHG>0<PAYANDCREDIT>10<PURANDADV>60<DEBADJ>0<CREDITLIMIT>1000<CASHADVCREDITLIMIT>200<DTPOSTSTART>20240101<DTPOSTEND>20240131<AUTOPAY>N<LASTPMTINFO><LASTPMTDATE>20240110<LASTPMTAMT>10</LASTPMTINFO></CCCLOSING>",
    );
    for (const text of [bankClosing, cardClosing]) {
      const r = parseOfx(text, context);
      expect([r.statements.length, r.rejected?.code, r.issues.map((i) => i.code)]).toEqual([0, "OFX_NO_STATEMENTS", ["OFX_NO_STATEMENTS"]]);
    }
  });

  it("reads the bank statement of a file that also holds an investment statement, and reports the investment one", () => {
    const inv =
      "<INVSTMTMSGSRSV1><INVSTMTTRNRS><INVSTMTRS><INVACCTFROM><ACCTID>X1</INVACCTFROM></INVSTMTRS></INVSTMTTRNRS></INVSTMTMSGSRSV1>";
    const r = parseOfx(bank("").replace("</BANKMSGSRSV1>", `</BANKMSGSRSV1>${inv}`), context);
    expect(r.rejected).toBeUndefined();
    expect(r.statements).toHaveLength(1);
    expect(r.issues.map((i) => i.code)).toEqual(["OFX_INVESTMENT_UNSUPPORTED"]);
  });

  it("reports a statement without CURDEF whose transactions name no currency, and without an account number", () => {
    expect(parseOfx(bank("").replace("<CURDEF>USD", ""), context).rejected?.code).toBe("OFX_CURRENCY_MISSING");
    expect(parseOfx(bank("").replace("<ACCTID>998877", ""), context).rejected?.code).toBe("OFX_ACCOUNT_MISSING");
  });

  it("reports a document cut off before its end tags, keeping the statements it completed", () => {
    const full = bank("<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20240105<TRNAMT>-1.00<FITID>F1</STMTTRN>");
    const r = parseOfx(full.slice(0, full.indexOf("</BANKMSGSRSV1>")), context);
    expect(r.statements).toHaveLength(1);
    expect(r.issues.map((i) => i.code)).toEqual(["OFX_TRUNCATED"]);
  });

  it("reads a document without a header that starts with <OFX > or <OFX xmlns=…> (Navy Federal)", () => {
    const body = bank("<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20240105<TRNAMT>-1.00<FITID>F1</STMTTRN>").slice(SGML_HEADER.length);
    for (const root of ["<OFX >", '<OFX xmlns="http://ofx.net/ifx/2.0/ofx">', "<OFX\n>"]) {
      const r = parseOfx(body.replace("<OFX>", root), context);
      expect([r.rejected, r.statements[0]?.entries.length], root).toEqual([undefined, 1]);
    }
  });

  it("refuses a document left without statements for the reason that cost the statement, not its first error", () => {
    const r = parseOfx(
      bank(
        "<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>2024-01-05<TRNAMT>-1.00<FITID>F1</STMTTRN><STMTTRN><DTPOSTED>20240105<FITID>F2</STMTTRN>",
      ).replace("<ACCTID>998877", ""),
      context,
    );
    expect(r.rejected?.code).toBe("OFX_ACCOUNT_MISSING");
    expect(r.issues.map((i) => i.message)).toContain("transaction without an amount (TRNAMT); not read");
  });

  it("refuses text that is not OFX at all", () => {
    expect(parseOfx("hello", context).rejected?.code).toBe("FORMAT_UNSUPPORTED");
  });
});

describe("#parseOfx texts as banks cut and wrap them (bug hunt)", () => {
  const trn = (inside: string) => `<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20240105<TRNAMT>-1.00<FITID>A${inside}</STMTTRN>`;

  it("reads a NAME cut after an escaped & (`SAFEWAY STORE &amp`, no `;`) as SGML does, in 1.x and in 2.x read on as SGML", () => {
    const sgml = parseOfx(bank(trn("<NAME>SAFEWAY STORE &amp\n<MEMO>A &amp B")), context);
    expect(sgml.issues).toEqual([]);
    expect(sgml.statements[0]!.entries[0]).toMatchObject({
      counterparty: { name: "SAFEWAY STORE &" },
      remittance: { unstructured: ["A & B"] },
    });
    const xml = parseOfx(
      `<?xml version="1.0"?><?OFX OFXHEADER="200" VERSION="200"?><OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><CURDEF>USD</CURDEF><BANKACCTFROM><ACCTID>1</ACCTID></BANKACCTFROM><BANKTRANLIST><STMTTRN><DTPOSTED>20240101</DTPOSTED><TRNAMT>1</TRNAMT><FITID>a</FITID><NAME>SAFEWAY STORE &amp</NAME></STMTTRN></BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>`,
      context,
    );
    expect(xml.issues.map((i) => i.code)).toEqual(["OFX_XML_MALFORMED"]);
    expect(xml.statements[0]!.entries[0]!.counterparty?.name).toBe("SAFEWAY STORE &");
  });

  it("reads a MEMO written over several lines as lines, and a NAME over several lines as one line, in 1.x and 2.x", () => {
    // The lines kept a CR LF and the next line's indentation inside one line of the model's unstructured text.
    const sgml = parseOfx(bank(trn("<NAME>ACME\r\n  STORES INC\r\n<MEMO>line one\r\n   line two\r\n\r\nline three\r\n")), context);
    const xml = parseOfx(
      `<?xml version="1.0"?><?OFX OFXHEADER="200" VERSION="200"?><OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><CURDEF>USD</CURDEF><BANKACCTFROM><ACCTID>1</ACCTID></BANKACCTFROM><BANKTRANLIST><STMTTRN><DTPOSTED>20240101</DTPOSTED><TRNAMT>1</TRNAMT><FITID>a</FITID><NAME>ACME\n      STORES INC</NAME><MEMO>line one\n      line two\r\rline three</MEMO></STMTTRN></BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>`,
      context,
    );
    for (const r of [sgml, xml]) {
      expect(r.issues).toEqual([]);
      expect(r.statements[0]!.entries[0]).toMatchObject({
        counterparty: { name: "ACME STORES INC" },
        remittance: { unstructured: ["line one", "line two", "line three"] },
      });
    }
  });

  it("says so when a balance's DTASOF or the list's DTSTART/DTEND is not a date, rather than putting DTEND's date in silently", () => {
    const r = parseOfx(
      bank(trn(""), "<AVAILBAL><BALAMT>5.00<DTASOF>31/01/2024</AVAILBAL>")
        .replace("<DTASOF>20240131", "<DTASOF>20240231")
        // An ISO 8601 date is read (OFX_DATE_ISO); one that is no date is not.
        .replace("<DTSTART>20240101", "<DTSTART>2024-13-01"),
      context,
    );
    const statement = r.statements[0]!;
    expect(statement.closingBalance?.date).toBe("2024-01-31");
    expect(statement.period).toEqual({ to: "2024-01-31" });
    expect(r.issues.map((i) => [i.severity, i.code, i.message])).toEqual([
      ["warning", "OFX_DATE_INVALID", 'DTSTART "2024-13-01" of the transaction list is not an OFX date; the period has no start'],
      [
        "warning",
        "OFX_DATE_INVALID",
        'available balance (AVAILBAL) DTASOF "31/01/2024" is not an OFX date; the end of the period (DTEND) was used',
      ],
      [
        "warning",
        "OFX_DATE_INVALID",
        'ledger balance (LEDGERBAL) DTASOF "20240231" is not an OFX date; the end of the period (DTEND) was used',
      ],
    ]);
  });
});
