import { existsSync, readdirSync, readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Entry, Issue, Statement } from "../../core/index.js";
import { checkContinuity, checkStatement } from "../checks.js";
import { decodeDocument } from "../encoding.js";
import { parseOfx } from "./parse-ofx.js";
import { type OfxEvent, parseOfxStream } from "./parse-ofx-stream.js";
import { generateOfx } from "./sample-ofx.js";

/** The shared corpus beside the checkout (`../shared/corpus` from the repository root). */
const CORPUS = new URL("../../../../../../shared/corpus/", import.meta.url);
const CORPUS_DIRS = [
  "jseutter+ofxparse/tests/fixtures/",
  "jseutter+ofxparse/tests/fixtures/fail_nice/",
  "csingley+ofxtools/tests/data/",
].map((d) => new URL(d, CORPUS));
const HAVE_CORPUS = CORPUS_DIRS.every((d) => existsSync(d));
const SKIPPED = HAVE_CORPUS ? "" : " (corpus files skipped: ../shared/corpus is not beside this checkout)";
/** Decoded as the registry decodes them (CHARSET:1252 files included). */
const decode = (url: URL) => decodeDocument(new Uint8Array(readFileSync(url))).text;
const context = { format: "ofx", encoding: "utf-8" };

const SGML_HEADER =
  "OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\nSECURITY:NONE\nENCODING:USASCII\nCHARSET:1252\nCOMPRESSION:NONE\nOLDFILEUID:NONE\nNEWFILEUID:NONE\n\n";
const XML_HEADER =
  '<?xml version="1.0" encoding="UTF-8"?>\n<?OFX OFXHEADER="200" VERSION="211" SECURITY="NONE" OLDFILEUID="NONE" NEWFILEUID="NONE"?>\n';
const bank = (inside: string, account = "<BANKACCTFROM><BANKID>121000358</BANKID><ACCTID>998877</ACCTID></BANKACCTFROM>") =>
  `<OFX><BANKMSGSRSV1><STMTTRNRS><TRNUID>1</TRNUID><STMTRS><CURDEF>USD</CURDEF>${account}<BANKTRANLIST><DTSTART>20240101</DTSTART><DTEND>20240131</DTEND>${inside}</BANKTRANLIST><LEDGERBAL><BALAMT>10.00</BALAMT><DTASOF>20240131</DTASOF></LEDGERBAL></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>`;
const trn = (id: string, amount: string, extra = "") =>
  `<STMTTRN><TRNTYPE>DEBIT</TRNTYPE><DTPOSTED>20240105</DTPOSTED><TRNAMT>${amount}</TRNAMT><FITID>${id}</FITID>${extra}</STMTTRN>`;

