import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    reporters: ["default", "./test/support/summary-reporter.ts"],
    // One PostgreSQL server for the run, started only if a test asks for it (test/support/postgres.ts).
    globalSetup: ["./test/support/postgres-global.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // @actions/workflow-parser imports JSON without import attributes.
    server: { deps: { inline: ["@actions/workflow-parser"] } },
  },
});
