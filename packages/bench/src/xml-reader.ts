/**
 * XML reader micro-benchmark (not a test): generates a large, realistic camt.053 document, then reads it in
 * one run with our reader (whole string, the same string in 64 KiB chunks, and streamed from the file through
 * a streaming TextDecoder), with a bare `saxes` SAX pass and with `fast-xml-parser`'s `XMLParser.parse`.
 * Each measurement runs in its own process, so its peak memory is its own; each reads the document
 * `--repeat` times and keeps the fastest, so JIT warm-up counts the same for all.
 *
 * Usage: `npm run build && node packages/bench/dist/xml-reader.js [--mb 100] [--repeat 3] [--cjk] [--keep FILE] [--runs …]`
 * (`--cjk`: some party names in Chinese, which makes the whole document a two-byte string in V8;
 * `--keep FILE`: write the document to FILE and leave it there; `--runs ours:stream,saxes`: only these runs,
 * e.g. `--mb 1000 --runs ours:stream` for a document too large for one string).
 */
import { createReadStream, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
// The hub does not export its formats yet; the bench reads the built module directly.
import { createXmlReader, type XmlHandler } from "@bankbridge/hub/formats/xml";
import { seededRandom } from "@bankbridge/hub/testing";
import { XMLParser } from "fast-xml-parser";
import { SaxesParser } from "saxes";
import { arg, fmt, inChild, type Measurement, peakMiB, table } from "./measure.js";

const LATIN_NAMES = [
  "Müller &amp; Söhne GmbH",
  "Société Générale Équipement SA",
  "Ødegård Fiskeri AS",
  "Weißbier Brauerei Straße KG",
  "ACME Industrial Supplies Ltd",
  "Jansen Logistiek B.V.",
  "García Martínez Hermanos SL",
  "Nordic Timber Oy",
];
const CJK_NAMES = ["北京科技有限公司", "上海贸易发展有限公司", "深圳市电子器件有限公司"];
const TOWNS = ["München", "Paris", "Bergen", "Köln", "London", "Rotterdam", "Sevilla", "Helsinki"];
const CURRENCIES = ["EUR", "USD", "GBP", "CHF"];

/** One `<Ntry>` with a transaction's details, as a bank would write it (2-space indentation). */
function entry(r: () => number, n: number, cjk: boolean): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const amount = (r() * 100_000).toFixed(2);
  const credit = r() < 0.5;
  const day = String(1 + Math.floor(r() * 28)).padStart(2, "0");
  const date = `2024-03-${day}`;
  const ref = `REF${String(n).padStart(10, "0")}`;
  const name = cjk && r() < 0.1 ? pick(CJK_NAMES) : pick(LATIN_NAMES);
  const other = pick(LATIN_NAMES);
  const iban = `DE${String(10 + Math.floor(r() * 89))}${String(Math.floor(r() * 1e9)).padStart(9, "0")}${String(Math.floor(r() * 1e9)).padStart(9, "0")}`;
  const ccy = r() < 0.9 ? "EUR" : pick(CURRENCIES);
  const uetr = `${Math.floor(r() * 0xffffffff)
    .toString(16)
    .padStart(8, "0")}-4a5b-4c6d-8e9f-${n.toString(16).padStart(12, "0")}`;
  const remittance =
    r() < 0.7
      ? `<RmtInf>\n                <Ustrd>Invoice ${n} / order ${Math.floor(r() * 1e6)} / thank you for your business</Ustrd>\n              </RmtInf>`
      : `<RmtInf>\n                <Strd>\n                  <CdtrRefInf>\n                    <Tp>\n                      <CdOrPrtry>\n                        <Cd>SCOR</Cd>\n                      </CdOrPrtry>\n                    </Tp>\n                    <Ref>RF18539007547034${n}</Ref>\n                  </CdtrRefInf>\n                </Strd>\n              </RmtInf>`;
  return `      <Ntry>
        <NtryRef>${n}</NtryRef>
        <Amt Ccy="EUR">${amount}</Amt>
        <CdtDbtInd>${credit ? "CRDT" : "DBIT"}</CdtDbtInd>
        <Sts>
          <Cd>BOOK</Cd>
        </Sts>
        <BookgDt>
          <Dt>${date}</Dt>
        </BookgDt>
        <ValDt>
          <Dt>${date}</Dt>
        </ValDt>
        <AcctSvcrRef>${ref}</AcctSvcrRef>
        <BkTxCd>
          <Domn>
            <Cd>PMNT</Cd>
            <Fmly>
              <Cd>${credit ? "RCDT" : "ICDT"}</Cd>
              <SubFmlyCd>ESCT</SubFmlyCd>
            </Fmly>
          </Domn>
          <Prtry>
            <Cd>NTRF+166</Cd>
            <Issr>DK</Issr>
          </Prtry>
        </BkTxCd>
        <NtryDtls>
          <TxDtls>
            <Refs>
              <AcctSvcrRef>${ref}</AcctSvcrRef>
              <EndToEndId>E2E-${n}-${Math.floor(r() * 1e6)}</EndToEndId>
              <MndtId>MNDT-${Math.floor(r() * 1e5)}</MndtId>
              <UETR>${uetr}</UETR>
            </Refs>
            <Amt Ccy="EUR">${amount}</Amt>
            <CdtDbtInd>${credit ? "CRDT" : "DBIT"}</CdtDbtInd>
            <AmtDtls>
              <InstdAmt>
                <Amt Ccy="${ccy}">${amount}</Amt>
              </InstdAmt>
              <TxAmt>
                <Amt Ccy="EUR">${amount}</Amt>
              </TxAmt>
            </AmtDtls>
            <RltdPties>
              <Dbtr>
                <Pty>
                  <Nm>${credit ? name : other}</Nm>
                  <PstlAdr>
                    <StrtNm>Hauptstraße</StrtNm>
                    <BldgNb>${1 + Math.floor(r() * 200)}</BldgNb>
                    <TwnNm>${pick(TOWNS)}</TwnNm>
                    <Ctry>DE</Ctry>
                  </PstlAdr>
                </Pty>
              </Dbtr>
              <DbtrAcct>
                <Id>
                  <IBAN>${iban}</IBAN>
                </Id>
              </DbtrAcct>
              <Cdtr>
                <Pty>
                  <Nm>${credit ? other : name}</Nm>
                </Pty>
              </Cdtr>
            </RltdPties>
            <RltdAgts>
              <DbtrAgt>
                <FinInstnId>
                  <BICFI>COBADEFFXXX</BICFI>
                </FinInstnId>
              </DbtrAgt>
            </RltdAgts>
            ${remittance}
          </TxDtls>
        </NtryDtls>
        <AddtlNtryInf>SEPA Credit Transfer &amp; more</AddtlNtryInf>
      </Ntry>
`;
}

