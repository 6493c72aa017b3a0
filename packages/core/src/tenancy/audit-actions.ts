// Plain constants, free of Node and database imports, so the audit page's filters can use them too.

/** Every administrative action the audit log records, by name. */
export const AUDIT_ACTIONS = [
  "organization.created",
  "organization.renamed",
  "organization.nats_bridge_enabled",
  "organization.nats_bridge_disabled",
  "member.invited",
  "member.invitation_revoked",
  "member.joined",
  "member.role_changed",
  "member.removed",
  "api_key.created",
  "api_key.revoked",
  "api_key.rotated",
  "agent.created",
  "agent.updated",
  "agent.archived",
  "workflow.created",
  "workflow.updated",
  "workflow.archived",
  "network.created",
  "network.updated",
  "network.archived",
  "campaign_template.created",
  "campaign_template.updated",
  "campaign_template.archived",
  "pulse.created",
  "pulse.updated",
  "pulse.archived",
  "schedule.created",
  "schedule.updated",
  "schedule.deleted",
  "schedule.paused",
  "schedule.resumed",
  "run.deleted",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** The kinds of record an action is about, for filtering. */
export const AUDIT_TARGET_TYPES = [
  "organization",
  "member",
  "invitation",
  "api_key",
  "agent",
  "workflow",
  "network",
  "campaign_template",
  "pulse",
  "schedule",
  "run",
] as const;
