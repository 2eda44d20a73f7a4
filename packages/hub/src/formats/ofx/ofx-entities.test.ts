import { describe, expect, it } from "vitest";
import { decodeOfxEntities } from "./ofx-entities.js";

describe("#decodeOfxEntities", () => {
  it("reads numeric references 128–159 as windows-1252 characters, as HTML does (&#150; is –, &#128; is €)", () => {
    expect(decodeOfxEntities("A &#150; B &#128;5 &#x80; &#146;s &#153; &#159;")).toBe("A – B €5 € ’s ™ Ÿ");
  });

  it("keeps the five positions windows-1252 leaves undefined (129, 141, 143, 144, 157) as written, as HTML does", () => {
    expect(decodeOfxEntities("&#129;&#141;&#143;&#144;&#157;")).toBe("\u0081\u008d\u008f\u0090\u009d");
  });

  it("reads other numeric references as the code point they name", () => {
    expect(decodeOfxEntities("&#127;&#160;&#233;&#x2013;&#8364;")).toBe("\u007f\u00a0é–€");
  });
});
