/**
 * The hub's configuration: one frozen object resolved from command-line flags, then environment variables,
 * then defaults. Everything is checked here, once, so the rest of the hub can trust it.
 *
 * @module
 */
import { isAbsolute, resolve } from "node:path";
import type { TenantId } from "./core/index.js";
import { HubError } from "./core/index.js";
import { defaultSqliteUrl } from "./store/index.js";

/** Resolved, validated configuration. Frozen. */
export interface HubConfig {
  /** Absolute directory for the SQLite database, the admin API key and other local state. @default `<cwd>/data` */
  readonly dataDir: string;
  /** TCP port of the API; 0 picks any free port. @default 8080 */
  readonly port: number;
  /**
   * Interface the API listens on. @default `127.0.0.1`: loopback, so a fresh install is not reachable from
   * the network until someone decides it should be.
   */
  readonly host: string;
  /** Database URL: `sqlite:/abs/file.db`, `sqlite::memory:` or `postgres://…`. @default SQLite `<dataDir>/bankbridge.db` */
  readonly db: string;
  /** Tenant the CLI and the first API key work in. @default `default` */
  readonly tenant: TenantId;
}

/** Values given on the command line; `undefined` means "not given". */
export interface ConfigFlags {
  readonly data?: string | undefined;
  readonly port?: string | number | undefined;
  readonly host?: string | undefined;
  readonly db?: string | undefined;
  readonly tenant?: string | undefined;
}

/** Where {@link resolveConfig} reads from. */
export interface ConfigSources {
  readonly flags?: ConfigFlags;
  /** Environment (`BANKBRIDGE_DATA`, `BANKBRIDGE_PORT`, `BANKBRIDGE_HOST`, `BANKBRIDGE_DB`, `BANKBRIDGE_TENANT`). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Directory relative paths are resolved against. */
  readonly cwd: string;
}

/** Default values, for help texts and docs. */
export const CONFIG_DEFAULTS = Object.freeze({ dataDir: "./data", port: 8080, host: "127.0.0.1", tenant: "default" });

const TENANT_SHAPE = /^[a-z0-9][a-z0-9_-]{0,62}$/;
// A hostname, an IPv4 address or an IPv6 literal; enough to reject typos such as "localhost:8080" early.
const HOST_SHAPE = /^([A-Za-z0-9.-]{1,253}|[0-9A-Fa-f:.]{2,45})$/;

/**
 * Resolves the configuration: a flag wins over its environment variable, which wins over the default.
 * An empty environment variable counts as unset. Throws `CONFIG_INVALID` naming the flag or variable at fault.
 *
 * @example resolveConfig({ flags: { port: "0" }, env: process.env, cwd: process.cwd() })
 */
export function resolveConfig(sources: ConfigSources): HubConfig {
  const flags = sources.flags ?? {};
  const env = sources.env ?? {};
  const pick = (flag: keyof ConfigFlags, variable: string): { value: string; from: string } | undefined => {
    const f = flags[flag];
    if (f !== undefined) return { value: String(f), from: `--${flag}` };
    const e = env[variable];
    if (e !== undefined && e !== "") return { value: e, from: variable };
    return undefined;
  };

  const data = pick("data", "BANKBRIDGE_DATA");
  if (data !== undefined && data.value.trim() === "") invalid(data.from, "must be a directory path", data.value);
  const dataDir = resolve(sources.cwd, data?.value ?? CONFIG_DEFAULTS.dataDir);

  const portText = pick("port", "BANKBRIDGE_PORT");
  let port: number = CONFIG_DEFAULTS.port;
  if (portText !== undefined) {
    if (!/^\d{1,5}$/.test(portText.value) || Number(portText.value) > 65535) {
      invalid(portText.from, "must be a port number from 0 to 65535 (0 = any free port)", portText.value);
    }
    port = Number(portText.value);
  }

  const hostText = pick("host", "BANKBRIDGE_HOST");
  const host = hostText?.value ?? CONFIG_DEFAULTS.host;
  if (hostText !== undefined && !HOST_SHAPE.test(hostText.value)) {
    invalid(hostText.from, "must be a host name or IP address (no scheme, no port)", hostText.value);
  }

  const dbText = pick("db", "BANKBRIDGE_DB");
  const db = dbText === undefined ? defaultSqliteUrl(dataDir) : databaseUrl(dbText.value, dbText.from, sources.cwd);

  const tenantText = pick("tenant", "BANKBRIDGE_TENANT");
  const tenant = tenantText?.value ?? CONFIG_DEFAULTS.tenant;
  if (!TENANT_SHAPE.test(tenant)) {
    invalid(tenantText?.from ?? "tenant", "must be 1-63 lower-case letters, digits, '-' or '_', starting with a letter or digit", tenant);
  }

  return Object.freeze({ dataDir, port, host, db, tenant: tenant as TenantId });
}

/**
 * A database URL as the store accepts it. SQLite paths are made absolute against `cwd` here, because the
 * store resolves relative paths against the process's directory, which is not always the user's.
 */
function databaseUrl(value: string, from: string, cwd: string): string {
  if (/^postgres(ql)?:\/\/./.test(value)) return value;
  if (value === "sqlite::memory:") return value;
  if (value.startsWith("sqlite:")) {
    const path = value.slice("sqlite:".length);
    if (path === "") invalid(from, "sqlite: needs a file path (sqlite:/abs/path/bankbridge.db) or :memory:", value);
    return `sqlite:${resolve(cwd, path)}`;
  }
  // Anything else with a scheme is a database we do not support; a bare path is a SQLite file.
  if (/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(value)) {
    // Only the scheme is echoed: the rest of a URL may hold a password.
    invalid(from, "must be postgres://…, sqlite:/path/file.db, sqlite::memory: or a SQLite file path", `${value.split(":")[0]}://…`);
  }
  return `sqlite:${isAbsolute(value) ? value : resolve(cwd, value)}`;
}

function invalid(from: string, rule: string, value: string): never {
  const shown = value.length > 80 ? `${value.slice(0, 77)}...` : value;
  throw new HubError("CONFIG_INVALID", `${from} ${rule} (got "${shown}")`, { details: { setting: from, value: shown } });
}
