/**
 * Quick camt parser check (not the full `bench:formats`): generates a realistic camt.053.001.08 of about
 * `--mb` MB (single transfers with parties, agents, references and remittance; card payments with an
 * exchange rate and a fee; batches of several transactions; pending entries), writes it to a temporary file,
 * and measures, each in its own process and best of `--repeat`:
 *
 * - `camt:whole` — `parseCamt` over the decoded string held in memory (what the registry runs after decoding);
 * - `camt:stream` — `parseCamtStream` over the same text in memory as 64 KiB chunks, events consumed one by one;
 * - `camt:file` — `parseCamtFile` from the file (read, streaming TextDecoder, parse, checks): bounded memory;
 * - `reader` — our bare XML reader over the string, no bank work (the floor of ours);
 * - `saxes` — a bare `saxes` SAX pass over the string (the issue's floor to beat).
 *
 * Usage: `npm run build && node packages/bench/dist/camt-quick.js [--mb 100] [--repeat 3] [--runs camt:whole,…] [--keep FILE]`
 * (`--keep FILE`: write the document to FILE and leave it there, e.g. to profile one run with
 * `node --cpu-prof packages/bench/dist/camt-quick.js --worker camt:whole --file FILE`).
 */
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
// The lead registers the camt formats in `@bankbridge/hub/formats`; until the package exports this folder the
// bench reads the built module directly.
import { parseCamt, parseCamtFile, parseCamtStream } from "@bankbridge/hub/formats/camt";
import { createXmlReader } from "@bankbridge/hub/formats/xml";
import { SaxesParser } from "saxes";
import { fmt, inChild, type Measurement, peakMiB, table } from "./measure.js";

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

/** Deterministic pseudo-random numbers (mulberry32), so every run reads the same document. */
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

const NAMES = [
  "Müller &amp; Söhne GmbH",
  "Société Générale Équipement SA",
  "Ødegård Fiskeri AS",
  "ACME Industrial Supplies Ltd",
  "Jansen Logistiek B.V.",
];
const TOWNS = ["München", "Paris", "Bergen", "London", "Rotterdam"];

function amountText(r: () => number): string {
  return (1 + Math.floor(r() * 9_999_999) / 100).toFixed(2);
}

function party(role: "Dbtr" | "Cdtr", name: string, iban: string, town: string): string {
  return `              <${role}>
                <Pty>
                  <Nm>${name}</Nm>
                  <PstlAdr>
                    <StrtNm>Hauptstraße</StrtNm>
                    <BldgNb>12</BldgNb>
                    <PstCd>80331</PstCd>
                    <TwnNm>${town}</TwnNm>
                    <Ctry>DE</Ctry>
                  </PstlAdr>
                </Pty>
              </${role}>
              <${role}Acct>
                <Id>
                  <IBAN>${iban}</IBAN>
                </Id>
              </${role}Acct>
`;
}

function transaction(r: () => number, n: number, k: number, amount: string, credit: boolean): string {
  const name = NAMES[Math.floor(r() * NAMES.length)]!;
  const iban = `DE${String(10 + Math.floor(r() * 89))}${String(Math.floor(r() * 1e9)).padStart(9, "0")}${String(Math.floor(r() * 1e9)).padStart(9, "0")}`;
  const side = credit ? "Dbtr" : "Cdtr";
  return `          <TxDtls>
            <Refs>
              <AcctSvcrRef>TX${n}-${k}</AcctSvcrRef>
              <EndToEndId>E2E-${n}-${k}</EndToEndId>
              <UETR>${(n * 7919 + k).toString(16).padStart(8, "0")}-4a5b-4c6d-8e9f-${n.toString(16).padStart(12, "0")}</UETR>
            </Refs>
            <Amt Ccy="EUR">${amount}</Amt>
            <CdtDbtInd>${credit ? "CRDT" : "DBIT"}</CdtDbtInd>
            <RltdPties>
${party(side, name, iban, TOWNS[n % TOWNS.length]!)}            </RltdPties>
            <RltdAgts>
              <${side}Agt>
                <FinInstnId>
                  <BICFI>COBADEFFXXX</BICFI>
                </FinInstnId>
              </${side}Agt>
            </RltdAgts>
            <RmtInf>
              <Ustrd>Invoice ${n}-${k} / order ${Math.floor(r() * 1e6)} / thank you</Ustrd>
            </RmtInf>
          </TxDtls>
`;
}