const HEAD = `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <BkToCstmrStmt>
    <GrpHdr>
      <MsgId>BENCH-0001</MsgId>
      <CreDtTm>2024-04-01T06:00:00+02:00</CreDtTm>
    </GrpHdr>
    <Stmt>
      <Id>STMT-0001</Id>
      <ElctrncSeqNb>1</ElctrncSeqNb>
      <CreDtTm>2024-04-01T06:00:00+02:00</CreDtTm>
      <Acct>
        <Id>
          <IBAN>DE89370400440532013000</IBAN>
        </Id>
        <Ccy>EUR</Ccy>
      </Acct>
      <Bal>
        <Tp>
          <CdOrPrtry>
            <Cd>OPBD</Cd>
          </CdOrPrtry>
        </Tp>
        <Amt Ccy="EUR">1000000.00</Amt>
        <CdtDbtInd>CRDT</CdtDbtInd>
        <Dt>
          <Dt>2024-03-01</Dt>
        </Dt>
      </Bal>
`;
const TAIL = `    </Stmt>
  </BkToCstmrStmt>
</Document>
`;

/** Writes a camt.053 document of about `mb` MB (UTF-8) to `file`; returns its entry count. */
function generate(file: string, mb: number, cjk: boolean): number {
  const fd = openSync(file, "w");
  const encoder = new TextEncoder();
  const r = seededRandom(2024);
  let bytes = writeSync(fd, encoder.encode(HEAD));
  let entries = 0;
  while (bytes < mb * 1e6) {
    let block = "";
    for (let k = 0; k < 200; k++) block += entry(r, ++entries, cjk);
    bytes += writeSync(fd, encoder.encode(block));
  }
  writeSync(fd, encoder.encode(TAIL));
  return entries;
}

/** Light work per event, the same for every SAX reader, so that no pass can be optimised away. */
interface Tally {
  elements: number;
  entries: number;
  textChars: number;
}

function oursHandler(tally: Tally): XmlHandler {
  return {
    open(name) {
      tally.elements++;
      if (name === "Ntry") tally.entries++;
    },
    text(value) {
      tally.textChars += value.length;
    },
    close() {},
  };
}

/** Runs `pass` `repeat` times and keeps the fastest. */
async function best(repeat: number, pass: () => Promise<number> | number): Promise<{ seconds: number; items: number }> {
  let seconds = Number.POSITIVE_INFINITY;
  let items = 0;
  for (let k = 0; k < repeat; k++) {
    const t0 = process.hrtime.bigint();
    items = await pass();
    seconds = Math.min(seconds, Number(process.hrtime.bigint() - t0) / 1e9);
    globalThis.gc?.();
  }
  return { seconds, items };
}

const CHUNK = 64 * 1024;

