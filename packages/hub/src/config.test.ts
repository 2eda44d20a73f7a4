import { describe, expect, it } from "vitest";
import { resolveConfig } from "./config.js";
import { isHubError } from "./core/index.js";

const cwd = "/srv/bankbridge";

function configError(fn: () => unknown): { code: string; message: string } {
  try {
    fn();
  } catch (e) {
    if (isHubError(e)) return { code: e.code, message: e.message };
    throw e;
  }
  throw new Error("expected an error");
}

describe("#resolveConfig", () => {
  it("defaults to ./data, port 8080 on loopback, SQLite in the data directory and the default tenant", () => {
    expect(resolveConfig({ cwd })).toEqual({
      dataDir: "/srv/bankbridge/data",
      port: 8080,
      host: "127.0.0.1",
      db: "sqlite:/srv/bankbridge/data/bankbridge.db",
      tenant: "default",
    });
  });

  it("returns a frozen object", () => {
    expect(Object.isFrozen(resolveConfig({ cwd }))).toBe(true);
  });

  it("reads the environment, and lets flags win over it", () => {
    const env = { BANKBRIDGE_DATA: "/var/lib/bb", BANKBRIDGE_PORT: "9000", BANKBRIDGE_HOST: "0.0.0.0", BANKBRIDGE_TENANT: "acme" };
    expect(resolveConfig({ env, cwd })).toMatchObject({
      dataDir: "/var/lib/bb",
      port: 9000,
      host: "0.0.0.0",
      db: "sqlite:/var/lib/bb/bankbridge.db",
      tenant: "acme",
    });
    expect(resolveConfig({ env, cwd, flags: { data: "local", port: "0" } })).toMatchObject({ dataDir: "/srv/bankbridge/local", port: 0 });
  });

  it("treats an empty environment variable as unset", () => {
    expect(resolveConfig({ env: { BANKBRIDGE_PORT: "", BANKBRIDGE_DB: "" }, cwd })).toMatchObject({
      port: 8080,
      db: "sqlite:/srv/bankbridge/data/bankbridge.db",
    });
  });

  it("keeps PostgreSQL URLs as given", () => {
    const db = "postgres://bank:secret@db.internal:5432/hub?schema=bb";
    expect(resolveConfig({ env: { BANKBRIDGE_DB: db }, cwd }).db).toBe(db);
    expect(resolveConfig({ flags: { db: "postgresql://db/hub" }, cwd }).db).toBe("postgresql://db/hub");
  });

  it("makes SQLite paths absolute against cwd, with or without the sqlite: prefix", () => {
    expect(resolveConfig({ flags: { db: "other.db" }, cwd }).db).toBe("sqlite:/srv/bankbridge/other.db");
    expect(resolveConfig({ flags: { db: "sqlite:dbs/x.db" }, cwd }).db).toBe("sqlite:/srv/bankbridge/dbs/x.db");
    expect(resolveConfig({ flags: { db: "sqlite:/abs/x.db" }, cwd }).db).toBe("sqlite:/abs/x.db");
    expect(resolveConfig({ flags: { db: "sqlite::memory:" }, cwd }).db).toBe("sqlite::memory:");
  });

  it.each(["-1", "65536", "80a", "8080.5", " "])("rejects port %j as CONFIG_INVALID naming the flag", (port) => {
    const e = configError(() => resolveConfig({ flags: { port }, cwd }));
    expect(e.code).toBe("CONFIG_INVALID");
    expect(e.message).toMatch(/^--port must be a port number/);
  });

  it("names the environment variable when the bad value came from there", () => {
    expect(configError(() => resolveConfig({ env: { BANKBRIDGE_PORT: "http" }, cwd })).message).toMatch(/^BANKBRIDGE_PORT /);
  });

  it("rejects a host with a scheme or port", () => {
    expect(configError(() => resolveConfig({ flags: { host: "http://localhost:8080" }, cwd })).code).toBe("CONFIG_INVALID");
  });

  it("rejects databases other than SQLite and PostgreSQL without echoing credentials", () => {
    const e = configError(() => resolveConfig({ flags: { db: "mysql://root:hunter2@db/bank" }, cwd }));
    expect(e.code).toBe("CONFIG_INVALID");
    expect(e.message).not.toContain("hunter2");
  });

  it("rejects an empty sqlite: path and an empty data directory", () => {
    expect(configError(() => resolveConfig({ flags: { db: "sqlite:" }, cwd })).code).toBe("CONFIG_INVALID");
    expect(configError(() => resolveConfig({ flags: { data: "" }, cwd })).code).toBe("CONFIG_INVALID");
  });

  it.each(["", "Upper", "with space", "-leading", "x".repeat(64)])("rejects tenant %j", (tenant) => {
    expect(configError(() => resolveConfig({ flags: { tenant }, cwd })).code).toBe("CONFIG_INVALID");
  });
});
