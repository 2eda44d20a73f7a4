/**
 * Hostile and damaged camt documents, through the registry (bytes) and through the streaming parser: each
 * attack is refused with its own code in under 2 s and under 200 MB (time and resident memory are measured
 * around the parse), and no mutation of a real file makes the parser throw.
 */
import { Buffer, isUtf8 } from "node:buffer";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Issue, statementsFromJson, statementToJson } from "../../core/index.js";
import { createFormatRegistry } from "../registry.js";
import { expectBytesLikeDecoded, UTF8_PIECES, withPieces } from "../test-support/format-contract.js";
import { camt053Format, camtFormats } from "./camt-format.js";
import { parseCamt, parseCamtUtf8 } from "./camt-parser.js";
import { type CamtEvent, parseCamtStream } from "./camt-stream.js";
import { corpusCamtSamples, fixture } from "./test-support/camt-corpus.js";

const MiB = 2 ** 20;
const GiB = 2 ** 30;
const CHUNK = 64 * 1024;
const LIMIT_MS = 2_000;
const LIMIT_MIB = 200;
const registry = createFormatRegistry(camtFormats);
const encode = (s: string) => new TextEncoder().encode(s);

const OPEN = '<?xml version="1.0" encoding="UTF-8"?>\n';
const CAMT =
  '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt><GrpHdr><MsgId>X</MsgId></GrpHdr><Stmt><Id>S</Id>';
const XXE = `${OPEN}<!DOCTYPE Document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n${CAMT}<AddtlStmtInf>&xxe;</AddtlStmtInf></Stmt></BkToCstmrStmt></Document>`;
const LAUGHS = `${OPEN}<!DOCTYPE Document [\n  <!ENTITY lol0 "lol">\n  ${Array.from({ length: 9 }, (_, k) => `<!ENTITY lol${k + 1} "${`&lol${k};`.repeat(10)}">`).join("\n  ")}\n]>\n${CAMT}<AddtlStmtInf>&lol9;</AddtlStmtInf></Stmt></BkToCstmrStmt></Document>`;
const DEEP = `${OPEN}${CAMT}${"<Ntry>".repeat(10_000)}${"</Ntry>".repeat(10_000)}</Stmt></BkToCstmrStmt></Document>`;

interface Measured {
  readonly code: string | undefined;
  readonly ms: number;
  readonly rssGrowthMiB: number;
  /** Code units the parser took before it stopped. */
  readonly read: number;
}

function expectRefusedQuickly(m: Measured, code: string): void {
  expect(m.code).toBe(code);
  expect(m.ms).toBeLessThan(LIMIT_MS);
  expect(m.rssGrowthMiB).toBeLessThan(LIMIT_MIB);
}

function viaRegistry(text: string): Measured {
  const bytes = encode(text);
  const before = process.memoryUsage.rss();
  const start = performance.now();
  const parsed = registry.parse(bytes);
  const ms = performance.now() - start;
  expect(parsed.format).toBe("camt.053");
  return { code: parsed.rejected?.code, ms, rssGrowthMiB: (process.memoryUsage.rss() - before) / MiB, read: bytes.length };
}

/** Streams `chunks` (generated on demand, never stored) through `parseCamtStream`, sampling memory as it reads. */
async function viaStream(chunks: Iterable<string>): Promise<Measured> {
  const before = process.memoryUsage.rss();
  let peak = before;
  let read = 0;
  function* counted(): Generator<string> {
    for (const c of chunks) {
      read += c.length;
      if (read % (4 * CHUNK) < c.length) peak = Math.max(peak, process.memoryUsage.rss());
      yield c;
    }
  }
  const start = performance.now();
  let last: CamtEvent | undefined;
  for await (const e of parseCamtStream(counted())) last = e;
  const ms = performance.now() - start;
  peak = Math.max(peak, process.memoryUsage.rss());
  return { code: last?.type === "end" ? last.rejected?.code : "no end event", ms, rssGrowthMiB: (peak - before) / MiB, read };
}

/** `open`, then `total` code units made by `fill` in fresh 64 KiB chunks (generated on demand), then `close`. */
function* stream(open: string, fill: (n: number) => string, total: number, close = ""): Generator<string> {
  yield open;
  for (let n = 0, sent = 0; sent < total; n++, sent += CHUNK) yield fill(n);
  yield close;
}

