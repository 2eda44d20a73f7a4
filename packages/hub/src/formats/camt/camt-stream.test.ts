import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { CurrencyCode, Issue, Statement } from "../../core/index.js";
import { statementArb } from "../../core/test-support/arbitraries.js";
import { checkContinuity, checkStatement } from "../checks.js";
import { closingSource } from "../test-support/closing-source.js";
import { decodeCamtBytes, parseCamtFile } from "./camt-file.js";
import { parseCamt } from "./camt-parser.js";
import { type CamtEvent, parseCamtStream, parseCamtStreamBatches } from "./camt-stream.js";
import { corpusCamtSamples, fixtureText } from "./test-support/camt-corpus.js";
import { balance, camtDocument, entry, HEAD } from "./test-support/camt-documents.js";
import { generateCamt } from "./test-support/camt-generator.js";
import { checkStatementDirectly } from "./test-support/checks-oracle.js";

async function collect(events: AsyncIterable<CamtEvent>): Promise<CamtEvent[]> {
  const out: CamtEvent[] = [];
  for await (const e of events) out.push(e);
  return out;
}

/** The statements the events describe, as the whole-document parser returns them. */
function statementsOf(events: readonly CamtEvent[]): { statements: Statement[]; issues: Issue[]; checks: Issue[] } {
  const statements: Statement[] = [];
  const issues: Issue[] = [];
  const checks: Issue[] = [];
  let entries: Statement["entries"][number][] = [];
  for (const e of events) {
    if (e.type === "statement") entries = [];
    else if (e.type === "entry") entries.push(e.entry);
    else if (e.type === "statementEnd") {
      statements.push({ ...e.statement, entries });
      checks.push(...e.issues);
    } else if (e.type === "issue") issues.push(e.issue);
  }
  return { statements, issues, checks };
}

/** `text` cut into pieces at the given lengths (then the rest). */
function cut(text: string, sizes: readonly number[]): string[] {
  const out: string[] = [];
  let at = 0;
  for (const n of sizes) {
    if (at >= text.length) break;
    out.push(text.slice(at, at + n));
    at += n;
  }
  if (at < text.length) out.push(text.slice(at));
  return out;
}

const documents = [
  { name: "fixture camt053-full.xml", text: fixtureText("camt053-full.xml") },
  { name: "fixture camt054-notification.xml", text: fixtureText("camt054-notification.xml") },
  ...corpusCamtSamples().map((s) => ({ name: s.name, text: new TextDecoder().decode(s.bytes) })),
];

