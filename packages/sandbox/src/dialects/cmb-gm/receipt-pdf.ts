/**
 * A minimal PDF writer for electronic receipts (回单): one page per receipt, text lines only, exact xref
 * offsets. ASCII lines use Helvetica; lines with Chinese use the non-embedded Adobe-GB1 font STSong-Light
 * with the UniGB-UCS2-H CMap, which every conforming reader can substitute — so the file stays a few hundred
 * bytes per page and needs no font file. Lines are split into ASCII and non-ASCII runs, each in its font.
 *
 * @module
 */

const ASCII_LINE = /^[\x20-\x7e]*$/;

function pdfLiteral(text: string): string {
  return `(${text.replace(/[\\()]/g, (c) => `\\${c}`)})`;
}

function ucs2Hex(text: string): string {
  let hex = "";
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0x3f;
    // UCS-2 only: characters beyond the BMP become "?".
    hex += (code > 0xffff ? 0x3f : code).toString(16).padStart(4, "0");
  }
  return `<${hex.toUpperCase()}>`;
}

function pageContent(lines: readonly string[]): string {
  const ops = ["BT", "14 TL", "40 380 Td"];
  for (const [i, line] of lines.entries()) {
    const size = i === 0 ? 14 : 10;
    // Each run of ASCII goes in Helvetica, each run of other characters in STSong; Tj moves the pen on.
    for (const run of line.match(/[\x20-\x7e]+|[^\x20-\x7e]+/g) ?? []) {
      const ascii = ASCII_LINE.test(run);
      ops.push(`/${ascii ? "F1" : "F2"} ${size} Tf ${ascii ? pdfLiteral(run) : ucs2Hex(run)} Tj`);
    }
    ops.push("T*");
  }
  ops.push("ET");
  return `${ops.join("\n")}\n`;
}

/** A PDF with one A5-landscape page per entry of `pages`, each a list of text lines. */
export function renderPdf(pages: readonly (readonly string[])[], title = "Electronic receipt"): Buffer {
  const objects: string[] = [];
  const pageCount = Math.max(pages.length, 1);
  const firstPage = 7;
  const kids = Array.from({ length: pageCount }, (_, i) => `${firstPage + i * 2} 0 R`).join(" ");
  objects.push("<< /Type /Catalog /Pages 2 0 R >>");
  objects.push(`<< /Type /Pages /Kids [${kids}] /Count ${pageCount} >>`);
  objects.push("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>");
  objects.push("<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [5 0 R] >>");
  objects.push(
    "<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /FontDescriptor 6 0 R /DW 1000 >>",
  );
  objects.push(
    "<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>",
  );
  for (let i = 0; i < pageCount; i++) {
    const content = Buffer.from(pageContent(pages[i] ?? []), "latin1");
    objects.push(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 420] /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents ${firstPage + i * 2 + 1} 0 R >>`,
    );
    objects.push(`<< /Length ${content.length} >>\nstream\n${content.toString("latin1")}endstream`);
  }
  objects.push(`<< /Title ${pdfLiteral(title)} /Producer (BankBridge sandbox) >>`);
  const infoNumber = objects.length;

  // Binary comment line after the header tells transfer tools the file is binary.
  let out = "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n";
  const offsets: number[] = [];
  for (const [i, body] of objects.entries()) {
    offsets.push(Buffer.byteLength(out, "latin1"));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  }
  const xrefAt = Buffer.byteLength(out, "latin1");
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, "0")} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info ${infoNumber} 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return Buffer.from(out, "latin1");
}
