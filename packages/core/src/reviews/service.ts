import { Prisma } from "@switchyard/database";
import { z } from "zod";
import type { OrgContext } from "../context.ts";
import { AppError } from "../errors.ts";
import { decodeCursor, encodeCursor } from "../activity/cursor.ts";
import { REVIEW_SOURCES, type ReviewSource } from "./requests.ts";

const SOURCE_OF_TYPE = Object.fromEntries(Object.entries(REVIEW_SOURCES).map(([source, type]) => [type, source])) as Record<string, ReviewSource>;

export const ListReviewsQuery = z.object({
  source: z.enum(["workflow", "integration", "financial", "campaign", "mission", "agent", "all"]).default("all"),
  status: z.enum(["pending", "approved", "rejected", "expired", "all"]).default("pending"),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type ListReviewsQuery = z.infer<typeof ListReviewsQuery>;

export const ReviewParams = z.object({ id: z.string().min(1).max(64) });

const reviewInclude = {
  agent: { select: { id: true, slug: true, name: true, modelName: true, riskLevel: true } },
  workflowRun: { select: { id: true, status: true, workflow: { select: { slug: true, name: true } } } },
  campaign: { select: { id: true, name: true, status: true } },
  mission: { select: { id: true, name: true, sequence: true, status: true } },
  audit: { orderBy: [{ createdAt: "asc" }, { id: "asc" }] },
} satisfies Prisma.ApprovalRequestInclude;
type ReviewRow = Prisma.ApprovalRequestGetPayload<{ include: typeof reviewInclude }>;

/** Pending (or decided) approvals of every source type, newest request first, keyset-paginated. */
export async function listReviews(ctx: OrgContext, query: ListReviewsQuery) {
  const cursor = query.cursor ? decodeCursor(query.cursor) : null;
  const where: Prisma.ApprovalRequestWhereInput = {
    organizationId: ctx.organizationId,
    ...(query.source !== "all" ? { sourceType: REVIEW_SOURCES[query.source] } : {}),
    ...(query.status !== "all" ? { status: query.status } : {}),
    ...(cursor ? { OR: [{ requestedAt: { lt: cursor.at } }, { requestedAt: cursor.at, id: { lt: cursor.id } }] } : {}),
  };
  const rows = await ctx.db.approvalRequest.findMany({
    where,
    include: reviewInclude,
    orderBy: [{ requestedAt: "desc" }, { id: "desc" }],
    take: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  const notified = await notificationTimes(
    ctx,
    page.map((row) => row.id),
  );
  const heldRuns = await agentRunsOf(ctx, page);
  return {
    reviews: page.map((row) => toReview(row, notified.get(row.id) ?? null, heldRuns)),
    nextCursor: rows.length > query.limit && last ? encodeCursor(last.requestedAt, last.id) : null,
  };
}

/** One approval with its joins and full audit trail; another organization's id is a 404. */
export async function getReview(ctx: OrgContext, id: string) {
  const row = await ctx.db.approvalRequest.findFirst({ where: { id, organizationId: ctx.organizationId }, include: reviewInclude });
  if (!row) throw new AppError("not_found", "Approval request not found");
  const notified = await notificationTimes(ctx, [row.id]);
  return toReview(row, notified.get(row.id) ?? null, await agentRunsOf(ctx, [row]));
}

/** The runs `agent` reviews hold (ApprovalRequest.agentRunId has no relation to join through). */
async function agentRunsOf(ctx: OrgContext, rows: { agentRunId: string | null }[]): Promise<Map<string, HeldRun>> {
  const ids = rows.flatMap((row) => (row.agentRunId ? [row.agentRunId] : []));
  if (ids.length === 0) return new Map();
  const runs = await ctx.db.agentRun.findMany({
    where: { organizationId: ctx.organizationId, id: { in: ids } },
    select: { id: true, status: true, source: true, error: true },
  });
  return new Map(runs.map((run) => [run.id, run]));
}

interface HeldRun {
  id: string;
  status: string;
  source: string;
  error: string | null;
}

/**
 * When each approval was announced to operators: its APPROVAL_REQUESTED activity event, which puts it
 * in the Command queue and the live feed (there is no outbound channel yet).
 */
async function notificationTimes(ctx: OrgContext, ids: string[]): Promise<Map<string, Date>> {
  if (ids.length === 0) return new Map();
  const events = await ctx.db.activityEvent.findMany({
    where: { organizationId: ctx.organizationId, type: "APPROVAL_REQUESTED", approvalId: { in: ids } },
    select: { approvalId: true, createdAt: true },
    orderBy: { createdAt: "asc" },
  });
  const times = new Map<string, Date>();
  for (const event of events) if (event.approvalId && !times.has(event.approvalId)) times.set(event.approvalId, event.createdAt);
  return times;
}

function recordOf(value: unknown): Record<string, unknown> {
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** The pull request an approval is about: `githubRepo` (or the context's) and the context's `prNumber`. */
function pullRequestOf(githubRepo: string | null, context: unknown): { repo: string; number: number } | null {
  const ctx = recordOf(context);
  const repo = githubRepo ?? (typeof ctx.githubRepo === "string" ? ctx.githubRepo : null);
  const number = Number(ctx.prNumber);
  return repo && /^[\w.-]+\/[\w.-]+$/.test(repo) && Number.isInteger(number) && number > 0 ? { repo, number } : null;
}

/** The unified diff a workflow recorded in the approval's context when it analysed the change. */
function recordedPatchOf(context: unknown): string | null {
  const patch = recordOf(context).patch;
  return typeof patch === "string" && patch.trim() ? patch : null;
}

/** The context a card shows: the recorded patch stays out (it can be large), served by `getReviewDiff`. */
function cardContextOf(context: Prisma.JsonValue | null): Prisma.JsonValue | null {
  if (recordedPatchOf(context) === null) return context;
  const { patch: _servedByGetReviewDiff, ...rest } = recordOf(context);
  return rest as Prisma.JsonValue;
}

function toReview(row: ReviewRow, notifiedAt: Date | null, heldRuns: Map<string, HeldRun>) {
  return {
    id: row.id,
    sourceType: row.sourceType,
    source: SOURCE_OF_TYPE[row.sourceType] ?? row.sourceType,
    status: row.status,
    title: row.title,
    summary: row.summary,
    prompt: row.prompt,
    githubRepo: row.githubRepo,
    pullRequest: pullRequestOf(row.githubRepo, row.reviewContext),
    hasRecordedPatch: recordedPatchOf(row.reviewContext) !== null,
    estimatedCostUsd: row.estimatedCostUsd,
    requestedAt: row.requestedAt,
    notifiedAt,
    expiresAt: row.expiresAt,
    decidedAt: row.decidedAt,
    decidedBy: row.decidedByLabel,
    decisionNotes: row.decisionNotes,
    agent: row.agent ? { id: row.agent.id, slug: row.agent.slug, name: row.agent.name, model: row.agent.modelName, riskLevel: row.agent.riskLevel } : null,
    workflowRun: row.workflowRun
      ? { id: row.workflowRun.id, status: row.workflowRun.status, workflowSlug: row.workflowRun.workflow.slug, workflowName: row.workflowRun.workflow.name }
      : null,
    campaign: row.campaign,
    mission: row.mission,
    networkRunId: row.networkRunId,
    workflowStepId: row.workflowStepId,
    agentRunId: row.agentRunId,
    agentRun: row.agentRunId ? (heldRuns.get(row.agentRunId) ?? null) : null,
    context: cardContextOf(row.reviewContext),
    payload: row.payload,
    audit: row.audit.map((entry) => ({
      id: entry.id,
      action: entry.action,
      actor: entry.actorLabel,
      notes: entry.notes,
      metadata: entry.metadata,
      at: entry.createdAt,
    })),
  };
}

const DAY_MS = 86_400_000;

export const ReviewMetricsResponse = z.object({
  pendingCount: z.number().int(),
  bySource: z.record(z.enum(["workflow", "integration", "financial", "campaign", "mission", "agent"]), z.number().int()),
  avgWaitMinutes: z.number().nullable(),
  approvalRate7d: z.number().min(0).max(1).nullable(),
  decisionsToday: z.number().int(),
  avgDecisionMinutes: z.number().nullable(),
  resolved24h: z.number().int(),
  queueTrend: z.object({
    requested24h: z.number().int(),
    resolved24h: z.number().int(),
    delta: z.number().int(),
    direction: z.enum(["growing", "shrinking", "steady"]),
  }),
});
export type ReviewMetrics = z.infer<typeof ReviewMetricsResponse>;

/**
 * Governance metrics in two aggregate queries. Windows: approval rate and average decision time
 * over the last 7 days of decisions, "today" from 00:00 UTC; `queueTrend` compares requests opened
 * against requests resolved in the last 24 hours ("growing" when more arrived than were resolved).
 */
export async function getReviewMetrics(ctx: OrgContext, now: Date = new Date()): Promise<ReviewMetrics> {
  const at = (date: Date) => Prisma.sql`CAST(${date.toISOString()} AS timestamp(3))`;
  const dayAgo = new Date(now.getTime() - DAY_MS);
  const weekAgo = new Date(now.getTime() - 7 * DAY_MS);
  const startOfDay = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const [totals] = await ctx.db.$queryRaw<
    {
      pending: number;
      avgWaitMinutes: number | null;
      approved7d: number;
      decided7d: number;
      avgDecisionMinutes: number | null;
      decisionsToday: number;
      resolved24h: number;
      requested24h: number;
    }[]
  >(Prisma.sql`
    SELECT
      count(*) FILTER (WHERE status = 'pending')::int AS "pending",
      (avg(EXTRACT(EPOCH FROM (${at(now)} - "requestedAt"))) FILTER (WHERE status = 'pending') / 60)::float8 AS "avgWaitMinutes",
      count(*) FILTER (WHERE status = 'approved' AND "decidedAt" >= ${at(weekAgo)})::int AS "approved7d",
      count(*) FILTER (WHERE status IN ('approved', 'rejected') AND "decidedAt" >= ${at(weekAgo)})::int AS "decided7d",
      (avg(EXTRACT(EPOCH FROM ("decidedAt" - "requestedAt"))) FILTER (WHERE status IN ('approved', 'rejected') AND "decidedAt" >= ${at(weekAgo)}) / 60)::float8 AS "avgDecisionMinutes",
      count(*) FILTER (WHERE status IN ('approved', 'rejected') AND "decidedAt" >= ${at(startOfDay)})::int AS "decisionsToday",
      count(*) FILTER (WHERE status IN ('approved', 'rejected', 'expired') AND "decidedAt" >= ${at(dayAgo)})::int AS "resolved24h",
      count(*) FILTER (WHERE "requestedAt" >= ${at(dayAgo)})::int AS "requested24h"
    FROM "ApprovalRequest"
    WHERE "organizationId" = ${ctx.organizationId}
  `);
  const bySourceRows = await ctx.db.approvalRequest.groupBy({
    by: ["sourceType"],
    where: { organizationId: ctx.organizationId, status: "pending" },
    _count: { _all: true },
  });
  const bySource = Object.fromEntries(Object.keys(REVIEW_SOURCES).map((source) => [source, 0])) as Record<ReviewSource, number>;
  for (const row of bySourceRows) {
    const source = SOURCE_OF_TYPE[row.sourceType];
    if (source) bySource[source] += row._count._all;
  }
  const round = (value: number | null) => (value === null ? null : Math.round(value * 10) / 10);
  const delta = totals.requested24h - totals.resolved24h;
  return {
    pendingCount: totals.pending,
    bySource,
    avgWaitMinutes: round(totals.avgWaitMinutes),
    approvalRate7d: totals.decided7d === 0 ? null : totals.approved7d / totals.decided7d,
    decisionsToday: totals.decisionsToday,
    avgDecisionMinutes: round(totals.avgDecisionMinutes),
    resolved24h: totals.resolved24h,
    queueTrend: {
      requested24h: totals.requested24h,
      resolved24h: totals.resolved24h,
      delta,
      direction: delta > 0 ? "growing" : delta < 0 ? "shrinking" : "steady",
    },
  };
}

export interface DiffSource {
  token?: string;
  apiUrl?: string;
  fetch?: typeof fetch;
}

/**
 * The unified diff an approval is about. The patch the workflow recorded comes first: it is the
 * change that was analysed and is being approved, even if the pull request has moved on since.
 * Otherwise the pull request's diff from the GitHub API: 422 when the approval names no repository
 * or PR number, 409 `not_configured` without a token, and GitHub's own refusal mapped to a clear code.
 */
export async function getReviewDiff(ctx: OrgContext, id: string, source: DiffSource = {}) {
  const approval = await ctx.db.approvalRequest.findFirst({
    where: { id, organizationId: ctx.organizationId },
    select: { githubRepo: true, reviewContext: true },
  });
  if (!approval) throw new AppError("not_found", "Approval request not found");
  const patch = recordedPatchOf(approval.reviewContext);
  if (patch) {
    const pullRequest = pullRequestOf(approval.githubRepo, approval.reviewContext);
    return { source: "recorded" as const, repo: pullRequest?.repo ?? null, prNumber: pullRequest?.number ?? null, diff: patch };
  }
  const context = recordOf(approval.reviewContext);
  const prNumber = Number(context.prNumber);
  const repo = approval.githubRepo ?? (typeof context.githubRepo === "string" ? context.githubRepo : null);
  if (!repo || !/^[\w.-]+\/[\w.-]+$/.test(repo)) throw new AppError("unprocessable", "This approval names no GitHub repository (owner/name)");
  if (!Number.isInteger(prNumber) || prNumber <= 0) throw new AppError("unprocessable", "This approval names no pull request number");
  const token = source.token ?? process.env.GITHUB_TOKEN;
  if (!token) throw new AppError("not_configured", "GitHub is not configured: set GITHUB_TOKEN to show pull request diffs");
  const apiUrl = (source.apiUrl ?? process.env.GITHUB_API_URL ?? "https://api.github.com").replace(/\/+$/, "");
  let response: Response;
  try {
    response = await (source.fetch ?? fetch)(`${apiUrl}/repos/${repo}/pulls/${prNumber}`, {
      headers: { accept: "application/vnd.github.v3.diff", authorization: `Bearer ${token}`, "user-agent": "switchyard", "x-github-api-version": "2022-11-28" },
      signal: AbortSignal.timeout(15_000),
    });
  } catch (error) {
    throw new AppError("upstream_failed", "GitHub could not be reached", { reason: (error as Error).message });
  }
  if (response.status === 404) throw new AppError("not_found", `Pull request ${repo}#${prNumber} not found on GitHub`);
  if (response.status === 401 || response.status === 403)
    throw new AppError("upstream_failed", `GitHub refused the request (${response.status}); check GITHUB_TOKEN`);
  if (!response.ok) throw new AppError("upstream_failed", `GitHub answered ${response.status}`);
  return { source: "github" as const, repo, prNumber, diff: await response.text() };
}

/** An approval as `listReviews` and `getReview` return it. */
export const ReviewView = z.object({
  id: z.string(),
  sourceType: z.string(),
  source: z.string(),
  status: z.string(),
  title: z.string(),
  summary: z.string().nullable(),
  prompt: z.string().nullable(),
  githubRepo: z.string().nullable(),
  pullRequest: z.object({ repo: z.string(), number: z.number().int() }).nullable(),
  hasRecordedPatch: z.boolean(),
  estimatedCostUsd: z.number().nullable(),
  requestedAt: z.date(),
  notifiedAt: z.date().nullable(),
  expiresAt: z.date().nullable(),
  decidedAt: z.date().nullable(),
  decidedBy: z.string().nullable(),
  decisionNotes: z.string().nullable(),
  agent: z.object({ id: z.string(), slug: z.string(), name: z.string(), model: z.string(), riskLevel: z.string() }).nullable(),
  workflowRun: z.object({ id: z.string(), status: z.string(), workflowSlug: z.string(), workflowName: z.string() }).nullable(),
  campaign: z.object({ id: z.string(), name: z.string(), status: z.string() }).nullable(),
  mission: z.object({ id: z.string(), name: z.string(), sequence: z.number().int(), status: z.string() }).nullable(),
  networkRunId: z.string().nullable(),
  workflowStepId: z.string().nullable(),
  /** The SUSPENDED run an `agent` review holds, and how it stands now. */
  agentRunId: z.string().nullable(),
  agentRun: z.object({ id: z.string(), status: z.string(), source: z.string(), error: z.string().nullable() }).nullable(),
  context: z.unknown(),
  payload: z.unknown(),
  audit: z.array(z.object({ id: z.string(), action: z.string(), actor: z.string(), notes: z.string().nullable(), metadata: z.unknown(), at: z.date() })),
});
/** What `listReviews` returns. */
export const ListReviewsResponse = z.object({ reviews: z.array(ReviewView), nextCursor: z.string().nullable() });
/** What `getReviewDiff` returns. */
export const ReviewDiffResponse = z.object({
  source: z.enum(["recorded", "github"]),
  repo: z.string().nullable(),
  prNumber: z.number().int().nullable(),
  diff: z.string(),
});
