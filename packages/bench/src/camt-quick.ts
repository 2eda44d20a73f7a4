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
 * - `saxes` — a bare `saxes` SAX pass over the string (the floor to beat);
 * - `camt:registry` and `saxes:file` — what `bench:formats` measures as `ours:whole` and `floor:saxes`: reading
 *   and decoding the file included.
 *
 * Besides wall-clock MB/s it prints the main thread's CPU seconds (`cpu s`), which another process on a shared
 * machine hardly inflates: compare builds on it.
 *
 * Usage: `npm run build && node packages/bench/dist/camt-quick.js [--mb 100] [--repeat 3] [--runs camt:whole,…] [--keep FILE]`
 * (`--keep FILE`: write the document to FILE and leave it there, e.g. to profile one run with
 * `node --cpu-prof packages/bench/dist/camt-quick.js --worker camt:whole --file FILE`).
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
// The lead registers the camt formats in `@bankbridge/hub/formats`; until the package exports this folder the
// bench reads the built module directly.
import { defaultFormatRegistry } from "@bankbridge/hub/formats";
import { parseCamt, parseCamtFile, parseCamtStream } from "@bankbridge/hub/formats/camt";
import { createXmlReader } from "@bankbridge/hub/formats/xml";
import { SaxesParser } from "saxes";
import { writeCamtSample } from "./camt-sample.js";
import { arg, fmt, inChild, type Measurement, mainThreadSeconds, peakMiB, table } from "./measure.js";

const CHUNK = 64 * 1024;

async function best(repeat: number, pass: () => Promise<number> | number): Promise<{ seconds: number; cpu: number; items: number }> {
  let seconds = Number.POSITIVE_INFINITY;
  let cpu = Number.POSITIVE_INFINITY;
  let items = 0;
  for (let k = 0; k < repeat; k++) {
    globalThis.gc?.();
    const c0 = mainThreadSeconds();
    const t0 = process.hrtime.bigint();
    items = await pass();
    seconds = Math.min(seconds, Number(process.hrtime.bigint() - t0) / 1e9);
    cpu = Math.min(cpu, mainThreadSeconds() - c0);
  }
  return { seconds, cpu, items };
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
  const fromFile = mode === "camt:file" || mode === "camt:registry" || mode === "saxes:file";
  const bytes = fromFile ? new Uint8Array(0) : readFileSync(file);
  const text = fromFile || mode === "camt:stream" ? "" : new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  const chunks = mode === "camt:stream" ? chunksOf(bytes) : [];
  let result: { seconds: number; cpu: number; items: number };
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
    case "camt:registry":
      // What bench:formats measures as ours:whole: read, detect, decode, parse, checks.
      result = await best(repeat, () => {
        const parsed = defaultFormatRegistry().parse(readFileSync(file), { format: "camt.053" });
        if (parsed.rejected !== undefined) throw new Error(parsed.rejected.message);
        return parsed.statements.reduce((n, s) => n + s.entries.length, 0);
      });
      break;
    case "saxes:file":
      // What bench:formats measures as floor:saxes: read and decode included.
      result = await best(repeat, () => {
        let n = 0;
        const parser = new SaxesParser();
        parser.on("opentag", (tag) => {
          if (tag.name === "Ntry") n++;
        });
        parser.write(readFileSync(file, "utf8")).close();
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
  return { name: mode, items: result.items, seconds: result.seconds, peakMiB: peakMiB(), note: String(result.cpu) };
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
    const entries = writeCamtSample(file, mb);
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
      fmt(Number(m.note), 3),
      fmt(m.items / m.seconds),
      fmt(m.peakMiB),
      floor === undefined ? "" : fmt(floor.seconds / m.seconds, 2),
      floor === undefined ? "" : fmt(Number(floor.note) / Number(m.note), 2),
    ]);
    console.log(table(["run", "seconds", "MB/s", "cpu s", "entries/s", "peak MiB", "× saxes", "× saxes (cpu)"], rows));
    for (const m of results) if (m.items !== entries) console.log(`  ${m.name}: counted ${m.items} entries, expected ${entries}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
