import { Prisma } from "@switchyard/database";
import { getSeverity, getSuccessRate } from "@switchyard/ui/severity";
import type { OrgContext } from "../context.ts";
import { computeNextRunAt } from "../cron.ts";
import { countOccurrences } from "./cron-count.ts";
import { AUTOMATION_SOURCES, type Automation, type AutomationSource, type DependencyRef, type PrimitiveType } from "./types.ts";

const sql = Prisma.sql;
const DAY_MS = 86_400_000;
export const PROJECTION_DAYS = 30;

/**
 * The table that really holds each source's runs, the column naming the automation, and the kind its
 * figures are rolled up under (AutomationRunStats, AutomationRunDaily: kept by database triggers).
 */
const RUN_TABLES = {
  agent: { table: '"AgentRun"', key: '"triggerId"', rollup: "agent" },
  workflow: { table: '"WorkflowRun"', key: '"triggerId"', rollup: "workflow" },
  network: { table: '"NetworkRun"', key: '"triggerId"', rollup: "network" },
  campaignSchedule: { table: '"Campaign"', key: '"scheduleId"', rollup: "campaign-schedule" },
  campaignTrigger: { table: '"Campaign"', key: '"triggerId"', rollup: "campaign-trigger" },
  pulse: { table: '"PulseEvaluation"', key: '"pulseId"', rollup: "pulse" },
} as const;
type RunTable = keyof typeof RUN_TABLES;

interface StatsRow {
  key: string;
  total: number;
  success: number;
  failed: number;
  cancelled: number;
  inProgress: number;
  finished: number;
  finishedCost: number;
  avgDurationMs: number | null;
  recent: number;
}
interface LastRunRow {
  key: string;
  id: string;
  status: string;
  startedAt: Date;
}

export interface RunStats {
  stats: Map<string, StatsRow>;
  lastRuns: Map<string, LastRunRow>;
}

const FINISHED = Prisma.raw(`('COMPLETED', 'FAILED', 'CANCELLED')`);
const UNFINISHED = Prisma.raw(`('QUEUED', 'RUNNING', 'SUSPENDED')`);

/**
 * The automations' run figures: finished runs from the rollups (all time per status, and per day for
 * the last 30 days), the unfinished ones and the finished ones of the partial first day from the run
 * table itself; plus the latest run per automation. One statement per run table, however many runs
 * it holds.
 */
