/**
 * Our reader against `saxes`, a conforming SAX parser, as the oracle: the same events for hand-written
 * documents, every camt file of the corpus and random documents; and the same events whatever the chunking.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { XmlReaderOptions } from "./types.js";
import { CORPUS_DIR, corpusCamtFiles, type Outcome, oracle, ours, SAMPLE_CAMT } from "./xml-events.test-util.js";

/** `xml` cut at the given positions (any order, duplicates and out-of-range ones ignored). */
function cut(xml: string, positions: readonly number[]): string[] {
  const at = [...new Set(positions.filter((p) => p > 0 && p < xml.length))].sort((a, b) => a - b);
  const chunks: string[] = [];
  let last = 0;
  for (const p of at) {
    chunks.push(xml.slice(last, p));
    last = p;
  }
  chunks.push(xml.slice(last));
  return chunks;
}

/** Our events for `xml` equal the oracle's (and both accept it). */
function expectLikeOracle(xml: string, label = xml): Outcome {
  const expected = oracle(xml);
  expect(expected.error, `saxes refused ${label}`).toBeUndefined();
  const actual = ours(xml);
  expect(actual, label).toEqual(expected);
  return actual;
}

const DOCUMENTS = [
  "<a/>",
  "<a></a>",
  "<?xml version='1.0'?><a>text</a>",
  '<?xml version="1.0" encoding="utf-8" standalone="no" ?>\n<!-- c --><?pi x?>\n<a b="1" c=\'2\'>t</a>\n<!-- after -->\n',
  "\uFEFF<a/>",
  "<a x='&lt;&#x26;&quot;' y=\"\t\r\n \" z='&#9;&#10;&#13;'/>",
  "<a>&amp;&lt;&gt;&quot;&apos;&#38;&#x3C;&#x10FFFF;</a>",
  "<a>one<b>two</b>three<c/>four</a>",
  "<a>1\r\n2\r3\n\r4</a>",
  "<a><![CDATA[]]></a>",
  "<a> <![CDATA[ ]]> </a>",
  "<a>x<![CDATA[<y>&amp;]]>z<!---->w<?p?>v</a>",
  "<a>]</a>",
  "<a>]]</a>",
  "<a>] ]> ]]&gt;</a>",
  "<a><!-- - --></a>",
  "<a><!--->--></a>",
  "<a:b:c d:e='1' xmlns:a='u'/>",
  "<_.-·̀a/>",
  "<Ünïcødé attr-ü='ö'>中文 😀</Ünïcødé>",
  "<a\n\tb\r\n=\r\n'1'\n/>",
  "<a></a\n>",
  "<a><b></b ></a>",
  `<a>${"x".repeat(100_000)}</a>`,
  SAMPLE_CAMT,
];

describe("hand-written documents", () => {
  it("give saxes's events", () => {
    for (const xml of DOCUMENTS) expectLikeOracle(xml, JSON.stringify(xml.slice(0, 80)));
  });

  it("give the same events cut in two anywhere", () => {
    for (const xml of DOCUMENTS.filter((d) => d.length < 5_000)) {
      const whole = ours(xml);
      for (let p = 1; p < xml.length; p++)
        expect(ours([xml.slice(0, p), xml.slice(p)]), `${JSON.stringify(xml)} cut at ${p}`).toEqual(whole);
    }
  });

  it("give the same events one code unit at a time", () => {
    for (const xml of DOCUMENTS) expect(ours(xml.split("")), JSON.stringify(xml.slice(0, 80))).toEqual(ours(xml));
  });
});

describe("the camt corpus", () => {
  const files = corpusCamtFiles();

  it("gives saxes's events for every camt file", (ctx) => {
    if (files.length === 0) ctx.skip(`no camt files under ${CORPUS_DIR} (the shared corpus is not checked out)`);
    for (const { name, text } of files) {
      const outcome = expectLikeOracle(text, name);
      expect(outcome.events.length, name).toBeGreaterThan(10);
    }
  });

  it("gives the same events for every camt file in any chunking", (ctx) => {
    if (files.length === 0) ctx.skip(`no camt files under ${CORPUS_DIR} (the shared corpus is not checked out)`);
    const wholes = files.map((f) => ours(f.text));
    fc.assert(
      fc.property(fc.nat(files.length - 1), fc.array(fc.nat(200_000), { maxLength: 60 }), (index, positions) => {
        const file = files[index]!;
        expect(ours(cut(file.text, positions)), file.name).toEqual(wholes[index]);
      }),
      { numRuns: 300 },
    );
  });
});