/** Documents that exercise the readers' edges and the switch from XML to SGML. */
const EDGES = [
  { name: "2.x XML", text: `${XML_HEADER}${bank(trn("A", "-1.00") + trn("B", "2.50", "<MEMO>a &amp; b</MEMO>"))}` },
  {
    name: "2.x with SGML leaves (anzcc.ofx's mistake)",
    text: `${XML_HEADER}${bank(trn("A", "-1.00")).replace("<CURDEF>USD</CURDEF>", "<CURDEF>USD")}`,
  },
  {
    name: "2.x with an HTML entity late in the file",
    text: `${XML_HEADER}${bank(trn("A", "-1.00") + trn("B", "2.00", "<MEMO>Caf&eacute; &copy;</MEMO>") + trn("C", "3.00"))}`,
  },
  {
    name: "2.x with unescaped markup in a memo after a space (read on as SGML)",
    text: `${XML_HEADER}${bank(trn("A", "-1.00", "<MEMO>Order <ABC> done</MEMO>") + trn("B", "2.00", "<MEMO>m<CATEGORY>food</MEMO>"))}`,
  },
  { name: "2.x cut off in a transaction", text: `${XML_HEADER}${bank(trn("A", "-1.00") + trn("B", "2.00"))}`.slice(0, 520) },
  {
    name: "1.x SGML with comments, CDATA, a bare < and a processing instruction",
    text: `${SGML_HEADER}${bank(`${trn("A", "-1.00", "<MEMO>a < b<NAME><![CDATA[x&y]]>")}<!-- note --><?pi x?>${trn("B", "1,50")}`)}`,
  },
  {
    name: "1.x with the account after the transactions",
    text: `${SGML_HEADER}${bank(trn("A", "-1.00"), "").replace("</BANKTRANLIST>", "</BANKTRANLIST><BANKACCTFROM><ACCTID>42</BANKACCTFROM>")}`,
  },
  {
    name: "1.x without CURDEF (the transactions' currency is used)",
    text: `${SGML_HEADER}${bank(trn("A", "-1.00", "<CURRENCY><CURRATE>1<CURSYM>EUR</CURRENCY>")).replace("<CURDEF>USD</CURDEF>", "")}`,
  },
  { name: "a body without a header", text: `\n\n${bank(trn("A", "-1.00"))}` },
  {
    name: "two statements, one without ACCTID",
    text: `${SGML_HEADER}${bank(trn("A", "-1.00"))}${bank(trn("B", "1.00"), "<BANKACCTFROM></BANKACCTFROM>")}`,
  },
  {
    name: "1.x with a FITID repeated, before and after a late CURDEF",
    text: `${SGML_HEADER}${bank(trn("A", "-1.00") + trn("A", "2.00") + trn("B", "1.00"))
      .replace("<CURDEF>USD</CURDEF>", "")
      .replace("</BANKTRANLIST>", `${trn("B", "3.00")}</BANKTRANLIST><CURDEF>USD`)}`,
  },
  {
    name: "2.x with corrections of transactions in this statement and of earlier ones",
    text: `${XML_HEADER}${bank(
      trn("A", "-1.00") +
        trn("B", "-2.00") +
        trn("C", "-1.50", "<CORRECTFITID>A</CORRECTFITID><CORRECTACTION>REPLACE</CORRECTACTION>") +
        trn("D", "-2.00", "<CORRECTFITID>B</CORRECTFITID><CORRECTACTION>DELETE</CORRECTACTION>") +
        trn("E", "-9.00", "<CORRECTFITID>OLD</CORRECTFITID><CORRECTACTION>delete</CORRECTACTION>"),
    )}`,
  },
  {
    name: "1.x without a header, <OFX > with a space, memos broken with <BR/> and dotted markup in text",
    text: `${bank(trn("A", "-1.00", "<MEMO>Cash $10.00<BR/>Date 23 Feb<br>Card") + trn("B", "2.00", "<NAME>PAYPAL *SHOP <WWW.SHOP.COM><MEMO>John <j.doe@example.com>"))}`.replace(
      "<OFX>",
      "<OFX >",
    ),
  },
  {
    name: "2.x with pending transactions (BANKTRANLISTP)",
    text: `${XML_HEADER}${bank(trn("A", "-1.00")).replace(
      "</BANKTRANLIST>",
      "</BANKTRANLIST><BANKTRANLISTP><DTASOF>20240131</DTASOF><STMTTRNP><TRNTYPE>POS</TRNTYPE><DTTRAN>20240130</DTTRAN><TRNAMT>-42.00</TRNAMT><NAME>Cafe</NAME></STMTTRNP></BANKTRANLISTP>",
    )}`,
  },
  {
    name: "1.x with <BR/> at the start of a memo's next line",
    text: `${SGML_HEADER}${bank(`\n${trn("A", "-1.00", "<MEMO>Foo <br/> bar\n<BR/>baz\n<NAME>X\n")}`)}`,
  },
  {
    name: "1.x with STMTTRN end tags missing",
    text: `${SGML_HEADER}${bank(["1", "2", "3"].map((id) => trn(id, "-1.00").replace("</STMTTRN>", "")).join(""))}`,
  },
  {
    name: "1.x with markup in texts and extension elements",
    text: `${SGML_HEADER}${bank(trn("A", "-1.00", "<MEMO>Order <ABC> done<NAME>a<b c\n<INTU.BID>1<CATEGORY>x") + trn("B", "1.00", "<MEMO>a <b>b</b> c<CATEGORY>y") + trn("C", "2.00", "<NAME>ACME<MEMO>Invoice for <NAME> ref 42"))}`,
  },
  {
    // Each message set begins inside the last transaction of the one before, whose end tags are all missing.
    name: "1.x card statements left open in their last transaction, with a bank message set between them",
    text: `${SGML_HEADER}<OFX>${[
      ["CREDITCARDMSGSRSV1", "CCSTMTTRNRS", "CCSTMTRS", "<CCACCTFROM><ACCTID>111</CCACCTFROM>", ["1", "2"]],
      ["BANKMSGSRSV1", "STMTTRNRS", "STMTRS", "<BANKACCTFROM><BANKID>1<ACCTID>222<ACCTTYPE>CHECKING</BANKACCTFROM>", ["3"]],
      ["CREDITCARDMSGSRSV1", "CCSTMTTRNRS", "CCSTMTRS", "<CCACCTFROM><ACCTID>444</CCACCTFROM>", ["4", "5"]],
    ]
      .map(
        ([set, response, statement, account, ids]) =>
          `<${set}><${response}><TRNUID>1<${statement}><CURDEF>USD${account}<BANKTRANLIST>${(ids as string[]).map((id) => trn(id, `-${id}.00`).replace("</STMTTRN>", "")).join("")}\n`,
      )
      .join("")}</OFX>`,
  },
  { name: "not OFX", text: "hello world" },
  {
    name: "sign-on only",
    text: `${SGML_HEADER}<OFX><SIGNONMSGSRSV1><SONRS><STATUS><CODE>0<SEVERITY>INFO</STATUS></SONRS></SIGNONMSGSRSV1></OFX>`,
  },
];

