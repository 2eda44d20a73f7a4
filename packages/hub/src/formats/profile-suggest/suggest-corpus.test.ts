/**
 * The acceptance test of profile inference: every CSV, XLS and XLSX export of double-entry-generator's examples,
 * inferred from scratch (no built-in profile is consulted), must map the date, the amount (or debit and
 * credit, or amount and direction), the counterparty and the description to the same columns as the built-in
 * profile for that layout, and reading the file with the suggested profile must give the same dates and signed
 * amounts as reading it with the built-in one. Differences are listed with their reasons.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatMoney, parseDecimal } from "../../core/index.js";
import {
  applyProfile,
  builtinProfiles,
  type ColumnRef,
  type MappingProfile,
  matchProfile,
  readCsvRows,
  type TableRow,
  type TextSource,
} from "../bank-csv/index.js";
import { decodeDocument } from "../encoding.js";
import { readWorkbook } from "../excel/index.js";
import { CORPUS_EXAMPLES, compareWithUpstream } from "../excel/test-support/upstream.js";
import { normalizeName } from "./header-names.js";
import { type DocumentSuggestion, suggestDocument } from "./suggest-document.js";

/** Every export of the examples: `*.csv`, `*.xls`, `*.xlsx` (the outputs are `.beancount` and `.ledger`). */
function exports(dir: string): string[] {
  const walk = (d: string): string[] =>
    readdirSync(d)
      .sort()
      .flatMap((f) => (statSync(join(d, f)).isDirectory() ? walk(join(d, f)) : [join(d, f)]));
  return walk(dir)
    .filter((p) => /\.(csv|xlsx?)$/.test(p))
    .map((p) => p.slice(dir.length));
}

/** The rows the built-in profile reads, and which built-in profile auto-detection picks. */
function builtinReading(bytes: Uint8Array): { rows: TableRow[]; profile: MappingProfile | undefined } {
  const table = readWorkbook(bytes);
  if (table !== undefined) return { rows: table.rows, profile: matchProfile(table.rows, builtinProfiles)?.profile };
  const text = decodeDocument(bytes).text;
  const profile = matchProfile(text.slice(0, 65536), builtinProfiles)?.profile;
  return { rows: [...readCsvRows(text, { delimiter: profile?.delimiter ?? ",", quote: profile?.quote ?? '"' })], profile };
}

/** The header row of a profile's table: the first row holding every one of the profile's names (`auto`). */
function headerOf(rows: readonly TableRow[], profile: MappingProfile): readonly string[] | undefined {
  if (profile.header?.row === "none") return undefined;
  const date = firstRef(profile.columns.bookingDate);
  return rows.find((r) => r.cells.some((c) => typeof date === "string" && normalizeName(c.replace(/^="|"$/g, "")) === normalizeName(date)))
    ?.cells;
}

function firstRef(ref: ColumnRef | TextSource | undefined): string | number | undefined {
  if (ref === undefined) return undefined;
  if (Array.isArray(ref)) return ref[0];
  if (typeof ref === "object") {
    const list = "first" in ref ? (ref as { first: readonly ColumnRef[] }).first : (ref as { all: readonly ColumnRef[] }).all;
    return firstRef(list[0]);
  }
  return ref as string | number;
}

/** The column a profile's reference points to in `header` (every alternative tried), or -1. */
function columnOf(ref: ColumnRef | TextSource | undefined, header: readonly string[] | undefined): number {
  if (ref === undefined) return -1;
  const alternatives: (string | number)[] = Array.isArray(ref)
    ? [...ref]
    : typeof ref === "object"
      ? [firstRef(ref) ?? -1]
      : [ref as string | number];
  for (const r of alternatives) {
    if (typeof r === "number") return r;
    const i = (header ?? []).findIndex((h) => normalizeName(h.replace(/^="|"$/g, "")) === normalizeName(r));
    if (i >= 0) return i;
  }
  return -1;
}

/** The fields the acceptance compares, for a profile's amount mode. */
function comparedFields(profile: MappingProfile): (keyof MappingProfile["columns"])[] {
  const amount: (keyof MappingProfile["columns"])[] =
    profile.amounts.mode === "debitCredit"
      ? ["debit", "credit"]
      : profile.amounts.mode === "direction"
        ? ["amount", "direction"]
        : ["amount"];
  return ["bookingDate", ...amount, "counterpartyName", "description"];
}

const micros = (text: string) => {
  const d = parseDecimal(text);
  return d === undefined ? undefined : d.units * 10n ** BigInt(6 - Math.min(6, d.scale));
};
/** Dates and signed amounts a profile reads from rows (amounts as numbers: currencies may differ). */
function read(rows: readonly TableRow[], profile: MappingProfile): string[] {
  const result = applyProfile(rows, profile, { format: "bank-csv", encoding: "utf-8" });
  return result.statements.flatMap((s) => s.entries.map((e) => `${e.bookingDate} ${micros(formatMoney(e.amount))}`)).sort();
}

