/**
 * BAI2 and OFX quick check (not the full `bench:formats`): writes about `--mb` MB each of realistic BAI2, OFX 1.x
 * (SGML, unclosed leaves) and OFX 2.x (XML) to a temporary directory (generated piece by piece, never held
 * whole), and measures, each in its own process (so its peak memory is its own) and best of `--repeat`:
 *
 * - `floor` — Node reading the file and counting its lines with `readline`: the floor the issue measures;
 * - `whole` — the format's `parse` over the decoded string (what the registry runs after decoding);
 * - `registry` — `registry.parse` from the file's bytes (read, decode, detect, parse, integrity checks);
 * - `stream` — `parseBai2Stream`/`parseOfxStream` from the file (read in 64 KiB chunks, streaming
 *   `TextDecoder`, events consumed one by one, integrity checks from running totals): bounded memory.
 *
 * Usage: `npm run build && node packages/bench/dist/formats-quick.js [--mb 50] [--repeat 3] [--only bai2,ofx1,ofx2]
 * [--runs floor,whole,registry,stream] [--keep DIR]` (`--keep DIR`: write the documents there and leave them, e.g.
 * to profile one run with `node --cpu-prof packages/bench/dist/formats-quick.js --worker stream:bai2 --file FILE`).
 * Streaming memory on a large file: `--mb 1000 --runs floor,stream`.
 */
