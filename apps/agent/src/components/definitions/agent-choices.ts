import type { OrgContext } from "@switchyard/core";
import { listAgents } from "@switchyard/core/agents/catalog";
import type { AgentChoice } from "./members-editor";

/** The agents a member row may pick: the organization's live ones (the API refuses archived agents). */
export async function loadAgentChoices(ctx: OrgContext): Promise<AgentChoice[]> {
  const agents = await listAgents(ctx);
  return agents.filter((agent) => agent.isActive).map((agent) => ({ slug: agent.slug, name: agent.name }));
}
