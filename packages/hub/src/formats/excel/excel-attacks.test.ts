/**
 * Hostile and damaged Excel files through the registry: each attack ends in a refusal with its own code, in
 * under 2 s and under 200 MB of resident memory (both measured around the parse), and no mutation of a real or
 * generated workbook makes the registry throw.
 */
import { createDeflateRaw } from "node:zlib";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { createFormatRegistry } from "../registry.js";
import { excelFormats } from "./excel-format.js";
import { readWorkbook } from "./read-workbook.js";
import { buildCfb, buildXls, buildXlsStream, cell, rec } from "./test-support/xls-builder.js";
import { buildXlsx, buildZip, concat } from "./test-support/zip-builder.js";

const MiB = 2 ** 20;
// Bounded, not fast: each attack ends in well under a second alone; the margin is for a loaded CI machine.
const LIMIT_MS = 6_000;
const LIMIT_MIB = 200;
const registry = createFormatRegistry(excelFormats);

interface Measured {
  readonly code: string | undefined;
  readonly message: string;
  readonly ms: number;
  readonly rssGrowthMiB: number;
}

function measure(bytes: Uint8Array): Measured {
  const before = process.memoryUsage.rss();
  const start = performance.now();
  const parsed = registry.parse(bytes);
  const ms = performance.now() - start;
  return {
    code: parsed.rejected?.code,
    message: parsed.rejected?.message ?? "",
    ms,
    rssGrowthMiB: (process.memoryUsage.rss() - before) / MiB,
  };
}

function expectRefusedQuickly(bytes: Uint8Array, code: string, message?: RegExp): void {
  const m = measure(bytes);
  expect(m.code, m.message).toBe(code);
  if (message !== undefined) expect(m.message).toMatch(message);
  expect(m.ms).toBeLessThan(LIMIT_MS);
  expect(m.rssGrowthMiB).toBeLessThan(LIMIT_MIB);
}

/** `total` zero bytes deflated, made in 1 MiB steps so the test itself never holds them. */
async function deflatedZeros(total: number): Promise<Uint8Array> {
  const deflate = createDeflateRaw({ level: 9 });
  const out: Uint8Array[] = [];
  deflate.on("data", (c: Buffer) => out.push(new Uint8Array(c)));
  const done = new Promise((resolve) => deflate.on("end", resolve));
  const zeros = Buffer.alloc(MiB);
  for (let sent = 0; sent < total; sent += MiB) {
    if (!deflate.write(zeros.subarray(0, Math.min(MiB, total - sent)))) await new Promise((resolve) => deflate.once("drain", resolve));
  }
  deflate.end();
  await done;
  return concat(out);
}

/** A workbook whose only sheet part is `sheet` (deflated already) with the size its directory entry claims. */
function xlsxWithSheetPart(compressed: Uint8Array, claimedSize: number): Uint8Array {
  const rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
  return buildZip([
    {
      name: "_rels/.rels",
      data: `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="r" Type="${rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    },
    { name: "xl/workbook.xml", data: `<workbook xmlns:r="${rel}"><sheets><sheet name="s" r:id="a"/></sheets></workbook>` },
    {
      name: "xl/_rels/workbook.xml.rels",
      data: `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="a" Type="${rel}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
    },
    { name: "xl/worksheets/sheet1.xml", data: "", compressed, size: claimedSize, crc: 0 },
  ]);
}