describe("parseCamtStream", () => {
  it("gives the statements, entries and issues of the whole-document parse, however the text is cut", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...documents), fc.array(fc.integer({ min: 1, max: 700 }), { maxLength: 40 }), async (doc, sizes) => {
        const whole = parseCamt(doc.text, { format: "camt.053", encoding: "utf-8" });
        const events = await collect(parseCamtStream(cut(doc.text, sizes)));
        const last = events.at(-1);
        expect(last?.type).toBe("end");
        if (whole.rejected !== undefined) {
          expect(last?.type === "end" && last.rejected?.code).toBe(whole.rejected.code);
          return;
        }
        const streamed = statementsOf(events);
        expect(streamed.statements).toEqual(whole.statements);
        expect(streamed.issues).toEqual(whole.issues);
      }),
      { numRuns: 150 },
    );
  });

  it("ends each statement with the integrity findings the registry's checks give, from running totals", async () => {
    // A statement whose balances do not close, then one of the same account that skips a number, does not open
    // with the previous closing balance and states one entry too many.
    const account = HEAD.slice(HEAD.indexOf("<Acct>"));
    const xml = camtDocument([
      `<Id>S-7</Id><ElctrncSeqNb>7</ElctrncSeqNb>${account}${balance("OPBD", "100.00")}${balance("CLBD", "80.00")}${entry("30.00", false)}`,
      `<Id>S-9</Id><ElctrncSeqNb>9</ElctrncSeqNb>${account}${balance("OPBD", "71.00")}${balance("CLBD", "71.00")}<TxsSummry><TtlNtries><NbOfNtries>2</NbOfNtries></TtlNtries></TxsSummry>${entry("1.00", true, "", "<Sts>PDNG</Sts>")}`,
    ]);
    const whole = parseCamt(xml, { format: "camt.053", encoding: "utf-8" }).statements;
    const expected = [
      ...whole.flatMap((s, i) => checkStatement(s, i)),
      ...checkContinuity(whole.map((statement, i) => ({ statement, path: `/statements/${i}` }))),
    ];
    const streamed = statementsOf(await collect(parseCamtStream([xml])));
    expect(streamed.checks.map((i) => i.code).sort()).toEqual([
      "BALANCE_MISMATCH",
      "CONTINUITY_MISMATCH",
      "SEQUENCE_GAP",
      "SUMMARY_MISMATCH",
    ]);
    expect(streamed.checks).toEqual(expect.arrayContaining(expected));
    expect(streamed.checks).toHaveLength(expected.length);
  });

  it("computes the integrity findings from running totals exactly as the whole-statement computation did", () => {
    // Some entries moved to another currency, so that the mixed-currency paths are taken too.
    const statements = fc
      .tuple(statementArb({ maxEntries: 12 }), fc.array(fc.boolean(), { maxLength: 12 }), fc.boolean())
      .map(([s, flips, summary]) => ({
        ...s,
        entries: s.entries.map((e, i) => (flips[i] === true ? { ...e, amount: { ...e.amount, currency: "XAU" as CurrencyCode } } : e)),
        ...(summary
          ? {
              summary: {
                count: s.entries.length,
                net: s.openingBalance?.amount,
                credits: { count: 1, sum: s.closingBalance?.amount },
                debits: { sum: s.openingBalance?.amount },
              },
            }
          : {}),
      }));
    fc.assert(
      fc.property(statements, fc.nat({ max: 9 }), (s, index) => {
        expect(checkStatement(s, index)).toEqual(checkStatementDirectly(s, index));
      }),
      { numRuns: 500 },
    );
  });

  it("hands out the header at the first entry and completes it at the end with what follows the entries", async () => {
    const events = await collect(
      parseCamtStream([camtDocument([`${HEAD}${entry("1.00", true)}<AddtlStmtInf>after the entries</AddtlStmtInf>`])]),
    );
    expect(events.map((e) => e.type)).toEqual(["statement", "entry", "statementEnd", "end"]);
    const [start, , end] = events;
    expect(start?.type === "statement" && start.statement.additionalInfo).toBeUndefined();
    expect(end?.type === "statementEnd" && end.statement.additionalInfo).toBe("after the entries");
    expect(end?.type === "statementEnd" && end.entries).toBe(1);
  });

  it("refuses a document that breaks off, after handing out what it read, without a statementEnd", async () => {
    const text = fixtureText("camt053-full.xml");
    const events = await collect(parseCamtStream([text.slice(0, text.indexOf("<Ntry>", text.indexOf("<Ntry>") + 1) + 40)]));
    expect(events.map((e) => e.type)).toEqual(["statement", "entry", "issue", "end"]);
    expect(events.at(-1)).toMatchObject({ type: "end", statements: 1, entries: 1, rejected: { code: "XML_MALFORMED" } });
  });

  it("closes its source when the consumer stops early", async () => {
    const source = closingSource(fixtureText("camt053-full.xml"), "<!-- more -->");
    for await (const e of parseCamtStream(source.chunks)) if (e.type === "entry") break;
    expect(source.closed).toBe(true);
  });

  it("gives the same events in batches (never empty, one per chunk read), and closes its source when left early", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...documents), fc.array(fc.integer({ min: 1, max: 700 }), { maxLength: 40 }), async (doc, sizes) => {
        const chunks = cut(doc.text, sizes);
        const batches: (readonly CamtEvent[])[] = [];
        for await (const batch of parseCamtStreamBatches(chunks)) batches.push(batch);
        expect(batches.every((b) => b.length > 0)).toBe(true);
        expect(batches.length).toBeLessThanOrEqual(chunks.length + 1);
        expect(batches.flat()).toEqual(await collect(parseCamtStream(chunks)));
      }),
      { numRuns: 50 },
    );
    const source = closingSource(fixtureText("camt053-full.xml"), "<!-- more -->");
    for await (const batch of parseCamtStreamBatches(source.chunks)) if (batch.some((e) => e.type === "entry")) break;
    expect(source.closed).toBe(true);
  });

  it("refuses with the source's own code when the source fails, and FILE_UNREADABLE when it has none", async () => {
    async function* failing(): AsyncGenerator<string> {
      yield "<Document>";
      throw new Error("disk on fire");
    }
    const events = await collect(parseCamtStream(failing()));
    expect(events.at(-1)).toMatchObject({ type: "end", rejected: { code: "FILE_UNREADABLE" } });
    expect(events.at(-1)?.type === "end" && events.at(-1)).toMatchObject({
      rejected: { message: expect.stringContaining("disk on fire") },
    });
  });

  it("reads a generated 300 MB camt.053, entry by entry, with memory that does not grow with the document", {
    timeout: 120_000,
  }, async () => {
    const doc = generateCamt(300_000_000);
    const before = process.memoryUsage.rss();
    let peak = before;
    let entries = 0;
    let checks: readonly Issue[] = [];
    for await (const e of parseCamtStream(doc.chunks)) {
      if (e.type === "entry") {
        entries++;
        // Sampled, not measured on every entry: often enough to see growth, rarely enough to cost nothing.
        if (entries % 2000 === 0) peak = Math.max(peak, process.memoryUsage.rss());
      } else if (e.type === "statementEnd") checks = e.issues;
      else if (e.type === "end") expect(e.rejected).toBeUndefined();
    }
    peak = Math.max(peak, process.memoryUsage.rss());
    expect(doc.length).toBeGreaterThan(290_000_000);
    expect(entries).toBe(doc.entries);
    // The generated balances close over all the entries: the running totals saw every one of them.
    expect(checks).toEqual([]);
    expect((peak - before) / 2 ** 20).toBeLessThan(150);
  });
});

