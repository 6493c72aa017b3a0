// Plain constants, free of Node and database imports, so client code (the /observe filters) reads the
// same lists as the API's validation. They mirror the RunStatus and RunSource enums of the schema.

export const RUN_KINDS = ["agent", "workflow", "network", "campaign", "pulse"] as const;
export type RunKind = (typeof RUN_KINDS)[number];
export const RUN_STATUSES = ["QUEUED", "RUNNING", "SUSPENDED", "COMPLETED", "FAILED", "CANCELLED"] as const;
export type UnifiedRunStatus = (typeof RUN_STATUSES)[number];
export const RUN_SOURCES = [
  "api",
  "manual",
  "trigger",
  "webhook",
  "event",
  "schedule",
  "test",
  "retry",
  "workflow",
  "network",
  "campaign",
  "pulse",
  "chat",
  "slack",
  "voice",
  "mcp",
  "demo",
] as const;
export type RunSource = (typeof RUN_SOURCES)[number];
