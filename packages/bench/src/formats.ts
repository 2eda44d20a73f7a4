/**
 * `npm run bench:formats`: our statement parsers against their peers and against floors, in one run.
 *
 * For each format it generates a large realistic file (default 200 MB; cached under `.bench/formats/`) and a
 * peer-sized one (default 50 MB: the JS peers hold whole documents as objects, iso20022.js needs ~11× the file
 * in memory), then measures, each run in its own process:
 *
 * - ours, whole file: `registry.parse(bytes)` — decoding, detection, parsing and the integrity checks;
 * - ours, streaming: the format's stream parser as the registry runs it (events in batches; camt: `parseCamtFile`)
 *   over the file read in chunks (bounded memory);
 * - the JS peers named in issues 3 and 4, on the peer-sized file, and ours (whole-file and streaming) on the same file;
 * - the Debian tools (`aqbanking-cli`, `ofxdump`) on a smaller file (they run at 0.5–5 MB/s);
 * - floors that do no bank work: a bare `saxes` SAX pass and `fast-xml-parser` for camt, Node reading the file
 *   line by line (readline) and counting lines for the line formats;
 * - streaming memory on a 1 GB file (`--stream-mb 1000`);
 * - bank CSV (`csv`, issue 5): an ICBC-like GB18030 网银 export of `--mb` MB, ours (streaming, decoding included)
 *   against bare `csv-parse` and `papaparse` passes over the same decoded text — run by `bank-csv-quick.ts` in
 *   its own processes, its table and verdict folded in here.
 *
 * It prints MB/s, entries/s, peak memory, kernel time and fresh memory touched (page faults: what a whole-file parse
 * pays the host for every entry it keeps) and ratios, and the targets of issues 3 and 4 as met / missed; for a
 * whole-file target it misses, what the target leaves for parsing once holding the entries is paid (decision 0003).
 *
 * Options: --mb 200 --peer-mb 50 --tool-mb 10 --stream-mb 1000 (0 to skip) --formats camt,mt940,bai2,ofx1,ofx2,csv
 *          --repeat 3 (best of, for ours and the floors; each pass after a full collection)
 *          --rounds 1 (measure ours, the floors and the peers round by round, N rounds; tables show each run's
 *          fastest round, verdicts the median of ratios taken within a round: use 3 on a shared, drifting host)
 */
