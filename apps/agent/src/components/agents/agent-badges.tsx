import { Badge } from "@switchyard/ui/components";

export function RiskBadge({ riskLevel }: { riskLevel: string }) {
  return riskLevel === "APPROVAL_REQUIRED" ? <Badge tone="warning">Approval required</Badge> : <Badge tone="neutral">Auto</Badge>;
}

export function AgentStateBadge({ agent }: { agent: { isActive: boolean; archivedAt: string | null } }) {
  if (agent.archivedAt) return <Badge tone="neutral">Archived</Badge>;
  return agent.isActive ? <Badge tone="success">Active</Badge> : <Badge tone="neutral">Inactive</Badge>;
}
