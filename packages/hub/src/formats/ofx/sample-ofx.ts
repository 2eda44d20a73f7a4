/**
 * Deterministic, realistic OFX text of any size, for benchmarks and the streaming memory test: a bank
 * statement of card, ACH and wire transactions with `[-5:EST]` times, payees and memos with entities, as OFX
 * 1.x SGML (unclosed leaves, header block) or 2.x XML. Generated a batch of transactions at a time, so a
 * caller can stream gigabytes without holding them.
 *
 * @module
 */

/** Options of {@link generateOfx}. */
export interface OfxSampleOptions {
  /** Stop after about this many characters (whole transactions). */
  readonly chars: number;
  /** `1` for OFX 1.02 SGML, `2` for OFX 2.11 XML. */
  readonly version: 1 | 2;
  /** @default 11 */
  readonly seed?: number;
  /** Transactions per yielded piece. @default 100 */
  readonly batch?: number;
}

function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PAYEES = [
  "ACME SUPPLY CO",
  "GLOBEX CORPORATION",
  "INITECH LLC",
  "UMBRELLA HEALTH",
  "STARK INDUSTRIES",
  "WAYNE ENTERPRISES",
  "HOOLI INC",
];
const MEMOS = ["INVOICE 2024-0042 PAYMENT", "PAYROLL MARCH", "ACH OFFSET", "WIRE TRANSFER REF FW240314", "CARD PURCHASE 4974XXXX1234"];

/**
 * Yields one OFX document (one statement of many transactions) in pieces until about `chars` characters:
 * the header and the statement's start, then `batch` transactions (`<STMTTRN>` elements) per piece, then the
 * statement's end with its ledger balance.
 *
 * @example const text = [...generateOfx({ chars: 10_000_000, version: 1 })].join("");
 */
export function* generateOfx(options: OfxSampleOptions): Generator<string, void, undefined> {
  const rnd = random(options.seed ?? 11);
  const xml = options.version === 2;
  const batch = options.batch ?? 100;
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)] as T;
  const leaf = (name: string, value: string) => (xml ? `<${name}>${value}</${name}>` : `<${name}>${value}`);
  const head = xml
    ? '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n<?OFX OFXHEADER="200" VERSION="211" SECURITY="NONE" OLDFILEUID="NONE" NEWFILEUID="NONE"?>\n'
    : "OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\nSECURITY:NONE\nENCODING:USASCII\nCHARSET:1252\nCOMPRESSION:NONE\nOLDFILEUID:NONE\nNEWFILEUID:NONE\n\n";
  const open = [
    "<OFX>",
    "<SIGNONMSGSRSV1><SONRS><STATUS>",
    leaf("CODE", "0"),
    leaf("SEVERITY", "INFO"),
    `</STATUS>${leaf("DTSERVER", "20240402101500.000[-5:EST]")}${leaf("LANGUAGE", "ENG")}</SONRS></SIGNONMSGSRSV1>`,
    "<BANKMSGSRSV1><STMTTRNRS>",
    leaf("TRNUID", "1"),
    `<STMTRS>${leaf("CURDEF", "USD")}<BANKACCTFROM>${leaf("BANKID", "121000358")}${leaf("ACCTID", "998877665")}${leaf("ACCTTYPE", "CHECKING")}</BANKACCTFROM>`,
    `<BANKTRANLIST>${leaf("DTSTART", "20240301")}${leaf("DTEND", "20240331")}`,
    "",
  ].join("\n");
  let produced = head.length + open.length;
  yield head + open;
  let n = 0;
  while (produced < options.chars) {
    let piece = "";
    for (let i = 0; i < batch && produced + piece.length < options.chars; i++) {
      const cents = (rnd() < 0.5 ? -1 : 1) * Math.floor(rnd() * 1_000_000);
      const day = String(1 + Math.floor(rnd() * 28)).padStart(2, "0");
      const sign = cents < 0 ? "-" : "";
      const abs = Math.abs(cents);
      piece += [
        "<STMTTRN>",
        `  ${leaf("TRNTYPE", cents < 0 ? "DEBIT" : "CREDIT")}`,
        `  ${leaf("DTPOSTED", `202403${day}120000.000[-5:EST]`)}`,
        `  ${leaf("TRNAMT", `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`)}`,
        `  ${leaf("FITID", `2024${String(n).padStart(12, "0")}`)}`,
        `  ${leaf("NAME", pick(PAYEES))}`,
        `  ${leaf("MEMO", `${pick(MEMOS)} &amp; CO`)}`,
        "</STMTTRN>",
        "",
      ].join("\n");
      n++;
    }
    produced += piece.length;
    yield piece;
  }
  yield [
    "</BANKTRANLIST>",
    `<LEDGERBAL>${leaf("BALAMT", "1234.56")}${leaf("DTASOF", "20240331")}</LEDGERBAL>`,
    "</STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>",
    "",
  ].join("\n");
}
