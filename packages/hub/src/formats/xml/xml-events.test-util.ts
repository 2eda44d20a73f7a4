/**
 * Test support: the events of a document as plain data, from our reader and from `saxes` (the oracle),
 * normalised to the same shape so the two can be compared with `toEqual`.
 *
 * @module
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { SaxesParser } from "saxes";
import { expect } from "vitest";
import { isHubError } from "../../core/errors.js";
import type { XmlHandler, XmlReaderOptions } from "./types.js";
import { utf8ByteChunks as chunksOf } from "./utf8-bytes.js";
import { createXmlReader } from "./xml-reader.js";

/** One event: a start tag with its attributes in document order, text, or an end tag. */
export type XmlEvent =
  | readonly ["open", string, readonly (readonly [string, string])[]]
  | readonly ["text", string]
  | readonly ["close", string];

/** What reading a document gave: its events and, if it was refused, the error code (or the foreign error) and where. */
export interface Outcome {
  readonly events: XmlEvent[];
  readonly error?: string;
  readonly at?: unknown;
}

/** A handler that records events. */
export function recorder(events: XmlEvent[]): XmlHandler {
  return {
    open(name, attributes) {
      events.push(["open", name, attributes === undefined ? [] : [...attributes]]);
    },
    text(value) {
      events.push(["text", value]);
    },
    close(name) {
      events.push(["close", name]);
    },
  };
}

/** Reads `chunks` (one document) with our reader. A non-XML error is reported as `foreign: …`. */
export function ours(chunks: string | readonly string[], options?: XmlReaderOptions): Outcome {
  const events: XmlEvent[] = [];
  const reader = createXmlReader(recorder(events), options);
  try {
    for (const chunk of typeof chunks === "string" ? [chunks] : chunks) reader.write(chunk);
    reader.end();
    return { events };
  } catch (error) {
    if (isHubError(error) && error.code.startsWith("XML_")) return { events, error: error.code, at: error.details };
    return { events, error: `foreign: ${error instanceof Error ? error.stack : String(error)}` };
  }
}

/** `bytes` one per character, in chunks cut between characters (the cutter `parseCamtUtf8` uses). */
export function utf8ByteChunks(bytes: Buffer, size: number): string[] {
  return [...chunksOf(bytes, size)];
}

/**
 * Reading `xml` as its UTF-8 bytes one per character (`utf8Bytes`, after the byte-order mark, as the registry
 * hands it over) gives exactly what reading it decoded gives; or it refuses it as the decoded reading does, or
 * with `XML_NAME_NOT_ASCII`, after which callers read the document decoded. It never accepts what the decoded
 * reading refuses. Text with no UTF-8 form (an unpaired surrogate) is left out (`undefined`); otherwise the
 * outcome of the bytes' reading is returned.
 */
export function expectBytesLikeDecoded(xml: string, options: XmlReaderOptions = {}): Outcome | undefined {
  const body = xml.startsWith("\uFEFF") ? xml.slice(1) : xml;
  const bytes = Buffer.from(body, "utf8");
  if (bytes.toString("utf8") !== body) return undefined;
  const decoded = ours(xml, options);
  const raw = ours(bytes.toString("latin1"), { ...options, utf8Bytes: true });
  // In chunks cut between characters (as `parseCamtUtf8` cuts them), with text copied out of its chunk: the same
  // events, or a refusal where the single write refuses. (Which XML_* code may differ where a damaged reference
  // meets a chunk boundary: XML_MALFORMED for XML_NAME_NOT_ASCII. Callers read any refused document again decoded.)
  const chunked = ours(utf8ByteChunks(bytes, 7), { ...options, utf8Bytes: true, ownText: true });
  if (raw.error === undefined) expect(chunked, `chunked: ${JSON.stringify(xml.slice(0, 200))}`).toEqual(raw);
  else expect(chunked.error, `chunked: ${JSON.stringify(xml.slice(0, 200))}`).toMatch(/^XML_/);
  if (raw.error === undefined) {
    expect(raw, JSON.stringify(xml.slice(0, 200))).toEqual(decoded);
    return raw;
  }
  expect(raw.error, "only XML_* HubErrors").not.toMatch(/^foreign/);
  if (raw.error !== "XML_NAME_NOT_ASCII") expect(raw.error, JSON.stringify(xml.slice(0, 200))).toBe(decoded.error);
  return raw;
}

/**
 * Reads `xml` with saxes (no namespaces) and normalises its events to ours: text and CDATA between two tags
 * joined into one run (comments and PIs left out), white-space-only runs and text outside the root dropped.
 */
