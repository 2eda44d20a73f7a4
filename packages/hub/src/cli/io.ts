/**
 * What the CLI touches in the outside world, passed in so tests run commands in-process, and how it talks:
 * errors as one `error CODE: message` line, logs as timestamped lines.
 *
 * @module
 */
import { toHubError } from "../core/index.js";
import type { Logger } from "../hub.js";

/** A stream the CLI writes text to (`process.stdout` fits). */
export interface TextSink {
  /**
   * Writes `text`, or bytes (`parse --out-encoding`); `false` means the stream's buffer is full (see {@link once}).
   */
  write(text: string | Uint8Array): unknown;
  /**
   * Registers a listener for `drain`. Where it exists, a command that writes a lot (`parse` of a large file) waits
   * for `drain` when `write` returned `false`, so output to a slow pipe never piles up in memory.
   */
  once?(event: "drain", listener: () => void): unknown;
}

/** The CLI's view of its process. */
export interface CliIo {
  readonly stdout: TextSink;
  readonly stderr: TextSink;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Directory relative paths on the command line are resolved against. */
  readonly cwd: string;
  /**
   * Resolves with the signal's name when the process should shut down. `start` waits on it.
   * @default the first SIGINT or SIGTERM of this process
   */
  readonly waitForShutdown?: () => Promise<string>;
  /** Clock for log lines. @default () => new Date() */
  readonly now?: () => Date;
  /**
   * Told every exit status a command sets, as it sets it: a process stopped before the command returns (its
   * output pipe closed by `head`) exits with the status so far.
   */
  readonly onExitCode?: (code: number) => void;
}

/** What a command's action gets from {@link runCli} besides its arguments. */
export interface CommandContext {
  readonly io: CliIo;
  /** True when `--debug` was given: print stacks and causes with errors. */
  debug(): boolean;
  /** The process's exit status when the command returns normally (errors thrown give 2). */
  setExitCode(code: number): void;
}

/**
 * Writes `error CODE: message` (one line) for any thrown value; with `debug`, also the stack and every
 * cause below it. Never prints `details`: they are for machines and could be long.
 */
export function printError(io: Pick<CliIo, "stderr">, error: unknown, debug: boolean): void {
  const e = toHubError(error);
  io.stderr.write(`error ${e.code}: ${oneLine(e.message)}\n`);
  if (!debug) return;
  let current: unknown = error;
  for (let depth = 0; current !== undefined && depth < 10; depth++) {
    const text = current instanceof Error ? (current.stack ?? `${current.name}: ${current.message}`) : String(current);
    io.stderr.write(`${depth === 0 ? "" : "caused by: "}${text}\n`);
    current = current instanceof Error ? current.cause : undefined;
  }
}

/** Collapses line breaks so a message from a driver or a file can never break the one-line rule. */
export function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, " ").trim();
}

/** A logger writing `TIME LEVEL message {fields}` lines: info to stdout, warnings and errors to stderr. */
export function createCliLogger(io: Pick<CliIo, "stdout" | "stderr" | "now">): Logger {
  const now = io.now ?? (() => new Date());
  const line = (level: string, message: string, fields?: Readonly<Record<string, unknown>>) =>
    `${now().toISOString()} ${level} ${message}${fields === undefined || Object.keys(fields).length === 0 ? "" : ` ${JSON.stringify(fields)}`}\n`;
  return {
    info: (message, fields) => io.stdout.write(line("info", message, fields)),
    warn: (message, fields) => io.stderr.write(line("warn", message, fields)),
    error: (message, fields) => io.stderr.write(line("error", message, fields)),
  };
}

/** Waits for the first SIGINT or SIGTERM; the handlers are removed then, so a second Ctrl-C ends the process at once. */
export function waitForProcessSignal(): Promise<string> {
  return new Promise((resolve) => {
    const on = (signal: NodeJS.Signals) => {
      process.off("SIGINT", on);
      process.off("SIGTERM", on);
      resolve(signal);
    };
    process.on("SIGINT", on);
    process.on("SIGTERM", on);
  });
}
