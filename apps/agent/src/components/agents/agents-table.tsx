import { Badge, EmptyState, TableHead } from "@switchyard/ui/components";
import Link from "next/link";
import { agentPath, type AgentListRow } from "./agent-api";
import { AgentStateBadge, RiskBadge } from "./agent-badges";

const COLUMNS = [
  { key: "name", label: "Agent" },
  { key: "model", label: "Model", className: "w-64" },
  { key: "risk", label: "Risk", className: "w-44" },
  { key: "version", label: "Version", className: "w-24" },
  { key: "state", label: "State", className: "w-28" },
];

/** The organization's agents: one row each, linking to the agent's page. */
export function AgentsTable({ agents, canCreate }: { agents: AgentListRow[]; canCreate: boolean }) {
  if (agents.length === 0) {
    return (
      <EmptyState
        title="No agents yet"
        action={
          canCreate && (
            <Link href="/agents/new" className="text-sm font-medium text-sky-700 hover:underline">
              Create the first agent
            </Link>
          )
        }
      >
        An agent is an LLM-backed worker with instructions, a model and tools. Schedules, triggers, workflows and networks run it.
      </EmptyState>
    );
  }
  return (
    <table className="w-full min-w-[760px] text-sm" data-testid="agents-table">
      <TableHead columns={COLUMNS} />
      <tbody className="divide-y divide-zinc-100">
        {agents.map((agent) => (
          <tr key={agent.id} className="hover:bg-zinc-50" data-testid={`agent-row-${agent.slug}`}>
            <td className="max-w-0 px-4 py-2.5">
              <Link href={agentPath(agent.slug)} className="block truncate font-medium text-zinc-900 hover:text-sky-700 hover:underline">
                {agent.name}
              </Link>
              <div className="truncate text-xs text-zinc-500">{agent.description ?? <span className="font-mono">{agent.slug}</span>}</div>
            </td>
            <td className="px-4 py-2.5 font-mono text-xs text-zinc-700">
              {agent.provider?.name ?? agent.modelProvider} / {agent.modelName}
            </td>
            <td className="px-4 py-2.5">
              <RiskBadge riskLevel={agent.riskLevel} />
            </td>
            <td className="px-4 py-2.5">
              <Badge tone="neutral" className="font-mono">
                v{agent.version}
              </Badge>
            </td>
            <td className="px-4 py-2.5">
              <AgentStateBadge agent={agent} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
