import type { OrgContext } from "@switchyard/core";
import type { RunnerClaim } from "@switchyard/core/runner/reports";
import { parseRunnerId, RUNNER_ID_HEADER } from "@switchyard/core/runner/schemas";

export {
  ArtifactBody,
  ArtifactResponse,
  ClaimBody,
  ClaimResponse,
  CompleteBody,
  EventsBody,
  EventsResponse,
  FailBody,
  FinishedRunResponse,
  HeartbeatBody,
  HeartbeatResponse,
  RunParams,
} from "@switchyard/core/runner/schemas";

/** The runner is named by its X-Runner-Id header; the organization comes from the API key. */
export function runnerIdOf(request: Request): string {
  return parseRunnerId(request.headers.get(RUNNER_ID_HEADER));
}

/** Which claim a call about run `id` speaks for. */
export function claimOf(ctx: OrgContext, request: Request, id: string, attempt: number): RunnerClaim {
  return { organizationId: ctx.organizationId, runId: id, runnerId: runnerIdOf(request), attempt };
}
