/**
 * Every MT940/MT942 file of the shared corpus (WoLpH, webschik, centrapay, cmxl) is read: complete files give
 * statements, fragments and broken files are refused or carry error issues, nothing throws, and every statement
 * with both balances closes — or it is listed below with the reason it does not.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { statementsFromJson, statementToJson } from "../../core/index.js";
import { createFormatRegistry } from "../registry.js";
import { mt940Formats } from "./mt940-format.js";
import { CORPUS_MISSING, mt940CorpusFiles } from "./test-support/corpus.js";

const registry = createFormatRegistry(mt940Formats);
const files = mt940CorpusFiles();

/**
 * Statements whose opening balance plus entries is not their closing balance (BALANCE_MISMATCH), by file and
 * statement index, with the reason. Every one is a sample someone edited or cut down; none is a reading error.
 */
const BALANCE_MISMATCHES: Readonly<Record<string, Readonly<Record<number, string>>>> = {
  "WoLpH+mt940/mt940_tests/betterplace/sepa_snippet.sta": {
    1: "the snippet changed sepa_mt9401.sta's first entry from CR300, to DR0,08 (a difference of exactly 300.08)",
  },
  "WoLpH+mt940/mt940_tests/betterplace/sepa_snippet_broken.sta": {
    0: "upstream's broken sample: entries cut out and a :25: where the :86: was",
  },
  "WoLpH+mt940/mt940_tests/jejik/abnamro.sta": {
    0: "jejik's anonymised ABN AMRO sample: amounts changed",
    1: "the same anonymised sample",
  },
  "railslove+cmxl/spec/fixtures/mt940-abnamro.txt": { 0: "cmxl's copy of jejik's anonymised ABN AMRO sample", 1: "the same" },
  "WoLpH+mt940/mt940_tests/jejik/ing.sta": { 0: "jejik's anonymised ING sample: amounts changed (its /SUM/-style trailer disagrees too)" },
  "WoLpH+mt940/mt940_tests/jejik/knab.sta": {
    1: "jejik has D7260, where centrapay's copy of the same statement (test1.mt940) has D2760, which closes",
  },
  "WoLpH+mt940/mt940_tests/jejik/postfinance.sta": { 1: "jejik's anonymised PostFinance sample (0.20 CHF off)" },
  "WoLpH+mt940/mt940_tests/jejik/rabobank.sta": { 0: "jejik's sample mixes entries of other days into it", 2: "the same" },
  "WoLpH+mt940/mt940_tests/jejik/triodos.sta": { 0: "jejik's anonymised Triodos sample" },
  "WoLpH+mt940/mt940_tests/mBank/with_newline_in_tnr.sta": { 0: "entries left out of the sample (770.71 PLN missing)" },
  "WoLpH+mt940/mt940_tests/self-provided/details_60-63.sta": { 0: "a hand-made one-entry sample with made-up balances" },
  "WoLpH+mt940/mt940_tests/self-provided/malformed_details.sta": { 0: "a hand-made one-entry sample with made-up balances" },
  "WoLpH+mt940/mt940_tests/self-provided/overly_long_details.sta": { 0: "a hand-made one-entry sample with made-up balances" },
  "WoLpH+mt940/mt940_tests/self-provided/whitespace.sta": { 0: "a hand-made one-entry sample with made-up balances" },
  "WoLpH+mt940/mt940_tests/self-provided/raiffeisen-cmi.sta": { 0: "entries left out of the sample" },
  "railslove+cmxl/spec/fixtures/mt940-with-detailed-end-balance.txt": { 0: "a hand-made sample: 10 + 1 is not 15" },
  "webschik+mt940-js/__tests__/cases/abn-amro-1.STA": { 0: "a hand-made sample with made-up balances" },
};