async function loadRunStats(ctx: OrgContext, table: RunTable, ids: string[], since: Date): Promise<RunStats> {
  const stats = new Map<string, StatsRow>();
  const lastRuns = new Map<string, LastRunRow>();
  if (ids.length === 0) return { stats, lastRuns };
  const { table: t, key: k, rollup } = RUN_TABLES[table];
  const from = Prisma.raw(`${t} r`);
  const key = Prisma.raw(`r.${k}`);
  const org = ctx.organizationId;
  const idList = Prisma.join(ids);
  // A long IN list is checked row by row; for a whole list, every key of the organization is cheaper (the extra ones are ignored).
  const onlyIds = (column: Prisma.Sql) => (ids.length <= 50 ? sql`AND ${column} IN (${idList})` : sql`AND ${column} IS NOT NULL`);
  // Whole UTC days from the first midnight after `since` are in AutomationRunDaily; the part before it is read from the runs.
  const firstDay = new Date(Math.ceil(since.getTime() / DAY_MS) * DAY_MS);
  const at = (date: Date) => sql`CAST(${date.toISOString().replace("Z", "")} AS timestamp(3))`;
  type Num = number | string | bigint | null;
  // One statement, one row per automation: five parts added up per key, so little crosses the wire.
  const rows = await ctx.db.$queryRaw<
    {
      key: string;
      total: Num;
      success: Num;
      failed: Num;
      cancelled: Num;
      inProgress: Num;
      finished: Num;
      finishedCost: Num;
      durationMsSum: Num;
      durationCount: Num;
      recent: Num;
      lastId: string | null;
      lastStatus: string | null;
      lastAt: Date | null;
    }[]
  >`
    SELECT key,
      COALESCE(sum(runs) FILTER (WHERE part IN ('finished', 'unfinished')), 0)::float8 AS total,
      COALESCE(sum(runs) FILTER (WHERE part = 'finished' AND status = 'COMPLETED'), 0)::float8 AS success,
      COALESCE(sum(runs) FILTER (WHERE part = 'finished' AND status = 'FAILED'), 0)::float8 AS failed,
      COALESCE(sum(runs) FILTER (WHERE part = 'finished' AND status = 'CANCELLED'), 0)::float8 AS cancelled,
      COALESCE(sum(runs) FILTER (WHERE part = 'unfinished'), 0)::float8 AS "inProgress",
      COALESCE(sum(runs) FILTER (WHERE part = 'finished'), 0)::float8 AS finished,
      COALESCE(sum("costUsd") FILTER (WHERE part = 'finished'), 0)::float8 AS "finishedCost",
      COALESCE(sum("durationMsSum"), 0)::float8 AS "durationMsSum",
      COALESCE(sum("durationCount"), 0)::float8 AS "durationCount",
      (COALESCE(sum(runs) FILTER (WHERE part IN ('days', 'edge')), 0) + COALESCE(sum(recent), 0))::float8 AS recent,
      max(id) AS "lastId", max(status) FILTER (WHERE part = 'last') AS "lastStatus", max("startedAt") AS "lastAt"
    FROM (
      (SELECT 'finished' AS part, key, status::text AS status, runs::float8 AS runs, 0::float8 AS recent,
          "durationMsSum"::float8 AS "durationMsSum", "durationCount"::float8 AS "durationCount", "costUsd"::float8 AS "costUsd",
          NULL::text AS id, NULL::timestamp AS "startedAt"
        FROM "AutomationRunStats" WHERE "organizationId" = ${org} AND kind = ${rollup} ${onlyIds(sql`key`)} AND runs <> 0)
      UNION ALL
      (SELECT 'days', key, NULL, sum(runs)::float8, 0, 0, 0, 0, NULL, NULL FROM "AutomationRunDaily"
        WHERE "organizationId" = ${org} AND day >= ${at(firstDay)} AND kind = ${rollup} ${onlyIds(sql`key`)} GROUP BY key)
      UNION ALL
      (SELECT 'edge', ${key}, NULL, count(*)::float8, 0, 0, 0, 0, NULL, NULL FROM ${from}
        WHERE r."organizationId" = ${org} AND r."startedAt" >= ${at(since)} AND r."startedAt" < ${at(firstDay)}
          AND r.status IN ${FINISHED} ${onlyIds(key)}
        GROUP BY 2)
      UNION ALL
      (SELECT 'unfinished', ${key}, NULL, count(*)::float8, (count(*) FILTER (WHERE r."startedAt" >= ${at(since)}))::float8,
          COALESCE(sum(r."durationMs"), 0)::float8, count(r."durationMs")::float8, 0, NULL, NULL
        FROM ${from} WHERE r."organizationId" = ${org} AND r.status IN ${UNFINISHED} ${onlyIds(key)}
        GROUP BY 2)
      UNION ALL
      -- The newest run of each automation, one index probe each: a DISTINCT ON would sort every run.
      (SELECT 'last', ids.key, l.status::text, 0, 0, 0, 0, 0, l.id, l."startedAt"
        FROM unnest(ARRAY[${idList}]::text[]) AS ids(key)
        CROSS JOIN LATERAL (
          SELECT r.id, r.status, r."startedAt" FROM ${from}
          WHERE r."organizationId" = ${org} AND ${key} = ids.key
          ORDER BY r."startedAt" DESC, r.id DESC LIMIT 1
        ) l)
    ) u GROUP BY key`;

  for (const row of rows) {
    const durationCount = Number(row.durationCount ?? 0);
    stats.set(row.key, {
      key: row.key,
      total: Number(row.total ?? 0),
      success: Number(row.success ?? 0),
      failed: Number(row.failed ?? 0),
      cancelled: Number(row.cancelled ?? 0),
      inProgress: Number(row.inProgress ?? 0),
      finished: Number(row.finished ?? 0),
      finishedCost: Number(row.finishedCost ?? 0),
      avgDurationMs: durationCount > 0 ? Number(row.durationMsSum ?? 0) / durationCount : null,
      recent: Number(row.recent ?? 0),
    });
    if (row.lastId) lastRuns.set(row.key, { key: row.key, id: row.lastId, status: row.lastStatus!, startedAt: new Date(row.lastAt!) });
  }
  return { stats, lastRuns };
}

