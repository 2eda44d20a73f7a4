/**
 * Measurement plumbing shared by benchmarks: each measurement runs in its own child process so its peak
 * memory is its own, and reports one JSON line back.
 *
 * @module
 */
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** What one measured run reports. */
export interface Measurement {
  readonly name: string;
  readonly items: number;
  readonly seconds: number;
  /** Peak resident set size of the measuring process, in MiB. */
  readonly peakMiB: number;
  /**
   * CPU seconds this process spent in the timed part (user + system). On a shared machine wall time swings
   * with other load; CPU time much less. Counts only this process (not a database server's work).
   */
  readonly cpuSeconds?: number;
  /**
   * Kernel CPU seconds of the timed part, all threads (the garbage collector's helpers fault pages too): reading
   * the input, and page faults, which on this kind of host are dear (the hypervisor charges for every page of fresh
   * memory touched). A whole-file parse's kernel time is mostly its faults; a streaming parse's, its reads.
   */
  readonly systemSeconds?: number;
  /** Minor page faults of the timed part: pages of fresh memory touched (4 KiB each on x86-64 Linux). */
  readonly minorFaults?: number;
  readonly note?: string;
}

/**
 * CPU seconds of this process's main thread so far: the scheduler's count on Linux, else the process's. Other
 * processes on a shared machine inflate wall time but hardly this, so builds are compared on it.
 */
export function mainThreadSeconds(): number {
  const stat = `/proc/self/task/${process.pid}/schedstat`;
  if (existsSync(stat)) return Number(readFileSync(stat, "utf8").split(" ")[0]) / 1e9;
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

/** CPU seconds (user + system) this process has used so far. */
export function cpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

/** Kernel CPU seconds and minor page faults of this process so far (see {@link Measurement.systemSeconds}). */
export function kernelUsage(): { systemSeconds: number; minorFaults: number } {
  const u = process.resourceUsage();
  return { systemSeconds: u.systemCPUTime / 1e6, minorFaults: u.minorPageFault };
}

/**
 * Milliseconds this host takes to touch 100 MiB of fresh memory for the first time, measured on 256 MiB: the price
 * of every page a whole-file parse keeps, which differs from host to host far more than the price of computing.
 */
export function freshMemoryMsPer100MiB(): number {
  const size = 256 * 1024 * 1024;
  // allocUnsafeSlow: a fresh allocation of its own (mmap-backed at this size), not a slice of Node's pool.
  const b = Buffer.allocUnsafeSlow(size);
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < size; i += 4096) b[i] = 1;
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  return (ms * 100) / 256;
}

/** Peak RSS of this process so far, in MiB. */
export function peakMiB(): number {
  return process.resourceUsage().maxRSS / 1024;
}

/** Runs `script` (a compiled bench file) with `args` in a fresh Node process and returns its measurement. */
export async function inChild(scriptUrl: string, args: readonly string[]): Promise<Measurement> {
  const script = fileURLToPath(scriptUrl);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--expose-gc", script, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    // A failing peer can print megabytes (one dumped its whole parse tree); keep the end, which says why.
    let err = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString("utf8");
    });
    child.stderr.on("data", (d: Buffer) => {
      err = (err + d.toString("utf8")).slice(-2000);
    });
    child.on("error", reject);
    child.on("close", (code) => {
      const line = out.trim().split("\n").pop() ?? "";
      if (code !== 0) return reject(new Error(`${args.join(" ")} exited with ${code}: ${(err || out).slice(-300).replace(/\s+/g, " ")}`));
      try {
        resolve(JSON.parse(line) as Measurement);
      } catch {
        reject(new Error(`no measurement from ${args.join(" ")}: ${out.slice(-500)}`));
      }
    });
  });
}

/** The median of `values` (not empty): the middle one, or the mean of the two middle ones. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Formats a number with thousands separators. */
export function fmt(n: number, digits = 0): string {
  return n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

/** Prints a fixed-width table. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join("  ");
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

/** The value after `--name` on the command line, or `fallback`. */
export function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}
