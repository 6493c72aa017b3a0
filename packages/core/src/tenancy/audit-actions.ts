// Plain constants, free of Node and database imports, so the audit page's filters can use them too.

/** Every administrative action the audit log records, by name. */
export const AUDIT_ACTIONS = [
  "organization.created",
  "organization.renamed",
  "member.invited",
  "member.invitation_revoked",
  "member.joined",
  "member.role_changed",
  "member.removed",
  "api_key.created",
  "api_key.revoked",
  "api_key.rotated",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** The kinds of record an action is about, for filtering. */
export const AUDIT_TARGET_TYPES = ["organization", "member", "invitation", "api_key"] as const;
