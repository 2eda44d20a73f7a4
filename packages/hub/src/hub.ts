/**
 * The composition root: the one place that opens the store, migrates it, builds the API and listens.
 * Nothing else in the hub creates long-lived resources; everything it wires gets its dependencies passed in.
 *
 * @module
 */
import { readFileSync } from "node:fs";
import { chmod, mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { createAdaptorServer } from "@hono/node-server";
import { type App, createApp } from "./api/index.js";
import type { HubConfig } from "./config.js";
import { HubError } from "./core/index.js";
import { openStore as defaultOpenStore, redactUrl } from "./store/index.js";
import type { MigrationReport, Store } from "./store/store.js";

/** Where the hub reports what it does. The CLI writes it to stdout/stderr; tests collect it. */
export interface Logger {
  info(message: string, fields?: Readonly<Record<string, unknown>>): void;
  warn(message: string, fields?: Readonly<Record<string, unknown>>): void;
  error(message: string, fields?: Readonly<Record<string, unknown>>): void;
}

/** Side effects {@link createHub} and friends use; each has a production default. */
export interface HubDeps {
  /** @default the store's `openStore` */
  readonly openStore?: (options: { url: string }) => Promise<Store>;
  /** @default a logger that drops everything */
  readonly log?: Logger;
  /** Version reported by the API. @default {@link hubVersion} */
  readonly version?: string;
  /** How long `stop()` waits for requests in flight before cutting connections. @default 10 000 ms */
  readonly shutdownGraceMs?: number;
}

/** A running hub: its API app and store, and the server's lifecycle. */
export interface Hub {
  readonly config: HubConfig;
  readonly app: App;
  readonly store: Store;
  /** Where the admin API key's secret is kept (mode 0600). */
  readonly adminKeyFile: string;
  /** Listens on `config.host:config.port`. Throws `PORT_IN_USE` or `CONFIG_INVALID` when it cannot. */
  start(): Promise<{ url: string }>;
  /** Stops accepting requests, lets those in flight finish (up to the grace period), then closes the store. Safe to call twice. */
  stop(): Promise<void>;
}

/** Name of the file in the data directory holding the admin API key's secret. */
export const ADMIN_KEY_FILE = "admin-api-key";

const silent: Logger = { info() {}, warn() {}, error() {} };

/** The hub package's version, read from its `package.json` (the same relative path from `src/` and `dist/`). */
export function hubVersion(): string {
  const pkg: unknown = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
  return typeof pkg === "object" && pkg !== null && "version" in pkg && typeof pkg.version === "string" ? pkg.version : "0.0.0";
}

/**
 * Opens the configured database and brings its schema to the latest version. The store is closed again if
 * migrating fails, so a caller never holds half a store.
 */
export async function openMigratedStore(config: HubConfig, deps: HubDeps = {}): Promise<{ store: Store; migrations: MigrationReport }> {
  const store = await (deps.openStore ?? defaultOpenStore)({ url: config.db });
  try {
    const migrations = await store.migrateToLatest();
    return { store, migrations };
  } catch (e) {
    await store.destroy().catch(() => {});
    throw e;
  }
}

/**
 * {@link openMigratedStore}, then makes sure the configured tenant exists: what every command that reads or
 * writes bank data needs first.
 */
export async function openHubStore(config: HubConfig, deps: HubDeps = {}): Promise<{ store: Store; migrations: MigrationReport }> {
  const opened = await openMigratedStore(config, deps);
  try {
    await opened.store.tenants.ensure(config.tenant, config.tenant === "default" ? "Default tenant" : config.tenant);
    return opened;
  } catch (e) {
    await opened.store.destroy().catch(() => {});
    throw e;
  }
}

/**
 * Wires the hub: opens and migrates the store, ensures the tenant and an admin API key, builds the API.
 * Does not listen until `start()`.
 *
 * @example
 * const hub = await createHub(resolveConfig({ env: process.env, cwd: process.cwd() }), { log })
 * const { url } = await hub.start()
 */
export async function createHub(config: HubConfig, deps: HubDeps = {}): Promise<Hub> {
  const log = deps.log ?? silent;
  const version = deps.version ?? hubVersion();
  // Created here, before the store might create it with looser permissions: it will hold a secret.
  await createDataDir(config.dataDir);
  const { store, migrations } = await openHubStore(config, deps);
  let adminKeyFile: string;
  try {
    for (const name of migrations.applied) log.info(`applied migration ${name}`);
    adminKeyFile = await ensureAdminKey(store, config, log);
  } catch (e) {
    await store.destroy().catch(() => {});
    throw e;
  }
  const app = createApp({ store, version, log });
  const graceMs = deps.shutdownGraceMs ?? 10_000;
  let server: ReturnType<typeof createAdaptorServer> | undefined;
  let stopping: Promise<void> | undefined;

  const start = async (): Promise<{ url: string }> => {
    if (server !== undefined) throw new Error("hub already started");
    const s = createAdaptorServer({ fetch: app.fetch });
    server = s;
    await new Promise<void>((resolve, reject) => {
      const onError = (e: unknown) => reject(listenError(e, config));
      s.once("error", onError);
      s.listen(config.port, config.host, () => {
        s.off("error", onError);
        resolve();
      });
    });
    s.on("error", (e) => log.error("HTTP server error", { error: e instanceof Error ? e.message : String(e) }));
    const address = s.address() as AddressInfo;
    const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
    const url = `http://${host}:${address.port}`;
    log.info(`BankBridge ${version} listening on ${url}`, { database: redactUrl(config.db), dataDir: config.dataDir });
    return { url };
  };

  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      const s = server;
      if (s?.listening) {
        // close() stops accepting and ends idle keep-alive connections; requests in flight get a grace period.
        const closed = new Promise<void>((resolve) => s.close(() => resolve()));
        const timer = setTimeout(() => "closeAllConnections" in s && s.closeAllConnections(), graceMs);
        await closed;
        clearTimeout(timer);
      }
      await store.destroy();
    })();
    return stopping;
  };

  return { config, app, store, adminKeyFile, start, stop };
}

