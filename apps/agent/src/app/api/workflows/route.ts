import { createWorkflow, listWorkflows } from "@switchyard/core/workflows/service";
import { json, route, routeMethods } from "@/lib/api";
import { CreateWorkflowBody } from "./schema";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  GET: route({ doc: { summary: "List workflows", tag: "Workflows" } }, async ({ ctx }) => ({ workflows: await listWorkflows(ctx) })),
  POST: route({ doc: { summary: "Create a workflow", tag: "Workflows", status: 201 }, role: "OPERATOR", body: CreateWorkflowBody }, async ({ ctx, body }) =>
    json({ workflow: await createWorkflow(ctx, body) }, 201),
  ),
});
