import { createWorkflow, listWorkflows } from "@switchyard/core/workflows/service";
import { json, route, routeMethods } from "@/lib/api";
import { CreateWorkflowBody } from "./schema";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  GET: route({}, async ({ ctx }) => ({ workflows: await listWorkflows(ctx) })),
  POST: route({ role: "OPERATOR", body: CreateWorkflowBody }, async ({ ctx, body }) => json({ workflow: await createWorkflow(ctx, body) }, 201)),
});
