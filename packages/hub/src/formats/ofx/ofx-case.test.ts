import { describe, expect, it } from "vitest";
import type { Issue, Statement } from "../../core/index.js";
import { createFormatRegistry } from "../registry.js";
import { eventsOf } from "../statement-stream.js";
import { streamResult } from "../test-support/stream-result.js";
import { ofxFormat } from "./ofx-format.js";
import { parseOfx } from "./parse-ofx.js";
import { parseOfxStream } from "./parse-ofx-stream.js";
import { generateOfx } from "./sample-ofx.js";

// OFX element names are upper case. Some generators write OFX 2 (XML, where names are case-sensitive) in lower
// case; SGML (OFX 1) folds names to upper case itself.

const context = { format: "ofx", encoding: "utf-8" } as const;
const registry = createFormatRegistry([ofxFormat]);
const sample = (version: 1 | 2) => [...generateOfx({ chars: 6000, version })].join("");
/** `text` with every tag name (not the `<?OFX …?>` header or values) passed through `change`. */
const renamed = (text: string, change: (name: string) => string) =>
  text.replace(/<(\/?)([A-Za-z][A-Za-z0-9.]*)/g, (_m, slash: string, name: string) => `<${slash}${change(name)}`);
const lower = (text: string) => renamed(text, (n) => n.toLowerCase());
/** `StmtTrn`-style names. */
const title = (text: string) => renamed(text, (n) => n.charAt(0) + n.slice(1).toLowerCase());

const streamed = streamResult;

