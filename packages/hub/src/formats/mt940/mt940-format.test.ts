import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createFormatRegistry } from "../registry.js";
import type { StatementStreamEvent } from "../statement-stream.js";
import { type FormatSample, runFormatContract } from "../test-support/format-contract.js";
import { generateMt940 } from "./generate-mt940.js";
import { mt940Format, mt940Formats, mt942Format } from "./mt940-format.js";
import { mt940StatementBatches } from "./mt940-statement-batches.js";
import { CORPUS_DIR, CORPUS_MISSING } from "./test-support/corpus.js";

const encode = (text: string) => new TextEncoder().encode(text);

/** Our own MT942: written here, so the contract runs without the corpus too. */
const OWN_MT942 = [
  "{1:F01COBADEFFAXXX0000000000}{2:O9421200240315COBADEFFAXXX00000000002403151200N}{4:",
  ":20:INTRADAY0315",
  ":25:DE89370400440532013000",
  ":28C:52/1",
  ":34F:EURD0,",
  ":34F:EURC0,",
  ":13D:2403151200+0100",
  ":61:2403150315C1250,00NTRFNONREF//2024031500012345",
  ":86:166?00GUTSCHRIFT?20EREF+INV-2024-0042?21SVWZ+Invoice 2024-0042?32Acme Retail SE",
  ":61:240315EC500,NTRFNONREF",
  ":86:Expected credit",
  ":90D:0EUR0,",
  ":90C:2EUR1750,",
  "-}",
].join("\r\n");

function corpus(path: string, statements?: number): FormatSample[] {
  if (CORPUS_MISSING !== undefined) return [];
  const name = path.split("/").slice(-2).join("/");
  return [{ name, bytes: new Uint8Array(readFileSync(`${CORPUS_DIR}${path}`)), ...(statements === undefined ? {} : { statements }) }];
}

const others: FormatSample[] = [
  { name: "canonical JSON", bytes: encode('{"statements":[]}') },
  { name: "a camt.053 document", bytes: encode('<?xml version="1.0"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"/>') },
  { name: "a BAI2 file", bytes: encode("01,ABC,XYZ,240315,1200,1,,,2/\n02,XYZ,ABC,1,240315,,USD,2/\n") },
  { name: "an OFX file", bytes: encode("OFXHEADER:100\nDATA:OFXSGML\n\n<OFX><BANKMSGSRSV1>") },
  { name: "a QIF file", bytes: encode("!Type:Bank\nD03/15/2024\nT-12.50\n^\n") },
];

runFormatContract({
  format: mt940Format,
  samples: [
    { name: "generated German statements", bytes: encode([...generateMt940({ chars: 20_000, entriesPerStatement: 5 })].join("")) },
    ...corpus("WoLpH+mt940/mt940_tests/betterplace/sepa_mt9401.sta", 26),
    ...corpus("WoLpH+mt940/mt940_tests/jejik/abnamro.sta", 2),
    ...corpus("WoLpH+mt940/mt940_tests/jejik/rabobank-iban.sta", 2),
    ...corpus("WoLpH+mt940/mt940_tests/ASNB/0708271685_09022020_164516.940.txt", 31),
    ...corpus("webschik+mt940-js/__tests__/cases/ing-1.mta", 1),
    ...corpus("webschik+mt940-js/__tests__/cases/base-3.mta", 2),
    ...corpus("centrapay+swift-parser/test/test-with-NS.mt940x", 2),
    ...corpus("railslove+cmxl/spec/fixtures/mt940-iso8859-1.txt", 1),
  ],
  others: [...others, { name: "an MT942 report", bytes: encode(OWN_MT942) }],
});

runFormatContract({
  format: mt942Format,
  samples: [
    { name: "our own interim report", bytes: encode(OWN_MT942), statements: 1 },
    ...corpus("WoLpH+mt940/mt940_tests/mBank/mt942.sta", 1),
    ...corpus("centrapay+swift-parser/test/test2.mt942", 1),
    ...corpus("railslove+cmxl/spec/fixtures/mt942.txt", 2),
  ],
  others: [...others, { name: "an MT940 statement", bytes: encode([...generateMt940({ chars: 5_000, entriesPerStatement: 3 })].join("")) }],
});

