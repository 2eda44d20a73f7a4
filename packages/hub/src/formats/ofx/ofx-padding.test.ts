import { describe, expect, it } from "vitest";
import type { Issue } from "../../core/index.js";
import { ofxFormat } from "./ofx-format.js";
import { parseOfx } from "./parse-ofx.js";
import { parseOfxStream } from "./parse-ofx-stream.js";

// OFX 2 files from host-to-host transfers and some bank portals end in NUL padding after </OFX> (fixed-size
// records), as camt files do. The XML reader's padding option skips it; before, the document fell back to the SGML
// reader with OFX_XML_MALFORMED ("text after the root element is not allowed"), which told the user the bank's XML
// was broken.

const context = { format: "ofx", encoding: "utf-8" };
const XML_HEADER =
  '<?xml version="1.0" encoding="UTF-8"?>\n<?OFX OFXHEADER="200" VERSION="211" SECURITY="NONE" OLDFILEUID="NONE" NEWFILEUID="NONE"?>\n';
const BODY =
  "<OFX><BANKMSGSRSV1><STMTTRNRS><TRNUID>1</TRNUID><STMTRS><CURDEF>USD</CURDEF><BANKACCTFROM><BANKID>121000358</BANKID><ACCTID>998877</ACCTID><ACCTTYPE>CHECKING</ACCTTYPE></BANKACCTFROM><BANKTRANLIST><DTSTART>20240101</DTSTART><DTEND>20240131</DTEND><STMTTRN><TRNTYPE>DEBIT</TRNTYPE><DTPOSTED>20240105</DTPOSTED><TRNAMT>-1.00</TRNAMT><FITID>A</FITID></STMTTRN><STMTTRN><TRNTYPE>CREDIT</TRNTYPE><DTPOSTED>20240106</DTPOSTED><TRNAMT>2.50</TRNAMT><FITID>B</FITID></STMTTRN></BANKTRANLIST><LEDGERBAL><BALAMT>10.00</BALAMT><DTASOF>20240131</DTASOF></LEDGERBAL></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>";
const DOC = `${XML_HEADER}${BODY}`;
const PADDING = `\r\n${"\0".repeat(300)}\r\n${"\0".repeat(211)}`;

/** Entries (as JSON), issues and refusal of the streaming parser fed `text` in pieces of `size`. */
async function streamed(text: string, size: number) {
  const chunks = Array.from({ length: Math.ceil(text.length / size) }, (_, i) => text.slice(i * size, (i + 1) * size));
  const issues: Issue[] = [];
  let entries = 0;
  let rejected: Issue | undefined;
  for await (const e of parseOfxStream(chunks)) {
    if (e.type === "entry") entries++;
    else if (e.type === "issue") issues.push(e.issue);
    else if (e.type === "end") rejected = e.rejected;
  }
  return { entries, issues, rejected };
}

describe("OFX 2 padding", () => {
  it("skips NUL padding after </OFX> with XML_TRAILING_PADDING, whole and streamed, without falling back to SGML", async () => {
    const whole = parseOfx(DOC + PADDING, context);
    const plain = parseOfx(DOC, context);
    expect(whole.statements).toEqual(plain.statements);
    const expected = [
      {
        severity: "warning",
        code: "XML_TRAILING_PADDING",
        line: 4,
        details: { length: PADDING.length - 2 },
      },
    ];
    expect(whole.issues.map(({ severity, code, line, details }) => ({ severity, code, line, details }))).toEqual(expected);
    // Blank lines before the XML declaration count in the line too (and are reported, XML_LEADING_WHITESPACE at line 1).
    expect(parseOfx(`\r\n\n${DOC}${PADDING}`, context).issues.map((i) => i.line)).toEqual([1, 6]);
    for (const size of [1, 7, 4096]) {
      const s = await streamed(DOC + PADDING, size);
      expect([s.entries, s.rejected, s.issues]).toEqual([2, undefined, whole.issues]);
    }
  });

  it("reads a lower-case OFX 2 document with NUL padding the same way", () => {
    const lower = `${XML_HEADER}${BODY.replace(/<(\/?)([A-Z]+)>/g, (_m, slash: string, name: string) => `<${slash}${name.toLowerCase()}>`)}`;
    const r = parseOfx(lower + PADDING, context);
    expect(r.statements[0]?.entries).toHaveLength(2);
    expect(r.issues.map((i) => i.code)).toEqual(["OFX_TAG_CASE", "XML_TRAILING_PADDING"]);
  });

  it("still reads on as SGML, with OFX_XML_MALFORMED, when text or markup follows the padding", () => {
    const r = parseOfx(`${DOC}${PADDING}junk`, context);
    expect(r.statements[0]?.entries).toHaveLength(2);
    expect(r.issues.map((i) => i.code)).toEqual(["OFX_XML_MALFORMED"]);
  });
});

