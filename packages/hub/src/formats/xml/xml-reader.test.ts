import { describe, expect, it } from "vitest";
import { type HubError, isHubError } from "../../core/errors.js";
import type { XmlAttributes, XmlDeclaration, XmlHandler, XmlPosition, XmlReaderOptions } from "./types.js";
import { ours, recorder, SAMPLE_CAMT, utf8ByteChunks, type XmlEvent } from "./xml-events.test-util.js";
import { createXmlReader, localName, readXml } from "./xml-reader.js";

/** The error reading `input` (one string or chunks) throws; fails the test if it throws none or a foreign one. */
function errorOf(input: string | readonly string[], options?: XmlReaderOptions): HubError {
  const reader = createXmlReader(recorder([]), options);
  try {
    for (const chunk of typeof input === "string" ? [input] : input) reader.write(chunk);
    reader.end();
  } catch (error) {
    if (isHubError(error)) return error;
    throw error;
  }
  throw new Error("expected the document to be refused");
}

function events(xml: string, options?: XmlReaderOptions): XmlEvent[] {
  const outcome = ours(xml, options);
  expect(outcome.error).toBeUndefined();
  return outcome.events;
}

describe("#readXml", () => {
  it("reports start tags, text and end tags in document order", () => {
    expect(events("<a><b>one</b><c>two</c></a>")).toEqual([
      ["open", "a", []],
      ["open", "b", []],
      ["text", "one"],
      ["close", "b"],
      ["open", "c", []],
      ["text", "two"],
      ["close", "c"],
      ["close", "a"],
    ]);
  });

  it("reports an empty-element tag as a start tag followed by its end tag", () => {
    expect(events("<a><b/><c x='1' /></a>")).toEqual([
      ["open", "a", []],
      ["open", "b", []],
      ["close", "b"],
      ["open", "c", [["x", "1"]]],
      ["close", "c"],
      ["close", "a"],
    ]);
  });

  it("gives names as written, prefix included, and local names with the localNames option", () => {
    const xml = "<ns2:Document xmlns:ns2='urn:x'><ns2:Ntry>1</ns2:Ntry></ns2:Document>";
    expect(events(xml).map((e) => e[1])).toEqual(["ns2:Document", "ns2:Ntry", "1", "ns2:Ntry", "ns2:Document"]);
    expect(events(xml, { localNames: true }).map((e) => e[1])).toEqual(["Document", "Ntry", "1", "Ntry", "Document"]);
  });

  it("gives close the same string instance open received, and the same instance for every occurrence of a name", () => {
    const names: string[] = [];
    readXml("<a><Ntry/><Ntry></Ntry></a>", {
      open: (name) => names.push(name),
      text: () => {},
      close: (name) => names.push(name),
    });
    expect(names).toEqual(["a", "Ntry", "Ntry", "Ntry", "Ntry", "a"]);
    expect(names[1]).toBe(names[3]);
  });

  it("skips white space between elements, and delivers it with keepWhitespace", () => {
    const xml = "<a>\n  <b> </b>\n  <c>x</c>\n</a>";
    expect(events(xml)).toEqual([
      ["open", "a", []],
      ["open", "b", []],
      ["close", "b"],
      ["open", "c", []],
      ["text", "x"],
      ["close", "c"],
      ["close", "a"],
    ]);
    expect(events(xml, { keepWhitespace: true })).toEqual([
      ["open", "a", []],
      ["text", "\n  "],
      ["open", "b", []],
      ["text", " "],
      ["close", "b"],
      ["text", "\n  "],
      ["open", "c", []],
      ["text", "x"],
      ["close", "c"],
      ["text", "\n"],
      ["close", "a"],
    ]);
  });

  it("keeps the white space around text, which only trimming by the caller may remove", () => {
    expect(events("<a>  two words \n</a>")).toContainEqual(["text", "  two words \n"]);
  });

  it("never delivers text outside the root element, even with keepWhitespace", () => {
    expect(events(" \n<a/>\n ", { keepWhitespace: true })).toEqual([
      ["open", "a", []],
      ["close", "a"],
    ]);
  });

  it("decodes the predefined entities and decimal and hexadecimal character references", () => {
    expect(events("<a>&amp;&lt;&gt;&quot;&apos; &#233;&#xE9;&#xe9;&#x1F600; &#x000041;</a>")).toContainEqual(["text", "&<>\"' ééé😀 A"]);
  });

  it("turns CR LF and lone CR into LF, but keeps a CR written as a character reference", () => {
    expect(events("<a>1\r\n2\r3&#13;4</a>")).toContainEqual(["text", "1\n2\n3\r4"]);
  });

  it("delivers a run of text with CDATA sections, comments and processing instructions inside it as one value", () => {
    expect(events("<a>x <![CDATA[<&]]]]> y<!-- note -->z<?pi data?>!</a>")).toEqual([
      ["open", "a", []],
      ["text", "x <&]] yz!"],
      ["close", "a"],
    ]);
  });

  it("normalises line ends inside CDATA but reads references there literally", () => {
    expect(events("<a><![CDATA[a\r\nb &amp;]]></a>")).toContainEqual(["text", "a\nb &amp;"]);
  });

  it("reads characters outside the basic plane in text and names", () => {
    expect(events("<𠀀a>😀</𠀀a>")).toEqual([
      ["open", "𠀀a", []],
      ["text", "😀"],
      ["close", "𠀀a"],
    ]);
  });

  it("reads a camt statement", () => {
    const texts = events(SAMPLE_CAMT, { localNames: true }).filter((e) => e[0] === "text");
    expect(texts).toContainEqual(["text", "Müller & Söhne GmbH"]);
    expect(texts).toContainEqual(["text", "北京科技有限公司"]);
    expect(texts).toContainEqual(["text", "Invoice 2024-17 <final> € 250,50"]);
  });

  it("returns the XML declaration, with the declared encoding", () => {
    expect(readXml("<?xml version='1.0' encoding='ISO-8859-1' standalone='yes'?><a/>", recorder([]))).toEqual({
      version: "1.0",
      encoding: "ISO-8859-1",
      standalone: true,
    });
    expect(readXml('<?xml version="1.1"?><a/>', recorder([]))).toEqual({ version: "1.1", encoding: undefined, standalone: undefined });
    expect(readXml("<a/>", recorder([]))).toBeUndefined();
  });

  it("accepts a byte order mark before the XML declaration", () => {
    expect(readXml("\uFEFF<?xml version='1.0' encoding='UTF-8'?><a/>", recorder([]))?.encoding).toBe("UTF-8");
  });
});