export function oracle(xml: string): Outcome {
  const events: XmlEvent[] = [];
  const parser = new SaxesParser({ xmlns: false });
  let run = "";
  let depth = 0;
  const flush = () => {
    if (depth > 0 && /[^ \t\r\n]/.test(run)) events.push(["text", run]);
    run = "";
  };
  parser.on("opentag", (tag) => {
    flush();
    events.push(["open", tag.name, Object.entries(tag.attributes)]);
    depth++;
  });
  parser.on("closetag", (tag) => {
    flush();
    events.push(["close", tag.name]);
    depth--;
  });
  parser.on("text", (text) => {
    run += text;
  });
  parser.on("cdata", (text) => {
    run += text;
  });
  try {
    parser.write(xml).close();
    return { events };
  } catch (error) {
    return { events, error: error instanceof Error ? error.message : String(error) };
  }
}

/** The shared corpus of public bank files: `../shared/corpus` from the repository root. */
export const CORPUS_DIR = join(fileURLToPath(new URL("../../../../../", import.meta.url)), "../shared/corpus");

/** The corpus folders whose XML files are camt documents. */
const CAMT_SOURCES = ["genkgo+camt", "prowide+prowide-iso20022"];

/** Every camt XML file of the corpus, decoded as UTF-8; empty when the corpus is not there. */
export function corpusCamtFiles(): { readonly name: string; readonly text: string }[] {
  const files: { name: string; text: string }[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (entry.endsWith(".xml")) files.push({ name: path.slice(CORPUS_DIR.length + 1), text: readFileSync(path, "utf8") });
    }
  };
  for (const source of CAMT_SOURCES) {
    try {
      walk(join(CORPUS_DIR, source));
    } catch {
      // Absent source: the suites that need it skip and say so.
    }
  }
  return files.sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * A small camt.053.001.08 statement as banks write them (prefixed namespace, amounts with `Ccy`, non-ASCII
 * names, a reference, a comment), always available, unlike the corpus.
 */
export const SAMPLE_CAMT = `<?xml version="1.0" encoding="UTF-8"?>
<!-- exported 2024-04-01 by the bank's statement service -->
<ns2:Document xmlns:ns2="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <ns2:BkToCstmrStmt>
    <ns2:GrpHdr>
      <ns2:MsgId>MSG-2024-04-01-0001</ns2:MsgId>
      <ns2:CreDtTm>2024-04-01T06:00:00+02:00</ns2:CreDtTm>
    </ns2:GrpHdr>
    <ns2:Stmt>
      <ns2:Id>STMT-1</ns2:Id>
      <ns2:Acct>
        <ns2:Id>
          <ns2:IBAN>DE89370400440532013000</ns2:IBAN>
        </ns2:Id>
        <ns2:Ccy>EUR</ns2:Ccy>
      </ns2:Acct>
      <ns2:Bal>
        <ns2:Tp><ns2:CdOrPrtry><ns2:Cd>OPBD</ns2:Cd></ns2:CdOrPrtry></ns2:Tp>
        <ns2:Amt Ccy="EUR">1000.00</ns2:Amt>
        <ns2:CdtDbtInd>CRDT</ns2:CdtDbtInd>
        <ns2:Dt><ns2:Dt>2024-03-31</ns2:Dt></ns2:Dt>
      </ns2:Bal>
      <ns2:Ntry>
        <ns2:Amt Ccy='EUR'>250.50</ns2:Amt>
        <ns2:CdtDbtInd>CRDT</ns2:CdtDbtInd>
        <ns2:Sts><ns2:Cd>BOOK</ns2:Cd></ns2:Sts>
        <ns2:BookgDt><ns2:Dt>2024-04-01</ns2:Dt></ns2:BookgDt>
        <ns2:NtryDtls>
          <ns2:TxDtls>
            <ns2:Refs><ns2:EndToEndId>E2E-0001</ns2:EndToEndId></ns2:Refs>
            <ns2:RltdPties>
              <ns2:Dbtr><ns2:Pty><ns2:Nm>Müller &amp; Söhne GmbH</ns2:Nm></ns2:Pty></ns2:Dbtr>
              <ns2:Cdtr><ns2:Pty><ns2:Nm>北京科技有限公司</ns2:Nm></ns2:Pty></ns2:Cdtr>
            </ns2:RltdPties>
            <ns2:RmtInf>
              <ns2:Ustrd>Invoice 2024-17 &lt;final&gt; &#8364; 250,50</ns2:Ustrd>
            </ns2:RmtInf>
          </ns2:TxDtls>
        </ns2:NtryDtls>
        <ns2:AddtlNtryInf/>
      </ns2:Ntry>
    </ns2:Stmt>
  </ns2:BkToCstmrStmt>
</ns2:Document>
`;

/** Hand-written documents that cover the reader's constructs, each well-formed. */
export const DOCUMENTS: readonly string[] = [
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

/** Random well-formed documents. */
export const documentArb: fc.Arbitrary<string> = fc
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