describe("mt940 and mt942 formats", () => {
  const registry = createFormatRegistry(mt940Formats);

  it("tells MT942 from MT940 by its envelope, floor limit and date-time, and reads it as a report", () => {
    const parsed = registry.parse(encode(OWN_MT942));
    expect(parsed.format).toBe("mt942");
    expect(parsed.statements[0]?.kind).toBe("report");
    expect(parsed.statements[0]?.createdAt).toBe("2024-03-15T12:00+01:00");
  });

  it("reads MT940 statements as kind statement", () => {
    const parsed = registry.parse(encode([...generateMt940({ chars: 3_000, entriesPerStatement: 2 })].join("")));
    expect(parsed.format).toBe("mt940");
    expect(parsed.statements.every((s) => s.kind === "statement")).toBe(true);
  });

  it.skipIf(CORPUS_MISSING !== undefined)(
    "decodes an ISO-8859-1 file's umlauts in booking text, purpose and name (cmxl mt940-iso8859-1.txt)",
    () => {
      const parsed = registry.parse(new Uint8Array(readFileSync(`${CORPUS_DIR}railslove+cmxl/spec/fixtures/mt940-iso8859-1.txt`)));
      expect(parsed.encoding).toBe("windows-1252");
      const salary = parsed.statements[0]?.entries[1];
      expect(salary).toMatchObject({ description: "ÜBERWEISUNG", counterparty: { name: "MÜLLER" } });
      expect(salary?.remittance?.unstructured?.join(" ")).toContain("Müstermann");
    },
  );

  it("refuses a document that is not MT940 at all with MT940_UNRECOGNISED", () => {
    const parsed = registry.parse(encode("Date,Amount\n2024-03-15,12.50\n"), { format: "mt940" });
    expect(parsed.rejected?.code).toBe("MT940_UNRECOGNISED");
  });
});

describe("mt940StatementBatches (what the registry streams)", () => {
  const text = [...generateMt940({ chars: 300_000 })].join("");

  it("gives parseMt940's statements and entries in batches that are never empty, numbered, with their counts", async () => {
    const whole = mt940Format.parse(text, { format: "mt940", encoding: "utf-8" });
    const batches: (readonly StatementStreamEvent[])[] = [];
    for await (const batch of mt940StatementBatches([text.slice(0, 100_001), text.slice(100_001)], { format: "mt940", encoding: "utf-8" }))
      batches.push(batch);
    expect(batches.every((b) => b.length > 0)).toBe(true);
    expect(batches.length).toBeGreaterThan(2);
    const events = batches.flat();
    const entries = events.flatMap((e) => (e.type === "entry" ? [e.entry] : []));
    expect(entries).toEqual(whole.statements.flatMap((s) => s.entries));
    const ends = events.flatMap((e) => (e.type === "statementEnd" ? [[e.index, e.entries]] : []));
    expect(ends).toEqual(whole.statements.map((s, i) => [i, s.entries.length]));
    expect(events.at(-1)).toEqual({ type: "end", statements: whole.statements.length, entries: entries.length });
  });

  it("refuses a source that fails with FILE_UNREADABLE and a document without statements with its MT940 code", async () => {
    async function* failing(): AsyncGenerator<string> {
      yield text.slice(0, 5_000);
      throw new Error("disk on fire");
    }
    const last = async (chunks: AsyncIterable<string> | Iterable<string>) => {
      const events: StatementStreamEvent[] = [];
      for await (const batch of mt940StatementBatches(chunks, { format: "mt940", encoding: "utf-8" })) events.push(...batch);
      return events.at(-1);
    };
    expect(await last(failing())).toMatchObject({ type: "end", rejected: { code: "FILE_UNREADABLE" } });
    expect(await last(["hello\nworld\n"])).toMatchObject({ type: "end", statements: 0, rejected: { code: "MT940_UNRECOGNISED" } });
  });
});