/** Files that are not whole statements: single fields or `:61:`/`:86:` snippets without a `:25:` account. */
const FRAGMENTS =
  /\/lines\/|\/cmxl\/(account_balance|available_balance|closing_balance|reference|statement_(details|line|number))|betterplace\/(amount_formats|empty_86|empty_entry_date|empty_line|missing_crlf_at_end)|empty_non_swift|sparkassen|transaction_details\.yml|statement-(details-mt94[02]|mt940)\.txt/;

/** Files whose statements are in DEM (withdrawn 2002, but in core/currency.ts for archives like these). */
const DEM_ONLY = /raphaelm\.sta|mt940-with-colon-after-line-break|base-1\.mta/;

/** Files upstream marks broken (`*broken*`, `invalid*`, `*error*`). */
const BROKEN = /broken|invalid|error/;

describe.skipIf(CORPUS_MISSING !== undefined)("MT940 corpus", () => {
  if (CORPUS_MISSING !== undefined) it.skip(CORPUS_MISSING, () => {});

  it("has the corpus's MT940 and MT942 files", () => {
    expect(files.length).toBeGreaterThanOrEqual(95);
  });

  it("gives bank data only under names docs/model.md lists for MT940", () => {
    const doc = readFileSync(new URL("../../../../../docs/model.md", import.meta.url), "utf8");
    const section = doc.slice(doc.indexOf("### Bank data from MT940 and MT942"), doc.indexOf("## References"));
    const names = new Set<string>();
    for (const file of files)
      for (const s of registry.parse(file.bytes).statements)
        for (const e of s.entries) for (const k of Object.keys(e.bankData ?? {})) names.add(k);
    // Subfield codes and :NS: codes are documented by example (`?11`, `NS01`…), not one by one.
    const listed = (k: string) => section.includes(`\`${k}\``) || /^([?>~<]\d\d|NS\d\d)$/.test(k);
    expect(names.size).toBeGreaterThan(5);
    expect([...names].filter((k) => !listed(k))).toEqual([]);
  });

  for (const file of files) {
    const parsed = registry.parse(file.bytes);

    it(`reads ${file.name} without failing, into valid canonical statements`, () => {
      expect(parsed.issues.map((i) => i.code)).not.toContain("PARSER_FAILED");
      const json = JSON.parse(JSON.stringify(parsed.statements.map(statementToJson))) as unknown;
      expect(statementsFromJson(json).statements).toEqual(parsed.statements);
    });

    if (BROKEN.test(file.name)) {
      it(`refuses ${file.name} or reports errors, as upstream marks it broken`, () => {
        expect(parsed.rejected !== undefined || parsed.issues.some((i) => i.severity === "error")).toBe(true);
      });
    } else if (FRAGMENTS.test(file.name)) {
      it(`refuses the fragment ${file.name} for its missing account, or reads the account it holds`, () => {
        if (parsed.statements.length === 0) expect(parsed.issues.map((i) => i.code)).toContain("MT940_ACCOUNT_MISSING");
        else expect(parsed.statements.every((s) => s.account.id !== "")).toBe(true);
      });
    } else if (DEM_ONLY.test(file.name)) {
      it(`reads ${file.name}, whose statements are in the withdrawn DEM`, () => {
        expect(parsed.rejected).toBeUndefined();
        expect(parsed.statements.length).toBeGreaterThan(0);
        expect(parsed.statements.every((s) => s.openingBalance?.amount.currency === "DEM")).toBe(true);
      });
    } else {
      it(`reads statements from ${file.name}`, () => {
        expect(parsed.rejected).toBeUndefined();
        expect(parsed.statements.length).toBeGreaterThan(0);
      });
    }

    const expected = BALANCE_MISMATCHES[file.name] ?? {};
    const reasons = Object.values(expected);
    it(`closes every statement of ${file.name} with both balances${reasons.length === 0 ? "" : ` except: ${reasons.join("; ")}`}`, () => {
      const mismatched = parsed.issues.filter((i) => i.code === "BALANCE_MISMATCH").map((i) => Number(i.path?.split("/")[2]));
      expect(mismatched).toEqual(Object.keys(expected).map(Number));
    });
  }
});
