/**
 * The corpus CSV exports transcoded to GB18030 and to UTF-16 (little and big endian, with and without a
 * byte-order mark) give exactly the statements and issues of the originals: the encoding is the registry's
 * business (`formats/encoding.ts`) and nothing of it reaches the rows.
 */
import { describe, expect, it } from "vitest";
import { decodeDocument } from "../encoding.js";
import { builtinFormats } from "../index.js";
import { createFormatRegistry } from "../registry.js";
import { corpusBytes, DEG_EXAMPLES, filesUnder } from "./test-support/corpus.js";
import { encodeGb18030, encodeUtf16 } from "./test-support/gb18030-encoder.js";

const registry = createFormatRegistry(builtinFormats());

const VARIANTS: readonly { name: string; encode(text: string): Uint8Array; encoding: string }[] = [
  { name: "GB18030", encode: encodeGb18030, encoding: "gb18030" },
  { name: "UTF-16LE with BOM", encode: (t) => encodeUtf16(t, true, true), encoding: "utf-16le" },
  { name: "UTF-16BE with BOM", encode: (t) => encodeUtf16(t, false, true), encoding: "utf-16be" },
  { name: "UTF-16LE without BOM", encode: (t) => encodeUtf16(t, true, false), encoding: "utf-16le" },
  { name: "UTF-16BE without BOM", encode: (t) => encodeUtf16(t, false, false), encoding: "utf-16be" },
];

describe.skipIf(DEG_EXAMPLES === undefined)("corpus exports in other encodings", () => {
  const dir = DEG_EXAMPLES as string;
  const files = DEG_EXAMPLES === undefined ? [] : filesUnder(dir).filter((f) => /\.csv$|hxsec.*\.xls$/.test(f));

  it("has the corpus CSV exports to transcode", () => {
    expect(files.length).toBeGreaterThanOrEqual(20);
  });

  for (const file of files) {
    const original = corpusBytes(dir, file);
    const text = decodeDocument(original).text;
    const expected = registry.parse(original);
    for (const v of VARIANTS) {
      it(`${file} in ${v.name} is detected and read exactly as the original`, () => {
        const bytes = v.encode(text);
        const parsed = registry.parse(bytes);
        const ascii = [...text].every((c) => c.charCodeAt(0) < 0x80);
        // ASCII-only text is the same bytes in GB18030 and UTF-8, so the registry rightly calls it UTF-8.
        expect(parsed.encoding).toBe(ascii && v.encoding === "gb18030" ? "utf-8" : v.encoding);
        expect(parsed.format).toBe(expected.format);
        expect(parsed.rejected).toEqual(expected.rejected);
        expect(parsed.statements).toEqual(expected.statements);
        expect(parsed.issues).toEqual(expected.issues);
      });
    }
  }
});
