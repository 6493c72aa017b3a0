import type { EntityType } from "@switchyard/database";
import type { OrgContext } from "./context.ts";
import { notFound } from "./errors.ts";

export interface EntityRef {
  entityType: EntityType;
  id: string;
  slug: string;
  name: string;
}

const LABEL: Record<EntityType, string> = { agent: "Agent", workflow: "Workflow", network: "Network" };

/** Finds an agent, workflow or network by slug inside the caller's organization (404 otherwise). */
export async function resolveEntity(ctx: OrgContext, entityType: EntityType, slug: string): Promise<EntityRef> {
  const where = { organizationId_slug: { organizationId: ctx.organizationId, slug } };
  const select = { id: true, slug: true, name: true } as const;
  const entity =
    entityType === "agent"
      ? await ctx.db.agent.findUnique({ where, select })
      : entityType === "workflow"
        ? await ctx.db.workflow.findUnique({ where, select })
        : await ctx.db.network.findUnique({ where, select });
  if (!entity) throw notFound(`${LABEL[entityType]} "${slug}"`);
  return { entityType, ...entity };
}

/** The column on AgentTrigger / AgentSchedule / TriggerEvent that points at an entity of this type. */
export function entityColumn(entityType: EntityType): "agentId" | "workflowId" | "networkId" {
  return `${entityType}Id` as "agentId" | "workflowId" | "networkId";
}