const letters = (n: number) => String.fromCharCode(0x41 + (n % 26)).repeat(CHUNK);

describe("attacks through the registry", () => {
  it("refuses XXE, an external entity in a DTD, as XML_DTD_FORBIDDEN", () => {
    expectRefusedQuickly(viaRegistry(XXE), "XML_DTD_FORBIDDEN");
  });

  it("refuses billion laughs as XML_DTD_FORBIDDEN, before expanding anything", () => {
    expectRefusedQuickly(viaRegistry(LAUGHS), "XML_DTD_FORBIDDEN");
  });

  it("refuses 10,000-deep nesting as XML_TOO_DEEP", () => {
    expectRefusedQuickly(viaRegistry(DEEP), "XML_TOO_DEEP");
  });

  it("refuses a text node over the reader's 1 MiB limit as XML_TEXT_TOO_LARGE (2 GB is streamed below)", () => {
    expectRefusedQuickly(
      viaRegistry(`${OPEN}${CAMT}<AddtlStmtInf>${"A".repeat(2 * MiB)}</AddtlStmtInf></Stmt></BkToCstmrStmt></Document>`),
      "XML_TEXT_TOO_LARGE",
    );
  });
});

describe("attacks through the stream", () => {
  it("refuses XXE and billion laughs as XML_DTD_FORBIDDEN, whole or a character at a time", async () => {
    for (const doc of [XXE, LAUGHS]) {
      expectRefusedQuickly(await viaStream([doc]), "XML_DTD_FORBIDDEN");
      expectRefusedQuickly(await viaStream(doc.split("")), "XML_DTD_FORBIDDEN");
    }
  });

  it("refuses 10,000-deep nesting as XML_TOO_DEEP, and 2 GB of start tags after the first chunk", async () => {
    expectRefusedQuickly(await viaStream(DEEP.match(/[\s\S]{1,4096}/g) ?? []), "XML_TOO_DEEP");
    const endless = await viaStream(stream(`${OPEN}${CAMT}`, () => "<Ntry>".repeat(CHUNK / 6), 2 * GiB));
    expectRefusedQuickly(endless, "XML_TOO_DEEP");
    expect(endless.read).toBeLessThan(4 * CHUNK);
  });

  it("refuses 2 GB of text in one node, streamed and never stored, as XML_TEXT_TOO_LARGE after about 1 MiB of it", async () => {
    const m = await viaStream(
      stream(`${OPEN}${CAMT}<AddtlStmtInf>`, letters, 2 * GiB, "</AddtlStmtInf></Stmt></BkToCstmrStmt></Document>"),
    );
    expectRefusedQuickly(m, "XML_TEXT_TOO_LARGE");
    expect(m.read).toBeLessThan(2 * MiB);
  });
});

describe("damaged files", () => {
  const samples = [
    { name: "fixture camt053-full.xml", bytes: fixture("camt053-full.xml") },
    { name: "fixture camt052-intraday.xml", bytes: fixture("camt052-intraday.xml") },
    { name: "fixture camt054-notification.xml", bytes: fixture("camt054-notification.xml") },
    ...corpusCamtSamples(),
  ];
  const mutated = fc
    .tuple(
      fc.constantFrom(...samples),
      fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 12 }),
      fc.nat(),
    )
    .map(([sample, edits, cutAt]) => {
      const bytes = sample.bytes.slice(0, Math.max(1, cutAt % (sample.bytes.length + 1)));
      for (const [at, value] of edits) bytes[at % bytes.length] = value;
      return bytes;
    });

  it("never throws on mutated copies of real files: the registry gives issues or a refusal, and valid model", () => {
    fc.assert(
      fc.property(mutated, (bytes) => {
        const start = performance.now();
        const parsed = registry.parse(bytes, { format: "camt.053" });
        expect(performance.now() - start).toBeLessThan(LIMIT_MS);
        expect(parsed.issues.every((i: Issue) => typeof i.code === "string" && i.code !== "PARSER_FAILED")).toBe(true);
        if (parsed.rejected === undefined) {
          const json = JSON.parse(JSON.stringify(parsed.statements.map(statementToJson))) as unknown;
          expect(statementsFromJson(json).issues).toEqual([]);
        }
      }),
      { numRuns: 400 },
    );
  });

  it("never throws on mutated copies streamed in random pieces: every stream ends with an end event", async () => {
    await fc.assert(
      fc.asyncProperty(mutated, fc.integer({ min: 1, max: 300 }), async (bytes, piece) => {
        const text = new TextDecoder("windows-1252").decode(bytes);
        const chunks = Array.from({ length: Math.ceil(text.length / piece) }, (_, i) => text.slice(i * piece, (i + 1) * piece));
        let last: CamtEvent | undefined;
        for await (const e of parseCamtStream(chunks)) last = e;
        expect(last?.type).toBe("end");
        expect(last?.type === "end" && last.rejected?.code).not.toBe("PARSER_FAILED");
      }),
      { numRuns: 300 },
    );
  });
});

