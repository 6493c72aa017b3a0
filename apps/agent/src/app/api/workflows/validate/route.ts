import { validateWorkflowDraft, WorkflowDraftCheck } from "@switchyard/core/workflows/service";
import { route, routeMethods } from "@/lib/api";
import { WorkflowDraftBody } from "../schema";

// Checking saves nothing, so any member may do it (a viewer's read-only editor shows problems too).
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  POST: route(
    {
      doc: {
        summary: "Check a workflow draft without saving it: problems with their paths, the normalised definition and its graph",
        tag: "Workflows",
        response: WorkflowDraftCheck,
      },
      body: WorkflowDraftBody,
    },
    async ({ ctx, body }) => validateWorkflowDraft(ctx, body),
  ),
});
