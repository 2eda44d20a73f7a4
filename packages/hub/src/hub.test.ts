import { mkdtemp, readFile, rm, stat, unlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { resolveConfig } from "./config.js";
import { isHubError } from "./core/index.js";
import { ADMIN_KEY_FILE, createHub, type Hub, type Logger } from "./hub.js";

let dir: string;
let hubs: Hub[];
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "bankbridge-hub-"));
  hubs = [];
});
afterEach(async () => {
  for (const h of hubs) await h.stop();
  await rm(dir, { recursive: true, force: true });
});

function collectingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const push = (level: string) => (message: string, fields?: Readonly<Record<string, unknown>>) => {
    lines.push(`${level} ${message} ${fields === undefined ? "" : JSON.stringify(fields)}`);
  };
  return { lines, info: push("info"), warn: push("warn"), error: push("error") };
}

async function hub(options: { port?: number; log?: Logger } = {}): Promise<Hub> {
  const config = resolveConfig({ flags: { data: "data", port: options.port ?? 0 }, cwd: dir });
  const h = await createHub(config, { version: "9.9.9", shutdownGraceMs: 500, ...(options.log === undefined ? {} : { log: options.log }) });
  hubs.push(h);
  return h;
}

describe("#createHub", () => {
  it("creates the database, an admin key readable only by its owner, and logs the file's path but never the secret", async () => {
    const log = collectingLogger();
    const h = await hub({ log });
    expect((await stat(join(dir, "data", "bankbridge.db"))).isFile()).toBe(true);
    const file = join(dir, "data", ADMIN_KEY_FILE);
    expect(h.adminKeyFile).toBe(file);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, "data"))).mode & 0o077).toBe(0);
    const secret = (await readFile(file, "utf8")).trim();
    expect(await h.store.apiKeys.verify(secret)).toMatchObject({ role: "admin", tenantId: "default" });
    expect(log.lines.join("\n")).toContain(file);
    expect(log.lines.join("\n")).not.toContain(secret);
    expect(await h.store.tenants.get(h.config.tenant)).toBeDefined();
  });

  it("keeps the same admin key across restarts", async () => {
    const first = await hub();
    const secret = await readFile(first.adminKeyFile, "utf8");
    await first.stop();
    const second = await hub();
    expect(await readFile(second.adminKeyFile, "utf8")).toBe(secret);
    expect((await second.store.apiKeys.list(second.config.tenant)).filter((k) => k.role === "admin")).toHaveLength(1);
  });

  it("creates a new key when the database was replaced and the file's key is gone", async () => {
    const first = await hub();
    const old = await readFile(first.adminKeyFile, "utf8");
    await first.stop();
    await rm(join(dir, "data", "bankbridge.db"));
    const second = await hub();
    const fresh = await readFile(second.adminKeyFile, "utf8");
    expect(fresh).not.toBe(old);
    expect(await second.store.apiKeys.verify(fresh.trim())).toBeDefined();
  });

  it("warns instead of minting a second admin key when the file is gone but the database has one", async () => {
    const first = await hub();
    await first.stop();
    await unlink(first.adminKeyFile);
    const log = collectingLogger();
    const second = await hub({ log });
    expect(log.lines.some((l) => l.startsWith("warn ") && l.includes(ADMIN_KEY_FILE))).toBe(true);
    expect((await second.store.apiKeys.list(second.config.tenant)).filter((k) => k.role === "admin")).toHaveLength(1);
  });

  it("replaces a key file whose content is not a key when the database has no admin", async () => {
    const file = join(dir, "data", ADMIN_KEY_FILE);
    await hub().then((h) => h.stop());
    await rm(join(dir, "data", "bankbridge.db"));
    await writeFile(file, "garbage\n", { mode: 0o644 });
    const h = await hub();
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await h.store.apiKeys.verify((await readFile(file, "utf8")).trim())).toBeDefined();
  });
});

describe("#start and #stop", () => {
  it("serves the app on the configured host and stops the server before closing the store", async () => {
    const h = await hub();
    const { url } = await h.start();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await (await fetch(`${url}/healthz`)).json()).toEqual({ status: "ok" });
    const doc = (await (await fetch(`${url}/openapi.json`)).json()) as { info: { version: string } };
    expect(doc.info.version).toBe("9.9.9");
    await h.stop();
    await h.stop();
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
    await expect(h.store.ping()).rejects.toSatisfy((e) => isHubError(e) && e.code === "STORE_UNAVAILABLE");
  });

  it("throws PORT_IN_USE when the port is taken", async () => {
    const first = await hub();
    const { url } = await first.start();
    const port = Number(new URL(url).port);
    const second = await createHub(resolveConfig({ flags: { data: "other", port }, cwd: dir }), { version: "9.9.9" });
    hubs.push(second);
    await expect(second.start()).rejects.toSatisfy((e) => isHubError(e) && e.code === "PORT_IN_USE");
  });
});
