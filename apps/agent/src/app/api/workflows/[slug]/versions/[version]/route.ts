import { z } from "zod";
import { getWorkflowVersion, WorkflowVersionView } from "@switchyard/core/workflows/service";
import { route, routeMethods } from "@/lib/api";
import { WorkflowVersionParams } from "../../../schema";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  GET: route(
    {
      doc: { summary: "Get one version of a workflow's definition", tag: "Workflows", response: z.object({ version: WorkflowVersionView }) },
      params: WorkflowVersionParams,
    },
    async ({ ctx, params }) => ({ version: await getWorkflowVersion(ctx, params.slug, params.version) }),
  ),
});