describe("xlsx attacks", () => {
  let bomb: Uint8Array;
  beforeAll(async () => {
    bomb = await deflatedZeros(300 * MiB);
  }, 60_000);

  it("refuses a zip bomb that declares its size (300 MiB of zeros in about 300 KB) as EXCEL_TOO_LARGE without inflating it", () => {
    expect(bomb.length).toBeLessThan(MiB);
    expectRefusedQuickly(xlsxWithSheetPart(bomb, 300 * MiB), "EXCEL_TOO_LARGE", /zip bomb/);
  });

  it("refuses a zip bomb that lies about its size as EXCEL_DAMAGED after inflating one byte more than it claims", () => {
    expectRefusedQuickly(xlsxWithSheetPart(bomb, 1000), "EXCEL_DAMAGED", /more than the 1000 bytes/);
  });

  it("refuses a shared-string table of 3 million strings as EXCEL_TOO_LARGE, whether or not it says how many it has", () => {
    const strings = "<si><t>x</t></si>".repeat(3_000_000);
    const ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
    for (const sst of [`<sst ${ns} uniqueCount="3000000">${strings}</sst>`, `<sst ${ns}>${strings}</sst>`]) {
      expectRefusedQuickly(
        buildXlsx({ sheets: [{ name: "s", rows: [["a"]] }], parts: { "xl/sharedStrings.xml": sst } }),
        "EXCEL_TOO_LARGE",
        /shared strings/,
      );
    }
  });

  it("refuses 100,000-deep XML in a sheet as EXCEL_DAMAGED with the XML reader's XML_TOO_DEEP", () => {
    const xml = `<worksheet><sheetData>${"<row>".repeat(100_000)}${"</row>".repeat(100_000)}</sheetData></worksheet>`;
    const parsed = registry.parse(buildXlsx({ sheets: [{ name: "s", xml }] }));
    expect(parsed.rejected).toMatchObject({ code: "EXCEL_DAMAGED", details: { xmlCode: "XML_TOO_DEEP" } });
  });

  it("refuses a DTD (billion laughs, external entities) in any part, before expanding anything", () => {
    const laughs = `<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY a "aaaaaaaaaa">${Array.from({ length: 8 }, (_, k) => `<!ENTITY ${"b".repeat(k + 1)} "${`&${k === 0 ? "a" : "b".repeat(k)};`.repeat(10)}">`).join("")}]><sst><si><t>&bbbbbbbb;</t></si></sst>`;
    const parsed = registry.parse(buildXlsx({ sheets: [{ name: "s", rows: [["a"]] }], parts: { "xl/sharedStrings.xml": laughs } }));
    expect(parsed.rejected).toMatchObject({ code: "EXCEL_DAMAGED", details: { xmlCode: "XML_DTD_FORBIDDEN" } });
  });

  it("refuses cells beyond the cell limit and rows spread over too many columns; one stray cell in column XFD pads only its row", () => {
    const rowsXml = (n: number, stray: (r: number) => boolean) =>
      `<worksheet><sheetData>${Array.from({ length: n }, (_, r) => `<row r="${r + 1}"><c r="A${r + 1}"><v>1</v></c>${stray(r) ? `<c r="XFD${r + 1}"><v>2</v></c>` : ""}</row>`).join("")}</sheetData></worksheet>`;
    const table = readWorkbook(buildXlsx({ sheets: [{ name: "s", xml: rowsXml(2000, (r) => r === 1999) }] }));
    expect(table?.rows.reduce((n, r) => n + r.cells.length, 0)).toBe(1999 + 16_384);
    expectRefusedQuickly(buildXlsx({ sheets: [{ name: "s", xml: rowsXml(1000, () => true) }] }), "EXCEL_TOO_LARGE", /span more than/);
    const many = buildXlsx({ sheets: [{ name: "s", rows: Array.from({ length: 300 }, () => Array.from({ length: 30 }, () => 1)) }] });
    expect(() => readWorkbook(many, { limits: { ...defaultLimits(), maxCells: 5000 } })).toThrow(/more than 5000 non-empty cells/);
  });

  it("refuses encrypted ZIP entries and unknown compression methods", () => {
    const encrypted = buildZip([{ name: "xl/workbook.xml", data: "<workbook/>", flags: 1 }]);
    expectRefusedQuickly(encrypted, "EXCEL_ENCRYPTED");
    const bzip = buildZip([{ name: "xl/workbook.xml", data: "<workbook/>", method: 12, compressed: new Uint8Array(4) }]);
    expectRefusedQuickly(bzip, "EXCEL_UNSUPPORTED");
  });
});

function defaultLimits() {
  return {
    maxInputBytes: 64 * MiB,
    maxPartBytes: 256 * MiB,
    maxInflatedBytes: 384 * MiB,
    maxZipEntries: 10_000,
    maxCells: 5_000_000,
    maxSharedStrings: 1_000_000,
  };
}

