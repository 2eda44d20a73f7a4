/**
 * `bankbridge parse FILE…`: read bank files without storing anything and print what BankBridge makes of
 * them: canonical JSON (`docs/model.md`) by default, or another format with `--to`. Exit 0 when every file
 * was read (findings are in `issues`), 2 when one was refused, with `error CODE: message` on stderr.
 *
 * @module
 */
import { mkdir, writeFile } from "node:fs/promises";
import { basename, extname, join, resolve } from "node:path";
import type { Command } from "commander";
import { HubError, type Issue, type Json, statementToJson } from "../../core/index.js";
import { builtinWriters, checkContinuity, defaultFormatRegistry, type ParsedDocument } from "../../formats/index.js";
import { type CommandContext, oneLine, printError } from "../io.js";
import { loadProfileFile, profileFormat, profileRegistry } from "./profile.js";
import { readInput } from "./read-input.js";

interface ParseOptions {
  readonly format?: string;
  readonly encoding?: string;
  readonly to?: string;
  readonly out?: string;
  readonly profile?: string;
}

/** The JSON `parse` prints for one document. */
function documentJson(parsed: ParsedDocument, extraIssues: readonly Issue[]): Json {
  return {
    format: parsed.format ?? null,
    encoding: parsed.encoding ?? null,
    statements: parsed.statements.map(statementToJson),
    issues: [...parsed.issues, ...extraIssues].map(issueJson),
  };
}

function issueJson(i: Issue): { [k: string]: Json } {
  const o: { [k: string]: Json } = { severity: i.severity, code: i.code, message: i.message };
  if (i.line !== undefined) o.line = i.line;
  if (i.path !== undefined) o.path = i.path;
  if (i.details !== undefined) o.details = JSON.parse(JSON.stringify(i.details)) as Json;
  return o;
}

/** Adds `parse` to `program`. */
export function registerParseCommand(program: Command, ctx: CommandContext): void {
  const { io } = ctx;
  const registry = defaultFormatRegistry();
  const writers = builtinWriters();
  program
    .command("parse")
    .description("read bank files and print them as canonical JSON (or --to another format); nothing is stored")
    .argument("<file...>", "bank files")
    .option(
      "--format <id>",
      `auto or one of: ${registry
        .list()
        .map((f) => f.id)
        .join(", ")}`,
      "auto",
    )
    .option("--encoding <label>", "auto, utf-8, gb18030, windows-1252, utf-16le, …", "auto")
    .option("--to <format>", `output: json or ${writers.map((w) => w.id).join(", ")}`, "json")
    .option("--out <dir>", "write one output file per input into this directory instead of stdout")
    .option("--profile <file>", "read bank CSV and Excel exports with this mapping profile (JSON; see 'bankbridge profile suggest')")
    .action(async (files: string[], options: ParseOptions) => {
      // A profile is checked before any file is read: a mistake in it would misread every file.
      const profile = options.profile === undefined ? undefined : await loadProfileFile(ctx, options.profile);
      if (options.profile !== undefined && profile === undefined) {
        ctx.setExitCode(2);
        return;
      }
      // With a profile, the bank CSV and Excel formats read the files (whether or not auto-detection has them).
      const withProfile = profile === undefined ? undefined : profileRegistry();
      const to = options.to ?? "json";
      const writer = to === "json" ? undefined : writers.find((w) => w.id === to);
      if (to !== "json" && writer === undefined) {
        throw new HubError("USAGE", `--to ${to}: unknown output format; use json or ${writers.map((w) => w.id).join(", ")}`);
      }
      const outDir = options.out === undefined ? undefined : resolve(io.cwd, options.out);
      if (outDir !== undefined) await mkdir(outDir, { recursive: true });
      const results: { file: string; parsed: ParsedDocument }[] = [];
      let failed = false;
      for (const file of files) {
        let bytes: Uint8Array;
        try {
          bytes = await readInput(resolve(io.cwd, file), file);
        } catch (e) {
          printError(io, e, ctx.debug());
          failed = true;
          continue;
        }
        const parsed =
          withProfile === undefined
            ? registry.parse(bytes, { format: options.format ?? "auto", encoding: options.encoding ?? "auto", filename: basename(file) })
            : withProfile.parse(bytes, {
                format: profileFormat(bytes, options.format),
                encoding: options.encoding ?? "auto",
                filename: basename(file),
                formatOptions: { profile },
              });
        if (parsed.rejected !== undefined) {
          io.stderr.write(`error ${parsed.rejected.code}: ${file}: ${oneLine(parsed.rejected.message)}\n`);
          failed = true;
        }
        results.push({ file, parsed });
      }
      // Statement continuity across the files, in the order given (yesterday's closing = today's opening).
      const across = checkContinuity(
        results.flatMap((r, f) => r.parsed.statements.map((statement, i) => ({ statement, path: `${r.file}#/statements/${i}`, f }))),
      );
      const extra = (file: string) => across.filter((i) => i.path?.startsWith(`${file}#`));
      const outputs = results.map(({ file, parsed }) => {
        if (writer === undefined) return { file, text: `${JSON.stringify(documentJson(parsed, extra(file)), null, 2)}\n`, ext: "json" };
        const written = writer.write(parsed.statements);
        for (const i of [...parsed.issues, ...written.issues])
          if (i.severity === "error") io.stderr.write(`${i.severity} ${i.code}: ${file}: ${oneLine(i.message)}\n`);
        return { file, text: written.content, ext: writer.extension };
      });
      if (outDir !== undefined) {
        for (const o of outputs) await writeFile(join(outDir, `${basename(o.file, extname(o.file))}.${o.ext}`), o.text);
      } else if (writer === undefined && outputs.length > 1) {
        io.stdout.write(`[\n${outputs.map((o) => o.text.trimEnd()).join(",\n")}\n]\n`);
      } else {
        for (const o of outputs) io.stdout.write(o.text);
      }
      if (failed) ctx.setExitCode(2);
    });
}
