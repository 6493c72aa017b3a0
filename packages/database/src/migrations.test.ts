import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findMigrationsDir, readMigrations, applyMigrations } from "./migrations.ts";
import { diffDatamodels } from "./schema-diff.ts";
import { createTestDatabase } from "./testing.ts";
import type { Database } from "./client.ts";

describe("migrations", () => {
  let db: Database;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => db?.close());

  it("are in sync with schema.prisma (run `bun run db:migration <name>` when this fails)", async () => {
    const dir = findMigrationsDir();
    const migrations = await readMigrations(dir);
    const latest = migrations.at(-1)!;
    const snapshot = await readFile(path.join(dir, latest.name, "schema.prisma"), "utf8");
    const schema = await readFile(path.join(dir, "..", "schema.prisma"), "utf8");
    const pending = await diffDatamodels(snapshot, schema);
    expect(pending.replace(/^--.*$/gm, "").trim()).toBe("");
  });

  it("build the same tables and columns as the schema itself", async () => {
    const dir = findMigrationsDir();
    const fresh = await createTestDatabase(); // migrated through prisma/migrations
    const direct = await import("./client.ts").then((m) => m.createDatabase({ migrate: false }));
    try {
      const schema = await readFile(path.join(dir, "..", "schema.prisma"), "utf8");
      await direct.sql.exec(await diffDatamodels(null, schema));
      expect(await describeColumns(fresh)).toEqual(await describeColumns(direct));
      expect(await describeIndexes(fresh)).toEqual(await describeIndexes(direct));
    } finally {
      await fresh.close();
      await direct.close();
    }
  });

  it("are recorded in _prisma_migrations like `prisma migrate deploy` and are not re-applied", async () => {
    const rows = await db.sql.query<{ migration_name: string; checksum: string; finished_at: Date | null }>(
      `SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" ORDER BY migration_name`,
    );
    const migrations = await readMigrations();
    expect(rows.map((r) => r.migration_name)).toEqual(migrations.map((m) => m.name));
    expect(rows.map((r) => r.checksum)).toEqual(migrations.map((m) => m.checksum));
    expect(rows.every((r) => r.finished_at !== null)).toBe(true);
    expect(await applyMigrations(db.sql)).toEqual([]);
  });

  it("refuse a migration that changed after it was applied", async () => {
    const [first, ...rest] = await readMigrations();
    const tampered = { ...first, checksum: "0".repeat(64) };
    await expect(applyMigrations(db.sql, [tampered, ...rest])).rejects.toThrow(/modified/);
  });
});

async function describeColumns(db: Database) {
  return db.sql.query(
    `SELECT table_name, column_name, data_type, udt_name, is_nullable, column_default
       FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'
      ORDER BY table_name, column_name`,
  );
}

async function describeIndexes(db: Database) {
  return db.sql.query(
    `SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'
      ORDER BY tablename, indexname`,
  );
}
