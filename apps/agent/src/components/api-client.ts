/** A failed API call, carrying the `{ error: { code, message } }` the API answered with. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** The API's `details`: for `validation_failed`, one `{ path, message }` per bad field. */
    readonly details: unknown = null,
  ) {
    super(message);
    this.name = "ApiError";
  }

  get isClientError(): boolean {
    return this.status >= 400 && this.status < 500;
  }
}

/** TanStack Query `retry`: network and server failures twice; a 4xx would answer the same again. */
export function retryUnlessClientError(failureCount: number, error: Error): boolean {
  return !(error instanceof ApiError && error.isClientError) && failureCount < 2;
}

/** The one way client components call our JSON API: no caching, and every failure an ApiError. */
export async function requestJson<T>(url: string, init: RequestInit = {}): Promise<T> {
  let response: Response;
  try {
    const contentType: Record<string, string> = init.body ? { "content-type": "application/json" } : {};
    response = await fetch(url, { cache: "no-store", ...init, headers: { accept: "application/json", ...contentType, ...init.headers } });
  } catch (error) {
    if (init.signal?.aborted) throw error;
    throw new ApiError(0, "network_error", "Could not reach the server.");
  }
  if (response.status === 204) return undefined as T;
  if (response.ok) return (await response.json()) as T;
  try {
    const body = (await response.json()) as { error?: { code?: string; message?: string; details?: unknown } };
    if (body.error?.message) throw new ApiError(response.status, body.error.code ?? "error", body.error.message, body.error.details ?? null);
  } catch (error) {
    if (error instanceof ApiError) throw error;
    // Not JSON (a proxy's error page, say): fall through to a generic message.
  }
  throw new ApiError(response.status, "http_error", `The server answered ${response.status} ${response.statusText}`.trim());
}
