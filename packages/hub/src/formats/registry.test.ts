import { describe, expect, it } from "vitest";
import type { Statement } from "../core/index.js";
import type { StatementFormat } from "./format.js";
import { createFormatRegistry } from "./registry.js";
import type { StatementStreamEvent } from "./statement-stream.js";

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

  it("reads the head of a UTF-8 or GB18030 document in its encoding when the sniffed bytes end inside a character", () => {
    // A format that knows its documents by a Chinese header, as the bank CSV profiles do.
    const chinese: StatementFormat = { ...fake("cn", 0.9), sniff: ({ text }) => (text.startsWith("交易日期,金额\n") ? 0.9 : 0) };
    const r = createFormatRegistry([chinese]);
    // TextEncoder only writes UTF-8: GB18030's two-byte characters by the reverse of its decoder.
    const decoder = new TextDecoder("gb18030");
    const table = new Map<string, number[]>();
    for (let a = 0x81; a <= 0xfe; a++) for (let b = 0x40; b <= 0xfe; b++) table.set(decoder.decode(Uint8Array.from([a, b])), [a, b]);
    const gb = (text: string) => Uint8Array.from([...text].flatMap((c) => table.get(c) ?? [c.charCodeAt(0)]));
    const text = "2024-03-01,工资收入 示例科技有限公司 转账汇款\n";
    const utf8Line = bytes(text);
    const gbLine = gb(text);
    const header = bytes("交易日期,金额\n");
    const gbHeader = gb("交易日期,金额\n");
    for (const [head, line] of [
      [header, utf8Line],
      [gbHeader, gbLine],
    ] as const) {
      for (let pad = 0; pad < 8; pad++) {
        const parts = [head, bytes("x".repeat(pad)), bytes("\n")];
        let size = head.length + pad + 1;
        while (size < 70_000) {
          parts.push(line);
          size += line.length;
        }
        const doc = new Uint8Array(size);
        let at = 0;
        for (const p of parts) {
          doc.set(p, at);
          at += p.length;
        }
        expect(r.detect(doc)?.format.id, `pad ${pad}, byte 65535 = ${doc[65_535]}`).toBe("cn");
      }
    }
  });

  it("does not allow two formats with one id", () => {
    expect(() => createFormatRegistry([fake("x", 1), fake("x", 1)])).toThrow(/twice/);
  });
});

describe("format registry stream", () => {
  const drain = async (batches: AsyncIterable<readonly StatementStreamEvent[]> | Iterable<readonly StatementStreamEvent[]>) => {
    const out: StatementStreamEvent[] = [];
    for await (const batch of batches) {
      expect(batch.length, "no empty batch").toBeGreaterThan(0);
      out.push(...batch);
    }
    return out;
  };
  const statement = { account: { id: "A1", scheme: "other" }, balances: [], entries: [] } as unknown as Statement;

  it("gives undefined for a format without a streaming parser, so the caller parses it whole", () => {
    expect(createFormatRegistry([fake("x", 0.9)]).stream(bytes("x"))).toBeUndefined();
  });

  it("refuses unknown formats and encodings, empty and unrecognised documents with an issue and an end", async () => {
    const r = createFormatRegistry([fake("x", 0.9)]);
    for (const [input, options, code] of [
      [bytes("x"), { format: "nope" }, "FORMAT_UNKNOWN"],
      [bytes("x"), { encoding: "klingon" }, "ENCODING_UNSUPPORTED"],
      [new Uint8Array(0), {}, "FILE_EMPTY"],
      [bytes("hello"), {}, "FORMAT_UNSUPPORTED"],
    ] as const) {
      const events = await drain(r.stream(input, options)?.batches ?? []);
      expect(
        events.map((e) => e.type),
        code,
      ).toEqual(["issue", "end"]);
      expect(events[1]).toMatchObject({ type: "end", rejected: { code } });
    }
  });

  it("hands the format the decoded text in chunks with its context, and passes its event batches on up to the end", async () => {
    const seen: string[] = [];
    const format: StatementFormat = {
      ...fake("x", 0.9),
      async *stream(chunks, context) {
        for await (const c of chunks) seen.push(c);
        expect(context).toMatchObject({ format: "x", encoding: "utf-8", filename: "f.x" });
        yield [{ type: "statement", index: 0, statement }];
        yield [
          { type: "statementEnd", index: 0, statement, entries: 0, issues: [] },
          { type: "end", statements: 1, entries: 0 },
          // Nothing after the end reaches the reader.
          { type: "statement", index: 1, statement },
        ];
        yield [{ type: "statement", index: 2, statement }];
      },
    };
    const streamed = createFormatRegistry([format]).stream(bytes("x Müller"), { filename: "f.x" });
    expect(streamed).toMatchObject({ format: "x", encoding: "utf-8" });
    expect((await drain(streamed?.batches ?? [])).map((e) => e.type)).toEqual(["statement", "statementEnd", "end"]);
    expect(seen.join("")).toBe("x Müller");
  });

  it("ends a stream that throws, or stops without its end event, with PARSER_FAILED after what it gave", async () => {
    const throwing: StatementFormat = {
      ...fake("x", 0.9),
      async *stream() {
        yield [{ type: "statement", index: 0, statement }];
        throw new TypeError("boom");
      },
    };
    const events = await drain(createFormatRegistry([throwing]).stream(bytes("x"))?.batches ?? []);
    expect(events.map((e) => e.type)).toEqual(["statement", "issue", "end"]);
    expect(events[2]).toMatchObject({ statements: 1, rejected: { code: "PARSER_FAILED" } });
    const silent: StatementFormat = {
      ...fake("x", 0.9),
      async *stream() {
        yield [{ type: "statement", index: 0, statement }];
      },
    };
    const cut = await drain(createFormatRegistry([silent]).stream(bytes("x"))?.batches ?? []);
    expect(cut.at(-1)).toMatchObject({ type: "end", rejected: { code: "PARSER_FAILED" } });
  });
});
