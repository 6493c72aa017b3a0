import { hashPassword } from "better-auth/crypto";
import type { Prisma, PrismaClient, Role } from "@switchyard/database";
import { createApiKey } from "../tenancy/api-keys.ts";
import { computeNextRunAt } from "../cron.ts";
import { claimRun } from "../runs/lifecycle.ts";
import { recordRunFinished, recordRunQueued } from "../runs/recorder.ts";
import { encryptSecret } from "../secrets.ts";
import { insertAgent } from "../agents/definitions.ts";
import { seededRandom } from "../agents/simulated-model.ts";
import { DEMO_AGENTS } from "./agents.ts";
import { agentId, demoId, planDemoHistory, type PlannedDelivery, type PlannedRun } from "./plan.ts";

import { seedEngineHistory } from "./engine-history.ts";
import { isUniqueViolation } from "../unique.ts";
import { DEMO_ORG_SLUG } from "../tenancy/organizations.ts";
export { DEMO_ORG_SLUG } from "../tenancy/organizations.ts";
export { DEMO_AGENTS } from "./agents.ts";
export { DEMO_SCHEDULES, DEMO_TRIGGERS } from "./automations.ts";
export { planDemoHistory } from "./plan.ts";

export const DEMO_ORG_NAME = "Acme Research";
export const DEMO_ADMIN_EMAIL = "admin@switchyard.local";
export const DEMO_VIEWER_EMAIL = "viewer@switchyard.local";
// Local-only defaults so the embedded demo signs in with no configuration; env overrides them.
export const DEMO_PASSWORD = "switchyard-demo";
export const DEMO_API_KEY = "sy_demo_local_only_key_do_not_use_in_production";
export const DEMO_HISTORY_DAYS = 21;

/** The demo credentials in effect: the defaults unless SWITCHYARD_DEMO_PASSWORD / _API_KEY are set. */
export function demoCredentials() {
  return {
    adminEmail: DEMO_ADMIN_EMAIL,
    viewerEmail: DEMO_VIEWER_EMAIL,
    password: process.env.SWITCHYARD_DEMO_PASSWORD || DEMO_PASSWORD,
    apiKey: process.env.SWITCHYARD_DEMO_API_KEY || DEMO_API_KEY,
  };
}

export interface SeedOptions {
  /** The end of the seeded history; fix it for reproducible data. */
  now?: Date;
  days?: number;
  /**
   * Also run the engines to produce workflow, network, campaign and pulse history (default true).
   * The agent-run history before it is deterministic for a given `now`; the engine-made history has
   * the engines' own random run ids, so which of its simulated calls fail varies between seeds.
   */
  engineHistory?: boolean;
}

export interface SeedResult {
  organizationId: string;
  adminEmail: string;
  apiKey: string;
}

const DAY_MS = 86_400_000;
/** Runs recorded concurrently: enough to keep a Postgres pool busy, small enough for PGlite's one connection. */
const RUN_BATCH = 16;
const CLAIMED_BY = "demo-seed";

/**
 * Creates the "demo" organization: users, an API key, agents, schedules, triggers and `days` of run
 * history ending at `now`, recorded through the run recorder on a simulated clock.
 */
