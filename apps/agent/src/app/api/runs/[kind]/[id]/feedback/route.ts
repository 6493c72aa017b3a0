import { z } from "zod";
import { submitRunFeedback, RunFeedbackView } from "@switchyard/core/runs/actions";
import { json, route, routeMethods } from "@/lib/api";
import { RunFeedbackBody, RunParams } from "../schema";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  POST: route(
    {
      doc: { summary: "Feedback on a workflow or network run", tag: "Observe", status: 201, response: z.object({ feedback: RunFeedbackView }) },
      params: RunParams,
      body: RunFeedbackBody,
    },
    async ({ ctx, params, body }) => json({ feedback: await submitRunFeedback(ctx, params.kind, params.id, body) }, 201),
  ),
});
