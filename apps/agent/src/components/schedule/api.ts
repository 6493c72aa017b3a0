import type { AutomationListResponse, AutomationRow, Primitive } from "./automation-view";

/** A failed API call, carrying the `{ error: { code, message } }` the API answered with. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export async function requestJson<T>(url: string, init: RequestInit = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, { cache: "no-store", ...init, headers: { accept: "application/json", "content-type": "application/json", ...init.headers } });
  } catch (error) {
    if (init.signal?.aborted) throw error;
    throw new ApiError(0, "network_error", "Could not reach the server.");
  }
  if (response.ok) return (await response.json()) as T;
  try {
    const body = (await response.json()) as { error?: { code?: string; message?: string } };
    if (body.error?.message) throw new ApiError(response.status, body.error.code ?? "error", body.error.message);
  } catch (error) {
    if (error instanceof ApiError) throw error;
  }
  throw new ApiError(response.status, "http_error", `The server answered ${response.status} ${response.statusText}`.trim());
}

export interface DensitySlot {
  hour: number;
  count: number;
  firings: number;
  byPrimitive: Record<Primitive, number>;
  names: string[];
}

export interface DensityResponse {
  date: string;
  timezone: string;
  threshold: number;
  slots: DensitySlot[];
  warnings: { hour: number; count: number; message: string }[];
  warning: string | null;
}

export interface CascadeWarning {
  message: string;
  dependents: { id: string; name: string }[];
}

export interface AutomationPatch {
  isActive?: boolean;
  archived?: boolean;
  healthPolicy?: { enabled: boolean; threshold: number; window: number; action: "disable" | "reduce_frequency" | "alert" };
}

export const automationsQueryKey = ["automations"] as const;
export const densityQueryKey = (timezone: string) => ["automations", "density", timezone] as const;

export function fetchAutomations(signal?: AbortSignal) {
  return requestJson<AutomationListResponse>("/api/live/automations", { signal });
}

export function fetchDensity(timezone: string, signal?: AbortSignal) {
  return requestJson<DensityResponse>(`/api/live/automations/density?timezone=${encodeURIComponent(timezone)}`, { signal });
}

export function patchAutomation(id: string, patch: AutomationPatch) {
  return requestJson<{ automation: AutomationRow; warning: CascadeWarning | null }>(`/api/live/automations/${encodeURIComponent(id)}`, {
    method: "PATCH",
    body: JSON.stringify(patch),
  });
}