const documents = [
  { name: "fixture checking-102-cp1252.ofx", text: decode(new URL("fixtures/checking-102-cp1252.ofx", import.meta.url)) },
  { name: "fixture creditcards-211.qfx", text: decode(new URL("fixtures/creditcards-211.qfx", import.meta.url)) },
  { name: "generated 1.x", text: [...generateOfx({ chars: 3000, version: 1, batch: 3 })].join("") },
  { name: "generated 2.x", text: [...generateOfx({ chars: 3000, version: 2, batch: 3 })].join("") },
  ...EDGES,
  ...(HAVE_CORPUS
    ? CORPUS_DIRS.flatMap((dir) =>
        readdirSync(dir)
          .filter((f) => /\.(ofx|qfx)$/i.test(f))
          .map((f) => ({ name: `corpus ${new URL(f, dir).pathname.split("/corpus/")[1]}`, text: decode(new URL(f, dir)) })),
      )
    : []),
];

async function collect(events: AsyncIterable<OfxEvent>): Promise<OfxEvent[]> {
  const out: OfxEvent[] = [];
  for await (const e of events) out.push(e);
  return out;
}

/** What the events describe, as the whole-document parser returns it, plus the statement ends' findings. */
function resultOf(events: readonly OfxEvent[]): { statements: Statement[]; issues: Issue[]; checks: Issue[]; rejected?: Issue } {
  const statements: Statement[] = [];
  const issues: Issue[] = [];
  const checks: Issue[] = [];
  let entries: Entry[] = [];
  let rejected: Issue | undefined;
  for (const e of events) {
    if (e.type === "statement") entries = [];
    else if (e.type === "entry") entries.push(e.entry);
    else if (e.type === "statementEnd") {
      statements.push({ ...e.statement, entries });
      checks.push(...e.issues);
    } else if (e.type === "issue") issues.push(e.issue);
    else rejected = e.rejected;
  }
  return { statements, issues, checks, ...(rejected === undefined ? {} : { rejected }) };
}

/** `text` cut into pieces at the given lengths (then the rest). */
function cut(text: string, sizes: readonly number[]): string[] {
  const out: string[] = [];
  let at = 0;
  for (const n of sizes) {
    if (at >= text.length) break;
    out.push(text.slice(at, at + n));
    at += n;
  }
  if (at < text.length) out.push(text.slice(at));
  return out;
}