export async function seedDemoOrganization(db: PrismaClient, options: SeedOptions = {}): Promise<SeedResult> {
  const now = options.now ?? new Date();
  const days = options.days ?? DEMO_HISTORY_DAYS;
  const credentials = demoCredentials();
  const plan = planDemoHistory(now, days);
  const since = new Date(now.getTime() - days * DAY_MS);

  const organization = await db.organization.create({
    data: { id: demoId("organization"), slug: DEMO_ORG_SLUG, name: DEMO_ORG_NAME, createdAt: new Date(since.getTime() - 7 * DAY_MS) },
  });
  const organizationId = organization.id;

  await createDemoUser(db, organizationId, { email: credentials.adminEmail, name: "Ada Admin", role: "OWNER", password: credentials.password });
  await createDemoUser(db, organizationId, { email: credentials.viewerEmail, name: "Vic Viewer", role: "VIEWER", password: credentials.password });
  await createApiKey(db, { organizationId, name: "Demo admin key", role: "ADMIN", key: credentials.apiKey });

  // One at a time through the one creation path, so each agent gets its version 1.
  for (const agent of DEMO_AGENTS) {
    await insertAgent(db, {
      id: agentId(agent.slug),
      organizationId,
      slug: agent.slug,
      name: agent.name,
      description: agent.description,
      instructions: agent.instructions,
      modelProvider: "simulated",
      modelName: agent.modelName,
      temperature: agent.temperature,
      tools: agent.tools,
      riskLevel: agent.riskLevel ?? "AUTO",
      simulation: agent.simulation,
      createdAt: new Date(since.getTime() - 2 * DAY_MS),
    });
  }

  await db.agentSchedule.createMany({
    data: plan.schedules.map(({ schedule, id, runs }) => ({
      id,
      organizationId,
      entityType: "agent" as const,
      agentId: agentId(schedule.agentSlug),
      name: schedule.name,
      cronExpr: schedule.cronExpr,
      timezone: "UTC",
      input: { prompt: schedule.prompt },
      nextRunAt: computeNextRunAt(schedule.cronExpr, "UTC", now),
      lastRunAt: runs.at(-1)?.at ?? null,
      runCount: runs.length,
      healthPolicyEnabled: schedule.health !== undefined,
      healthThreshold: schedule.health?.threshold,
      healthWindow: schedule.health?.window,
      healthAction: schedule.health?.action,
      // A capped schedule "was created" just before its first kept run, so its history has no gap.
      createdAt: new Date(Math.min(since.getTime(), (runs[0]?.at.getTime() ?? since.getTime()) - 60_000)),
    })),
  });

  await db.agentTrigger.createMany({
    data: plan.triggers.map(({ trigger, id, deliveries }) => ({
      id,
      organizationId,
      entityType: "agent" as const,
      agentId: agentId(trigger.agentSlug),
      name: trigger.name,
      description: trigger.description,
      type: trigger.type,
      eventName: trigger.eventName ?? null,
      webhookPath: trigger.type === "webhook" ? `demo-${trigger.agentSlug}-${seededHex(`path:${id}`, 8)}` : null,
      // Derived rather than random so a reseed keeps the secret configured in the sender.
      secretEncrypted: trigger.type === "webhook" ? encryptSecret(`whsec_demo_${seededHex(`secret:${id}`, 24)}`) : null,
      lastTriggeredAt: deliveries.at(-1)?.run.at ?? null,
      triggerCount: deliveries.length,
      createdAt: since,
    })),
  });

  const scheduleRuns = plan.schedules.flatMap(({ runs }) => runs);
  await inBatches(scheduleRuns, (run) => recordHistoricalRun(db, organizationId, run));

  const deliveries = plan.triggers.flatMap(({ deliveries }) => deliveries);
  const runIds = await inBatches(deliveries, (delivery) => recordHistoricalRun(db, organizationId, delivery.run));
  await db.triggerEvent.createMany({ data: deliveries.map((delivery, index) => triggerEventRow(organizationId, delivery, runIds[index])) });

  // Workflows, networks, campaigns, pulses and approvals: produced by running the engines themselves.
  if (options.engineHistory !== false) await seedEngineHistory(db, { organizationId, now, days, agentIdOf: agentId, deciderLabel: "Ada Admin" });

  return { organizationId, adminEmail: credentials.adminEmail, apiKey: credentials.apiKey };
}

/** Seeds the demo organization unless one exists. Returns whether it seeded. */
export async function ensureDemoOrganization(db: PrismaClient, options: SeedOptions = {}): Promise<boolean> {
  const existing = await db.organization.findUnique({ where: { slug: DEMO_ORG_SLUG }, select: { id: true } });
  if (existing) return false;
  try {
    await seedDemoOrganization(db, options);
    return true;
  } catch (error) {
    // Another process seeded first: the organization slug is unique, so its create lost the race.
    if (isUniqueViolation(error) && (await db.organization.findUnique({ where: { slug: DEMO_ORG_SLUG } }))) return false;
    throw error;
  }
}

/**
 * Deletes the demo organization and everything it owns, plus the users who belong to no other
 * organization. Tables are found by their `organizationId` column, so new tables are covered too.
 */
