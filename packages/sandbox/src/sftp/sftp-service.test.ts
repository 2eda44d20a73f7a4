import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Statement } from "@bankbridge/hub/core";
import { defaultFormatRegistry } from "@bankbridge/hub/formats";
import ssh2 from "ssh2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FaultDecision, FaultPlan } from "../faults/fault-types.js";
import { noFaults } from "../faults/no-faults.js";
import type { RunningService } from "../service.js";
import { addDays } from "../statements/index.js";
import { createSftpService, sshFingerprint } from "./sftp-service.js";
import { generateSshKeyPair } from "./ssh-key-pair.js";
import { DAY, HOUR, sandboxContext } from "./test-support/sandbox-context.js";

const HAVE_SFTP = existsSync("/usr/bin/sftp");

interface SftpRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs OpenSSH `sftp -b` with `commands` as the batch file; async so the server in this process keeps answering. */
function runSftp(service: RunningService, dir: string, commands: string[], extra: string[] = [], key = "id_ed25519"): Promise<SftpRun> {
  const batch = join(dir, `batch-${Math.random().toString(36).slice(2)}`);
  writeFileSync(batch, `${commands.join("\n")}\n`);
  const url = new URL(service.endpoint.url);
  const args = [
    "-b",
    batch,
    "-i",
    join(dir, key),
    "-P",
    url.port,
    "-o",
    "StrictHostKeyChecking=no",
    "-o",
    "UserKnownHostsFile=/dev/null",
    "-o",
    "IdentitiesOnly=yes",
    "-o",
    "ConnectTimeout=10",
    ...extra,
    `${decodeURIComponent(url.username)}@${url.hostname}`,
  ];
  return new Promise((resolve) => {
    execFile("/usr/bin/sftp", args, { cwd: dir, timeout: 20_000 }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === "number" ? error.code : 1, stdout, stderr });
    });
  });
}

const registry = defaultFormatRegistry();

const ASSETS = new URL("../../../../../shared/corpus/genkgo+camt/assets/", import.meta.url);
const XSD_052 = fileURLToPath(new URL("camt.052.001.08.xsd", ASSETS));
const XSD_053 = fileURLToPath(new URL("camt.053.001.08.xsd", ASSETS));
const XSD_054 = fileURLToPath(new URL("camt.054.001.08.xsd", ASSETS));
const HAVE_XSD = existsSync(XSD_054);
const HAVE_XMLLINT = existsSync("/usr/bin/xmllint");

function xmllint(xsd: string, files: string[]): Promise<{ ok: boolean; output: string }> {
  return new Promise((resolve) => {
    execFile("xmllint", ["--noout", "--schema", xsd, ...files], { timeout: 30_000 }, (error, stdout, stderr) => {
      resolve({ ok: error === null, output: `${stdout}${stderr}` });
    });
  });
}