/**
 * How far back a campaign schedule's or template's campaigns are read for their shape: the latest
 * campaigns say what a firing does now, and reading only them is one index probe per key however
 * long the history (a join of every campaign with its tasks cost ~300 ms at 40,000 campaigns).
 */
const RECENT_CAMPAIGNS = 10;

/** Agent runs per campaign of each campaign schedule's recent campaigns: how many agent runs one firing cascades into. */
async function loadCampaignCascade(ctx: OrgContext, scheduleIds: string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (scheduleIds.length === 0) return out;
  const rows = await ctx.db.$queryRaw<{ key: string; campaigns: number; agentRuns: number }[]>`
    SELECT s.key, count(*)::int AS "campaigns", COALESCE(sum(c."agentRuns"), 0)::int AS "agentRuns"
    FROM unnest(ARRAY[${Prisma.join(scheduleIds)}]::text[]) AS s(key)
    CROSS JOIN LATERAL (
      SELECT (SELECT count(mt."agentRunId") FROM "MissionTask" mt WHERE mt."campaignId" = c.id) AS "agentRuns"
      FROM "Campaign" c WHERE c."scheduleId" = s.key AND c."organizationId" = ${ctx.organizationId}
      ORDER BY c."startedAt" DESC LIMIT ${RECENT_CAMPAIGNS}
    ) c
    GROUP BY s.key`;
  for (const row of rows) if (row.campaigns > 0) out.set(row.key, Number(row.agentRuns) / Number(row.campaigns));
  return out;
}

/** The agents a template's recent campaigns have put to work (mission tasks); `templateIds` narrows it. */
async function loadTemplateAgents(ctx: OrgContext, templateIds: string[] | null): Promise<Map<string, Set<string>>> {
  if (templateIds?.length === 0) return new Map();
  const templates = templateIds
    ? sql`unnest(ARRAY[${Prisma.join(templateIds)}]::text[]) AS t(key)`
    : sql`(SELECT id AS key FROM "CampaignTemplate" WHERE "organizationId" = ${ctx.organizationId}) AS t`;
  const rows = await ctx.db.$queryRaw<{ key: string; agentId: string }[]>`
    SELECT DISTINCT t.key, mt."agentId" AS "agentId"
    FROM ${templates}
    CROSS JOIN LATERAL (
      SELECT c.id FROM "Campaign" c WHERE c."templateId" = t.key AND c."organizationId" = ${ctx.organizationId}
      ORDER BY c."startedAt" DESC LIMIT ${RECENT_CAMPAIGNS}
    ) c
    JOIN "MissionTask" mt ON mt."campaignId" = c.id AND mt."organizationId" = ${ctx.organizationId}
    WHERE mt."agentId" IS NOT NULL`;
  const out = new Map<string, Set<string>>();
  for (const row of rows) {
    if (!out.has(row.key)) out.set(row.key, new Set());
    out.get(row.key)!.add(row.agentId);
  }
  return out;
}

/** Agent slugs a workflow definition names anywhere (agent steps, loop producers and evaluators). */
export function agentSlugsOf(definition: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(definition)) for (const item of definition) agentSlugsOf(item, found);
  else if (definition && typeof definition === "object") {
    for (const [key, value] of Object.entries(definition)) {
      if (key === "agent" && typeof value === "string") found.add(value);
      else agentSlugsOf(value, found);
    }
  }
  return found;
}

export interface LoadedAutomation extends Automation {
  /** Agent runs one firing of a campaign schedule cascades into, on average (1 for everything else). */
  cascadeFactor: number;
}

/** Which rows a load reads: all of them, or one automation and those it is linked to. */
interface LoadScope {
  schedules: Prisma.AgentScheduleWhereInput;
  triggers: Prisma.AgentTriggerWhereInput;
  campaignSchedules: Prisma.CampaignScheduleWhereInput;
  campaignTriggers: Prisma.CampaignTriggerWhereInput;
  pulses: Prisma.PulseWhereInput;
  dependencies: Prisma.AutomationDependencyWhereInput;
  /** The rows whose run figures are loaded; null: all. */
  statsIds: Set<string> | null;
  /** The templates whose agents are looked up; null: all. */
  templateIds: string[] | null;
}

