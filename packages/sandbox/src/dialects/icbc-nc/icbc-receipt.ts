/**
 * Electronic receipts (电子回单) for `DownEBill`: a one-page PDF with the transaction's facts, and the
 * `Toutfo` key (`地区号|网点号|柜员号|主机交易流水号`) that links a history record to its receipt.
 *
 * @module
 */
import { createHash } from "node:crypto";
import type { SandboxTransaction } from "../../ledger/ledger-types.js";

/** The pieces of `Toutfo`, as `DownEBill` takes them back. */
export interface ToutfoParts {
  readonly AreaCode: string;
  readonly NetCode: string;
  readonly TellerNo: string;
  readonly TranSerialNo: string;
}

/**
 * The receipt key of a transaction. The ledger already writes ICBC's `receiptKey` as `地区号|网点号|柜员号|流水号`;
 * any other key is hashed into that shape, so every transaction has a stable receipt.
 */
export function toutfoParts(tx: SandboxTransaction): ToutfoParts {
  const parts = tx.receiptKey.split("|");
  if (parts.length === 4 && parts.every((p) => /^[0-9A-Za-z]+$/.test(p))) {
    const [AreaCode, NetCode, TellerNo, TranSerialNo] = parts as [string, string, string, string];
    return { AreaCode, NetCode, TellerNo, TranSerialNo };
  }
  const h = createHash("sha256").update(tx.receiptKey).digest();
  const digits = (offset: number, length: number): string => String(h.readUInt32BE(offset) % 10 ** length).padStart(length, "0");
  return { AreaCode: digits(0, 4), NetCode: digits(4, 5), TellerNo: digits(8, 5), TranSerialNo: digits(12, 9) + digits(16, 6) };
}

/** `AreaCode|NetCode|TellerNo|TranSerialNo`. */
export function toutfo(tx: SandboxTransaction): string {
  const p = toutfoParts(tx);
  return `${p.AreaCode}|${p.NetCode}|${p.TellerNo}|${p.TranSerialNo}`;
}

/**
 * A minimal valid PDF 1.4 (one page, Helvetica, ASCII text only: Chinese needs embedded fonts, which a
 * sandbox receipt does not need). The cross-reference offsets are computed, so PDF readers open it.
 */
export function receiptPdf(lines: readonly string[]): Buffer {
  const ascii = (s: string): string => s.replace(/[^\x20-\x7e]/g, "?").replace(/([\\()])/g, "\\$1");
  const text = lines.map((l, i) => `BT /F1 11 Tf 50 ${780 - i * 18} Td (${ascii(l)}) Tj ET`).join("\n");
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    `<< /Length ${Buffer.byteLength(text, "latin1")} >>\nstream\n${text}\nendstream`,
  ];
  let body = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(Buffer.byteLength(body, "latin1"));
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xrefAt = Buffer.byteLength(body, "latin1");
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) body += `${String(off).padStart(10, "0")} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return Buffer.from(body, "latin1");
}
