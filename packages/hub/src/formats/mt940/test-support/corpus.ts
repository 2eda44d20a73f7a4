/**
 * The shared corpus of public MT940/MT942 samples (`../shared/corpus`, beside the repository): where it is,
 * and which of its files are SWIFT statements. It is absent from a user's clone; tests skip with a message then.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

/** The corpus folder: `<repo>/../shared/corpus` (this file is `packages/hub/src/formats/mt940/test-support/`). */
export const CORPUS_DIR = fileURLToPath(new URL("../../../../../../../shared/corpus/", import.meta.url));

/** The corpus folders that hold MT940/MT942 samples. */
export const MT940_CORPORA = [
  "WoLpH+mt940/mt940_tests",
  "webschik+mt940-js/__tests__",
  "centrapay+swift-parser/test",
  "railslove+cmxl/spec",
] as const;

/** Why the corpus tests do not run, or `undefined` when they can. */
export const CORPUS_MISSING: string | undefined = MT940_CORPORA.every((c) => existsSync(join(CORPUS_DIR, c)))
  ? undefined
  : `the MT940 corpus is not at ${CORPUS_DIR} (a clone without ../shared): corpus tests skipped`;

/** A corpus file: its path relative to the corpus folder and its bytes. */
export interface CorpusFile {
  readonly name: string;
  readonly path: string;
  readonly bytes: Uint8Array;
}

const STATEMENT_EXTENSIONS = /\.(sta|txt|mta|mt940|mt942|mt940x)$/i;

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

/**
 * Every MT940/MT942 file of the corpus, sorted by name: statement extensions, and files that are MT940 text
 * whatever their name (WoLpH's `transaction_details.yml` is a `:61:`/`:86:` fragment, not YAML).
 */
export function mt940CorpusFiles(): CorpusFile[] {
  if (CORPUS_MISSING !== undefined) return [];
  const files: CorpusFile[] = [];
  for (const corpus of MT940_CORPORA) {
    for (const path of walk(join(CORPUS_DIR, corpus))) {
      const name = relative(CORPUS_DIR, path);
      if (name.endsWith("requirements.txt")) continue;
      const bytes = readFileSync(path);
      const isStatement = STATEMENT_EXTENSIONS.test(path) || (path.endsWith(".yml") && bytes[0] === 0x3a) /* : */;
      if (isStatement) files.push({ name, path, bytes: new Uint8Array(bytes) });
    }
  }
  return files.sort((a, b) => a.name.localeCompare(b.name));
}
