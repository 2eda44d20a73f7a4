/**
 * The `bankbridge` command line as a function: arguments and an {@link CliIo} in, exit status out. `main.ts`
 * is the only caller that touches `process`; tests call this directly.
 *
 * Exit status: 0 success; 2 for any error, usage error or rejected input. An error is one line
 * `error CODE: message` on stderr, never a stack trace unless `--debug` is given.
 *
 * @module
 */
import { Command, CommanderError } from "commander";
import { HubError } from "../core/index.js";
import { hubVersion } from "../hub.js";
import { registerDbCommand } from "./commands/db-migrate.js";
import { registerImportCommand } from "./commands/import.js";
import { registerParseCommand } from "./commands/parse.js";
import { registerProfileCommand } from "./commands/profile.js";
import { registerSandboxCommand } from "./commands/sandbox.js";
import { registerStartCommand } from "./commands/start.js";
import { type CliIo, type CommandContext, oneLine, printError } from "./io.js";

/** Exit status for every failure: errors, usage errors and rejected input. */
export const EXIT_FAILURE = 2;

// Commander reports these when it printed what was asked for (help, version); they are successes.
// ("commander.help" is both: `bankbridge help` exits 0, a missing subcommand exits 1.)
const INFORMATIONAL = new Set(["commander.helpDisplayed", "commander.version"]);

const ENVIRONMENT_HELP = `
Environment:
  BANKBRIDGE_DATA    data directory (--data)
  BANKBRIDGE_DB      database URL (--db)
  BANKBRIDGE_PORT    API port (--port)
  BANKBRIDGE_HOST    API interface (--host)
  BANKBRIDGE_TENANT  tenant for import (--tenant)

Exit status: 0 on success, 2 on any error (one line "error CODE: message" on stderr).`;

/**
 * Runs the CLI with `argv` (without the node and script paths) and returns the exit status.
 *
 * @example process.exitCode = await runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() })
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let exitCode = 0;
  const program = new Command("bankbridge");
  const ctx: CommandContext = {
    io,
    debug: () => program.opts<{ debug?: boolean }>().debug === true || argv.includes("--debug"),
    setExitCode: (code) => {
      exitCode = code;
      io.onExitCode?.(code);
    },
  };
  // Output and exit behaviour first: commander copies them into every command added afterwards.
  program
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      // Commander's own error text is replaced by our one line (see below); help shown on error is dropped too.
      writeErr: () => {},
      outputError: () => {},
    })
    .description("BankBridge: connects business systems (ERP, accounting, treasury) to their banks.")
    .version(hubVersion(), "-V, --version", "print the version")
    .option("--debug", "print stack traces and causes with errors")
    .helpOption("-h, --help", "show help for a command")
    .addHelpText("after", ENVIRONMENT_HELP);
  registerStartCommand(program, ctx);
  registerDbCommand(program, ctx);
  registerImportCommand(program, ctx);
  registerParseCommand(program, ctx);
  registerProfileCommand(program, ctx);
  registerSandboxCommand(program, ctx);

  try {
    await program.parseAsync([...argv], { from: "user" });
    return exitCode;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (INFORMATIONAL.has(e.code) || (e.code === "commander.help" && e.exitCode === 0)) return 0;
      printError(io, usageError(e, program, argv), false);
      io.onExitCode?.(EXIT_FAILURE);
      return EXIT_FAILURE;
    }
    printError(io, e, ctx.debug());
    io.onExitCode?.(EXIT_FAILURE);
    return EXIT_FAILURE;
  }
}

/** A commander complaint as a `USAGE` error, with a pointer to the right help. */
function usageError(e: CommanderError, program: Command, argv: readonly string[]): HubError {
  const path = commandPath(program, argv);
  const help = `run '${["bankbridge", ...path].join(" ")} --help'`;
  if (e.code === "commander.help") {
    // A command that only groups others (`bankbridge`, `bankbridge db`) was run without one.
    return new HubError("USAGE", `missing command; ${help} to list them`, { cause: e });
  }
  const message = oneLine(e.message.replace(/^error:\s*/, ""));
  return new HubError("USAGE", `${message}; ${help}`, { cause: e });
}

/** Names of the (sub)commands `argv` selects, in order: `["db", "migrate"]`. */
function commandPath(program: Command, argv: readonly string[]): string[] {
  const path: string[] = [];
  let current = program;
  for (const arg of argv) {
    if (arg.startsWith("-")) continue;
    const next = current.commands.find((c) => c.name() === arg || c.aliases().includes(arg));
    if (next === undefined) break;
    path.push(next.name());
    current = next;
  }
  return path;
}
