/**
 * `bankbridge start`: open (and migrate) the database, make sure an admin API key exists, serve the API
 * until SIGINT or SIGTERM, then shut down in order: server first, database last.
 *
 * @module
 */
import type { Command } from "commander";
import { CONFIG_DEFAULTS, resolveConfig } from "../../config.js";
import { createHub } from "../../hub.js";
import { type CommandContext, createCliLogger, waitForProcessSignal } from "../io.js";
import { storeOptions } from "./options.js";

interface StartOptions {
  readonly data?: string;
  readonly db?: string;
  readonly port?: string;
  readonly host?: string;
}

/** Adds `start` to `program`. */
export function registerStartCommand(program: Command, { io }: CommandContext): void {
  storeOptions(program.command("start").description("start the API server; creates and migrates the database on first start"))
    .option("--port <port>", `TCP port of the API, 0 for any free port (env BANKBRIDGE_PORT; default ${CONFIG_DEFAULTS.port})`)
    .option("--host <host>", `interface to listen on (env BANKBRIDGE_HOST; default ${CONFIG_DEFAULTS.host}, loopback only)`)
    .action(async (options: StartOptions) => {
      const config = resolveConfig({ flags: options, env: io.env, cwd: io.cwd });
      const log = createCliLogger(io);
      const hub = await createHub(config, { log });
      try {
        await hub.start();
        const signal = await (io.waitForShutdown ?? waitForProcessSignal)();
        log.info(`${signal} received; shutting down`);
      } finally {
        await hub.stop();
      }
      log.info("stopped");
    });
}
