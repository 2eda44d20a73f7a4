/**
 * Test support: schema validation with `xmllint` (Debian libxml2-utils). Tests skip, saying why, where it is
 * not installed, except in CI (`BANKBRIDGE_REQUIRE_POSTGRES=1`), where its absence is a failure.
 *
 * @module
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Whether `xmllint` runs here. */
export const HAVE_XMLLINT = spawnSync("xmllint", ["--version"], { stdio: "ignore" }).status === 0;
/** CI requires every tool: a missing `xmllint` fails instead of skipping. */
export const REQUIRE_TOOLS = process.env.BANKBRIDGE_REQUIRE_POSTGRES === "1";
/** Appended to the names of tests that need xmllint, so a skip says why. */
export const NO_XMLLINT = HAVE_XMLLINT ? "" : " (skipped: xmllint is not installed; apt-get install libxml2-utils)";

/** What xmllint said about some documents. */
export interface Validation {
  readonly valid: boolean;
  /** xmllint's messages (one "validates" line per valid document). */
  readonly output: string;
}

/** Validates `documents` (XML text) against the schema at `xsd`, in one xmllint run. */
export function validateAll(documents: readonly string[], xsd: string): Validation {
  if (!HAVE_XMLLINT) throw new Error("xmllint is not installed (apt-get install libxml2-utils)");
  const dir = mkdtempSync(join(tmpdir(), "bankbridge-xmllint-"));
  try {
    const files = documents.map((content, i) => {
      const file = join(dir, `document-${i}.xml`);
      writeFileSync(file, content);
      return file;
    });
    try {
      const output = execFileSync("xmllint", ["--noout", "--schema", xsd, ...files], { encoding: "utf8", stdio: "pipe" });
      return { valid: true, output };
    } catch (error) {
      const e = error as { stderr?: string; stdout?: string };
      return { valid: false, output: `${e.stdout ?? ""}${e.stderr ?? ""}` };
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
