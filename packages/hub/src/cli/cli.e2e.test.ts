/**
 * The compiled `bankbridge` executable in a child process, as `npm start` runs it: real signals, real exit
 * statuses, real files. `npm test` builds first (`pretest`); this file builds again so a run of just these
 * tests never exercises stale output (an up-to-date `tsc -b` is a no-op).
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { once } from "node:events";
import { createWriteStream, existsSync } from "node:fs";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { SAMPLE_ENTRY_COUNT, sampleDocument } from "../api/test-support/samples.js";
import { generateBai2 } from "../formats/bai2/index.js";

const root = resolve(import.meta.dirname, "../../../..");
const main = join(root, "packages/hub/dist/cli/main.js");

/** The environment without BANKBRIDGE_* settings of whoever runs the tests. */
const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("BANKBRIDGE_")));

beforeAll(async () => {
  await promisify(execFile)(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "-b", "packages/hub", "packages/sandbox"], {
    cwd: root,
  });
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
    const { child, exited, output } = spawnCli(["start", "--data", "state", "--port", String(port), "--sandbox-port-base", "0"]);
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

    // The simulated banks start beside the API; their endpoints (with credentials) are in a 0600 file.
    const endpointsFile = join(dir, "state", "sandbox-endpoints.json");
    // Generous: the sandbox builds 30 days of history and its keys after the API is up, on a machine busy with the suite.
    for (let i = 0; i < 300 && !(await stat(endpointsFile).catch(() => undefined)) && child.exitCode === null; i++)
      await new Promise((r) => setTimeout(r, 100));
    expect(existsSync(endpointsFile), `no ${endpointsFile}; output:\n${output()}`).toBe(true);
    expect((await stat(endpointsFile)).mode & 0o777).toBe(0o600);
    const sandbox = JSON.parse(await readFile(endpointsFile, "utf8")) as {
      endpoints: { id: string; url: string; credentials: Record<string, string> }[];
    };
    const admin = sandbox.endpoints.find((e) => e.id === "admin");
    expect(admin?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/_admin$/);
    const ledger = await fetch(`${admin?.url}/ledger`, { headers: { authorization: `Bearer ${admin?.credentials.token}` } });
    expect(ledger.status).toBe(200);
    expect(((await ledger.json()) as { accounts: unknown[] }).accounts.length).toBeGreaterThan(0);

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

describe("bankbridge sandbox", () => {
  it("prints every endpoint, writes them as JSON with --endpoints, serves the ground truth, and stops on SIGTERM", async () => {
    const { child, exited, output } = spawnCli(["sandbox", "--seed", "7", "--days", "3", "--port-base", "0", "--endpoints", "ep.json"]);
    const file = join(dir, "ep.json");
    for (let i = 0; i < 200 && !(await stat(file).catch(() => undefined)); i++) await new Promise((r) => setTimeout(r, 100));
    expect(existsSync(file), output()).toBe(true);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const doc = JSON.parse(await readFile(file, "utf8")) as {
      version: number;
      seed: string;
      historyDays: number;
      endpoints: { id: string; protocol: string; url: string; credentials: Record<string, string>; accounts: string[] }[];
    };
    expect(doc).toMatchObject({ version: 1, seed: "7", historyDays: 3 });
    for (const e of doc.endpoints) {
      expect(e.url).toMatch(/^[a-z]+:\/\/([^@/]+@)?127\.0\.0\.1:\d+/);
      expect(output()).toContain(e.url);
    }
    const admin = doc.endpoints.find((e) => e.id === "admin");
    const truth = await fetch(`${admin?.url}/ledger`, { headers: { authorization: `Bearer ${admin?.credentials.token}` } });
    expect(truth.status).toBe(200);
    expect(((await truth.json()) as { seed: string }).seed).toBe("7");
    expect((await fetch(`${admin?.url}/ledger`)).status).toBe(401);
    child.kill("SIGTERM");
    expect(await exited).toMatchObject({ code: 0, signal: null, stderr: "" });
  }, 60_000);

  it("lets simulated time flow with --speed, and refuses a speed that is not a number", async () => {
    const { child, exited, output } = spawnCli(["sandbox", "--port-base", "0", "--days", "1", "--speed", "3600", "--endpoints", "ep.json"]);
    const file = join(dir, "ep.json");
    for (let i = 0; i < 200 && !(await stat(file).catch(() => undefined)); i++) await new Promise((r) => setTimeout(r, 100));
    expect(existsSync(file), output()).toBe(true);
    const doc = JSON.parse(await readFile(file, "utf8")) as {
      endpoints: { id: string; url: string; credentials: Record<string, string> }[];
    };
    const admin = doc.endpoints.find((e) => e.id === "admin");
    const headers = { authorization: `Bearer ${admin?.credentials.token}` };
    const clock = async () => ((await (await fetch(`${admin?.url}/clock`, { headers })).json()) as { nowMs: number }).nowMs;
    const first = await clock();
    await new Promise((r) => setTimeout(r, 1500));
    // 1.5 real seconds at 3600× is 1.5 simulated hours; allow for the time the requests take.
    expect((await clock()) - first).toBeGreaterThan(3_600_000);
    child.kill("SIGTERM");
    expect(await exited).toMatchObject({ code: 0 });
    const bad = await spawnCli(["sandbox", "--port-base", "0", "--speed", "fast"]).exited;
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^error CONFIG_INVALID: --speed must be a number/);
  }, 60_000);

  it("refuses an invalid scenario with SCENARIO_INVALID naming the mistake, and exits 2", async () => {
    await writeFile(join(dir, "bad.json"), JSON.stringify({ faults: { endpoints: { "cmb:*": { errors: { reset: 3 } } } } }));
    const r = await spawnCli(["sandbox", "--port-base", "0", "--scenario", "bad.json"]).exited;
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error SCENARIO_INVALID: .*faults\.endpoints\.cmb:\*\.errors\.reset/);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    const notJson = await spawnCli(["sandbox", "--port-base", "0", "--scenario", "missing.json"]).exited;
    expect(notJson.stderr).toMatch(/^error FILE_NOT_FOUND: /);
  }, 60_000);
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

  it("stops quietly when its reader closes the pipe, with the exit status so far", async () => {
    // Enough statements that the output outlasts the pipe's buffer.
    const day = [":20:S", ":25:10020030/1", ":28C:1/1", ":60F:C240102EUR0,00"];
    for (let i = 0; i < 3000; i++) day.push(`:61:2401020102C1,00NTRFNONREF//B${i}`, `:86:payment ${i}`);
    day.push(":62F:C240102EUR3000,00", "-");
    await writeFile(join(dir, "big.sta"), day.join("\r\n"));
    await writeFile(join(dir, "junk.txt"), "not a bank file");
    const { child, exited } = spawnCli(["parse", "--stream", "always", "junk.txt", "big.sta"]);
    // Closed well into big.sta's output, once junk.txt has been refused.
    let seen = 0;
    child.stdout?.on("data", (b: Buffer) => {
      seen += b.length;
      if (seen > 200_000) child.stdout?.destroy();
    });
    const result = await exited;
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error FORMAT_UNSUPPORTED: junk\.txt: [^\n]*\n$/);
  }, 30_000);

  it("exits 2 with one USAGE line for an unknown option", async () => {
    const result = await spawnCli(["import", "--frobnicate"]).exited;
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error USAGE: unknown option '--frobnicate'[^\n]*\n$/);
  }, 30_000);
});

