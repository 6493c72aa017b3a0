import type { HealthAction } from "@switchyard/database";
import { type OrgContext, requireRole } from "../context.ts";
import { AppError, notFound } from "../errors.ts";
import { evaluateHealthPolicy, type HealthPolicyResult, type HealthScheduleKind } from "../health/policy.ts";
import { toPublic } from "./list.ts";
import { dependentsOf, loadAutomations, parseAutomationId } from "./load.ts";

export { parseAutomationId } from "./load.ts";
import type { Automation, AutomationSource, DependencyRef } from "./types.ts";
import { recordAudit } from "../tenancy/audit.ts";
import { isUniqueViolation } from "../unique.ts";

export interface AutomationPatch {
  isActive?: boolean;
  archived?: boolean;
  healthPolicy?: { enabled: boolean; threshold: number; window: number; action: HealthAction };
}

export interface CascadeWarning {
  message: string;
  dependents: DependencyRef[];
}

const POLICY_KINDS: readonly AutomationSource[] = [
  "agent-schedule",
  "workflow-schedule",
  "network-schedule",
  "campaign-schedule",
] satisfies HealthScheduleKind[];

/**
 * Toggles, archives or sets the health policy of one automation of the caller's organization (operator
 * or higher). Disabling or archiving something other automations depend on still happens, and the
 * answer carries a cascade warning naming them. A saved, enabled policy is checked against the
 * schedule's recent runs at once (the answer's `health`): the rule is about the last N runs, and a
 * schedule that already breaks it should not keep failing until its next run, hours away perhaps.
 */
export async function updateAutomation(ctx: OrgContext, id: string, patch: AutomationPatch, now: Date = new Date()) {
  requireRole(ctx, "OPERATOR");
  const parsed = parseAutomationId(id);
  if (!parsed) throw notFound("Automation");
  const { source, rowId } = parsed;
  const where = { id: rowId, organizationId: ctx.organizationId };
  // Policies are evaluated after scheduled runs (health/policy.ts); nothing would ever apply one elsewhere.
  if (patch.healthPolicy && !POLICY_KINDS.includes(source)) {
    throw new AppError("bad_request", "Health policies apply to agent, workflow, network and campaign schedules only");
  }

  const archive = patch.archived === undefined ? {} : { isArchived: patch.archived, archivedAt: patch.archived ? now : null };
  const health = patch.healthPolicy
    ? {
        healthPolicyEnabled: patch.healthPolicy.enabled,
        healthThreshold: patch.healthPolicy.threshold,
        healthWindow: patch.healthPolicy.window,
        healthAction: patch.healthPolicy.action,
        // A reconfigured policy is re-armed.
        healthTriggeredAt: null,
      }
    : {};
  const activation = patch.isActive === undefined ? {} : { isActive: patch.isActive };
  // Re-enabling re-arms the health policy; clearing the next slot lets the scheduler pick it from now.
  const rearm = patch.isActive ? { healthTriggeredAt: null } : {};
  const scheduleTiming = patch.isActive !== undefined || patch.archived !== undefined ? { nextRunAt: null } : {};

  // A schedule paused or resumed here is audited like one paused through /api/schedules, in the same transaction.
  const toggledSchedule = patch.isActive !== undefined && POLICY_KINDS.includes(source);
  const count = await ctx.db.$transaction(async (tx) => {
    let count = 0;
    const before = toggledSchedule
      ? source === "campaign-schedule"
        ? await tx.campaignSchedule.findFirst({ where, select: { name: true, isActive: true } })
        : await tx.agentSchedule.findFirst({ where, select: { name: true, isActive: true } })
      : null;
    switch (source) {
      case "agent-schedule":
      case "workflow-schedule":
      case "network-schedule": {
        const entityType = source.slice(0, source.indexOf("-")) as "agent" | "workflow" | "network";
        ({ count } = await tx.agentSchedule.updateMany({
          where: { ...where, entityType },
          data: { ...archive, ...health, ...activation, ...rearm, ...scheduleTiming },
        }));
        break;
      }
      case "agent-trigger":
      case "workflow-trigger":
      case "network-trigger": {
        const entityType = source.slice(0, source.indexOf("-")) as "agent" | "workflow" | "network";
        ({ count } = await tx.agentTrigger.updateMany({ where: { ...where, entityType }, data: { ...archive, ...activation } }));
        break;
      }
      case "campaign-schedule":
        ({ count } = await tx.campaignSchedule.updateMany({ where, data: { ...archive, ...health, ...activation, ...rearm, ...scheduleTiming } }));
        break;
      case "campaign-trigger":
        ({ count } = await tx.campaignTrigger.updateMany({ where, data: { ...archive, ...activation } }));
        break;
      case "pulse": {
        const status =
          patch.archived === true
            ? { status: "ARCHIVED" as const }
            : patch.isActive !== undefined
              ? { status: patch.isActive ? ("ACTIVE" as const) : ("PAUSED" as const) }
              : {};
        const timing = patch.isActive !== undefined || patch.archived !== undefined ? { nextEvalAt: null } : {};
        ({ count } = await tx.pulse.updateMany({ where, data: { ...archive, ...health, ...rearm, ...status, ...timing } }));
        break;
      }
    }
    if (count === 1 && before && before.isActive !== patch.isActive) {
      await recordAudit(tx, ctx.organizationId, ctx.actor, {
        action: patch.isActive ? "schedule.resumed" : "schedule.paused",
        target: { type: "schedule", id: rowId, label: before.name },
        before: { isActive: before.isActive },
        after: { isActive: patch.isActive === true },
      });
    }
    return count;
  });
  if (count === 0) throw notFound("Automation");

  let policyCheck: HealthPolicyResult | null = null;
  if (patch.healthPolicy?.enabled && POLICY_KINDS.includes(source)) {
    policyCheck = await evaluateHealthPolicy(ctx.db, { kind: source as HealthScheduleKind, scheduleId: rowId, organizationId: ctx.organizationId }, now);
  }

  // The automation and those linked to it, not the whole list.
  const all = await loadAutomations(ctx, now, id);
  const automation = all.find((a) => a.id === id);
  if (!automation) throw notFound("Automation");
  let warning: CascadeWarning | null = null;
  const disabledByPolicy = policyCheck?.triggered === true && policyCheck.action === "disable";
  if (patch.isActive === false || patch.archived === true || disabledByPolicy) {
    const dependents = dependentsOf(all, id).filter((d) => all.find((a) => a.id === d.id && a.isActive && !a.isArchived));
    if (dependents.length > 0) {
      const what = `${dependents.length} automation${dependents.length === 1 ? "" : "s"} that depend on it: ${dependents.map((d) => d.name).join(", ")}`;
      warning = {
        message: disabledByPolicy
          ? `Its health policy disabled "${automation.name}", which starves ${what}`
          : `${patch.archived ? "Archiving" : "Disabling"} "${automation.name}" starves ${what}`,
        dependents,
      };
    }
  }
  return { automation: toPublic(automation), warning, policyCheck };
}

