// A real OpenAI-compatible HTTP server for tests, on 127.0.0.1: `/v1/models` and non-streaming
// `/v1/chat/completions`, answering with scripted replies (tool calls, a final answer with usage, an
// error, or a hang). It stands in for Ollama, vLLM or LM Studio, so the AI SDK's own provider code runs
// end to end against it.
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage["headers"];
  body: ChatCompletionBody | null;
}

/** The parts of a Chat Completions request the tests look at. */
export interface ChatCompletionBody {
  model: string;
  messages: { role: string; content: unknown; tool_calls?: unknown[]; tool_call_id?: string }[];
  tools?: { type: string; function: { name: string; description?: string; parameters: Record<string, unknown> } }[];
  response_format?: { type: string; json_schema?: { name?: string; schema: Record<string, unknown> } };
  [key: string]: unknown;
}

export interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
}

/** One answer of the server: a status and JSON body, or "hang" (never answers, until the client gives up). */
export type Reply = { status: number; headers?: Record<string, string>; body: unknown } | "hang";
type ReplyFor = Reply | ((request: RecordedRequest) => Reply);

export interface FakeModelServer {
  /** The base URL a provider is configured with, e.g. http://127.0.0.1:41234/v1. */
  baseUrl: string;
  /** Every request, in order of arrival. */
  requests: RecordedRequest[];
  /** Queues the answers to the next chat completions, in order; afterwards every one gets `replies.ok()`. */
  reply(...replies: ReplyFor[]): void;
  /** Resolves with the next chat completion request to arrive. */
  nextChatRequest(): Promise<RecordedRequest>;
  /** Resolves when a client closes a connection the server had not answered yet (an aborted request). */
  nextAbandonedRequest(): Promise<RecordedRequest>;
  /** How many requests were abandoned by their client before an answer. */
  abandoned: number;
  close(): Promise<void>;
}

export async function startFakeModelServer(options: { models?: string[]; listsModels?: boolean } = {}): Promise<FakeModelServer> {
  const models = options.models ?? ["llama3.1:8b", "qwen2.5:7b"];
  const queue: ReplyFor[] = [];
  const requests: RecordedRequest[] = [];
  const chatWaiters: ((request: RecordedRequest) => void)[] = [];
  const abandonWaiters: ((request: RecordedRequest) => void)[] = [];
  const open = new Set<IncomingMessage>();
  const state = { abandoned: 0 };

  const server = createServer((req, res) => {
    let raw = "";
    req.on("data", (chunk) => (raw += chunk));
    req.on("end", () => {
      const path = (req.url ?? "/").split("?")[0];
      const recorded: RecordedRequest = { method: req.method ?? "GET", path, headers: req.headers, body: raw ? (JSON.parse(raw) as ChatCompletionBody) : null };
      requests.push(recorded);
      const send = (reply: Exclude<Reply, "hang">) =>
        res.writeHead(reply.status, { "content-type": "application/json", ...reply.headers }).end(JSON.stringify(reply.body));

      if (req.method === "GET" && path === "/v1/models") {
        if (options.listsModels === false) return send(replies.error(404, "Not found"));
        return send({ status: 200, body: { object: "list", data: models.map((id) => ({ id, object: "model", created: 0, owned_by: "test" })) } });
      }
      if (req.method !== "POST" || path !== "/v1/chat/completions") return send(replies.error(404, `No route for ${req.method} ${path}`));

      for (const resolve of chatWaiters.splice(0)) resolve(recorded);
      const next = queue.shift() ?? replies.ok();
      const reply = typeof next === "function" ? next(recorded) : next;
      if (reply !== "hang") return send(reply);
      open.add(req);
      res.on("close", () => {
        if (!open.delete(req)) return;
        state.abandoned += 1;
        for (const resolve of abandonWaiters.splice(0)) resolve(recorded);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    reply: (...replies) => queue.push(...replies),
    nextChatRequest: () => new Promise((resolve) => chatWaiters.push(resolve)),
    nextAbandonedRequest: () => new Promise((resolve) => abandonWaiters.push(resolve)),
    get abandoned() {
      return state.abandoned;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

let callCounter = 0;

function completion(message: Record<string, unknown>, finishReason: string, usage: Usage, model = "test-model"): Exclude<Reply, "hang"> {
  callCounter += 1;
  return {
    status: 200,
    body: {
      id: `chatcmpl-${callCounter}`,
      object: "chat.completion",
      created: Math.floor(Date.now() / 1000),
      model,
      choices: [{ index: 0, message: { role: "assistant", ...message }, finish_reason: finishReason }],
      usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
    },
  };
}

/** Replies in the shapes a Chat Completions server answers with. */
export const replies = {
  /** The model calls tools (`arguments` is sent as the JSON string the API uses). */
  toolCalls(calls: { name: string; arguments: Record<string, unknown> }[], usage: Usage = { prompt_tokens: 40, completion_tokens: 12 }) {
    return completion(
      {
        content: null,
        tool_calls: calls.map((call, index) => ({
          id: `call_${callCounter + 1}_${index}`,
          type: "function",
          function: { name: call.name, arguments: JSON.stringify(call.arguments) },
        })),
      },
      "tool_calls",
      usage,
    );
  },
  /** The model's final answer: text, or a JSON value sent as its text (as structured output is). */
  answer(content: string | Record<string, unknown>, usage: Usage = { prompt_tokens: 60, completion_tokens: 20 }) {
    return completion({ content: typeof content === "string" ? content : JSON.stringify(content) }, "stop", usage);
  },
  ok() {
    return replies.answer("OK", { prompt_tokens: 5, completion_tokens: 1 });
  },
  error(status: number, message: string, headers?: Record<string, string>): Exclude<Reply, "hang"> {
    return { status, headers, body: { error: { message, type: status === 429 ? "rate_limit_exceeded" : "server_error", code: null } } };
  },
};
