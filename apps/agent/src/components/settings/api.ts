import type { listApiKeys } from "@switchyard/core/tenancy/api-keys";
import type { listAuditLog } from "@switchyard/core/tenancy/audit";
import type { listPendingInvitations } from "@switchyard/core/tenancy/invitations";
import type { listMembers } from "@switchyard/core/tenancy/members";
import type { Serialized } from "@/components/schedule/automation-view";

export type Role = "OWNER" | "ADMIN" | "OPERATOR" | "VIEWER";
export type Member = Serialized<Awaited<ReturnType<typeof listMembers>>[number]>;
export type Invitation = Serialized<Awaited<ReturnType<typeof listPendingInvitations>>[number]>;
export type ApiKeyRow = Serialized<Awaited<ReturnType<typeof listApiKeys>>[number]>;
export type AuditEntry = Serialized<Awaited<ReturnType<typeof listAuditLog>>["entries"][number]>;

export const ROLE_LABELS: Record<Role, string> = { OWNER: "Owner", ADMIN: "Admin", OPERATOR: "Operator", VIEWER: "Viewer" };
export const ROLE_HINTS: Record<Role, string> = {
  OWNER: "everything, including owners and the organization",
  ADMIN: "definitions, members and API keys (not owners)",
  OPERATOR: "starts, cancels and retries runs; decides approvals",
  VIEWER: "looks, never acts",
};

export const settingsKeys = {
  members: ["settings", "members"] as const,
  invitations: ["settings", "invitations"] as const,
  apiKeys: ["settings", "api-keys"] as const,
  modelProviders: ["settings", "model-providers"] as const,
  audit: (filters: string) => ["settings", "audit", filters] as const,
};