describe("#createXmlReader", () => {
  it("tells the handler the declaration before the root element, and exposes it on the reader", () => {
    const seen: string[] = [];
    const handler: XmlHandler = {
      declaration: (d: XmlDeclaration) => seen.push(`decl ${d.encoding}`),
      open: (name) => seen.push(`open ${name}`),
      text: () => {},
      close: () => {},
    };
    const reader = createXmlReader(handler);
    reader.write('<?xml version="1.0" encoding="UTF-8"?>');
    expect(reader.declaration?.encoding).toBe("UTF-8");
    reader.write("<a/>");
    reader.end();
    expect(seen).toEqual(["decl UTF-8", "open a"]);
  });

  it("calls the handler's methods on the handler, so a class instance works", () => {
    class Collector implements XmlHandler {
      readonly names: string[] = [];
      open(name: string): void {
        this.names.push(name);
      }
      text(): void {}
      close(): void {}
    }
    const collector = new Collector();
    readXml("<a><b/></a>", collector);
    expect(collector.names).toEqual(["a", "b"]);
  });

  it("delivers text split across chunks, inside a reference or a CR LF pair, as one value", () => {
    expect(ours(["<a>Mül", "ler &am", "p; S", "\r", "\nöhne &#x", "1F600;\uD83D", "\uDE00</", "a>"]).events).toEqual([
      ["open", "a", []],
      ["text", "Müller & S\nöhne 😀😀"],
      ["close", "a"],
    ]);
  });

  it("reads a document given one code unit at a time", () => {
    expect(ours(SAMPLE_CAMT.split(""))).toEqual(ours(SAMPLE_CAMT));
  });

  it("reports the depth of the element's parent during open and close", () => {
    const depths: number[] = [];
    const reader = createXmlReader({
      open: () => depths.push(reader.depth),
      text: () => {},
      close: () => depths.push(reader.depth),
    });
    reader.write("<a><b><c/></b></a>");
    reader.end();
    expect(depths).toEqual([0, 1, 2, 2, 1, 0]);
  });

  it("gives the position of the tag being reported, across chunks", () => {
    const seen: [string, XmlPosition][] = [];
    const reader = createXmlReader({
      open: (name) => seen.push([`open ${name}`, reader.position()]),
      text: (value) => seen.push([`text ${value}`, reader.position()]),
      close: (name) => seen.push([`close ${name}`, reader.position()]),
    });
    for (const chunk of ["<a>\n  <b x='1'\n  y='2'>hi", "</b>\n</a>"]) reader.write(chunk);
    reader.end();
    expect(seen).toEqual([
      ["open a", { offset: 0, line: 1, column: 1 }],
      ["open b", { offset: 6, line: 2, column: 3 }],
      ["text hi", { offset: 25, line: 3, column: 11 }],
      ["close b", { offset: 25, line: 3, column: 11 }],
      ["close a", { offset: 30, line: 4, column: 1 }],
    ]);
  });

  it("refuses every call after a failure with the same error", () => {
    const reader = createXmlReader(recorder([]));
    let first: unknown;
    try {
      reader.write("<a></b>");
    } catch (error) {
      first = error;
    }
    expect(isHubError(first)).toBe(true);
    expect(() => reader.write("<a/>")).toThrow(first as Error);
    expect(() => reader.end()).toThrow(first as Error);
  });

  it("refuses input after end() as a programming error", () => {
    const reader = createXmlReader(recorder([]));
    reader.write("<a/>");
    reader.end();
    expect(() => reader.write("x")).toThrow(/after end/);
  });

  it("refuses limits that are not positive integers", () => {
    expect(() => createXmlReader(recorder([]), { maxDepth: 0 })).toThrow(RangeError);
    expect(() => createXmlReader(recorder([]), { maxTextLength: 1.5 })).toThrow(RangeError);
  });
});

