/**
 * Bank CSV speed check: generates an ICBC-like 网银 export in GB18030 of about `--mb` MB (title lines, the
 * v2 header, cells padded with spaces and a tab as ICBC writes them, realistic Chinese counterparties, places and
 * booking texts, amounts with digit grouping, a running balance, the 合计 footer), writes it to a temporary file
 * and measures in one run, each in its own process and best of `--repeat`, all reading the file through a
 * streaming GB18030 decoder (decoding included):
 *
 * - `ours` — `parseBankCsvStream` from the file: encoding and profile detected from the head, every row mapped
 *   to a canonical entry, balances derived, the integrity checks from running totals; events consumed one by one
 *   with `for await`;
 * - `ours:push` — the same parser fed the file's chunks, its events delivered to a callback (`createBankCsvParser`):
 *   what is left when the async iterator's one promise per event is not paid;
 * - `csv-parse` — a bare `csv-parse` pass over the decoded text (rows counted, nothing else);
 * - `papaparse` — a bare `papaparse` pass over the decoded text (rows counted, nothing else);
 * - `decode` — reading and decoding alone (the floor under all three).
 *
 * Usage: `npm run build && node packages/bench/dist/bank-csv-quick.js [--mb 200] [--repeat 3] [--runs ours,csv-parse,…] [--keep FILE]`
 */
import { closeSync, createReadStream, mkdtempSync, openSync, rmSync, statSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse as csvParse } from "csv-parse";
import Papa from "papaparse";
import { arg, fmt, inChild, type Measurement, peakMiB, table } from "./measure.js";

const CHUNK = 64 * 1024;

/** The part of `@bankbridge/hub/formats/bank-csv` this benchmark uses (see {@link loadOurs}). */
type OurEvent = { type: string; rejected?: { message: string } };
interface BankCsvModule {
  parseBankCsvStream(chunks: AsyncIterable<Uint8Array>, options?: { profile?: unknown }): AsyncIterable<OurEvent>;
  createBankCsvParser(options: { profile?: unknown }, onEvent: (event: OurEvent) => void): { push(chunk: Uint8Array): void; end(): void };
}

/**
 * Ours, imported by a computed specifier: the hub exports `./formats/bank-csv` once the format is registered,
 * and the bench must compile before that.
 */
async function loadOurs(): Promise<BankCsvModule> {
  const specifier = ["@bankbridge/hub", "formats", "bank-csv"].join("/");
  return (await import(specifier)) as BankCsvModule;
}

// ---------------------------------------------------------------------------------------------------------------
// The sample: an ICBC debit card export (明细查询文件下载, v2 layout) in GB18030.

/** GB18030 bytes of the characters the sample uses, from Node's own decoder run backwards over the 2-byte codes. */
function gb18030Encoder(): (text: string) => Uint8Array {
  const decoder = new TextDecoder("gb18030");
  const codes: number[] = [];
  for (let lead = 0x81; lead <= 0xfe; lead++) for (let trail = 0x40; trail <= 0xfe; trail++) if (trail !== 0x7f) codes.push(lead, trail);
  const decoded = decoder.decode(Uint8Array.from(codes));
  const table = new Map<number, number>();
  for (let i = 0; i < decoded.length; i++) {
    const c = decoded.charCodeAt(i);
    if (c !== 0xfffd && !table.has(c)) table.set(c, ((codes[2 * i] as number) << 8) | (codes[2 * i + 1] as number));
  }
  return (text) => {
    const out = new Uint8Array(text.length * 2);
    let n = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c < 0x80) out[n++] = c;
      else {
        const code = table.get(c);
        if (code === undefined) throw new Error(`no GB18030 code for ${text[i]}`);
        out[n++] = code >> 8;
        out[n++] = code & 0xff;
      }
    }
    return out.subarray(0, n);
  };
}

const MEMOS = [
  "消费",
  "工资",
  "转账",
  "跨行汇款",
  "他行汇入",
  "自动还款",
  "网转",
  "退款",
  "利息",
  "代发工资",
  "手续费",
  "银联消费",
  "快捷支付",
  "缴费",
];
const PLACES = [
  "财付通-美团平台商户",
  "支付宝-北京三快在线科技有限公司",
  "手机银行",
  "广东三元麦当劳食品有",
  "网上银行",
  "",
  "京东商城平台商户",
  "中国石油天然气股份有限公司北京销售分公司",
  "上海市电力公司",
  "柜台",
];
const NAMES = [
  "深圳市财付通支付科技有限公司",
  "支付宝（中国）网络技术有限公司",
  "北京京东世纪贸易有限公司",
  "上海拉扎斯信息科技有限公司",
  "中国移动通信集团广东有限公司",
  "张三",
  "李四",
  "王五",
  "杭州示例贸易有限公司",
  "国网上海市电力公司",
  "广州地铁集团有限公司",
  "招商银行股份有限公司信用卡中心",
];
const pad = (v: string, n: number) => `"${v.padEnd(n)}\t"`;

