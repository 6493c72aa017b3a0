import { hostname } from "node:os";
import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager, JetStreamApiError, RetentionPolicy, StorageType, type JsMsg } from "@nats-io/jetstream";
import { connect, headers as natsHeaders, type NatsConnection } from "@nats-io/transport-node";
import type { PrismaClient } from "@switchyard/database";
import type { ExecutionEngine } from "../execution/events.ts";
import { createLocalEngine } from "../execution/local-engine.ts";
import { recordRuntimeEvent } from "../telemetry/events.ts";
import { REASON_CODES } from "../telemetry/reason-codes.ts";
import { DEFAULT_DURABLE, DEFAULT_STREAM, DEFAULT_SUBJECT_PREFIX, eventsWildcard } from "./config.ts";
import { handleIncomingMessage, REPLY_TO_HEADER, type IncomingContext, type Settlement } from "./incoming.ts";
import { createOutgoingPublisher, type OutgoingPublisher } from "./outgoing.ts";
import { setRunEventPublisher } from "./publisher.ts";

export interface NatsBridgeOptions {
  db: PrismaClient;
  natsUrl: string;
  /** Where incoming events fire; the local job table unless the process runs another engine (Inngest). */
  engine?: ExecutionEngine;
  stream?: string;
  durable?: string;
  subjectPrefix?: string;
  workerId?: string;
  /** Outgoing events held while NATS is slow; more are dropped. */
  outgoingBufferSize?: number;
}

export interface NatsBridge {
  readonly stream: string;
  readonly durable: string;
  readonly subjectPrefix: string;
  /** Waits until every outgoing event accepted so far is on its way to the server (for tests and shutdown). */
  flushOutgoing(): Promise<void>;
  /** Stops consuming (the message in hand is settled first), stops publishing and closes the connection. */
  stop(): Promise<void>;
}

/** Keep messages a week: a Switchyard that is down longer than that has bigger problems than its backlog. */
const STREAM_MAX_AGE_NS = 7 * 24 * 3600 * 1e9;
/** JetStream drops a second publish with the same Nats-Msg-Id within this window, before it is even stored. */
const DUPLICATE_WINDOW_NS = 10 * 60 * 1e9;
/** Unsettled this long, a message goes to another process; handling one takes milliseconds. */
const ACK_WAIT_NS = 60 * 1e9;
const JS_STREAM_NOT_FOUND = 10059;
const JS_CONSUMER_NOT_FOUND = 10014;

let active: Promise<NatsBridge> | null = null;

/**
 * Connects to NATS and runs both directions: consumes `<prefix>.*.events.>` from a JetStream stream
 * through one durable pull consumer shared by every Switchyard process (each message is processed by
 * one of them, and messages published while none runs wait in the stream), and publishes run and
 * approval events of the organizations that enabled the bridge. One bridge per process: a second call
 * while one runs returns it.
 */
export function startNatsBridge(options: NatsBridgeOptions): Promise<NatsBridge> {
  if (active) return active;
  const forget = () => {
    if (active === starting) active = null;
  };
  const starting: Promise<NatsBridge> = openNatsBridge(options, forget).catch((error: unknown) => {
    forget();
    throw error;
  });
  active = starting;
  return starting;
}

