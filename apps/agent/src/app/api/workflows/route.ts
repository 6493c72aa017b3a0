import { z } from "zod";
import { createWorkflow, listWorkflows, WorkflowSummary, WorkflowDetail } from "@switchyard/core/workflows/service";
import { json, route, routeMethods } from "@/lib/api";
import { CreateWorkflowBody } from "./schema";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  GET: route({ doc: { summary: "List workflows", tag: "Workflows", response: z.object({ workflows: z.array(WorkflowSummary) }) } }, async ({ ctx }) => ({
    workflows: await listWorkflows(ctx),
  })),
  POST: route(
    {
      doc: { summary: "Create a workflow", tag: "Workflows", status: 201, response: z.object({ workflow: WorkflowDetail }) },
      role: "OPERATOR",
      body: CreateWorkflowBody,
    },
    async ({ ctx, body }) => json({ workflow: await createWorkflow(ctx, body) }, 201),
  ),
});
