// Plain constants and schemas, free of Node and database imports, so the /settings/alerts page
// validates and labels rules with the same lists the API does.
import { z } from "zod";
import { RUN_KINDS } from "../runs/run-values.ts";

export const ALERT_CHANNEL_KINDS = ["webhook", "slack", "email"] as const;
export type AlertChannelKind = (typeof ALERT_CHANNEL_KINDS)[number];

export const ALERT_RULE_KINDS = ["run_failed", "success_rate_below", "approval_waiting", "queue_age", "breaker_open", "health_policy"] as const;
export type AlertRuleKind = (typeof ALERT_RULE_KINDS)[number];

export const INCIDENT_STATUSES = ["open", "resolved"] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];
export const DELIVERY_STATUSES = ["pending", "delivered", "failed"] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** The slug of an agent, workflow, network, pulse or campaign template. */
const EntitySlug = z.string().trim().min(1).max(120);

/** A run of this kind (any kind when absent) and, optionally, of the entity with this slug. */
const RunFilter = {
  kind: z.enum(RUN_KINDS).optional(),
  entity: EntitySlug.optional(),
};

/** Each rule kind's parameters. Strict, so a misspelt field is a 400 rather than silently ignored. */
export const RULE_CONFIGS = {
  run_failed: z.strictObject(RunFilter),
  success_rate_below: z.strictObject({
    thresholdPercent: z.number().min(1).max(100),
    windowRuns: z.number().int().min(1).max(500),
    ...RunFilter,
  }),
  approval_waiting: z.strictObject({ minutes: z.number().int().min(1).max(10_080) }),
  queue_age: z.strictObject({ seconds: z.number().int().min(10).max(86_400) }),
  breaker_open: z.strictObject({}),
  health_policy: z.strictObject({}),
} as const satisfies Record<AlertRuleKind, z.ZodType>;

export type RuleConfig<K extends AlertRuleKind> = z.output<(typeof RULE_CONFIGS)[K]>;
export type AnyRuleConfig = { [K in AlertRuleKind]: { kind: K; config: RuleConfig<K> } }[AlertRuleKind];

export const RULE_KIND_LABELS: Record<AlertRuleKind, string> = {
  run_failed: "Run failed",
  success_rate_below: "Success rate below",
  approval_waiting: "Approval waiting",
  queue_age: "Queue age over",
  breaker_open: "Circuit breaker open",
  health_policy: "Health policy fired",
};

export const CHANNEL_KIND_LABELS: Record<AlertChannelKind, string> = {
  webhook: "Signed webhook",
  slack: "Slack incoming webhook",
  email: "Email",
};

/** A rule's condition in a sentence, for lists. */
export function describeRule(rule: AnyRuleConfig): string {
  const runs = (config: { kind?: string; entity?: string }) =>
    `${config.kind ? `${config.kind} ` : ""}run${config.entity ? ` of "${config.entity}"` : ""}`.trim();
  switch (rule.kind) {
    case "run_failed":
      return `A ${runs(rule.config)} fails`;
    case "success_rate_below":
      return `Success rate of a ${runs(rule.config)} below ${rule.config.thresholdPercent}% over its last ${rule.config.windowRuns} finished runs`;
    case "approval_waiting":
      return `An approval waits longer than ${rule.config.minutes} min`;
    case "queue_age":
      return `The oldest due job has waited longer than ${rule.config.seconds} s`;
    case "breaker_open":
      return "A model provider's circuit breaker is open";
    case "health_policy":
      return "A schedule's health policy fires its alert action";
  }
}
