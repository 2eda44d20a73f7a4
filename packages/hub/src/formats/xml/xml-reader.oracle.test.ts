/**
 * Our reader against `saxes`, a conforming SAX parser, as the oracle: the same events for hand-written
 * documents, every camt file of the corpus and random documents; and the same events whatever the chunking.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { XmlReaderOptions } from "./types.js";
import {
  CORPUS_DIR,
  corpusCamtFiles,
  DOCUMENTS,
  documentArb,
  expectBytesLikeDecoded,
  type Outcome,
  oracle,
  ours,
} from "./xml-events.test-util.js";

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

  it("give the same events read as UTF-8 bytes (utf8Bytes)", () => {
    const read = DOCUMENTS.map((xml) => expectBytesLikeDecoded(xml, { localNames: true })?.error);
    // Only the two with non-ASCII names need the decoded reading.
    expect(read.filter((error) => error !== undefined)).toEqual(["XML_NAME_NOT_ASCII", "XML_NAME_NOT_ASCII"]);
  });

  it("give the same events one code unit at a time", () => {
    for (const xml of DOCUMENTS) expect(ours(xml.split("")), JSON.stringify(xml.slice(0, 80))).toEqual(ours(xml));
  });
});

describe("the camt corpus", () => {
  const files = corpusCamtFiles();

  it("gives the same events for every camt file read as UTF-8 bytes (utf8Bytes)", (ctx) => {
    if (files.length === 0) ctx.skip(`no camt files under ${CORPUS_DIR} (the shared corpus is not checked out)`);
    // Bank names are ASCII, so every one is read from its bytes without falling back to the decoded text.
    for (const { name, text } of files) expect(expectBytesLikeDecoded(text, { localNames: true })?.error, name).toBeUndefined();
  });

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

describe("random documents", () => {
  it("give saxes's events", () => {
    fc.assert(
      fc.property(documentArb, (xml) => {
        expectLikeOracle(xml);
      }),
      { numRuns: 1_000 },
    );
  });

  it("give the same events read as UTF-8 bytes (utf8Bytes), with any options", () => {
    const optionsArb = fc.record({ keepWhitespace: fc.boolean(), localNames: fc.boolean() }) satisfies fc.Arbitrary<XmlReaderOptions>;
    fc.assert(
      fc.property(documentArb, optionsArb, (xml, options) => {
        expectBytesLikeDecoded(xml, options);
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
