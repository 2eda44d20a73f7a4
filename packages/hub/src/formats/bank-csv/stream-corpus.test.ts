/**
 * The streaming reader against the whole-document one on every corpus export: the same statements, and at each
 * statement's end the same integrity findings the registry's checks give for the whole statement.
 */
import { describe, expect, it } from "vitest";
import type { Entry, Issue, Statement } from "../../core/index.js";
import { checkContinuity, checkStatement } from "../checks.js";
import { builtinFormats } from "../index.js";
import { createFormatRegistry } from "../registry.js";
import { parseBankCsvStream } from "./parse-bank-csv-stream.js";
import { corpusBytes, DEG_EXAMPLES, filesUnder } from "./test-support/corpus.js";

const registry = createFormatRegistry(builtinFormats());

describe.skipIf(DEG_EXAMPLES === undefined)("parseBankCsvStream on the corpus", () => {
  const dir = DEG_EXAMPLES as string;
  const files = DEG_EXAMPLES === undefined ? [] : filesUnder(dir).filter((f) => /\.csv$|hxsec.*\.xls$/.test(f));

  for (const file of files) {
    it(`${file} streamed in 4 KiB chunks gives the whole reading's statements and findings`, async () => {
      const bytes = corpusBytes(dir, file);
      const whole = registry.parse(bytes);
      const chunks: Uint8Array[] = [];
      for (let at = 0; at < bytes.length; at += 4096) chunks.push(bytes.subarray(at, at + 4096));
      const statements: Statement[] = [];
      const entries: Entry[][] = [];
      const streamedOrder: Entry[] = [];
      const findings: Issue[] = [];
      let rejected: Issue | undefined;
      for await (const e of parseBankCsvStream(chunks)) {
        if (e.type === "statement") entries[e.index] = [];
        else if (e.type === "entry") {
          entries[e.statementIndex]?.push(e.entry);
          streamedOrder.push(e.entry);
        } else if (e.type === "statementEnd") {
          statements[e.index] = { ...e.statement, entries: entries[e.index] ?? [] };
          findings.push(...e.issues);
        } else if (e.type === "end") rejected = e.rejected;
      }
      expect(rejected?.code).toBe(whole.rejected?.code);
      expect(statements).toEqual(whole.statements);
      // And in the same order: the entries as streamed are the whole reading's, statement after statement (the
      // HSBC HK exports interleave currencies, one statement each).
      expect(streamedOrder).toEqual(whole.statements.flatMap((s) => s.entries));
      const checks = [
        ...whole.statements.flatMap((s, i) => checkStatement(s, i)),
        ...checkContinuity(whole.statements.map((statement, i) => ({ statement, path: `/statements/${i}` }))),
      ];
      expect(findings).toEqual(checks);
    });
  }
});
