import { listAutomations } from "@switchyard/core/automations/index";
import { route } from "@/lib/api";
import { ListAutomationsQuery } from "./schema";

export const GET = route({ query: ListAutomationsQuery }, async ({ ctx, query }) => listAutomations(ctx, query));
