export { createDatabase, defaultDataDir, getDatabase, setDatabase } from "./client.ts";
export type { Database, DatabaseKind, DatabaseOptions } from "./client.ts";
export { applyMigrations, readMigrations } from "./migrations.ts";
export * from "./generated/prisma/client.ts";
