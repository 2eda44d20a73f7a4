#!/usr/bin/env node
/**
 * The `bankbridge` executable: hands the process to {@link runCli} and nothing else.
 *
 * @module
 */
import { runCli } from "./run-cli.js";

// A reader that stops early (`bankbridge parse big.xml | head`) closes the pipe: that ends the output, quietly,
// as for any Unix tool, instead of an unhandled EPIPE error, with the exit status the command has set so far.
let statusSoFar = 0;
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(statusSoFar);
  throw error;
});

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
  onExitCode: (code) => {
    statusSoFar = code;
  },
});