describe.skipIf(!HAVE_SFTP)("SFTP outbox with OpenSSH sftp", () => {
  const context = sandboxContext();
  let service: RunningService;
  let dir: string;

  beforeAll(async () => {
    service = await createSftpService({ banks: ["eubank", "hkbank", "icbc"] })(context, { port: 0 });
    dir = mkdtempSync(join(tmpdir(), "bankbridge-sftp-"));
    writeFileSync(join(dir, "id_ed25519"), service.endpoint.credentials.privateKey!, { mode: 0o600 });
  });
  afterAll(async () => {
    await service.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("publishes the user, the client key in OpenSSH format and the host key's fingerprint", () => {
    const c = service.endpoint.credentials;
    expect(service.endpoint).toMatchObject({ id: "sftp", protocol: "sftp" });
    expect(service.endpoint.url).toMatch(/^sftp:\/\/bankbridge@127\.0\.0\.1:\d+$/);
    expect(c.privateKey).toContain("-----BEGIN OPENSSH PRIVATE KEY-----");
    expect(c.hostKeyFingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
    expect(c.hostKeyFingerprint).toBe(sshFingerprint(c.hostPublicKey!));
    expect(service.endpoint.accounts.length).toBeGreaterThan(0);
  });

  it("logs in with the key, lists the tree and fetches every file of a day, each parsing with balances that close and the ledger's entries", async () => {
    const account = context.ledger.accounts("eubank")[0]!;
    const day = addDays(context.ledger.today("eubank"), -1);
    const remote = `/outbox/eubank/${account.id}/${day}`;
    const local = join(dir, "fetched");
    mkdirSync(local);
    const run = await runSftp(service, dir, [
      "ls /outbox",
      `ls /outbox/eubank/${account.id}`,
      `cd ${remote}`,
      "ls -l",
      `lcd ${local}`,
      "get *",
    ]);
    expect(run.stderr).not.toMatch(/denied|failure/i);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("eubank");
    expect(run.stdout).toContain(day);
    const names = readdirSync(local).sort();
    expect(names).toEqual(
      expect.arrayContaining([`camt053_${account.id}_${day}.xml`, `mt940_${account.id}_${day}.sta`, `bai2_${account.id}_${day}.bai`]),
    );
    expect(names.filter((n) => n.startsWith("camt052_"))).toHaveLength(4);
    const booked = context.ledger.transactions(account.id, { from: day, to: day });
    expect(names.filter((n) => n.startsWith("camt054_"))).toHaveLength(booked.length);
    const daily = context.ledger.dailyBalances(account.id, day, day)[0]!;
    for (const name of names) {
      const parsed = registry.parse(new Uint8Array(readFileSync(join(local, name))));
      expect(parsed.rejected, name).toBeUndefined();
      expect(
        parsed.issues.filter((i) => i.severity === "error" || /MISMATCH/.test(i.code)),
        name,
      ).toEqual([]);
      const s = parsed.statements[0] as Statement;
      if (/^(camt053|mt940|bai2)_/.test(name)) {
        expect(s.openingBalance?.amount.minor, name).toBe(daily.previousDay);
        expect(s.closingBalance?.amount.minor, name).toBe(daily.closingBooked);
        expect(
          s.entries.map((e) => e.amount.minor),
          name,
        ).toEqual(booked.map((t) => t.amount));
      }
      if (name.startsWith("camt054_")) {
        const tx = booked.find((t) => name.includes(t.id))!;
        expect(
          s.entries.map((e) => e.amount.minor),
          name,
        ).toEqual([tx.amount]);
      }
    }
    // (b) the notification and intraday files are valid against the ISO schemas.
    if (HAVE_XSD && HAVE_XMLLINT) {
      for (const [prefix, xsd] of [
        ["camt052_", XSD_052],
        ["camt053_", XSD_053],
        ["camt054_", XSD_054],
      ] as const) {
        const files = names.filter((n) => n.startsWith(prefix)).map((n) => join(local, n));
        const result = await xmllint(xsd, files);
        expect(result.ok, result.output).toBe(true);
      }
    }
  });

  it("gives the same bytes on every read", async () => {
    const account = context.ledger.accounts("hkbank")[0]!;
    const day = addDays(context.ledger.today("hkbank"), -2);
    const file = `/outbox/hkbank/${account.id}/${day}/camt053_${account.id}_${day}.xml`;
    const a = join(dir, "a.xml");
    const b = join(dir, "b.xml");
    const run = await runSftp(service, dir, [`get ${file} ${a}`, `get ${file} ${b}`]);
    expect(run.code).toBe(0);
    expect(readFileSync(a).equals(readFileSync(b))).toBe(true);
  });

  it("shows a day's statements only after the day ended in the bank's zone, and intraday snapshots as the hours pass", async () => {
    const account = context.ledger.accounts("icbc")[0]!;
    const today = context.ledger.today("icbc");
    const path = `/outbox/icbc/${account.id}/${today}`;
    const before = await runSftp(service, dir, [`ls -1 ${path}`]);
    expect(before.code).toBe(0);
    expect(before.stdout).not.toContain(`camt053_${account.id}_${today}`);
    expect(before.stdout).not.toContain("_1000.xml");
    context.clock.advance(2 * HOUR);
    const midday = await runSftp(service, dir, [`ls -1 ${path}`]);
    expect(midday.stdout).toContain(`camt052_${account.id}_${today}_1000.xml`);
    expect(midday.stdout).not.toContain(`camt053_${account.id}_${today}`);
    context.clock.advance(DAY);
    const after = await runSftp(service, dir, [`ls -1 ${path}`]);
    expect(after.stdout).toContain(`camt053_${account.id}_${today}.xml`);
    expect(after.stdout).toContain(`bai2_${account.id}_${today}.bai`);
  });

  it("refuses writes with the SFTP permission status", async () => {
    writeFileSync(join(dir, "upload.txt"), "x");
    const put = await runSftp(service, dir, [`put ${join(dir, "upload.txt")} /outbox/upload.txt`]);
    expect(put.code).not.toBe(0);
    expect(put.stderr).toMatch(/Permission denied/);
    const rm = await runSftp(service, dir, ["rm /outbox/eubank"]);
    expect(rm.stderr).toMatch(/Permission denied|Couldn't delete/);
    const missing = await runSftp(service, dir, ["get /outbox/nope.xml"]);
    expect(missing.stderr).toMatch(/not found|No such file/);
  });

  it("refuses a password login and a wrong key", async () => {
    const password = await new Promise<string>((resolve) => {
      const c = new ssh2.Client();
      c.on("ready", () => {
        c.end();
        resolve("logged in");
      });
      c.on("error", (e) => resolve(e.message));
      const url = new URL(service.endpoint.url);
      c.connect({ host: url.hostname, port: Number(url.port), username: "bankbridge", password: "bankbridge", tryKeyboard: true });
    });
    expect(password).toMatch(/authentication methods failed/);
    const other = generateSshKeyPair();
    writeFileSync(join(dir, "other_key"), other.private, { mode: 0o600 });
    const wrongKey = await runSftp(service, dir, ["ls /"], ["-o", "BatchMode=yes"], "other_key");
    expect(wrongKey.code).not.toBe(0);
    expect(wrongKey.stderr).toMatch(/Permission denied/);
    const passwordOnly = await runSftp(service, dir, ["ls /"], ["-o", "BatchMode=yes", "-o", "PreferredAuthentications=password"]);
    expect(passwordOnly.code).not.toBe(0);
  });
});

describe.skipIf(!HAVE_SFTP)("SFTP faults", () => {
  it("drops the connection when the fault plan says reset, and serves again after", async () => {
    let reads = 0;
    const faults: FaultPlan = {
      ...noFaults,
      decide(endpoint): FaultDecision {
        if (endpoint === "sftp:open" && reads++ === 0) return { latencyMs: 0, action: { kind: "reset" } };
        return { latencyMs: 0, action: { kind: "none" } };
      },
    };
    const context = sandboxContext({ faults });
    const service = await createSftpService({ banks: ["eubank"] })(context, { port: 0 });
    const dir = mkdtempSync(join(tmpdir(), "bankbridge-sftp-"));
    try {
      writeFileSync(join(dir, "id_ed25519"), service.endpoint.credentials.privateKey!, { mode: 0o600 });
      const account = context.ledger.accounts("eubank")[0]!;
      const day = addDays(context.ledger.today("eubank"), -1);
      const file = `/outbox/eubank/${account.id}/${day}/mt940_${account.id}_${day}.sta`;
      const first = await runSftp(service, dir, [`get ${file} ${join(dir, "x.sta")}`]);
      expect(first.code).not.toBe(0);
      const second = await runSftp(service, dir, [`get ${file} ${join(dir, "x.sta")}`]);
      expect(second.code).toBe(0);
      expect(readFileSync(join(dir, "x.sta"), "utf8")).toContain(":20:");
    } finally {
      await service.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
