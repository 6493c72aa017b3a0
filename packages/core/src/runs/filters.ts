import type { OrgContext } from "../context.ts";
import { z } from "zod";
import { RUN_KINDS, RUN_SOURCES, RUN_STATUSES } from "./unified.ts";

interface Choice {
  slug: string;
  name: string;
}

export interface RunFiltersResponse {
  agents: Choice[];
  workflows: Choice[];
  networks: Choice[];
  campaignTemplates: Choice[];
  pulses: Choice[];
  kinds: readonly string[];
  sources: readonly string[];
  statuses: readonly string[];
}

/** The choices of the Observe filter bar: this organization's entities plus the fixed enums. */
export async function getRunFilters(ctx: OrgContext): Promise<RunFiltersResponse> {
  const where = { organizationId: ctx.organizationId };
  const select = { slug: true, name: true } as const;
  const orderBy = { name: "asc" } as const;
  const [agents, workflows, networks, campaignTemplates, pulses] = await Promise.all([
    ctx.db.agent.findMany({ where, select, orderBy }),
    ctx.db.workflow.findMany({ where, select, orderBy }),
    ctx.db.network.findMany({ where, select, orderBy }),
    ctx.db.campaignTemplate.findMany({ where, select, orderBy }),
    ctx.db.pulse.findMany({ where, select, orderBy }),
  ]);
  return { agents, workflows, networks, campaignTemplates, pulses, kinds: RUN_KINDS, sources: RUN_SOURCES, statuses: RUN_STATUSES };
}

const Choice = z.object({ slug: z.string(), name: z.string() });
/** `RunFiltersResponse` as a schema. */
export const RunFiltersResponseSchema = z.object({
  agents: z.array(Choice),
  workflows: z.array(Choice),
  networks: z.array(Choice),
  campaignTemplates: z.array(Choice),
  pulses: z.array(Choice),
  kinds: z.array(z.string()),
  sources: z.array(z.string()),
  statuses: z.array(z.string()),
});
