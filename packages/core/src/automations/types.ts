import type { SeverityLevel } from "@switchyard/ui/severity";

import type { PrimitiveType } from "./rules.ts";

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
