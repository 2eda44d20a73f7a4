import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { XmlHandler } from "../xml/index.js";
import { readOfxSgml } from "./ofx-sgml-reader.js";
import { LEAVES } from "./ofx-tags.js";

/** The events as a compact trace: `<A`, `"text"`, `>A`. */
function trace(text: string): { events: string[]; unclosed: number } {
  const events: string[] = [];
  const handler: XmlHandler = {
    open: (name) => events.push(`<${name}`),
    text: (value) => events.push(JSON.stringify(value)),
    close: (name) => events.push(`>${name}`),
  };
  const { unclosed } = readOfxSgml(text, 0, handler, { leaves: LEAVES });
  return { events, unclosed };
}

describe("#readOfxSgml", () => {
  it("closes unclosed leaves at the next tag and keeps aggregates open until their end tag", () => {
    expect(trace("<STMTTRN><TRNTYPE>POS<TRNAMT>-6.60\n</STMTTRN>").events).toEqual([
      "<STMTTRN",
      "<TRNTYPE",
      '"POS"',
      ">TRNTYPE",
      "<TRNAMT",
      '"-6.60"',
      ">TRNAMT",
      ">STMTTRN",
    ]);
  });

  it("reads closed and unclosed leaves mixed in one aggregate (ofx-js PR #3)", () => {
    expect(trace("<A><B>1</B><C>2<D>3</D></A>").events).toEqual(["<A", "<B", '"1"', ">B", "<C", '"2"', ">C", "<D", '"3"', ">D", ">A"]);
  });

  it("lets a parent's end tag end an unclosed leaf (<MESSAGE>OK</STATUS>)", () => {
    expect(trace("<STATUS><CODE>0<MESSAGE>OK</STATUS><X>").events).toEqual([
      "<STATUS",
      "<CODE",
      '"0"',
      ">CODE",
      "<MESSAGE",
      '"OK"',
      ">MESSAGE",
      ">STATUS",
      "<X",
      ">X",
    ]);
  });

  it('keeps quotes and apostrophes in text (asgrim/ofxparser #49: MEMO with ")', () => {
    expect(trace(`<MEMO>Garage "Chez Léon" d'Arc<NAME>x`).events[1]).toBe(JSON.stringify(`Garage "Chez Léon" d'Arc`));
  });

  it("decodes XML, numeric and HTML entities (libofx #72), and leaves an & that starts none alone", () => {
    expect(trace("<MEMO>A &amp; B &copy; &#233;&#xE8; AT&T &bogus;&nbsp;x<X>").events[1]).toBe(
      JSON.stringify("A & B © éè AT&T &bogus;\u00a0x"),
    );
  });

  it("reads CDATA sections verbatim and skips comments and processing instructions", () => {
    expect(trace("<?xml version='1.0'?><!-- c --><NAME><![CDATA[<b>&amp;</b>]]></NAME>").events).toEqual([
      "<NAME",
      JSON.stringify("<b>&amp;</b>"),
      ">NAME",
    ]);
  });

  it("closes an empty known leaf at the next tag, so its siblings are not read as its children", () => {
    expect(trace("<STMTTRN><NAME><MEMO>x</STMTTRN>").events).toEqual(["<STMTTRN", "<NAME", ">NAME", "<MEMO", '"x"', ">MEMO", ">STMTTRN"]);
  });

  it("treats a < that starts no tag as text, keeping the spaces around it", () => {
    expect(trace("<MEMO>a < b<X>").events[1]).toBe(JSON.stringify("a < b"));
  });

  it("ignores stray end tags, upper-cases names and counts elements left open at the end", () => {
    const { events, unclosed } = trace("<ofx><Stmtrs></NOPE><curdef>EUR");
    expect(events).toEqual(["<OFX", "<STMTRS", "<CURDEF", '"EUR"', ">CURDEF", ">STMTRS", ">OFX"]);
    expect(unclosed).toBe(3);
  });

  it("always emits balanced open and close events, whatever the text", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.constantFrom("<A>", "</A>", "<B>", "</B>", "x", " ", "&amp;", "<![CDATA[", "]]>", "<!--", "-->", "<", ">", "</", "<?"),
          { maxLength: 40 },
        ),
        (parts) => {
          const depth: string[] = [];
          const handler: XmlHandler = {
            open: (name) => depth.push(name),
            text: () => undefined,
            close: (name) => expect(depth.pop()).toBe(name),
          };
          readOfxSgml(parts.join(""), 0, handler, { leaves: LEAVES });
          expect(depth).toEqual([]);
        },
      ),
      { numRuns: 500 },
    );
  });
});
