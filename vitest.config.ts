import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const agentSrc = fileURLToPath(new URL("./apps/agent/src", import.meta.url));

// One project per package. Database-backed tests each create their own database (PGlite in memory,
// or a fresh database on TEST_DATABASE_URL), so files run in parallel safely.
export default defineConfig({
  test: {
    hookTimeout: 120_000,
    testTimeout: 60_000,
    projects: [
      { extends: true, test: { name: "ui", root: "packages/ui", include: ["src/**/*.test.{ts,tsx}"] } },
      { extends: true, test: { name: "database", root: "packages/database", include: ["src/**/*.test.ts"] } },
      { extends: true, test: { name: "core", root: "packages/core", include: ["src/**/*.test.ts"] } },
      { extends: true, test: { name: "runner", root: "packages/runner", include: ["src/**/*.test.ts"] } },
      {
        extends: true,
        resolve: { alias: { "@": agentSrc } },
        test: { name: "agent", root: "apps/agent", include: ["src/**/*.test.{ts,tsx}"] },
      },
      {
        extends: true,
        test: {
          name: "browser",
          root: "apps/agent",
          include: ["e2e/**/*.test.ts"],
          globalSetup: ["e2e/global-setup.ts"],
          fileParallelism: false,
        },
      },
    ],
  },
});