/** Layouts where inference and the built-in profile part on purpose. */
const DIFFERENCES: Readonly<Record<string, { fields?: readonly string[]; readings?: string; reason: string }>> = {
  "huobi/example-huobi-records.csv": {
    readings: "refused",
    reason:
      "the built-in profile recognises Huobi's trade list only to refuse it (BANK_CSV_NOT_A_STATEMENT); inference maps its columns, so only the mapping is compared",
  },
  "hxsec/example-hxsec-records.xls": {
    readings: "nonzero",
    reason:
      "指定交易 and ETF份额合并 move no cash (清算金额 0): the built-in profile skips them by status, the suggested one keeps them as entries of 0.00; the other readings are compared",
  },
  "htsec/example-htsec-records.xlsx": {
    readings: "nonzero",
    reason:
      "新增证券 (an allotment's placeholder) and a zero subscription move no cash: the built-in profile skips the first by status, the suggested one keeps both as entries of 0.00; the cash movements are compared",
  },
  "oklink/example-oklink-token-transfer.csv": {
    readings: "refused",
    reason: "the built-in profile refuses token transfers (BANK_CSV_NOT_A_STATEMENT); only the mapping is compared",
  },
};

/** Exports without a built-in profile: checked against upstream's output instead. */
const NO_BUILTIN: Readonly<Record<string, { side: RegExp; placeholder?: string; reason: string }>> = {
  "htsec/example-htsec-records.xlsx": {
    side: /:Cash$/,
    placeholder: "htsec",
    reason:
      "海通证券's trade list has no built-in profile (the Excel reader refuses it with BANK_CSV_PROFILE_UNKNOWN); the suggested profile's cash movements (发生金额) are compared with upstream's cash postings",
  },
};

describe.skipIf(CORPUS_EXAMPLES === undefined)("profile inference from scratch on every export of the corpus", () => {
  if (CORPUS_EXAMPLES === undefined) console.warn("skipped: the shared corpus (../shared/corpus) is not beside the repository");
  const dir = CORPUS_EXAMPLES ?? "";
  const files = CORPUS_EXAMPLES === undefined ? [] : exports(dir);

  it("covers the corpus's 27 exports (CSV, XLS and XLSX)", () => {
    expect(files.length).toBe(27);
    expect(files.filter((f) => /\.xlsx?$/.test(f))).toHaveLength(5);
  });

  for (const file of files) {
    it(`${file}: maps date, amount, counterparty and description like the built-in profile, and reads the same dates and signed amounts`, () => {
      const bytes = new Uint8Array(readFileSync(dir + file));
      const suggestion: DocumentSuggestion = suggestDocument(bytes, { filename: file });
      const suggested = suggestion.profile;
      expect(suggested, suggestion.notes.join("; ")).toBeDefined();
      if (suggested === undefined) return;
      // Every column the suggestion maps comes with a confidence and the evidence for it.
      for (const c of suggestion.columns) {
        expect(c.confidence).toBeGreaterThan(0);
        expect(c.confidence).toBeLessThanOrEqual(1);
        expect(c.evidence.length).toBeGreaterThan(0);
      }
      const own =
        suggestion.kind === "csv"
          ? [...readCsvRows(decodeDocument(bytes).text, { delimiter: suggestion.delimiter ?? "," })]
          : (readWorkbook(bytes)?.rows ?? []);
      const { rows, profile: builtin } = builtinReading(bytes);
      const noBuiltin = NO_BUILTIN[file];
      if (noBuiltin !== undefined && builtin === undefined) {
        const result = applyProfile(own, suggested, { format: "bank-csv", encoding: "utf-8" });
        const a = compareWithUpstream(result.statements, `${dir}${file.replace(/records\.xlsx$/, "output.beancount")}`, {
          ...noBuiltin,
          texts: false,
        });
        expect(a.missing, noBuiltin.reason).toEqual([]);
        expect(a.signDiffers).toEqual([]);
        return;
      }
      expect(builtin, "a built-in profile recognises the export").toBeDefined();
      if (builtin === undefined) return;
      const builtinHeader = headerOf(rows, builtin);
      const suggestedHeader = suggestion.headerLine === undefined ? undefined : own.find((r) => r.line === suggestion.headerLine)?.cells;
      const difference = DIFFERENCES[file];
      for (const field of comparedFields(builtin)) {
        // Only what the built-in profile maps is compared: a layout without a description column has none to get right.
        if (builtin.columns[field] === undefined || difference?.fields?.includes(field) === true) continue;
        const want = columnOf(builtin.columns[field], builtinHeader);
        const got = columnOf(suggested.columns[field], suggestedHeader);
        expect(
          { field, column: got },
          `${field}: built-in ${JSON.stringify(builtin.columns[field])}, suggested ${JSON.stringify(suggested.columns[field])}`,
        ).toEqual({
          field,
          column: want,
        });
      }
      expect(suggested.amounts.mode).toBe(builtin.amounts.mode);
      if (difference?.readings === "refused") {
        expect(builtin.refuse, difference.reason).toBeDefined();
        return;
      }
      const nonzero = (r: string) => difference?.readings !== "nonzero" || !r.endsWith(" 0");
      const ours = read(own, suggested).filter(nonzero);
      expect(ours.length).toBeGreaterThan(0);
      expect(ours).toEqual(read(rows, builtin).filter(nonzero));
    });
  }
});
