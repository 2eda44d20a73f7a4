/**
 * The API over a real SQLite store with the sample statements ingested and one key per role.
 */

import { statementsFromJson } from "../../core/index.js";
import type { Store } from "../../store/store.js";
import { type ApiLogger, type App, createApp } from "../app.js";
import { cnyStatement, eurStatement } from "./samples.js";
import { createKey, openTempStore, TEST_TENANT, type TempStore } from "./temp-store.js";

/** What API tests work with. */
export interface ApiFixture {
  readonly temp: TempStore;
  readonly store: Store;
  readonly app: App;
  readonly keys: { readonly admin: string; readonly operator: string; readonly viewer: string };
  /** Messages the app logged as errors. */
  readonly logged: { message: string; fields?: Readonly<Record<string, unknown>> }[];
  /** GET `path` with `key` (default: the viewer's) as a Bearer credential. */
  get(path: string, key?: string): Promise<Response>;
  close(): Promise<void>;
}

/** Opens the fixture; `options.ingest: false` leaves the store empty. */
export async function openApiFixture(
  options: { ingest?: boolean; maxDocumentBytes?: number; store?: (s: Store) => Store } = {},
): Promise<ApiFixture> {
  const temp = await openTempStore();
  const store = temp.store;
  if (options.ingest !== false) {
    const { statements, issues } = statementsFromJson([eurStatement(), cnyStatement()]);
    if (issues.length > 0) throw new Error(`sample statements are invalid: ${JSON.stringify(issues)}`);
    await store.ingest({ tenantId: TEST_TENANT, statements, source: "test" });
  }
  const keys = {
    admin: await createKey(store, "admin"),
    operator: await createKey(store, "operator"),
    viewer: await createKey(store, "viewer"),
  };
  const logged: ApiFixture["logged"] = [];
  const log: ApiLogger = { error: (message, fields) => logged.push({ message, ...(fields === undefined ? {} : { fields }) }) };
  const app = createApp({
    store: options.store === undefined ? store : options.store(store),
    version: "0.0.0-test",
    log,
    ...(options.maxDocumentBytes === undefined ? {} : { maxDocumentBytes: options.maxDocumentBytes }),
  });
  return {
    temp,
    store,
    app,
    keys,
    logged,
    get: async (path, key = keys.viewer) => app.request(path, { headers: { authorization: `Bearer ${key}` } }),
    close: () => temp.close(),
  };
}
