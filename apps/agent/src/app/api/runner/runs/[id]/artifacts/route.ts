import { storeRunnerArtifact } from "@switchyard/core/runner/reports";
import { json, route, routeMethods } from "@/lib/api";
import { ArtifactBody, ArtifactResponse, claimOf, RunParams } from "../../../schema";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  POST: route(
    {
      doc: { summary: "External runner: store a markdown or JSON artifact of the current attempt", tag: "Runner", status: 201, response: ArtifactResponse },
      role: "OPERATOR",
      params: RunParams,
      body: ArtifactBody,
    },
    async ({ ctx, request, params, body }) => json(await storeRunnerArtifact(ctx.db, claimOf(ctx, request, params.id, body.attempt), body), 201),
  ),
});
