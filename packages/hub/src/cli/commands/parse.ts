/**
 * `bankbridge parse FILE…`: read bank files without storing anything and print what BankBridge makes of
 * them: canonical JSON (`docs/model.md`) by default, or another format with `--to`. Exit 0 when every file
 * was read (findings are in `issues`), 2 when one was refused, with `error CODE: message` on stderr.
 *
 * @module
 */
import { closeSync, openSync, writeSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { basename, extname, join, resolve } from "node:path";
import type { Command } from "commander";
import { HubError, type Issue, type Json, type Statement } from "../../core/index.js";
import {
  builtinWriters,
  createContinuityCheck,
  createOutputEncoder,
  defaultFormatRegistry,
  LARGE_DOCUMENT_BYTES,
} from "../../formats/index.js";
import { type CommandContext, oneLine, printError } from "../io.js";
import { currencyFormatOptions, currencyOption, dateOrderFormatOptions, dateOrderOption } from "./options.js";
import { loadProfileFile, profileFormat, profileRegistry } from "./profile.js";
import { readInput } from "./read-input.js";
import { writeParsedDocument, writeStreamedDocument, writeStreamedStatements } from "./streamed-json.js";

interface ParseOptions {
  readonly format?: string;
  readonly encoding?: string;
  readonly to?: string;
  readonly out?: string;
  readonly profile?: string;
  readonly stream?: string;
  readonly dateOrder?: string;
  readonly currency?: string;
  readonly outEncoding?: string;
}

function issueJson(i: Issue): Json {
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
  currencyOption(dateOrderOption(program.command("parse")))
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
    .option("--encoding <label>", "auto, utf-8, gb18030, windows-1252, windows-1250, windows-1251, koi8-r, ibm852, utf-16le, …", "auto")
    .option("--to <format>", `output: json or ${writers.map((w) => w.id).join(", ")}`, "json")
    .option("--out <dir>", "write one output file per input into this directory instead of stdout")
    .option(
      "--out-encoding <label>",
      "character encoding of --to mt940, bai2 and csv output: utf-8 (default), iso-8859-1, windows-1252, gbk, gb18030, big5, shift_jis, …",
    )
    .option("--profile <file>", "read bank CSV and Excel exports with this mapping profile (JSON; see 'bankbridge profile suggest')")
    .option(
      "--stream <when>",
      "read files as a stream, with memory for one entry (JSON) or one statement (--to csv, mt940): auto (files of 64 MiB and more), always or never; in JSON each statement's entries then come first in its object, and a file refused part-way keeps in the output what was read before the refusal (exit status 2 all the same)",
      "auto",
    )
    .action(async (files: string[], options: ParseOptions) => {
      const dated = { ...dateOrderFormatOptions(options.dateOrder), ...currencyFormatOptions(options.currency) };
      const formatOptions = Object.keys(dated).length === 0 ? {} : { formatOptions: dated };
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
      // Text formats only: JSON is UTF-8 by its RFC, camt's XML declares UTF-8 as ISO 20022 requires.
      const outEncoding = options.outEncoding;
      if (outEncoding !== undefined) {
        if (writer === undefined || !writer.mediaType.startsWith("text/"))
          throw new HubError("USAGE", `--out-encoding applies to --to ${textWriters(writers)}; --to ${to} is always UTF-8`);
        if (createOutputEncoder(outEncoding, writer.unrepresentable) === undefined)
          throw new HubError(
            "USAGE",
            `--out-encoding ${outEncoding.slice(0, 40)}: unknown encoding; use e.g. utf-8, iso-8859-1, windows-1252, gbk`,
          );
      }
      /** A new encoder per output document (each may begin with a byte-order mark); none for UTF-8 text as written. */
      const encoderFor = () => (outEncoding === undefined ? undefined : createOutputEncoder(outEncoding, writer?.unrepresentable));
      const when = options.stream ?? "auto";
      if (when !== "auto" && when !== "always" && when !== "never") {
        throw new HubError("USAGE", `--stream ${when}: use auto, always or never`);
      }
      const outDir = options.out === undefined ? undefined : resolve(io.cwd, options.out);
      if (outDir !== undefined) await mkdir(outDir, { recursive: true });
      // Statement continuity across the files, in the order given (yesterday's closing = today's opening): each
      // file's statements are checked against those of the files before it, and the findings join its issues.
      // Statements of one file were compared by the registry already, so they are not compared again.
      const continuity = createContinuityCheck();
      const across = (file: string, statements: readonly Statement[]) =>
        statements.flatMap((statement, i) => continuity(statement, `${file}#/statements/${i}`, file));
      const many = writer === undefined && outDir === undefined && files.length > 1;
      let printed = 0;
      // Set at once, not at the end: output cut short by a closed pipe still exits 2 after a refused file.
      const fail = () => ctx.setExitCode(2);
      /**
       * After a file's output, streamed or not: its refusal, then (when writing another format) the document's and
       * the writer's other errors, one line each.
       */
      const report = (file: string, rejected: Issue | undefined, errors: readonly Issue[]) => {
        if (rejected !== undefined) {
          io.stderr.write(`error ${rejected.code}: ${file}: ${oneLine(rejected.message)}\n`);
          fail();
        }
        for (const i of errors) {
          // Warnings stay in the JSON; a character the chosen output encoding could not hold, or a document not
          // written for want of statements, is said here, as no other place shows it.
          if (i.severity !== "error" && i.code !== "OUTPUT_CHARACTERS_REPLACED" && i.code !== "WRITE_NO_STATEMENTS") continue;
          if (rejected !== undefined && i.code === rejected.code && i.message === rejected.message) continue;
          io.stderr.write(`${i.severity} ${i.code}: ${file}: ${oneLine(i.message)}\n`);
        }
      };
      /**
       * Where a document's output goes, written in pieces: its file under `--out` (opened with the first text: a
       * writer with nothing to write, WRITE_NO_STATEMENTS, leaves no empty file for an importer to fail on) or
       * stdout. Pieces are gathered to about 64 KiB per write: one write per entry would be a system call per entry.
       * A full pipe makes the next write wait for `drain`.
       */
      const output = (file: string) => {
        const targetPath =
          outDir === undefined ? undefined : join(outDir, `${basename(file, extname(file))}.${writer?.extension ?? "json"}`);
        let target: number | undefined;
        let pending = "";
        const encoder = encoderFor();
        const flush = (): Promise<void> | undefined => {
          if (pending.length === 0) return undefined;
          const text = encoder === undefined ? pending : encoder.encode(pending);
          pending = "";
          if (targetPath !== undefined) {
            target ??= openSync(targetPath, "w");
            // Two calls for writeSync's two overloads (text, bytes): TypeScript takes no union for either.
            if (typeof text === "string") writeSync(target, text);
            else writeSync(target, text);
            return undefined;
          }
          const out = io.stdout;
          if (out.write(text) !== false || out.once === undefined) return undefined;
          return new Promise<void>((resolve) => out.once?.("drain", resolve));
        };
        const write = (text: string) => {
          pending += text;
          return pending.length >= 65_536 ? flush() : undefined;
        };
        const close = () => {
          if (target !== undefined) closeSync(target);
        };
        return { write, flush, close, encoder };
      };
      for (const file of files) {
        let bytes: Uint8Array;
        try {
          bytes = await readInput(resolve(io.cwd, file), file);
        } catch (e) {
          printError(io, e, ctx.debug());
          fail();
          continue;
        }
        const streamed =
          (writer === undefined || writer.begin !== undefined) &&
          withProfile === undefined &&
          (when === "always" || (when === "auto" && bytes.length >= LARGE_DOCUMENT_BYTES))
            ? registry.stream(bytes, {
                format: options.format ?? "auto",
                encoding: options.encoding ?? "auto",
                filename: basename(file),
                ...formatOptions,
              })
            : undefined;
        if (streamed !== undefined) {
          // Written as it is read, to the output file or to stdout (inside the array of several documents).
          const { write, flush, close, encoder } = output(file);
          if (many) io.stdout.write(printed++ === 0 ? "[\n" : ",\n");
          let rejected: Issue | undefined;
          let errors: readonly Issue[] = [];
          try {
            if (writer?.begin === undefined) {
              rejected = (await writeStreamedDocument(streamed, write, (st) => across(file, st), issueJson)).rejected;
              if (!many) await write("\n");
            } else {
              const written = await writeStreamedStatements(streamed, writer.begin(), write);
              rejected = written.rejected;
              errors = [...written.issues, ...written.writeIssues];
            }
            await flush();
            if (encoder !== undefined) errors = [...errors, ...encoder.issues()];
          } finally {
            close();
          }
          report(file, rejected, errors);
          continue;
        }
        const parsed =
          withProfile === undefined
            ? registry.parse(bytes, {
                format: options.format ?? "auto",
                encoding: options.encoding ?? "auto",
                filename: basename(file),
                ...formatOptions,
              })
            : withProfile.parse(bytes, {
                format: profileFormat(bytes, options.format),
                encoding: options.encoding ?? "auto",
                filename: basename(file),
                formatOptions: { profile, ...dated },
              });
        const extra = across(file, parsed.statements);
        if (writer === undefined) {
          // Written an entry at a time, the same text as one JSON.stringify: a document of a few hundred megabytes has
          // more JSON than one string can hold.
          if (many) io.stdout.write(printed++ === 0 ? "[\n" : ",\n");
          const { write, flush, close } = output(file);
          try {
            await writeParsedDocument(parsed, [...parsed.issues, ...extra].map(issueJson), write);
            if (!many) await write("\n");
            await flush();
          } finally {
            close();
          }
          report(file, parsed.rejected, []);
          continue;
        }
        let text: string | Uint8Array;
        let ext: string;
        let errors: readonly Issue[] = [];
        if (parsed.rejected !== undefined && parsed.statements.length === 0) {
          // A refused document is not written: an empty but valid file (BAI2's 01 and 99) would import as a day
          // without activity, and the refusal is said on stderr already.
          text = "";
          ext = writer.extension;
        } else {
          const written = writer.write(parsed.statements, io.now === undefined ? {} : { now: io.now });
          errors = [...parsed.issues, ...written.issues];
          text = written.content;
          ext = writer.extension;
          const encoder = encoderFor();
          if (encoder !== undefined) {
            text = encoder.encode(text);
            errors = [...errors, ...encoder.issues()];
          }
        }
        if (outDir !== undefined) {
          // No file for a document not written (no statement to write, WRITE_NO_STATEMENTS).
          if (text.length > 0) await writeFile(join(outDir, `${basename(file, extname(file))}.${ext}`), text);
        } else if (text.length > 0) io.stdout.write(text);
        report(file, parsed.rejected, errors);
      }
      if (many && printed > 0) io.stdout.write("\n]\n");
    });
}

/** The writers whose output is text that may be written in another encoding. */
function textWriters(writers: readonly { readonly id: string; readonly mediaType: string }[]): string {
  return writers
    .filter((w) => w.mediaType.startsWith("text/"))
    .map((w) => w.id)
    .join(", ");
}
