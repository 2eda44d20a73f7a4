/**
 * `bankbridge sandbox`: start the simulated banks (`@bankbridge/sandbox`) on the loopback address, print
 * every endpoint with its credentials, optionally write them as JSON, and serve until SIGINT/SIGTERM.
 * `bankbridge start` starts the same sandbox beside the API unless told not to.
 *
 * The hub does not depend on the sandbox at build time (the sandbox depends on the hub's model and
 * writers); it loads it at run time through {@link loadSandbox}.
 *
 * @module
 */
import { readFile, rename, writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import type { Command } from "commander";
import { HubError } from "../../core/index.js";
import type { Logger } from "../../hub.js";
import { type CliIo, type CommandContext, createCliLogger, waitForProcessSignal } from "../io.js";

/** The part of `@bankbridge/sandbox` the CLI uses. */
interface SandboxModule {
  parseSandboxScenario(input: unknown): { ok: true; scenario: unknown } | { ok: false; code: string; message: string };
  startSandbox(options: {
    seed: string;
    historyDays: number;
    scenario?: unknown;
    portBase: number;
    logger?: { info(m: string, f?: Readonly<Record<string, unknown>>): void; warn(m: string, f?: Readonly<Record<string, unknown>>): void };
  }): Promise<{ readonly endpoints: readonly unknown[]; close(): Promise<void> }>;
  endpointsDocument(meta: { seed: string; start: string; historyDays: number }, endpoints: readonly unknown[]): unknown;
  formatEndpoints(doc: unknown, endpointsFile?: string): string;
  DEFAULT_START: string;
}

async function loadSandbox(): Promise<SandboxModule> {
  // A computed specifier: TypeScript must not follow it (the sandbox is built after the hub).
  const specifier = ["@bankbridge", "sandbox"].join("/");
  try {
    return (await import(specifier)) as SandboxModule;
  } catch (e) {
    throw new HubError(
      "SANDBOX_UNAVAILABLE",
      "the sandbox package @bankbridge/sandbox is not installed; run npm ci, or start with --no-sandbox",
      {
        cause: e,
      },
    );
  }
}

/** What the sandbox is started with, as the CLI parsed it. */
export interface SandboxLaunch {
  readonly seed: string;
  readonly days: number;
  readonly portBase: number;
  readonly scenarioFile?: string;
  readonly endpointsFile?: string;
  /** Simulated ms per real ms; overrides the scenario's `clock.speed`. */
  readonly speed?: number;
}

/** A running sandbox as the CLI holds it. */
export interface LaunchedSandbox {
  close(): Promise<void>;
}

/**
 * Starts the sandbox, prints its endpoints to stdout and writes the endpoints file (mode 0600: it holds
 * credentials). Throws `SCENARIO_INVALID`, `FILE_NOT_FOUND`, `PORT_IN_USE` or `SANDBOX_UNAVAILABLE`.
 */
export async function launchSandbox(launch: SandboxLaunch, io: CliIo, log: Logger): Promise<LaunchedSandbox> {
  const sandbox = await loadSandbox();
  let scenario: unknown;
  if (launch.scenarioFile !== undefined) {
    const path = resolve(io.cwd, launch.scenarioFile);
    let text: string;
    try {
      text = await readFile(path, "utf8");
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code === "ENOENT" ? "FILE_NOT_FOUND" : "FILE_UNREADABLE";
      throw new HubError(code, `cannot read the scenario file ${path}`, { cause: e });
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (e) {
      throw new HubError("SCENARIO_INVALID", `${path} is not JSON: ${(e as Error).message}`, { cause: e });
    }
    const parsed = sandbox.parseSandboxScenario(json);
    if (!parsed.ok) throw new HubError("SCENARIO_INVALID", `${path}: ${parsed.message}`);
    scenario = parsed.scenario;
  }
  if (launch.speed !== undefined) {
    const base = (scenario ?? {}) as { clock?: Record<string, unknown> };
    scenario = { ...base, clock: { ...base.clock, speed: launch.speed } };
  }
  let running: Awaited<ReturnType<SandboxModule["startSandbox"]>>;
  try {
    running = await sandbox.startSandbox({
      seed: launch.seed,
      historyDays: launch.days,
      portBase: launch.portBase,
      logger: log,
      ...(scenario === undefined ? {} : { scenario }),
    });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EADDRINUSE")
      throw new HubError(
        "PORT_IN_USE",
        `a sandbox port from ${launch.portBase} on is already in use; choose another --port-base (0 for free ports)`,
        {
          cause: e,
        },
      );
    throw e;
  }
  const start = (scenario as { clock?: { start?: string } } | undefined)?.clock?.start ?? sandbox.DEFAULT_START;
  const doc = sandbox.endpointsDocument({ seed: launch.seed, start, historyDays: launch.days }, running.endpoints);
  let written: string | undefined;
  if (launch.endpointsFile !== undefined) {
    written = resolve(io.cwd, launch.endpointsFile);
    try {
      // Written beside and renamed into place: a script polling for the file never reads half of it.
      await writeFile(`${written}.part`, `${JSON.stringify(doc, null, 2)}\n`, { mode: 0o600 });
      await rename(`${written}.part`, written);
    } catch (e) {
      await running.close();
      throw new HubError("FILE_UNREADABLE", `cannot write the endpoints file ${written}`, { cause: e });
    }
  }
  io.stdout.write(sandbox.formatEndpoints(doc, written));
  return running;
}

/** Parses `--speed` (a number from 0 to 1,000,000) or throws CONFIG_INVALID. */
export function speedOption(value: string): number {
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n) || n < 0 || n > 1_000_000)
    throw new HubError("CONFIG_INVALID", `--speed must be a number from 0 to 1000000, got "${value}"`);
  return n;
}

