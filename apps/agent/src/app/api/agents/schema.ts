import { z } from "zod";

/** The `[slug]` of every /api/agents/[slug]/… route. */
export const AgentParams = z.object({ slug: z.string().min(1).max(120) });
