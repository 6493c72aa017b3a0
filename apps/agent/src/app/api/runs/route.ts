import { StartedRun, StartRunBody, startRun } from "@switchyard/core/runs/start";
import { json, route, routeMethods } from "@/lib/api";
import { getEngine } from "@/lib/engine";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  POST: route(
    {
      doc: { summary: "Start a run of an agent, workflow, network or campaign template (source manual)", tag: "Observe", status: 202, response: StartedRun },
      role: "OPERATOR",
      body: StartRunBody,
    },
    async ({ ctx, body }) => json(await startRun(ctx, await getEngine(), body), 202),
  ),
});