const EVERYTHING: LoadScope = {
  schedules: {},
  triggers: {},
  campaignSchedules: {},
  campaignTriggers: {},
  pulses: {},
  dependencies: {},
  statsIds: null,
  templateIds: null,
};

/**
 * Every automation of the organization (all seven sources, archived included) with stats from the
 * table that holds its runs, projections and dependencies. Filtering and sorting happen on top.
 *
 * With `focus` (an automation id) it loads that one with its figures, and of the others only the ones
 * linked to it (what it depends on, what depends on it: explicit links, a pulse and its members'
 * automations), without figures: enough for its own shape and the automations a change of it starves,
 * at the cost of one automation rather than the whole list. Null when it does not exist.
 */
export async function loadAutomations(ctx: OrgContext, now: Date = new Date(), focus?: string): Promise<LoadedAutomation[]> {
  const organizationId = ctx.organizationId;
  const db = ctx.db;
  const scope = focus === undefined ? EVERYTHING : await focusScope(ctx, focus);
  if (!scope) return [];
  const inOrg = <W>(where: W) => ({ ...where, organizationId });
  // Only the columns an automation shows: thousands of rows, so every column read is paid for thousands of times.
  const common = {
    id: true,
    organizationId: true,
    name: true,
    description: true,
    isActive: true,
    isArchived: true,
    archivedAt: true,
    createdAt: true,
  } as const;
  const policy = { healthPolicyEnabled: true, healthThreshold: true, healthWindow: true, healthAction: true, healthTriggeredAt: true } as const;
  const entity = { entityType: true, agentId: true, workflowId: true, networkId: true } as const;
  const [schedules, triggers, campaignSchedules, campaignTriggers, pulses, agents, workflows, networks, templates, dependencies] = await Promise.all([
    db.agentSchedule.findMany({
      where: inOrg(scope.schedules),
      select: { ...common, ...policy, ...entity, cronExpr: true, timezone: true },
      orderBy: { createdAt: "asc" },
    }),
    db.agentTrigger.findMany({
      where: inOrg(scope.triggers),
      select: { ...common, ...entity, type: true, eventName: true, webhookPath: true },
      orderBy: { createdAt: "asc" },
    }),
    db.campaignSchedule.findMany({
      where: inOrg(scope.campaignSchedules),
      select: { ...common, ...policy, templateId: true, cronExpr: true, timezone: true },
      orderBy: { createdAt: "asc" },
    }),
    db.campaignTrigger.findMany({
      where: inOrg(scope.campaignTriggers),
      select: { ...common, templateId: true, eventName: true },
      orderBy: { createdAt: "asc" },
    }),
    db.pulse.findMany({
      where: inOrg(scope.pulses),
      select: {
        ...policy,
        id: true,
        organizationId: true,
        name: true,
        slug: true,
        status: true,
        isArchived: true,
        archivedAt: true,
        createdAt: true,
        evalCronExpr: true,
        evalTimezone: true,
        members: { select: { agentId: true } },
      },
      orderBy: { createdAt: "asc" },
    }),
    db.agent.findMany({ where: { organizationId }, select: { id: true, slug: true, name: true } }),
    db.workflow.findMany({ where: { organizationId }, select: { id: true, slug: true, name: true, definition: true } }),
    db.network.findMany({ where: { organizationId }, select: { id: true, slug: true, name: true, members: { select: { agentId: true } } } }),
    db.campaignTemplate.findMany({ where: { organizationId }, select: { id: true, slug: true, name: true, plannerAgentId: true } }),
    db.automationDependency.findMany({ where: inOrg(scope.dependencies) }),
  ]);
  const withStats = <T extends { id: string }>(rows: T[]) => rows.filter((row) => !scope.statsIds || scope.statsIds.has(row.id));

  const since = new Date(now.getTime() - PROJECTION_DAYS * DAY_MS);
  const idsFor = (entityType: "agent" | "workflow" | "network") => [
    ...withStats(schedules)
      .filter((s) => s.entityType === entityType)
      .map((s) => s.id),
    ...withStats(triggers)
      .filter((t) => t.entityType === entityType)
      .map((t) => t.id),
  ];
  const [agentStats, workflowStats, networkStats, campaignScheduleStats, campaignTriggerStats, pulseStats, cascade, templateAgents] = await Promise.all([
    loadRunStats(ctx, "agent", idsFor("agent"), since),
    loadRunStats(ctx, "workflow", idsFor("workflow"), since),
    loadRunStats(ctx, "network", idsFor("network"), since),
    loadRunStats(
      ctx,
      "campaignSchedule",
      withStats(campaignSchedules).map((s) => s.id),
      since,
    ),
    loadRunStats(
      ctx,
      "campaignTrigger",
      withStats(campaignTriggers).map((t) => t.id),
      since,
    ),
    loadRunStats(
      ctx,
      "pulse",
      withStats(pulses).map((p) => p.id),
      since,
    ),
    loadCampaignCascade(
      ctx,
      withStats(campaignSchedules).map((s) => s.id),
    ),
    loadTemplateAgents(ctx, scope.templateIds),
  ]);
  const statsByEntity = { agent: agentStats, workflow: workflowStats, network: networkStats };

  const agentById = new Map(agents.map((a) => [a.id, a]));
  const agentBySlug = new Map(agents.map((a) => [a.slug, a]));
  const workflowById = new Map(workflows.map((w) => [w.id, w]));
  const networkById = new Map(networks.map((n) => [n.id, n]));
  const templateById = new Map(templates.map((t) => [t.id, t]));
  const agentRef = (id: string): DependencyRef | null => {
    const agent = agentById.get(id);
    return agent ? { id: `agent:${agent.id}`, kind: "agent", name: agent.name, origin: "implicit", dependencyId: null } : null;
  };
  const entityOf = (row: { entityType: "agent" | "workflow" | "network"; agentId: string | null; workflowId: string | null; networkId: string | null }) => {
    const found =
      row.entityType === "agent"
        ? agentById.get(row.agentId ?? "")
        : row.entityType === "workflow"
          ? workflowById.get(row.workflowId ?? "")
          : networkById.get(row.networkId ?? "");
    return found ? { type: row.entityType as PrimitiveType, id: found.id, slug: found.slug, name: found.name } : null;
  };
  /** Implicit downstream work: a workflow's agent steps, a network's members. */
  const entityAgents = (entityType: "agent" | "workflow" | "network", entityId: string | undefined): DependencyRef[] => {
    if (!entityId || entityType === "agent") return [];
    if (entityType === "workflow") {
      const workflow = workflowById.get(entityId);
      return [...agentSlugsOf(workflow?.definition)].flatMap((slug) => {
        const agent = agentBySlug.get(slug);
        return agent ? [agentRef(agent.id)!] : [];
      });
    }
    return (networkById.get(entityId)?.members ?? []).flatMap((m) => agentRef(m.agentId) ?? []);
  };

  // Cron math is most of this function's cost, and organizations reuse a few expressions many times.
  const outlooks = new Map<string, { nextRunAt: Date | null; projectedRuns30d: number }>();
  const cronOutlook = (expr: string, timezone: string) => {
    const key = `${timezone}\u0000${expr}`;
    let outlook = outlooks.get(key);
    if (!outlook) {
      try {
        outlook = {
          nextRunAt: computeNextRunAt(expr, timezone, now),
          projectedRuns30d: countOccurrences(expr, timezone, now, new Date(now.getTime() + PROJECTION_DAYS * DAY_MS)),
        };
      } catch {
        outlook = { nextRunAt: null, projectedRuns30d: 0 };
      }
      outlooks.set(key, outlook);
    }
    return outlook;
  };

  const out: LoadedAutomation[] = [];
  const base = (
    source: AutomationSource,
    rowId: string,
    run: RunStats,
    opts: {
      cron: { expr: string; timezone: string } | null;
      isActive: boolean;
      isArchived: boolean;
    },
  ) => {
    const row = run.stats.get(rowId);
    const total = row?.total ?? 0;
    const success = row?.success ?? 0;
    const failed = row?.failed ?? 0;
    const successRate = getSuccessRate(success, failed);
    const avgCostPerRun = row && row.finished > 0 ? row.finishedCost / row.finished : null;
    const live = opts.isActive && !opts.isArchived;
    let nextRunAt: Date | null = null;
    let projectedRuns30d = 0;
    if (opts.cron) {
      if (live) ({ nextRunAt, projectedRuns30d } = cronOutlook(opts.cron.expr, opts.cron.timezone));
    } else if (live) {
      projectedRuns30d = row?.recent ?? 0;
    }
    const last = run.lastRuns.get(rowId);
    return {
      id: `${source}:${rowId}`,
      source,
      stats: {
        totalRuns: total,
        successRuns: success,
        failedRuns: failed,
        cancelledRuns: row?.cancelled ?? 0,
        inProgressRuns: row?.inProgress ?? 0,
        successRate,
        avgDurationMs: row?.avgDurationMs == null ? null : Math.round(row.avgDurationMs),
        lastRunAt: last?.startedAt ?? null,
        nextRunAt,
        runsLast30d: row?.recent ?? 0,
      },
      successRate,
      severity: getSeverity(successRate, success + failed),
      lastRun: last ? { id: last.id, status: last.status, startedAt: last.startedAt } : null,
      nextRunAt,
      avgCostPerRun: avgCostPerRun === null ? null : roundCost(avgCostPerRun),
      estMonthlyCost: avgCostPerRun === null ? null : roundCost(projectedRuns30d * avgCostPerRun),
      projectedRuns30d,
      isActive: opts.isActive,
      isArchived: opts.isArchived,
      dependsOn: [] as DependencyRef[],
      triggers: [] as DependencyRef[],
      cascadeFactor: 1,
    };
  };
  const health = (row: {
    healthPolicyEnabled: boolean;
    healthThreshold: number;
    healthWindow: number;
    healthAction: string;
    healthTriggeredAt: Date | null;
  }) => ({
    enabled: row.healthPolicyEnabled,
    threshold: row.healthThreshold,
    window: row.healthWindow,
    action: row.healthAction,
    triggeredAt: row.healthTriggeredAt,
  });

  for (const s of schedules) {
    const entity = entityOf(s);
    out.push({
      ...base(`${s.entityType}-schedule`, s.id, statsByEntity[s.entityType], {
        cron: { expr: s.cronExpr, timezone: s.timezone },
        isActive: s.isActive,
        isArchived: s.isArchived,
      }),
      sourceType: "schedule",
      type: "schedule",
      primitiveType: s.entityType,
      name: s.name,
      description: s.description,
      archivedAt: s.archivedAt,
      entity,
      config: { cronExpr: s.cronExpr, timezone: s.timezone, eventName: null, webhookPath: null },
      healthPolicy: health(s),
      healthTriggeredAt: s.healthTriggeredAt,
      createdAt: s.createdAt,
    });
    out.at(-1)!.triggers.push(...entityAgents(s.entityType, entity?.id));
  }
  for (const t of triggers) {
    const entity = entityOf(t);
    out.push({
      ...base(`${t.entityType}-trigger`, t.id, statsByEntity[t.entityType], { cron: null, isActive: t.isActive, isArchived: t.isArchived }),
      sourceType: "trigger",
      type: t.type,
      primitiveType: t.entityType,
      name: t.name,
      description: t.description,
      archivedAt: t.archivedAt,
      entity,
      config: { cronExpr: null, timezone: null, eventName: t.eventName, webhookPath: t.webhookPath },
      healthPolicy: null,
      healthTriggeredAt: null,
      createdAt: t.createdAt,
    });
    out.at(-1)!.triggers.push(...entityAgents(t.entityType, entity?.id));
  }
  const templateRefs = (templateId: string): DependencyRef[] => {
    const ids = new Set(templateAgents.get(templateId) ?? []);
    const planner = templateById.get(templateId)?.plannerAgentId;
    if (planner) ids.add(planner);
    return [...ids].flatMap((id) => agentRef(id) ?? []);
  };
  const templateEntity = (templateId: string) => {
    const t = templateById.get(templateId);
    return t ? { type: "campaign" as const, id: t.id, slug: t.slug, name: t.name } : null;
  };
  for (const cs of campaignSchedules) {
    const template = templateEntity(cs.templateId);
    out.push({
      ...base("campaign-schedule", cs.id, campaignScheduleStats, {
        cron: { expr: cs.cronExpr, timezone: cs.timezone },
        isActive: cs.isActive,
        isArchived: cs.isArchived,
      }),
      sourceType: "schedule",
      type: "campaign",
      primitiveType: "campaign",
      name: cs.name,
      description: cs.description ?? (template ? `Template: ${template.name}` : null),
      archivedAt: cs.archivedAt,
      entity: template,
      config: { cronExpr: cs.cronExpr, timezone: cs.timezone, eventName: null, webhookPath: null },
      healthPolicy: health(cs),
      healthTriggeredAt: cs.healthTriggeredAt,
      createdAt: cs.createdAt,
    });
    const automation = out.at(-1)!;
    automation.cascadeFactor = cascade.get(cs.id) ?? 1;
    automation.triggers.push(...templateRefs(cs.templateId));
  }
  for (const ct of campaignTriggers) {
    const template = templateEntity(ct.templateId);
    out.push({
      ...base("campaign-trigger", ct.id, campaignTriggerStats, { cron: null, isActive: ct.isActive, isArchived: ct.isArchived }),
      sourceType: "trigger",
      type: "event",
      primitiveType: "campaign",
      name: ct.name,
      description: ct.description ?? (template ? `Template: ${template.name}` : null),
      archivedAt: ct.archivedAt,
      entity: template,
      config: { cronExpr: null, timezone: null, eventName: ct.eventName, webhookPath: null },
      healthPolicy: null,
      healthTriggeredAt: null,
      createdAt: ct.createdAt,
    });
    out.at(-1)!.triggers.push(...templateRefs(ct.templateId));
  }
  for (const p of pulses) {
    const isArchived = p.isArchived || p.status === "ARCHIVED";
    out.push({
      ...base("pulse", p.id, pulseStats, { cron: { expr: p.evalCronExpr, timezone: p.evalTimezone }, isActive: p.status === "ACTIVE", isArchived }),
      sourceType: "schedule",
      type: "pulse_eval",
      primitiveType: "pulse",
      name: `${p.name} — Evaluation Cycle`,
      description: `${p.members.length} members`,
      archivedAt: p.archivedAt,
      entity: { type: "pulse", id: p.id, slug: p.slug, name: p.name },
      config: { cronExpr: p.evalCronExpr, timezone: p.evalTimezone, eventName: null, webhookPath: null },
      healthPolicy: health(p),
      healthTriggeredAt: p.healthTriggeredAt,
      createdAt: p.createdAt,
    });
    out.at(-1)!.triggers.push(...p.members.flatMap((m) => agentRef(m.agentId) ?? []));
  }

  // A pulse evaluates its members from their recent runs: it depends on the automations feeding them.
  const byId = new Map(out.map((a) => [a.id, a]));
  const ref = (a: Automation, origin: DependencyRef["origin"], dependencyId: string | null = null): DependencyRef => ({
    id: a.id,
    kind: "automation",
    name: a.name,
    origin,
    dependencyId,
  });
  const agentAutomations = new Map<string, Automation[]>();
  for (const a of out) {
    if (a.primitiveType !== "agent" || !a.entity) continue;
    if (!agentAutomations.has(a.entity.id)) agentAutomations.set(a.entity.id, []);
    agentAutomations.get(a.entity.id)!.push(a);
  }
  for (const p of pulses) {
    const pulse = byId.get(`pulse:${p.id}`)!;
    for (const member of p.members) {
      for (const a of agentAutomations.get(member.agentId) ?? []) {
        pulse.dependsOn.push(ref(a, "implicit"));
        a.triggers.push(ref(pulse, "implicit"));
      }
    }
  }
  for (const d of dependencies) {
    const dependent = byId.get(d.automationId);
    const upstream = byId.get(d.dependsOnId);
    if (!dependent || !upstream) continue;
    dependent.dependsOn.push(ref(upstream, "explicit", d.id));
    upstream.triggers.push(ref(dependent, "explicit", d.id));
  }
  return out;
}