/** One `<Ntry>`: 70% single transfers, 15% card payments in USD, 10% batches of 2–4, 5% pending. */
function entry(r: () => number, n: number): { xml: string; minor: bigint } {
  const kind = r();
  const credit = r() < 0.5;
  const day = String(1 + (n % 28)).padStart(2, "0");
  const status = kind > 0.95 ? "PDNG" : "BOOK";
  let amount = amountText(r);
  let details = "";
  let extra = "";
  if (kind < 0.7) details = transaction(r, n, 1, amount, credit);
  else if (kind < 0.85) {
    extra = `        <AmtDtls>
          <InstdAmt>
            <Amt Ccy="USD">${amount}</Amt>
            <CcyXchg>
              <SrcCcy>USD</SrcCcy>
              <TrgtCcy>EUR</TrgtCcy>
              <XchgRate>0.9231</XchgRate>
            </CcyXchg>
          </InstdAmt>
        </AmtDtls>
        <Chrgs>
          <Rcrd>
            <Amt Ccy="EUR">0.50</Amt>
            <CdtDbtInd>DBIT</CdtDbtInd>
            <ChrgInclInd>true</ChrgInclInd>
          </Rcrd>
        </Chrgs>
`;
  } else if (kind < 0.95) {
    const count = 2 + Math.floor(r() * 3);
    let total = 0n;
    for (let k = 1; k <= count; k++) {
      const a = amountText(r);
      total += BigInt(a.replace(".", ""));
      details += transaction(r, n, k, a, credit);
    }
    amount = `${total / 100n}.${String(total % 100n).padStart(2, "0")}`;
    details = `          <Btch>
            <NbOfTxs>${count}</NbOfTxs>
          </Btch>
${details}`;
  }
  const xml = `      <Ntry>
        <Amt Ccy="EUR">${amount}</Amt>
        <CdtDbtInd>${credit ? "CRDT" : "DBIT"}</CdtDbtInd>
        <Sts>
          <Cd>${status}</Cd>
        </Sts>
        <BookgDt>
          <Dt>2024-03-${day}</Dt>
        </BookgDt>
        <ValDt>
          <Dt>2024-03-${day}</Dt>
        </ValDt>
        <AcctSvcrRef>REF${String(n).padStart(10, "0")}</AcctSvcrRef>
        <BkTxCd>
          <Domn>
            <Cd>PMNT</Cd>
            <Fmly>
              <Cd>${credit ? "RCDT" : "ICDT"}</Cd>
              <SubFmlyCd>ESCT</SubFmlyCd>
            </Fmly>
          </Domn>
        </BkTxCd>
${extra}${details === "" ? "" : `        <NtryDtls>\n${details}        </NtryDtls>\n`}        <AddtlNtryInf>SEPA Credit Transfer</AddtlNtryInf>
      </Ntry>
`;
  const minor = status === "BOOK" ? BigInt(amount.replace(".", "")) * (credit ? 1n : -1n) : 0n;
  return { xml, minor };
}

/**
 * Writes a camt.053.001.08 document of about `mb` MB with balances that close to `file`, in blocks (so that
 * `--mb 1000` works: no string of the whole document is built); returns its entry count. The entries are made
 * twice from the same seed: first to know the closing balance the header states, then to write them.
 */
function generate(file: string, mb: number): number {
  let r = random(2024);
  let size = 0;
  let entries = 0;
  let net = 0n;
  while (size < mb * 1e6) {
    const e = entry(r, ++entries);
    size += e.xml.length;
    net += e.minor;
  }
  const open = 1_000_000_00n;
  const close = open + net;
  const money = (m: bigint) => `${(m < 0n ? -m : m) / 100n}.${String((m < 0n ? -m : m) % 100n).padStart(2, "0")}`;
  const balance = (code: string, m: bigint, date: string) => `      <Bal>
        <Tp>
          <CdOrPrtry>
            <Cd>${code}</Cd>
          </CdOrPrtry>
        </Tp>
        <Amt Ccy="EUR">${money(m)}</Amt>
        <CdtDbtInd>${m < 0n ? "DBIT" : "CRDT"}</CdtDbtInd>
        <Dt>
          <Dt>${date}</Dt>
        </Dt>
      </Bal>
`;
  const head = `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08">
  <BkToCstmrStmt>
    <GrpHdr>
      <MsgId>QUICK-0001</MsgId>
      <CreDtTm>2024-04-01T06:00:00+02:00</CreDtTm>
    </GrpHdr>
    <Stmt>
      <Id>STMT-0001</Id>
      <ElctrncSeqNb>1</ElctrncSeqNb>
      <Acct>
        <Id>
          <IBAN>DE89370400440532013000</IBAN>
        </Id>
        <Ccy>EUR</Ccy>
      </Acct>
${balance("OPBD", open, "2024-03-01")}${balance("CLBD", close, "2024-03-31")}`;
  const tail = `    </Stmt>
  </BkToCstmrStmt>
</Document>
`;
  const fd = openSync(file, "w");
  try {
    writeSync(fd, head);
    r = random(2024);
    let block: string[] = [];
    for (let n = 1; n <= entries; n++) {
      block.push(entry(r, n).xml);
      if (block.length === 500) {
        writeSync(fd, block.join(""));
        block = [];
      }
    }
    writeSync(fd, block.join("") + tail);
  } finally {
    closeSync(fd);
  }
  return entries;
}