describe("attributes", () => {
  function attributesOf(xml: string): XmlAttributes | undefined {
    let first: XmlAttributes | undefined;
    let seen = false;
    readXml(xml, {
      open: (_, attributes) => {
        if (!seen) first = attributes;
        seen = true;
      },
      text: () => {},
      close: () => {},
    });
    return first;
  }

  it("gives undefined for an element without attributes", () => {
    expect(attributesOf("<Amt>1</Amt>")).toBeUndefined();
    expect(attributesOf("<Amt  >1</Amt>")).toBeUndefined();
  });

  it("looks attributes up by their name as written, and iterates them in document order", () => {
    const a = attributesOf('<Document xmlns="urn:iso:camt.053.001.08" xmlns:xsi = "http://x" Ccy=\'EUR\'/>')!;
    expect(a.size).toBe(3);
    expect(a.get("Ccy")).toBe("EUR");
    expect(a.get("xmlns")).toBe("urn:iso:camt.053.001.08");
    expect(a.get("xsi")).toBeUndefined();
    expect(a.has("xmlns:xsi")).toBe(true);
    expect(a.has("ccy")).toBe(false);
    expect([...a]).toEqual([
      ["xmlns", "urn:iso:camt.053.001.08"],
      ["xmlns:xsi", "http://x"],
      ["Ccy", "EUR"],
    ]);
    expect(a.raw).toBe(' xmlns="urn:iso:camt.053.001.08" xmlns:xsi = "http://x" Ccy=\'EUR\'');
  });

  it("decodes references and normalises white space in values, keeping characters written as references", () => {
    const a = attributesOf("<a v='&lt;&amp;&quot;&#65;' w=\"a\tb\r\nc\nd&#10;e&#9;f\" q=\"'\" r='\"'/>")!;
    expect(a.get("v")).toBe('<&"A');
    expect(a.get("w")).toBe("a b c d\ne\tf");
    expect(a.get("q")).toBe("'");
    expect(a.get("r")).toBe('"');
  });

  it("allows '>' in a value", () => {
    expect(attributesOf("<a x='1>2'>t</a>")!.get("x")).toBe("1>2");
  });
});

