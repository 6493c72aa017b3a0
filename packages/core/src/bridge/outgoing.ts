import type { PrismaClient } from "@switchyard/database";
import type { RunKind } from "../runs/run-values.ts";
import { recordRuntimeEvent } from "../telemetry/events.ts";
import { REASON_CODES } from "../telemetry/reason-codes.ts";
import type { OutgoingEvent, RunEventPublisher } from "./publisher.ts";

/** The part of a NATS connection the publisher needs: fire-and-forget publish with headers. */
export interface OutgoingTransport {
  publish(subject: string, data: string, msgId: string): void;
}

export interface OutgoingPublisherOptions {
  db: PrismaClient;
  transport: OutgoingTransport;
  subjectPrefix: string;
  workerId: string;
  /** Events waiting to go out; past this, new ones are dropped (and counted) rather than held. */
  bufferSize?: number;
}

export interface OutgoingPublisher extends RunEventPublisher {
  /** Resolves when every event accepted so far has been handed to the transport (tests, shutdown). */
  flush(): Promise<void>;
  close(): void;
}

const ORG_TTL_MS = 5_000;
const ENTITY_TTL_MS = 60_000;
const CACHE_LIMIT = 5_000;
const FAILURE_EVENT_EVERY_MS = 60_000;

/** A message as it goes out: its subject, its JSON body and the id a downstream stream deduplicates on. */
export interface OutgoingMessage {
  subject: string;
  body: Record<string, unknown>;
  msgId: string;
}

/**
 * Publishes run and approval events best-effort: `publish` only queues (a bounded buffer), one loop
 * resolves the organization's slug and whether it enabled the bridge, and the entity's slug (both
 * cached briefly), then hands the message to the transport. Failures and drops are recorded as one
 * runtime event a minute at most, and never reach the run that caused them.
 */
export function createOutgoingPublisher(options: OutgoingPublisherOptions): OutgoingPublisher {
  const bufferSize = options.bufferSize ?? 1000;
  const queue: OutgoingEvent[] = [];
  const organizations = new Map<string, { slug: string; enabled: boolean; until: number }>();
  const entities = new Map<string, { slug: string | null; until: number }>();
  let draining: Promise<void> | null = null;
  let closed = false;
  let failures = 0;
  let lastFailureEventAt = 0;
  let lastError = "";

  function noteFailure(error: string) {
    failures += 1;
    lastError = error;
    const now = Date.now();
    if (now - lastFailureEventAt < FAILURE_EVENT_EVERY_MS) return;
    lastFailureEventAt = now;
    recordRuntimeEvent(options.db, {
      layer: "nats_bridge",
      operation: "PUBLISH",
      reasonCode: REASON_CODES.BRIDGE_PUBLISH_FAILED,
      entityId: "outgoing",
      workerId: options.workerId,
      metadata: { error: lastError, failures },
    });
    failures = 0;
  }

  async function organizationOf(organizationId: string) {
    const cached = organizations.get(organizationId);
    if (cached && cached.until > Date.now()) return cached;
    const row = await options.db.organization.findUnique({ where: { id: organizationId }, select: { slug: true, natsBridgeEnabled: true } });
    const entry = { slug: row?.slug ?? "", enabled: Boolean(row?.natsBridgeEnabled), until: Date.now() + ORG_TTL_MS };
    if (organizations.size >= CACHE_LIMIT) organizations.clear();
    organizations.set(organizationId, entry);
    return entry;
  }

  async function entitySlugOf(kind: RunKind, entityId: string | null): Promise<string | null> {
    if (!entityId) return null;
    const key = `${kind}:${entityId}`;
    const cached = entities.get(key);
    if (cached && cached.until > Date.now()) return cached.slug;
    const slug = await loadEntitySlug(options.db, kind, entityId);
    if (entities.size >= CACHE_LIMIT) entities.clear();
    entities.set(key, { slug, until: Date.now() + ENTITY_TTL_MS });
    return slug;
  }

  async function send(event: OutgoingEvent) {
    const organization = await organizationOf(event.organizationId);
    if (!organization.enabled) return;
    const entitySlug = event.type === "run" ? await entitySlugOf(event.kind, event.entityId) : null;
    const message = toOutgoingMessage(options.subjectPrefix, organization.slug, event, entitySlug);
    options.transport.publish(message.subject, JSON.stringify(message.body), message.msgId);
  }

  async function drain() {
    while (queue.length > 0) {
      const event = queue.shift()!;
      try {
        await send(event);
      } catch (error) {
        noteFailure((error as Error).message);
      }
    }
  }

  return {
    publish(event) {
      if (closed) return;
      if (queue.length >= bufferSize) {
        noteFailure(`outgoing buffer full (${bufferSize} events): event dropped`);
        return;
      }
      queue.push(event);
      draining ??= drain().finally(() => {
        draining = null;
      });
    },
    async flush() {
      while (draining !== null) await draining;
    },
    close() {
      closed = true;
    },
  };
}

async function loadEntitySlug(db: PrismaClient, kind: RunKind, id: string): Promise<string | null> {
  const select = { slug: true } as const;
  const row =
    kind === "agent"
      ? await db.agent.findUnique({ where: { id }, select })
      : kind === "workflow"
        ? await db.workflow.findUnique({ where: { id }, select })
        : kind === "network"
          ? await db.network.findUnique({ where: { id }, select })
          : kind === "campaign"
            ? await db.campaignTemplate.findUnique({ where: { id }, select })
            : await db.pulse.findUnique({ where: { id }, select });
  return row?.slug ?? null;
}

/** The subject and body of one outgoing event (README "NATS" documents these shapes). */
export function toOutgoingMessage(prefix: string, orgSlug: string, event: OutgoingEvent, entitySlug: string | null): OutgoingMessage {
  const root = `${prefix}.${orgSlug}`;
  if (event.type === "run") {
    return {
      subject: `${root}.runs.${event.kind}.${event.status}`,
      msgId: `${event.runId}:${event.status}`,
      body: {
        runId: event.runId,
        kind: event.kind,
        status: event.status,
        entity: event.entityId ? { id: event.entityId, slug: entitySlug } : null,
        costUsd: event.costUsd,
        durationMs: event.durationMs,
        startedAt: event.startedAt?.toISOString() ?? null,
        completedAt: event.completedAt?.toISOString() ?? null,
        ...(event.error ? { error: event.error } : {}),
      },
    };
  }
  return {
    subject: `${root}.approvals.${event.phase}`,
    msgId: `${event.approvalId}:${event.phase}`,
    body: {
      approvalId: event.approvalId,
      sourceType: event.sourceType,
      status: event.status,
      title: event.title,
      workflowRunId: event.workflowRunId,
      campaignId: event.campaignId,
      missionId: event.missionId,
      agentRunId: event.agentRunId,
      requestedAt: event.requestedAt.toISOString(),
      decidedAt: event.decidedAt?.toISOString() ?? null,
      decidedBy: event.decidedBy,
      notes: event.notes,
    },
  };
}
