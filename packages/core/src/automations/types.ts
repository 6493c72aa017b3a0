import type { SeverityLevel } from "@switchyard/ui/severity";

import { z } from "zod";
import { PRIMITIVE_TYPES, type PrimitiveType } from "./rules.ts";

export { PRIMITIVE_TYPES, type PrimitiveType } from "./rules.ts";

/** Where an automation lives; the prefix of its unified id (`<source>:<row id>`). */
export type AutomationSource =
  | "agent-schedule"
  | "workflow-schedule"
  | "network-schedule"
  | "agent-trigger"
  | "workflow-trigger"
  | "network-trigger"
  | "campaign-schedule"
  | "campaign-trigger"
  | "pulse";
export const AUTOMATION_SOURCES: readonly AutomationSource[] = [
  "agent-schedule",
  "workflow-schedule",
  "network-schedule",
  "agent-trigger",
  "workflow-trigger",
  "network-trigger",
  "campaign-schedule",
  "campaign-trigger",
  "pulse",
];

/** `schedule` / `webhook` / `event` / `manual` for schedules and triggers, `campaign` for campaign schedules, `pulse_eval` for pulses. */
export type AutomationType = "schedule" | "webhook" | "event" | "manual" | "campaign" | "pulse_eval";

export interface DependencyRef {
  /** A unified automation id, or `agent:<id>` when the work is an agent's rather than an automation's. */
  id: string;
  kind: "automation" | "agent";
  name: string;
  origin: "implicit" | "explicit";
  /** The AutomationDependency row, for explicit links (to delete them). */
  dependencyId: string | null;
}

export interface Automation {
  id: string;
  source: AutomationSource;
  sourceType: "schedule" | "trigger";
  type: AutomationType;
  primitiveType: PrimitiveType;
  name: string;
  description: string | null;
  isActive: boolean;
  isArchived: boolean;
  archivedAt: Date | null;
  entity: { type: PrimitiveType; id: string; slug: string; name: string } | null;
  config: { cronExpr: string | null; timezone: string | null; eventName: string | null; webhookPath: string | null };
  /** `totalRuns` = `successRuns` + `failedRuns` + `cancelledRuns` + `inProgressRuns` (queued, running or suspended). */
  stats: {
    totalRuns: number;
    successRuns: number;
    failedRuns: number;
    cancelledRuns: number;
    inProgressRuns: number;
    /** `getSuccessRate`: over finished runs (completed + failed) only; null when none finished. */
    successRate: number | null;
    avgDurationMs: number | null;
    lastRunAt: Date | null;
    nextRunAt: Date | null;
    runsLast30d: number;
  };
  successRate: number | null;
  severity: SeverityLevel;
  lastRun: { id: string; status: string; startedAt: Date } | null;
  nextRunAt: Date | null;
  avgCostPerRun: number | null;
  estMonthlyCost: number | null;
  /** Runs expected in the next 30 days: cron occurrences for schedules, the last 30 days' count for triggers. */
  projectedRuns30d: number;
  healthPolicy: { enabled: boolean; threshold: number; window: number; action: string; triggeredAt: Date | null } | null;
  healthTriggeredAt: Date | null;
  dependsOn: DependencyRef[];
  triggers: DependencyRef[];
  createdAt: Date;
}

const Primitive = z.enum(PRIMITIVE_TYPES);
const Severity = z.enum(["healthy", "degrading", "unstable", "failing"]);
const ByPrimitive = z.record(Primitive, z.number());

/** `DependencyRef` as a schema. */
export const DependencyRefSchema = z.object({
  id: z.string(),
  kind: z.enum(["automation", "agent"]),
  name: z.string(),
  origin: z.enum(["implicit", "explicit"]),
  dependencyId: z.string().nullable(),
});

