import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { statementToJson } from "../core/index.js";
import { generateStatements } from "../testing/statements.js";
import { runCli } from "./run-cli.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "bankbridge-parse-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function run(argv: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await runCli(argv, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env: {},
    cwd: dir,
  });
  return { code, stdout, stderr };
}

const days = [...generateStatements({ seed: 5, statements: 3, entriesPerStatement: 4 })];
const write = async (name: string, content: string | Uint8Array) => {
  await writeFile(join(dir, name), content);
  return name;
};

describe("bankbridge parse", () => {
  it("prints { format, encoding, statements, issues } for one file and stores nothing", async () => {
    const file = await write("day1.json", JSON.stringify(statementToJson(days[0]!)));
    const r = await run(["parse", file]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    const out = JSON.parse(r.stdout) as { format: string; encoding: string; statements: { entries: unknown[] }[]; issues: unknown[] };
    expect(out.format).toBe("canonical-json");
    expect(out.encoding).toBe("utf-8");
    expect(out.statements[0]?.entries).toHaveLength(4);
    expect(out.issues).toEqual([]);
  });

  it("prints a list for several files and checks that each statement continues the one before", async () => {
    const a = await write("a.json", JSON.stringify(statementToJson(days[0]!)));
    const c = await write("c.json", JSON.stringify(statementToJson(days[2]!)));
    const r = await run(["parse", a, c]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { issues: { code: string }[] }[];
    expect(out).toHaveLength(2);
    // Day 2 is missing: sequence 1 → 3, and day 3 opens where day 2 closed, not day 1.
    expect(out[1]?.issues.map((i) => i.code)).toEqual(["SEQUENCE_GAP", "CONTINUITY_MISMATCH"]);
    expect(out[0]?.issues).toEqual([]);
  });

  it("writes CSV with --to csv into --out, one file per input", async () => {
    const a = await write("a.json", JSON.stringify(statementToJson(days[0]!)));
    const r = await run(["parse", a, "--to", "csv", "--out", "out"]);
    expect(r.code).toBe(0);
    const csv = await readFile(join(dir, "out", "a.csv"), "utf8");
    const lines = csv.trimEnd().split("\r\n");
    expect(lines[0]).toMatch(/^\uFEFFrow,detail_of,account,currency,booking_date/);
    expect(lines.length).toBeGreaterThanOrEqual(5);
  });

  it("exits 2 with one error line for a file no format recognises, and still prints the others", async () => {
    const a = await write("a.json", JSON.stringify(statementToJson(days[0]!)));
    const junk = await write("junk.txt", "hello");
    const r = await run(["parse", a, junk]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error FORMAT_UNSUPPORTED: junk\.txt: no format recognises this document/);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(JSON.parse(r.stdout)).toHaveLength(2);
  });

  it("refuses an unknown --to and an unknown --format with a coded error", async () => {
    const a = await write("a.json", JSON.stringify(statementToJson(days[0]!)));
    const to = await run(["parse", a, "--to", "pdf"]);
    expect(to.code).toBe(2);
    expect(to.stderr).toMatch(/^error USAGE: --to pdf/);
    const format = await run(["parse", a, "--format", "mt999"]);
    expect(format.code).toBe(2);
    expect(format.stderr).toMatch(/^error FORMAT_UNKNOWN: a\.json: unknown format "mt999"/);
  });

  it("reports a missing file as FILE_NOT_FOUND", async () => {
    const r = await run(["parse", "nope.xml"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error FILE_NOT_FOUND: nope\.xml does not exist/);
  });
});
