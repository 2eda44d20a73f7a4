/**
 * The `bankbridge` command line.
 *
 * @module
 */
export type { CliIo, CommandContext, TextSink } from "./io.js";
export { EXIT_FAILURE, runCli } from "./run-cli.js";
