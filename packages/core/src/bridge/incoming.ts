import type { PrismaClient } from "@switchyard/database";
import { z } from "zod";
import type { OrgContext } from "../context.ts";
import { AppError } from "../errors.ts";
import type { ExecutionEngine } from "../execution/events.ts";
import { recordRuntimeEvent } from "../telemetry/events.ts";
import { REASON_CODES, type ReasonCode } from "../telemetry/reason-codes.ts";
import { scopedClient } from "../tenancy/scoped-client.ts";
import { EmitEventBody, emitEvent } from "../triggers/events.ts";
import { parseEventSubject } from "./config.ts";

/** What an incoming message carries: `{ id?, payload }`, nothing else (a typo'd key is an error, not a silent `{}`). */
export const BridgeMessageBody = z.strictObject({
  id: z.string().trim().min(1).max(200).optional(),
  payload: z.record(z.string(), z.unknown()).default({}),
});

/** The one header Switchyard reads besides `Nats-Msg-Id`: JetStream does not keep a publisher's reply subject. */
export const REPLY_TO_HEADER = "Reply-To";
const MSG_ID_HEADER = "Nats-Msg-Id";

/** A message as the consumer delivered it, reduced to what handling it needs. */
export interface IncomingMessage {
  subject: string;
  data: Uint8Array;
  header(name: string): string | undefined;
  /** The stream sequence: the message's identity when it names none. */
  streamSequence: number;
  deliveryCount: number;
}

export interface IncomingContext {
  db: PrismaClient;
  engine: ExecutionEngine;
  subjectPrefix: string;
  stream: string;
  /** When the stream was created: with the sequence it makes an id that a recreated stream never repeats. */
  streamCreated: string;
  workerId: string;
}

/** How the consumer settles the message, and what it answers on `Reply-To` (if the message named one). */
export type Settlement = { settle: "ack" | "term"; reply: unknown } | { settle: "nak"; delayMs: number };

/** Unknown errors (neither a refusal nor a lost database) are tried this many times in all. */
export const MAX_UNKNOWN_ATTEMPTS = 5;
const MAX_RETRY_DELAY_MS = 60_000;

/** The bridge acts as a service inside the organization, with what an OPERATOR key could do on /api/triggers/event. */
const BRIDGE_ACTOR = { type: "apiKey", id: "nats-bridge", label: "NATS bridge", role: "OPERATOR" } as const;

const errorBody = (code: string, message: string, details?: unknown) => ({ error: { code, message, details: details ?? null } });

/**
 * One incoming message, exactly as a `POST /api/triggers/event` of its organization: the same
 * `emitEvent`, idempotent on the message's id (the body's `id`, else `Nats-Msg-Id`, else its stream
 * sequence). Never throws: every outcome is a settlement, and refusals are recorded as runtime events.
 */
