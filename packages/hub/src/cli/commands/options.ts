/**
 * Options several commands share, declared once so their names and help texts never drift apart.
 *
 * @module
 */
import type { Command } from "commander";
import { CONFIG_DEFAULTS } from "../../config.js";

/** `--data` and `--db`: where the hub keeps its state. */
export function storeOptions(command: Command): Command {
  return command
    .option(
      "--data <dir>",
      `data directory for the SQLite database and the admin API key (env BANKBRIDGE_DATA; default ${CONFIG_DEFAULTS.dataDir})`,
    )
    .option(
      "--db <url>",
      "database: postgres://user@host:5432/db, sqlite:/path/file.db or a file path (env BANKBRIDGE_DB; default SQLite in the data directory)",
    );
}