function grouped(minor: number): string {
  const negative = minor < 0;
  const digits = String(Math.abs(minor)).padStart(3, "0");
  const whole = digits.slice(0, -2).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${negative ? "-" : ""}${whole}.${digits.slice(-2)}`;
}

/** Writes the sample and returns its entry count. Deterministic: a fixed linear congruential generator. */
function writeSample(file: string, mb: number): number {
  const encode = gb18030Encoder();
  const fd = openSync(file, "w");
  let seed = 20240301;
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const header =
    '明细查询文件下载\r\n\r\n卡号: 6222****0001,"卡别名: 测试卡"\r\n\r\n子账户序号: 00000,子账户类别: 活期,"子账户别名: "\r\n\r\n' +
    "交易日期,摘要,交易详情,交易场所,交易国家或地区简称,钞/汇,交易金额(收入),交易金额(支出),交易币种,记账金额(收入),记账金额(支出),记账币种,余额,对方户名,对方账户\r\n";
  writeSync(fd, encode(header));
  let written = 0;
  let entries = 0;
  let balance = 10_000_000;
  let day = 0;
  const target = mb * 1e6;
  let batch: string[] = [];
  while (written < target) {
    if (rand(40) === 0) day++;
    const date = new Date(Date.UTC(2020, 0, 1) + day * 86_400_000).toISOString().slice(0, 10);
    const incoming = rand(4) === 0;
    const minor = incoming ? 100_000 + rand(2_000_000) : 100 + rand(300_000);
    balance += incoming ? minor : -minor;
    const account = rand(3) === 0 ? "" : `6222****${String(1000 + rand(9000))}`;
    batch.push(
      [
        `${date}     \t`,
        pad(MEMOS[rand(MEMOS.length)] as string, 20),
        pad("", 30),
        pad(PLACES[rand(PLACES.length)] as string, 40),
        pad("CHN", 20),
        "钞        \t",
        pad("-", 20),
        pad("-", 20),
        "-              \t",
        pad(incoming ? grouped(minor) : "", 20),
        pad(incoming ? "" : grouped(minor), 20),
        "人民币         \t",
        pad(grouped(balance), 20),
        pad(NAMES[rand(NAMES.length)] as string, 60),
        pad(account, 20),
      ].join(",") + ",\r\n",
    );
    entries++;
    if (batch.length === 2000) {
      const bytes = encode(batch.join(""));
      writeSync(fd, bytes);
      written += bytes.length;
      batch = [];
    }
  }
  writeSync(fd, encode(`${batch.join("")} \r\n人民币合计,,,,,,,,,"1.00\t","2.00\t",\r\n`));
  closeSync(fd);
  return entries;
}

// ---------------------------------------------------------------------------------------------------------------
// The runs.

/** The file as 64 KiB byte chunks. */
function bytesOf(file: string): AsyncIterable<Uint8Array> {
  return createReadStream(file, { highWaterMark: CHUNK }) as AsyncIterable<Uint8Array>;
}

/** The file decoded as GB18030, chunk by chunk (the peers' input). */
async function* textOf(file: string): AsyncGenerator<string> {
  const decoder = new TextDecoder("gb18030");
  for await (const chunk of bytesOf(file)) yield decoder.decode(chunk, { stream: true });
  yield decoder.decode();
}

async function run(mode: string, file: string): Promise<number> {
  switch (mode) {
    case "ours": {
      const { parseBankCsvStream } = await loadOurs();
      let n = 0;
      for await (const event of parseBankCsvStream(bytesOf(file))) {
        if (event.type === "entry") n++;
        else if (event.type === "end" && event.rejected !== undefined) throw new Error(event.rejected.message);
      }
      return n;
    }
    case "ours:push": {
      const { createBankCsvParser } = await loadOurs();
      let n = 0;
      let failed: string | undefined;
      const parser = createBankCsvParser({}, (event) => {
        if (event.type === "entry") n++;
        else if (event.type === "end" && event.rejected !== undefined) failed = event.rejected.message;
      });
      for await (const chunk of bytesOf(file)) parser.push(chunk);
      parser.end();
      if (failed !== undefined) throw new Error(failed);
      return n;
    }
    case "csv-parse": {
      let n = 0;
      const parser = csvParse({ relax_column_count: true, relax_quotes: true, bom: true });
      const done = new Promise<void>((resolve, reject) => {
        parser.on("readable", () => {
          while (parser.read() !== null) n++;
        });
        parser.on("end", resolve);
        parser.on("error", reject);
      });
      for await (const text of textOf(file)) if (!parser.write(text)) await new Promise((r) => parser.once("drain", r));
      parser.end();
      await done;
      return n;
    }
    case "papaparse": {
      let n = 0;
      const stream = Papa.parse(Papa.NODE_STREAM_INPUT, {});
      const done = new Promise<void>((resolve, reject) => {
        stream.on("data", () => {
          n++;
        });
        stream.on("end", resolve);
        stream.on("error", reject);
      });
      for await (const text of textOf(file)) if (!stream.write(text)) await new Promise((r) => stream.once("drain", r));
      stream.end();
      await done;
      return n;
    }
    case "decode": {
      let n = 0;
      for await (const text of textOf(file)) n += text.length;
      return n;
    }
    default:
      throw new Error(`unknown mode ${mode}`);
  }
}

async function worker(mode: string, file: string, repeat: number): Promise<Measurement> {
  let seconds = Number.POSITIVE_INFINITY;
  let items = 0;
  for (let k = 0; k < repeat; k++) {
    globalThis.gc?.();
    const t0 = process.hrtime.bigint();
    items = await run(mode, file);
    seconds = Math.min(seconds, Number(process.hrtime.bigint() - t0) / 1e9);
  }
  return { name: mode, items, seconds, peakMiB: peakMiB() };
}

async function main(): Promise<void> {
  const repeat = Number(arg("repeat", "3"));
  const workerMode = arg("worker", "");
  if (workerMode !== "") {
    console.log(JSON.stringify(await worker(workerMode, arg("file", ""), repeat)));
    return;
  }
  const mb = Number(arg("mb", "200"));
  const dir = mkdtempSync(join(tmpdir(), "bankbridge-bank-csv-quick-"));
  const file = arg("keep", join(dir, "icbc-gb18030.csv"));
  try {
    const entries = writeSample(file, mb);
    const size = statSync(file).size;
    console.log(
      `ICBC-like GB18030 bank CSV: ${fmt(size / 1e6, 1)} MB, ${fmt(entries)} entries; best of ${repeat}; Node ${process.version}`,
    );
    const modes = arg("runs", "ours,ours:push,csv-parse,papaparse,decode").split(",");
    const results: Measurement[] = [];
    for (const mode of modes) results.push(await inChild(import.meta.url, ["--worker", mode, "--file", file, "--repeat", String(repeat)]));
    const peers = results.filter((m) => m.name === "csv-parse" || m.name === "papaparse");
    const fastest = peers.reduce<Measurement | undefined>((b, m) => (b === undefined || m.seconds < b.seconds ? m : b), undefined);
    const rows = results.map((m) => [
      m.name,
      fmt(m.seconds, 3),
      fmt(size / 1e6 / m.seconds, 1),
      m.name === "decode" ? "" : fmt(m.items / m.seconds),
      fmt(m.peakMiB),
      fastest === undefined ? "" : fmt(m.seconds / fastest.seconds, 2),
    ]);
    console.log(table(["run", "seconds", "MB/s", "rows/s", "peak MiB", `× ${fastest?.name ?? "peer"} time`], rows));
    const ours = results.find((m) => m.name === "ours");
    if (ours !== undefined && ours.items !== entries) console.log(`  ours: read ${ours.items} entries, expected ${entries}`);
    if (ours !== undefined && fastest !== undefined) {
      const ratio = ours.seconds / fastest.seconds;
      console.log(
        `ours takes ${fmt(ratio, 2)}× the time of the faster bare parse (${fastest.name}); target ≤ 1.5×: ${ratio <= 1.5 ? "met" : "NOT met"}`,
      );
    }
  } finally {
    if (arg("keep", "") === "") rmSync(dir, { recursive: true, force: true });
  }
}

await main();
