import type { ExecutionEngine } from "@switchyard/core/execution/events";
import { createLocalEngine } from "@switchyard/core/execution/local-engine";
import { getDatabase } from "@switchyard/database";

/** Inngest settings switch execution to Inngest; without them the local job table runs everything. */
export function isInngestMode(): boolean {
  return Boolean(process.env.INNGEST_EVENT_KEY) || isEnabled(process.env.INNGEST_DEV);
}

export async function getEngine(): Promise<ExecutionEngine> {
  if (isInngestMode()) return (await import("@/inngest/client")).inngestEngine;
  const database = await getDatabase();
  return createLocalEngine(database.prisma, { sql: database.query });
}

function isEnabled(value: string | undefined): boolean {
  return value !== undefined && value !== "" && value !== "0" && value.toLowerCase() !== "false";
}
