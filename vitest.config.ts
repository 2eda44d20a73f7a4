import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["packages/*/src/**/*.test.ts"],
    // Store suites share one PostgreSQL server; each file uses its own schema, so files may run in parallel.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // CI logs list every test (which store dialect ran what); locally the summary is enough.
    reporters: process.env.BANKBRIDGE_REQUIRE_POSTGRES === "1" ? ["verbose"] : ["default"],
  },
});
