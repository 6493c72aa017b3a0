import type { AlertRule, Prisma } from "@switchyard/database";
import { z } from "zod";
import { requireRole, type OrgContext } from "../context.ts";
import { AppError, notFound } from "../errors.ts";
import { recordAudit } from "../tenancy/audit.ts";
import { isUniqueViolation } from "../unique.ts";
import { ALERT_RULE_KINDS, describeRule, RULE_CONFIGS, type AlertRuleKind, type AnyRuleConfig } from "./kinds.ts";

const RuleName = z.string().trim().min(1, "Enter a name").max(80);
const ChannelIds = z.array(z.string().min(1).max(64)).max(20);

const ruleOf = <K extends AlertRuleKind, C extends z.ZodType>(kind: K, config: C) =>
  z.strictObject({
    kind: z.literal(kind),
    name: RuleName,
    // Parsed even when absent, so a kind with required parameters names each missing one.
    config: z.preprocess((value) => value ?? {}, config),
    channelIds: ChannelIds.default([]),
    isActive: z.boolean().default(true),
  });

export const CreateAlertRuleBody = z.discriminatedUnion("kind", [
  ruleOf("run_failed", RULE_CONFIGS.run_failed),
  ruleOf("success_rate_below", RULE_CONFIGS.success_rate_below),
  ruleOf("approval_waiting", RULE_CONFIGS.approval_waiting),
  ruleOf("queue_age", RULE_CONFIGS.queue_age),
  ruleOf("breaker_open", RULE_CONFIGS.breaker_open),
  ruleOf("health_policy", RULE_CONFIGS.health_policy),
]);
export type CreateAlertRuleBody = z.infer<typeof CreateAlertRuleBody>;

/** A rule's kind is fixed; its config is checked against that kind. */
export const UpdateAlertRuleBody = z
  .strictObject({
    name: RuleName.optional(),
    config: z.record(z.string(), z.unknown()).optional(),
    channelIds: ChannelIds.optional(),
    isActive: z.boolean().optional(),
  })
  .refine((body) => Object.values(body).some((value) => value !== undefined), "Change at least one field");
export type UpdateAlertRuleBody = z.infer<typeof UpdateAlertRuleBody>;

