import { createWorkflow, listWorkflows } from "@switchyard/core/workflows/service";
import { json, route } from "@/lib/api";
import { CreateWorkflowBody } from "./schema";

export const GET = route({}, async ({ ctx }) => ({ workflows: await listWorkflows(ctx) }));

export const POST = route({ role: "OPERATOR", body: CreateWorkflowBody }, async ({ ctx, body }) => json({ workflow: await createWorkflow(ctx, body) }, 201));
