import type { JobStatus, PrismaClient } from "@switchyard/database";
import { PROVIDER_KEY_ENV, resolveProvider } from "../agents/runtime.ts";

/** A worker whose row has not been written for this long is presumed dead (its heartbeat is every 10 s). */
export const WORKER_STALE_MS = 60_000;
const EVENT_SUMMARY_WINDOW_MS = 3_600_000;

export interface RuntimeStatus {
  generatedAt: Date;
  /** Why the runtime is not healthy; empty when it is. */
  degraded: string[];
  workers: {
    workerId: string;
    agentType: string;
    status: string;
    circuitOpen: boolean;
    circuitReason: string | null;
    lastHeartbeat: Date;
    currentTaskId: string | null;
    isStale: boolean;
  }[];
  breakers: { name: string; state: string; consecutiveFailures: number; openedAt: Date | null; lastFailureAt: Date | null; lastReason: string | null }[];
  modelRoute: {
    /** "live" when at least one provider API key is configured. */
    mode: "live" | "simulated";
    configuredProviders: string[];
    /** Active agents by the provider and model they ask for, and the provider they really use. */
    routes: { requestedProvider: string; model: string; effectiveProvider: string; agents: number }[];
  };
  queue: Record<JobStatus, number> & { expiredLeases: number };
  recentEvents: {
    since: Date;
    total: number;
    lastEventAt: Date | null;
    byLayer: { layer: string; count: number }[];
    byReasonCode: { layer: string; reasonCode: string; count: number }[];
  };
}

/**
 * The runtime's health in one read, for the verify script and the admin API: workers, breakers, the
 * model route, the job queue and the last hour of runtime events. Workers, breakers, queue and events
 * are process-wide; `organizationId` narrows the model route to one organization's agents.
 */
export async function collectRuntimeStatus(db: PrismaClient, options: { organizationId?: string; now?: Date } = {}): Promise<RuntimeStatus> {
  const now = options.now ?? new Date();
  const since = new Date(now.getTime() - EVENT_SUMMARY_WINDOW_MS);
  const [workerRows, breakers, agentGroups, jobGroups, expiredLeases, eventGroups, lastEvent] = await Promise.all([
    db.workerStatus.findMany({ orderBy: [{ status: "asc" }, { workerId: "asc" }] }),
    db.circuitBreaker.findMany({ orderBy: { name: "asc" } }),
    db.agent.groupBy({
      by: ["modelProvider", "modelName", "providerId"],
      where: { isActive: true, ...(options.organizationId ? { organizationId: options.organizationId } : {}) },
      _count: { _all: true },
      orderBy: [{ modelProvider: "asc" }, { modelName: "asc" }],
    }),
    db.executionJob.groupBy({ by: ["status"], _count: { _all: true } }),
    db.executionJob.count({ where: { status: "RUNNING", leaseExpiresAt: { lt: now } } }),
    db.runtimeEvent.groupBy({ by: ["layer", "reasonCode"], where: { occurredAt: { gte: since } }, _count: { _all: true } }),
    db.runtimeEvent.findFirst({ orderBy: { occurredAt: "desc" }, select: { occurredAt: true } }),
  ]);

  const workers = workerRows.map((row) => ({
    workerId: row.workerId,
    agentType: row.agentType,
    status: row.status,
    circuitOpen: row.circuitOpen,
    circuitReason: row.circuitReason,
    lastHeartbeat: row.lastHeartbeat,
    currentTaskId: row.currentTaskId,
    isStale: row.status !== "STOPPED" && now.getTime() - row.lastHeartbeat.getTime() > WORKER_STALE_MS,
  }));
  const queue = { PENDING: 0, RUNNING: 0, COMPLETED: 0, FAILED: 0, expiredLeases };
  for (const group of jobGroups) queue[group.status] = group._count._all;

  const byLayer = new Map<string, number>();
  for (const group of eventGroups) byLayer.set(group.layer, (byLayer.get(group.layer) ?? 0) + group._count._all);
  // An agent on one of the organization's model providers calls it, whatever the env keys say.
  const providerIds = [...new Set(agentGroups.map((group) => group.providerId).filter((id): id is string => id !== null))];
  const providerNames = new Map(
    (await db.modelProvider.findMany({ where: { id: { in: providerIds } }, select: { id: true, name: true } })).map((provider) => [provider.id, provider.name]),
  );
  const effectiveProviderOf = (group: { modelProvider: string; providerId: string | null }) =>
    (group.providerId && providerNames.get(group.providerId)) || resolveProvider({ modelProvider: group.modelProvider });
  const routes = agentGroups.map((group) => ({
    requestedProvider: group.modelProvider,
    model: group.modelName,
    effectiveProvider: effectiveProviderOf(group),
    agents: (group._count as { _all: number })._all,
  }));
  const configuredProviders = Object.entries(PROVIDER_KEY_ENV)
    .filter(([, env]) => Boolean(process.env[env]))
    .map(([provider]) => provider);

  const degraded: string[] = [];
  for (const breaker of breakers.filter((b) => b.state !== "closed")) degraded.push(`circuit ${breaker.state} for ${breaker.name}`);
  const live = workers.filter((worker) => worker.status !== "STOPPED" && !worker.isStale);
  if (live.length === 0) degraded.push("no worker is heartbeating");
  for (const worker of workers.filter((w) => w.isStale)) degraded.push(`worker ${worker.workerId} stopped heartbeating`);
  if (expiredLeases > 0) degraded.push(expiredLeases === 1 ? "1 job running past its lease" : `${expiredLeases} jobs running past their lease`);

  return {
    generatedAt: now,
    degraded,
    workers,
    breakers: breakers.map(({ name, state, consecutiveFailures, openedAt, lastFailureAt, lastReason }) => ({
      name,
      state,
      consecutiveFailures,
      openedAt,
      lastFailureAt,
      lastReason,
    })),
    modelRoute: {
      mode: configuredProviders.length > 0 || routes.some((route) => route.effectiveProvider !== "simulated") ? "live" : "simulated",
      configuredProviders,
      routes,
    },
    queue,
    recentEvents: {
      since,
      total: eventGroups.reduce((sum, group) => sum + group._count._all, 0),
      lastEventAt: lastEvent?.occurredAt ?? null,
      byLayer: [...byLayer].map(([layer, count]) => ({ layer, count })).sort((a, b) => b.count - a.count),
      byReasonCode: eventGroups
        .map((group) => ({ layer: group.layer, reasonCode: group.reasonCode, count: group._count._all }))
        .sort((a, b) => b.count - a.count || a.reasonCode.localeCompare(b.reasonCode)),
    },
  };
}

