import { describe, expect, it } from "vitest";
import { createFormatRegistry } from "../registry.js";
import { runFormatContract } from "../test-support/format-contract.js";
import { camt052Format, camt053Format, camt054Format, camtFormats } from "./camt-format.js";
import { corpusCamtSamples, fixture, SKIPPED } from "./test-support/camt-corpus.js";

const corpus = corpusCamtSamples().filter((s) => !s.name.includes("wrong"));
const text = (s: string) => new TextEncoder().encode(s);
const others = [
  { name: "an MT940 document", bytes: text(":20:STARTUMS\n:25:10020030/1234567\n:28C:1\n:60F:C240101EUR100,00\n") },
  { name: "canonical JSON", bytes: text('{"statements":[{"account":{"id":"X"},"entries":[]}]}') },
  { name: "an OFX 2 document", bytes: text('<?xml version="1.0"?><?OFX OFXHEADER="200"?><OFX></OFX>') },
  {
    name: "a pain.001 payment order",
    bytes: text('<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.09"><CstmrCdtTrfInitn/></Document>'),
  },
];

runFormatContract({
  format: camt053Format,
  samples: [
    { name: "fixture camt053-full.xml (camt.053.001.08)", bytes: fixture("camt053-full.xml"), statements: 1 },
    ...corpus.filter((s) => s.message === "053").map((s) => ({ name: s.name, bytes: s.bytes })),
  ],
  others,
});

runFormatContract({
  format: camt052Format,
  samples: [
    { name: "fixture camt052-intraday.xml (camt.052.001.02)", bytes: fixture("camt052-intraday.xml"), statements: 1 },
    ...corpus.filter((s) => s.message === "052").map((s) => ({ name: s.name, bytes: s.bytes })),
  ],
  others,
});

runFormatContract({
  format: camt054Format,
  samples: [
    { name: "fixture camt054-notification.xml (camt.054.001.04)", bytes: fixture("camt054-notification.xml"), statements: 1 },
    ...corpus.filter((s) => s.message === "054").map((s) => ({ name: s.name, bytes: s.bytes })),
  ],
  others,
});

describe("camt detection", () => {
  const registry = createFormatRegistry(camtFormats);
  const doc = (ns: string, root: string) =>
    text(`<?xml version="1.0"?>\n<Document xmlns="urn:iso:std:iso:20022:tech:xsd:${ns}"><${root}/></Document>`);

  it("names each message by its namespace, whichever of the three formats is asked first", () => {
    expect(registry.detect(doc("camt.053.001.13", "BkToCstmrStmt"))?.format.id).toBe("camt.053");
    expect(registry.detect(doc("camt.052.001.10", "BkToCstmrAcctRpt"))?.format.id).toBe("camt.052");
    expect(registry.detect(doc("camt.054.001.01", "BkToCstmrDbtCdtNtfctnV01"))?.format.id).toBe("camt.054");
  });

  it("recognises a camt message without a namespace by its message element, prefixed or not", () => {
    expect(registry.detect(text("<Document><BkToCstmrStmt><GrpHdr/></BkToCstmrStmt></Document>"))?.format.id).toBe("camt.053");
    expect(registry.detect(text("<ns2:Document><ns2:BkToCstmrAcctRpt>"))?.format.id).toBe("camt.052");
  });

  it("does not claim text that is not XML, even when it mentions camt", () => {
    expect(registry.detect(text("see urn:iso:std:iso:20022:tech:xsd:camt.053.001.08 for details"))).toBeUndefined();
  });

  it.skipIf(corpus.length === 0)(`detects every corpus file as the message its namespace names${SKIPPED}`, () => {
    for (const s of corpus) expect(registry.detect(s.bytes)?.format.id, s.name).toBe(`camt.${s.message}`);
  });
});
