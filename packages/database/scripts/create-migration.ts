// Usage: bun run db:migration <name>
// Writes prisma/migrations/<timestamp>_<name>/migration.sql: the diff from the schema as of the
// previous migration (its schema.prisma snapshot) to prisma/schema.prisma.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { findMigrationsDir, readMigrations } from "../src/migrations.ts";
import { diffDatamodels } from "../src/schema-diff.ts";

const name = (process.argv[2] ?? "")
  .toLowerCase()
  .replace(/[^a-z0-9]+/g, "_")
  .replace(/^_|_$/g, "");
if (!name) {
  console.error("usage: bun run db:migration <name>");
  process.exit(2);
}

const migrationsDir = findMigrationsDir();
const schema = await readFile(path.join(migrationsDir, "..", "schema.prisma"), "utf8");
const previous = (await readMigrations(migrationsDir)).at(-1);
const previousSchema = previous ? await readFile(path.join(migrationsDir, previous.name, "schema.prisma"), "utf8") : null;

const sql = await diffDatamodels(previousSchema, schema);
if (!sql.trim() || /^-- This is an empty migration\.?\s*$/.test(sql.trim())) {
  console.log("schema.prisma matches the last migration; nothing to do");
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/[-:T]/g, "").slice(0, 14);
const dir = path.join(migrationsDir, `${stamp}_${name}`);
await mkdir(dir, { recursive: true });
await writeFile(path.join(dir, "migration.sql"), sql);
await writeFile(path.join(dir, "schema.prisma"), schema);
await writeFile(path.join(migrationsDir, "migration_lock.toml"), 'provider = "postgresql"\n');
console.log(`created ${path.relative(process.cwd(), dir)}`);
