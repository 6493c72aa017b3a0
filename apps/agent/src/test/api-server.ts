import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { API_ROUTES, type RouteModule } from "@/lib/route-registry";

/**
 * The app's real route handlers behind a node:http server on 127.0.0.1, for tests whose client is
 * another process (the runner CLI): each request is matched to its route module by path, as Next
 * routes it, and handed to the handler as a web Request with its dynamic params.
 */
export async function startApiServer(routes: Record<string, RouteModule> = API_ROUTES): Promise<{ url: string; close(): Promise<void> }> {
  // Literal paths win over parameterised ones (`/api/runs/start-form` before `/api/runs/{kind}/{id}`), as in Next.
  const table = Object.entries(routes)
    .map(([pattern, module]) => ({
      module,
      isLiteral: !pattern.includes("{"),
      regex: new RegExp(`^${pattern.replace(/\{(\w+)\}/g, "(?<$1>[^/]+)")}$`),
    }))
    .sort((a, b) => Number(b.isLiteral) - Number(a.isLiteral));

  const server = createServer(async (incoming, outgoing) => {
    try {
      const url = new URL(incoming.url ?? "/", "http://127.0.0.1");
      const method = incoming.method ?? "GET";
      const match = table.map((route) => ({ route, found: route.regex.exec(url.pathname) })).find(({ found }) => found);
      const handler = match?.route.module[method];
      if (!match?.found || !handler) return void outgoing.writeHead(404, { "content-type": "application/json" }).end('{"error":{"code":"not_found"}}');
      const params = Object.fromEntries(Object.entries(match.found.groups ?? {}).map(([key, value]) => [key, decodeURIComponent(value)]));
      const chunks: Buffer[] = [];
      for await (const chunk of incoming) chunks.push(chunk as Buffer);
      const headers = new Headers();
      for (const [key, value] of Object.entries(incoming.headers)) if (typeof value === "string") headers.set(key, value);
      const request = new Request(url, { method, headers, body: method === "GET" || method === "HEAD" ? undefined : Buffer.concat(chunks) });
      const response = await handler(request, { params: Promise.resolve(params) });
      outgoing.writeHead(response.status, Object.fromEntries(response.headers));
      outgoing.end(Buffer.from(await response.arrayBuffer()));
    } catch (error) {
      outgoing.writeHead(500).end(String(error));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
