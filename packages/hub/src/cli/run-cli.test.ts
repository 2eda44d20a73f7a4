import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { eurStatement, SAMPLE_ENTRY_COUNT, sampleDocument } from "../api/test-support/samples.js";
import { fixtureWithTwoStatements } from "../formats/camt/test-support/camt-corpus.js";
import { hubVersion } from "../hub.js";
import type { CliIo } from "./io.js";
import { runCli } from "./run-cli.js";

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "bankbridge-cli-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Runs the CLI in-process in `dir` with an empty environment. */
async function run(argv: string[], io: Partial<CliIo> = {}): Promise<Run> {
  let stdout = "";
  let stderr = "";
  const code = await runCli(argv, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env: {},
    cwd: dir,
    ...io,
  });
  return { code, stdout, stderr };
}

/** Asserts the run failed with exactly one `error CODE: …` line on stderr and returns that line. */
function expectOneError(r: Run, code: string): string {
  expect(r.code).toBe(2);
  const lines = r.stderr.split("\n").filter((l) => l !== "");
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(new RegExp(`^error ${code}: \\S`));
  return lines[0] ?? "";
}

describe("help and version", () => {
  it.each([[[]], [["start"]], [["db"]], [["db", "migrate"]], [["import"]], [["sandbox"]]])(
    "prints help for %j with --help and exits 0",
    async (path) => {
      const r = await run([...path, "--help"]);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`Usage: ${["bankbridge", ...path].join(" ")} `);
      expect(r.stderr).toBe("");
    },
  );

  it("prints help through the help command", async () => {
    const r = await run(["help", "import"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Usage: bankbridge import [options] <file...>");
  });

  it("prints the package version with --version", async () => {
    const r = await run(["--version"]);
    expect(r).toEqual({ code: 0, stdout: `${hubVersion()}\n`, stderr: "" });
  });
});

describe("usage errors", () => {
  it("reports an unknown option as one USAGE line with exit 2", async () => {
    const r = await run(["import", "--colour", "x.json"]);
    expect(expectOneError(r, "USAGE")).toContain("unknown option '--colour'");
    expect(r.stdout).toBe("");
  });

  it("reports an unknown command as USAGE", async () => {
    expect(expectOneError(await run(["serve"]), "USAGE")).toContain("unknown command 'serve'");
  });

  it("reports a missing argument as USAGE", async () => {
    expect(expectOneError(await run(["import"]), "USAGE")).toContain("missing required argument 'file'");
  });

  it("reports an option without its value as USAGE", async () => {
    expect(expectOneError(await run(["start", "--port"]), "USAGE")).toContain("--port");
  });

  it("reports a missing command as USAGE and points to the help of the right level", async () => {
    expect(expectOneError(await run([]), "USAGE")).toContain("'bankbridge --help'");
    expect(expectOneError(await run(["db"]), "USAGE")).toContain("'bankbridge db --help'");
  });

  it("reports an invalid option value as CONFIG_INVALID", async () => {
    expect(expectOneError(await run(["start", "--port", "70000"]), "CONFIG_INVALID")).toContain("--port");
  });
});

describe("db migrate", () => {
  it("applies the migrations of a fresh database, then finds nothing to do", async () => {
    const first = await run(["db", "migrate", "--data", "state"]);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^database sqlite:.*state\/bankbridge\.db\napplied \S+/);
    expect((await stat(join(dir, "state", "bankbridge.db"))).isFile()).toBe(true);
    const second = await run(["db", "migrate", "--data", "state"]);
    expect(second.stdout).toMatch(/up to date at \S+/);
    expect(second.stdout).not.toContain("applied");
  });

  it("takes the data directory from BANKBRIDGE_DATA", async () => {
    const r = await run(["db", "migrate"], { env: { BANKBRIDGE_DATA: "from-env" } });
    expect(r.code).toBe(0);
    expect((await stat(join(dir, "from-env", "bankbridge.db"))).isFile()).toBe(true);
  });

  it("rejects a database it does not support without echoing the URL's password", async () => {
    const line = expectOneError(await run(["db", "migrate", "--db", "mysql://root:hunter2@db/bank"]), "CONFIG_INVALID");
    expect(line).not.toContain("hunter2");
  });
});