describe("errors", () => {
  it("carries an XML code, the line, the column and the offset, also in the message", () => {
    const e = errorOf("<a>\n  <b></c>\n</a>");
    expect(e.code).toBe("XML_MALFORMED");
    expect(e.details).toEqual({ line: 2, column: 6, offset: 9 });
    expect(e.message).toBe("the end tag </c> does not match the start tag <b> (line 2, column 6)");
    expect(e.retryable).toBe(false);
  });

  it("gives the same position when the document comes in chunks", () => {
    const xml = "<a>\n  <b>t</b>\n  <c>&nbsp;</c>\n</a>";
    const whole = errorOf(xml);
    expect(whole.code).toBe("XML_ENTITY_UNKNOWN");
    expect(whole.details).toEqual({ line: 3, column: 6, offset: 20 });
    for (let cut = 1; cut < xml.length; cut++) {
      expect(errorOf([xml.slice(0, cut), xml.slice(cut)]).details, `cut at ${cut}`).toEqual(whole.details);
    }
  });

  it.each([
    ["a mismatched end tag", "<a><b></a></b>"],
    ["an end tag with no start tag", "</a>"],
    ["'<' in an attribute value", "<a x='<'/>"],
    ["an unquoted attribute value", "<a x=1/>"],
    ["an attribute without a value", "<a x/>"],
    ["attributes not separated by white space", "<a x='1'y='2'/>"],
    ["a duplicate attribute", "<a x='1' x='2'/>"],
    ["text before the root element", "x<a/>"],
    ["text after the root element", "<a/>x"],
    ["two root elements", "<a/><b/>"],
    ["a CDATA section outside the root element", "<a/><![CDATA[x]]>"],
    ["no root element", " <!-- nothing --> "],
    ["an empty document", ""],
    ["an unclosed element at the end", "<a><b></b>"],
    ["an unterminated start tag at the end", "<a><b x='1'"],
    ["an unterminated comment at the end", "<a/><!-- never"],
    ["an unterminated CDATA section at the end", "<a><![CDATA[x"],
    ["an unterminated processing instruction at the end", "<a/><?pi"],
    ["an unterminated reference at the end", "<a>&amp"],
    ["U+0000 in text", "<a>\u0000</a>"],
    ["a C0 control in an attribute value", "<a x='\u0001'/>"],
    ["U+FFFE in text", "<a>\uFFFE</a>"],
    ["an unpaired high surrogate", "<a>\uD800x</a>"],
    ["an unpaired low surrogate", "<a>x\uDC00</a>"],
    ["an unpaired surrogate in a comment", "<a><!-- \uD800 --></a>"],
    ["an unpaired surrogate in a name", "<a\uD800/>"],
    ["']]>' in text", "<a>]]></a>"],
    ["'--' inside a comment", "<a><!-- a -- b --></a>"],
    ["a comment ending in '--->'", "<a><!-- a ---></a>"],
    ["a bare '&'", "<a>fish & chips</a>"],
    ["an empty reference", "<a>&;</a>"],
    ["a character reference without digits", "<a>&#x;</a>"],
    ["a character reference with a bad digit", "<a>&#12a;</a>"],
    ["a character reference to U+0000", "<a>&#0;</a>"],
    ["a character reference to a surrogate", "<a>&#xD800;</a>"],
    ["a character reference past U+10FFFF", "<a>&#x110000;</a>"],
    ["a character reference with very many digits", `<a>&#${"0".repeat(40)}65;</a>`],
    ["an XML declaration after the start", " <?xml version='1.0'?><a/>"],
    ["an XML declaration inside the root", "<a><?xml version='1.0'?></a>"],
    ["an XML declaration in upper case", "<?XML version='1.0'?><a/>"],
    ["an XML declaration without version", "<?xml encoding='UTF-8'?><a/>"],
    ["an XML declaration with its pseudo-attributes out of order", "<?xml version='1.0' standalone='yes' encoding='UTF-8'?><a/>"],
    ["a processing instruction without a target", "<a><? x?></a>"],
    ["'<!' followed by neither '--', '[CDATA[' nor a letter", "<a><!></a>"],
    ["a character reference with an upper-case X", "<a>&#X41;</a>"],
    ["a start tag without a name", "<a>< b/></a>"],
    ["a name starting with a digit", "<1a/>"],
  ])("refuses %s as XML_MALFORMED", (_, xml) => {
    expect(errorOf(xml).code).toBe("XML_MALFORMED");
  });

  it.each([
    ["a DOCTYPE", "<!DOCTYPE a><a/>"],
    ["a DOCTYPE with an internal subset", "<!DOCTYPE a [<!ENTITY e 'x'>]><a>&e;</a>"],
    ["a lower-case doctype", "<!doctype a><a/>"],
    ["an entity declaration without a DOCTYPE", "<a><!ENTITY e 'x'></a>"],
    ["any other '<!' followed by a letter", "<a><!x></a>"],
  ])("refuses %s as XML_DTD_FORBIDDEN", (_, xml) => {
    expect(errorOf(xml).code).toBe("XML_DTD_FORBIDDEN");
  });

  it.each([
    ["in text", "<a>&nbsp;</a>"],
    ["in an attribute value", "<a x='&eacute;'/>"],
    ["with a long name", `<a>&${"x".repeat(100)};</a>`],
  ])("refuses an entity other than the five predefined ones %s as XML_ENTITY_UNKNOWN", (_, xml) => {
    expect(errorOf(xml).code).toBe("XML_ENTITY_UNKNOWN");
  });

  it("refuses nesting deeper than maxDepth as XML_TOO_DEEP, and accepts it at the limit", () => {
    const nest = (depth: number) => "<a>".repeat(depth) + "</a>".repeat(depth);
    expect(errorOf(nest(257)).code).toBe("XML_TOO_DEEP");
    expect(ours(nest(256)).error).toBeUndefined();
    expect(errorOf(nest(4), { maxDepth: 3 }).code).toBe("XML_TOO_DEEP");
    expect(errorOf("<a><b><c/></b></a>", { maxDepth: 2 }).code).toBe("XML_TOO_DEEP");
  });

  it("refuses text, CDATA, comments, processing instructions and attribute values longer than maxTextLength", () => {
    const options = { maxTextLength: 10 };
    expect(ours("<a>0123456789</a>", options).error).toBeUndefined();
    expect(errorOf("<a>0123456789x</a>", options).code).toBe("XML_TEXT_TOO_LARGE");
    expect(errorOf("<a>01234<!---->56789x</a>", options).code).toBe("XML_TEXT_TOO_LARGE");
    expect(errorOf("<a>01234<![CDATA[56789x]]></a>", options).code).toBe("XML_TEXT_TOO_LARGE");
    expect(errorOf("<a><!--0123456789x--></a>", options).code).toBe("XML_TEXT_TOO_LARGE");
    expect(errorOf("<a><?pi 0123456789x?></a>", options).code).toBe("XML_TEXT_TOO_LARGE");
    expect(errorOf("<a x='0123456789x'/>", options).code).toBe("XML_TEXT_TOO_LARGE");
    expect(errorOf(`<a>${" ".repeat(11)}<b/></a>`, options).code).toBe("XML_TEXT_TOO_LARGE");
  });

  it("refuses tags longer than maxTagLength and more attributes than maxAttributes as XML_TAG_TOO_LARGE", () => {
    expect(ours("<abcdefgh/>", { maxTagLength: 11 }).error).toBeUndefined();
    expect(errorOf("<abcdefghi/>", { maxTagLength: 11 }).code).toBe("XML_TAG_TOO_LARGE");
    expect(errorOf("<a></abcdefghijk>", { maxTagLength: 11 }).code).toBe("XML_TAG_TOO_LARGE");
    expect(errorOf(`<a ${"x".repeat(70_000)}='1'/>`).code).toBe("XML_TAG_TOO_LARGE");
    expect(errorOf("<a x='1' y='2' z='3'/>", { maxAttributes: 2 }).code).toBe("XML_TAG_TOO_LARGE");
  });
});

