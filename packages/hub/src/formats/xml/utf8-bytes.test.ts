import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeUtf8Bytes, hasHighByte } from "./utf8-bytes.js";

const bytesOf = (text: string) => Buffer.from(text, "utf8").toString("latin1");

describe("decodeUtf8Bytes", () => {
  it("decodes one-, two-, three- and four-byte characters, short and long", () => {
    for (const text of ["", "plain", "Müller", "中文", "😀", "aé中😀z", `${"Société Générale ".repeat(20)}中😀`]) {
      expect(decodeUtf8Bytes(bytesOf(text)), text.slice(0, 40)).toBe(text);
    }
  });

  it("gives any text back from its UTF-8 bytes", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 300 }), (text) => {
        expect(decodeUtf8Bytes(bytesOf(text))).toBe(text);
      }),
      { numRuns: 2_000 },
    );
  });
});

describe("hasHighByte", () => {
  it("finds a character above ASCII in the range only", () => {
    expect(hasHighByte("abc", 0, 3)).toBe(false);
    expect(hasHighByte("ab\u00c3", 0, 3)).toBe(true);
    expect(hasHighByte("ab\u00c3", 0, 2)).toBe(false);
  });
});