export async function deleteDemoOrganization(db: PrismaClient): Promise<boolean> {
  const organization = await db.organization.findUnique({ where: { slug: DEMO_ORG_SLUG }, include: { memberships: true } });
  if (!organization) return false;
  const memberIds = organization.memberships.map((membership) => membership.userId);
  const otherMemberships = await db.membership.findMany({
    where: { userId: { in: memberIds }, organizationId: { not: organization.id } },
    select: { userId: true },
  });
  const exclusiveUserIds = memberIds.filter((id) => !otherMemberships.some((membership) => membership.userId === id));

  const tables = await db.$queryRaw<{ table_name: string }[]>`
    SELECT table_name FROM information_schema.columns
    WHERE column_name = 'organizationId' AND table_schema = current_schema()`;
  await db.$transaction([
    ...tables.map(({ table_name }) => db.$executeRawUnsafe(`DELETE FROM "${table_name}" WHERE "organizationId" = $1`, organization.id)),
    db.organization.delete({ where: { id: organization.id } }),
    db.user.deleteMany({ where: { id: { in: exclusiveUserIds } } }),
  ]);
  return true;
}

async function createDemoUser(db: PrismaClient, organizationId: string, user: { email: string; name: string; role: Role; password: string }) {
  const id = demoId(`user:${user.email}`);
  // An existing user keeps their account and password; only the membership is added.
  const record = await db.user.upsert({
    where: { email: user.email },
    update: {},
    create: {
      id,
      email: user.email,
      name: user.name,
      emailVerified: true,
      accounts: { create: { id: demoId(`account:${user.email}`), accountId: id, providerId: "credential", password: await hashPassword(user.password) } },
    },
  });
  await db.membership.create({ data: { organizationId, userId: record.id, role: user.role } });
}

/** Replays one planned run through the recorder, with the simulated clock as every timestamp. */
async function recordHistoricalRun(db: PrismaClient, organizationId: string, planned: PlannedRun): Promise<string> {
  const { completion, agent, at } = planned;
  const { run } = await recordRunQueued(db, {
    organizationId,
    agentId: agentId(agent.slug),
    source: planned.source,
    input: planned.input,
    triggerId: planned.triggerId,
    triggerEventId: planned.triggerEventId,
    dedupeKey: planned.dedupeKey,
    modelProvider: "simulated",
    modelName: agent.modelName,
    // The seeded agents are still at the version 1 they were created with.
    agentVersion: 1,
    // Marks seeded history apart from runs the engine records later.
    metadata: { seeded: true },
    at,
  });
  await claimRun(db, "agent", run, CLAIMED_BY, { at });
  const outcome = {
    output: completion.ok ? { text: completion.text } : undefined,
    error: completion.error,
    promptTokens: completion.promptTokens,
    completionTokens: completion.completionTokens,
    costUsd: planned.costUsd,
    toolCalls: completion.toolCalls.map((call) => ({
      toolName: call.toolName,
      input: call.input as Prisma.InputJsonValue,
      output: call.output as Prisma.InputJsonValue,
      durationMs: call.durationMs,
    })),
    at: new Date(at.getTime() + completion.latencyMs),
  };
  await recordRunFinished(db, run, outcome, { isHistory: true });
  return run.id;
}

function triggerEventRow(organizationId: string, delivery: PlannedDelivery, agentRunId: string): Prisma.TriggerEventCreateManyInput {
  const { trigger, run } = delivery;
  return {
    id: delivery.id,
    organizationId,
    triggerId: run.triggerId,
    entityType: "agent",
    source: run.source,
    eventName: trigger.eventName ?? null,
    payload: delivery.payload as Prisma.InputJsonObject,
    headers: trigger.type === "webhook" ? { "content-type": "application/json", "user-agent": `${trigger.name} (demo)` } : undefined,
    status: "FIRED",
    agentId: agentId(trigger.agentSlug),
    agentRunId,
    receivedAt: run.at,
    processedAt: run.at,
  };
}

/** Runs `fn` over `items` in batches of RUN_BATCH, returning the results in order. */
async function inBatches<T, R>(items: T[], fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let start = 0; start < items.length; start += RUN_BATCH) {
    results.push(...(await Promise.all(items.slice(start, start + RUN_BATCH).map(fn))));
  }
  return results;
}

function seededHex(key: string, length: number): string {
  const random = seededRandom(`switchyard-demo\u0000${key}`);
  return Array.from({ length }, () => Math.floor(random() * 16).toString(16)).join("");
}
