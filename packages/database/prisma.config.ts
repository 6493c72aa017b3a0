import { defineConfig } from "prisma/config";

// The CLI is used for `prisma generate` only; migrations are generated and applied by our own
// scripts (see src/migrations.ts), because the native schema engine cannot be downloaded here.
export default defineConfig({
  schema: "../../prisma/schema.prisma",
  migrations: { path: "../../prisma/migrations" },
});
