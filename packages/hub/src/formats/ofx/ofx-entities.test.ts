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

describe("#decodeOfxEntities without the closing semicolon", () => {
  it("reads &amp, &lt, &gt, &quot, &apos and numeric references ended by a space, a line end or the text's end, as SGML does", () => {
    // SGML ends a reference at any character that cannot be part of its name; a NAME cut at 32 characters after
    // escaping ends in `&amp`. libofx (OpenSP) reads these; they were kept as written.
    expect(decodeOfxEntities("SAFEWAY STORE &amp")).toBe("SAFEWAY STORE &");
    expect(decodeOfxEntities("A &amp B &lt C &gt D\r\nE&quot F&apos")).toBe("A & B < C > D\r\nE\" F'");
    expect(decodeOfxEntities("&#65 &#x42 x&#38")).toBe("A B x&");
  });

  it("leaves an & alone when a name character follows the name, or the name is an HTML one", () => {
    expect(decodeOfxEntities("&ampere &amp2 &amp-x &amp.y &#65B &copy 2024 AT&T R&D")).toBe(
      "&ampere &amp2 &amp-x &amp.y &#65B &copy 2024 AT&T R&D",
    );
  });
});