describe("utf8Bytes: a UTF-8 document read one byte per character", () => {
  const bytes = (xml: string): string => Buffer.from(xml, "utf8").toString("latin1");
  const read = (xml: string): XmlEvent[] => events(bytes(xml), { utf8Bytes: true });

  it("delivers text, CDATA and attribute values decoded, with references replaced after decoding", () => {
    expect(read('<a v="Sö &amp; &#xE9;é">Müller &amp; Söhne &#xE9;é 中文 😀<![CDATA[ß&amp;]]></a>')).toEqual([
      ["open", "a", [["v", "Sö & éé"]]],
      ["text", "Müller & Söhne éé 中文 😀ß&amp;"],
      ["close", "a"],
    ]);
  });

  it("gives the decoded reading's events for ASCII and non-ASCII text alike", () => {
    for (const xml of ["<a>plain</a>", "<a>\r\n é\r</a>", "<a x='1'>é<b/>ü</a>", "<a><!-- ö --><?p ä?>é</a>"]) {
      expect(read(xml), xml).toEqual(events(xml));
    }
  });

  it("refuses U+FFFE and U+FFFF wherever the decoded reading does", () => {
    for (const xml of ["<a>\uFFFE</a>", "<a v='\uFFFF'/>", "<a><!--\uFFFE--></a>", "<a><![CDATA[\uFFFF]]></a>", "<a><?p \uFFFE?></a>"]) {
      expect(errorOf(bytes(xml), { utf8Bytes: true }).code, xml).toBe("XML_MALFORMED");
    }
  });

  it("refuses a name that is not ASCII as XML_NAME_NOT_ASCII, even one the bytes would pass as a name", () => {
    // C2 B7 is U+00B7, which may not start a name; read as bytes it is "Â·", which may.
    for (const xml of ["<Ünï/>", "<a ü='1'/>", "<a><?ö x?></a>", "<\u00B7x/>", "<a\u00B7/>"]) {
      expect(errorOf(bytes(xml), { utf8Bytes: true }).code, xml).toBe("XML_NAME_NOT_ASCII");
    }
  });

  it("refuses a reference whose name is not ASCII as XML_NAME_NOT_ASCII, and names a bad character by its code point", () => {
    expect(errorOf(bytes("<r>&é;</r>"), { utf8Bytes: true }).code).toBe("XML_NAME_NOT_ASCII");
    expect(errorOf(bytes("<r>a\uFFFE</r>"), { utf8Bytes: true }).message).toContain("U+FFFE");
  });

  it("reads chunks that end on a short token (<, a reference, CR, ]) followed by non-ASCII text within a head's length", () => {
    // The reader finishes a short carried token from a head of the next chunk; read as bytes, that head must not
    // end inside a character (a review found "üller" read as "Àܬler" when it did).
    const parts: string[] = [];
    for (let k = 0; k < 70; k++) parts.push(`<a>${"a".repeat(k)}üller &amp; ${"b".repeat(k % 7)}中文\r\n]x😀</a>`);
    const xml = `<r>${parts.join("")}</r>`;
    const whole = read(xml);
    const raw = Buffer.from(xml, "utf8");
    for (let size = 17; size <= 140; size++) {
      expect(ours(utf8ByteChunks(raw, size), { utf8Bytes: true, ownText: true }).events, `chunks of ${size}`).toEqual(whole);
    }
    // A non-character split by such a head is still refused, as in one write.
    const bad = Buffer.from(`<r><a>${"x".repeat(61)}\uFFFF</a></r>`, "utf8");
    expect(ours([bad.toString("latin1", 0, 3), bad.toString("latin1", 3)], { utf8Bytes: true }).error).toBe("XML_MALFORMED");
  });

  it("reads chunks cut anywhere between characters as one write, text copied out of its chunk with ownText", () => {
    const xml = '<a v="Sö &amp; é">Müller &amp; Söhne &#xE9;é 中文 😀 a long enough ASCII text<b>ß</b><![CDATA[ü]]></a>';
    const whole = read(xml);
    const raw = Buffer.from(xml, "utf8");
    for (let size = 1; size <= 16; size++) {
      expect(ours(utf8ByteChunks(raw, size), { utf8Bytes: true, ownText: true }).events, `chunks of ${size}`).toEqual(whole);
    }
  });
});

