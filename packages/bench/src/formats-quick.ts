/**
 * BAI2 and OFX quick check (not the full `bench:formats`): generates about 50 MB each of realistic BAI2,
 * OFX 1.x (SGML, unclosed leaves) and OFX 2.x (XML) in memory and prints how fast BankBridge reads them: the
 * format's `parse` on the decoded text, and from the file through the registry (read, decode, detect, parse,
 * integrity checks), beside the floor the issue measures: Node reading the same file and counting its lines
 * (`readline`). The generated files are written to a temporary directory, removed at the end.
 *
 * Usage: `npm run build && node packages/bench/dist/formats-quick.js [--mb 50] [--repeat 3] [--only bai2,ofx1,ofx2]`
 */
import { createReadStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
// The hub exports no `formats/bai2` or `formats/ofx` subpath yet; the bench reads the built modules directly.
import { bai2Format, createFormatRegistry, ofxFormat } from "@bankbridge/hub/formats";
import { fmt, peakMiB } from "./measure.js";

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

/** Deterministic pseudo-random numbers (mulberry32), so every run reads the same documents. */
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
const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;

/** BAI2: groups of 10 accounts of 1,000 details each (16 records, a third with an 88 continuation), trailers right. */
function generateBai2(chars: number): { text: string; entries: number } {
  const r = random(7);
  const out: string[] = ["01,121000358,ACMECORP,240315,0615,20240315001,,,2/"];
  let size = 0;
  let entries = 0;
  let fileRecords = 1;
  let fileTotal = 0n;
  let groups = 0;
  while (size < chars) {
    groups++;
    const group = ["02,ACMECORP,121000358,1,240314,2400,USD,2/"];
    let groupTotal = 0n;
    for (let a = 0; a < 10; a++) {
      const details: string[] = [];
      let credits = 0n;
      let debits = 0n;
      let nCredits = 0;
      let nDebits = 0;
      for (let d = 0; d < 1000; d++) {
        const amount = BigInt(1 + Math.floor(r() * 10_000_000));
        const credit = r() < 0.5;
        const code = credit ? pick(r, ["142", "165", "195", "399"]) : pick(r, ["451", "475", "495", "699"]);
        if (credit) {
          credits += amount;
          nCredits++;
        } else {
          debits += amount;
          nDebits++;
        }
        const ref = `${2024031400000 + entries}`;
        if (r() < 0.33) details.push(`16,${code},${amount},0,${ref},INV${d}/`, `88,${pick(r, MEMOS)} ${pick(r, PAYEES)}`);
        else details.push(`16,${code},${amount},${credit ? "1" : "0"},${ref},,${pick(r, PAYEES)} ${pick(r, MEMOS)}`);
        entries++;
      }
      const opening = BigInt(Math.floor(r() * 1e11));
      const closing = opening + credits - debits;
      const header = [
        `03,${1000000000 + groups * 10 + a},USD,010,${opening},,,015,${closing},,,040,${opening},,,045,${closing},,,/`,
        `88,100,${credits},${nCredits},,400,${debits},${nDebits},/`,
      ];
      const control = opening * 2n + closing * 2n + credits * 2n + debits * 2n;
      const records = header.length + details.length + 1;
      group.push(...header, ...details, `49,${control},${records}/`);
      groupTotal += control;
    }
    group.push(`98,${groupTotal},10,${group.length + 1}/`);
    fileTotal += groupTotal;
    fileRecords += group.length;
    for (const line of group) size += line.length + 1;
    out.push(...group);
  }
  out.push(`99,${fileTotal},${groups},${fileRecords + 1}/`);
  return { text: `${out.join("\n")}\n`, entries };
}

/** One STMTTRN's fields, shared by both OFX versions. */
function transaction(r: () => number, n: number): [string, string][] {
  const amount = ((r() < 0.5 ? -1 : 1) * Math.floor(r() * 1_000_000)) / 100;
  const day = String(1 + Math.floor(r() * 28)).padStart(2, "0");
  return [
    ["TRNTYPE", amount < 0 ? "DEBIT" : "CREDIT"],
    ["DTPOSTED", `202403${day}120000.000[-5:EST]`],
    ["TRNAMT", amount.toFixed(2)],
    ["FITID", `2024${String(n).padStart(12, "0")}`],
    ["NAME", pick(r, PAYEES)],
    ["MEMO", `${pick(r, MEMOS)} &amp; CO`],
  ];
}

/** OFX with one bank statement of many transactions: 1.x SGML (unclosed leaves) or 2.x XML. */
function generateOfx(chars: number, xml: boolean): { text: string; entries: number } {
  const r = random(11);
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
  ];
  const body: string[] = [];
  let size = 0;
  let entries = 0;
  while (size < chars) {
    const lines = ["<STMTTRN>", ...transaction(r, entries).map(([name, value]) => `  ${leaf(name, value)}`), "</STMTTRN>"];
    for (const line of lines) size += line.length + 1;
    body.push(...lines);
    entries++;
  }
  const close = [
    "</BANKTRANLIST>",
    `<LEDGERBAL>${leaf("BALAMT", "1234.56")}${leaf("DTASOF", "20240331")}</LEDGERBAL>`,
    "</STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>",
  ];
  return { text: `${head}${[...open, ...body, ...close].join("\n")}\n`, entries };
}