export async function handleIncomingMessage(context: IncomingContext, message: IncomingMessage): Promise<Settlement> {
  const record = (reasonCode: ReasonCode, organizationId: string | null, metadata: Record<string, unknown>, operation: "RECEIVE" | "RETRY" = "RECEIVE") =>
    recordRuntimeEvent(context.db, {
      layer: "nats_bridge",
      operation,
      reasonCode,
      entityId: `${context.stream}:${message.streamSequence}`,
      organizationId,
      workerId: context.workerId,
      metadata: { subject: message.subject, deliveryCount: message.deliveryCount, ...metadata },
    });

  const target = parseEventSubject(message.subject, context.subjectPrefix);
  const fallbackId = `nats:${context.stream}:${context.streamCreated}:${message.streamSequence}`;
  const parsed = target ? parseBody(message, target.eventName, fallbackId) : { error: errorBody("bad_request", `Not an event subject: ${message.subject}`) };
  if ("error" in parsed) {
    record(REASON_CODES.BRIDGE_BAD_MESSAGE, null, { error: parsed.error.error });
    return { settle: "term", reply: parsed.error };
  }
  const { orgSlug } = target!;

  let organizationId: string | null = null;
  try {
    const organization = await context.db.organization.findUnique({ where: { slug: orgSlug }, select: { id: true, natsBridgeEnabled: true } });
    // Both answer alike: a publisher learns nothing about which organizations exist.
    if (!organization?.natsBridgeEnabled) {
      record(organization ? REASON_CODES.BRIDGE_DISABLED : REASON_CODES.BRIDGE_UNKNOWN_ORG, organization?.id ?? null, {
        orgSlug,
        eventName: parsed.body.eventName,
      });
      return { settle: "ack", reply: errorBody("not_found", `No organization is served on ${message.subject}`) };
    }
    organizationId = organization.id;
    const ctx: OrgContext = { db: scopedClient(context.db, organization.id), organizationId, actor: BRIDGE_ACTOR };
    const result = await emitEvent(ctx, context.engine, parsed.body, parsed.idempotencyKey);
    return { settle: "ack", reply: result };
  } catch (error) {
    if (error instanceof AppError) {
      record(REASON_CODES.BRIDGE_REJECTED, organizationId, { error: { code: error.code, message: error.message } });
      return { settle: "term", reply: errorBody(error.code, error.message, error.details) };
    }
    if (error instanceof z.ZodError) {
      record(REASON_CODES.BRIDGE_BAD_MESSAGE, organizationId, { error: describe(error) });
      return { settle: "term", reply: errorBody("validation_failed", "Invalid event", issuesOf(error)) };
    }
    const transient = isTransientError(error);
    if (!transient && message.deliveryCount >= MAX_UNKNOWN_ATTEMPTS) {
      record(REASON_CODES.BRIDGE_GAVE_UP, organizationId, { error: describe(error) });
      return { settle: "term", reply: errorBody("internal", "The event could not be processed") };
    }
    const delayMs = Math.min(MAX_RETRY_DELAY_MS, 1000 * 2 ** Math.max(0, message.deliveryCount - 1));
    record(REASON_CODES.BRIDGE_RETRY, organizationId, { error: describe(error), transient, delayMs }, "RETRY");
    return { settle: "nak", delayMs };
  }
}

type ParsedBody = { body: EmitEventBody; idempotencyKey: string } | { error: ReturnType<typeof errorBody> };

function parseBody(message: IncomingMessage, eventName: string, fallbackId: string): ParsedBody {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(message.data));
  } catch (error) {
    return { error: errorBody("invalid_json", `The message is not JSON: ${(error as Error).message}`) };
  }
  const body = BridgeMessageBody.safeParse(json);
  if (!body.success) return { error: errorBody("validation_failed", "Expected { id?, payload }", issuesOf(body.error)) };
  const event = EmitEventBody.safeParse({ eventName, payload: body.data.payload });
  if (!event.success) return { error: errorBody("validation_failed", "Invalid event", issuesOf(event.error)) };
  const msgId = message.header(MSG_ID_HEADER)?.trim();
  if (!body.data.id && msgId && msgId.length > 200) return { error: errorBody("validation_failed", `${MSG_ID_HEADER} is longer than 200 characters`) };
  const idempotencyKey = body.data.id ?? (msgId || fallbackId);
  return { body: event.data, idempotencyKey };
}

function issuesOf(error: z.ZodError) {
  return error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message }));
}

function describe(error: unknown): string {
  return error instanceof Error ? (error.message.split("\n").filter(Boolean).at(-1) ?? error.name) : String(error);
}

const TRANSIENT_CODES = new Set([
  // Prisma: database unreachable, timed out, connection closed, pool exhausted, write conflict or deadlock, transaction closed.
  "P1001",
  "P1002",
  "P1008",
  "P1017",
  "P2024",
  "P2028",
  "P2034",
  // Node sockets.
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
  "EAI_AGAIN",
  // PostgreSQL: shutting down, too many connections, serialization failure, deadlock.
  "57P01",
  "57P02",
  "57P03",
  "53300",
  "40001",
  "40P01",
]);
const TRANSIENT_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections", "TransactionWriteConflict"]);

/** Whether an error says the database (or the way to it) is away for now, so trying the message later may well succeed. */
export function isTransientError(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 6; depth++) {
    const fields = current as { name?: string; code?: unknown; kind?: unknown; cause?: unknown; originalCode?: unknown };
    if (fields.name === "PrismaClientInitializationError") return true;
    for (const code of [fields.code, fields.originalCode]) {
      if (typeof code === "string" && (TRANSIENT_CODES.has(code) || /^08/.test(code))) return true;
    }
    if (typeof fields.kind === "string" && TRANSIENT_KINDS.has(fields.kind)) return true;
    current = fields.cause;
  }
  return false;
}