/**
 * Records that `automationId` depends on `dependsOnId` (operator or higher). Both must be automations
 * of the caller's organization (404); a self-link or a link closing a cycle of explicit links is
 * refused (400), a duplicate is a conflict (409).
 */
export async function createAutomationDependency(ctx: OrgContext, input: { automationId: string; dependsOnId: string; note?: string }) {
  requireRole(ctx, "OPERATOR");
  if (input.automationId === input.dependsOnId) throw new AppError("bad_request", "An automation cannot depend on itself");
  const all = await loadAutomations(ctx);
  const ids = new Set(all.map((a) => a.id));
  for (const id of [input.automationId, input.dependsOnId]) if (!ids.has(id)) throw notFound(`Automation "${id}"`);

  const existing = await ctx.db.automationDependency.findMany({ where: { organizationId: ctx.organizationId } });
  if (existing.some((d) => d.automationId === input.automationId && d.dependsOnId === input.dependsOnId)) {
    throw new AppError("conflict", "This dependency already exists");
  }
  // The new edge closes a cycle when dependsOnId already (transitively) depends on automationId.
  const upstream = new Map<string, string[]>();
  for (const d of existing) upstream.set(d.automationId, [...(upstream.get(d.automationId) ?? []), d.dependsOnId]);
  const seen = new Set<string>();
  const stack = [input.dependsOnId];
  while (stack.length > 0) {
    const current = stack.pop()!;
    if (current === input.automationId)
      throw new AppError("bad_request", "This dependency would create a cycle", { automationId: input.automationId, dependsOnId: input.dependsOnId });
    if (seen.has(current)) continue;
    seen.add(current);
    stack.push(...(upstream.get(current) ?? []));
  }
  try {
    return await ctx.db.automationDependency.create({
      data: { organizationId: ctx.organizationId, automationId: input.automationId, dependsOnId: input.dependsOnId, note: input.note ?? null },
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError("conflict", "This dependency already exists");
    throw error;
  }
}

export async function deleteAutomationDependency(ctx: OrgContext, id: string) {
  requireRole(ctx, "OPERATOR");
  const { count } = await ctx.db.automationDependency.deleteMany({ where: { id, organizationId: ctx.organizationId } });
  if (count === 0) throw notFound("Dependency");
  return { deleted: true, id };
}

export type { Automation };
