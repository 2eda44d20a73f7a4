/**
 * The ingest's row building keeps V8's optimised code across full garbage collections (decision 0001, item 9). V8
 * holds the hidden classes and closures its optimised code was specialised for weakly; when a full collection finds
 * none of them alive (between two ingests, no ingest object is), it throws the code away ("weak objects" in
 * `--trace-deopt`), and every statement's first rows ran unoptimised again. This runs ingests with a full collection
 * before each, in a child process with V8's traces, against the build (`npm test` compiles it first; the SQLite
 * writer thread needs it anyway).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const DIST = new URL("../../dist/", import.meta.url);
const built = existsSync(fileURLToPath(new URL("store/index.js", DIST)));

/** The functions every row passes through, on this thread: none may be thrown away for a dead hidden class or closure. */
const ROW_PATH = [
  "buildRow",
  "fingerprintAt",
  "nextFingerprint",
  "factsHash",
  "storedEntryJson",
  "storedEntry",
  "storedDetail",
  "entryToJson",
  "factsJson",
  "insertTransactions",
  "ingestStatement",
  "entriesIn",
];

const SCRIPT = `
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
const { openStore } = await import(${JSON.stringify(new URL("store/index.js", DIST).href)});
const { generateStatements } = await import(${JSON.stringify(new URL("testing/index.js", DIST).href)});
const dir = mkdtempSync(join(tmpdir(), "bankbridge-optimised-"));
const store = await openStore({ url: "sqlite:" + join(dir, "t.db") });
try {
  await store.migrateToLatest();
  await store.tenants.ensure("t");
  for (const s of generateStatements({ seed: 7, statements: 6, entriesPerStatement: 5000 })) {
    globalThis.gc();
    await store.ingest({ tenantId: "t", statements: [s], source: "probe" });
  }
} finally {
  await store.destroy();
  rmSync(dir, { recursive: true, force: true });
}
`;

describe("the ingest's optimised code", () => {
  it.skipIf(!built)("survives the full collections between ingests", () => {
    // A file rather than `-e`: the writer thread inherits the process's flags, and a worker refuses `--input-type`.
    const dir = mkdtempSync(join(tmpdir(), "bankbridge-optimised-test-"));
    const script = join(dir, "probe.mjs");
    writeFileSync(script, SCRIPT);
    const run = spawnSync(process.execPath, ["--expose-gc", "--trace-opt", "--trace-deopt", script], {
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    });
    rmSync(dir, { recursive: true, force: true });
    expect(run.status, run.stderr).toBe(0);
    const optimised = new Set([...run.stdout.matchAll(/completed optimizing \S+ <JSFunction (\S+) /g)].map((m) => m[1]));
    // Otherwise there would be nothing to throw away, and the check below could not fail.
    expect(optimised.has("buildRow") || optimised.has("insertTransactions")).toBe(true);
    const thrownAway = [
      ...run.stdout.matchAll(/<SharedFunctionInfo (\S+)>\) \(opt id \d+\) for deoptimization, reason: weak objects/g),
    ].map((m) => m[1]);
    expect(thrownAway.filter((name) => ROW_PATH.includes(name as string))).toEqual([]);
  });
});
