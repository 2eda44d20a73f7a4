import { describe, expect, it } from "vitest";
import { ExcelReadError } from "./excel-limits.js";
import { buildXlsx, buildZip } from "./test-support/zip-builder.js";
import { readXlsx } from "./xlsx-reader.js";

const texts = (bytes: Uint8Array, options = {}) => readXlsx(bytes, options).rows.map((r) => [r.line, ...r.cells]);

function refusal(f: () => unknown): { code: string; message: string } {
  try {
    f();
  } catch (e) {
    if (e instanceof ExcelReadError) return { code: e.code, message: e.message };
    throw e;
  }
  throw new Error("expected a refusal");
}

describe("readXlsx", () => {
  it("reads shared strings, numbers and empty cells into rows numbered as in the sheet", () => {
    const bytes = buildXlsx({ sheets: [{ name: "明细", rows: [["交易日期", "金额", "摘要"], [], ["2024-01-02", -12.5, null, "x"]] }] });
    expect(texts(bytes)).toEqual([
      [1, "交易日期", "金额", "摘要", ""],
      [3, "2024-01-02", "-12.5", "", "x"],
    ]);
  });

  it("shows numbers as their format does: fixed decimals padded, dates as YYYY-MM-DD HH:mm:ss", () => {
    const bytes = buildXlsx({
      numFmts: { 164: "yyyy/m/d h:mm", 165: "#,##0.000" },
      styles: [0, 14, 164, 165, 4, 49],
      sheets: [
        {
          name: "s",
          rows: [
            [
              { n: 45000, s: 1 },
              { n: 45000.75, s: 2 },
              { n: 1.28, s: 3 },
              { n: 0.1 + 0.2, s: 0 },
              { n: 5, s: 4 },
              { n: 7, s: 5 },
            ],
          ],
        },
      ],
    });
    expect(texts(bytes)).toEqual([[1, "2023-03-15 00:00:00", "2023-03-15 18:00:00", "1.280", "0.3", "5.00", "7"]]);
  });

  it("counts dates from 1904 when the workbook says so", () => {
    const bytes = buildXlsx({ date1904: true, styles: [14], sheets: [{ name: "s", rows: [[{ n: 0, s: 0 }]] }] });
    expect(texts(bytes)).toEqual([[1, "1904-01-01 00:00:00"]]);
  });

  it("reads inline strings, formula strings, booleans, ISO dates, rich text and OOXML escapes, and reports error values", () => {
    const ss = `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><r><t>对方</t></r><r><rPr><b/></rPr><t xml:space="preserve"> 户名</t></r><rPh sb="0" eb="1"><t>たい</t></rPh></si><si><t>a_x000D_b</t></si></sst>`;
    const bytes = buildXlsx({
      sheets: [
        {
          name: "s",
          rows: [
            [
              { xml: '<c r="{ref}" t="inlineStr"><is><t>inline</t></is></c>' },
              { xml: '<c r="{ref}" t="str"><f>A1</f><v>formula</v></c>' },
              { xml: '<c r="{ref}" t="b"><v>1</v></c>' },
              { xml: '<c r="{ref}" t="d"><v>2024-02-29T08:09:10</v></c>' },
              { xml: '<c r="{ref}" t="s"><v>0</v></c>' },
              { xml: '<c r="{ref}" t="s"><v>1</v></c>' },
              { xml: '<c r="{ref}" t="e"><v>#DIV/0!</v></c>' },
            ],
          ],
        },
      ],
      parts: { "xl/sharedStrings.xml": ss },
    });
    const table = readXlsx(bytes);
    expect(table.rows).toEqual([{ line: 1, cells: ["inline", "formula", "TRUE", "2024-02-29 08:09:10", "对方 户名", "a\rb"] }]);
    expect(table.issues).toEqual([expect.objectContaining({ severity: "warning", code: "EXCEL_CELL_ERROR", line: 1, path: "G1" })]);
  });

  it("places cells without a reference after the previous one, and rows without a number after the previous row", () => {
    const xml = `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="2"><c><v>1</v></c><c r="D2"><v>4</v></c><c><v>5</v></c></row><row><c><v>9</v></c></row></sheetData></worksheet>`;
    expect(texts(buildXlsx({ sheets: [{ name: "s", xml }] }))).toEqual([
      [2, "1", "", "", "4", "5"],
      [3, "9", "", "", "", ""],
    ]);
  });

  it("takes the first visible sheet with data, or the sheet named or numbered", () => {
    const bytes = buildXlsx({
      sheets: [
        { name: "hidden", hidden: true, rows: [["h"]] },
        { name: "empty", rows: [] },
        { name: "data", rows: [["d"]] },
      ],
    });
    expect(readXlsx(bytes).sheet).toBe("data");
    expect(readXlsx(bytes).sheetNames).toEqual(["hidden", "empty", "data"]);
    expect(texts(bytes, { sheet: "hidden" })).toEqual([[1, "h"]]);
    expect(texts(bytes, { sheet: 1 })).toEqual([[1, "h"]]);
    expect(refusal(() => readXlsx(bytes, { sheet: "nope" })).code).toBe("EXCEL_SHEET_NOT_FOUND");
    expect(refusal(() => readXlsx(buildXlsx({ sheets: [{ name: "e", rows: [] }] }))).code).toBe("EXCEL_NO_DATA");
  });

  it("finds the workbook through the package relationships when it is not at xl/workbook.xml", () => {
    const normal = buildXlsx({ sheets: [{ name: "s", rows: [["x"]] }] });
    expect(readXlsx(normal).rows).toHaveLength(1);
    const rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    const moved = buildZip([
      {
        name: "_rels/.rels",
        data: `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="r" Type="${rel}/officeDocument" Target="/book/wb.xml"/></Relationships>`,
      },
      {
        name: "book/wb.xml",
        data: `<workbook xmlns:x="${rel}"><sheets><sheet name="only" x:id="a"/></sheets></workbook>`,
      },
      {
        name: "book/_rels/wb.xml.rels",
        data: `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="a" Type="${rel}/worksheet" Target="../sheets/one.xml"/></Relationships>`,
      },
      {
        name: "sheets/one.xml",
        data: '<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>moved</t></is></c></row></sheetData></worksheet>',
        method: 0,
      },
    ]);
    expect(texts(moved)).toEqual([[1, "moved"]]);
  });

  it("refuses a binary workbook (.xlsb) as EXCEL_UNSUPPORTED", () => {
    const xlsb = buildZip([{ name: "xl/workbook.bin", data: new Uint8Array(16) }]);
    expect(refusal(() => readXlsx(xlsb)).code).toBe("EXCEL_UNSUPPORTED");
  });

  it("refuses damaged containers with EXCEL_DAMAGED", () => {
    const bytes = buildXlsx({ sheets: [{ name: "s", rows: [["x"]] }] });
    expect(refusal(() => readXlsx(bytes.subarray(0, bytes.length - 30))).code).toBe("EXCEL_DAMAGED");
    expect(refusal(() => readXlsx(buildZip([{ name: "xl/workbook.xml", data: "<workbook/>", crc: 1 }]))).message).toMatch(/CRC/);
    expect(refusal(() => readXlsx(buildZip([{ name: "a.txt", data: "x" }]))).message).toMatch(/no workbook part/);
  });
});
