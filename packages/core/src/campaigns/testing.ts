import type { Prisma, PrismaClient } from "@switchyard/database";
import { insertAgent } from "../agents/definitions.ts";
import { createTestOrganization } from "../testing.ts";

/** Publishing at the end: the planner puts a human sign-off on the mission before it. */
export const DISTILLER_INTENT =
  "Distill what we know about {{ topic }}: collect sources and survey prior work, then extract the key claims, then publish a digest";
/** No external action: no mission needs a sign-off. */
export const RESEARCH_INTENT = "Map {{ topic }}: collect sources and survey prior work, then extract the key claims";

/** An organization with a planner, three specialist agents and a campaign template. */
export async function createCampaignOrg(db: PrismaClient, template: Partial<Prisma.CampaignTemplateUncheckedCreateInput> = {}) {
  const org = await createTestOrganization(db);
  const specialists = [
    { slug: "planner", description: "Plans campaigns" },
    { slug: "collector", description: "Collects sources" },
    { slug: "analyst", description: "Extracts claims and surveys prior work" },
    { slug: "publisher", description: "Publishes digests" },
  ];
  const agents: Record<string, { id: string; slug: string; instructions: string; modelName: string; simulation: Prisma.JsonValue }> = {};
  for (const specialist of specialists) {
    agents[specialist.slug] = await insertAgent(db, {
      organizationId: org.organization.id,
      slug: specialist.slug,
      name: specialist.slug,
      description: specialist.description,
      instructions: `You are the ${specialist.slug}.`,
      modelName: "gpt-4o-mini",
      simulation: { failureRate: 0, latencyMs: 10 },
    });
  }
  const created = await db.campaignTemplate.create({
    data: {
      organizationId: org.organization.id,
      slug: "knowledge-distiller",
      name: "Knowledge Distiller",
      intent: DISTILLER_INTENT,
      parameters: { topic: { description: "What to distill" } },
      plannerAgentId: agents.planner.id,
      ...template,
    },
  });
  return { ...org, agents, template: created };
}
