/**
 * `bankbridge db migrate`: bring the database schema to the latest version and say what changed.
 *
 * @module
 */
import type { Command } from "commander";
import { resolveConfig } from "../../config.js";
import { openMigratedStore } from "../../hub.js";
import { redactUrl } from "../../store/index.js";
import type { CommandContext } from "../io.js";
import { storeOptions } from "./options.js";

interface MigrateOptions {
  readonly data?: string;
  readonly db?: string;
}

/** Adds `db migrate` to `program`. */
export function registerDbCommand(program: Command, { io }: CommandContext): void {
  const db = program.command("db").description("database maintenance");
  storeOptions(db.command("migrate").description("apply pending database migrations (start does this too)")).action(
    async (options: MigrateOptions) => {
      const config = resolveConfig({ flags: options, env: io.env, cwd: io.cwd });
      const { store, migrations } = await openMigratedStore(config);
      await store.destroy();
      io.stdout.write(`database ${redactUrl(config.db)}\n`);
      for (const name of migrations.applied) io.stdout.write(`applied ${name}\n`);
      io.stdout.write(
        migrations.applied.length === 0
          ? `up to date at ${migrations.current ?? "(no migrations)"}\n`
          : `now at ${migrations.current ?? "(no migrations)"}\n`,
      );
    },
  );
}
