/**
 * Random damage to real MT940 files must never make the parser throw, hang or produce statements outside the
 * canonical model. The parser is called directly (the registry would turn a throw into PARSER_FAILED and hide it),
 * and the mutations aim at what the format hangs on: line breaks, `:` tags, `?` subfields, `-` separators, `{`.
 */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { statementsFromJson, statementToJson } from "../../core/index.js";
import { generateMt940 } from "./generate-mt940.js";
import { parseMt940 } from "./parse-mt940.js";
import { CORPUS_DIR, CORPUS_MISSING } from "./test-support/corpus.js";

const SAMPLES: readonly { name: string; text: string }[] = [
  { name: "generated", text: [...generateMt940({ chars: 6_000, entriesPerStatement: 4 })].join("") },
  ...(CORPUS_MISSING === undefined
    ? [
        "WoLpH+mt940/mt940_tests/betterplace/sepa_snippet.sta",
        "WoLpH+mt940/mt940_tests/jejik/rabobank.sta",
        "WoLpH+mt940/mt940_tests/jejik/ing.sta",
        "WoLpH+mt940/mt940_tests/sberbank/171011_01234945.sta",
        "WoLpH+mt940/mt940_tests/self-provided/details_60-63.sta",
        "webschik+mt940-js/__tests__/cases/base-3.mta",
        "centrapay+swift-parser/test/test-with-NS.mt940x",
        "centrapay+swift-parser/test/test2.mt942",
        "railslove+cmxl/spec/fixtures/mt940.txt",
      ].map((p) => ({ name: p, text: readFileSync(`${CORPUS_DIR}${p}`, "latin1") }))
    : []),
];

/** Characters the format's structure hangs on, and some that are simply odd. */
const NASTY = [
  "\n",
  "\r",
  "\r\n",
  ":",
  "?",
  "?2",
  "/",
  "//",
  "-",
  "-}",
  "{4:",
  ":61:",
  ":86:",
  ":20:",
  ":25:",
  ":62F:",
  "+",
  ",",
  "\u0000",
  "\uFFFD",
  "ä",
  " ",
];

const mutation = fc.oneof(
  fc.record({ kind: fc.constant("insert" as const), at: fc.nat(), text: fc.oneof(fc.constantFrom(...NASTY), fc.string({ maxLength: 8 })) }),
  fc.record({ kind: fc.constant("delete" as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant("duplicate" as const), at: fc.nat(), length: fc.integer({ min: 1, max: 200 }) }),
  fc.record({ kind: fc.constant("cut" as const), at: fc.nat() }),
);

type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never;

function apply(text: string, mutations: readonly Mutation[]): string {
  let t = text;
  for (const m of mutations) {
    const at = t.length === 0 ? 0 : m.at % (t.length + 1);
    if (m.kind === "insert") t = t.slice(0, at) + m.text + t.slice(at);
    else if (m.kind === "delete") t = t.slice(0, at) + t.slice(at + m.length);
    else if (m.kind === "duplicate") t = t.slice(0, at + m.length) + t.slice(at, at + m.length) + t.slice(at + m.length);
    else t = t.slice(0, at);
  }
  return t;
}

describe("parseMt940 on damaged files", () => {
  for (const sample of SAMPLES) {
    it(`never throws, hangs or leaves the canonical model on mutations of ${sample.name}`, () => {
      fc.assert(
        fc.property(fc.array(mutation, { minLength: 1, maxLength: 12 }), fc.constantFrom("mt940", "mt942"), (mutations, format) => {
          const text = apply(sample.text, mutations);
          const started = performance.now();
          const result = parseMt940(text, { format, encoding: "utf-8" });
          expect(performance.now() - started).toBeLessThan(2_000);
          expect(result.issues.every((i) => typeof i.code === "string" && i.code.startsWith("MT940_"))).toBe(true);
          const json = JSON.parse(JSON.stringify(result.statements.map(statementToJson))) as unknown;
          const decoded = statementsFromJson(json);
          expect(decoded.issues).toEqual([]);
          expect(decoded.statements).toEqual(result.statements);
        }),
        { numRuns: 150 },
      );
    });
  }

  it("stays linear on pathological input: a million separators, colons and question marks", () => {
    for (const text of [
      ":86:".repeat(250_000),
      "?".repeat(1_000_000),
      "\r".repeat(1_000_000),
      `:20:X\n:25:Y\n:86:${"?2".repeat(30_000)}`,
    ]) {
      const started = performance.now();
      const result = parseMt940(text, { format: "mt940", encoding: "utf-8" });
      expect(Array.isArray(result.issues)).toBe(true);
      expect(performance.now() - started).toBeLessThan(5_000);
    }
  });
});
