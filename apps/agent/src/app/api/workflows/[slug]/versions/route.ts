import { z } from "zod";
import { listWorkflowVersions, WorkflowVersionSummary } from "@switchyard/core/workflows/service";
import { route, routeMethods } from "@/lib/api";
import { WorkflowParams } from "../../schema";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  GET: route(
    {
      doc: {
        summary: "List a workflow's versions, newest first, with author and time",
        tag: "Workflows",
        response: z.object({ versions: z.array(WorkflowVersionSummary) }),
      },
      params: WorkflowParams,
    },
    async ({ ctx, params }) => ({ versions: await listWorkflowVersions(ctx, params.slug) }),
  ),
});