describe("parseCamtFile", () => {
  const dir = mkdtempSync(join(tmpdir(), "bankbridge-camt-file-"));
  const write = (name: string, bytes: Uint8Array | string) => {
    const file = join(dir, name);
    writeFileSync(file, bytes);
    return file;
  };
  const fixturePath = fileURLToPath(new URL("fixtures/camt053-full.xml", import.meta.url));

  it("reads a file by its path and a Readable of its bytes into the same events", async () => {
    const fromPath = await collect(parseCamtFile(fixturePath));
    const fromStream = await collect(parseCamtFile(Readable.from([Buffer.from(fixtureText("camt053-full.xml"))])));
    expect(fromPath.filter((e) => e.type === "entry")).toHaveLength(4);
    expect(fromStream).toEqual(fromPath);
  });

  it("decodes in the encoding the XML declaration names, and UTF-16 with or without byte-order mark, with bytes split anywhere", async () => {
    const latin1 = camtDocument([
      `${HEAD}${entry("1.00", true, "<NtryDtls><TxDtls><RmtInf><Ustrd>Müller Straße</Ustrd></RmtInf></TxDtls></NtryDtls>")}`,
    ]).replace('encoding="UTF-8"', 'encoding="ISO-8859-1"');
    const bytes = Uint8Array.from([...latin1].map((c) => c.charCodeAt(0)));
    const pieces = Array.from({ length: Math.ceil(bytes.length / 7) }, (_, i) => bytes.subarray(i * 7, i * 7 + 7));
    const events = await collect(parseCamtFile(Readable.from(pieces)));
    const e = events.find((x) => x.type === "entry");
    expect(e?.type === "entry" && e.entry.remittance?.unstructured).toEqual(["Müller Straße"]);
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(latin1.replace("ISO-8859-1", "UTF-16"), "utf16le")]);
    const again = await collect(parseCamtFile(write("utf16.xml", utf16)));
    expect(again.filter((x) => x.type === "entry")).toEqual(events.filter((x) => x.type === "entry"));
    const noMark = await collect(parseCamtFile(write("utf16be.xml", Buffer.from(utf16.subarray(2)).swap16())));
    expect(noMark.filter((x) => x.type === "entry")).toEqual(events.filter((x) => x.type === "entry"));
    // A UTF-8 mark written twice is one mark; IBM 852 (declared, or forced by its label) is read like the others.
    const utf8 = Buffer.from(latin1.replace("ISO-8859-1", "UTF-8"));
    const twice = await collect(parseCamtFile(Readable.from([Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf]), utf8])])));
    expect(twice.filter((x) => x.type === "entry")).toEqual(events.filter((x) => x.type === "entry"));
    const cp852 = Uint8Array.from([...latin1.replace("ISO-8859-1", "IBM852")].map((c) => ({ ü: 0x81, ß: 0xe1 })[c] ?? c.charCodeAt(0)));
    for (const options of [{}, { encoding: "cp852" }]) {
      const dos = await collect(parseCamtFile(Readable.from([cp852]), options));
      expect(dos.filter((x) => x.type === "entry")).toEqual(events.filter((x) => x.type === "entry"));
    }
    // UTF-8 under a declaration of an 8-bit code page (which would decode it too, garbled) is read as UTF-8, however
    // the bytes are cut and however far into the file the first letter beyond ASCII comes; true ISO-8859-2 is not.
    const late = latin1.replace("ISO-8859-1", "ISO-8859-2").replace("<GrpHdr>", `<GrpHdr>${"<!-- padding -->".repeat(5000)}`);
    for (const size of [1, 3, 1024, 65_536, 1 << 20]) {
      const mislabelled = Buffer.from(late);
      const pieces8 = Array.from({ length: Math.ceil(mislabelled.length / size) }, (_, i) =>
        mislabelled.subarray(i * size, i * size + size),
      );
      const again8 = await collect(parseCamtFile(Readable.from(pieces8)));
      expect(
        again8.filter((x) => x.type === "entry"),
        `${size}-byte chunks`,
      ).toEqual(events.filter((x) => x.type === "entry"));
    }
    // The judged window is the same however the chunks fall: a windows-1250 SPÓŁKA (D3 A3, also a UTF-8 pair) and a
    // UTF-8 emoji (four bytes) first after the ASCII, read in 1-byte chunks and in one.
    const text = async (bytes: Uint8Array, size: number) => {
      const parts: string[] = [];
      const pieces1 = Array.from({ length: Math.ceil(bytes.length / size) }, (_, i) => bytes.subarray(i * size, i * size + size));
      for await (const part of decodeCamtBytes(Readable.from(pieces1))) parts.push(part);
      return parts.join("");
    };
    const spolka = `<?xml version="1.0" encoding="windows-1250"?>${"<!-- padding -->".repeat(100)}<Nm>SPÓŁKA Żółć</Nm>`;
    const high1250 = new TextDecoder("windows-1250").decode(Uint8Array.from({ length: 128 }, (_, i) => 0x80 + i));
    const cp1250 = new Map([...high1250].map((c, i) => [c, 0x80 + i]));
    const spolkaBytes = Uint8Array.from([...spolka].map((c) => cp1250.get(c) ?? c.charCodeAt(0)));
    const emoji = `<?xml version="1.0" encoding="ISO-8859-1"?>${"<!-- padding -->".repeat(100)}<Nm>Danke 😀 Müller</Nm>`;
    for (const size of [1, 2, 1 << 20]) {
      expect(await text(spolkaBytes, size), `${size}-byte chunks`).toBe(spolka);
      expect(await text(Buffer.from(emoji), size), `${size}-byte chunks`).toBe(emoji);
    }
    const trueLatin2 = Uint8Array.from([...late].map((c) => ({ ü: 0xfc, ß: 0xdf })[c] ?? c.charCodeAt(0)));
    const latin2 = await collect(parseCamtFile(Readable.from([trueLatin2.subarray(0, 70_000), trueLatin2.subarray(70_000)])));
    expect(latin2.filter((x) => x.type === "entry")).toEqual(events.filter((x) => x.type === "entry"));
  });

  it("refuses bytes that are not valid in the document's encoding with FILE_UNREADABLE and where, never replacing them", async () => {
    const broken = Buffer.concat([
      Buffer.from(camtDocument([HEAD]).slice(0, 200)),
      Buffer.from([0xff, 0xfe, 0x41]),
      Buffer.from("</Document>"),
    ]);
    const events = await collect(parseCamtFile(write("broken.xml", broken)));
    expect(events.at(-1)).toMatchObject({ type: "end", rejected: { code: "FILE_UNREADABLE", details: { encoding: "utf-8" } } });
  });

  it("refuses a missing file with FILE_NOT_FOUND", async () => {
    const events = await collect(parseCamtFile(join(dir, "no-such-file.xml")));
    expect(events).toMatchObject([{ type: "issue" }, { type: "end", rejected: { code: "FILE_NOT_FOUND" } }]);
    rmSync(dir, { recursive: true, force: true });
  });
});
