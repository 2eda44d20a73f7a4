#!/usr/bin/env node
/**
 * The `bankbridge` executable: hands the process to {@link runCli} and nothing else.
 *
 * @module
 */
import { runCli } from "./run-cli.js";

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
});
