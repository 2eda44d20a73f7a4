import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { XmlHandler } from "../xml/index.js";
import { MAX_SGML_TOKEN, type MarkupInText, OfxSgmlReader, readOfxSgml } from "./ofx-sgml-reader.js";
import { ELEMENTS, LEAVES } from "./ofx-tags.js";

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

/** The events and the markup-in-text findings when the reader knows the OFX element names. */
function traceKnown(text: string): { events: string[]; found: MarkupInText[] } {
  const events: string[] = [];
  const found: MarkupInText[] = [];
  const handler: XmlHandler = {
    open: (name) => events.push(`<${name}`),
    text: (value) => events.push(JSON.stringify(value)),
    close: (name) => events.push(`>${name}`),
  };
  readOfxSgml(text, 0, handler, { leaves: LEAVES, elements: ELEMENTS, onMarkupInText: (f) => found.push(f) });
  return { events, found };
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

  it("upper-cases names of ASCII letters only, as OFX 2's reader does: <fıtid> (dotless ı) is no FITID, <fitid> is", () => {
    expect(trace("<ofx><fıtid>1<fitid>2</ofx>").events).toEqual(["<OFX", "<fıtid", '"1"', ">fıtid", "<FITID", '"2"', ">FITID", ">OFX"]);
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

  it("keeps a tag-like word after a space in a text as text when it is not an OFX element (`Order <ABC> done`)", () => {
    expect(traceKnown("<STMTTRN><MEMO>Order <ABC> done<NAME>x</STMTTRN>")).toEqual({
      events: ["<STMTTRN", "<MEMO", JSON.stringify("Order <ABC> done"), ">MEMO", "<NAME", '"x"', ">NAME", ">STMTTRN"],
      found: [{ markup: "<ABC>", leaf: "MEMO", readAs: "text" }],
    });
  });

  it("keeps a < that forms no OFX tag in a text as text: no > on its line, or more than a name before it (`a<b c`)", () => {
    expect(traceKnown("<STMTTRN><MEMO>a<b c\n<NAME>x<MEMO>p<q or r>s\n</STMTTRN>")).toEqual({
      events: ["<STMTTRN", "<MEMO", '"a<b c"', ">MEMO", "<NAME", '"x"', ">NAME", "<MEMO", '"p<q or r>s"', ">MEMO", ">STMTTRN"],
      found: [
        { markup: "<b c", leaf: "MEMO", readAs: "text" },
        { markup: "<q or r>", leaf: "MEMO", readAs: "text" },
      ],
    });
  });

  it("keeps HTML-like markup in a text, end tags included (`a <b>bold</b> c`)", () => {
    expect(traceKnown("<MEMO>a <b>bold</b> c<NAME>x").events.slice(0, 3)).toEqual(["<MEMO", JSON.stringify("a <b>bold</b> c"), ">MEMO"]);
  });

  it("reads OFX elements and extension elements after a text as elements, whatever the spacing", () => {
    const { events, found } = traceKnown("<STMTTRN><NAME>Shop <MEMO>m <INTU.BID>3<BANKNAME.X>y<X.AGG><X.LEAF>v</X.AGG></STMTTRN>");
    expect(events).toEqual([
      "<STMTTRN",
      "<NAME",
      '"Shop"',
      ">NAME",
      "<MEMO",
      '"m"',
      ">MEMO",
      "<INTU.BID",
      '"3"',
      ">INTU.BID",
      "<BANKNAME.X",
      '"y"',
      ">BANKNAME.X",
      "<X.AGG",
      "<X.LEAF",
      '"v"',
      ">X.LEAF",
      ">X.AGG",
      ">STMTTRN",
    ]);
    // An extension name after a space is still an element, but said: a web address (<WWW.SHOP.COM>) looks the same.
    expect(found).toEqual([{ markup: "<INTU.BID>", leaf: "MEMO", readAs: "element" }]);
  });

  it("reads HTML's <BR>, XML's empty-element form and dotted names no element has, after a text, as text", () => {
    const { events, found } = traceKnown(
      "<STMTTRN><MEMO>Cash $10.00<BR/>Date 23 Feb<br>Card<NAME>Ref<X/>1<MEMO>John <john.doe@example.com>, <INV.2024.001></STMTTRN>",
    );
    expect(events).toEqual([
      "<STMTTRN",
      "<MEMO",
      '"Cash $10.00<BR/>Date 23 Feb<br>Card"',
      ">MEMO",
      "<NAME",
      '"Ref<X/>1"',
      ">NAME",
      "<MEMO",
      '"John <john.doe@example.com>, <INV.2024.001>"',
      ">MEMO",
      ">STMTTRN",
    ]);
    // A line break needs no report; the others are said.
    expect(found.map((f) => [f.markup, f.readAs])).toEqual([
      ["<X/>", "text"],
      ["<john.doe@example.com>", "text"],
      ["<INV.2024.001>", "text"],
    ]);
  });

  it("reads an unknown element after a text as an element, reporting it when it is on the text's line", () => {
    expect(traceKnown("<STMTTRN><MEMO>m\n<CATEGORY>food\n</STMTTRN>")).toEqual({
      events: ["<STMTTRN", "<MEMO", '"m"', ">MEMO", "<CATEGORY", '"food"', ">CATEGORY", ">STMTTRN"],
      found: [],
    });
    expect(traceKnown("<STMTTRN><MEMO>m<CATEGORY>food</STMTTRN>")).toEqual({
      events: ["<STMTTRN", "<MEMO", '"m"', ">MEMO", "<CATEGORY", '"food"', ">CATEGORY", ">STMTTRN"],
      found: [{ markup: "<CATEGORY>", leaf: "MEMO", readAs: "element" }],
    });
  });

  it("reads markup in a text the same however the text is cut into chunks", () => {
    const text = "<STMTTRN><MEMO>Order <ABC> done<NAME>a<b c\n<MEMO>a <b>bold</b> c<X.Y>1<CATEGORY>z\n</STMTTRN>";
    const whole = traceKnown(text);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: text.length }), { maxLength: 8 }), (cuts) => {
        const events: string[] = [];
        const found: MarkupInText[] = [];
        const reader = new OfxSgmlReader(
          {
            open: (name) => events.push(`<${name}`),
            text: (v) => events.push(JSON.stringify(v)),
            close: (name) => events.push(`>${name}`),
          },
          { leaves: LEAVES, elements: ELEMENTS, onMarkupInText: (f) => found.push(f) },
        );
        let at = 0;
        for (const c of [...cuts].sort((a, b) => a - b)) {
          reader.write(text.slice(at, c));
          at = c;
        }
        reader.write(text.slice(at));
        reader.end();
        expect({ events, found }).toEqual(whole);
      }),
      { numRuns: 300 },
    );
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

