import { z } from "zod";
import { createWorkflow, listWorkflows, ListWorkflowsQuery, WorkflowSummary, WorkflowDetail } from "@switchyard/core/workflows/service";
import { json, route, routeMethods } from "@/lib/api";
import { CreateWorkflowBody } from "./schema";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  GET: route(
    {
      doc: {
        summary: "List workflows (archived ones with ?includeArchived=true)",
        tag: "Workflows",
        response: z.object({ workflows: z.array(WorkflowSummary) }),
      },
      query: ListWorkflowsQuery,
    },
    async ({ ctx, query }) => ({ workflows: await listWorkflows(ctx, query) }),
  ),
  POST: route(
    {
      doc: { summary: "Create a workflow", tag: "Workflows", status: 201, response: z.object({ workflow: WorkflowDetail }) },
      role: "ADMIN",
      body: CreateWorkflowBody,
    },
    async ({ ctx, body }) => json({ workflow: await createWorkflow(ctx, body) }, 201),
  ),
});
