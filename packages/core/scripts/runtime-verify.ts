// Usage: bun run runtime:verify
// Prints the runtime's health: worker status (circuit open/closed), circuit breakers, the active
// provider and model route, queue counts and a summary of the last hour of runtime events. Reads
// Postgres when DATABASE_URL is set, otherwise the embedded database in the data folder.
import { createDatabase, defaultDataDir, type Database } from "@switchyard/database";
import { collectRuntimeStatus, formatRuntimeStatus } from "../src/telemetry/status.ts";

const url = process.env.DATABASE_URL;
let database: Database;
try {
  database = await createDatabase(url ? { url } : { dataDir: defaultDataDir() });
} catch (error) {
  console.error(`Could not open the database: ${(error as Error).message}`);
  // PGlite allows one process per folder and takes no lock, so a running app is the usual cause.
  if (!url) console.error(`The embedded database in ${defaultDataDir()} is used by one process at a time: stop the app and run this again.`);
  process.exit(1);
}

try {
  console.log(`Database: ${url ? "Postgres (DATABASE_URL)" : `embedded, ${defaultDataDir()}`}`);
  console.log(formatRuntimeStatus(await collectRuntimeStatus(database.prisma)));
} finally {
  await database.close();
}
