import { basename, resolve } from "node:path";
import type { Command } from "commander";
import { resolveConfig } from "../../config.js";
import { HubError, type Issue, toHubError } from "../../core/index.js";
import { type DocumentImportReport, importDocument } from "../../engine/import-document.js";
import { openHubStore } from "../../hub.js";
import { type CommandContext, oneLine, printError } from "../io.js";
import { currencyFormatOptions, currencyOption, dateOrderFormatOptions, dateOrderOption, storeOptions } from "./options.js";
import { loadProfileFile, profileFormat, profileRegistry } from "./profile.js";
import { readInput } from "./read-input.js";

interface ImportOptions {
  readonly data?: string;
  readonly db?: string;
  readonly tenant?: string;
  readonly json?: boolean;
  readonly format?: string;
  readonly encoding?: string;
  readonly profile?: string;
  readonly stream?: string;
  readonly dateOrder?: string;
  readonly currency?: string;
}

/** Outcome of one file: its report, or why it could not be read. */
type FileResult =
  | { readonly file: string; readonly ok: boolean; readonly report: DocumentImportReport }
  | { readonly file: string; readonly ok: false; readonly error: HubError };

/** Adds `import` to `program`. Exit status 2 when some file was rejected or missing. */
export function registerImportCommand(program: Command, ctx: CommandContext): void {
  const { io } = ctx;
  storeOptions(
    currencyOption(dateOrderOption(program.command("import")))
      .description("import bank files: detect format and encoding, store raw and parsed; exit status 2 if any file was rejected or missing")
      .argument("<file...>", "files to import"),
  )
    .option("--tenant <id>", "tenant to import into (env BANKBRIDGE_TENANT; default default)")
    .option("--json", "print one JSON report for all files instead of one line per file")
    .option("--format <id>", "auto or a format id (see bankbridge parse --help)", "auto")
    .option("--encoding <label>", "auto, utf-8, gb18030, windows-1252, windows-1250, windows-1251, koi8-r, ibm852, utf-16le, …", "auto")
    .option("--profile <file>", "read bank CSV and Excel exports with this mapping profile (JSON; see 'bankbridge profile suggest')")
    .option(
      "--stream <when>",
      "store each statement as it is read, holding one statement instead of the file: auto (files of 64 MiB and more), always or never",
      "auto",
    )
    .action(async (files: string[], options: ImportOptions) => {
      const dated = { ...dateOrderFormatOptions(options.dateOrder), ...currencyFormatOptions(options.currency) };
      const stream = options.stream ?? "auto";
      if (stream !== "auto" && stream !== "always" && stream !== "never") {
        throw new HubError("USAGE", `--stream ${stream}: use auto, always or never`);
      }
      // A profile is checked before the store is opened: a mistake in it would misread every file.
      const profile = options.profile === undefined ? undefined : await loadProfileFile(ctx, options.profile);
      if (options.profile !== undefined && profile === undefined) {
        ctx.setExitCode(2);
        return;
      }
      const withProfile = profile === undefined ? undefined : profileRegistry();
      const config = resolveConfig({ flags: options, env: io.env, cwd: io.cwd });
      const { store } = await openHubStore(config);
      const results: FileResult[] = [];
      try {
        for (const file of files) {
          const content = await readInput(resolve(io.cwd, file), file).catch((e: unknown) => toHubError(e));
          if (content instanceof HubError) {
            results.push({ file, ok: false, error: content });
            ctx.setExitCode(2);
            printError(io, content, ctx.debug());
            continue;
          }
          const name = basename(file);
          const report = await importDocument({
            store,
            tenantId: config.tenant,
            content,
            filename: name,
            source: `file:${name}`,
            format: withProfile === undefined ? (options.format ?? "auto") : profileFormat(content, options.format),
            encoding: options.encoding ?? "auto",
            stream,
            ...(withProfile === undefined
              ? Object.keys(dated).length === 0
                ? {}
                : { formatOptions: dated }
              : { formatOptions: { profile, ...dated }, parse: (bytes, o) => withProfile.parse(bytes, o) }),
          });
          // Rejected: no parser recognised the file, nothing in it could be stored, or it was refused part-way (read
          // as a stream, the statements before the refusal are stored: the run is partial, the file still rejected).
          const ok = report.format !== undefined && report.status !== "failed" && report.rejected === undefined;
          results.push({ file, ok, report });
          // At once: an import stopped by a closed output pipe still exits 2 after a rejected file.
          if (!ok) ctx.setExitCode(2);
          if (options.json !== true) io.stdout.write(describe(file, report, ok));
        }
      } finally {
        await store.destroy();
      }
      if (options.json === true)
        io.stdout.write(`${JSON.stringify({ ok: results.every((r) => r.ok), files: results.map(toJson) }, null, 2)}\n`);
      if (!results.every((r) => r.ok)) ctx.setExitCode(2);
    });
}

function describe(file: string, r: DocumentImportReport, ok: boolean): string {
  const head = `${file}: ${ok ? r.status : "rejected"}, added ${r.added}, updated ${r.updated}, unchanged ${r.unchanged}, issues ${r.issues.length}\n`;
  return head + r.issues.map((i) => `  ${issueLine(i)}\n`).join("");
}

function issueLine(i: Issue): string {
  const where = i.line === undefined ? "" : ` (line ${i.line})`;
  return `${i.severity} ${i.code}: ${oneLine(i.message)}${where}`;
}

function toJson(r: FileResult): Record<string, unknown> {
  if ("error" in r) return { file: r.file, ok: false, error: { code: r.error.code, message: r.error.message } };
  const { report } = r;
  return {
    file: r.file,
    ok: r.ok,
    documentId: report.documentId,
    format: report.format ?? null,
    runId: report.runId,
    status: report.status,
    added: report.added,
    updated: report.updated,
    unchanged: report.unchanged,
    balances: report.balances,
    accounts: report.accounts,
    issues: report.issues,
  };
}