describe("DOS end-of-file marks and NULs", () => {
  // DOS tools (copy /b, old editors, some bank download scripts) end a text file with Ctrl-Z (0x1A), the CP/M end of
  // file; file transfers sometimes put NULs or a Ctrl-Z before the document. Neither is part of the document.
  const EOF = "\x1a";
  const SGML = `OFXHEADER:100\r\nDATA:OFXSGML\r\nVERSION:102\r\n\r\n<OFX><BANKMSGSRSV1><STMTTRNRS><TRNUID>1<STMTRS><CURDEF>USD<BANKACCTFROM><BANKID>1<ACCTID>2<ACCTTYPE>CHECKING</BANKACCTFROM><BANKTRANLIST><STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20240105<TRNAMT>-1.00<FITID>A<MEMO>last memo`;

  it("skips a Ctrl-Z after </OFX> of an OFX 2 document without falling back to SGML, whole and streamed", async () => {
    const plain = parseOfx(DOC, context);
    for (const text of [`${DOC}${EOF}`, `${DOC}\r\n${EOF}`, `${DOC}\r\n${EOF}${EOF}`]) {
      const whole = parseOfx(text, context);
      expect(whole.statements).toEqual(plain.statements);
      expect(whole.issues).toEqual([]);
      for (const size of [1, 7, 4096]) expect(await streamed(text, size)).toEqual({ entries: 2, issues: [], rejected: undefined });
    }
    // After NUL padding, the padding is reported as without the Ctrl-Z.
    expect(parseOfx(`${DOC}${PADDING}${EOF}`, context).issues.map((i) => i.code)).toEqual(["XML_TRAILING_PADDING"]);
    // A Ctrl-Z with text after it is no end of file: that is still text after the root element.
    expect(parseOfx(`${DOC}${EOF}junk`, context).issues.map((i) => i.code)).toEqual(["OFX_XML_MALFORMED"]);
  });

  it("skips a Ctrl-Z followed by a line end after </OFX> without falling back to SGML, whole and streamed", async () => {
    // DOS tools end the file with Ctrl-Z and a transfer in text mode adds CR LF after it: the Ctrl-Z was then no longer
    // at the end, went to the XML reader as text after the root element, and the document was read as SGML with
    // OFX_XML_MALFORMED.
    const plain = parseOfx(DOC, context);
    for (const tail of [`${EOF}\r\n`, `\r\n${EOF}\r\n`, `${EOF}\n`, `${EOF}\r\n${EOF}`, `${EOF} \t\r\n${EOF}\r\n\r\n`]) {
      const text = `${DOC}${tail}`;
      const whole = parseOfx(text, context);
      expect(whole.statements, JSON.stringify(tail)).toEqual(plain.statements);
      expect(whole.issues, JSON.stringify(tail)).toEqual([]);
      for (const size of [1, 2, 7, 4096])
        expect(await streamed(text, size), `${JSON.stringify(tail)}/${size}`).toEqual({ entries: 2, issues: [], rejected: undefined });
    }
    // After NUL padding, the padding is still reported.
    expect(parseOfx(`${DOC}${PADDING}${EOF}\r\n`, context).issues.map((i) => i.code)).toEqual(["XML_TRAILING_PADDING"]);
  });

  it("still reads on as SGML when text follows the Ctrl-Z and its line end, or the white space after it is longer than a line end could be", async () => {
    const long = " ".repeat(5000);
    for (const tail of [`${EOF}\r\njunk`, `${EOF}\r\n${EOF}junk\r\n`, `${EOF}${long}`, `${EOF}\r\n${long}${EOF}`]) {
      const whole = parseOfx(`${DOC}${tail}`, context);
      expect(whole.statements, JSON.stringify(tail.slice(0, 20))).toEqual(parseOfx(DOC, context).statements);
      expect(whole.issues.map((i) => i.code)).toEqual(["OFX_XML_MALFORMED"]);
      for (const size of [1, 7, 4096]) {
        const s = await streamed(`${DOC}${tail}`, size);
        expect([s.entries, s.issues, s.rejected], `${JSON.stringify(tail.slice(0, 20))}/${size}`).toEqual([2, whole.issues, undefined]);
      }
    }
  });

  it("skips NULs after a Ctrl-Z after </OFX> of an OFX 2 document as NUL padding, without falling back to SGML, whole and streamed", async () => {
    // DOS-era transfers pad a file to its block after the Ctrl-Z that ends it (`</OFX>` Ctrl-Z NUL NUL …): the Ctrl-Z
    // went to the XML reader as text after the root element, and the document was read as SGML with OFX_XML_MALFORMED.
    // The NULs are reported as NUL padding without a Ctrl-Z is; the Ctrl-Z is dropped, as at the end of any document.
    const plain = parseOfx(DOC, context);
    const nuls = (n: number) => "\0".repeat(n);
    // The tail, how many characters the padding has from its first NUL (the Ctrl-Zs not counted), and its line.
    const cases: [string, number, number][] = [
      [`${EOF}${nuls(3)}`, 3, 3],
      [`${EOF}${nuls(500)}`, 500, 3],
      [`\r\n${EOF}${nuls(10)}\r\n`, 12, 4],
      [`${EOF}\r\n${nuls(10)}`, 10, 4],
      [`${EOF}${nuls(2)}${EOF}${nuls(2)}`, 4, 3],
      [`${nuls(2)}${EOF}${nuls(2)}`, 4, 3],
      [`${EOF}${EOF}${nuls(4000)}`, 4000, 3],
    ];
    for (const [tail, length, line] of cases) {
      const text = `${DOC}${tail}`;
      const name = JSON.stringify(tail.slice(0, 12));
      const whole = parseOfx(text, context);
      expect(whole.statements, name).toEqual(plain.statements);
      expect(
        whole.issues.map(({ code, line, details }) => ({ code, line, details })),
        name,
      ).toEqual([{ code: "XML_TRAILING_PADDING", line, details: { length } }]);
      for (const size of [1, 2, 7, 4096])
        expect(await streamed(text, size), `${name}/${size}`).toEqual({ entries: 2, issues: whole.issues, rejected: undefined });
    }
  });

  it("drops NULs after a Ctrl-Z, or alone, at the end of an OFX 1 document, whole and streamed", async () => {
    // They were read as the last leaf's text when its end tags were missing (`last memo\0\0`), and a NUL after the
    // Ctrl-Z kept the Ctrl-Z in that text too.
    for (const tail of [`${EOF}\0\0\0`, "\0\0\0", `${EOF}\r\n\0\0\r\n`, `\0\0${EOF}`, `\r\n${"\0".repeat(4000)}`]) {
      const name = JSON.stringify(tail.slice(0, 12));
      const whole = parseOfx(`${SGML}${tail}`, context);
      expect(whole.statements[0]?.entries[0]?.remittance?.unstructured, name).toEqual(["last memo"]);
      for (const size of [1, 7, 4096]) {
        const s = await streamed(`${SGML}${tail}`, size);
        expect([s.entries, s.issues], `${name}/${size}`).toEqual([1, whole.issues]);
      }
      const closed = `${SGML}</MEMO></STMTTRN></BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>${tail}`;
      expect(parseOfx(closed, context).issues, name).toEqual([]);
    }
  });

  it("reads NULs and Ctrl-Zs at the end as text when they are longer than an end of file (4096 characters after the first)", async () => {
    // The same bound as white space after a Ctrl-Z: NUL padding alone after </OFX> of an OFX 2 document is still skipped
    // by the XML reader, whatever its length, but after a Ctrl-Z the Ctrl-Z is text after the root element.
    const long = "\0".repeat(5000);
    expect(parseOfx(`${DOC}${long}`, context).issues.map((i) => [i.code, i.details])).toEqual([["XML_TRAILING_PADDING", { length: 5000 }]]);
    // A Ctrl-Z after such padding is still a DOS end of file, dropped.
    for (const size of [7, 4096, Number.MAX_SAFE_INTEGER])
      expect((await streamed(`${DOC}${long}${EOF}`, size)).issues.map((i) => [i.code, i.details])).toEqual([
        ["XML_TRAILING_PADDING", { length: 5000 }],
      ]);
    const xml = parseOfx(`${DOC}${EOF}${long}`, context);
    expect(xml.statements).toEqual(parseOfx(DOC, context).statements);
    expect(xml.issues.map((i) => i.code)).toEqual(["OFX_XML_MALFORMED"]);
    const sgml = parseOfx(`${SGML}${long}`, context);
    expect(sgml.statements[0]?.entries[0]?.remittance?.unstructured).toEqual([`last memo${long}`]);
    for (const size of [1, 7, 4096]) {
      expect((await streamed(`${DOC}${EOF}${long}`, size)).issues).toEqual(xml.issues);
      expect((await streamed(`${SGML}${long}`, size)).issues).toEqual(sgml.issues);
    }
  });

  it("keeps a Ctrl-Z and the line end after it out of the last text of an OFX 1 document that ends without its end tags", async () => {
    const whole = parseOfx(`${SGML}${EOF}\r\n`, context);
    expect(whole.statements[0]?.entries[0]?.remittance?.unstructured).toEqual(["last memo"]);
    for (const size of [1, 7, 4096]) {
      const s = await streamed(`${SGML}${EOF}\r\n`, size);
      expect([s.entries, s.issues.map((i) => i.code)]).toEqual([1, whole.issues.map((i) => i.code)]);
    }
  });

  it("keeps a Ctrl-Z at the end out of the last text of an OFX 1 document that ends without its end tags", async () => {
    const whole = parseOfx(`${SGML}${EOF}`, context);
    expect(whole.statements[0]?.entries[0]?.remittance?.unstructured).toEqual(["last memo"]);
    for (const size of [1, 7, 4096]) {
      const s = await streamed(`${SGML}${EOF}`, size);
      expect([s.entries, s.issues.map((i) => i.code)]).toEqual([1, whole.issues.map((i) => i.code)]);
    }
  });

  it("streams a long run of Ctrl-Zs in many chunks in time linear in its length", async () => {
    // Each chunk of Ctrl-Zs was held back by copying every Ctrl-Z held so far in front of it: 32 MiB in 64 KiB chunks
    // took about 25 s (16 MiB 6 s), where the whole document takes milliseconds.
    const marks = EOF.repeat(1 << 16);
    function* chunks(tail: string): Generator<string> {
      yield DOC;
      for (let i = 0; i < 512; i++) yield marks;
      yield tail;
    }
    const started = performance.now();
    const after: { entries: number; codes: string[] }[] = [];
    for (const tail of ["", "junk"]) {
      let entries = 0;
      const codes: string[] = [];
      for await (const e of parseOfxStream(chunks(tail))) {
        if (e.type === "entry") entries++;
        else if (e.type === "issue") codes.push(e.issue.code);
      }
      after.push({ entries, codes });
    }
    expect(performance.now() - started).toBeLessThan(4000);
    // Dropped at the end of the document; with text after them they are text after the root, read as before.
    expect(after).toEqual([
      { entries: 2, codes: [] },
      { entries: 2, codes: ["OFX_XML_MALFORMED", "OFX_TEXT_TOO_LARGE"] },
    ]);
  }, 60_000);

  it("reads the header after a Ctrl-Z or NULs before the document as a header, and an OFX 2 body with the XML reader", () => {
    const sgml = `${SGML}</MEMO></STMTTRN></BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>`;
    for (const junk of [EOF, "\0\0\0", `${EOF}\r\n`]) {
      // Recognised by its OFXHEADER block (score 1) or its <?OFX ?> instruction (0.95), not as a header-less body.
      expect(ofxFormat.sniff({ head: new Uint8Array(), text: `${junk}${sgml}`, skipped: 0 })).toBe(1);
      expect(ofxFormat.sniff({ head: new Uint8Array(), text: `${junk}${DOC}`, skipped: 0 })).toBe(0.95);
      expect(parseOfx(`${junk}${sgml}`, context).statements[0]?.entries).toHaveLength(1);
      // Read as XML: a lower-case OFX 2 body says so, where the SGML reader would fold its names without a word.
      const lower = `${XML_HEADER}${BODY.replace(/<(\/?)([A-Z]+)>/g, (_m, slash: string, name: string) => `<${slash}${name.toLowerCase()}>`)}`;
      const r = parseOfx(`${junk}${lower}`, context);
      expect(r.statements[0]?.entries).toHaveLength(2);
      expect(r.issues.map((i) => i.code)).toEqual(["OFX_LEADING_CONTROL", "OFX_TAG_CASE"]);
    }
  });

  it("says how many NULs and Ctrl-Zs it skipped before the document, with OFX_LEADING_CONTROL, whole and streamed", async () => {
    // They were skipped without a word: a user comparing the file with the bank's could not tell it had them.
    const sgml = `${SGML}</MEMO></STMTTRN></BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>`;
    const body = sgml.slice(sgml.indexOf("<OFX>"));
    const cases: [string, string, Record<string, number>, string[]][] = [
      [`\0\0\0${sgml}`, "3 NUL characters before its OFX 1 header block (OFXHEADER:…)", { nul: 3, ctrlZ: 0 }, []],
      [`${EOF}\r\n${DOC}`, "a Ctrl-Z (0x1A) before its XML declaration", { nul: 0, ctrlZ: 1 }, []],
      [`\0${EOF}\0${body}`, "2 NUL characters and a Ctrl-Z (0x1A) before its <OFX> element", { nul: 2, ctrlZ: 1 }, []],
      // White space before them is reported as before; the NULs are on the line after it.
      [
        `\r\n\r\n\0\0${sgml}`,
        "2 NUL characters before its OFX 1 header block (OFXHEADER:…)",
        { nul: 2, ctrlZ: 0 },
        ["OFX_LEADING_WHITESPACE"],
      ],
    ];
    for (const [text, what, details, before] of cases) {
      const whole = parseOfx(text, context);
      expect(whole.rejected).toBeUndefined();
      expect(whole.statements[0]?.entries.length).toBeGreaterThan(0);
      expect(whole.issues.map((i) => i.code)).toEqual([...before, "OFX_LEADING_CONTROL"]);
      expect(whole.issues.at(-1)).toEqual({
        severity: "warning",
        code: "OFX_LEADING_CONTROL",
        // One character is said in the singular ("a Ctrl-Z … which is …; it was skipped").
        message:
          (details.nul ?? 0) + (details.ctrlZ ?? 0) === 1
            ? `the document starts with ${what}, which is no part of OFX (file transfers and DOS tools leave it); it was skipped`
            : `the document starts with ${what}, which are no part of OFX (file transfers and DOS tools leave them); they were skipped`,
        line: before.length === 0 ? 1 : 3,
        details,
      });
      for (const size of [1, 7, 4096]) {
        const s = await streamed(text, size);
        expect([s.issues, s.rejected], `${JSON.stringify(text.slice(0, 8))}/${size}`).toEqual([whole.issues, undefined]);
      }
    }
    expect(parseOfx(sgml, context).issues).toEqual([]);
  });
});
