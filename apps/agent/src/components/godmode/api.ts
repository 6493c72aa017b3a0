import type { ActivityGroupStats } from "@switchyard/core/activity/group-stats";
import { requestJson } from "@/components/api-client";
import { chainUrl, type ChainRef, type GroupState } from "./event-config";

/** An activity event as the API sends it (dates as ISO strings). */
export interface ActivityEventRow {
  id: string;
  type: string;
  title: string;
  description: string | null;
  status: string | null;
  agentId: string | null;
  agentSlug: string | null;
  runId: string | null;
  workflowRunId: string | null;
  networkRunId: string | null;
  campaignId: string | null;
  missionId: string | null;
  pulseId: string | null;
  triggerId: string | null;
  approvalId: string | null;
  costUsd: number | null;
  durationMs: number | null;
  totalTokens: number | null;
  createdAt: string;
}

export interface ActivityListResponse {
  events: ActivityEventRow[];
  nextCursor: string | null;
}

export interface ActivityGroup {
  key: string;
  type: "campaign" | "network" | "workflow";
  latestAt: string;
  rootEvent: ActivityEventRow | null;
  children: ActivityEventRow[];
  childrenTruncated: boolean;
  /** Continues `?entity=<key>` paging with the events older than `children`. */
  olderCursor: string | null;
  /** The root run's latest state; null when the group has no run lifecycle events. */
  status: GroupState | null;
  stats: ActivityGroupStats;
}

export interface GroupedActivityResponse {
  groups: ActivityGroup[];
  ungrouped: ActivityEventRow[];
  nextCursor: string | null;
}

export interface CausalNode {
  id: string;
  kind: string;
  label: string;
  status: string;
  costUsd: number;
  durationMs: number | null;
  startedAt: string | null;
  children: CausalNode[];
}

export interface SystemHealth {
  from: string;
  to: string;
  succeeded: number;
  failed: number;
  successRate: number | null;
  hours: { at: string; succeeded: number; failed: number }[];
}

export const FEED_LIMIT = 50;
export const GROUP_LIMIT = 20;
export const GROUP_EVENTS_LIMIT = 50;

export interface ActivityQuery {
  types?: string;
  q?: string;
  entity?: string;
  cursor?: string | null;
}

export function feedUrl({ types, q, entity, cursor }: ActivityQuery, limit = FEED_LIMIT): string {
  const params = new URLSearchParams({ limit: String(limit) });
  if (types) params.set("type", types);
  if (q) params.set("search", q);
  if (entity) params.set("entity", entity);
  if (cursor) params.set("cursor", cursor);
  return `/api/activity?${params}`;
}

export function groupsUrl({ types, q, cursor }: ActivityQuery): string {
  const params = new URLSearchParams({ grouped: "true", limit: String(GROUP_LIMIT) });
  if (types) params.set("type", types);
  if (q) params.set("search", q);
  if (cursor) params.set("cursor", cursor);
  return `/api/activity?${params}`;
}

export const godmodeKeys = {
  feed: (types: string | undefined, q: string | undefined) => ["godmode", "feed", types ?? "all", q ?? ""] as const,
  groups: (types: string | undefined, q: string | undefined) => ["godmode", "groups", types ?? "all", q ?? ""] as const,
  groupEvents: (key: string, types: string | undefined, q: string | undefined) => ["godmode", "group-events", key, types ?? "all", q ?? ""] as const,
  health: ["godmode", "health"] as const,
  chain: (ref: ChainRef) => ["godmode", "chain", ref.kind, ref.id] as const,
};

export const fetchFeed = (query: ActivityQuery, signal?: AbortSignal, limit?: number) => requestJson<ActivityListResponse>(feedUrl(query, limit), { signal });
export const fetchGroups = (query: ActivityQuery, signal?: AbortSignal) => requestJson<GroupedActivityResponse>(groupsUrl(query), { signal });
export const fetchHealth = async (signal?: AbortSignal) => (await requestJson<{ health: SystemHealth }>("/api/activity/health", { signal })).health;
export const fetchChain = (ref: ChainRef, signal?: AbortSignal) => requestJson<{ chain: CausalNode }>(chainUrl(ref), { signal });