describe("linear time", () => {
  // A token cut across many writes (a long memo from a stream of small chunks) waits for the write that ends it.
  // A reader that joins what it carries to each chunk and searches it again from its start is quadratic: a memo of
  // 250k characters in 16-character chunks took 0.9 s through the machine, 1M characters 17 s. One code unit per
  // write is the worst chunking. Each read gives up past the limit, so a quadratic reader fails here in seconds
  // rather than running for hours.
  const LIMIT_MS = 4000;
  const N = 1_000_000;

  /** The events of `text` read `size` code units a time (`undefined` past {@link LIMIT_MS}), and the milliseconds. */
  function timed(text: string, size: number): { events: string[] | undefined; ms: number } {
    const events: string[] = [];
    const handler: XmlHandler = {
      open: (name) => events.push(`<${name.length > 20 ? name.length : name}`),
      text: (value) => events.push(`"${value.length}:${value.slice(0, 12)}`),
      close: (name) => events.push(`>${name.length > 20 ? name.length : name}`),
    };
    const reader = new OfxSgmlReader(handler, { leaves: LEAVES, elements: ELEMENTS });
    const started = performance.now();
    for (let at = 0; at < text.length; at += size) {
      reader.write(text.slice(at, at + size));
      if ((at & 0xfff) === 0 && performance.now() - started > LIMIT_MS) return { events: undefined, ms: performance.now() - started };
    }
    reader.end();
    return { events, ms: performance.now() - started };
  }

  it.each([
    ["a text", `<STMTTRN><MEMO>${"x".repeat(N)}</STMTTRN>`],
    ["a text of words", `<STMTTRN><MEMO>${"ab cd ".repeat(N / 6)}</STMTTRN>`],
    ["a text full of entities", `<STMTTRN><MEMO>${"&amp;&#233;".repeat(N / 10)}</STMTTRN>`],
    ["a text that ends in white space", `<STMTTRN><MEMO>a${" \r\n".repeat(N / 3)}<NAME>b</STMTTRN>`],
    ["a comment", `<STMTTRN><!--${"x".repeat(N)}--><MEMO>a</STMTTRN>`],
    ["a comment full of ends of other tokens", `<STMTTRN><!--${"->]]>?>".repeat(N / 7)}--><MEMO>a</STMTTRN>`],
    ["a CDATA section", `<STMTTRN><MEMO><![CDATA[${"x".repeat(N)}]]></STMTTRN>`],
    ["a processing instruction", `<STMTTRN><?pi ${"x".repeat(N)}?><MEMO>a</STMTTRN>`],
    ["a declaration", `<STMTTRN><!DOCTYPE ${"x".repeat(N)}><MEMO>a</STMTTRN>`],
    ["a tag", `<STMTTRN><MEMO>a<${"X".repeat(N)}>b</STMTTRN>`],
    ["a text before a comment", `<STMTTRN><MEMO>${"x".repeat(N / 2)}<!--${"y".repeat(N / 2)}-->z</STMTTRN>`],
  ])(
    "reads %s of about a million code units given one code unit per write, in linear time",
    (_, text) => {
      const whole = timed(text, text.length);
      const oneAtATime = timed(text, 1);
      expect(oneAtATime.ms).toBeLessThan(LIMIT_MS);
      expect(oneAtATime.events).toEqual(whole.events);
    },
    30_000,
  );
});