export const AlertRuleView = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(ALERT_RULE_KINDS),
  config: z.record(z.string(), z.unknown()),
  description: z.string(),
  channelIds: z.array(z.string()),
  isActive: z.boolean(),
  openIncidents: z.number().int(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type AlertRuleView = z.infer<typeof AlertRuleView>;

function toView(rule: AlertRule, openIncidents: number): AlertRuleView {
  const kind = rule.kind as AlertRuleKind;
  const parsed = RULE_CONFIGS[kind]?.safeParse(rule.config);
  const config = (parsed?.success ? parsed.data : (rule.config ?? {})) as Record<string, unknown>;
  return {
    id: rule.id,
    name: rule.name,
    kind,
    config,
    description: parsed?.success ? describeRule({ kind, config: parsed.data } as AnyRuleConfig) : "Invalid configuration",
    channelIds: rule.channelIds,
    isActive: rule.isActive,
    openIncidents,
    createdAt: rule.createdAt,
    updatedAt: rule.updatedAt,
  };
}

/** Every channel a rule names must be one of this organization's: another's id is as unknown as a made-up one. */
async function checkChannels(ctx: OrgContext, channelIds: readonly string[]): Promise<string[]> {
  const unique = [...new Set(channelIds)];
  if (unique.length === 0) return unique;
  const found = new Set(
    (await ctx.db.alertChannel.findMany({ where: { organizationId: ctx.organizationId, id: { in: unique } }, select: { id: true } })).map(
      (channel) => channel.id,
    ),
  );
  const unknown = unique.filter((id) => !found.has(id));
  if (unknown.length > 0) {
    throw new AppError(
      "validation_failed",
      "Invalid request",
      unknown.map((id) => ({ path: `channelIds.${channelIds.indexOf(id)}`, message: `No alert channel ${id}` })),
    );
  }
  return unique;
}

function checkConfig(kind: AlertRuleKind, config: unknown) {
  const parsed = RULE_CONFIGS[kind].safeParse(config);
  if (parsed.success) return parsed.data;
  throw new AppError(
    "validation_failed",
    "Invalid request",
    parsed.error.issues.map((issue) => ({ path: ["config", ...issue.path].join("."), message: issue.message })),
  );
}

async function openCounts(ctx: OrgContext, ruleIds: string[]): Promise<Map<string, number>> {
  if (ruleIds.length === 0) return new Map();
  const groups = await ctx.db.alertIncident.groupBy({
    by: ["ruleId"],
    where: { organizationId: ctx.organizationId, status: "open", ruleId: { in: ruleIds } },
    _count: { _all: true },
  });
  return new Map(groups.map((group) => [group.ruleId, group._count._all]));
}

function nameTaken(name: string): AppError {
  return new AppError("conflict", `An alert rule named "${name}" already exists`, { field: "name" });
}

function audited(rule: AlertRule): Prisma.InputJsonObject {
  return { kind: rule.kind, config: rule.config as Prisma.InputJsonObject, channelIds: rule.channelIds, isActive: rule.isActive };
}

export async function listAlertRules(ctx: OrgContext): Promise<AlertRuleView[]> {
  requireRole(ctx, "OPERATOR");
  const rules = await ctx.db.alertRule.findMany({ where: { organizationId: ctx.organizationId }, orderBy: { createdAt: "asc" } });
  const counts = await openCounts(
    ctx,
    rules.map((rule) => rule.id),
  );
  return rules.map((rule) => toView(rule, counts.get(rule.id) ?? 0));
}

export async function createAlertRule(ctx: OrgContext, body: CreateAlertRuleBody): Promise<AlertRuleView> {
  requireRole(ctx, "ADMIN");
  const channelIds = await checkChannels(ctx, body.channelIds);
  try {
    return await ctx.db.$transaction(async (tx) => {
      const rule = await tx.alertRule.create({
        data: {
          organizationId: ctx.organizationId,
          name: body.name,
          kind: body.kind,
          config: body.config as Prisma.InputJsonObject,
          channelIds,
          isActive: body.isActive,
        },
      });
      await recordAudit(tx, ctx.organizationId, ctx.actor, {
        action: "alert_rule.created",
        target: { type: "alert_rule", id: rule.id, label: rule.name },
        after: audited(rule),
      });
      return toView(rule, 0);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken(body.name);
    throw error;
  }
}

export async function updateAlertRule(ctx: OrgContext, id: string, body: UpdateAlertRuleBody): Promise<AlertRuleView> {
  requireRole(ctx, "ADMIN");
  const rule = await ctx.db.alertRule.findFirst({ where: { id, organizationId: ctx.organizationId } });
  if (!rule) throw notFound("Alert rule");
  const config = body.config === undefined ? undefined : checkConfig(rule.kind as AlertRuleKind, body.config);
  const channelIds = body.channelIds === undefined ? undefined : await checkChannels(ctx, body.channelIds);
  try {
    return await ctx.db.$transaction(async (tx) => {
      const updated = await tx.alertRule.update({
        where: { id: rule.id },
        data: {
          ...(body.name !== undefined ? { name: body.name } : {}),
          ...(body.isActive !== undefined ? { isActive: body.isActive } : {}),
          ...(config !== undefined ? { config: config as Prisma.InputJsonObject } : {}),
          ...(channelIds !== undefined ? { channelIds } : {}),
        },
      });
      await recordAudit(tx, ctx.organizationId, ctx.actor, {
        action: "alert_rule.updated",
        target: { type: "alert_rule", id: rule.id, label: updated.name },
        before: { name: rule.name, ...audited(rule) },
        after: { name: updated.name, ...audited(updated) },
      });
      const counts = await tx.alertIncident.count({ where: { organizationId: ctx.organizationId, ruleId: rule.id, status: "open" } });
      return toView(updated, counts);
    });
  } catch (error) {
    if (isUniqueViolation(error) && body.name) throw nameTaken(body.name);
    throw error;
  }
}

/** Deletes a rule with its incidents and their deliveries. */
export async function deleteAlertRule(ctx: OrgContext, id: string): Promise<{ id: string }> {
  requireRole(ctx, "ADMIN");
  const rule = await ctx.db.alertRule.findFirst({ where: { id, organizationId: ctx.organizationId } });
  if (!rule) throw notFound("Alert rule");
  return ctx.db.$transaction(async (tx) => {
    await tx.alertRule.delete({ where: { id: rule.id } });
    await recordAudit(tx, ctx.organizationId, ctx.actor, {
      action: "alert_rule.deleted",
      target: { type: "alert_rule", id: rule.id, label: rule.name },
      before: { name: rule.name, ...audited(rule) },
    });
    return { id: rule.id };
  });
}
