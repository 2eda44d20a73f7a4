/**
 * Options several commands share, declared once so their names and help texts never drift apart.
 *
 * @module
 */
import type { Command } from "commander";
import { CONFIG_DEFAULTS } from "../../config.js";
import { type CurrencyCode, HubError, toCurrencyCode } from "../../core/index.js";

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

/**
 * `--date-order`: the order of numeric dates, for formats that do not say it (QIF): day and month (`dmy`, `mdy`),
 * or the year first in six-digit dates (`ymd`, YYMMDD), which no day-month order can say.
 */
export function dateOrderOption(command: Command): Command {
  return command.option(
    "--date-order <order>",
    "order of dates like 03/04/2024 or 241231 in files that do not say it (QIF): auto (decided per file from its dates), dmy, mdy or ymd (six-digit dates year first, YYMMDD)",
    "auto",
  );
}

/** `--currency`: the currency of files that state none (QIF). */
export function currencyOption(command: Command): Command {
  return command.option("--currency <code>", "currency of the amounts in files that state none (QIF): an ISO 4217 code such as EUR");
}

/** The format options `--currency` gives (`{ currency: "EUR" }`), none without it; a `USAGE` error for an unknown code. */
export function currencyFormatOptions(value: string | undefined): { readonly currency?: CurrencyCode } {
  if (value === undefined) return {};
  const code = toCurrencyCode(value);
  if (code === undefined) throw new HubError("USAGE", `--currency ${value}: not an ISO 4217 currency code`);
  return { currency: code };
}

/**
 * The format options `--date-order` gives (`{ dateOrder: "DMY" }`), none for `auto`; a `USAGE` error for
 * anything else.
 */
export function dateOrderFormatOptions(value: string | undefined): { readonly dateOrder?: "DMY" | "MDY" | "YMD" } {
  const v = (value ?? "auto").toLowerCase();
  if (v === "auto") return {};
  if (v === "dmy" || v === "mdy" || v === "ymd") return { dateOrder: v === "dmy" ? "DMY" : v === "mdy" ? "MDY" : "YMD" };
  throw new HubError("USAGE", `--date-order ${value}: use auto, dmy, mdy or ymd`);
}