describe("tokens cut across writes", () => {
  /** The events and `unclosed` of `text` given in pieces ending at `cuts`, and whether the reader stopped at a token too large. */
  function cutRead(text: string, cuts: readonly number[]): { events: string[]; unclosed: number; tooLarge: boolean } {
    const events: string[] = [];
    const handler: XmlHandler = {
      open: (name) => events.push(`<${name}`),
      text: (value) => events.push(value.length > 40 ? `"${value.length}` : JSON.stringify(value)),
      close: (name) => events.push(`>${name}`),
    };
    const reader = new OfxSgmlReader(handler, { leaves: LEAVES, elements: ELEMENTS });
    let at = 0;
    for (const c of [...cuts, text.length]) {
      reader.write(text.slice(at, c));
      at = c;
    }
    const { unclosed } = reader.end();
    return { events, unclosed, tooLarge: reader.tooLarge };
  }

  it("reads every token the same however it is cut, however it ends", () => {
    const part = fc.constantFrom(
      ..."<STMTTRN>,</STMTTRN>,<MEMO>,<NAME>,x,y z, ,\n,&amp;,&am,<,>,</,-,--,-->,]],]]>,?,?>,<?pi ,<!--,<![CDATA[,<![CD,<!,<!DOCTYPE ,<X".split(
        ",",
      ),
    );
    fc.assert(
      fc.property(fc.array(part, { maxLength: 30 }), fc.array(fc.nat(), { maxLength: 12 }), (parts, raw) => {
        const text = parts.join("");
        const cuts = [...new Set(raw.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
        expect(cutRead(text, cuts)).toEqual(cutRead(text, []));
      }),
      { numRuns: 2000 },
    );
  });

  it.each([
    ["a text", (body: string) => `<STMTTRN><MEMO>${body}<NAME>a</STMTTRN>`],
    ["a comment after a text", (body: string) => `<STMTTRN><MEMO>abc<!--${body.slice(4)}-->d</STMTTRN>`],
    ["a tag", (body: string) => `<STMTTRN><MEMO>abc<${body.slice(1)}>d</STMTTRN>`],
  ])("stops at %s longer than the token limit, however it is cut, and reads one as long as the limit", (_, make) => {
    const over = make("x".repeat(MAX_SGML_TOKEN + 1));
    const limit = make("x".repeat(MAX_SGML_TOKEN));
    for (const size of [7, 4096, Number.MAX_SAFE_INTEGER]) {
      const cuts = (text: string) => Array.from({ length: Math.ceil(text.length / size) - 1 }, (_, i) => (i + 1) * size);
      expect(cutRead(over, cuts(over)).tooLarge, `${size}`).toBe(true);
      expect(cutRead(limit, cuts(limit)).tooLarge, `${size}`).toBe(false);
    }
  });

  it.each([
    ["a comment", "<!--x--", ">"],
    ["a CDATA section", "<![CDATA[x]]", ">"],
    ["a processing instruction", "<?pi x?", ">"],
    ["a comment whose end comes a character a write", "<!--x-", "-", ">"],
  ])("hands on what follows %s whose end is cut across writes at the write that ends it", (_, ...pieces) => {
    /** The events before `end`, of `writes` written one after the other. */
    const before = (writes: readonly string[]): string[] => {
      const events: string[] = [];
      const reader = new OfxSgmlReader(
        { open: (name) => events.push(`<${name}`), text: (v) => events.push(JSON.stringify(v)), close: (name) => events.push(`>${name}`) },
        { leaves: LEAVES, elements: ELEMENTS },
      );
      for (const write of writes) reader.write(write);
      return events;
    };
    const writes = ["<STMTTRN><MEMO>a", ...pieces, "<NAME>"];
    // Not held until the end: a stream's entries come as they are read.
    expect(before(writes)).toEqual(before([writes.join("")]));
    expect(before(writes)).toContain("<NAME");
  });

  it.each([
    ["a comment", "<!--"],
    ["a tag", "<X"],
    ["a text", ""],
  ])("stops holding %s that never ends once it is longer than the token limit, after text before it in the same write", (_, start) => {
    const reader = new OfxSgmlReader({ open() {}, text() {}, close() {} }, { leaves: LEAVES, elements: ELEMENTS });
    // The token begins 5000 characters into the write: its size counts from its `<`, not from the write's start.
    reader.write(`<STMTTRN><MEMO>${"y".repeat(5000)}<NAME>${start}`);
    let written = start.length;
    const piece = "x".repeat(1000);
    while (written + piece.length <= MAX_SGML_TOKEN) {
      reader.write(piece);
      written += piece.length;
    }
    expect(reader.tooLarge).toBe(false);
    reader.write(piece);
    expect(reader.tooLarge).toBe(true);
  });
});