async function openNatsBridge(options: NatsBridgeOptions, onStopped: () => void): Promise<NatsBridge> {
  const stream = options.stream ?? DEFAULT_STREAM;
  const durable = options.durable ?? DEFAULT_DURABLE;
  const subjectPrefix = options.subjectPrefix ?? DEFAULT_SUBJECT_PREFIX;
  const workerId = options.workerId ?? `nats:${hostname()}:${process.pid}`;
  const engine = options.engine ?? createLocalEngine(options.db);

  const nc = await connect({ servers: options.natsUrl, name: `switchyard ${workerId}`, maxReconnectAttempts: -1 });
  try {
    const streamCreated = await ensureStream(nc, stream, eventsWildcard(subjectPrefix));
    await ensureConsumer(nc, stream, durable);
    const consumer = await jetstream(nc).consumers.get(stream, durable);
    const messages = await consumer.consume({ max_messages: 16 });
    const context: IncomingContext = { db: options.db, engine, subjectPrefix, stream, streamCreated, workerId };

    let stopRequested = false;
    const consuming = (async () => {
      for await (const message of messages) {
        // Pulled but not yet handled when stop was asked: back to the stream at once, for another process.
        if (stopRequested) {
          message.nak();
          continue;
        }
        try {
          await settle(nc, message, await handleIncomingMessage(context, toIncoming(message)));
        } catch (error) {
          console.error(`[nats] message ${message.seq} not settled (it is redelivered): ${(error as Error).message}`);
        }
      }
    })().catch((error: Error) => console.error(`[nats] the consumer stopped: ${error.message}`));

    const outgoing: OutgoingPublisher = createOutgoingPublisher({
      db: options.db,
      subjectPrefix,
      workerId,
      bufferSize: options.outgoingBufferSize,
      transport: {
        publish(subject, data, msgId) {
          const headers = natsHeaders();
          headers.set("Nats-Msg-Id", msgId);
          nc.publish(subject, data, { headers });
        },
      },
    });
    const unsetPublisher = setRunEventPublisher(outgoing);
    recordRuntimeEvent(options.db, {
      layer: "nats_bridge",
      operation: "RECEIVE",
      reasonCode: REASON_CODES.BRIDGE_STARTED,
      entityId: stream,
      workerId,
      metadata: { stream, consumer: durable, subjects: eventsWildcard(subjectPrefix) },
    });

    let stopping: Promise<void> | null = null;
    const bridge: NatsBridge = {
      stream,
      durable,
      subjectPrefix,
      async flushOutgoing() {
        await outgoing.flush();
        await nc.flush();
      },
      stop() {
        stopping ??= (async () => {
          unsetPublisher();
          stopRequested = true;
          await messages.close();
          await consuming;
          await outgoing.flush();
          outgoing.close();
          await nc.drain().catch(() => nc.close());
          onStopped();
        })();
        return stopping;
      },
    };
    return bridge;
  } catch (error) {
    await nc.close();
    throw error;
  }
}

/** Creates the stream, or brings an existing one to the subjects this bridge consumes; returns its creation time. */
async function ensureStream(nc: NatsConnection, name: string, subject: string): Promise<string> {
  const jsm = await jetstreamManager(nc);
  try {
    const info = await jsm.streams.info(name);
    if (info.config.subjects?.includes(subject)) return info.created;
    const updated = await jsm.streams.update(name, { subjects: [...new Set([...(info.config.subjects ?? []), subject])] });
    return updated.created;
  } catch (error) {
    if (!(error instanceof JetStreamApiError && error.code === JS_STREAM_NOT_FOUND)) throw error;
  }
  const created = await jsm.streams.add({
    name,
    subjects: [subject],
    retention: RetentionPolicy.Limits,
    storage: StorageType.File,
    max_age: STREAM_MAX_AGE_NS,
    duplicate_window: DUPLICATE_WINDOW_NS,
  });
  return created.created;
}

/** The durable pull consumer, created once; an existing one is left as it is (another process may be on it). */
async function ensureConsumer(nc: NatsConnection, stream: string, durable: string): Promise<void> {
  const jsm = await jetstreamManager(nc);
  try {
    await jsm.consumers.info(stream, durable);
    return;
  } catch (error) {
    if (!(error instanceof JetStreamApiError && error.code === JS_CONSUMER_NOT_FOUND)) throw error;
  }
  await jsm.consumers.add(stream, {
    durable_name: durable,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    ack_wait: ACK_WAIT_NS,
    // Redelivery is the bridge's decision (nak with a delay, or term), so the server never gives up on its own.
    max_deliver: -1,
  });
}

function toIncoming(message: JsMsg) {
  return {
    subject: message.subject,
    data: message.data,
    header: (name: string) => headerOf(message, name),
    streamSequence: message.seq,
    deliveryCount: message.info.deliveryCount,
  };
}

async function settle(nc: NatsConnection, message: JsMsg, settlement: Settlement): Promise<void> {
  if (settlement.settle === "nak") return message.nak(settlement.delayMs);
  const replyTo = headerOf(message, REPLY_TO_HEADER)?.trim();
  if (replyTo) {
    try {
      nc.publish(replyTo, JSON.stringify(settlement.reply));
    } catch (error) {
      console.warn(`[nats] no answer sent to ${replyTo}: ${(error as Error).message}`);
    }
  }
  if (settlement.settle === "ack") message.ack();
  else message.term();
}

/** A header by name, whatever its case (a hand-typed `reply-to` counts too). */
function headerOf(message: JsMsg, name: string): string | undefined {
  const wanted = name.toLowerCase();
  const key = message.headers?.keys().find((candidate) => candidate.toLowerCase() === wanted);
  return key === undefined ? undefined : message.headers?.get(key);
}