async function worker(mode: string, file: string, repeat: number): Promise<Measurement> {
  const size = statSync(file).size;
  // Whole-string runs all start from the same decoded string, and the chunked run from the chunks a streaming
  // TextDecoder makes of 64 KiB reads: decoding is not part of their time (ours:stream includes it).
  const bytes = mode === "ours:stream" ? new Uint8Array(0) : readFileSync(file);
  const text = mode === "ours:stream" || mode === "ours:chunks" ? "" : new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  const chunks: string[] = [];
  if (mode === "ours:chunks") {
    const decoder = new TextDecoder("utf-8", { fatal: true });
    for (let k = 0; k < bytes.length; k += CHUNK) chunks.push(decoder.decode(bytes.subarray(k, k + CHUNK), { stream: true }));
    chunks.push(decoder.decode());
  }
  const tally = (): Tally => ({ elements: 0, entries: 0, textChars: 0 });
  let result: { seconds: number; items: number };
  let note: string | undefined;
  switch (mode) {
    case "ours:string":
      result = await best(repeat, () => {
        const t = tally();
        const reader = createXmlReader(oursHandler(t));
        reader.write(text);
        reader.end();
        return t.entries;
      });
      break;
    case "ours:chunks":
      result = await best(repeat, () => {
        const t = tally();
        const reader = createXmlReader(oursHandler(t));
        for (const chunk of chunks) reader.write(chunk);
        reader.end();
        return t.entries;
      });
      note = "the document as a streaming TextDecoder decodes 64 KiB reads, held in memory";
      break;
    case "ours:stream":
      result = await best(repeat, async () => {
        const t = tally();
        const reader = createXmlReader(oursHandler(t));
        const decoder = new TextDecoder("utf-8", { fatal: true });
        for await (const bytes of createReadStream(file, { highWaterMark: CHUNK })) {
          reader.write(decoder.decode(bytes as Buffer, { stream: true }));
        }
        reader.write(decoder.decode());
        reader.end();
        return t.entries;
      });
      note = "read from the file in 64 KiB reads, decoded by a streaming TextDecoder (time includes both)";
      break;
    case "saxes":
      result = await best(repeat, () => {
        const t = tally();
        const parser = new SaxesParser({ xmlns: false });
        parser.on("opentag", (tag) => {
          t.elements++;
          if (tag.name === "Ntry") t.entries++;
        });
        parser.on("text", (value) => {
          t.textChars += value.length;
        });
        parser.on("closetag", () => {});
        parser.write(text).close();
        return t.entries;
      });
      break;
    case "fast-xml-parser":
      result = await best(repeat, () => {
        const doc = new XMLParser({ ignoreAttributes: false }).parse(text) as {
          Document: { BkToCstmrStmt: { Stmt: { Ntry: unknown[] } } };
        };
        return doc.Document.BkToCstmrStmt.Stmt.Ntry.length;
      });
      note = "builds the object tree (XMLParser.parse, attributes kept)";
      break;
    default:
      throw new Error(`unknown mode ${mode}`);
  }
  return { name: mode, items: result.items, seconds: result.seconds, peakMiB: peakMiB(), note: `${size}${note ? `|${note}` : ""}` };
}

async function main(): Promise<void> {
  const workerMode = arg("worker", "");
  const repeat = Number(arg("repeat", "3"));
  if (workerMode !== "") {
    const m = await worker(workerMode, arg("file", ""), repeat);
    console.log(JSON.stringify(m));
    return;
  }
  const mb = Number(arg("mb", "100"));
  const cjk = process.argv.includes("--cjk");
  const dir = mkdtempSync(join(tmpdir(), "bankbridge-xml-bench-"));
  const file = arg("keep", join(dir, "camt053.xml"));
  try {
    const entries = generate(file, mb, cjk);
    const size = statSync(file).size;
    console.log(
      `camt.053 document: ${fmt(size / 1e6, 1)} MB, ${fmt(entries)} entries${cjk ? ", some names in Chinese" : ""}; ` +
        `best of ${repeat} passes; Node ${process.version}`,
    );
    const modes = arg("runs", "ours:string,ours:chunks,ours:stream,saxes,fast-xml-parser").split(",");
    const results: Measurement[] = [];
    for (const mode of modes) results.push(await inChild(import.meta.url, ["--worker", mode, "--file", file, "--repeat", String(repeat)]));
    const floor = results.find((m) => m.name === "saxes") ?? results[0]!;
    const rows = results.map((m) => [
      m.name,
      fmt(m.seconds, 3),
      fmt(size / 1e6 / m.seconds, 1),
      fmt(m.items / m.seconds),
      fmt(m.peakMiB),
      fmt(floor.seconds / m.seconds, 2),
    ]);
    console.log(table(["run", "seconds", "MB/s", "entries/s", "peak MiB", `× ${floor.name}`], rows));
    for (const m of results) {
      const note = m.note?.split("|")[1];
      if (note !== undefined) console.log(`  ${m.name}: ${note}`);
      if (m.items !== entries) console.log(`  ${m.name}: counted ${m.items} entries, expected ${entries}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
