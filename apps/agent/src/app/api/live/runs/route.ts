import { listRuns } from "@switchyard/core/runs/unified";
import { route } from "@/lib/api";
import { ListRunsQuery } from "./schema";

export const GET = route({ query: ListRunsQuery }, async ({ ctx, query }) => listRuns(ctx, query));