/** Splits `<source>:<row id>`; anything else is simply not found. */
export function parseAutomationId(id: string): { source: AutomationSource; rowId: string } | null {
  const at = id.indexOf(":");
  if (at < 0) return null;
  const source = id.slice(0, at) as AutomationSource;
  const rowId = id.slice(at + 1);
  return AUTOMATION_SOURCES.includes(source) && rowId ? { source, rowId } : null;
}

/** The rows a load focused on one automation reads (see loadAutomations); null when it does not exist. */
async function focusScope(ctx: OrgContext, focus: string): Promise<LoadScope | null> {
  const parsed = parseAutomationId(focus);
  if (!parsed) return null;
  const { source, rowId } = parsed;
  const organizationId = ctx.organizationId;
  const where = { id: rowId, organizationId };
  const [dependencies, row] = await Promise.all([
    ctx.db.automationDependency.findMany({ where: { organizationId, OR: [{ automationId: focus }, { dependsOnId: focus }] } }),
    source.endsWith("-schedule") && source !== "campaign-schedule"
      ? ctx.db.agentSchedule.findFirst({ where, select: { entityType: true, agentId: true } })
      : source.endsWith("-trigger") && source !== "campaign-trigger"
        ? ctx.db.agentTrigger.findFirst({ where, select: { entityType: true, agentId: true } })
        : source === "campaign-schedule"
          ? ctx.db.campaignSchedule.findFirst({ where, select: { templateId: true } })
          : source === "campaign-trigger"
            ? ctx.db.campaignTrigger.findFirst({ where, select: { templateId: true } })
            : ctx.db.pulse.findFirst({ where, select: { members: { select: { agentId: true } } } }),
  ]);
  if (!row) return null;

  // The other ends of its explicit links, per table.
  const linked = new Map<AutomationSource, string[]>();
  for (const dependency of dependencies) {
    for (const end of [dependency.automationId, dependency.dependsOnId]) {
      const other = end === focus ? null : parseAutomationId(end);
      if (other) linked.set(other.source, [...(linked.get(other.source) ?? []), other.rowId]);
    }
  }
  const rowsOf = (...sources: AutomationSource[]) => [...sources.flatMap((s) => linked.get(s) ?? []), ...(sources.includes(source) ? [rowId] : [])];
  // Implicit links: a pulse depends on its members' agent automations; an agent automation feeds the pulses its agent is in.
  const agentId = "entityType" in row && row.entityType === "agent" ? row.agentId : null;
  const memberAgents = "members" in row ? row.members.map((m) => m.agentId) : [];
  const feeds = memberAgents.length > 0 ? [{ entityType: "agent" as const, agentId: { in: memberAgents } }] : [];
  return {
    schedules: { OR: [{ id: { in: rowsOf("agent-schedule", "workflow-schedule", "network-schedule") } }, ...feeds] },
    triggers: { OR: [{ id: { in: rowsOf("agent-trigger", "workflow-trigger", "network-trigger") } }, ...feeds] },
    campaignSchedules: { id: { in: rowsOf("campaign-schedule") } },
    campaignTriggers: { id: { in: rowsOf("campaign-trigger") } },
    pulses: { OR: [{ id: { in: rowsOf("pulse") } }, ...(agentId ? [{ members: { some: { agentId } } }] : [])] },
    dependencies: { id: { in: dependencies.map((d) => d.id) } },
    statsIds: new Set([rowId]),
    templateIds: "templateId" in row ? [row.templateId] : [],
  };
}

function roundCost(value: number): number {
  return Math.round(value * 1_000_000) / 1_000_000;
}

/** Automations that list `id` in their dependsOn: what disabling `id` would starve. */
export function dependentsOf(automations: Automation[], id: string): DependencyRef[] {
  return automations
    .filter((a) => a.id !== id && a.dependsOn.some((d) => d.id === id))
    .map((a) => ({
      id: a.id,
      kind: "automation" as const,
      name: a.name,
      origin: a.dependsOn.find((d) => d.id === id)!.origin,
      dependencyId: a.dependsOn.find((d) => d.id === id)!.dependencyId,
    }));
}