describe("xls attacks", () => {
  const stream = buildXlsStream({ sst: ["a"], sheets: [{ name: "s", cells: [cell.labelSst(0, 0, 0, 0)] }] });
  const file = () => buildCfb([{ name: "Workbook", data: concat([stream, new Uint8Array(5000)]) }]);
  const setU32 = (bytes: Uint8Array, at: number, value: number) => new DataView(bytes.buffer, bytes.byteOffset).setUint32(at, value, true);

  it("refuses a FAT chain that loops as EXCEL_DAMAGED", () => {
    const { bytes, layout } = file();
    const start = layout.streams[0]?.start ?? 0;
    // The stream's second sector points back to its first.
    setU32(bytes, 512 * (1 + (layout.fatSectors[0] ?? 0)) + (start + 1) * 4, start);
    expectRefusedQuickly(bytes, "EXCEL_DAMAGED", /loops/);
  });

  it("refuses a directory tree that loops, and sectors beyond the end of the file", () => {
    const looped = file();
    // The Workbook entry's right sibling is itself.
    setU32(looped.bytes, 512 * (1 + looped.layout.directorySector) + 128 + 72, 1);
    expectRefusedQuickly(looped.bytes, "EXCEL_DAMAGED", /loops/);
    const far = file();
    setU32(far.bytes, 48, 0x00ffffff);
    expectRefusedQuickly(far.bytes, "EXCEL_DAMAGED", /does not exist/);
  });

  it("refuses a header that claims more FAT sectors than the file has, and a truncated file", () => {
    const { bytes } = file();
    setU32(bytes, 44, 1_000_000);
    expectRefusedQuickly(bytes, "EXCEL_DAMAGED");
    expectRefusedQuickly(file().bytes.subarray(0, 300), "EXCEL_DAMAGED", /512-byte header/);
  });

  it("refuses a stream that claims more bytes than the file holds, without allocating them", () => {
    const { bytes, layout } = file();
    setU32(bytes, 512 * (1 + layout.directorySector) + 128 + 120, 0xfffffff0);
    expectRefusedQuickly(bytes, "EXCEL_DAMAGED", /claims/);
  });

  it("refuses an SST that claims billions of strings as EXCEL_TOO_LARGE", () => {
    const sst = rec(0x00fc, [0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff]);
    expectRefusedQuickly(buildXls({ globals: [sst], sheets: [{ name: "s", cells: [] }] }), "EXCEL_TOO_LARGE");
  });

  it("does not spin on 20,000 sheets that all start at one nested sheet: overlapping sheets are refused", () => {
    // Each BOUNDSHEET points at the same offset, where BOFs are nested 20,000 deep: reading every sheet
    // naively would scan the whole nest 20,000 times.
    const depth = 20_000;
    const nest = concat([
      ...Array.from({ length: depth }, () => rec(0x0809, [0, 6, 0x10, 0, 0, 0, 0, 0])),
      ...Array.from({ length: depth }, () => rec(0x000a)),
    ]);
    const globalsHead = concat([rec(0x0809, [0, 6, 5, 0, 0, 0, 0, 0]), rec(0x00e0, new Array<number>(20).fill(0))]);
    const sheetRecord = (offset: number) =>
      rec(0x0085, [offset & 0xff, (offset >> 8) & 0xff, (offset >> 16) & 0xff, offset >>> 24, 0, 0, 1, 0, 0x53]);
    const globalsLength = globalsHead.length + depth * sheetRecord(0).length + 4;
    const sheets = Array.from({ length: depth }, () => sheetRecord(globalsLength));
    const workbook = concat([globalsHead, ...sheets, rec(0x000a), nest]);
    expectRefusedQuickly(buildCfb([{ name: "Workbook", data: workbook }]).bytes, "EXCEL_DAMAGED", /overlap/);
  });

  it("refuses a file over the input limit before reading it", () => {
    expect(() => readWorkbook(file().bytes, { limits: { ...defaultLimits(), maxInputBytes: 1000 } })).toThrow(/at most 1000/);
  });
});

describe("damaged workbooks never make the registry throw", () => {
  const samples = [
    buildXlsx({
      numFmts: { 164: "yyyy-mm-dd" },
      styles: [0, 164],
      sheets: [
        {
          name: "s",
          rows: [
            ["交易日期", "金额"],
            [{ n: 45000, s: 1 }, -1.5],
          ],
        },
      ],
    }),
    buildXls({
      sst: ["交易日期", "金额", "a long string that continues"],
      sstRecordSize: 24,
      xfs: [0, 14],
      sheets: [
        {
          name: "s",
          cells: [
            cell.labelSst(0, 0, 0, 0),
            cell.labelSst(0, 1, 0, 1),
            cell.number(1, 0, 1, 45000),
            cell.number(1, 1, 0, -1.5),
            cell.labelSst(2, 0, 0, 2),
          ],
        },
      ],
    }),
  ];

  it("returns issues for random byte edits and cuts of an .xlsx and an .xls", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...samples),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 16 }),
        fc.nat(),
        (sample, edits, cutAt) => {
          const bytes = Uint8Array.from(sample.subarray(0, Math.max(8, sample.length - (cutAt % 64))));
          for (const [at, value] of edits) bytes[at % bytes.length] = value;
          const start = performance.now();
          const parsed = registry.parse(bytes);
          expect(performance.now() - start).toBeLessThan(LIMIT_MS);
          expect(Array.isArray(parsed.issues)).toBe(true);
          if (parsed.rejected !== undefined) expect(parsed.rejected.code).not.toBe("PARSER_FAILED");
        },
      ),
      { numRuns: 400 },
    );
  });
});