describe("OFX 2 (XML) with element names not in upper case", () => {
  const upper = sample(2);
  const expected = parseOfx(upper, context);

  it("reads a document written in lower case as if in upper case, with one OFX_TAG_CASE warning, whole and streamed", async () => {
    expect(expected.issues).toEqual([]);
    expect(expected.statements[0]?.entries.length).toBeGreaterThan(10);
    const text = lower(upper);
    expect(text).toContain("<stmttrn>");
    const whole = parseOfx(text, context);
    expect(whole.rejected).toBeUndefined();
    expect(whole.statements).toEqual(expected.statements);
    expect(whole.issues).toEqual([
      {
        severity: "warning",
        code: "OFX_TAG_CASE",
        message:
          "the OFX 2 document writes its element names in lower or mixed case (<ofx>), where OFX writes them in upper case and XML names are case-sensitive; they were read as if in upper case",
        details: { root: "ofx" },
      },
    ]);
    for (const size of [1, 7, 4096]) {
      const chunks = text.match(new RegExp(`[\\s\\S]{1,${size}}`, "g")) ?? [];
      const events = await streamed(parseOfxStream(chunks));
      expect(events.statements, `${size}-character chunks`).toEqual(expected.statements);
      expect(events.issues, `${size}-character chunks`).toEqual(whole.issues);
    }
  });

  it("reads mixed case (<Ofx>, <StmtTrn>) the same way", () => {
    const whole = parseOfx(title(upper), context);
    expect(whole.statements).toEqual(expected.statements);
    expect(whole.issues.map((i) => [i.code, i.details])).toEqual([["OFX_TAG_CASE", { root: "Ofx" }]]);
  });

  it("reads a lower-case document that is not well-formed on with the SGML reader, names still in upper case", () => {
    const text = lower(upper).replace("<curdef>USD</curdef>", "<curdef>USD");
    const whole = parseOfx(text, context);
    expect(whole.statements).toEqual(expected.statements);
    expect(whole.issues.map((i) => i.code)).toEqual(["OFX_TAG_CASE", "OFX_XML_MALFORMED"]);
  });

  it("is detected as OFX, and read through the registry whole and streamed", async () => {
    const bytes = new TextEncoder().encode(lower(upper));
    expect(registry.detect(bytes)?.format.id).toBe("ofx");
    const parsed = registry.parse(bytes);
    expect(parsed.statements).toEqual(expected.statements);
    expect(parsed.issues.map((i) => i.code)).toEqual(["OFX_TAG_CASE"]);
    const events = await streamed(eventsOf(registry.stream(bytes)?.batches ?? []));
    expect(events.statements).toEqual(expected.statements);
    expect(events.issues.map((i) => i.code)).toEqual(["OFX_TAG_CASE"]);
  });

  it("reads an <OFX> root over lower-case or mixed-case elements the same way, whole and streamed", async () => {
    // The root alone does not decide: generators that write the root from a template and the rest in lower case, or
    // join an upper-case envelope to a lower-case message set, were refused as OFX_NO_STATEMENTS.
    const lowerBody = lower(upper).replace(/<(\/?)ofx>/g, "<$1OFX>");
    const envelope = upper.replace(/<(\/?)BANKMSGSRSV1>[\s\S]*<\/BANKMSGSRSV1>/, (part) => lower(part));
    expect(envelope).toContain("<SIGNONMSGSRSV1>");
    expect(envelope).toContain("<bankmsgsrsv1>");
    const cases: [string, string, Record<string, string>][] = [
      [lowerBody, "<signonmsgsrsv1>", { root: "OFX", element: "signonmsgsrsv1" }],
      [title(upper).replace(/<(\/?)Ofx>/g, "<$1OFX>"), "<Signonmsgsrsv1>", { root: "OFX", element: "Signonmsgsrsv1" }],
      [envelope, "<bankmsgsrsv1>", { root: "OFX", element: "bankmsgsrsv1" }],
    ];
    for (const [text, shown, details] of cases) {
      for (const [name, result] of Object.entries(await everyCut(text))) {
        expect(result.rejected, name).toBeUndefined();
        expect(result.statements, name).toEqual(expected.statements);
        expect(result.issues, name).toEqual([
          {
            severity: "warning",
            code: "OFX_TAG_CASE",
            message: `the OFX 2 document writes its element names in lower or mixed case (${shown} in <OFX>), where OFX writes them in upper case and XML names are case-sensitive; they were read as if in upper case`,
            details,
          },
        ]);
      }
    }
  });

  it("reads names with capitals at both ends and lower case inside (<STmttrN>, <NAmE>) under <OFX> the same way, whole and streamed", async () => {
    // Only the first two characters and the last were looked at: such a document was read as written, no element was
    // known, and it was refused as OFX_NO_STATEMENTS.
    const inside = (n: string) => n.slice(0, 2) + n.slice(2, -1).toLowerCase() + n.slice(-1);
    const text = renamed(upper, (n) => (n === "OFX" ? n : inside(n)));
    expect(text).toContain("<STmttrN>");
    expect(text).toContain("<SIgnonmsgsrsv1>");
    for (const [name, result] of Object.entries(await everyCut(text))) {
      expect(result.rejected, name).toBeUndefined();
      expect(result.statements, name).toEqual(expected.statements);
      expect(
        result.issues.map((i) => [i.code, i.details]),
        name,
      ).toEqual([["OFX_TAG_CASE", { root: "OFX", element: "SIgnonmsgsrsv1" }]]);
    }
    // Under a bank extension, in an upper-case document, such a name is still kept as written, without a warning.
    const extension = upper.replace("</MEMO>", "</MEMO><X-BANK.INFO><NAmE>Loyalty</NAmE></X-BANK.INFO>");
    const result = parseOfx(extension, context);
    expect(result.issues).toEqual([]);
    expect(result.statements[0]?.entries[0]?.bankData).toMatchObject({ NAmE: "Loyalty" });
    expect(result.statements.flatMap((s) => s.entries).map((e) => e.counterparty?.name)).toEqual(
      expected.statements.flatMap((s) => s.entries).map((e) => e.counterparty?.name),
    );
  });

  it("keeps a lower-case element that is no OFX name in an upper-case document as written, without a case warning", () => {
    const text = upper.replace(/<\/MEMO>/g, "</MEMO><x-bank.note>n</x-bank.note>");
    const result = parseOfx(text, context);
    expect(result.issues).toEqual([]);
    const entries = result.statements.flatMap((s) => s.entries);
    expect(entries.length).toBeGreaterThan(10);
    expect(entries.every((e) => e.bankData?.["x-bank.note"] === "n")).toBe(true);
  });

  it("keeps lower-case children of a bank extension or of a leaf as written in an upper-case document, even with OFX names", () => {
    // An extension aggregate whose children are named like OFX leaves (<name>, <code>), or HTML in a leaf's text (<code>
    // is also OFX's): no OFX element is written in lower case there. Folding from them on took the extension's <name>
    // for the transaction's NAME, warned of a lower-case document and upper-cased the extension names after it.
    const text = upper
      .replace("</MEMO>", "</MEMO><X-BANK.INFO><name>Loyalty</name><code>7</code></X-BANK.INFO>")
      .replace(/<\/MEMO>/g, "</MEMO><x-bank.note>n</x-bank.note>")
      .replace("</STMTRS>", "<MKTGINFO><b>Save</b> <code>SAVE10</code></MKTGINFO></STMTRS>");
    expect(text).toContain("<X-BANK.INFO><name>");
    expect(text).toContain("<MKTGINFO><b>");
    const result = parseOfx(text, context);
    expect(result.issues.map((i) => i.code)).not.toContain("OFX_TAG_CASE");
    const entries = result.statements.flatMap((s) => s.entries);
    const plain = expected.statements.flatMap((s) => s.entries);
    expect(entries.map((e) => e.counterparty?.name)).toEqual(plain.map((e) => e.counterparty?.name));
    expect(entries[0]?.bankData).toMatchObject({ name: "Loyalty", code: "7" });
    expect(entries.every((e) => e.bankData?.["x-bank.note"] === "n")).toBe(true);
  });

  it("reads a CamelCase message set whose first names start with two capitals (<CCStmtTrnRs>) in an upper-case envelope", async () => {
    // CC is an acronym: CamelCase writes CCSTMTTRNRS <CCStmtTrnRs>. Looking only at the first two characters, the
    // response was handed on as written and its end tag upper-cased: its status was no statement request's, and the
    // next response was numbered [1] again, two statements with one path.
    const card = (trnUid: string, status: string, account: string) =>
      `<CCStmtTrnRs><TrnUid>${trnUid}</TrnUid><Status><Code>${status}</Code><Severity>${status === "0" ? "INFO" : "ERROR"}</Severity></Status><CCStmtRs><CurDef>USD</CurDef><CCAcctFrom><AcctId>${account}</AcctId></CCAcctFrom><BankTranList><DtStart>20240101</DtStart><DtEnd>20240131</DtEnd><StmtTrn><TrnType>DEBIT</TrnType><DtPosted>20240105</DtPosted><TrnAmt>-1.00</TrnAmt><FitId>${account}A</FitId></StmtTrn></BankTranList><LedgerBal><BalAmt>-1.00</BalAmt><DtAsOf>20240131</DtAsOf></LedgerBal></CCStmtRs></CCStmtTrnRs>`;
    const text = `<?xml version="1.0"?><?OFX OFXHEADER="200" VERSION="211"?><OFX><SIGNONMSGSRSV1><SONRS><STATUS><CODE>0</CODE><SEVERITY>INFO</SEVERITY></STATUS><DTSERVER>20240131</DTSERVER><LANGUAGE>ENG</LANGUAGE></SONRS></SIGNONMSGSRSV1><CREDITCARDMSGSRSV1>${card("1", "2000", "41")}${card("2", "0", "42")}</CREDITCARDMSGSRSV1></OFX>`;
    for (const [name, result] of Object.entries(await everyCut(text))) {
      expect(
        result.statements.map((st) => [st.account.id, st.source?.path, st.entries.length]),
        name,
      ).toEqual([
        ["41", "/OFX/CREDITCARDMSGSRSV1/CCSTMTTRNRS[1]/CCSTMTRS", 1],
        ["42", "/OFX/CREDITCARDMSGSRSV1/CCSTMTTRNRS[2]/CCSTMTRS", 1],
      ]);
      expect(
        result.issues.map((i) => [i.code, i.details]),
        name,
      ).toEqual([
        ["OFX_TAG_CASE", { root: "OFX", element: "CCStmtTrnRs" }],
        ["OFX_SERVER_STATUS", { code: "2000", severity: "ERROR", statement: "/OFX/CREDITCARDMSGSRSV1/CCSTMTTRNRS[1]/CCSTMTRS" }],
      ]);
    }
  });

  it("says nothing about a document in upper case", () => {
    expect(parseOfx(upper, context).issues).toEqual([]);
  });

  /** Whole, and streamed in chunks of several sizes (a comment cut anywhere): statements, issues and refusal of each. */
  async function everyCut(text: string) {
    const results = { whole: parseOfx(text, context) } as Record<string, { statements: Statement[]; issues: Issue[]; rejected?: Issue }>;
    for (const size of [1, 7, 4096])
      results[`${size}`] = await streamed(parseOfxStream(text.match(new RegExp(`[\\s\\S]{1,${size}}`, "g")) ?? []));
    return results;
  }

  it("decides from the root element, not from a comment before it that mentions <OFX> or <ofx>", async () => {
    // A lower-case document whose comment says <OFX>: its names are still read upper-cased, with the warning.
    for (const [name, result] of Object.entries(await everyCut(lower(upper).replace("<ofx>", "<!-- exported <OFX> body --><ofx>")))) {
      expect(result.rejected, name).toBeUndefined();
      expect(result.statements, name).toEqual(expected.statements);
      expect(
        result.issues.map((i) => [i.code, i.details]),
        name,
      ).toEqual([["OFX_TAG_CASE", { root: "ofx" }]]);
    }
    // An upper-case document whose comment says <ofx>: read as it is, and nothing said about case.
    for (const [name, result] of Object.entries(await everyCut(upper.replace("<OFX>", "<!-- <ofx> --><OFX>")))) {
      expect(result.statements, name).toEqual(expected.statements);
      expect(result.issues, name).toEqual([]);
    }
  });

  it("upper-cases ASCII letters only: a name with a character beyond ASCII (ſ, ı, the ﬁ ligature) stays as written", async () => {
    // toUpperCase makes <ﬁtid> and <fıtid> (dotless ı) FITID: no OFX names, so they must not be read as the FITID.
    let n = 0;
    const text = lower(upper).replace(/<(\/?)fitid>/g, (_m, slash: string) => `<${slash}${n++ % 4 < 2 ? "\uFB01tid" : "f\u0131tid"}>`);
    const fitids = expected.statements.flatMap((s) => s.entries.map((e) => e.references?.bankReference));
    expect(fitids.every((f) => f !== undefined)).toBe(true);
    for (const [name, result] of Object.entries(await everyCut(text))) {
      expect(result.rejected, name).toBeUndefined();
      const entries = result.statements.flatMap((s) => s.entries);
      expect(
        entries.map((e) => e.amount),
        name,
      ).toEqual(expected.statements.flatMap((s) => s.entries.map((e) => e.amount)));
      expect(
        entries.map((e) => e.references?.bankReference),
        name,
      ).toEqual(fitids.map(() => undefined));
      // Kept as written, with the element's name, as any element that is not OFX's.
      expect(
        entries.map((e) => Object.values(e.bankData ?? {})),
        name,
      ).toEqual(fitids.map((f) => [f]));
    }
    // A root that only toUpperCase makes OFX (<ſfx>) is no OFX name: the names are folded from its first child on,
    // which is one, as under any other root; the root is not taken for an <OFX> written in lower case.
    const longS = parseOfx(lower(upper).replace(/<(\/?)ofx>/g, "<$1\u017Ffx>"), context);
    expect(longS.issues.map((i) => [i.code, i.details])).toEqual([["OFX_TAG_CASE", { root: "\u017Ffx", element: "signonmsgsrsv1" }]]);
  });
});

describe("OFX 1 (SGML) with element names not in upper case", () => {
  const upper = sample(1);
  const expected = parseOfx(upper, context);

  it("reads lower and mixed case as upper case without a warning (SGML names are not case-sensitive), whole and streamed", async () => {
    expect(expected.statements[0]?.entries.length).toBeGreaterThan(10);
    for (const text of [lower(upper), title(upper)]) {
      const whole = parseOfx(text, context);
      expect(whole.statements).toEqual(expected.statements);
      expect(whole.issues).toEqual([]);
      const events = await streamed(parseOfxStream(text.match(/[\s\S]{1,5}/g) ?? []));
      expect(events.statements).toEqual(expected.statements);
      expect(events.issues).toEqual([]);
      expect(registry.detect(new TextEncoder().encode(text))?.format.id).toBe("ofx");
    }
  });
});
