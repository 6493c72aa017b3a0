import type { PrismaClient } from "@switchyard/database";
import { insertAgent } from "../agents/definitions.ts";
import { createTestOrganization } from "../testing.ts";

/** An organization with a research desk: researcher → writer → reviewer. */
export async function createResearchDesk(db: PrismaClient, network: { maxSteps?: number; slug?: string } = {}) {
  const org = await createTestOrganization(db);
  const members = [
    { slug: "researcher", name: "Researcher", role: "research", description: "Finds sources" },
    { slug: "writer", name: "Writer", role: "drafting", description: "Writes the report" },
    { slug: "reviewer", name: "Reviewer", role: "quality", description: "Reviews drafts for accuracy" },
  ];
  const agents = [];
  for (const member of members) {
    agents.push(
      await insertAgent(db, {
        organizationId: org.organization.id,
        slug: member.slug,
        name: member.name,
        description: member.description,
        instructions: `You are the ${member.name.toLowerCase()}.`,
        modelName: "gpt-4o-mini",
        simulation: { failureRate: 0, latencyMs: 10 },
      }),
    );
  }
  const created = await db.network.create({
    data: {
      organizationId: org.organization.id,
      slug: network.slug ?? "research-desk",
      name: "Research desk",
      goal: "Research the topic, write a report and review it",
      routerInstructions: "Route to the member whose role fits the next piece of work.",
      maxSteps: network.maxSteps ?? 8,
      members: { create: agents.map((agent, position) => ({ agentId: agent.id, role: members[position].role, position })) },
    },
  });
  return { ...org, agents, network: created };
}
