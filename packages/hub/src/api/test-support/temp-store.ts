/**
 * A real SQLite store in a fresh temporary directory, migrated and with the default tenant: what API,
 * engine and CLI tests run against (never a hand-written fake).
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TenantId } from "../../core/index.js";
import { defaultSqliteUrl, openStore } from "../../store/index.js";
import type { Role, Store } from "../../store/store.js";

/** The tenant temp stores are created with. */
export const TEST_TENANT = "default" as TenantId;

/** A migrated store and its directory; `close()` destroys the store and removes the directory. */
export interface TempStore {
  readonly store: Store;
  readonly dir: string;
  readonly url: string;
  close(): Promise<void>;
}

/** Opens a migrated SQLite store in a new temp directory, with {@link TEST_TENANT}. */
export async function openTempStore(prefix = "bankbridge-test-"): Promise<TempStore> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  const url = defaultSqliteUrl(dir);
  const store = await openStore({ url });
  await store.migrateToLatest();
  await store.tenants.ensure(TEST_TENANT, "Test tenant");
  return {
    store,
    dir,
    url,
    close: async () => {
      await store.destroy();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Creates an API key with `role` in {@link TEST_TENANT} and returns its secret. */
export async function createKey(store: Store, role: Role, tenantId: TenantId = TEST_TENANT): Promise<string> {
  const { secret } = await store.apiKeys.create({ tenantId, name: `test ${role}`, role });
  return secret;
}
