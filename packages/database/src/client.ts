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
  /** Raw SQL access for the migrator and for queries Prisma cannot express (one pinned connection). */
  sql: SqlExecutor;
  /**
   * Raw parameterised SQL on the shared pool, concurrently and without Prisma's per-query overhead:
   * for hot paths such as the job queue. Timestamps without zone come back as UTC `Date`s.
   */
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /**
   * Calls `onNotify` for every NOTIFY on `channel` (PostgreSQL: on a dedicated connection that
   * reconnects after errors; PGlite: in-process). Resolves to a function that stops listening.
   */
  listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>>;
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
  const listeners = new Set<PgListener>();
  return {
    prisma,
    kind: "postgres",
    sql,
    query: async <T>(text: string, params?: unknown[]) => (await pool.query({ text, values: params, types: UTC_TYPES })).rows as T[],
    listen: async (channel, onNotify) => {
      const listener = await startPgListener(url, channel, onNotify);
      listeners.add(listener);
      return async () => {
        listeners.delete(listener);
        await listener.stop();
      };
    },
    close: async () => {
      await Promise.all([...listeners].map((listener) => listener.stop()));
      await prisma.$disconnect();
      releasePinned(pool);
      await pool.end();
    },
  };
}

/** `timestamp` (without zone) is stored as UTC, as Prisma writes it; pg would read it as local time. */
const UTC_TYPES = {
  getTypeParser: (oid: number, format?: "text" | "binary") =>
    oid === pg.types.builtins.TIMESTAMP ? (value: string) => new Date(`${value.replace(" ", "T")}Z`) : pg.types.getTypeParser(oid, format),
};

const PGLITE_UTC_PARSERS = { [pg.types.builtins.TIMESTAMP]: (value: string) => new Date(`${value.replace(" ", "T")}Z`) };

interface PgListener {
  stop(): Promise<void>;
}

const LISTEN_RETRY_MS = [100, 500, 1000, 2000, 5000];

/**
 * LISTEN on a connection of its own (a pooled one would be returned and lose it). When the
 * connection drops it reconnects with growing pauses; NOTIFYs sent meanwhile are lost, which is why
 * listeners treat a notification as a hint and keep a poll as the fallback.
 */
async function startPgListener(url: string, channel: string, onNotify: (payload: string) => void): Promise<PgListener> {
  let client: pg.Client | null = null;
  let isStopped = false;
  let failures = 0;
  let retry: NodeJS.Timeout | undefined;

  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString: url });
    next.on("notification", (message) => {
      if (message.channel === channel) onNotify(message.payload ?? "");
    });
    next.on("error", () => reconnect(next));
    next.on("end", () => reconnect(next));
    await next.connect();
    await next.query(`LISTEN "${channel.replace(/"/g, '""')}"`);
    if (isStopped) {
      await next.end().catch(() => {});
      return;
    }
    client = next;
    failures = 0;
    // Whatever was sent while the connection was down is lost: tell the listener to look once.
    onNotify("");
  };
  const reconnect = (from: pg.Client) => {
    if (isStopped || client !== from) return;
    client = null;
    from.end().catch(() => {});
    scheduleConnect();
  };
  const scheduleConnect = () => {
    const delay = LISTEN_RETRY_MS[Math.min(failures, LISTEN_RETRY_MS.length - 1)];
    failures += 1;
    retry = setTimeout(() => {
      connect().catch(() => {
        if (!isStopped) scheduleConnect();
      });
    }, delay);
    retry.unref();
  };

  // A database that is down at start is retried like a dropped connection; the poll covers the gap.
  await connect().catch(() => scheduleConnect());
  return {
    async stop() {
      isStopped = true;
      clearTimeout(retry);
      const current = client;
      client = null;
      await current?.end().catch(() => {});
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
    query: async <T>(text: string, params?: unknown[]) => (await pglite.query<T>(text, params as never[], { parsers: PGLITE_UTC_PARSERS })).rows,
    listen: async (channel, onNotify) => pglite.listen(channel, (payload) => onNotify(payload ?? "")),
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
