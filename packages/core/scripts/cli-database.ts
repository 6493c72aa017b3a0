import { createDatabase, defaultDataDir, type Database } from "@switchyard/database";

/**
 * The database a command-line script works on: Postgres when DATABASE_URL is set, otherwise the
 * embedded database in the data folder, which one process uses at a time (stop the app first).
 * Exits with a clear message when it cannot be opened.
 */
export async function openCliDatabase(): Promise<Database> {
  const url = process.env.DATABASE_URL;
  // PGlite takes no lock on its folder, so a running app is not detected: say it up front.
  const stopTheApp = `The embedded database in ${defaultDataDir()} is used by one process at a time: stop the app first.`;
  if (!url) console.log(stopTheApp);
  try {
    return await createDatabase(url ? { url } : { dataDir: defaultDataDir() });
  } catch (error) {
    console.error(`Could not open the database: ${(error as Error).message}`);
    if (!url) console.error(stopTheApp);
    process.exit(1);
  }
}