const CHUNK = 64 * 1024;

async function best(repeat: number, pass: () => Promise<number> | number): Promise<{ seconds: number; items: number }> {
  let seconds = Number.POSITIVE_INFINITY;
  let items = 0;
  for (let k = 0; k < repeat; k++) {
    globalThis.gc?.();
    const t0 = process.hrtime.bigint();
    items = await pass();
    seconds = Math.min(seconds, Number(process.hrtime.bigint() - t0) / 1e9);
  }
  return { seconds, items };
}

/** The document as a streaming TextDecoder makes it of 64 KiB reads: flat strings, held in memory, so that
 * `camt:stream` measures the parser alone (`camt:file` adds reading and decoding). */
function chunksOf(bytes: Uint8Array): string[] {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  const chunks: string[] = [];
  for (let k = 0; k < bytes.length; k += CHUNK) chunks.push(decoder.decode(bytes.subarray(k, k + CHUNK), { stream: true }));
  chunks.push(decoder.decode());
  return chunks;
}

async function worker(mode: string, file: string, repeat: number): Promise<Measurement> {
  const size = statSync(file).size;
  const bytes = mode === "camt:file" ? new Uint8Array(0) : readFileSync(file);
  const text = mode === "camt:file" || mode === "camt:stream" ? "" : new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  const chunks = mode === "camt:stream" ? chunksOf(bytes) : [];
  let result: { seconds: number; items: number };
  switch (mode) {
    case "camt:whole":
      result = await best(repeat, () => {
        const parsed = parseCamt(text, { format: "camt.053", encoding: "utf-8" });
        if (parsed.rejected !== undefined) throw new Error(parsed.rejected.message);
        return parsed.statements.reduce((n, s) => n + s.entries.length, 0);
      });
      break;
    case "camt:stream":
      result = await best(repeat, async () => {
        let n = 0;
        for await (const event of parseCamtStream(chunks)) {
          if (event.type === "entry") n++;
          else if (event.type === "end" && event.rejected !== undefined) throw new Error(event.rejected.message);
        }
        return n;
      });
      break;
    case "camt:file":
      result = await best(repeat, async () => {
        let n = 0;
        for await (const event of parseCamtFile(file)) {
          if (event.type === "entry") n++;
          else if (event.type === "end" && event.rejected !== undefined) throw new Error(event.rejected.message);
        }
        return n;
      });
      break;
    case "reader":
      result = await best(repeat, () => {
        let n = 0;
        const reader = createXmlReader(
          {
            open(name) {
              if (name === "Ntry") n++;
            },
            text() {},
            close() {},
          },
          { localNames: true },
        );
        reader.write(text);
        reader.end();
        return n;
      });
      break;
    case "saxes":
      result = await best(repeat, () => {
        let n = 0;
        const parser = new SaxesParser({ xmlns: false });
        parser.on("opentag", (tag) => {
          if (tag.name === "Ntry") n++;
        });
        parser.on("text", () => {});
        parser.on("closetag", () => {});
        parser.write(text).close();
        return n;
      });
      break;
    default:
      throw new Error(`unknown mode ${mode}`);
  }
  return { name: mode, items: result.items, seconds: result.seconds, peakMiB: peakMiB(), note: String(size) };
}

async function main(): Promise<void> {
  const repeat = Number(arg("repeat", "3"));
  const workerMode = arg("worker", "");
  if (workerMode !== "") {
    console.log(JSON.stringify(await worker(workerMode, arg("file", ""), repeat)));
    return;
  }
  const mb = Number(arg("mb", "100"));
  const dir = mkdtempSync(join(tmpdir(), "bankbridge-camt-quick-"));
  const file = arg("keep", join(dir, "camt053.xml"));
  try {
    const entries = generate(file, mb);
    const size = statSync(file).size;
    console.log(`camt.053.001.08 document: ${fmt(size / 1e6, 1)} MB, ${fmt(entries)} entries; best of ${repeat}; Node ${process.version}`);
    const modes = arg("runs", "camt:whole,camt:stream,camt:file,reader,saxes").split(",");
    const results: Measurement[] = [];
    for (const mode of modes) results.push(await inChild(import.meta.url, ["--worker", mode, "--file", file, "--repeat", String(repeat)]));
    const floor = results.find((m) => m.name === "saxes");
    const rows = results.map((m) => [
      m.name,
      fmt(m.seconds, 3),
      fmt(size / 1e6 / m.seconds, 1),
      fmt(m.items / m.seconds),
      fmt(m.peakMiB),
      floor === undefined ? "" : fmt(floor.seconds / m.seconds, 2),
    ]);
    console.log(table(["run", "seconds", "MB/s", "entries/s", "peak MiB", "× saxes"], rows));
    for (const m of results) if (m.items !== entries) console.log(`  ${m.name}: counted ${m.items} entries, expected ${entries}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