describe(`parseOfxStream${SKIPPED}`, () => {
  it("has the corpus files to compare with", () => {
    if (HAVE_CORPUS) expect(documents.filter((d) => d.name.startsWith("corpus")).length).toBeGreaterThanOrEqual(25);
  });

  for (const doc of documents) {
    it(`gives the statements, issues and refusal of parseOfx, and the registry's checks: ${doc.name}`, async () => {
      const whole = parseOfx(doc.text, context);
      const streamed = resultOf(await collect(parseOfxStream([doc.text])));
      expect(streamed.statements).toEqual(whole.statements);
      expect(streamed.issues).toEqual(whole.issues);
      expect(streamed.rejected).toEqual(whole.rejected);
      const checks = [
        ...whole.statements.flatMap((s, i) => checkStatement(s, i)),
        ...checkContinuity(whole.statements.map((statement, i) => ({ statement, path: `/statements/${i}` }))),
      ];
      const byMessage = (a: Issue, b: Issue) => a.message.localeCompare(b.message);
      expect([...streamed.checks].sort(byMessage)).toEqual(checks.sort(byMessage));
    });
  }

  it("reads the edge documents as intended", () => {
    const read = (name: string) => parseOfx(EDGES.find((d) => d.name === name)!.text, context);
    expect(read("2.x XML").issues).toEqual([]);
    const leaves = read("2.x with SGML leaves (anzcc.ofx's mistake)");
    expect(leaves.issues.map((i) => i.code)).toEqual(["OFX_XML_MALFORMED"]);
    expect(leaves.statements[0]?.account.currency).toBe("USD");
    const entity = read("2.x with an HTML entity late in the file");
    expect(entity.statements[0]?.entries.map((e) => e.remittance?.unstructured)).toEqual([undefined, ["Café ©"], undefined]);
    expect(entity.issues.map((i) => [i.code, i.details])).toEqual([["OFX_XML_MALFORMED", { xmlCode: "XML_ENTITY_UNKNOWN" }]]);
    expect(read("1.x with the account after the transactions").statements[0]).toMatchObject({ account: { id: "42" }, entries: [{}] });
    expect(read("two statements, one without ACCTID").statements).toHaveLength(1);
    expect(read("1.x with a FITID repeated, before and after a late CURDEF").issues.map((i) => [i.code, i.details?.fitId])).toEqual([
      ["OFX_FITID_DUPLICATE", "A"],
      ["OFX_FITID_DUPLICATE", "B"],
    ]);
    const unclosed = read("1.x with STMTTRN end tags missing");
    expect(unclosed.statements[0]?.entries.map((e) => e.references?.bankReference)).toEqual(["1", "2", "3"]);
    expect(unclosed.issues.map((i) => i.code)).toEqual(["OFX_AGGREGATE_UNCLOSED", "OFX_AGGREGATE_UNCLOSED"]);
    const cards = read("1.x card statements left open in their last transaction, with a bank message set between them");
    expect(cards.statements.map((s) => [s.account.id, s.entries.map((e) => e.references?.bankReference)])).toEqual([
      ["111", ["1", "2"]],
      ["222", ["3"]],
      ["444", ["4", "5"]],
    ]);
    expect(cards.issues.map((i) => [i.details?.element, i.path])).toEqual([
      ["STMTTRN", "/OFX/CREDITCARDMSGSRSV1/CCSTMTTRNRS[1]/CCSTMTRS/BANKTRANLIST/STMTTRN[1]"],
      ["STMTTRN", "/OFX/CREDITCARDMSGSRSV1/CCSTMTTRNRS[1]/CCSTMTRS/BANKTRANLIST/STMTTRN[2]"],
      ["CCSTMTRS", "/OFX/CREDITCARDMSGSRSV1/CCSTMTTRNRS[1]/CCSTMTRS"],
      ["STMTTRN", "/OFX/BANKMSGSRSV1/STMTTRNRS[1]/STMTRS/BANKTRANLIST/STMTTRN[1]"],
      ["STMTRS", "/OFX/BANKMSGSRSV1/STMTTRNRS[1]/STMTRS"],
      ["STMTTRN", "/OFX/CREDITCARDMSGSRSV1/CCSTMTTRNRS[1]/CCSTMTRS/BANKTRANLIST/STMTTRN[1]"],
    ]);
    const markup = read("1.x with markup in texts and extension elements");
    expect(markup.statements[0]?.entries.map((e) => [e.remittance?.unstructured, e.counterparty?.name, e.bankData])).toEqual([
      [["Order <ABC> done"], "a<b c", { "INTU.BID": "1", CATEGORY: "x" }],
      [["a <b>b</b> c"], undefined, { CATEGORY: "y" }],
      [["Invoice for <NAME> ref 42"], "ACME", undefined],
    ]);
  });

  it("gives the same events however the text is cut into chunks", async () => {
    const expected = new Map<string, OfxEvent[]>();
    for (const doc of documents) expected.set(doc.name, await collect(parseOfxStream([doc.text])));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...documents), fc.array(fc.integer({ min: 1, max: 400 }), { maxLength: 60 }), async (doc, sizes) => {
        expect(await collect(parseOfxStream(cut(doc.text, sizes)))).toEqual(expected.get(doc.name));
      }),
      { numRuns: 300 },
    );
    // One character at a time, for the documents that switch from XML to SGML.
    for (const doc of documents.filter((d) => d.name.startsWith("2.x"))) {
      expect(await collect(parseOfxStream(doc.text.split(""))), doc.name).toEqual(expected.get(doc.name));
    }
  });

  it("hands the header out at the first entry and the balances with the statement's end", async () => {
    const events = await collect(parseOfxStream([EDGES[0]!.text]));
    expect(events.map((e) => e.type)).toEqual(["statement", "entry", "entry", "statementEnd", "end"]);
    const [head, , , end] = events;
    expect(head?.type === "statement" && head.statement.closingBalance).toBeUndefined();
    expect(end?.type === "statementEnd" && end.statement.closingBalance?.amount.minor).toBe(1000n);
    expect(end?.type === "statementEnd" && end.entries).toBe(2);
  });

  it("stops at text longer than 1 MiB with OFX_TEXT_TOO_LARGE, in one chunk or many", async () => {
    const text = `${SGML_HEADER}${bank(trn("A", "-1.00") + trn("B", "2.00", `<MEMO>${"x".repeat(1_100_000)}`))}`;
    const whole = parseOfx(text, context);
    expect(whole.issues.map((i) => i.code)).toContain("OFX_TEXT_TOO_LARGE");
    // What was open is closed where the reader stopped, as at the end of a cut-off file: B without its memo.
    expect(whole.statements[0]?.entries.map((e) => [e.references?.bankReference, e.remittance])).toEqual([
      ["A", undefined],
      ["B", undefined],
    ]);
    expect(resultOf(await collect(parseOfxStream(cut(text, Array(300).fill(4096)))))).toMatchObject({
      statements: whole.statements,
      issues: whole.issues,
    });
  });

  it("refuses with the source's error as FILE_UNREADABLE, and closes the source when the consumer stops", async () => {
    async function* failing(): AsyncGenerator<string> {
      yield SGML_HEADER;
      throw new Error("disk on fire");
    }
    const events = await collect(parseOfxStream(failing()));
    expect(events.at(-1)).toMatchObject({
      type: "end",
      rejected: { code: "FILE_UNREADABLE", message: expect.stringContaining("disk on fire") },
    });
    let closed = false;
    function* source(): Generator<string> {
      try {
        yield `${SGML_HEADER}${bank(trn("A", "-1.00") + trn("B", "2.00"))}`;
        yield "<!-- more -->";
      } finally {
        closed = true;
      }
    }
    for await (const e of parseOfxStream(source())) if (e.type === "entry") break;
    expect(closed).toBe(true);
  });

  for (const version of [1, 2] as const) {
    it(`reads a generated 300 MB OFX ${version}.x file, entry by entry, with memory that does not grow with the file`, {
      timeout: 180_000,
    }, async () => {
      let chars = 0;
      let transactions = 0;
      function* counted(): Generator<string> {
        for (const piece of generateOfx({ chars: 300_000_000, version })) {
          chars += piece.length;
          for (let i = piece.indexOf("<STMTTRN>"); i >= 0; i = piece.indexOf("<STMTTRN>", i + 1)) transactions++;
          yield piece;
        }
      }
      const before = process.memoryUsage.rss();
      let peak = before;
      let entries = 0;
      let last: OfxEvent | undefined;
      for await (const e of parseOfxStream(counted())) {
        last = e;
        if (e.type === "entry") {
          if (++entries % 5000 === 0) peak = Math.max(peak, process.memoryUsage.rss());
        } else if (e.type === "issue") throw new Error(`unexpected issue ${e.issue.code}: ${e.issue.message}`);
      }
      peak = Math.max(peak, process.memoryUsage.rss());
      expect(chars).toBeGreaterThan(300_000_000);
      expect(entries).toBe(transactions);
      expect(last).toEqual({ type: "end", statements: 1, entries });
      expect((peak - before) / 2 ** 20).toBeLessThan(150);
    });
  }
});
