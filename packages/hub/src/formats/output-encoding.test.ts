import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { createOutputEncoder } from "./output-encoding.js";

const encoder = (label: string, unrepresentable?: string) => {
  const e = createOutputEncoder(label, unrepresentable);
  if (e === undefined) throw new Error(`no encoder for ${label}`);
  return e;
};

describe("createOutputEncoder", () => {
  it("writes ISO-8859-1 bytes for Latin-1 text, with nothing to report", () => {
    const e = encoder("iso-8859-1");
    expect([...e.encode(":86:166?32Müller Straße")].slice(-13)).toEqual([...Buffer.from("Müller Straße", "latin1")]);
    expect(e.issues()).toEqual([]);
  });

  it("writes GBK bytes that Excel's Chinese default reads back, and drops the CSV's byte-order mark", () => {
    const e = encoder("gbk");
    const bytes = e.encode("\uFEFFdate,counterparty\r\n2024-01-02,上海浦东发展银行\r\n");
    expect(bytes[0]).toBe(0x64); // "d": no BOM, which GBK has no bytes for
    expect(iconv.decode(Buffer.from(bytes), "gbk")).toBe("date,counterparty\r\n2024-01-02,上海浦东发展银行\r\n");
    expect(e.issues()).toEqual([]);
  });

  it("keeps the byte-order mark in a Unicode encoding", () => {
    expect([...encoder("utf-8").encode("\uFEFFa")]).toEqual([0xef, 0xbb, 0xbf, 0x61]);
    expect([...encoder("utf-16le").encode("\uFEFFa")]).toEqual([0xff, 0xfe, 0x61, 0x00]);
  });

  it("drops accents the encoding lacks, one character for one, and counts them", () => {
    const e = encoder("latin1");
    const text = "Łódź Dvořák Ørsted";
    const out = Buffer.from(e.encode(text)).toString("latin1");
    expect(out).toBe("Lódz Dvorák Ørsted");
    expect(out.length).toBe(text.length);
    expect(e.issues()).toEqual([
      {
        severity: "warning",
        code: "OUTPUT_CHARACTERS_REPLACED",
        message: "characters that latin1 cannot hold: 3 written without their accents",
        details: { encoding: "latin1", transliterated: 3, replaced: 0 },
      },
    ]);
  });

  it("writes ? (or the writer's own choice) for a character it cannot hold at all (CJK, emoji as one), counts it across pieces and names the first", () => {
    const e = encoder("windows-1252");
    expect(Buffer.from(e.encode("Zhang 张 €5")).toString("latin1")).toBe("Zhang ? \x805");
    expect(Buffer.from(e.encode("ok 👍 ok")).toString("latin1")).toBe("ok ? ok");
    expect(e.issues()[0]?.details).toEqual({ encoding: "windows-1252", transliterated: 0, replaced: 2 });
    expect(e.issues()[0]?.message).toContain("the first: U+5F20");
    const dot = encoder("latin1", ".");
    expect(Buffer.from(dot.encode("张32 ?")).toString("latin1")).toBe(".32 ?");
    expect(dot.issues()[0]?.message).toBe('characters that latin1 cannot hold: 1 written as "." (the first: U+5F20)');
  });

  it('never replaces a character by one with a meaning in a format: quotes, dashes, ≠ become ?, not " - =', () => {
    const e = encoder("latin1");
    expect(Buffer.from(e.encode("“a” – b ≠ c ‚d‘")).toString("latin1")).toBe("?a? ? b ? c ?d?");
    expect(e.issues()[0]?.details).toEqual({ encoding: "latin1", transliterated: 0, replaced: 6 });
  });

  it("does not drop a byte-order mark after the first piece, nor keep one in a later piece of a legacy encoding", () => {
    const e = encoder("latin1");
    e.encode("a");
    expect(Buffer.from(e.encode("\uFEFFb")).toString("latin1")).toBe("?b");
  });

  it("writes UTF-16 and UTF-32 with one byte-order mark for the whole document, however many pieces", () => {
    for (const label of ["utf-16", "utf-16le", "utf-32"]) {
      const e = encoder(label);
      const bytes = Buffer.concat([e.encode("\uFEFFrow\r\n"), e.encode("1\r\n"), e.encode("2\r\n")]);
      const text = iconv.decode(bytes, label, { stripBOM: false });
      expect(text, label).toBe("\uFEFFrow\r\n1\r\n2\r\n");
      // The MT940 writer writes no mark: one is added, as a reader cannot tell the byte order otherwise.
      const mt940 = encoder(label);
      expect(mt940.encode("").length, label).toBe(0);
      expect(iconv.decode(Buffer.concat([mt940.encode(":20:"), mt940.encode("X")]), label, { stripBOM: false }), label).toBe("\uFEFF:20:X");
    }
  });

  it("keeps the byte-order mark only in encodings that have one: not as GB18030's bytes for U+FEFF", () => {
    expect([...encoder("gb18030").encode("\uFEFFa")]).toEqual([0x61]);
    expect([...encoder("unicode-1-1-utf-8").encode("\uFEFFa")]).toEqual([0xef, 0xbb, 0xbf, 0x61]);
  });

  it("takes a lone surrogate for one unwritable character, never with the character after it", () => {
    const e = encoder("latin1");
    expect(Buffer.from(e.encode("B1\uD83D,NONREF,\uDC00/")).toString("latin1")).toBe("B1?,NONREF,?/");
    expect(e.issues()[0]?.details).toEqual({ encoding: "latin1", transliterated: 0, replaced: 2 });
  });

  it("refuses encodings that would change the ASCII the formats are built of", () => {
    // ISO 646-JP writes no backslash, ARMSCII-8 writes , ( ) . - as other bytes, UTF-7 writes + as +-.
    for (const label of ["iso646jp", "iso646cn", "armscii8", "utf-7", "cp864"]) expect(createOutputEncoder(label), label).toBeUndefined();
  });

  it("knows no encoding it cannot write text in", () => {
    for (const label of ["klingon", "", "base64", "hex"]) expect(createOutputEncoder(label)).toBeUndefined();
    expect(createOutputEncoder("Shift_JIS")?.label).toBe("Shift_JIS");
  });
});
