import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Issue } from "../../core/index.js";
import { defaultFormatRegistry, eventsOf } from "../index.js";
import { parseOfx } from "./parse-ofx.js";
import { parseOfxStream } from "./parse-ofx-stream.js";

// Bank downloads passed through web proxies arrive with blank lines before `OFXHEADER:100` (OFX 1) or `<?xml`
// (OFX 2). `--format auto` recognises a document after up to a mebibyte of white space (registry.ts, leadingSpace):
// the OFX reader has to read what detection hands it, rather than refuse it as "no OFX header" once the white space
// is longer than the 64 Ki characters it decided the syntax on.

const context = { format: "ofx", encoding: "utf-8" };
const OFX1 = readFileSync(new URL("./fixtures/checking-102-cp1252.ofx", import.meta.url), "latin1");
const OFX2 = readFileSync(new URL("./fixtures/creditcards-211.qfx", import.meta.url), "utf8");
const PADDING = `\r\n${"\0".repeat(300)}`;

/** `length` characters of blank lines and spaces. */
const blank = (length: number) => "\r\n \n".repeat(Math.ceil(length / 4)).slice(0, length);

async function streamed(text: string, size: number) {
  const chunks = Array.from({ length: Math.ceil(text.length / size) }, (_, i) => text.slice(i * size, (i + 1) * size));
  const issues: Issue[] = [];
  const entries: string[] = [];
  let rejected: Issue | undefined;
  for await (const e of parseOfxStream(chunks)) {
    if (e.type === "entry") entries.push(`${e.entry.amount.minor} ${e.entry.description ?? ""}`);
    else if (e.type === "issue") issues.push(e.issue);
    else if (e.type === "end") rejected = e.rejected;
  }
  return { entries, issues, rejected };
}

const entriesOf = (r: ReturnType<typeof parseOfx>) =>
  r.statements.flatMap((s) => s.entries.map((e) => `${e.amount.minor} ${e.description ?? ""}`));
const codes = (issues: readonly Issue[]) => issues.map((i) => i.code);

describe("OFX after leading white space", () => {
  for (const [name, doc, code] of [
    ["OFX 1 (OFXHEADER:100)", OFX1, "OFX_LEADING_WHITESPACE"],
    ["OFX 2 (<?xml)", OFX2, "XML_LEADING_WHITESPACE"],
  ] as const) {
    it(`reads ${name} after blank lines with ${code}, whole and streamed alike, however long the white space`, async () => {
      const plain = parseOfx(doc, context);
      expect(plain.rejected).toBeUndefined();
      for (const length of [2, 5000, 70_000, 100_001]) {
        const whole = parseOfx(blank(length) + doc, context);
        expect(whole.rejected, `${length}`).toBeUndefined();
        expect(entriesOf(whole), `${length}`).toEqual(entriesOf(plain));
        expect(whole.issues, `${length}`).toEqual([
          expect.objectContaining({ severity: "warning", code, line: 1, details: { length } }),
          ...plain.issues,
        ]);
        for (const size of [1, 7, 4096, 65_536]) {
          if (size === 1 && length > 5000) continue; // a character at a time is slow; 7 already cuts everywhere
          const s = await streamed(blank(length) + doc, size);
          expect([s.entries, s.issues, s.rejected], `${length}/${size}`).toEqual([entriesOf(whole), whole.issues, undefined]);
        }
      }
    });
  }

  it("counts the blank lines in the line of a later finding (OFX 2 NUL padding)", async () => {
    const line = parseOfx(`${OFX2}${PADDING}`, context).issues.find((i) => i.code === "XML_TRAILING_PADDING")?.line ?? Number.NaN;
    const whole = parseOfx(`${"\r\n".repeat(40_000)}${OFX2}${PADDING}`, context);
    expect(whole.issues.map((i) => [i.code, i.line])).toEqual([
      ["XML_LEADING_WHITESPACE", 1],
      ["XML_TRAILING_PADDING", line + 40_000],
    ]);
    const s = await streamed(`${"\r\n".repeat(40_000)}${OFX2}${PADDING}`, 4099);
    expect(s.issues).toEqual(whole.issues);
  });

  it("reads a header-less <OFX> body after white space without a finding: SGML allows white space before the root", () => {
    const body = OFX1.slice(OFX1.indexOf("<OFX>"));
    const r = parseOfx(blank(100_000) + body, context);
    expect(entriesOf(r)).toEqual(entriesOf(parseOfx(body, context)));
    expect(codes(r.issues)).toEqual(codes(parseOfx(body, context).issues));
  });

  it("counts a byte-order mark before the white space out of the length", () => {
    const r = parseOfx(`\ufeff\r\n${OFX1}`, context);
    expect(r.issues[0]).toMatchObject({ code: "OFX_LEADING_WHITESPACE", details: { length: 2 } });
  });

  it("refuses white space alone, or more than a mebibyte of it, as no OFX document", async () => {
    for (const text of [blank(100_000), blank((1 << 20) + 2) + OFX1]) {
      const r = parseOfx(text, context);
      expect(r.rejected?.code).toBe("FORMAT_UNSUPPORTED");
      expect(r.statements).toEqual([]);
      expect((await streamed(text, 65_536)).rejected?.code).toBe("FORMAT_UNSUPPORTED");
    }
    // Saying why (review): more than the limit, not "white space only", whole and streamed.
    const long = blank((1 << 20) + 2) + OFX1;
    expect(parseOfx(long, context).rejected?.message).toMatch(/more than 1048576/);
    expect((await streamed(long, 65_536)).rejected?.message).toMatch(/more than 1048576/);
  });

  it("detects, parses and streams OFX after 100 KB of blank lines through the registry, as --format ofx does", async () => {
    const registry = defaultFormatRegistry();
    for (const doc of [OFX1, OFX2]) {
      const bytes = new TextEncoder().encode(blank(100_000) + doc);
      expect(registry.detect(bytes)?.format.id).toBe("ofx");
      const auto = registry.parse(bytes);
      const named = registry.parse(bytes, { format: "ofx" });
      expect([auto.format, auto.rejected]).toEqual(["ofx", undefined]);
      expect(auto.statements).toEqual(named.statements);
      expect(auto.statements.flatMap((s) => s.entries).length).toBeGreaterThan(1);
      const stream = registry.stream(bytes);
      const events = [];
      for await (const e of eventsOf(stream?.batches ?? [])) events.push(e);
      expect(events.filter((e) => e.type === "entry").length).toBe(auto.statements.flatMap((s) => s.entries).length);
      expect(events.filter((e) => e.type === "issue").map((e) => e.issue)).toEqual(auto.issues);
      const end = events.at(-1);
      expect([end?.type, end?.type === "end" ? end.rejected : "none"]).toEqual(["end", undefined]);
    }
  });
});
