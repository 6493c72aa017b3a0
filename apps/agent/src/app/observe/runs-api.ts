import type { RunListResponse } from "@switchyard/core/runs/unified";
import { runFiltersToSearchParams, type RunFilters } from "@/components/runs/run-filters";

/** A failed call to /api/live/runs, carrying the `{ error: { code, message } }` the API answered with. */
export class RunsApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "RunsApiError";
  }

  get isClientError(): boolean {
    return this.status >= 400 && this.status < 500;
  }
}

export function runsQueryKey(filters: RunFilters, pageSize: number) {
  return ["runs", runFiltersToSearchParams(filters).toString(), pageSize] as const;
}

export async function fetchRunsPage(
  filters: RunFilters,
  cursor: string | null,
  pageSize: number,
  signal?: AbortSignal,
): Promise<RunListResponse> {
  const params = runFiltersToSearchParams(filters);
  if (cursor) params.set("cursor", cursor);
  params.set("limit", String(pageSize));

  let response: Response;
  try {
    response = await fetch(`/api/live/runs?${params}`, { signal, cache: "no-store", headers: { accept: "application/json" } });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new RunsApiError(0, "network_error", "Could not reach the server.");
  }
  if (!response.ok) throw await toRunsApiError(response);
  return (await response.json()) as RunListResponse;
}

async function toRunsApiError(response: Response): Promise<RunsApiError> {
  try {
    const body = (await response.json()) as { error?: { code?: string; message?: string } };
    if (body.error?.message) return new RunsApiError(response.status, body.error.code ?? "error", body.error.message);
  } catch {
    // Not JSON (a proxy error page, for example): fall through to a generic message.
  }
  return new RunsApiError(response.status, "http_error", `The server answered ${response.status} ${response.statusText}`.trim());
}