describe("padding: white space before the XML declaration and NULs after the root element", () => {
  type Skip = readonly [kind: string, length: number, position: XmlPosition];
  /** Reads `chunks` with `padding` set; returns the events, what the reader said it skipped, or the error's code and offset. */
  function padded(chunks: string | readonly string[], options: XmlReaderOptions = {}) {
    const events: XmlEvent[] = [];
    const skips: Skip[] = [];
    const handler: XmlHandler = { ...recorder(events), padding: (kind, length, position) => skips.push([kind, length, position]) };
    const reader = createXmlReader(handler, { padding: true, ...options });
    try {
      for (const chunk of typeof chunks === "string" ? [chunks] : chunks) reader.write(chunk);
      reader.end();
    } catch (error) {
      if (!isHubError(error)) throw error;
      return { events, skips, error: error.code, offset: error.details.offset };
    }
    return { events, skips, declaration: reader.declaration };
  }
  const DOC = "<?xml version='1.0' encoding='UTF-8'?>\n<a><b>1</b></a>";
  const EVENTS: XmlEvent[] = [
    ["open", "a", []],
    ["open", "b", []],
    ["text", "1"],
    ["close", "b"],
    ["close", "a"],
  ];

  it("refuses white space before the declaration and NULs after the root element without the option", () => {
    expect(errorOf(`\r\n  \n${DOC}`).code).toBe("XML_MALFORMED");
    expect(errorOf(`${DOC}\0\0\0`).code).toBe("XML_MALFORMED");
  });

  it("reads a document after blank lines and spaces, telling the handler how many characters it skipped, once", () => {
    const out = padded(`\r\n  \n\t${DOC}`);
    expect(out.error).toBeUndefined();
    expect(out.events).toEqual(EVENTS);
    expect(out.declaration?.encoding).toBe("UTF-8");
    expect(out.skips).toEqual([["leading", 6, { offset: 0, line: 1, column: 1 }]]);
    expect(padded([...`\r\n  \n\t${DOC}`])).toEqual(out);
  });

  it("reads blank lines after a byte order mark, counting the mark as no padding", () => {
    const out = padded(`\uFEFF\n\n${DOC}`);
    expect(out.events).toEqual(EVENTS);
    expect(out.skips).toEqual([["leading", 2, { offset: 1, line: 1, column: 2 }]]);
  });

  it("reads NUL padding after the root element, with white space among it, and tells its length and start once, however cut", () => {
    const text = `${DOC}\r\n\0\0\0\n\0${"\0".repeat(500)}`;
    const out = padded(text);
    expect(out.error).toBeUndefined();
    expect(out.events).toEqual(EVENTS);
    const start = DOC.length + 2;
    expect(out.skips).toEqual([["trailing", text.length - start, { offset: start, line: 3, column: 1 }]]);
    expect(padded(text.split(""))).toEqual(out);
    expect(padded([text.slice(0, start + 1), text.slice(start + 1)])).toEqual(out);
  });

  it("tells no padding for a document it refuses for its malformed declaration, whole, cut and from UTF-8 bytes", () => {
    // The white space is only padding before a declaration; a refused document gets its refusal, not a warning beside it.
    for (const declaration of ["<?xml?>", "<?xml version='2'?>", "<?xml encoding='UTF-8'?>"]) {
      const text = `\n\n${declaration}<a/>`;
      for (const out of [padded(text), padded([...text]), padded(utf8ByteChunks(Buffer.from(text, "utf8"), 3), { utf8Bytes: true })]) {
        expect(out.error, declaration).toBe("XML_MALFORMED");
        expect(out.skips, declaration).toEqual([]);
      }
    }
  });

  it("tells both when a document has both, in document order", () => {
    expect(padded(`\n${DOC}\0`).skips.map((s) => s[0])).toEqual(["leading", "trailing"]);
  });

  it("reads a document that has neither exactly as without the option, and tells nothing", () => {
    expect(padded(SAMPLE_CAMT)).toEqual({ ...padded(SAMPLE_CAMT), skips: [] });
    expect(padded(SAMPLE_CAMT).events).toEqual(ours(SAMPLE_CAMT).events);
    expect(padded(`  <a/>  \n`).skips).toEqual([]);
  });

  it("still refuses text, markup or another element after the padding, and anything else before the root", () => {
    for (const tail of ["\0\0x", "\0\0<a/>", "\0\n<!-- c -->", "\0<?pi x?>", "x\0\0", "\0\0\u0001"]) {
      const out = padded(`${DOC}${tail}`);
      expect(out.error, JSON.stringify(tail)).toBe("XML_MALFORMED");
      expect(padded([...`${DOC}${tail}`]).error, JSON.stringify(tail)).toBe("XML_MALFORMED");
    }
    expect(padded(`${DOC}\0\0x`).offset).toBe(DOC.length + 2);
    // Only white space may precede the declaration: a comment or a processing instruction before it stays an error.
    expect(padded(`\n<!-- c -->\n${DOC}`).error).toBe("XML_MALFORMED");
    expect(padded(`<?pi x?>${DOC}`).error).toBe("XML_MALFORMED");
    expect(padded(`\0${DOC}`).error).toBe("XML_MALFORMED");
    // NULs inside the root, or after an element left open, are no padding.
    expect(padded("<a>\0</a>").error).toBe("XML_MALFORMED");
    expect(padded("<a><b/>\0\0").error).toBe("XML_MALFORMED");
    expect(padded("\0\0").error).toBe("XML_MALFORMED");
  });

  it("reads the same reading UTF-8 bytes", () => {
    const bytes = Buffer.from(`\n\n${DOC.replace("1</b>", "é</b>")}\0\0`, "utf8");
    const out = padded(utf8ByteChunks(bytes, 7), { utf8Bytes: true });
    expect(out.error).toBeUndefined();
    expect(out.events[2]).toEqual(["text", "é"]);
    expect(out.skips.map((s) => [s[0], s[1]])).toEqual([
      ["leading", 2],
      ["trailing", 2],
    ]);
  });
});

describe("#localName", () => {
  it("drops the prefix of a qualified name and keeps a name without one", () => {
    expect(localName("ns2:Ntry")).toBe("Ntry");
    expect(localName("Ntry")).toBe("Ntry");
    expect(localName("a:b:c")).toBe("b:c");
  });
});
