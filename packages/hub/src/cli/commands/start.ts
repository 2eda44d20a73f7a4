/**
 * `bankbridge start`: open (and migrate) the database, make sure an admin API key exists, serve the API
 * and, unless `--no-sandbox` (or `BANKBRIDGE_SANDBOX=off`), the simulated banks beside it, until SIGINT or
 * SIGTERM; then shut down in order: sandbox and server first, database last.
 *
 * @module
 */
import { join } from "node:path";
import type { Command } from "commander";
import { CONFIG_DEFAULTS, resolveConfig } from "../../config.js";
import { createHub } from "../../hub.js";
import { type CommandContext, createCliLogger, waitForProcessSignal } from "../io.js";
import { storeOptions } from "./options.js";
import { integerOption, type LaunchedSandbox, launchSandbox, speedOption } from "./sandbox.js";

interface StartOptions {
  readonly data?: string;
  readonly db?: string;
  readonly port?: string;
  readonly host?: string;
  /** False with `--no-sandbox`. */
  readonly sandbox?: boolean;
  readonly sandboxPortBase?: string;
  readonly seed?: string;
  readonly speed?: string;
}

/** Adds `start` to `program`. */
export function registerStartCommand(program: Command, { io }: CommandContext): void {
  storeOptions(program.command("start").description("start the API server; creates and migrates the database on first start"))
    .option("--port <port>", `TCP port of the API, 0 for any free port (env BANKBRIDGE_PORT; default ${CONFIG_DEFAULTS.port})`)
    .option("--host <host>", `interface to listen on (env BANKBRIDGE_HOST; default ${CONFIG_DEFAULTS.host}, loopback only)`)
    .option("--no-sandbox", "do not start the simulated banks (env BANKBRIDGE_SANDBOX=off)")
    .option("--sandbox-port-base <n>", "first port of the simulated banks, 0 for free ports (default 8180)")
    .option("--seed <seed>", "seed of the simulated banks (default 1)")
    .option("--speed <x>", "simulated time per real time for the simulated banks (default 0: moves only through their admin API)")
    .action(async (options: StartOptions) => {
      const config = resolveConfig({ flags: options, env: io.env, cwd: io.cwd });
      const withSandbox = options.sandbox !== false && !/^(off|0|false|no)$/i.test(io.env.BANKBRIDGE_SANDBOX ?? "");
      const sandboxPortBase = integerOption("--sandbox-port-base", options.sandboxPortBase, 8180, 65_000);
      const speed = options.speed === undefined ? undefined : speedOption(options.speed);
      const log = createCliLogger(io);
      const hub = await createHub(config, { log });
      let sandbox: LaunchedSandbox | undefined;
      try {
        await hub.start();
        if (withSandbox) {
          sandbox = await launchSandbox(
            {
              seed: options.seed ?? "1",
              days: 30,
              portBase: sandboxPortBase,
              endpointsFile: join(config.dataDir, "sandbox-endpoints.json"),
              ...(speed === undefined ? {} : { speed }),
            },
            io,
            log,
          );
        }
        const signal = await (io.waitForShutdown ?? waitForProcessSignal)();
        log.info(`${signal} received; shutting down`);
      } finally {
        await sandbox?.close();
        await hub.stop();
      }
      log.info("stopped");
    });
}
