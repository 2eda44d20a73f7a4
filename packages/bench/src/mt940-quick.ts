/**
 * MT940 quick check (not the full `bench:formats`): about 100 MB of realistic MT940 and how fast BankBridge
 * reads it, as one string (`parseMt940`, every statement and entry kept) and as a stream of chunks
 * (`parseMt940Stream`, entries counted and dropped), beside a floor: counting the same text's lines. Each
 * measurement runs in its own process (so its peak memory is its own) and keeps the fastest of `--repeat` runs.
 *
 * Besides wall-clock MB/s it reports the main thread's CPU time (Linux: the scheduler's count for the thread),
 * which other processes on a shared machine do not inflate: on two busy cores, wall time varies by ±10% between
 * runs of the same code, the main thread's CPU time by about 2%. Compare builds on `cpu s`.
 *
 * Usage: `npm run build && node packages/bench/dist/mt940-quick.js [--mb 100] [--repeat 3] [--runs floor,whole,stream]`
 * - `--file <path>` reads that MT940 file (its first `--mb` MB) instead of generating the text, e.g. the bench's
 *   cached `.bench/formats/mt940-200mb.sta`;
 * - `--runs stream-file`: the stream read from the file in 64 KiB chunks and decoded, as `bench:formats` measures
 *   `ours:stream` (needs `--file`);
 * - `--runs stream-live --mb 1000`: the stream read as it is generated, never held, for its peak memory on a
 *   document of any size; its MB/s include generating the text.
 */
import { createReadStream, openSync, readSync } from "node:fs";
import { createChunkDecoder } from "@bankbridge/hub/formats";
import { generateMt940, parseMt940, parseMt940Stream } from "@bankbridge/hub/formats/mt940";
import { arg, fmt, inChild, type Measurement, mainThreadSeconds, peakMiB, table } from "./measure.js";

const RUNS = ["floor", "whole", "stream", "stream-file", "stream-live"] as const;
type Run = (typeof RUNS)[number];

/** The first `mb` MB of `file` as 64 KiB chunks of text (the file is ASCII or Latin-1 MT940). */
function fileChunks(file: string, mb: number): string[] {
  const chunks: string[] = [];
  const fd = openSync(file, "r");
  const buffer = Buffer.alloc(64 * 1024);
  for (let read = 0; read < mb * 1_000_000; ) {
    const n = readSync(fd, buffer, 0, Math.min(buffer.length, mb * 1_000_000 - read), read);
    if (n === 0) break;
    chunks.push(buffer.toString("latin1", 0, n));
    read += n;
  }
  return chunks;
}

/** The file's first `bytes` bytes, read in 64 KiB chunks and decoded, as `bench:formats` reads it. */
async function* fileText(file: string, bytes: number): AsyncGenerator<string> {
  const decoder = createChunkDecoder("utf-8");
  for await (const chunk of createReadStream(file, { highWaterMark: 64 * 1024, end: bytes - 1 }))
    yield decoder.decode(chunk as Buffer, { stream: true });
  const tail = decoder.decode();
  if (tail !== "") yield tail;
}

async function measure(run: Run, mb: number, repeat: number, file: string): Promise<Measurement> {
  const source = () => (file === "" ? [...generateMt940({ chars: mb * 1_000_000 })] : fileChunks(file, mb));
  const chunks = run === "stream-live" || run === "stream-file" ? [] : source();
  const text = run === "floor" || run === "whole" ? chunks.join("") : "";
  const context = { format: "mt940", encoding: "utf-8" } as const;
  let fastest = Number.POSITIVE_INFINITY;
  let fastestCpu = Number.POSITIVE_INFINITY;
  let items = 0;
  for (let r = 0; r < repeat; r++) {
    const start = process.hrtime.bigint();
    const cpu = mainThreadSeconds();
    if (run === "floor") {
      items = 0;
      for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) items++;
    } else if (run === "whole") {
      items = parseMt940(text, context).statements.reduce((n, s) => n + s.entries.length, 0);
    } else {
      items = 0;
      const input =
        run === "stream" ? chunks : run === "stream-file" ? fileText(file, mb * 1_000_000) : generateMt940({ chars: mb * 1_000_000 });
      for await (const event of parseMt940Stream(input, context)) if (event.type === "entry") items++;
    }
    fastest = Math.min(fastest, Number(process.hrtime.bigint() - start) / 1e9);
    fastestCpu = Math.min(fastestCpu, mainThreadSeconds() - cpu);
  }
  return { name: run, items, seconds: fastest, peakMiB: peakMiB(), note: String(fastestCpu) };
}

const child = process.argv.indexOf("--child");
const mb = Number(arg("mb", "100"));
const repeat = Number(arg("repeat", "3"));
const file = arg("file", "");
if (child >= 0) {
  const run = process.argv[child + 1] as Run;
  console.log(JSON.stringify(await measure(run, mb, repeat, file)));
} else {
  console.log(
    `MT940 quick check: ${mb} MB of ${file === "" ? "generated MT940 (German DK :86:, CRLF)" : file}, fastest of ${repeat} runs, one process each`,
  );
  const labels: Record<Run, string> = {
    floor: "floor: count the lines",
    whole: "ours: parseMt940 (whole, kept)",
    stream: "ours: parseMt940Stream",
    "stream-file": "ours: parseMt940Stream, file read and decoded",
    "stream-live": "ours: stream while generating",
  };
  const runs = arg("runs", "floor,whole,stream")
    .split(",")
    .filter((r): r is Run => (RUNS as readonly string[]).includes(r))
    .filter((r) => r !== "stream-file" || file !== "");
  const rows: string[][] = [];
  for (const run of runs) {
    const args = ["--child", run, "--mb", String(mb), "--repeat", String(repeat), ...(file === "" ? [] : ["--file", file])];
    const m = await inChild(import.meta.url, args);
    const cpu = Number(m.note);
    // The text is ASCII: its characters are its bytes.
    rows.push([labels[run], fmt(mb / m.seconds, 1), fmt(mb / cpu, 1), fmt(cpu, 3), fmt(m.items / m.seconds), fmt(m.peakMiB)]);
  }
  console.log(table(["run", "MB/s", "MB/s (cpu)", "cpu s", "items/s", "peak MiB"], rows));
}
