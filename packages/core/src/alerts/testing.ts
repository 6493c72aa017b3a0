import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * A local HTTP receiver standing in for a webhook or Slack endpoint: records every request and
 * answers each with the next queued status (200 once the queue is empty).
 */
export async function startReceiver() {
  const received: ReceivedRequest[] = [];
  const statuses: number[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      received.push({ method: request.method ?? "", path: request.url ?? "", headers: request.headers, body: Buffer.concat(chunks).toString("utf8") });
      const status = statuses.shift() ?? 200;
      response.writeHead(status, { "content-type": "text/plain" }).end(status < 300 ? "ok" : `receiver says ${status}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    /** Its URL; `host` may name it differently (`localhost`), for tests of which hosts are allowed. */
    url: (path = "/hook", host = "127.0.0.1") => `http://${host}:${port}${path}`,
    received,
    /** The statuses the next requests are answered with, in order. */
    answerNext: (...next: number[]) => void statuses.push(...next),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
export type Receiver = Awaited<ReturnType<typeof startReceiver>>;