describe("large files in a small heap", () => {
  /** The CLI with a 128 MB heap, its output dropped; resolves with its exit status and the end of its stderr. */
  const runSmall = (args: string[]) =>
    new Promise<{ code: number | null; stderr: string }>((done) => {
      const child = spawn(process.execPath, ["--max-old-space-size=128", main, ...args], {
        cwd: dir,
        env: cleanEnv,
        stdio: ["ignore", "ignore", "pipe"],
      });
      children.push(child);
      let stderr = "";
      child.stderr?.on("data", (b: Buffer) => {
        stderr = (stderr + b.toString()).slice(-2000);
      });
      child.on("close", (code) => done({ code, stderr }));
    });

  it("parses and imports a 30 MB BAI2 file (420,000 entries) streamed, which read whole does not fit", async () => {
    const out = createWriteStream(join(dir, "big.bai2"));
    for (const piece of generateBai2({ chars: 30_000_000 })) if (!out.write(piece)) await once(out, "drain");
    await new Promise<void>((r) => out.end(r));
    // The control: read whole, its entries alone need more than this heap.
    expect((await runSmall(["parse", "--stream", "never", "big.bai2"])).code).not.toBe(0);
    expect(await runSmall(["parse", "--stream", "always", "big.bai2"])).toEqual({ code: 0, stderr: "" });
    expect(await runSmall(["import", "--stream", "always", "--data", "state", "big.bai2"])).toEqual({ code: 0, stderr: "" });
  }, 120_000);
});
