export { createDatabase, defaultDataDir, getDatabase, setDatabase } from "./client.ts";
export type { Database, DatabaseKind, DatabaseOptions } from "./client.ts";
export { applyMigrations, readMigrations } from "./migrations.ts";
export { Prisma, PrismaClient } from "./generated/prisma/client.ts";
export * from "./generated/prisma/enums.ts";
export type * from "./generated/prisma/models.ts";