import { createReadStream, createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { bai2Format, createChunkDecoder, createFormatRegistry, ofxFormat } from "@bankbridge/hub/formats";
// The hub exports no `formats/bai2` or `formats/ofx` subpath yet; the bench reads the built modules directly.
import { generateBai2, parseBai2Stream } from "@bankbridge/hub/formats/bai2";
import { generateOfx, parseOfxStream } from "@bankbridge/hub/formats/ofx";
import { arg, fmt, inChild, type Measurement, peakMiB, table } from "./measure.js";

type Kind = "bai2" | "ofx1" | "ofx2";

const KINDS: Readonly<Record<Kind, { readonly title: string; readonly format: typeof bai2Format; readonly file: string }>> = {
  bai2: { title: "BAI2", format: bai2Format, file: "statement.bai2" },
  ofx1: { title: "OFX 1.x (SGML)", format: ofxFormat, file: "statement-102.ofx" },
  ofx2: { title: "OFX 2.x (XML)", format: ofxFormat, file: "statement-211.ofx" },
};

function pieces(kind: Kind, chars: number): Iterable<string> {
  if (kind === "bai2") return generateBai2({ chars });
  return generateOfx({ chars, version: kind === "ofx1" ? 1 : 2 });
}

/** Writes the document piece by piece and counts its entries (16 records; STMTTRN elements). */
async function write(kind: Kind, file: string, chars: number): Promise<{ entries: number }> {
  const out = createWriteStream(file);
  let entries = 0;
  for (const piece of pieces(kind, chars)) {
    if (kind === "bai2") {
      if (piece.startsWith("16,")) entries++;
      for (let i = piece.indexOf("\n16,"); i >= 0; i = piece.indexOf("\n16,", i + 1)) entries++;
    } else for (let i = piece.indexOf("<STMTTRN>"); i >= 0; i = piece.indexOf("<STMTTRN>", i + 1)) entries++;
    if (!out.write(piece)) await new Promise<void>((resolve) => out.once("drain", () => resolve()));
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  return { entries };
}

async function best(repeat: number, run: () => number | Promise<number>): Promise<{ seconds: number; items: number }> {
  let seconds = Number.POSITIVE_INFINITY;
  let items = 0;
  for (let i = 0; i < repeat; i++) {
    // Each run starts from a collected heap: the previous run's statements are garbage by now.
    (globalThis as { gc?: () => void }).gc?.();
    const start = process.hrtime.bigint();
    items = await run();
    seconds = Math.min(seconds, Number(process.hrtime.bigint() - start) / 1e9);
  }
  return { seconds, items };
}

/** The file's text in decoded chunks, as a service reading an upload would get it. */
async function* decodedChunks(file: string): AsyncGenerator<string> {
  const decoder = createChunkDecoder("utf-8");
  for await (const bytes of createReadStream(file, { highWaterMark: 64 * 1024 })) {
    const text = decoder.decode(bytes as Buffer, { stream: true });
    if (text.length > 0) yield text;
  }
  const rest = decoder.decode();
  if (rest.length > 0) yield rest;
}

async function worker(mode: string, file: string, repeat: number): Promise<Measurement> {
  const [run, kind] = mode.split(":") as [string, Kind];
  const { format } = KINDS[kind];
  const registry = createFormatRegistry([format]);
  const text = run === "whole" ? readFileSync(file, "utf8") : "";
  let result: { seconds: number; items: number };
  switch (run) {
    case "floor":
      result = await best(repeat, async () => {
        let lines = 0;
        for await (const _ of createInterface({ input: createReadStream(file), crlfDelay: Number.POSITIVE_INFINITY })) lines++;
        return lines;
      });
      break;
    case "whole":
      result = await best(repeat, () => {
        const parsed = format.parse(text, { format: format.id, encoding: "utf-8" });
        if (parsed.rejected !== undefined) throw new Error(parsed.rejected.message);
        return parsed.statements.reduce((n, s) => n + s.entries.length, 0);
      });
      break;
    case "registry":
      result = await best(repeat, () => {
        const parsed = registry.parse(readFileSync(file));
        if (parsed.rejected !== undefined) throw new Error(parsed.rejected.message);
        return parsed.statements.reduce((n, s) => n + s.entries.length, 0);
      });
      break;
    case "stream":
      result = await best(repeat, async () => {
        let n = 0;
        const events = kind === "bai2" ? parseBai2Stream(decodedChunks(file)) : parseOfxStream(decodedChunks(file));
        for await (const event of events) {
          if (event.type === "entry") n++;
          else if (event.type === "end" && event.rejected !== undefined) throw new Error(event.rejected.message);
        }
        return n;
      });
      break;
    default:
      throw new Error(`unknown mode ${mode}`);
  }
  return { name: run, items: result.items, seconds: result.seconds, peakMiB: peakMiB() };
}

async function main(): Promise<void> {
  const repeat = Number(arg("repeat", "3"));
  const workerMode = arg("worker", "");
  if (workerMode !== "") {
    console.log(JSON.stringify(await worker(workerMode, arg("file", ""), repeat)));
    return;
  }
  const mb = Number(arg("mb", "50"));
  const only = arg("only", "bai2,ofx1,ofx2").split(",") as Kind[];
  const runs = arg("runs", "floor,whole,registry,stream").split(",");
  const keep = arg("keep", "");
  const dir = keep === "" ? mkdtempSync(join(tmpdir(), "bankbridge-formats-quick-")) : keep;
  mkdirSync(dir, { recursive: true });
  console.log(
    `BAI2 and OFX quick check: ${fmt(mb)} MB per document, best of ${repeat}, each run in its own process; Node ${process.version}`,
  );
  try {
    for (const kind of only) {
      const { title, file: name } = KINDS[kind];
      const file = join(dir, name);
      const { entries } = await write(kind, file, mb * 1_000_000);
      // The documents are ASCII: one byte per character.
      const size = statSync(file).size;
      const results: Measurement[] = [];
      for (const run of runs)
        results.push(await inChild(import.meta.url, ["--worker", `${run}:${kind}`, "--file", file, "--repeat", String(repeat)]));
      const floor = results.find((m) => m.name === "floor");
      console.log(`\n${title}: ${fmt(size / 1e6, 1)} MB, ${fmt(entries)} entries`);
      const rows = results.map((m) => [
        m.name,
        fmt(m.seconds, 3),
        fmt(size / 1e6 / m.seconds, 1),
        m.name === "floor" ? `${fmt(m.items / m.seconds)} lines/s` : fmt(m.items / m.seconds),
        fmt(m.peakMiB),
        floor === undefined ? "" : fmt(m.seconds / floor.seconds, 2),
      ]);
      console.log(table(["run", "seconds", "MB/s", "entries/s", "peak MiB", "× floor time"], rows));
      for (const m of results)
        if (m.name !== "floor" && m.items !== entries) console.log(`  ${m.name}: counted ${m.items} entries, expected ${entries}`);
      if (kind === "bai2" && floor !== undefined) {
        // Issue 4: BAI2 has no peer; within 3× of the line-count floor measured in the same run.
        for (const m of results.filter((r) => r.name !== "floor")) {
          const ratio = m.seconds / floor.seconds;
          console.log(`  bai2 ${m.name}: ${fmt(ratio, 2)}× the floor's time (target ≤ 3: ${ratio <= 3 ? "met" : "not met"})`);
        }
      }
    }
  } finally {
    if (keep === "") rmSync(dir, { recursive: true, force: true });
  }
}

await main();