// Random documents: the pieces cover the reader's states (references, CR LF, surrogate pairs, "]", quotes,
// CDATA, comments, PIs, prefixes, supplementary-plane names) so that random cuts land inside each of them.
const TEXT_PIECES = [
  "a",
  "Z",
  "0",
  " ",
  "  ",
  "\t",
  "\n",
  "\r",
  "\r\n",
  ">",
  "]",
  '"',
  "'",
  "é",
  "中",
  "😀",
  "&amp;",
  "&lt;",
  "&gt;",
  "&quot;",
  "&apos;",
  "&#233;",
  "&#x1F600;",
  "&#13;",
  "&#10;",
  "&#x00041;",
] as const;
/** `t` without the "]]>" that text may not contain (it can also form where two pieces of content meet). */
function noCdataEnd(t: string): string {
  return t.replaceAll("]]>", "]]&gt;");
}
const text = fc.array(fc.constantFrom(...TEXT_PIECES), { maxLength: 12 }).map((pieces) => noCdataEnd(pieces.join("")));
const NAMES = ["a", "Ntry", "ns2:Amt", "x-y.z_1", "Ünï", "名前", "𠀀b", "a:b:c"] as const;
const name = fc.constantFrom(...NAMES);
const ATTRIBUTE_NAMES = ["Ccy", "xmlns", "xmlns:ns2", "v", "ü"] as const;
const attributeValue = text.map((t) => t.replace(/</g, "&lt;"));
const attributes = fc.uniqueArray(
  fc.tuple(fc.constantFrom(...ATTRIBUTE_NAMES), attributeValue, fc.constantFrom('"', "'"), fc.constantFrom(" ", "\n  ", " \t")),
  {
    maxLength: 3,
    selector: (a) => a[0],
  },
);
const misc = fc.oneof(
  fc.constant(""),
  text.map((t) => `<!--${t.replace(/-/g, "")} -->`),
  text.map((t) => `<?pi ${t.replace(/\?>/g, "")}?>`),
);
const cdata = text.map((t) => `<![CDATA[${t}]]>`);

const { element } = fc.letrec<{ element: string; content: string }>((tie) => ({
  element: fc
    .tuple(name, attributes, fc.constantFrom("", " ", "\n"), fc.option(tie("content"), { nil: undefined }))
    .map(([n, attrs, space, content]) => {
      const attrText = attrs
        .map(([an, v, q, sp]) => `${sp}${an}=${q}${q === '"' ? v.replace(/"/g, "&quot;") : v.replace(/'/g, "&apos;")}${q}`)
        .join("");
      return content === undefined ? `<${n}${attrText}${space}/>` : `<${n}${attrText}${space}>${content}</${n}${space}>`;
    }),
  content: fc
    .array(
      fc.oneof(
        { weight: 3, arbitrary: text.map((t) => ({ text: t })) },
        { weight: 2, arbitrary: tie("element").map((markup) => ({ markup })) },
        cdata.map((markup) => ({ markup })),
        misc.map((markup) => ({ markup })),
      ),
      { maxLength: 5 },
    )
    .map((parts) => {
      // Adjacent texts (also across an empty misc) are one text, which must not contain "]]>" either.
      let out = "";
      let run = "";
      for (const part of parts) {
        if ("text" in part) run += part.text;
        else if (part.markup !== "") {
          out += noCdataEnd(run) + part.markup;
          run = "";
        }
      }
      return out + noCdataEnd(run);
    }),
}));

const documentArb = fc
  .tuple(
    fc.constantFrom("", "\uFEFF"),
    fc.constantFrom("", "<?xml version='1.0'?>", '<?xml version="1.0" encoding="UTF-8"?>\n'),
    misc,
    fc.constantFrom("", "\n", " \r\n"),
    element,
    misc,
    fc.constantFrom("", "\n", "\r"),
  )
  .map(([bom, declaration, before, space, root, after, end]) => bom + declaration + before + space + root + after + end);

describe("random documents", () => {
  it("give saxes's events", () => {
    fc.assert(
      fc.property(documentArb, (xml) => {
        expectLikeOracle(xml);
      }),
      { numRuns: 1_000 },
    );
  });

  it("give the same events in any chunking, with any options", () => {
    const optionsArb = fc.record({ keepWhitespace: fc.boolean(), localNames: fc.boolean() }) satisfies fc.Arbitrary<XmlReaderOptions>;
    fc.assert(
      fc.property(documentArb, fc.array(fc.nat(2_000), { maxLength: 30 }), optionsArb, (xml, positions, options) => {
        expect(ours(cut(xml, positions), options)).toEqual(ours(xml, options));
      }),
      { numRuns: 2_000 },
    );
  });
});
