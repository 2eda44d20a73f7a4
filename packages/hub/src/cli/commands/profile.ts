/**
 * `bankbridge profile suggest FILE`: proposes a mapping profile for a bank CSV or Excel export no built-in
 * profile knows, prints per column what it chose, how sure it is and why, and writes the profile as JSON for the
 * user to check and edit. Also the `--profile FILE` option that `parse` and `import` share: loading, validating
 * (one `error PROFILE_INVALID: file: /path: message` line per mistake) and choosing the format that reads it.
 *
 * @module
 */
import { writeFile } from "node:fs/promises";
import { basename, resolve } from "node:path";
import type { Command } from "commander";
import { bankCsvFormat, type MappingProfile, validateProfile } from "../../formats/bank-csv/index.js";
import { columnName, excelFormats, workbookKind } from "../../formats/excel/index.js";
import { builtinFormats, createFormatRegistry, type FormatRegistry, type StatementFormat } from "../../formats/index.js";
import { type DocumentSuggestion, SuggestError, suggestDocument } from "../../formats/profile-suggest/index.js";
import { type CommandContext, oneLine, printError } from "../io.js";
import { readInput } from "./read-input.js";

interface SuggestOptions {
  readonly out?: string;
  readonly encoding?: string;
  readonly delimiter?: string;
  readonly sheet?: string;
  readonly currency?: string;
  readonly id?: string;
  readonly name?: string;
}

/** Adds `profile suggest` to `program`. */
export function registerProfileCommand(program: Command, ctx: CommandContext): void {
  const { io } = ctx;
  const profile = program.command("profile").description("mapping profiles for bank CSV and Excel exports (docs/profiles.md)");
  profile
    .command("suggest")
    .description(
      "propose a mapping profile for an export no built-in profile reads: from its header names and column contents, with a confidence and the evidence per column",
    )
    .argument("<file>", "a CSV export or an Excel workbook (.xlsx, .xls)")
    .option("--out <file>", "write the profile (JSON) to this file; without it the profile goes to stdout and the summary to stderr")
    .option("--encoding <label>", "CSV only: auto, utf-8, gb18030, utf-16le, windows-1252, …", "auto")
    .option("--delimiter <char>", "CSV only: the cell delimiter instead of detecting it (, ; | or \\t for a tab)")
    .option("--sheet <name>", "Excel only: the sheet to read, by name or 1-based number (default: the first sheet with data)")
    .option("--currency <code>", "the account's currency when the export has no currency column (ISO 4217, e.g. CNY)")
    .option("--id <id>", "the profile's id (lower-case letters, digits and -)", "suggested")
    .option("--name <name>", "the profile's name")
    .addHelpText(
      "after",
      "\nExample:\n  bankbridge profile suggest export.csv --out my-bank.json\n  bankbridge parse --profile my-bank.json export.csv\n\nExit status: 0 when a profile was written, 2 when the file could not be read or no table with dates was found.",
    )
    .action(async (file: string, options: SuggestOptions) => {
      const bytes = await readInput(resolve(io.cwd, file), file);
      const delimiter = options.delimiter === "\\t" || options.delimiter === "tab" ? "\t" : options.delimiter;
      if (delimiter !== undefined && delimiter.length !== 1) {
        io.stderr.write(`error USAGE: --delimiter must be one character (or \\t); run 'bankbridge profile suggest --help'\n`);
        ctx.setExitCode(2);
        return;
      }
      const sheet = options.sheet === undefined ? undefined : /^\d+$/.test(options.sheet) ? Number(options.sheet) : options.sheet;
      let suggestion: DocumentSuggestion;
      try {
        suggestion = suggestDocument(bytes, {
          filename: basename(file),
          ...(options.encoding === undefined ? {} : { encoding: options.encoding }),
          ...(delimiter === undefined ? {} : { delimiter }),
          ...(sheet === undefined ? {} : { sheet }),
          ...(options.currency === undefined ? {} : { currency: options.currency.toUpperCase() }),
          ...(options.id === undefined ? {} : { id: options.id }),
          ...(options.name === undefined ? {} : { name: options.name }),
        });
      } catch (e) {
        if (!(e instanceof SuggestError)) throw e;
        io.stderr.write(`error ${e.code}: ${file}: ${oneLine(e.message)}\n`);
        ctx.setExitCode(2);
        return;
      }
      const summary = describe(file, suggestion);
      if (suggestion.profile === undefined) {
        io.stderr.write(summary);
        io.stderr.write(
          `error PROFILE_NOT_INFERRED: ${file}: ${oneLine(suggestion.notes[suggestion.notes.length - 1] ?? "no profile could be inferred")}\n`,
        );
        ctx.setExitCode(2);
        return;
      }
      const json = `${JSON.stringify(suggestion.profile, null, 2)}\n`;
      if (options.out === undefined) {
        io.stderr.write(summary);
        io.stdout.write(json);
        return;
      }
      await writeFile(resolve(io.cwd, options.out), json);
      io.stdout.write(summary);
      io.stdout.write(`wrote ${options.out}; check it, then: bankbridge parse --profile ${options.out} ${file}\n`);
    });
}

