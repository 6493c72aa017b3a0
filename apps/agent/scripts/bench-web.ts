// The web process of `bun run bench:engine`: the real webhook route handler (its module, as Next
// loads it) served by node:http, without Next's own router and page machinery, so the figure is what
// the ingest path costs. `/noop` answers 202 without touching the database: the HTTP baseline.
// Environment: DATABASE_URL, BENCH_WEB_PORT (default 3900). Prints "listening <port>" when ready.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { POST } from "../src/app/api/webhooks/[path]/route.ts";

const port = Number(process.env.BENCH_WEB_PORT ?? 3900);

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
  const url = new URL(request.url ?? "/", `http://localhost:${port}`);
  const body = await readBody(request);
  if (url.pathname === "/noop") {
    response.writeHead(202, { "content-type": "application/json" }).end('{"accepted":true}');
    return;
  }
  const match = /^\/api\/webhooks\/([^/]+)$/.exec(url.pathname);
  if (!match || request.method !== "POST") {
    response.writeHead(404).end();
    return;
  }
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) if (typeof value === "string") headers.set(name, value);
  const answer = await POST(new Request(url, { method: "POST", headers, body: new Uint8Array(body) }), {
    params: Promise.resolve({ path: decodeURIComponent(match[1]) }),
  });
  response.writeHead(answer.status, Object.fromEntries(answer.headers)).end(Buffer.from(await answer.arrayBuffer()));
}

const server = createServer((request, response) => {
  handle(request, response).catch((error: Error) => {
    console.error(`[bench-web] ${error.message}`);
    if (!response.headersSent) response.writeHead(500);
    response.end();
  });
});
server.keepAliveTimeout = 60_000;
server.listen(port, "127.0.0.1", () => console.log(`listening ${port}`));
for (const signal of ["SIGTERM", "SIGINT"] as const) process.on(signal, () => server.close(() => process.exit(0)));
