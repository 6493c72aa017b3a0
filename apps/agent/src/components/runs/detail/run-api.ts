import { requestJson } from "@/components/api-client";
import type { RunKind } from "@switchyard/core/runs/unified";
import type { RunDetailResponse } from "./types";

export function runDetailPath(kind: RunKind | string, id: string): string {
  return `/observe/runs/${encodeURIComponent(kind)}/${encodeURIComponent(id)}`;
}

export function runDetailQueryKey(kind: RunKind, id: string) {
  return ["run-detail", kind, id] as const;
}

const apiPath = (kind: RunKind, id: string, action = "") => `/api/runs/${kind}/${encodeURIComponent(id)}${action}`;

export function fetchRunDetail(kind: RunKind, id: string, signal?: AbortSignal): Promise<RunDetailResponse> {
  return requestJson(apiPath(kind, id), { signal });
}

export function cancelRunRequest(kind: RunKind, id: string): Promise<unknown> {
  return requestJson(apiPath(kind, id, "/cancel"), { method: "POST" });
}

export function retryRunRequest(kind: RunKind, id: string): Promise<{ kind: RunKind; runId: string }> {
  return requestJson(apiPath(kind, id, "/retry"), { method: "POST" });
}

export function submitFeedbackRequest(kind: RunKind, id: string, body: { rating: number; comment?: string }): Promise<unknown> {
  return requestJson(apiPath(kind, id, "/feedback"), { method: "POST", body: JSON.stringify(body) });
}