/** The readable summary of a suggestion: how the file was read, and per column the field, confidence and evidence. */
function describe(file: string, s: DocumentSuggestion): string {
  const lines: string[] = [`${file}:`];
  if (s.kind === "csv") lines.push(`  read as CSV, encoding ${s.encoding ?? "?"}, delimiter ${JSON.stringify(s.delimiter ?? ",")}`);
  else lines.push(`  read as Excel .${s.kind}, sheet "${s.sheet ?? ""}"`);
  lines.push(s.headerLine === undefined ? `  no header row; ${s.rows} data rows` : `  header on line ${s.headerLine}; ${s.rows} data rows`);
  const p = s.profile;
  if (p !== undefined) {
    const a = p.amounts;
    const directions =
      a.directions === undefined
        ? ""
        : ` (${Object.entries(a.directions)
            .map(([w, o]) => `${w === "" ? '""' : w} → ${o}`)
            .join(", ")})`;
    lines.push(
      `  amounts: ${a.mode}${a.invert === true ? ", inverted" : ""}${directions}${a.pattern === undefined ? "" : `, pattern ${a.pattern}`}`,
    );
    lines.push(
      `  dates: ${p.dates.formats.join(", ")}${p.dates.timeFormats === undefined ? "" : `; times: ${p.dates.timeFormats.join(", ")}`}`,
    );
    lines.push(`  currency: ${p.currency ?? "(from the currency column)"}`);
  }
  if (s.columns.length > 0) {
    lines.push("", `  ${"field".padEnd(21)}${"column".padEnd(22)}confidence  evidence`);
    for (const c of s.columns) {
      const column = `${c.header === "" ? "" : `${c.header} `}(${columnName(c.column)})`;
      lines.push(`  ${c.field.padEnd(21)}${pad(column, 22)}${c.confidence.toFixed(2).padEnd(12)}${c.evidence.join("; ")}`);
    }
  }
  if (s.unmapped.length > 0)
    lines.push(`  not mapped: ${s.unmapped.map((u) => `${u.header === "" ? "" : `${u.header} `}(${columnName(u.column)})`).join(", ")}`);
  if (s.check !== undefined)
    lines.push(`  check: the profile reads ${s.check.entries} entries from this file; ${s.check.problems} rows not read`);
  if (s.notes.length > 0) lines.push("  notes:", ...s.notes.map((n) => `    - ${n}`));
  return `${lines.join("\n")}\n`;
}

/** Pads to a width counted in display columns (CJK characters are two wide). */
function pad(text: string, width: number): string {
  const shown = [...text].reduce(
    (n, ch) => n + (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1),
    0,
  );
  return shown >= width ? `${text} ` : text + " ".repeat(width - shown);
}

/**
 * Loads `--profile FILE`: the profile when it is JSON and valid; otherwise prints one line per mistake,
 * `error PROFILE_INVALID: FILE: /path: message`, and returns `undefined` (the caller exits 2).
 */
export async function loadProfileFile(ctx: CommandContext, file: string): Promise<MappingProfile | undefined> {
  const { io } = ctx;
  let bytes: Uint8Array;
  try {
    bytes = await readInput(resolve(io.cwd, file), file);
  } catch (e) {
    printError(io, e, ctx.debug());
    return undefined;
  }
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder("utf-8").decode(bytes));
  } catch (e) {
    io.stderr.write(`error PROFILE_INVALID: ${file}: /: not JSON (${oneLine(e instanceof Error ? e.message : String(e))})\n`);
    return undefined;
  }
  const { profile, issues } = validateProfile(json);
  if (profile !== undefined) return profile;
  for (const i of issues)
    io.stderr.write(`error PROFILE_INVALID: ${file}: ${i.path === undefined || i.path === "" ? "/" : i.path}: ${oneLine(i.message)}\n`);
  return undefined;
}

/**
 * The format that reads a file with a profile: the one given with `--format`, else `xlsx` or `xls` for a
 * workbook (by its first bytes), else `bank-csv`.
 */
export function profileFormat(bytes: Uint8Array, format: string | undefined): string {
  if (format !== undefined && format !== "auto") return format;
  return workbookKind(bytes) ?? "bank-csv";
}

/** The built-in formats, with bank CSV and Excel among them whether or not the built-in list has them yet. */
export function profileRegistry(): FormatRegistry {
  const formats: StatementFormat[] = [...builtinFormats()];
  for (const f of [bankCsvFormat, ...excelFormats]) if (!formats.some((g) => g.id === f.id)) formats.push(f);
  return createFormatRegistry(formats);
}
