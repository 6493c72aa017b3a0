import { listAgents } from "@switchyard/core/agents/catalog";
import { route } from "@/lib/api";

export const GET = route({}, async ({ ctx }) => ({ agents: await listAgents(ctx) }));
