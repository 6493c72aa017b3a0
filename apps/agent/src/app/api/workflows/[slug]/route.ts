import { z } from "zod";
import { getWorkflow, WorkflowDetail } from "@switchyard/core/workflows/service";
import { route, routeMethods } from "@/lib/api";
import { WorkflowParams } from "../schema";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  GET: route(
    {
      doc: { summary: "Get a workflow with its current definition", tag: "Workflows", response: z.object({ workflow: WorkflowDetail }) },
      params: WorkflowParams,
    },
    async ({ ctx, params }) => ({
      workflow: await getWorkflow(ctx, params.slug),
    }),
  ),
});
