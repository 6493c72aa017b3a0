import { z } from "zod";
import { ArchiveQuery } from "@switchyard/core/definitions/common";
import { deleteWorkflow, getWorkflow, updateWorkflow, WorkflowDetail, WorkflowSummary, WorkflowView } from "@switchyard/core/workflows/service";
import { route, routeMethods } from "@/lib/api";
import { UpdateWorkflowBody, WorkflowParams } from "../schema";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  GET: route(
    {
      doc: { summary: "Get a workflow with its current definition and graph", tag: "Workflows", response: z.object({ workflow: WorkflowView }) },
      params: WorkflowParams,
    },
    async ({ ctx, params }) => ({ workflow: await getWorkflow(ctx, params.slug) }),
  ),
  PUT: route(
    {
      doc: {
        summary: "Save a new version of a workflow (an identical definition makes none)",
        tag: "Workflows",
        response: z.object({ workflow: WorkflowDetail, versionCreated: z.boolean() }),
      },
      role: "ADMIN",
      params: WorkflowParams,
      body: UpdateWorkflowBody,
    },
    async ({ ctx, params, body }) => updateWorkflow(ctx, params.slug, body),
  ),
  DELETE: route(
    {
      doc: {
        summary: "Archive a workflow that has runs, delete one that has none (?cascade=pause pauses its active schedules)",
        tag: "Workflows",
        response: z.object({ outcome: z.enum(["archived", "deleted"]), workflow: WorkflowSummary, pausedScheduleIds: z.array(z.string()) }),
      },
      role: "ADMIN",
      params: WorkflowParams,
      query: ArchiveQuery,
    },
    async ({ ctx, params, query }) => deleteWorkflow(ctx, params.slug, query.cascade),
  ),
});
