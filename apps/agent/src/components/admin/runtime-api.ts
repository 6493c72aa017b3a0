import type { RunKind } from "@switchyard/core/runs/unified";
import { requestJson } from "@/components/api-client";

/** Runtime admin API shapes, as the API sends them (dates as ISO strings). */
export interface RuntimeWorker {
  workerId: string;
  agentType: string;
  status: string;
  circuitOpen: boolean;
  circuitReason: string | null;
  lastHeartbeat: string;
  currentTaskId: string | null;
  isStale: boolean;
}

export interface RuntimeBreaker {
  name: string;
  state: string;
  consecutiveFailures: number;
  openedAt: string | null;
  lastFailureAt: string | null;
  lastReason: string | null;
}

export interface RuntimeQueue {
  PENDING: number;
  RUNNING: number;
  COMPLETED: number;
  FAILED: number;
  expiredLeases: number;
}

export interface RuntimeStatus {
  generatedAt: string;
  healthy: boolean;
  degraded: string[];
  breakerOpen: boolean;
  workers: RuntimeWorker[];
  breakers: RuntimeBreaker[];
  modelRoute: {
    mode: "live" | "simulated";
    configuredProviders: string[];
    routes: { requestedProvider: string; model: string; effectiveProvider: string; agents: number }[];
  };
  queue: RuntimeQueue;
  lastEventAt: string | null;
}

export interface RuntimeEventRow {
  id: string;
  organizationId: string | null;
  layer: string;
  operation: string;
  reasonCode: string;
  entityId: string;
  taskId: string | null;
  workerId: string | null;
  metadata: unknown;
  occurredAt: string;
}

type RunStatus = "QUEUED" | "RUNNING" | "SUSPENDED" | "COMPLETED" | "FAILED" | "CANCELLED";

export interface RuntimeTask {
  id: string;
  eventName: string;
  eventId: string;
  organizationId: string | null;
  /** The job's own state: COMPLETED once its handler returned, whatever became of the run. */
  status: "PENDING" | "RUNNING" | "COMPLETED" | "FAILED";
  /** What the task achieved: the job's state, or for a completed job its run's status (SKIPPED without a run). */
  outcome: { status: RuntimeTask["status"] | RunStatus | "SKIPPED"; reason: string | null };
  run: { kind: RunKind; id: string; status: RunStatus; error: string | null } | null;
  attempts: number;
  maxAttempts: number;
  error: string | null;
  leaseOwner: string | null;
  leaseExpiresAt: string | null;
  runAt: string;
  createdAt: string;
  updatedAt: string;
  completedAt: string | null;
  latestEvent: { id: string; layer: string; operation: string; reasonCode: string; entityId: string; occurredAt: string } | null;
}

export const RUNTIME_LAYERS = ["provider_runtime", "tool_runtime", "model_adapter", "execution", "dispatcher", "worker", "nats_bridge"] as const;

export const TIME_RANGES = [
  { id: "1h", label: "Last hour", ms: 3_600_000 },
  { id: "6h", label: "Last 6 h", ms: 6 * 3_600_000 },
  { id: "24h", label: "Last 24 h", ms: 24 * 3_600_000 },
  { id: "7d", label: "Last 7 days", ms: 7 * 24 * 3_600_000 },
] as const;
export type TimeRangeId = (typeof TIME_RANGES)[number]["id"] | "all";

export interface RuntimeFilters {
  layer?: string;
  reason?: string;
  /** An entity id; a task's link sets it to the task's event id (execution events carry it). */
  entity?: string;
  /** The task the entity filter came from, shown as the filter's label. */
  task?: string;
  range: TimeRangeId;
}

const TOKEN = /^[A-Za-z0-9_.:-]{1,200}$/;

export function parseRuntimeFilters(params: URLSearchParams): RuntimeFilters {
  const pick = (key: string, max: number) => {
    const value = params.get(key)?.trim();
    return value && value.length <= max && TOKEN.test(value) ? value : undefined;
  };
  const range = params.get("range");
  return {
    layer: pick("layer", 40),
    reason: pick("reason", 80),
    entity: pick("entity", 200),
    task: pick("task", 200),
    range: range === "all" || TIME_RANGES.some((candidate) => candidate.id === range) ? (range as TimeRangeId) : "24h",
  };
}

export function runtimeFiltersToSearchParams(filters: RuntimeFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.layer) params.set("layer", filters.layer);
  if (filters.reason) params.set("reason", filters.reason);
  if (filters.entity) params.set("entity", filters.entity);
  if (filters.task) params.set("task", filters.task);
  if (filters.range !== "24h") params.set("range", filters.range);
  return params;
}

export const EVENTS_LIMIT = 100;
export const TASKS_LIMIT = 20;

/** The events API query for these filters; `from` is computed against `now`. */
export function runtimeEventsQuery(filters: RuntimeFilters, now: number): Record<string, string> {
  const query: Record<string, string> = { limit: String(EVENTS_LIMIT) };
  if (filters.layer) query.layer = filters.layer;
  if (filters.reason) query.reasonCode = filters.reason;
  if (filters.entity) query.entityId = filters.entity;
  const range = TIME_RANGES.find((candidate) => candidate.id === filters.range);
  if (range) query.from = new Date(now - range.ms).toISOString();
  return query;
}

export const runtimeKeys = {
  all: ["admin", "runtime"] as const,
  status: ["admin", "runtime", "status"] as const,
  events: (filters: RuntimeFilters) => ["admin", "runtime", "events", filters.layer ?? "", filters.reason ?? "", filters.entity ?? "", filters.range] as const,
  tasks: ["admin", "runtime", "tasks"] as const,
};

export const fetchRuntimeStatus = (signal?: AbortSignal) => requestJson<{ status: RuntimeStatus }>("/api/admin/ai/runtime/status", { signal });
export interface RuntimeEventsPage {
  events: RuntimeEventRow[];
  nextCursor: string | null;
}

/** One page of events, newest first; `cursor` continues after the previous page's last event. */
export function fetchRuntimeEvents(filters: RuntimeFilters, cursor: string | null, signal?: AbortSignal) {
  const query = new URLSearchParams(runtimeEventsQuery(filters, Date.now()));
  if (cursor) query.set("cursor", cursor);
  return requestJson<RuntimeEventsPage>(`/api/admin/ai/runtime/events?${query}`, { signal });
}
export const fetchRuntimeTasks = (signal?: AbortSignal) =>
  requestJson<{ tasks: RuntimeTask[]; nextCursor: string | null }>(`/api/admin/ai/runtime/tasks?limit=${TASKS_LIMIT}`, { signal });

/** The change of each queue count since the previous snapshot. */
export function queueTrend(previous: RuntimeQueue | undefined, current: RuntimeQueue): Record<keyof RuntimeQueue, number> {
  const keys = ["PENDING", "RUNNING", "COMPLETED", "FAILED", "expiredLeases"] as const;
  return Object.fromEntries(keys.map((key) => [key, previous ? current[key] - previous[key] : 0])) as Record<keyof RuntimeQueue, number>;
}