/** Parses a non-negative integer option or throws CONFIG_INVALID naming it. */
export function integerOption(name: string, value: string | undefined, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n > max)
    throw new HubError("CONFIG_INVALID", `${name} must be a whole number from 0 to ${max}, got "${value}"`);
  return n;
}

interface SandboxFlags {
  readonly seed?: string;
  readonly scenario?: string;
  readonly days?: string;
  readonly endpoints?: string;
  readonly portBase?: string;
  readonly speed?: string;
}

/** Adds `sandbox` to `program`. */
export function registerSandboxCommand(program: Command, { io }: CommandContext): void {
  program
    .command("sandbox")
    .description("start the simulated banks (银企直连 dialects, PSD2, SFTP, push) on 127.0.0.1 and print their endpoints")
    .option("--seed <seed>", "everything the banks hold follows from the seed (default 1)")
    .option("--scenario <file>", "scenario JSON: simulated clock and fault injection (docs/sandbox.md)")
    .option("--days <n>", "days of history before the simulated start (default 30)")
    .option("--endpoints <file>", "also write the endpoints and credentials as JSON to this file")
    .option("--port-base <n>", "first port; services take fixed offsets from it, 0 for free ports (default 8180)")
    .option(
      "--speed <x>",
      "simulated time per real time (60: a simulated minute per second); default 0, time moves only through the admin API",
    )
    .action(async (flags: SandboxFlags) => {
      const log = createCliLogger(io);
      const launch: SandboxLaunch = {
        seed: flags.seed ?? "1",
        days: integerOption("--days", flags.days, 30, 3660),
        portBase: integerOption("--port-base", flags.portBase, 8180, 65_000),
        ...(flags.scenario === undefined ? {} : { scenarioFile: flags.scenario }),
        ...(flags.endpoints === undefined ? {} : { endpointsFile: flags.endpoints }),
        ...(flags.speed === undefined ? {} : { speed: speedOption(flags.speed) }),
      };
      const running = await launchSandbox(launch, io, log);
      try {
        const signal = await (io.waitForShutdown ?? waitForProcessSignal)();
        log.info(`${signal} received; stopping the sandbox`);
      } finally {
        await running.close();
      }
    });
}
