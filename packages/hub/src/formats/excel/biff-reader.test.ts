import { describe, expect, it } from "vitest";
import { readXls } from "./biff-reader.js";
import { ExcelReadError } from "./excel-limits.js";
import { buildCfb, buildXls, buildXlsStream, cell, rec } from "./test-support/xls-builder.js";

const texts = (bytes: Uint8Array, options = {}) => readXls(bytes, options).rows.map((r) => [r.line, ...r.cells]);

function refusal(f: () => unknown): { code: string; message: string } {
  try {
    f();
  } catch (e) {
    if (e instanceof ExcelReadError) return { code: e.code, message: e.message };
    throw e;
  }
  throw new Error("expected a refusal");
}

/** An RK value holding the integer `n` (bit 1 set: integer; bit 0 set: divide by 100). */
const rkInt = (n: number, cents = false) => ((n << 2) | 2 | (cents ? 1 : 0)) >>> 0;

describe("readXls", () => {
  it("reads shared strings, numbers, RK and MULRK values into rows numbered as in the sheet", () => {
    const bytes = buildXls({
      sst: ["交易日期", "金额", "Café"],
      sheets: [
        {
          name: "明细",
          cells: [
            cell.labelSst(0, 0, 0, 0),
            cell.labelSst(0, 1, 0, 1),
            cell.labelSst(0, 2, 0, 2),
            cell.number(2, 1, 0, -12.5),
            cell.rk(2, 0, 0, rkInt(20240102)),
            cell.mulrk(3, 0, [
              [0, rkInt(123456, true)],
              [0, rkInt(-7)],
            ]),
          ],
        },
      ],
    });
    expect(texts(bytes)).toEqual([
      [1, "交易日期", "金额", "Café"],
      [3, "20240102", "-12.5", ""],
      [4, "1234.56", "-7", ""],
    ]);
    expect(readXls(bytes).sheet).toBe("明细");
  });

  it("reads shared strings continued across CONTINUE records, in one- and two-byte characters", () => {
    const sst = ["short", "a string long enough to cross several records", "中文跨越记录边界的字符串，再长一点", "x"];
    const bytes = buildXls({ sst, sstRecordSize: 20, sheets: [{ name: "s", cells: sst.map((_, i) => cell.labelSst(i, 0, 0, i)) }] });
    expect(texts(bytes).map((r) => r[1])).toEqual(sst);
  });

  it("shows dates and fixed decimals as their formats do, and the 1904 date system", () => {
    const formats = { 164: "yyyy-mm-dd hh:mm:ss", 165: "0.000" };
    const xfs = [0, 14, 164, 165];
    const sheet = {
      name: "s",
      cells: [cell.number(0, 0, 1, 45000), cell.number(0, 1, 2, 45000.5), cell.number(0, 2, 3, 1.28), cell.number(0, 3, 0, 0.1 + 0.2)],
    };
    expect(texts(buildXls({ formats, xfs, sheets: [sheet] }))).toEqual([[1, "2023-03-15 00:00:00", "2023-03-15 12:00:00", "1.280", "0.3"]]);
    expect(texts(buildXls({ formats, xfs, date1904: true, sheets: [{ name: "s", cells: [cell.number(0, 0, 1, 0)] }] }))).toEqual([
      [1, "1904-01-01 00:00:00"],
    ]);
  });

  it("reads labels, booleans and formula results, and reports error values", () => {
    const table = readXls(
      buildXls({
        sheets: [
          {
            name: "s",
            cells: [
              cell.label(0, 0, 0, "标签"),
              cell.boolErr(0, 1, 1, false),
              cell.boolErr(0, 2, 0x07, true),
              cell.formulaNumber(0, 3, 0, 2.5),
              ...cell.formulaString(0, 4, "公式"),
            ],
          },
        ],
      }),
    );
    expect(table.rows).toEqual([{ line: 1, cells: ["标签", "TRUE", "", "2.5", "公式"] }]);
    expect(table.issues).toEqual([
      expect.objectContaining({ code: "EXCEL_CELL_ERROR", line: 1, path: "C1", message: expect.stringContaining("#DIV/0!") }),
    ]);
  });

  it("takes the first visible sheet with data, or the sheet named", () => {
    const bytes = buildXls({
      sst: ["h", "d"],
      sheets: [
        { name: "hidden", hidden: true, cells: [cell.labelSst(0, 0, 0, 0)] },
        { name: "empty", cells: [] },
        { name: "data", cells: [cell.labelSst(0, 0, 0, 1)] },
      ],
    });
    expect(readXls(bytes).sheet).toBe("data");
    expect(texts(bytes, { sheet: "hidden" })).toEqual([[1, "h"]]);
    expect(texts(bytes, { sheet: 2 })).toEqual([]);
  });

  it("reads a workbook stream of 4 KiB or more from regular sectors as well as a small one from the mini stream", () => {
    const many = Array.from({ length: 400 }, (_, i) => cell.number(i, 0, 0, i + 0.5));
    const bytes = buildXls({ sheets: [{ name: "s", cells: many }] });
    expect(bytes.length).toBeGreaterThan(4096);
    const rows = readXls(bytes).rows;
    expect(rows).toHaveLength(400);
    expect(rows[399]).toEqual({ line: 400, cells: ["399.5"] });
  });

  it("reads an Excel 5–95 (BIFF5) workbook, its 8-bit strings in the code page it names (936: GBK)", () => {
    const u16 = (n: number) => [n & 0xff, n >> 8];
    const bof = (dt: number) => rec(0x0809, [...u16(0x0500), ...u16(dt), 0, 0, 0, 0]);
    const name = [0xc3, 0xf7, 0xcf, 0xb8]; // 明细
    const globalsHead = [bof(0x0005), rec(0x0042, u16(936)), rec(0x00e0, new Array<number>(16).fill(0))];
    const sheetRecord = (offset: number) => rec(0x0085, [offset & 0xff, (offset >> 8) & 0xff, 0, 0, 0, 0, name.length, ...name]);
    const globalsLength = [...globalsHead, sheetRecord(0), rec(0x000a)].reduce((n, r) => n + r.length, 0);
    const label = rec(0x0204, [...u16(0), ...u16(0), ...u16(0), ...u16(4), 0xd6, 0xd0, 0xce, 0xc4]); // 中文
    const stream = Uint8Array.from(
      [...globalsHead, sheetRecord(globalsLength), rec(0x000a), bof(0x0010), label, cell.number(0, 1, 0, 1.5), rec(0x000a)].flatMap((r) => [
        ...r,
      ]),
    );
    const table = readXls(buildCfb([{ name: "Book", data: stream }]).bytes);
    expect(table.sheet).toBe("明细");
    expect(table.rows).toEqual([{ line: 1, cells: ["中文", "1.5"] }]);
  });

  it("refuses password-protected workbooks, other OLE documents and Excel 2.x–4.0 files", () => {
    const encrypted = buildXls({ globals: [rec(0x002f, [0, 0])], sheets: [{ name: "s", cells: [] }] });
    expect(refusal(() => readXls(encrypted)).code).toBe("EXCEL_ENCRYPTED");
    const word = buildCfb([{ name: "WordDocument", data: new Uint8Array(100) }]).bytes;
    expect(refusal(() => readXls(word))).toEqual({ code: "EXCEL_UNSUPPORTED", message: expect.stringContaining("WordDocument") });
    const agile = buildCfb([
      { name: "EncryptionInfo", data: new Uint8Array(10) },
      { name: "EncryptedPackage", data: new Uint8Array(10) },
    ]).bytes;
    expect(refusal(() => readXls(agile)).code).toBe("EXCEL_ENCRYPTED");
    const biff4 = buildCfb([{ name: "Workbook", data: rec(0x0409, [0, 0, 0x10, 0]) }]).bytes;
    expect(refusal(() => readXls(biff4)).code).toBe("EXCEL_UNSUPPORTED");
  });

  it("refuses a workbook stream cut short", () => {
    const stream = buildXlsStream({ sheets: [{ name: "s", cells: [cell.number(0, 0, 0, 1)] }] });
    const cut = buildCfb([{ name: "Workbook", data: stream.subarray(0, stream.length - 10) }]).bytes;
    expect(refusal(() => readXls(cut)).code).toBe("EXCEL_DAMAGED");
  });
});
