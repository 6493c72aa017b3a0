// Usage: bun run db:seed
// Replaces the demo organization with a freshly seeded one: Postgres when DATABASE_URL is set,
// otherwise the embedded database in the data folder (stop the app first: PGlite allows one process).
import { createDatabase, defaultDataDir, type Database } from "@switchyard/database";
import { deleteDemoOrganization, demoCredentials, seedDemoOrganization } from "../src/demo/index.ts";

const url = process.env.DATABASE_URL;
// PGlite takes no lock on its folder, so a running app is not detected: say it up front.
const stopTheApp = `The embedded database in ${defaultDataDir()} is used by one process at a time: stop the app while reseeding.`;
if (!url) console.log(stopTheApp);
let database: Database;
try {
  database = await createDatabase(url ? { url } : { dataDir: defaultDataDir() });
} catch (error) {
  console.error(`Could not open the database: ${(error as Error).message}`);
  if (!url) console.error(stopTheApp);
  process.exit(1);
}

try {
  const started = Date.now();
  if (await deleteDemoOrganization(database.prisma)) console.log("Deleted the existing demo organization.");
  const { adminEmail, apiKey } = await seedDemoOrganization(database.prisma);
  const { viewerEmail, password } = demoCredentials();
  console.log(`Seeded the demo organization in ${((Date.now() - started) / 1000).toFixed(1)}s (${url ? "Postgres" : `embedded, ${defaultDataDir()}`}).`);
  console.log(`  admin:   ${adminEmail} / ${password}`);
  console.log(`  viewer:  ${viewerEmail} / ${password}`);
  console.log(`  API key: ${apiKey}`);
} finally {
  await database.close();
}
