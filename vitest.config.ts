import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    reporters: ["default", "./test/support/summary-reporter.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // @actions/workflow-parser imports JSON without import attributes.
    server: { deps: { inline: ["@actions/workflow-parser"] } },
  },
});
