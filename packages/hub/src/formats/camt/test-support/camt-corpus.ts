/**
 * Test support: the public camt samples of the shared corpus (`../shared/corpus` beside the checkout) and our
 * own fixtures, as plain byte arrays.
 *
 * @module
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** `../shared/corpus` from the repository root (seven levels up from this folder). */
export const CORPUS = new URL("../../../../../../../shared/corpus/", import.meta.url);
const GENKGO = new URL("genkgo+camt/test/data/", CORPUS);
const PROWIDE = new URL("prowide+prowide-iso20022/iso20022-core/src/test/resources/", CORPUS);

/** Whether the shared corpus is there (a user's clone has no `../shared`). */
export const HAVE_CORPUS = existsSync(GENKGO);
/** Appended to the names of tests that need the corpus, so a skip says why. */
export const SKIPPED = HAVE_CORPUS ? "" : " (skipped: ../shared/corpus is not beside this checkout)";

/** The ISO schemas the writers' output is validated against. */
export const XSD_053_08 = fileURLToPath(new URL("genkgo+camt/assets/camt.053.001.08.xsd", CORPUS));
export const XSD_052_08 = fileURLToPath(new URL("genkgo+camt/assets/camt.052.001.08.xsd", CORPUS));
export const XSD_054_08 = fileURLToPath(new URL("genkgo+camt/assets/camt.054.001.08.xsd", CORPUS));

/**
 * Plain Uint8Arrays, not Buffers: the contract suite mutates `bytes.slice(…)`, which on a Buffer is a view of
 * the same memory and would corrupt the sample for the tests after it.
 */
const read = (url: URL) => new Uint8Array(readFileSync(url));

/** One camt sample: its name, bytes, and upstream's expected output when it ships one. */
export interface CamtSample {
  readonly name: string;
  readonly bytes: Uint8Array;
  /** The camt message number its namespace names (`053`…). */
  readonly message: "052" | "053" | "054";
  /** genkgo's expected `.json`, when there is one. */
  readonly expected?: unknown;
}

function messageOf(bytes: Uint8Array): CamtSample["message"] {
  const head = new TextDecoder().decode(bytes.subarray(0, 2048));
  return head.includes("camt.052.") ? "052" : head.includes("camt.054.") ? "054" : "053";
}

/** Every camt file of the corpus (genkgo's test data and prowide's sample); empty without the corpus. */
export function corpusCamtSamples(): CamtSample[] {
  if (!HAVE_CORPUS) return [];
  const samples: CamtSample[] = [];
  for (const file of readdirSync(GENKGO).sort()) {
    if (!file.endsWith(".xml")) continue;
    const bytes = read(new URL(file, GENKGO));
    const json = new URL(file.replace(/\.xml$/, ".json"), GENKGO);
    const expected: unknown = existsSync(json) ? JSON.parse(readFileSync(json, "utf8")) : undefined;
    samples.push({ name: `genkgo/camt ${file}`, bytes, message: messageOf(bytes), ...(expected === undefined ? {} : { expected }) });
  }
  const prowide = new URL("camt.053.001.07.xml", PROWIDE);
  if (existsSync(prowide)) {
    const bytes = read(prowide);
    samples.push({ name: "prowide-iso20022 camt.053.001.07.xml", bytes, message: messageOf(bytes) });
  }
  return samples;
}

/** One of our own fixtures (`formats/camt/fixtures/`). */
export function fixture(name: string): Uint8Array {
  return read(new URL(`../fixtures/${name}`, import.meta.url));
}

/** A fixture as text. */
export function fixtureText(name: string): string {
  return new TextDecoder().decode(fixture(name));
}

/**
 * `camt053-full.xml` with a second statement: a copy of the first for another account (its IBAN changed), so that
 * a cut inside the second leaves the first complete.
 */
export function fixtureWithTwoStatements(): string {
  const text = fixtureText("camt053-full.xml");
  const start = text.indexOf("<Stmt>");
  const end = text.indexOf("</Stmt>") + "</Stmt>".length;
  const copy = text.slice(start, end).replace("<IBAN>DE89370400440532013000</IBAN>", "<IBAN>DE44500105175407324931</IBAN>");
  return `${text.slice(0, end)}\n    ${copy}${text.slice(end)}`;
}
