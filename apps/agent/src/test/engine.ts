import { createEventHandlers } from "@switchyard/core/execution/handlers";
import { drainLocalJobs } from "@switchyard/core/execution/local-engine";
import type { Database } from "@switchyard/database";

/** Runs every job the local engine has queued, with the simulated model and no real waiting. */
export async function drainJobs(db: Database) {
  const handlers = createEventHandlers({ db: db.prisma, workerId: "test-worker", sleep: async () => {} });
  await drainLocalJobs({ db: db.prisma, handlers, workerId: "test-worker" });
}
