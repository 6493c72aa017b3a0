// Runs `prisma generate` without the native schema engine, which cannot be downloaded offline.
// Generation never calls that engine, but the CLI insists that its binary path exists.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const placeholder = fileURLToPath(import.meta.url);
const result = spawnSync("prisma", ["generate"], {
  stdio: "inherit",
  env: { PRISMA_SCHEMA_ENGINE_BINARY: placeholder, PRISMA_HIDE_UPDATE_MESSAGE: "1", ...process.env },
  shell: process.platform === "win32",
});
process.exit(result.status ?? 1);
