import { createHash, randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";

/** The two things the migrator needs from a connection; PGlite and node-postgres both provide them. */
export interface SqlExecutor {
  exec(sql: string): Promise<void>;
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
}

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

/** Finds `prisma/migrations` from the working directory upwards (the app runs from apps/agent). */
export function findMigrationsDir(start = process.cwd()): string {
  if (process.env.SWITCHYARD_MIGRATIONS_DIR) return process.env.SWITCHYARD_MIGRATIONS_DIR;
  let dir = path.resolve(start);
  for (;;) {
    const candidate = path.join(dir, "prisma", "migrations");
    if (existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`prisma/migrations not found above ${start}`);
    dir = parent;
  }
}

export async function readMigrations(dir = findMigrationsDir()): Promise<Migration[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    }),
  );
}

const MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

// The advisory lock key `prisma migrate deploy` takes, so our migrator and the CLI never interleave.
const PRISMA_MIGRATE_LOCK = 72707369;

/**
 * Applies every migration not yet recorded in `_prisma_migrations`, in name order, each in its own
 * transaction, and records it exactly as `prisma migrate deploy` does (so the stock CLI can take over).
 * Returns the names it applied. A recorded migration whose file changed is an error, as in Prisma.
 */
export async function applyMigrations(db: SqlExecutor, migrations?: Migration[]): Promise<string[]> {
  const all = migrations ?? (await readMigrations());
  await db.exec(MIGRATIONS_TABLE);
  await db.query(`SELECT pg_advisory_lock(${PRISMA_MIGRATE_LOCK})`);
  try {
    const applied = await db.query<{ migration_name: string; checksum: string; finished_at: Date | null }>(
      `SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL`,
    );
    const byName = new Map(applied.map((row) => [row.migration_name, row]));
    const done: string[] = [];
    for (const migration of all) {
      const existing = byName.get(migration.name);
      if (existing) {
        if (!existing.finished_at) throw new Error(`Migration ${migration.name} failed earlier; fix the database and mark it rolled back`);
        if (existing.checksum !== migration.checksum) throw new Error(`Migration ${migration.name} was modified after it was applied`);
        continue;
      }
      const id = randomUUID();
      await db.exec("BEGIN");
      try {
        await db.query(`INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at) VALUES ($1, $2, $3, now())`, [
          id,
          migration.checksum,
          migration.name,
        ]);
        await db.exec(migration.sql);
        await db.query(`UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1`, [id]);
        await db.exec("COMMIT");
      } catch (error) {
        await db.exec("ROLLBACK");
        throw new Error(`Migration ${migration.name} failed: ${(error as Error).message}`);
      }
      done.push(migration.name);
    }
    return done;
  } finally {
    await db.query(`SELECT pg_advisory_unlock(${PRISMA_MIGRATE_LOCK})`);
  }
}
