import { getWorkflow } from "@switchyard/core/workflows/service";
import { route } from "@/lib/api";
import { WorkflowParams } from "../schema";

export const GET = route({ params: WorkflowParams }, async ({ ctx, params }) => ({ workflow: await getWorkflow(ctx, params.slug) }));
