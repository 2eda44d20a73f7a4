/**
 * Where the shared test corpus is: `../shared/corpus/` beside the repository (third-party files, never shipped),
 * resolved from this file so the tests run from any working directory.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The double-entry-generator examples folder (`example/`), or `undefined` when the corpus is absent. */
export const DEG_EXAMPLES: string | undefined = (() => {
  const dir = fileURLToPath(new URL("../../../../../../../shared/corpus/deb-sig+double-entry-generator/example/", import.meta.url));
  return existsSync(dir) ? dir : undefined;
})();

/** Every file under `dir`, as paths relative to it, sorted. */
export function filesUnder(dir: string): string[] {
  const walk = (d: string): string[] =>
    readdirSync(d)
      .sort()
      .flatMap((f) => {
        const p = join(d, f);
        return statSync(p).isDirectory() ? walk(p) : [p];
      });
  return walk(dir).map((p) => p.slice(dir.length));
}

/** A corpus file's bytes as a plain Uint8Array (the contract suite mutates copies of them). */
export function corpusBytes(dir: string, relative: string): Uint8Array {
  return new Uint8Array(readFileSync(join(dir, relative)));
}
