type Handler = (request: Request, context: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>;

/** Calls a real route handler the way Next does: a Request plus the dynamic route params. */
export async function call(
  handler: Handler,
  options: {
    method?: string;
    path?: string;
    params?: Record<string, string>;
    headers?: Record<string, string>;
    body?: unknown;
    rawBody?: string;
    key?: string;
  } = {},
) {
  const headers = new Headers(options.headers);
  if (options.key) headers.set("authorization", `Bearer ${options.key}`);
  const rawBody = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  if (rawBody !== undefined && !headers.has("content-type")) headers.set("content-type", "application/json");
  const request = new Request(`http://localhost${options.path ?? "/"}`, { method: options.method ?? "GET", headers, body: rawBody });
  const response = await handler(request, { params: Promise.resolve(options.params ?? {}) });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null, headers: response.headers };
}