/** `Automation` as a schema: what the Schedule API sends for every automation. */
export const AutomationSchema = z.object({
  id: z.string(),
  source: z.enum(AUTOMATION_SOURCES as [AutomationSource, ...AutomationSource[]]),
  sourceType: z.enum(["schedule", "trigger"]),
  type: z.enum(["schedule", "webhook", "event", "manual", "campaign", "pulse_eval"]),
  primitiveType: Primitive,
  name: z.string(),
  description: z.string().nullable(),
  isActive: z.boolean(),
  isArchived: z.boolean(),
  archivedAt: z.date().nullable(),
  entity: z.object({ type: Primitive, id: z.string(), slug: z.string(), name: z.string() }).nullable(),
  config: z.object({ cronExpr: z.string().nullable(), timezone: z.string().nullable(), eventName: z.string().nullable(), webhookPath: z.string().nullable() }),
  stats: z.object({
    totalRuns: z.number(),
    successRuns: z.number(),
    failedRuns: z.number(),
    cancelledRuns: z.number(),
    inProgressRuns: z.number(),
    successRate: z.number().nullable(),
    avgDurationMs: z.number().nullable(),
    lastRunAt: z.date().nullable(),
    nextRunAt: z.date().nullable(),
    runsLast30d: z.number(),
  }),
  successRate: z.number().nullable(),
  severity: Severity,
  lastRun: z.object({ id: z.string(), status: z.string(), startedAt: z.date() }).nullable(),
  nextRunAt: z.date().nullable(),
  avgCostPerRun: z.number().nullable(),
  estMonthlyCost: z.number().nullable(),
  projectedRuns30d: z.number(),
  healthPolicy: z.object({ enabled: z.boolean(), threshold: z.number(), window: z.number(), action: z.string(), triggeredAt: z.date().nullable() }).nullable(),
  healthTriggeredAt: z.date().nullable(),
  dependsOn: z.array(DependencyRefSchema),
  triggers: z.array(DependencyRefSchema),
  createdAt: z.date(),
});

/** What `listAutomations` returns. */
export const ListAutomationsResponse = z.object({
  automations: z.array(AutomationSchema),
  summary: z.object({
    total: z.number(),
    active: z.number(),
    archived: z.number(),
    byPrimitive: ByPrimitive,
    byType: z.object({ scheduled: z.number(), triggered: z.number() }),
    overallSuccessRate: z.number().nullable(),
    needsAttention: z.number(),
    totalEstMonthlyCost: z.number(),
  }),
  generatedAt: z.date(),
});

/** What `updateAutomation` returns: the automation, a cascade warning and the health policy's verdict. */
export const UpdateAutomationResponse = z.object({
  automation: AutomationSchema,
  warning: z.object({ message: z.string(), dependents: z.array(DependencyRefSchema) }).nullable(),
  policyCheck: z
    .object({
      triggered: z.boolean(),
      action: z.string().optional(),
      reason: z.string().optional(),
      successRate: z.number().optional(),
      runs: z.number().optional(),
    })
    .nullable(),
});

/** What `computeDensity` returns. */
export const DensityResponse = z.object({
  date: z.string(),
  timezone: z.string(),
  threshold: z.number(),
  slots: z.array(z.object({ hour: z.number().int(), count: z.number(), firings: z.number(), byPrimitive: ByPrimitive, names: z.array(z.string()) })),
  warnings: z.array(z.object({ hour: z.number().int(), count: z.number(), message: z.string() })),
  warning: z.string().nullable(),
});

/** What `computeCalendar` returns. */
export const CalendarResponse = z.object({
  from: z.date(),
  to: z.date(),
  timezone: z.string(),
  entries: z.array(
    z.object({
      automationId: z.string(),
      name: z.string(),
      title: z.string(),
      primitiveType: Primitive,
      severity: z.string(),
      date: z.string(),
      at: z.date().nullable(),
      count: z.number(),
      compressed: z.boolean(),
      byHour: z.array(z.number()).nullable(),
      weight: z.number(),
      entity: z.object({ type: Primitive, id: z.string(), slug: z.string(), name: z.string() }).nullable(),
    }),
  ),
  totals: z.object({ entries: z.number(), occurrences: z.number(), compressedAutomations: z.number() }),
});

/** An explicit dependency row, as `createAutomationDependency` returns it. */
export const AutomationDependencyView = z.object({
  id: z.string(),
  automationId: z.string(),
  dependsOnId: z.string(),
  note: z.string().nullable(),
  createdAt: z.date(),
});