import { spawnSync } from "node:child_process";
import { createReadStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { open, rename } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { createChunkDecoder, defaultFormatRegistry } from "@bankbridge/hub/formats";
import { generateBai2 } from "@bankbridge/hub/formats/bai2";
import { parseCamtFile } from "@bankbridge/hub/formats/camt";
import { generateMt940 } from "@bankbridge/hub/formats/mt940";
import { generateOfx } from "@bankbridge/hub/formats/ofx";
import { XMLParser } from "fast-xml-parser";
import { SaxesParser } from "saxes";
import { type CamtVersion, writeCamtSample } from "./camt-sample.js";
import { arg, fmt, freshMemoryMsPer100MiB, inChild, kernelUsage, type Measurement, median, peakMiB, table } from "./measure.js";

type Kind = "camt" | "mt940" | "bai2" | "ofx1" | "ofx2";
const KINDS: readonly Kind[] = ["camt", "mt940", "bai2", "ofx1", "ofx2"];
const FORMAT_ID: Record<Kind, string> = { camt: "camt.053", mt940: "mt940", bai2: "bai2", ofx1: "ofx", ofx2: "ofx" };
const EXT: Record<Kind, string> = { camt: "xml", mt940: "sta", bai2: "bai2", ofx1: "ofx", ofx2: "ofx" };
const ROOT = resolve(fileURLToPath(new URL("../../..", import.meta.url)));
const CACHE = join(ROOT, ".bench", "formats");

// ---------------------------------------------------------------------------------------------------
// Files
// ---------------------------------------------------------------------------------------------------

async function writePieces(file: string, pieces: Iterable<string>): Promise<void> {
  const handle = await open(`${file}.part`, "w");
  try {
    let buffered: string[] = [];
    let size = 0;
    for (const piece of pieces) {
      buffered.push(piece);
      size += piece.length;
      if (size > 4_000_000) {
        await handle.write(buffered.join(""));
        buffered = [];
        size = 0;
      }
    }
    await handle.write(buffered.join(""));
  } finally {
    await handle.close();
  }
  // Written under another name first: an interrupted run never leaves a short file in the cache.
  await rename(`${file}.part`, file);
}

/** The file for `kind` of about `mb` MB (camt in `version`), generated on first use. */
async function sample(kind: Kind, mb: number, version: CamtVersion = "08"): Promise<string> {
  mkdirSync(CACHE, { recursive: true });
  const file = join(CACHE, `${kind}${kind === "camt" ? `-v${version}` : ""}-${mb}mb.${EXT[kind]}`);
  if (existsSync(file)) return file;
  const chars = mb * 1_000_000;
  process.stderr.write(`generating ${file}…\n`);
  if (kind === "camt") {
    // Written aside and renamed when complete: an interrupted run must not leave a cut file to be reused.
    writeCamtSample(`${file}.part`, mb, version);
    await rename(`${file}.part`, file);
  } else if (kind === "mt940") await writePieces(file, generateMt940({ chars }));
  else if (kind === "bai2") await writePieces(file, generateBai2({ chars }));
  else await writePieces(file, generateOfx({ chars, version: kind === "ofx1" ? 1 : 2 }));
  return file;
}

// ---------------------------------------------------------------------------------------------------
// Workers: one measurement per process
// ---------------------------------------------------------------------------------------------------

async function* fileText(file: string): AsyncGenerator<string> {
  const decoder = createChunkDecoder("utf-8");
  for await (const chunk of createReadStream(file, { highWaterMark: 64 * 1024 })) yield decoder.decode(chunk as Buffer, { stream: true });
  const tail = decoder.decode();
  if (tail !== "") yield tail;
}

/** The fastest of `repeat` passes: its time, its entries, and its kernel time and page faults. */
async function best(
  repeat: number,
  pass: () => Promise<number>,
): Promise<{ seconds: number; items: number; systemSeconds: number; minorFaults: number }> {
  let seconds = Number.POSITIVE_INFINITY;
  let items = 0;
  let systemSeconds = 0;
  let minorFaults = 0;
  for (let k = 0; k < repeat; k++) {
    // Every pass starts from a collected heap, as the first does: without it the second pass pays for collecting
    // the first one's result (600 MB for ours on 200 MB of camt), and "best of" measured that by chance.
    globalThis.gc?.();
    const k0 = kernelUsage();
    const t0 = process.hrtime.bigint();
    items = await pass();
    const s = Number(process.hrtime.bigint() - t0) / 1e9;
    const k1 = kernelUsage();
    if (s < seconds) {
      seconds = s;
      systemSeconds = k1.systemSeconds - k0.systemSeconds;
      minorFaults = k1.minorFaults - k0.minorFaults;
    }
  }
  return { seconds, items, systemSeconds, minorFaults };
}

type Pass = (file: string, kind: Kind) => Promise<number>;

/** Every measurable run, by name. Each returns the number of entries (or lines, for floors) it saw. */
const PASSES: Record<string, Pass> = {
  "ours:whole": async (file, kind) => {
    const parsed = defaultFormatRegistry().parse(readFileSync(file), { format: FORMAT_ID[kind] });
    if (parsed.rejected !== undefined) throw new Error(`${file}: ${parsed.rejected.code} ${parsed.rejected.message}`);
    return parsed.statements.reduce((n, s) => n + s.entries.length, 0);
  },
  "ours:stream": async (file, kind) => {
    let n = 0;
    if (kind === "camt") {
      for await (const e of parseCamtFile(file)) if (e.type === "entry") n++;
      return n;
    }
    // The format's streaming parser as the registry runs it for `bankbridge parse` and `import`: events in batches.
    const format = defaultFormatRegistry().get(FORMAT_ID[kind]);
    if (format?.stream === undefined) throw new Error(`${kind}: no streaming parser`);
    for await (const batch of format.stream(fileText(file), { format: FORMAT_ID[kind], encoding: "utf-8" }))
      for (const e of batch) if (e.type === "entry") n++;
    return n;
  },
  "floor:readline": async (file) => {
    let lines = 0;
    for await (const _ of createInterface({ input: createReadStream(file), crlfDelay: Number.POSITIVE_INFINITY })) lines++;
    return lines;
  },
  "floor:saxes": async (file) => {
    const text = readFileSync(file, "utf8");
    let n = 0;
    const p = new SaxesParser();
    p.on("opentag", (t) => {
      if (t.name === "Ntry") n++;
    });
    p.write(text).close();
    return n;
  },
  "floor:fast-xml-parser": async (file) => {
    const doc = new XMLParser({ ignoreAttributes: false }).parse(readFileSync(file, "utf8")) as {
      Document: { BkToCstmrStmt: { Stmt: { Ntry: unknown[] } } };
    };
    return doc.Document.BkToCstmrStmt.Stmt.Ntry.length;
  },
  "peer:iso20022.js": async (file) => {
    const { CashManagementEndOfDayReport } = await import("iso20022.js");
    return CashManagementEndOfDayReport.fromXML(readFileSync(file, "utf8")).entries.length;
  },
  "peer:mt940-js": async (file) => {
    const { read } = await import("mt940-js");
    const statements = await read(readFileSync(file));
    return statements.reduce((n, s) => n + s.transactions.length, 0);
  },
  "peer:@centrapay/swift-parser": async (file) => {
    const { parse } = await import("@centrapay/swift-parser");
    return parse({ type: "mt940", data: readFileSync(file, "utf8") }).reduce((n, s) => n + s.transactions.length, 0);
  },
  "peer:mt940js": async (file) => {
    const { Parser } = await import("mt940js");
    return new Parser().parse(readFileSync(file, "utf8")).reduce((n, s) => n + s.transactions.length, 0);
  },
  "peer:ofx-js": async (file) => {
    const { parseSync } = (await import("ofx-js")) as unknown as { parseSync(text: string): unknown };
    return countOfx(parseSync(readFileSync(file, "utf8")));
  },
  // ofx-js 0.2.0, the last version before its 1.0 rewrite: issue 4 quotes this one's speeds (7.9 MB/s on OFX 2.x,
  // 3.9 on OFX 1.x); 1.x reads twice as fast. Measured beside it so the targets can be read against either.
  "peer:ofx-js 0.2.0": async (file) => {
    const { parse } = await import("ofx-js-0.2");
    return countOfx(await parse(readFileSync(file, "utf8")));
  },
  "peer:node-ofx-parser": async (file) => {
    const { parse } = await import("node-ofx-parser");
    return countOfx(parse(readFileSync(file, "utf8")));
  },
  "peer:ofx-data-extractor": async (file) => {
    const { Ofx } = (await import("ofx-data-extractor")) as unknown as { Ofx: { fromBuffer(b: Buffer): { toJson(): unknown } } };
    return countOfx(Ofx.fromBuffer(readFileSync(file)).toJson());
  },
};

/** Counts transactions (objects with a TRNAMT) in any peer's object tree: each peer nests and names them its own way. */
function countOfx(tree: unknown): number {
  let n = 0;
  const stack: unknown[] = [tree];
  while (stack.length > 0) {
    const v = stack.pop();
    if (v === null || typeof v !== "object") continue;
    if (!Array.isArray(v) && Object.keys(v).some((k) => /^trnamt$/i.test(k))) {
      n++;
      continue;
    }
    for (const child of Object.values(v)) stack.push(child);
  }
  return n;
}

async function worker(name: string, file: string, kind: Kind, repeat: number): Promise<Measurement> {
  const pass = PASSES[name];
  if (pass === undefined) throw new Error(`unknown pass ${name}`);
  const r = await best(repeat, () => pass(file, kind));
  return {
    name,
    items: r.items,
    seconds: r.seconds,
    peakMiB: peakMiB(),
    systemSeconds: r.systemSeconds,
    minorFaults: r.minorFaults,
    note: String(statSync(file).size),
  };
}

// ---------------------------------------------------------------------------------------------------
// Debian tools, timed with GNU time
// ---------------------------------------------------------------------------------------------------

function tool(name: string, command: readonly string[], file: string, entries: number): Measurement | string {
  if (spawnSync("sh", ["-c", `command -v ${command[0]}`]).status !== 0)
    return `${name}: not installed (apt-get install ${command[0] === "ofxdump" ? "ofx" : "aqbanking-tools"})`;
  const home = mkdtempSync(join(tmpdir(), "bankbridge-bench-tool-"));
  try {
    const r = spawnSync("/usr/bin/time", ["-f", "%e %M %S %R", ...command], {
      env: { ...process.env, HOME: home },
      cwd: home,
      encoding: "utf8",
      maxBuffer: 1 << 30,
    });
    const last = r.stderr.trim().split("\n").pop() ?? "";
    const [seconds, kb, systemSeconds, minorFaults] = last.split(" ").map(Number);
    if (seconds === undefined || kb === undefined || Number.isNaN(seconds)) return `${name}: failed (${last.slice(0, 200)})`;
    return { name, items: entries, seconds, peakMiB: kb / 1024, systemSeconds, minorFaults, note: String(statSync(file).size) };
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------------------------------

interface Row {
  readonly m: Measurement;
  readonly bytes: number;
}

const mbps = (r: Row) => r.bytes / 1e6 / r.m.seconds;

function print(title: string, rows: readonly Row[]): void {
  console.log(`\n${title}`);
  console.log(
    table(
      ["run", "file MB", "seconds", "MB/s", "entries/s", "peak MiB", "kernel s", "fresh MiB"],
      rows.map((r) => [
        r.m.name,
        fmt(r.bytes / 1e6, 1),
        fmt(r.m.seconds, 2),
        fmt(mbps(r), 1),
        fmt(r.m.items / r.m.seconds),
        fmt(r.m.peakMiB),
        r.m.systemSeconds === undefined ? "" : fmt(r.m.systemSeconds, 2),
        r.m.minorFaults === undefined ? "" : fmt((r.m.minorFaults * 4096) / 2 ** 20),
      ]),
    ),
  );
}

async function measure(name: string, file: string, kind: Kind, repeat: number): Promise<Row | undefined> {
  try {
    const m = await inChild(import.meta.url, ["--worker", name, "--file", file, "--kind", kind, "--repeat", String(repeat)]);
    return { m, bytes: Number(m.note) };
  } catch (e) {
    console.log(`  ${name}: failed — ${(e as Error).message.slice(0, 300)}`);
    return undefined;
  }
}

/** One run of a measured group: a pass, its file, its repeat count, and whether it runs in the first round only. */
interface Planned {
  readonly name: string;
  readonly file: string;
  readonly repeat: number;
  /** Too slow to repeat (fast-xml-parser takes 45 s on 200 MB): measured in the first round only. */
  readonly once?: boolean;
}

/** Every round's rows of a group (in plan order), and each run's fastest round. */
interface Rounds {
  readonly best: (Row | undefined)[];
  readonly byRound: (Row | undefined)[][];
}

/**
 * Measures a group round by round: every run once per round (in plan order, backwards in every other round), each in
 * its own process. A shared
 * host's speed drifts by tens of percent within minutes (2026-11-29: the same saxes pass took 3.5 s and 6.1 s a few
 * minutes apart), so measuring all of ours and then all of a floor can compare a fast minute with a slow one;
 * rounds spread both over the same minutes, and {@link paired} takes ratios within a round.
 */
async function measureRounds(plan: readonly Planned[], kind: Kind, rounds: number): Promise<Rounds> {
  const byRound: (Row | undefined)[][] = [];
  for (let r = 0; r < rounds; r++) {
    const row: (Row | undefined)[] = new Array<Row | undefined>(plan.length).fill(undefined);
    // Every other round runs the plan backwards, so that no run always goes first (after the file was written,
    // or right after the heaviest run).
    for (let k = 0; k < plan.length; k++) {
      const i = r % 2 === 0 ? k : plan.length - 1 - k;
      const p = plan[i] as Planned;
      if (r === 0 || p.once !== true) row[i] = await measure(p.name, p.file, kind, p.repeat);
    }
    byRound.push(row);
  }
  const best = plan.map((_, i) =>
    byRound.reduce<Row | undefined>((a, row) => {
      const x = row[i];
      return x === undefined ? a : a === undefined || x.m.seconds < a.m.seconds ? x : a;
    }, undefined),
  );
  return { best, byRound };
}

/** `f` of runs `i` and `j` in each round that measured both, and the median of those values. */
function paired(g: Rounds, i: number, j: number, f: (a: Row, b: Row) => number): { median: number; values: number[] } | undefined {
  const values: number[] = [];
  for (const row of g.byRound) {
    const a = row[i];
    const b = row[j];
    if (a !== undefined && b !== undefined) values.push(f(a, b));
  }
  if (values.length === 0) return undefined;
  return { median: median(values), values };
}

/** A verdict on a paired ratio: its median, and every round's value when there was more than one round. */
function pairedVerdict(label: string, p: ReturnType<typeof paired>, target: number, atLeast = true): void {
  if (p === undefined) return;
  const rounds = p.values.length > 1 ? ` [median of ${p.values.length} rounds: ${p.values.map((v) => fmt(v, 2)).join(", ")}]` : "";
  verdict(`${label}${rounds}`, p.median, target, "×", atLeast);
}

/** Kernel CPU seconds of run `a` beyond run `b` (0 when either did not report it). */
const kernelDifference = (a: Row, b: Row) => (a.m.systemSeconds ?? 0) - (b.m.systemSeconds ?? 0);

const verdicts: string[] = [];
const budgets: string[] = [];

/**
 * What a whole-file target leaves for the parsing itself (decision 0003). `target` is the time the target allows;
 * `keep` is what holding the entries costs: ours whole-file minus ours streaming on the same file (the median of the
 * rounds' differences). It understates that cost (streaming also pays for chunks and events), so the budget it
 * leaves is, if anything, generous. `lines` is the time Node takes to read the same bytes and count their lines.
 */
function budget(what: string, targetName: string, target: number, keep: number, lines: number, keepKernel?: number): string {
  if (keep <= 0)
    return `${what}: ${targetName} allows ${fmt(target, 2)} s; streaming was not faster than whole-file in this run (the host drifted), so what holding the entries costs is not measured; run with --rounds 3`;
  const left = target - keep;
  const kernel = keepKernel === undefined ? "" : ` (the kernel's share, mostly faulting in fresh memory: ${fmt(keepKernel, 2)} s of CPU)`;
  return `${what}: ${targetName} allows ${fmt(target, 2)} s; holding the entries (whole − streaming) takes ${fmt(keep, 2)} s${kernel}; leaves ${fmt(left, 2)} s to read and parse, where Node reading the file and counting its lines alone takes ${fmt(lines, 2)} s${left > 0 ? ` (${fmt((100 * lines) / left)}% of what is left)` : ""}`;
}
const verdict = (label: string, value: number, target: number, unit: string, atLeast = true) =>
  verdicts.push(
    `${label}: ${fmt(value, 2)}${unit} (target ${atLeast ? "≥" : "≤"} ${fmt(target, 2)}${unit}: ${(atLeast ? value >= target : value <= target) ? "met" : "MISSED"})`,
  );

/** Issue 5's bank CSV measurement: `bank-csv-quick.js` in a child, its output shown and its ratios turned into verdicts. */
function bankCsv(mb: number, repeat: number): void {
  const script = fileURLToPath(new URL("./bank-csv-quick.js", import.meta.url));
  console.log(`\ncsv: ${fmt(mb)} MB ICBC-like GB18030 export`);
  const r = spawnSync(process.execPath, ["--expose-gc", script, "--mb", String(mb), "--repeat", String(repeat)], {
    encoding: "utf8",
    maxBuffer: 1 << 26,
  });
  process.stdout.write(r.stdout);
  if (r.status !== 0) {
    console.log(`  bank CSV run failed: ${r.stderr.trim().split("\n").slice(-3).join(" | ")}`);
    return;
  }
  const ratio = /ours takes ([\d.]+)× the time of the faster bare parse \(([^)]+)\)/.exec(r.stdout);
  if (ratio?.[1] !== undefined) verdict(`csv ours time ÷ faster bare parse (${ratio[2]})`, Number(ratio[1]), 1.5, "×", false);
  const oursRow = r.stdout.split("\n").find((line) => /^\s*ours\s/.test(line));
  const peak = oursRow?.trim().split(/\s{2,}/)[4];
  if (peak !== undefined) verdict(`csv ours streaming peak memory on ${fmt(mb)} MB`, Number(peak.replace(/,/g, "")), 150, " MiB", false);
}

async function main(): Promise<void> {
  const workerName = arg("worker", "");
  if (workerName !== "") {
    const m = await worker(workerName, arg("file", ""), arg("kind", "camt") as Kind, Number(arg("repeat", "1")));
    process.stdout.write(`${JSON.stringify(m)}\n`);
    return;
  }
  const mb = Number(arg("mb", "200"));
  const peerMb = Number(arg("peer-mb", "50"));
  const toolMb = Number(arg("tool-mb", "10"));
  const streamMb = Number(arg("stream-mb", "1000"));
  const repeat = Number(arg("repeat", "3"));
  const rounds = Number(arg("rounds", "1"));
  if (!Number.isInteger(rounds) || rounds < 1) {
    console.error(`--rounds must be a whole number of at least 1, not "${arg("rounds", "")}"`);
    process.exit(2);
  }
  const roundsNote = rounds > 1 ? ` (fastest of ${rounds} rounds)` : "";
  const requested = arg("formats", [...KINDS, "csv"].join(",")).split(",");
  const kinds = requested.filter((k): k is Kind => (KINDS as readonly string[]).includes(k));
  console.log(
    `bench:formats — Node ${process.version}; big ${mb} MB, peers ${peerMb} MB, Debian tools ${toolMb} MB, streaming ${streamMb} MB`,
  );
  // Whole-file parses keep every entry, so they touch hundreds of MiB of fresh memory that a streaming parse, a floor
  // or a peer on a smaller heap does not: its price on this host explains much of how ratios move between hosts.
  console.log(
    `this host touches fresh memory at ${fmt(freshMemoryMsPer100MiB())} ms per 100 MiB; "kernel s" is the timed part's kernel CPU time (all threads: reading the file, and page faults), "fresh MiB" the fresh memory it touched (minor page faults)`,
  );

  for (const kind of kinds) {
    const big = await sample(kind, mb);
    const peerFile = await sample(kind, peerMb, kind === "camt" ? "02" : "08");
    const floors = kind === "camt" ? ["floor:saxes", "floor:fast-xml-parser"] : ["floor:readline"];
    // Plan order: 0 ours whole, 1 ours streaming, 2 the first floor.
    const bigGroup = await measureRounds(
      [
        { name: "ours:whole", file: big, repeat },
        { name: "ours:stream", file: big, repeat },
        ...floors.map((f) =>
          f === "floor:fast-xml-parser" ? { name: f, file: big, repeat: 1, once: true } : { name: f, file: big, repeat },
        ),
      ],
      kind,
      rounds,
    );
    print(
      `${kind}: ${fmt(mb)} MB${roundsNote}`,
      bigGroup.best.filter((r): r is Row => r !== undefined),
    );

    // Peers on the peer-sized file, with ours on the same file.
    const peers: Record<Kind, string[]> = {
      camt: ["peer:iso20022.js"],
      mt940: ["peer:mt940-js", "peer:@centrapay/swift-parser", "peer:mt940js"],
      bai2: [],
      ofx1: ["peer:ofx-js", "peer:ofx-js 0.2.0", "peer:node-ofx-parser", "peer:ofx-data-extractor"],
      ofx2: ["peer:ofx-js", "peer:ofx-js 0.2.0", "peer:node-ofx-parser", "peer:ofx-data-extractor"],
    };
    // Plan order: 0 ours whole, 1 ours streaming (beside the peers so the two readings of the targets are measured
    // in the same rounds: decision 0003, option 4), then the peers.
    const FIRST_PEER = 2;
    const peerGroup = await measureRounds(
      [
        { name: "ours:whole", file: peerFile, repeat },
        ...(peers[kind].length > 0 ? [{ name: "ours:stream", file: peerFile, repeat }] : []),
        ...peers[kind].map((p) => ({ name: p, file: peerFile, repeat: 1 })),
      ],
      kind,
      rounds,
    );
    const oursPeer = peerGroup.best[0];
    const peerRows = peerGroup.best.filter((r): r is Row => r !== undefined);
    const peerCount = peerGroup.best.slice(FIRST_PEER).filter((r) => r !== undefined).length;
    // Debian tools on a small file: aqbanking needs a camt.053.001.04 document for its profile.
    const toolFile = await sample(kind, toolMb, kind === "camt" ? "04" : "08");
    const toolOurs = await measure("ours:whole", toolFile, kind, repeat);
    const toolRows: Row[] = toolOurs === undefined ? [] : [toolOurs];
    const entries = toolOurs?.m.items ?? 0;
    const tools: [string, string[]][] = [];
    if (kind === "camt")
      tools.push([
        "aqbanking-cli (camt_053_001_04)",
        ["aqbanking-cli", "import", "--importer=xml", "--profile=camt_053_001_04", "-f", toolFile, "-c", "out.ctx"],
      ]);
    if (kind === "mt940")
      tools.push([
        "aqbanking-cli (SWIFT-MT940)",
        ["aqbanking-cli", "import", "--importer=swift", "--profile=SWIFT-MT940", "-f", toolFile, "-c", "out.ctx"],
      ]);
    if (kind === "ofx1" || kind === "ofx2") {
      tools.push([
        "aqbanking-cli (ofx)",
        ["aqbanking-cli", "import", "--importer=ofx", "--profile=default", "-f", toolFile, "-c", "out.ctx"],
      ]);
      tools.push(["ofxdump", ["ofxdump", toolFile]]);
    }
    for (const [name, command] of tools) {
      const t = tool(name, command, toolFile, entries);
      if (typeof t === "string") console.log(`  ${t}`);
      else toolRows.push({ m: t, bytes: Number(t.note) });
    }
    if (peerCount > 0)
      print(
        `${kind}: JS peers on ${peerMb} MB${kind === "camt" ? " (camt.053.001.02: the only shape iso20022.js reads)" : ""}${roundsNote}`,
        peerRows,
      );
    if (toolRows.length > 1) print(`${kind}: Debian tools on ${toolMb} MB${kind === "camt" ? " (camt.053.001.04)" : ""}`, toolRows);

    // Verdicts against the issues' targets, each a ratio within one round (the median over rounds).
    const fastestPeerIndex = peerGroup.best.reduce<number>((a, r, i) => {
      if (i < FIRST_PEER || r === undefined) return a;
      const current = a < 0 ? undefined : peerGroup.best[a];
      return current === undefined || mbps(r) > mbps(current) ? i : a;
    }, -1);
    const fastestPeer = fastestPeerIndex < 0 ? undefined : peerGroup.best[fastestPeerIndex];
    if (fastestPeer !== undefined && oursPeer !== undefined) {
      pairedVerdict(
        `${kind} ours ÷ fastest JS peer (${fastestPeer.m.name}) on ${peerMb} MB`,
        paired(peerGroup, 0, fastestPeerIndex, (a, b) => mbps(a) / mbps(b)),
        5,
      );
      // Not the issue's verdict (the peers hold whole documents, as ours:whole does): how far streaming, which
      // hands each entry on and holds none, is from the same target, for the owner's question in decision 0003.
      pairedVerdict(
        `${kind} ours streaming ÷ fastest JS peer (${fastestPeer.m.name}) on ${peerMb} MB [for comparison]`,
        paired(peerGroup, 1, fastestPeerIndex, (a, b) => mbps(a) / mbps(b)),
        5,
      );
      // The issue's peer figures were taken with ofx-js 0.2.0; the target as it was set, not the verdict.
      const quoted = peerGroup.best.findIndex((r, i) => i >= FIRST_PEER && r?.m.name === "peer:ofx-js 0.2.0");
      if (quoted >= 0 && quoted !== fastestPeerIndex)
        pairedVerdict(
          `${kind} ours ÷ peer:ofx-js 0.2.0 (the version whose speeds issue 4 quotes) on ${peerMb} MB [for comparison]`,
          paired(peerGroup, 0, quoted, (a, b) => mbps(a) / mbps(b)),
          5,
        );
      const floor = bigGroup.best[2];
      const keep = paired(peerGroup, 0, 1, (a, b) => a.m.seconds - b.m.seconds);
      const whole = paired(peerGroup, 0, fastestPeerIndex, (a, b) => mbps(a) / mbps(b));
      // Only for a missed target (the question is what it would take), and only when streaming was the faster.
      if (floor !== undefined && keep !== undefined && whole !== undefined && whole.median < 5)
        budgets.push(
          budget(
            `${kind}, ${fmt(peerMb)} MB`,
            `5× ${fastestPeer.m.name}`,
            fastestPeer.m.seconds / 5,
            keep.median,
            oursPeer.bytes / 1e6 / mbps(floor),
            paired(peerGroup, 0, 1, kernelDifference)?.median,
          ),
        );
    }
    const fastestTool = toolRows.slice(1).reduce<Row | undefined>((a, r) => (a === undefined || mbps(r) > mbps(a) ? r : a), undefined);
    if (fastestTool !== undefined && toolOurs !== undefined)
      verdict(`${kind} ours ÷ fastest Debian tool (${fastestTool.m.name})`, mbps(toolOurs) / mbps(fastestTool), 1, "×");
    if (kind === "camt") {
      pairedVerdict(
        "camt ours whole-file ÷ bare saxes pass",
        paired(bigGroup, 0, 2, (a, b) => mbps(a) / mbps(b)),
        1,
      );
      pairedVerdict(
        "camt ours streaming ÷ bare saxes pass",
        paired(bigGroup, 1, 2, (a, b) => mbps(a) / mbps(b)),
        1,
      );
    }
    if (kind === "bai2") {
      pairedVerdict(
        "bai2 line-count floor ÷ ours whole-file",
        paired(bigGroup, 2, 0, (a, b) => mbps(a) / mbps(b)),
        3,
        false,
      );
      pairedVerdict(
        "bai2 line-count floor ÷ ours streaming",
        paired(bigGroup, 2, 1, (a, b) => mbps(a) / mbps(b)),
        3,
        false,
      );
      const floor = bigGroup.best[2];
      const keep = paired(bigGroup, 0, 1, (a, b) => a.m.seconds - b.m.seconds);
      const whole = paired(bigGroup, 2, 0, (a, b) => mbps(a) / mbps(b));
      if (floor !== undefined && keep !== undefined && whole !== undefined && whole.median > 3)
        budgets.push(
          budget(
            `bai2, ${fmt(mb)} MB`,
            "3× the line count",
            floor.m.seconds * 3,
            keep.median,
            floor.m.seconds,
            paired(bigGroup, 0, 1, kernelDifference)?.median,
          ),
        );
    }

    if (streamMb > 0) {
      const huge = await sample(kind, streamMb);
      const s = await measure("ours:stream", huge, kind, 1);
      if (s !== undefined) {
        print(`${kind}: streaming ${fmt(streamMb)} MB`, [s]);
        verdict(`${kind} streaming peak memory on ${fmt(s.bytes / 1e6)} MB`, s.m.peakMiB, 150, " MiB", false);
      }
    }
  }
  if (requested.includes("csv")) bankCsv(mb, repeat);
  console.log("\nTargets (issues 3, 4 and 5):");
  for (const v of verdicts) console.log(`  ${v}`);
  if (budgets.length > 0) {
    console.log("\nWhat the whole-file targets leave for parsing (decision 0003):");
    for (const b of budgets) console.log(`  ${b}`);
  }
}

await main();