async function createDataDir(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
  } catch (e) {
    throw new HubError("CONFIG_INVALID", `cannot create the data directory ${dir}: ${(e as Error).message}`, {
      details: { dataDir: dir },
      cause: e,
    });
  }
}

function listenError(e: unknown, config: HubConfig): HubError {
  const code = typeof e === "object" && e !== null && "code" in e ? e.code : undefined;
  if (code === "EADDRINUSE") {
    return new HubError("PORT_IN_USE", `port ${config.port} on ${config.host} is already in use; choose another with --port`, {
      details: { host: config.host, port: config.port },
      cause: e,
    });
  }
  const reason = e instanceof Error ? e.message : String(e);
  return new HubError("CONFIG_INVALID", `cannot listen on ${config.host}:${config.port}: ${reason}`, {
    details: { host: config.host, port: config.port },
    cause: e,
  });
}

/**
 * Makes sure someone can call the API: if `DATA/admin-api-key` does not hold a live admin key and the tenant
 * has none at all, creates one and writes its secret there (mode 0600). The secret is never logged, only
 * the file's path. If an admin key exists elsewhere, none is created: a second admin key should be a
 * decision, not a side effect of a restart with another data directory.
 */
async function ensureAdminKey(store: Store, config: HubConfig, log: Logger): Promise<string> {
  const file = join(config.dataDir, ADMIN_KEY_FILE);
  const existing = await readSecret(file);
  if (existing !== undefined) {
    const key = await store.apiKeys.verify(existing);
    if (key !== undefined && key.role === "admin" && key.tenantId === config.tenant) {
      log.info(`admin API key: ${file}`);
      return file;
    }
  }
  const keys = await store.apiKeys.list(config.tenant);
  if (keys.some((k) => k.role === "admin" && k.revokedAt === undefined)) {
    log.warn(
      `${file} ${existing === undefined ? "does not exist" : "does not hold a live admin key"}; the database already has an admin key, so no new one was created`,
    );
    return file;
  }
  const { key, secret } = await store.apiKeys.create({ tenantId: config.tenant, name: "admin", role: "admin" });
  try {
    await writeSecret(file, secret);
  } catch (e) {
    // A key nobody can read would only block the next start from creating a usable one.
    await store.apiKeys.revoke(config.tenant, key.id).catch(() => {});
    throw e;
  }
  log.info(`created an admin API key; its secret is in ${file}`);
  return file;
}

async function readSecret(file: string): Promise<string | undefined> {
  try {
    const text = (await readFile(file, "utf8")).trim();
    return text === "" ? undefined : text;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new HubError("FILE_UNREADABLE", `cannot read ${file}: ${(e as Error).message}`, { cause: e });
  }
}

/** Writes the secret so that it is never readable by others, not even for a moment: temp file 0600, then rename. */
async function writeSecret(file: string, secret: string): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    // "wx": a leftover temp file (with whatever mode it had) is removed, never reused.
    await rm(tmp, { force: true });
    await writeFile(tmp, `${secret}\n`, { mode: 0o600, flag: "wx" });
    await chmod(tmp, 0o600);
    await rename(tmp, file);
  } catch (e) {
    await rm(tmp, { force: true }).catch(() => {});
    throw new HubError("CONFIG_INVALID", `cannot write the admin API key to ${file}: ${(e as Error).message}`, { cause: e });
  }
}
