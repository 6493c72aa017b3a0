import { Prisma } from "@switchyard/database";
import type { OrgContext } from "../context.ts";
import { computeNextRunAt } from "../cron.ts";
import { isScheduleBlock, type EventTriggerBlock, type ScheduleTriggerBlock, type TriggerBlock } from "./trigger-block.ts";

/** What saving a definition did to the trigger or schedule its `trigger:` block manages. */
export interface AutomationChange {
  kind: "trigger" | "schedule";
  id: string;
  change: "created" | "updated" | "archived";
}

interface WorkflowRef {
  id: string;
  name: string;
}

/** Definition-made automations are named after their workflow, so /schedule says where they come from. */
const automationName = (workflow: WorkflowRef) => `${workflow.name} (from definition)`;

/**
 * Makes the workflow's definition-made automations match its `trigger:` block: an event block keeps
 * one event trigger, a schedule block one schedule, and whatever the block no longer asks for is
 * archived. Only rows with `fromDefinition` are read or written: triggers and schedules made by hand
 * are never touched. Runs inside the save's transaction.
 */
export async function syncDefinitionAutomations(
  tx: Prisma.TransactionClient,
  ctx: OrgContext,
  workflow: WorkflowRef,
  block: TriggerBlock | undefined,
  now = new Date(),
): Promise<AutomationChange[]> {
  const owned = { organizationId: ctx.organizationId, entityType: "workflow" as const, workflowId: workflow.id, fromDefinition: true, isArchived: false };
  const [triggers, schedules] = await Promise.all([
    tx.agentTrigger.findMany({ where: owned, orderBy: { createdAt: "asc" } }),
    tx.agentSchedule.findMany({ where: owned, orderBy: { createdAt: "asc" } }),
  ]);
  const eventBlock = block && !isScheduleBlock(block) ? block : undefined;
  const scheduleBlock = block && isScheduleBlock(block) ? block : undefined;
  const [kept, ...extraTriggers] = triggers;
  const [keptSchedule, ...extraSchedules] = schedules;
  const changes: AutomationChange[] = [];

  if (eventBlock) changes.push(...(await saveEventTrigger(tx, ctx, workflow, eventBlock, kept)));
  const staleTriggers = eventBlock ? extraTriggers : triggers;
  if (staleTriggers.length > 0) {
    await tx.agentTrigger.updateMany({
      where: { id: { in: staleTriggers.map((trigger) => trigger.id) } },
      data: { isActive: false, isArchived: true, archivedAt: now },
    });
    changes.push(...staleTriggers.map((trigger) => ({ kind: "trigger" as const, id: trigger.id, change: "archived" as const })));
  }

  if (scheduleBlock) changes.push(...(await saveSchedule(tx, ctx, workflow, scheduleBlock, keptSchedule, now)));
  const staleSchedules = scheduleBlock ? extraSchedules : schedules;
  if (staleSchedules.length > 0) {
    await tx.agentSchedule.updateMany({
      where: { id: { in: staleSchedules.map((schedule) => schedule.id) } },
      data: { isActive: false, isArchived: true, archivedAt: now, nextRunAt: null },
    });
    changes.push(...staleSchedules.map((schedule) => ({ kind: "schedule" as const, id: schedule.id, change: "archived" as const })));
  }
  return changes;
}

async function saveEventTrigger(
  tx: Prisma.TransactionClient,
  ctx: OrgContext,
  workflow: WorkflowRef,
  block: EventTriggerBlock,
  existing: { id: string; name: string; eventName: string | null; filter: unknown } | undefined,
): Promise<AutomationChange[]> {
  const name = automationName(workflow);
  const filter = block.filters ?? null;
  if (!existing) {
    const created = await tx.agentTrigger.create({
      data: {
        organizationId: ctx.organizationId,
        entityType: "workflow",
        workflowId: workflow.id,
        type: "event",
        name,
        eventName: block.event,
        filter: (filter ?? Prisma.DbNull) as Prisma.InputJsonValue,
        fromDefinition: true,
      },
    });
    return [{ kind: "trigger", id: created.id, change: "created" }];
  }
  if (existing.name === name && existing.eventName === block.event && sameJson(existing.filter, filter)) return [];
  // Whether it is active stays as an operator left it: a paused trigger stays paused across saves.
  await tx.agentTrigger.update({
    where: { id: existing.id },
    data: { name, eventName: block.event, filter: (filter ?? Prisma.DbNull) as Prisma.InputJsonValue },
  });
  return [{ kind: "trigger", id: existing.id, change: "updated" }];
}

async function saveSchedule(
  tx: Prisma.TransactionClient,
  ctx: OrgContext,
  workflow: WorkflowRef,
  block: ScheduleTriggerBlock,
  existing: { id: string; name: string; cronExpr: string; timezone: string; input: unknown; isActive: boolean } | undefined,
  now: Date,
): Promise<AutomationChange[]> {
  const name = automationName(workflow);
  const timezone = block.timezone ?? "UTC";
  const input = block.input ?? null;
  if (!existing) {
    const created = await tx.agentSchedule.create({
      data: {
        organizationId: ctx.organizationId,
        entityType: "workflow",
        workflowId: workflow.id,
        name,
        cronExpr: block.schedule,
        timezone,
        input: (input ?? Prisma.DbNull) as Prisma.InputJsonValue,
        nextRunAt: computeNextRunAt(block.schedule, timezone, now),
        fromDefinition: true,
      },
    });
    return [{ kind: "schedule", id: created.id, change: "created" }];
  }
  const isSameSlot = existing.cronExpr === block.schedule && existing.timezone === timezone;
  if (isSameSlot && existing.name === name && sameJson(existing.input, input)) return [];
  await tx.agentSchedule.update({
    where: { id: existing.id },
    data: {
      name,
      cronExpr: block.schedule,
      timezone,
      input: (input ?? Prisma.DbNull) as Prisma.InputJsonValue,
      // The new slot is written with the new cron in one statement: a tick that read the row before
      // claims by comparing nextRunAt with the cron and zone it came from (scheduler.ts), so it can
      // neither fire the old slot again nor skip the new one. A paused schedule keeps no slot.
      ...(isSameSlot ? {} : { nextRunAt: existing.isActive ? computeNextRunAt(block.schedule, timezone, now) : null, originalCronExpr: null }),
    },
  });
  return [{ kind: "schedule", id: existing.id, change: "updated" }];
}

/** JSON equality regardless of key order (stored JSON comes back from the database reordered). */
export function sameJson(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

function canonicalJson(value: unknown): string {
  return JSON.stringify(value ?? null, (_key, item: unknown) =>
    item && typeof item === "object" && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : item,
  );
}
