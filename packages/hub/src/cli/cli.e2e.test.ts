/**
 * The compiled `bankbridge` executable in a child process, as `npm start` runs it: real signals, real exit
 * statuses, real files. `npm test` builds first (`pretest`); this file builds again so a run of just these
 * tests never exercises stale output (an up-to-date `tsc -b` is a no-op).
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { SAMPLE_ENTRY_COUNT, sampleDocument } from "../api/test-support/samples.js";

const root = resolve(import.meta.dirname, "../../../..");
const main = join(root, "packages/hub/dist/cli/main.js");

/** The environment without BANKBRIDGE_* settings of whoever runs the tests. */
const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("BANKBRIDGE_")));

beforeAll(async () => {
  await promisify(execFile)(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "-b", "packages/hub"], { cwd: root });
  expect(existsSync(main)).toBe(true);
}, 120_000);

let dir: string;
let children: ChildProcess[];
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "bankbridge-e2e-"));
  children = [];
});
afterEach(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
  await rm(dir, { recursive: true, force: true });
});

interface Exited {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Spawns the CLI in `dir`; `exited` resolves with its status and output. */
function spawnCli(args: string[]): { child: ChildProcess; exited: Promise<Exited>; output: () => string } {
  const child = spawn(process.execPath, [main, ...args], { cwd: dir, env: cleanEnv, stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (b: Buffer) => {
    stdout += b.toString();
  });
  child.stderr?.on("data", (b: Buffer) => {
    stderr += b.toString();
  });
  const exited = new Promise<Exited>((done) => child.on("close", (code, signal) => done({ code, signal, stdout, stderr })));
  return { child, exited, output: () => stdout + stderr };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const address = server.address();
  await new Promise((r) => server.close(r));
  if (typeof address !== "object" || address === null) throw new Error("no port");
  return address.port;
}

describe("bankbridge start", () => {
  it("answers /healthz within 10 s, creates the database and a 0600 admin key that works, and exits cleanly on SIGTERM", async () => {
    const port = await freePort();
    const { child, exited, output } = spawnCli(["start", "--data", "state", "--port", String(port)]);
    const started = Date.now();
    let healthy = false;
    while (!healthy && Date.now() - started < 10_000 && child.exitCode === null) {
      healthy = await fetch(`http://127.0.0.1:${port}/healthz`).then(
        (r) => r.status === 200,
        () => false,
      );
      if (!healthy) await new Promise((r) => setTimeout(r, 100));
    }
    expect(healthy, `not healthy within 10 s; output:\n${output()}`).toBe(true);

    expect((await stat(join(dir, "state", "bankbridge.db"))).isFile()).toBe(true);
    const keyFile = join(dir, "state", "admin-api-key");
    expect((await stat(keyFile)).mode & 0o777).toBe(0o600);
    const secret = (await readFile(keyFile, "utf8")).trim();
    const accounts = await fetch(`http://127.0.0.1:${port}/v1/accounts`, { headers: { authorization: `Bearer ${secret}` } });
    expect(accounts.status).toBe(200);
    expect(await accounts.json()).toEqual({ items: [] });
    expect((await fetch(`http://127.0.0.1:${port}/v1/accounts`)).status).toBe(401);

    child.kill("SIGTERM");
    const result = await exited;
    expect(result).toMatchObject({ code: 0, signal: null });
    expect(result.stdout).toContain(`listening on http://127.0.0.1:${port}`);
    expect(result.stdout).toContain(keyFile);
    expect(result.stdout + result.stderr).not.toContain(secret);
    expect(result.stdout).toMatch(/SIGTERM received; shutting down\n.*stopped\n$/);
    expect(result.stderr).toBe("");
  }, 30_000);
});

describe("bankbridge import", () => {
  it("reports added N for a canonical JSON file, then unchanged N for the same file", async () => {
    await writeFile(join(dir, "march.json"), sampleDocument());
    const first = await spawnCli(["import", "march.json", "--data", "state"]).exited;
    expect(first).toMatchObject({ code: 0, stderr: "" });
    expect(first.stdout).toBe(`march.json: succeeded, added ${SAMPLE_ENTRY_COUNT}, updated 0, unchanged 0, issues 0\n`);
    const second = await spawnCli(["import", "march.json", "--data", "state"]).exited;
    expect(second).toMatchObject({ code: 0, stderr: "" });
    expect(second.stdout).toBe(`march.json: succeeded, added 0, updated 0, unchanged ${SAMPLE_ENTRY_COUNT}, issues 0\n`);
  }, 30_000);

  it("exits 2 with one error line and no stack trace for a missing file", async () => {
    const result = await spawnCli(["import", "missing.json", "--data", "state"]).exited;
    expect(result).toEqual({ code: 2, signal: null, stdout: "", stderr: "error FILE_NOT_FOUND: missing.json does not exist\n" });
  }, 30_000);

  it("exits 2 with one USAGE line for an unknown option", async () => {
    const result = await spawnCli(["import", "--frobnicate"]).exited;
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error USAGE: unknown option '--frobnicate'[^\n]*\n$/);
  }, 30_000);
});
