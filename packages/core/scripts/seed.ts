// Usage: bun run db:seed
// Replaces the demo organization with a freshly seeded one: Postgres when DATABASE_URL is set,
// otherwise the embedded database in the data folder (stop the app first: PGlite allows one process).
import { defaultDataDir } from "@switchyard/database";
import { deleteDemoOrganization, demoCredentials, seedDemoOrganization } from "../src/demo/index.ts";
import { openCliDatabase } from "./cli-database.ts";

const database = await openCliDatabase();
try {
  const started = Date.now();
  if (await deleteDemoOrganization(database.prisma)) console.log("Deleted the existing demo organization.");
  const { adminEmail, apiKey } = await seedDemoOrganization(database.prisma);
  const { viewerEmail, password } = demoCredentials();
  console.log(
    `Seeded the demo organization in ${((Date.now() - started) / 1000).toFixed(1)}s (${process.env.DATABASE_URL ? "Postgres" : `embedded, ${defaultDataDir()}`}).`,
  );
  console.log(`  admin:   ${adminEmail} / ${password}`);
  console.log(`  viewer:  ${viewerEmail} / ${password}`);
  console.log(`  API key: ${apiKey}`);
} finally {
  await database.close();
}
