import { mkdirSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaClient } from "./generated/prisma/client.ts";
import { applyMigrations, findMigrationsDir, type SqlExecutor } from "./migrations.ts";

export type DatabaseKind = "pglite" | "postgres";

export interface Database {
  prisma: PrismaClient;
  kind: DatabaseKind;
  /** Raw SQL access for the migrator and for queries Prisma cannot express. */
  sql: SqlExecutor;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** A postgres:// URL. Without one, PGlite (embedded Postgres) is used. */
  url?: string;
  /** PGlite data folder; omitted means in memory. */
  dataDir?: string;
  /** Apply pending migrations before returning (default true). */
  migrate?: boolean;
}

export async function createDatabase(options: DatabaseOptions = {}): Promise<Database> {
  const database = options.url ? openPostgres(options.url) : await openPGlite(options.dataDir);
  if (options.migrate !== false) await applyMigrations(database.sql);
  return database;
}

function openPostgres(url: string): Database {
  const pool = new pg.Pool({ connectionString: url, max: Number(process.env.DATABASE_POOL_SIZE ?? 10) });
  // An idle connection killed by the server (restart, DROP DATABASE ... FORCE) must not crash the process.
  pool.on("error", (error) => console.error(`[database] idle connection error: ${error.message}`));
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  const sql: SqlExecutor = {
    // The migrator runs BEGIN/COMMIT through exec, so both must use one pinned connection.
    exec: async (text) => {
      await withPinnedClient(pool, (client) => client.query(text));
    },
    query: async (text, params) => (await withPinnedClient(pool, (client) => client.query(text, params as unknown[]))).rows,
  };
  return {
    prisma,
    kind: "postgres",
    sql,
    close: async () => {
      await prisma.$disconnect();
      releasePinned(pool);
      await pool.end();
    },
  };
}

const pinned = new WeakMap<pg.Pool, Promise<pg.PoolClient>>();
async function withPinnedClient<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  if (!pinned.has(pool)) pinned.set(pool, pool.connect());
  return fn(await pinned.get(pool)!);
}
function releasePinned(pool: pg.Pool) {
  pinned
    .get(pool)
    ?.then((client) => client.release())
    .catch(() => {});
  pinned.delete(pool);
}

async function openPGlite(dataDir?: string): Promise<Database> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const pglite = dataDir ? new PGlite(dataDir) : new PGlite();
  await pglite.waitReady;
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
  const sql: SqlExecutor = {
    exec: async (text) => {
      await pglite.exec(text);
    },
    query: async <T>(text: string, params?: unknown[]) => (await pglite.query<T>(text, params as never[])).rows,
  };
  return {
    prisma,
    kind: "pglite",
    sql,
    close: async () => {
      await prisma.$disconnect();
      await pglite.close();
    },
  };
}

/** The embedded database's default folder: `<repo>/.data/pglite`, beside prisma/. */
export function defaultDataDir(): string {
  return process.env.SWITCHYARD_DATA_DIR ?? path.join(findMigrationsDir(), "..", "..", ".data", "pglite");
}

const globalForDatabase = globalThis as unknown as { switchyardDatabase?: Promise<Database> };

/**
 * The process's one database: Postgres when DATABASE_URL is set, otherwise PGlite in the data folder.
 * Kept on globalThis so hot reloads and route bundles share one connection (and one PGlite owner).
 */
export function getDatabase(): Promise<Database> {
  globalForDatabase.switchyardDatabase ??= createDatabase(process.env.DATABASE_URL ? { url: process.env.DATABASE_URL } : { dataDir: defaultDataDir() });
  return globalForDatabase.switchyardDatabase;
}

/** Makes `getDatabase()` return the given database (tests, scripts). */
export function setDatabase(database: Database): void {
  globalForDatabase.switchyardDatabase = Promise.resolve(database);
}
