/**
 * Applying a mapping profile to a whole table: the rows of a CSV or a spreadsheet in, the format result out.
 *
 * @module
 */
import type { Issue, Statement } from "../../core/index.js";
import type { FormatResult, ParseContext } from "../format.js";
import type { TableRow } from "./csv-reader.js";
import type { MappingProfile } from "./mapping-profile.js";
import { type BankCsvEvent, ProfileApplier } from "./profile-applier.js";

/**
 * Collects the events of a whole table into a format result (statements with their entries, the issues, the
 * refusal). Statement-end findings are left out: the registry checks the statements itself.
 */
export function collectEvents(): { sink: (event: BankCsvEvent) => void; result(): FormatResult } {
  const headers: Statement[] = [];
  const entries: Statement["entries"][number][][] = [];
  const issues: Issue[] = [];
  let rejected: Issue | undefined;
  return {
    sink(event) {
      switch (event.type) {
        case "statement":
          headers[event.index] = event.statement;
          entries[event.index] = [];
          return;
        case "entry":
          entries[event.statementIndex]?.push(event.entry);
          return;
        case "statementEnd":
          headers[event.index] = event.statement;
          return;
        case "issue":
          issues.push(event.issue);
          return;
        case "end":
          rejected = event.rejected;
          return;
      }
    },
    result() {
      // A refused document keeps its findings but none of its statements, as every format does.
      const statements = rejected !== undefined ? [] : headers.map((h, i) => ({ ...h, entries: entries[i] ?? [] }));
      return { statements, issues, ...(rejected === undefined ? {} : { rejected }) };
    },
  };
}

/**
 * Reads table rows (from `readCsvRows` or a spreadsheet) with a profile that passed `validateProfile`: finds the
 * header under the title lines, maps each row, one statement per account and currency, balances from the
 * balance-after column. Never throws for bad rows: each becomes an issue with its line, and the rest is kept.
 *
 * @example
 * const { profile } = validateProfile(json);
 * const result = applyProfile(readCsvRows(text, { delimiter: profile.delimiter }), profile, { format: "bank-csv", encoding: "utf-8" });
 */
export function applyProfile(rows: Iterable<TableRow>, profile: MappingProfile, context: ParseContext): FormatResult {
  const collector = collectEvents();
  const applier = new ProfileApplier(
    profile,
    {
      checks: false,
      ...(context.documentId === undefined ? {} : { documentId: context.documentId }),
      ...(context.filename === undefined ? {} : { filename: context.filename }),
    },
    collector.sink,
  );
  for (const row of rows) applier.push(row);
  applier.end();
  return collector.result();
}
