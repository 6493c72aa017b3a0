import { ListRunsQuery, listRuns } from "@switchyard/core/runs/unified";
import { route } from "@/lib/api";

export const GET = route({ query: ListRunsQuery }, async ({ ctx, query }) => listRuns(ctx, query));