describe("reading UTF-8 bytes (the registry's whole-file path)", () => {
  const samples = [
    { name: "fixture camt053-full.xml", bytes: fixture("camt053-full.xml") },
    { name: "fixture camt052-intraday.xml", bytes: fixture("camt052-intraday.xml") },
    { name: "fixture camt054-notification.xml", bytes: fixture("camt054-notification.xml") },
    ...corpusCamtSamples(),
  ];
  const context = { format: "camt.053", encoding: "utf-8" } as const;
  const expectAlike = (bytes: Uint8Array, label: string) => expectBytesLikeDecoded(camt053Format, bytes, label);

  it("gives every fixture and corpus file the statements and issues of its decoded text", () => {
    for (const { name, bytes } of samples) expectAlike(bytes, name);
  });

  it("gives mutated copies of real files, with non-ASCII text, references and non-characters put anywhere, the decoded reading's result", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...samples),
        fc.array(fc.tuple(fc.nat(), fc.constantFrom(...UTF8_PIECES), fc.boolean()), { minLength: 1, maxLength: 6 }),
        (sample, edits) => {
          expectAlike(withPieces(sample.bytes, edits), sample.name);
        },
      ),
      { numRuns: 400 },
    );
  });

  it("gives the decoded reading's result read in chunks of any size, cut between characters", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...samples),
        fc.array(fc.tuple(fc.nat(), fc.constantFrom(...UTF8_PIECES), fc.boolean()), { maxLength: 4 }),
        fc.integer({ min: 1, max: 4096 }),
        (sample, edits, chunkBytes) => {
          const bytes = Buffer.from(withPieces(sample.bytes, edits));
          if (!isUtf8(bytes)) return;
          const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
          expect(parseCamtUtf8(body, context, chunkBytes), `${sample.name}, chunks of ${chunkBytes}`).toEqual(
            parseCamt(body.toString("utf8"), context),
          );
        },
      ),
      { numRuns: 150 },
    );
  });

  it("gives the decoded reading's result for every chunk size from 65 to 200 bytes, names and text beyond ASCII included", () => {
    // Chunks longer than the reader's 64-character head for short tokens, cut at every position of the file:
    // a chunk ending on "<", "&", CR or "]" with a multi-byte character soon after must still read right.
    const text = new TextDecoder()
      .decode(fixture("camt053-full.xml"))
      .replace(/<Nm>([^<]*)<\/Nm>/g, "<Nm>$1 Müller &amp; Söhne 中文 😀</Nm>");
    const body = Buffer.from(text.replace(/\n/g, "\r\n"), "utf8");
    const decoded = parseCamt(body.toString("utf8"), context);
    for (let chunkBytes = 65; chunkBytes <= 200; chunkBytes++) {
      expect(parseCamtUtf8(body, context, chunkBytes), `chunks of ${chunkBytes}`).toEqual(decoded);
    }
  });

  it("reads an amount's currency attribute the same whatever was read before (the cache holds no bytes above ASCII)", () => {
    const doc = (ccy: string) => new TextDecoder().decode(fixture("camt053-full.xml")).replace(/<Amt Ccy="EUR">/, `<Amt Ccy="${ccy}">`);
    // "\u00C2\u00A0USD" decoded is, byte for byte, what "\u00A0USD" is read as from its UTF-8 bytes.
    parseCamt(doc("\u00C2\u00A0USD"), context);
    expectAlike(new TextEncoder().encode(doc("\u00A0USD")), "NBSP currency");
  });

  it("gives the registry the same result on every file as reading it decoded", () => {
    for (const { name, bytes } of samples) {
      const fast = registry.parse(bytes);
      const decoded = registry.parse(bytes, { encoding: "utf-8" });
      expect(fast, name).toEqual(decoded);
    }
  });
});
