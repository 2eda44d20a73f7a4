import { describe, expect, it } from "vitest";
import type { StatementFormat } from "./format.js";
import { createFormatRegistry } from "./registry.js";

const bytes = (s: string) => new TextEncoder().encode(s);
const fake = (id: string, score: number, parse: StatementFormat["parse"] = () => ({ statements: [], issues: [] })): StatementFormat => ({
  id,
  description: id,
  sniff: ({ text }) => (text.startsWith(id) ? score : 0),
  parse,
});

describe("format registry", () => {
  it("picks the format that is surest", () => {
    const r = createFormatRegistry([fake("ab", 0.6), { ...fake("a", 0.9), sniff: ({ text }) => (text.startsWith("a") ? 0.9 : 0) }]);
    expect(r.detect(bytes("abc"))?.format.id).toBe("a");
    expect(r.parse(bytes("abc")).format).toBe("a");
  });

  it("refuses what no format recognises, naming the known formats", () => {
    const parsed = createFormatRegistry([fake("x", 0.9)]).parse(bytes("hello"));
    expect(parsed.rejected).toMatchObject({ code: "FORMAT_UNSUPPORTED" });
    expect(parsed.rejected?.message).toContain("known: x");
    expect(parsed.format).toBeUndefined();
  });

  it("refuses unknown format ids and encodings, and empty documents", () => {
    const r = createFormatRegistry([fake("x", 0.9)]);
    expect(r.parse(bytes("x"), { format: "nope" }).rejected?.code).toBe("FORMAT_UNKNOWN");
    expect(r.parse(bytes("x"), { encoding: "klingon" }).rejected?.code).toBe("ENCODING_UNSUPPORTED");
    expect(r.parse(new Uint8Array(0)).rejected?.code).toBe("FILE_EMPTY");
  });

  it("turns a parser that throws into a PARSER_FAILED refusal", () => {
    const r = createFormatRegistry([
      fake("x", 0.9, () => {
        throw new TypeError("boom");
      }),
    ]);
    expect(r.parse(bytes("x")).rejected).toMatchObject({ code: "PARSER_FAILED", severity: "error" });
  });

  it("survives a sniff that throws", () => {
    const r = createFormatRegistry([
      {
        ...fake("x", 0.9),
        sniff: () => {
          throw new Error("bad sniff");
        },
      },
      fake("y", 0.8),
    ]);
    expect(r.parse(bytes("y")).format).toBe("y");
  });

  it("hands binary formats the raw bytes, and every format its options", () => {
    const seen: unknown[] = [];
    const binary: StatementFormat = {
      ...fake("bin", 0.9),
      sniff: ({ head }) => (head[0] === 0xd0 ? 0.9 : 0),
      parse: () => {
        throw new Error("parse must not be called for a binary format");
      },
      parseBytes: (bytes, context) => {
        seen.push([bytes.length, context.encoding, context.formatOptions]);
        return { statements: [], issues: [] };
      },
    };
    const parsed = createFormatRegistry([binary]).parse(Uint8Array.from([0xd0, 0xcf, 0xff, 0xfe]), { formatOptions: { profile: "icbc" } });
    expect(parsed).toMatchObject({ format: "bin", encoding: "binary" });
    expect(seen).toEqual([[4, "binary", { profile: "icbc" }]]);
  });

  it("does not allow two formats with one id", () => {
    expect(() => createFormatRegistry([fake("x", 1), fake("x", 1)])).toThrow(/twice/);
  });
});
