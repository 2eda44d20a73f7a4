/**
 * MT940 quick check (not the full `bench:formats`): generates about 100 MB of realistic MT940 in memory and
 * prints how fast BankBridge reads it, as one string (`parseMt940`, every statement and entry kept) and as a
 * stream of chunks (`parseMt940Stream`, entries counted and dropped), beside a floor: counting the same text's
 * lines. Each measurement runs in its own process (so its peak memory is its own) and keeps the fastest of
 * `--repeat` runs.
 *
 * Usage: `npm run build && node packages/bench/dist/mt940-quick.js [--mb 100] [--repeat 3] [--runs floor,whole,stream]`
 * (`--runs stream-live --mb 1000`: the stream read as it is generated, never held, for its peak memory on a
 * document of any size; its MB/s include generating the text).
 */
// The hub exports no `formats/mt940` subpath yet; the bench reads the built module directly.
import { generateMt940, parseMt940, parseMt940Stream } from "@bankbridge/hub/formats/mt940";
import { fmt, inChild, type Measurement, peakMiB, table } from "./measure.js";

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

const RUNS = ["floor", "whole", "stream", "stream-live"] as const;
type Run = (typeof RUNS)[number];

async function measure(run: Run, mb: number, repeat: number): Promise<Measurement> {
  const chunks = run === "stream-live" ? [] : [...generateMt940({ chars: mb * 1_000_000 })];
  const text = run === "stream" || run === "stream-live" ? "" : chunks.join("");
  const context = { format: "mt940", encoding: "utf-8" } as const;
  let fastest = Number.POSITIVE_INFINITY;
  let items = 0;
  for (let r = 0; r < repeat; r++) {
    const start = process.hrtime.bigint();
    if (run === "floor") {
      items = 0;
      for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) items++;
    } else if (run === "whole") {
      items = parseMt940(text, context).statements.reduce((n, s) => n + s.entries.length, 0);
    } else {
      items = 0;
      const source = run === "stream" ? chunks : generateMt940({ chars: mb * 1_000_000 });
      for await (const event of parseMt940Stream(source, context)) if (event.type === "entry") items++;
    }
    fastest = Math.min(fastest, Number(process.hrtime.bigint() - start) / 1e9);
  }
  return { name: run, items, seconds: fastest, peakMiB: peakMiB() };
}

const child = process.argv.indexOf("--child");
const mb = Number(arg("mb", "100"));
const repeat = Number(arg("repeat", "3"));
if (child >= 0) {
  const run = process.argv[child + 1] as Run;
  console.log(JSON.stringify(await measure(run, mb, repeat)));
} else {
  console.log(`MT940 quick check: ${mb} MB of generated MT940 (German DK :86:, CRLF), fastest of ${repeat} runs, one process each`);
  const labels: Record<Run, string> = {
    floor: "floor: count the lines",
    whole: "ours: parseMt940 (whole, kept)",
    stream: "ours: parseMt940Stream",
    "stream-live": "ours: stream while generating",
  };
  const runs = arg("runs", "floor,whole,stream")
    .split(",")
    .filter((r): r is Run => (RUNS as readonly string[]).includes(r));
  const rows: string[][] = [];
  for (const run of runs) {
    const m = await inChild(import.meta.url, ["--child", run, "--mb", String(mb), "--repeat", String(repeat)]);
    // The text is ASCII: its characters are its bytes.
    rows.push([labels[run], fmt(mb / m.seconds, 1), fmt(m.items / m.seconds), fmt(m.peakMiB)]);
  }
  console.log(table(["run", "MB/s", "items/s", "peak MiB"], rows));
}