describe("import", () => {
  const write = async (name: string, content: string | Uint8Array) => {
    await writeFile(join(dir, name), content);
    return name;
  };

  it("imports a canonical JSON file and reports nothing new the second time", async () => {
    const file = await write("march.json", sampleDocument());
    const first = await run(["import", file, "--data", "d"]);
    expect(first).toEqual({
      code: 0,
      stdout: `march.json: succeeded, added ${SAMPLE_ENTRY_COUNT}, updated 0, unchanged 0, issues 0\n`,
      stderr: "",
    });
    const second = await run(["import", file, "--data", "d"]);
    expect(second.stdout).toBe(`march.json: succeeded, added 0, updated 0, unchanged ${SAMPLE_ENTRY_COUNT}, issues 0\n`);
  });

  it("stores a file refused part-way up to the refusal when streamed, and still calls it rejected with exit 2", async () => {
    const full = fixtureWithTwoStatements();
    const file = await write("cut.xml", full.slice(0, full.lastIndexOf("<Stmt>") + 200));
    const streamed = await run(["import", "--stream", "always", file, "--data", "s"]);
    expect(streamed.code).toBe(2);
    expect(streamed.stdout).toMatch(/^cut\.xml: rejected, added [1-9]\d*, /);
    expect(streamed.stdout).toContain("error XML_MALFORMED");
    const whole = await run(["import", "--stream", "never", file, "--data", "w"]);
    expect(whole.code).toBe(2);
    expect(whole.stdout).toMatch(/^cut\.xml: rejected, added 0, /);
  });

  it("prints one JSON report with --json", async () => {
    const file = await write("march.json", sampleDocument());
    const r = await run(["import", "--json", file, "--data", "d"]);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { ok: boolean; files: Record<string, unknown>[] };
    expect(report.ok).toBe(true);
    expect(report.files).toEqual([
      expect.objectContaining({
        file: "march.json",
        ok: true,
        format: "canonical-json",
        status: "succeeded",
        added: SAMPLE_ENTRY_COUNT,
        issues: [],
      }),
    ]);
  });

  it("reports a file that is not JSON with its issue, still imports the others, and exits 2", async () => {
    const bad = await write("bad.json", '{"statements": [');
    const good = await write("good.json", sampleDocument());
    const r = await run(["import", bad, good, "--data", "d"]);
    expect(r.code).toBe(2);
    const lines = r.stdout.split("\n");
    expect(lines[0]).toBe("bad.json: rejected, added 0, updated 0, unchanged 0, issues 1");
    expect(lines[1]).toMatch(/^ {2}error FORMAT_UNSUPPORTED: document is not JSON/);
    expect(lines[2]).toBe(`good.json: succeeded, added ${SAMPLE_ENTRY_COUNT}, updated 0, unchanged 0, issues 0`);
    expect(r.stderr).toBe("");
  });

  it("refuses JSON that is no bank document, and says MODEL_INVALID when told it is canonical JSON; exits 2", async () => {
    const file = await write("other.json", JSON.stringify({ invoices: [] }));
    const auto = await run(["import", file, "--data", "d"]);
    expect(auto.code).toBe(2);
    expect(auto.stdout).toContain("error FORMAT_UNSUPPORTED:");
    const told = await run(["import", file, "--data", "d", "--format", "canonical-json"]);
    expect(told.code).toBe(2);
    expect(told.stdout).toContain("error MODEL_INVALID:");
  });

  it("imports the valid entries of a partly invalid file, lists the invalid ones and exits 0", async () => {
    const statement = eurStatement() as { entries: unknown[] };
    statement.entries.push({ amount: "1,5", currency: "EUR", status: "booked", details: [] });
    const file = await write("partial.json", JSON.stringify(statement));
    const r = await run(["import", file, "--data", "d"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^partial\.json: partial, added 3, updated 0, unchanged 0, issues 1\n {2}error MODEL_INVALID: \/entries\/3\/amount/,
    );
  });

  it("reports a missing file as one FILE_NOT_FOUND line, imports the rest and exits 2", async () => {
    const good = await write("good.json", sampleDocument());
    const r = await run(["import", "missing.json", good, "--data", "d"]);
    expect(expectOneError(r, "FILE_NOT_FOUND")).toBe("error FILE_NOT_FOUND: missing.json does not exist");
    expect(r.stdout).toContain(`good.json: succeeded, added ${SAMPLE_ENTRY_COUNT}`);
  });

  it("reports a directory as FILE_UNREADABLE", async () => {
    await mkdir(join(dir, "folder"));
    expectOneError(await run(["import", "folder", "--data", "d"]), "FILE_UNREADABLE");
  });

  it("lists errors of missing files in the --json report too", async () => {
    const r = await run(["import", "--json", "missing.json", "--data", "d"]);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout)).toEqual({
      ok: false,
      files: [{ file: "missing.json", ok: false, error: { code: "FILE_NOT_FOUND", message: "missing.json does not exist" } }],
    });
  });

  it("imports into the tenant given with --tenant", async () => {
    const file = await write("march.json", sampleDocument());
    expect((await run(["import", file, "--data", "d", "--tenant", "acme"])).code).toBe(0);
    // Same file, other tenant: everything is new there.
    expect((await run(["import", file, "--data", "d"])).stdout).toContain(`added ${SAMPLE_ENTRY_COUNT}`);
  });

  it("rejects a malformed tenant id as CONFIG_INVALID", async () => {
    expectOneError(await run(["import", "x.json", "--tenant", "Not Valid"]), "CONFIG_INVALID");
  });

  it("prints the stack and the cause chain only with --debug", async () => {
    const plain = await run(["import", "missing.json", "--data", "d"]);
    expect(plain.stderr.trim().split("\n")).toHaveLength(1);
    const debug = await run(["--debug", "import", "missing.json", "--data", "d"]);
    expect(debug.stderr).toMatch(/^error FILE_NOT_FOUND: missing\.json does not exist\nHubError: missing\.json does not exist\n\s+at /);
    expect(debug.stderr).toContain("caused by: Error: ENOENT");
  });
});

