/**
 * What an execution tree's events say about its runs. Pure: the grouped feed loads a group's events
 * and summarizes them here. A group (campaign, network run or workflow run) holds several runs: the
 * root itself plus the missions, tasks and agent runs under it. Each run's state is its LATEST event,
 * so a finished workflow counts as one completed run, not as its STARTED event "running".
 */

export type ActivityGroupType = "campaign" | "network" | "workflow";
/** "cancelled" is a run stopped on request: neither a success nor a failure. */
export type RunState = "running" | "waiting" | "completed" | "failed" | "cancelled";

export interface GroupEvent {
  id: string;
  type: string;
  status: string | null;
  runId: string | null;
  workflowRunId: string | null;
  networkRunId: string | null;
  campaignId: string | null;
  missionId: string | null;
  costUsd: number | null;
  durationMs: number | null;
  createdAt: Date;
}

export interface ActivityGroupStats {
  /** Events in the group (matching the filters). */
  events: number;
  /** Distinct runs (root, missions, tasks, agent runs) that have lifecycle events. */
  runs: number;
  completed: number;
  failed: number;
  cancelled: number;
  running: number;
  waiting: number;
  /** The root's reported cost when it has one (it already includes its children), else the runs' sum. */
  totalCost: number;
  /** The root's reported duration when it has one, else the time from its first to its latest event. */
  totalDuration: number;
}

/** How an activity status reads as a run state (statuses are written in either case). */
const STATE_OF_STATUS: Record<string, RunState> = {
  completed: "completed",
  approved: "completed",
  success: "completed",
  succeeded: "completed",
  failed: "failed",
  cancelled: "cancelled",
  rejected: "failed",
  error: "failed",
  running: "running",
  queued: "running",
  planning: "running",
  pending: "waiting",
  suspended: "waiting",
  waiting: "waiting",
};

export function classifyActivityStatus(status: string | null): RunState | null {
  return STATE_OF_STATUS[status?.toLowerCase() ?? ""] ?? null;
}

/** A lifecycle event's run state: its type's verb first (a WORKFLOW_COMPLETED is completed), then its status. */
export function runStateOf(event: Pick<GroupEvent, "type" | "status">): RunState | null {
  if (event.type.endsWith("_COMPLETED")) return "completed";
  if (event.type.endsWith("_FAILED")) return "failed";
  if (event.type.endsWith("_CANCELLED")) return "cancelled";
  if (event.type.endsWith("_SUSPENDED")) return "waiting";
  if (event.type.endsWith("_STARTED")) return "running";
  return classifyActivityStatus(event.status);
}

/**
 * The run an event reports on, or null for events that are not a run's lifecycle (approvals,
 * trigger fires, alerts). Events missing their run's id stand for a run of their own.
 */
export function runKeyOf(event: GroupEvent): string | null {
  const [prefix] = event.type.split("_");
  switch (prefix) {
    case "CAMPAIGN":
      return `campaign:${event.campaignId ?? event.id}`;
    case "NETWORK":
      return `network:${event.networkRunId ?? event.id}`;
    case "WORKFLOW":
      return `workflow:${event.workflowRunId ?? event.id}`;
    case "MISSION":
      return `mission:${event.missionId ?? event.id}`;
    case "TASK":
    case "AGENT":
      return `run:${event.runId ?? event.id}`;
    default:
      return null;
  }
}

const byTime = (a: GroupEvent, b: GroupEvent) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * The group's state and run stats. The state is the root run's latest state, "waiting" while the
 * running root's newest event asks for a decision; without root events, the newest run's state.
 */
export function summarizeGroup(type: ActivityGroupType, key: string, events: GroupEvent[]): { status: RunState | null; stats: ActivityGroupStats } {
  const sorted = [...events].sort(byTime);
  const latestOfRun = new Map<string, GroupEvent>();
  for (const event of sorted) {
    const runKey = runKeyOf(event);
    if (runKey && runStateOf(event)) latestOfRun.set(runKey, event);
  }
  const stats: ActivityGroupStats = {
    events: events.length,
    runs: latestOfRun.size,
    completed: 0,
    failed: 0,
    cancelled: 0,
    running: 0,
    waiting: 0,
    totalCost: 0,
    totalDuration: 0,
  };
  for (const event of latestOfRun.values()) stats[runStateOf(event)!] += 1;

  const root = latestOfRun.get(`${type}:${key}`);
  const newest = sorted.at(-1);
  let status: RunState | null = root ? runStateOf(root) : null;
  if (!root) {
    const newestRun = [...latestOfRun.values()].sort(byTime).at(-1);
    status = newestRun ? runStateOf(newestRun) : null;
  } else if (status === "running" && newest && (newest.type === "APPROVAL_REQUESTED" || newest.type.endsWith("_SUSPENDED"))) {
    // The root is held up by a decision: count it as waiting too, so the stats agree with the status.
    status = "waiting";
    stats.running -= 1;
    stats.waiting += 1;
  }

  if (root?.costUsd != null) stats.totalCost = root.costUsd;
  else for (const [runKey, event] of latestOfRun) if (runKey !== `${type}:${key}`) stats.totalCost += event.costUsd ?? 0;
  const first = sorted[0];
  stats.totalDuration = root?.durationMs ?? (first && newest ? newest.createdAt.getTime() - first.createdAt.getTime() : 0);
  return { status, stats };
}