/** The status as the plain text `runtime:verify` prints. */
export function formatRuntimeStatus(status: RuntimeStatus): string {
  const ago = (date: Date) => `${Math.max(0, Math.round((status.generatedAt.getTime() - date.getTime()) / 1000))}s ago`;
  const lines = [
    `Runtime status at ${status.generatedAt.toISOString()}: ${status.degraded.length === 0 ? "healthy" : `DEGRADED (${status.degraded.join("; ")})`}`,
    "",
  ];

  lines.push("Workers");
  if (status.workers.length === 0) lines.push("  none has reported yet (start the app to run the local worker)");
  for (const w of status.workers) {
    const circuit = w.circuitOpen ? `circuit OPEN (${w.circuitReason})` : "circuit closed";
    const task = w.currentTaskId ? `, task ${w.currentTaskId}` : "";
    lines.push(`  ${w.workerId}  ${w.status}${w.isStale ? " (stale)" : ""}  ${circuit}  last heartbeat ${ago(w.lastHeartbeat)}${task}`);
  }

  lines.push("", "Circuit breakers");
  if (status.breakers.length === 0) lines.push("  none yet (a breaker appears at a real provider's first failure)");
  for (const b of status.breakers) {
    const opened = b.openedAt && b.state !== "closed" ? `, since ${b.openedAt.toISOString()}` : "";
    lines.push(`  ${b.name}  ${b.state}  ${b.consecutiveFailures} consecutive failures${opened}${b.lastReason ? `  last: ${b.lastReason}` : ""}`);
  }

  const route = status.modelRoute;
  lines.push(
    "",
    `Model route: ${route.mode === "live" ? `live (${route.configuredProviders.join(", ")})` : "simulated (set OPENAI_API_KEY or ANTHROPIC_API_KEY for real models)"}`,
  );
  if (route.routes.length === 0) lines.push("  no active agents");
  for (const r of route.routes) lines.push(`  ${r.requestedProvider} / ${r.model} → ${r.effectiveProvider}  (${r.agents} agent${r.agents === 1 ? "" : "s"})`);

  const q = status.queue;
  lines.push(
    "",
    `Queue: PENDING ${q.PENDING}  RUNNING ${q.RUNNING}  COMPLETED ${q.COMPLETED}  FAILED ${q.FAILED}${q.expiredLeases ? `  (${q.expiredLeases} past lease)` : ""}`,
  );

  const events = status.recentEvents;
  lines.push(
    "",
    `Runtime events since ${events.since.toISOString()}: ${events.total}; last event ${events.lastEventAt ? events.lastEventAt.toISOString() : "never"}`,
  );
  for (const layer of events.byLayer) lines.push(`  ${layer.layer}: ${layer.count}`);
  for (const code of events.byReasonCode) lines.push(`    ${code.layer} ${code.reasonCode}: ${code.count}`);
  return lines.join("\n");
}