describe("start", () => {
  /** A `waitForShutdown` the test releases, plus a way to wait for the server's URL in the log. */
  function controlledShutdown() {
    let release: (signal: string) => void = () => {};
    const signal = new Promise<string>((resolve) => {
      release = resolve;
    });
    return { waitForShutdown: () => signal, release };
  }

  async function waitFor<T>(probe: () => T | undefined, timeoutMs = 10_000): Promise<T> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const v = probe();
      if (v !== undefined) return v;
      if (Date.now() > until) throw new Error("timed out");
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  it("serves the API with a fresh admin key until shutdown, then exits 0 without printing the secret", async () => {
    const shutdown = controlledShutdown();
    let stdout = "";
    const running = runCli(["start", "--data", "d", "--port", "0", "--no-sandbox"], {
      stdout: { write: (s: string) => (stdout += s) },
      stderr: { write: () => {} },
      env: {},
      cwd: dir,
      waitForShutdown: shutdown.waitForShutdown,
    });
    const url = await waitFor(() => /listening on (http:\/\/\S+)/.exec(stdout)?.[1]);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    const keyFile = join(dir, "d", "admin-api-key");
    const secret = (await readFile(keyFile, "utf8")).trim();
    const res = await fetch(`${url}/v1/accounts`, { headers: { authorization: `Bearer ${secret}` } });
    expect(res.status).toBe(200);
    shutdown.release("SIGTERM");
    expect(await running).toBe(0);
    expect(stdout).toContain(keyFile);
    expect(stdout).not.toContain(secret);
    expect(stdout).toMatch(/SIGTERM received; shutting down\n.*stopped\n$/);
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  });

  it("reports a port in use as PORT_IN_USE and exits 2", async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const address = blocker.address();
    const port = typeof address === "object" && address !== null ? address.port : 0;
    try {
      const r = await run(["start", "--data", "d", "--port", String(port), "--no-sandbox"], {
        waitForShutdown: () => new Promise(() => {}),
      });
      expect(r.code).toBe(2);
      expect(r.stderr.split("\n").filter((l) => l.startsWith("error "))).toEqual([expect.stringMatching(/^error PORT_IN_USE: port \d+/)]);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });
});