const mb = Number(arg("mb", "50"));
const repeat = Number(arg("repeat", "3"));
const only = new Set(arg("only", "bai2,ofx1,ofx2").split(","));
const registry = createFormatRegistry([bai2Format, ofxFormat]);

const dir = mkdtempSync(join(tmpdir(), "bankbridge-formats-quick-"));

async function measure(name: string, format: typeof bai2Format, doc: { text: string; entries: number }): Promise<void> {
  // The documents are ASCII: one byte per character.
  const megabytes = doc.text.length / 1_000_000;
  const file = join(dir, `${format.id}-${doc.entries}.txt`);
  writeFileSync(file, doc.text);
  console.log(`\n${name}: ${fmt(megabytes, 1)} MB generated, ${fmt(doc.entries)} entries; best of ${repeat}`);
  const best = async (label: string, run: () => number | Promise<number>): Promise<void> => {
    let fastest = Number.POSITIVE_INFINITY;
    let items = 0;
    for (let i = 0; i < repeat; i++) {
      const start = process.hrtime.bigint();
      items = await run();
      fastest = Math.min(fastest, Number(process.hrtime.bigint() - start) / 1e9);
    }
    console.log(
      `${label.padEnd(34)} ${fmt(megabytes / fastest, 1).padStart(8)} MB/s  ${fmt(items / fastest).padStart(12)} items/s  peak RSS ${fmt(peakMiB())} MiB`,
    );
  };
  await best("floor: read file, count lines", async () => {
    let lines = 0;
    for await (const _ of createInterface({ input: createReadStream(file), crlfDelay: Number.POSITIVE_INFINITY })) lines++;
    return lines;
  });
  await best(`ours: ${format.id} parse (text)`, () => {
    const result = format.parse(doc.text, { format: format.id, encoding: "utf-8" });
    if (result.rejected !== undefined) throw new Error(`${name} was refused: ${result.rejected.message}`);
    return result.statements.reduce((n, s) => n + s.entries.length, 0);
  });
  await best("ours: read file, registry.parse", () =>
    registry.parse(readFileSync(file)).statements.reduce((n, s) => n + s.entries.length, 0),
  );
}

const target = mb * 1_000_000;
if (only.has("bai2")) await measure("BAI2", bai2Format, generateBai2(target));
if (only.has("ofx1")) await measure("OFX 1.x (SGML)", ofxFormat, generateOfx(target, false));
if (only.has("ofx2")) await measure("OFX 2.x (XML)", ofxFormat, generateOfx(target, true));
rmSync(dir, { recursive: true, force: true });
