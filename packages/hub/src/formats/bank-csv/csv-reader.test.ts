import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createCsvRowReader, readCsvRows, readCsvRowsAsync, type TableRow } from "./csv-reader.js";

const rows = (text: string, dialect = {}) => [...readCsvRows(text, dialect)];
const cells = (text: string, dialect = {}) => rows(text, dialect).map((r) => r.cells);

/** Reads `text` pushed in the given pieces. */
function inPieces(pieces: readonly string[], dialect = {}): TableRow[] {
  const out: TableRow[] = [];
  const reader = createCsvRowReader(dialect, (r) => out.push(r));
  for (const p of pieces) reader.push(p);
  reader.end();
  return out;
}

describe("#readCsvRows", () => {
  it("reads RFC 4180: quoted delimiters, doubled quotes, quoted line ends, CRLF", () => {
    expect(cells('a,"b,c","say ""hi"""\r\n1,"two\r\nlines",3\r\n')).toEqual([
      ["a", "b,c", 'say "hi"'],
      ["1", "two\r\nlines", "3"],
    ]);
  });

  it("numbers rows by the line they start on, counting the line ends inside quotes", () => {
    expect(rows('a\n"b\nc"\nd\r\re').map((r) => r.line)).toEqual([1, 2, 4, 5, 6]);
  });

  it("treats LF, CRLF and CR alike and adds no row for the final line end", () => {
    expect(cells("a\nb\r\nc\rd\n")).toEqual([["a"], ["b"], ["c"], ["d"]]);
    expect(cells("a\nb")).toEqual([["a"], ["b"]]);
  });

  it("drops a leading byte-order mark, and only there", () => {
    expect(cells("\ufeffa,b\n\ufeffc")).toEqual([["a", "b"], ["\ufeffc"]]);
  });

  it("keeps rows of any length and blank lines as one empty cell", () => {
    expect(cells("a,b,c\n\nd\ne,,")).toEqual([["a", "b", "c"], [""], ["d"], ["e", "", ""]]);
  });

  it("keeps what follows a closing quote, and a quote inside an unquoted field, as ICBC and WeChat write them", () => {
    expect(cells('"-18.00"\t\t,CNY\n打开拼多多，点击底部"多多视频",x')).toEqual([
      ["-18.00\t\t", "CNY"],
      ['打开拼多多，点击底部"多多视频"', "x"],
    ]);
  });

  it("runs an unclosed quote to the end of the text instead of failing", () => {
    expect(cells('a,"b\nc')).toEqual([["a", "b\nc"]]);
  });

  it("takes another delimiter and quote, or no quoting at all", () => {
    expect(cells("a;'b;c';d", { delimiter: ";", quote: "'" })).toEqual([["a", "b;c", "d"]]);
    expect(cells('="x"\t"y"', { delimiter: "\t", quote: "" })).toEqual([['="x"', '"y"']]);
  });

  it("trims spaces and tabs around cells when asked, inside the quotes too, as a profile reads them", () => {
    expect(cells('2023-05-02     \t,"消费    \t",  a b ,"""x"" "\t\n', { trim: true })).toEqual([["2023-05-02", "消费", "a b", '"x"']]);
  });

  it("refuses a dialect it cannot read: a line end or the quote as delimiter", () => {
    expect(() => cells("a", { delimiter: "\n" })).toThrow(RangeError);
    expect(() => cells("a", { delimiter: '"' })).toThrow(RangeError);
    expect(() => cells("a", { delimiter: ",," })).toThrow(RangeError);
  });
});

describe("#createCsvRowReader", () => {
  it("gives the same rows wherever the text is cut: inside quotes, between a doubled quote, between CR and LF", () => {
    const text = '\ufeff交易日期,"摘要 ""A""",金额\r\n2024-01-02,"a\r\nb",1,234.50\r\n"x",,"y"\r"z"\n';
    const whole = inPieces([text]);
    for (let a = 0; a <= text.length; a++) {
      for (let b = a; b <= text.length; b += 3) {
        expect(inPieces([text.slice(0, a), text.slice(a, b), text.slice(b)]), `cut at ${a} and ${b}`).toEqual(whole);
      }
    }
  });

  it("gives the same rows for any text cut anywhere (property)", () => {
    const alphabet = fc.constantFrom("a", "中", ",", ";", '"', "\n", "\r", " ", "\t", "\ufeff");
    fc.assert(
      fc.property(
        fc.array(alphabet, { maxLength: 60 }),
        fc.array(fc.nat(), { maxLength: 6 }),
        fc.constantFrom(",", ";"),
        fc.boolean(),
        (chars, cuts, delimiter, trim) => {
          const text = chars.join("");
          const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((x, y) => x - y);
          const pieces: string[] = [];
          let from = 0;
          for (const p of points) {
            pieces.push(text.slice(from, p));
            from = p;
          }
          pieces.push(text.slice(from));
          expect(inPieces(pieces, { delimiter, trim })).toEqual(inPieces([text], { delimiter, trim }));
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe("#readCsvRowsAsync", () => {
  it("reads chunks from an async source like the whole text", async () => {
    async function* chunks() {
      yield 'a,"b';
      yield '\nc"\r';
      yield "\nd";
    }
    const out: TableRow[] = [];
    for await (const row of readCsvRowsAsync(chunks())) out.push(row);
    expect(out).toEqual(rows('a,"b\nc"\r\nd'));
  });
});
