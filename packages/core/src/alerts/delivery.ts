import type { AlertChannel, Prisma, PrismaClient } from "@switchyard/database";
import { fetch, type Response } from "undici";
import { deliverMail } from "../mail.ts";
import { decryptSecret } from "../secrets.ts";
import { SIGNATURE_HEADER, signWebhook } from "../triggers/signature.ts";
import { createOutboundAgent, findRefusal, outboundPolicyFromEnv, type OutboundPolicy } from "../workflows/outbound-policy.ts";
import type { AlertChannelKind } from "./kinds.ts";

/** Every delivery attempt gives up after this long (connecting, sending and the answer). */
export const DELIVERY_TIMEOUT_MS = 10_000;
export const MAX_DELIVERY_ATTEMPTS = 6;
/** The wait after the n-th failed attempt (the last one repeats), each with ±20 % jitter. */
export const RETRY_DELAYS_MS = [30_000, 120_000, 600_000, 3_600_000] as const;
/** How many due deliveries one sweep attempts, and how many at once. */
const SWEEP_BATCH = 50;
const SWEEP_CONCURRENCY = 4;
const ERROR_SNIPPET_CHARS = 200;

export const DELIVERY_EVENT_HEADER = "x-switchyard-event";
export const DELIVERY_ID_HEADER = "x-switchyard-delivery";

/** The wait before the attempt after `attempt` (1-based) failed: 30 s, 2 min, 10 min, then 1 h, jittered so receivers that came back are not hit all at once. */
export function retryDelayMs(attempt: number, random: () => number = Math.random): number {
  const base = RETRY_DELAYS_MS[Math.min(Math.max(attempt, 1), RETRY_DELAYS_MS.length) - 1];
  return Math.round(base * (0.8 + 0.4 * random()));
}

/** What every channel is sent: the webhook body, and what the Slack text and the email are made of. */
export interface AlertMessage {
  event: "alert.incident" | "alert.test";
  incident: {
    id: string;
    key: string;
    status: string;
    title: string;
    context: unknown;
    openedAt: string;
    resolvedAt: string | null;
    /** Where to look in Switchyard, when BETTER_AUTH_URL says where it is. */
    url: string | null;
  };
  rule: { id: string; name: string; kind: string } | null;
  organization: { id: string; slug: string; name: string };
}

export interface SendResult {
  ok: boolean;
  statusCode: number | null;
  error: string | null;
  latencyMs: number;
}

export interface SendOptions {
  /** Which hosts webhooks may reach; SWITCHYARD_HTTP_ALLOW_PRIVATE / SWITCHYARD_HTTP_ALLOWED_HOSTS by default. */
  policy?: OutboundPolicy;
  timeoutMs?: number;
  /** SMTP_URL by default. */
  smtpUrl?: string;
  deliveryId?: string;
}

type ChannelSecrets = Pick<AlertChannel, "kind" | "encryptedTarget" | "encryptedSecret">;

/** Sends one message to one channel. Never throws: the result says what happened, without the target or the secret. */
export async function sendToChannel(channel: ChannelSecrets, message: AlertMessage, options: SendOptions = {}): Promise<SendResult> {
  const started = performance.now();
  const finish = (result: Omit<SendResult, "latencyMs">): SendResult => ({ ...result, latencyMs: Math.round(performance.now() - started) });
  const timeoutMs = options.timeoutMs ?? DELIVERY_TIMEOUT_MS;
  try {
    const target = decryptSecret(channel.encryptedTarget);
    switch (channel.kind as AlertChannelKind) {
      case "webhook": {
        const body = JSON.stringify(message);
        const headers: Record<string, string> = { [DELIVERY_EVENT_HEADER]: message.event };
        if (options.deliveryId) headers[DELIVERY_ID_HEADER] = options.deliveryId;
        if (channel.encryptedSecret) headers[SIGNATURE_HEADER] = signWebhook(decryptSecret(channel.encryptedSecret), body, Math.floor(Date.now() / 1000));
        return finish(await postJson(target, body, headers, options.policy ?? outboundPolicyFromEnv(process.env), timeoutMs));
      }
      case "slack":
        return finish(
          await postJson(target, JSON.stringify({ text: slackText(message) }), {}, options.policy ?? outboundPolicyFromEnv(process.env), timeoutMs),
        );
      case "email": {
        const smtpUrl = options.smtpUrl ?? process.env.SMTP_URL;
        if (!smtpUrl) return finish({ ok: false, statusCode: null, error: "SMTP_URL not configured" });
        await withTimeout(
          deliverMail({ to: target, subject: `[Switchyard] ${message.incident.title}`, text: emailText(message) }, smtpUrl, { timeoutMs }),
          timeoutMs,
        );
        return finish({ ok: true, statusCode: null, error: null });
      }
      default:
        return finish({ ok: false, statusCode: null, error: `Unknown channel kind "${channel.kind}"` });
    }
  } catch (error) {
    return finish({ ok: false, statusCode: null, error: clip((error as Error).message) });
  }
}

async function postJson(
  url: string,
  body: string,
  headers: Record<string, string>,
  policy: OutboundPolicy,
  timeoutMs: number,
): Promise<Omit<SendResult, "latencyMs">> {
  // One dispatcher per send: every connection it opens is checked against the policy at connect time.
  const dispatcher = createOutboundAgent(policy);
  try {
    let response: Response;
    try {
      response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", "user-agent": "Switchyard-Alerts/1", ...headers },
        body,
        // A redirect would re-send the signed body somewhere the channel does not name.
        redirect: "manual",
        signal: AbortSignal.timeout(timeoutMs),
        dispatcher,
      });
    } catch (error) {
      const name = (error as Error).name;
      if (name === "TimeoutError" || name === "AbortError") return { ok: false, statusCode: null, error: `Timed out after ${timeoutMs} ms` };
      const refused = findRefusal(error);
      if (refused) return { ok: false, statusCode: null, error: `Refused: ${refused.message}` };
      const cause = (error as Error).cause;
      return { ok: false, statusCode: null, error: clip(`Request failed${cause instanceof Error ? `: ${cause.message}` : ""}`) };
    }
    const snippet = await readSnippet(response);
    if (response.status >= 200 && response.status < 300) return { ok: true, statusCode: response.status, error: null };
    if (response.status >= 300 && response.status < 400) {
      return { ok: false, statusCode: response.status, error: `Answered ${response.status}: alert deliveries do not follow redirects` };
    }
    return { ok: false, statusCode: response.status, error: clip(`Answered ${response.status}${snippet ? `: ${snippet}` : ""}`) };
  } finally {
    void dispatcher.destroy();
  }
}

/** The start of a response body (an error page can be large); the rest is discarded. */
async function readSnippet(response: Response): Promise<string> {
  if (!response.body) return "";
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < 1024) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } catch {
    // The answer's status is what counts; a body cut short says nothing more.
  } finally {
    void reader.cancel().catch(() => {});
  }
  return Buffer.concat(chunks).toString("utf8").replace(/\s+/g, " ").trim().slice(0, ERROR_SNIPPET_CHARS);
}

function withTimeout<T>(promise: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Timed out after ${timeoutMs} ms`)), timeoutMs);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function clip(text: string): string {
  return text.length > 500 ? `${text.slice(0, 497)}...` : text;
}

function slackText(message: AlertMessage): string {
  const { incident, rule, organization } = message;
  const lines = [
    `*${incident.status === "resolved" ? "Resolved" : "Alert"}: ${incident.title}*`,
    `${rule ? `Rule "${rule.name}"` : "Test"} · ${organization.name}`,
  ];
  if (incident.url) lines.push(`<${incident.url}|Open in Switchyard>`);
  return lines.join("\n");
}

function emailText(message: AlertMessage): string {
  const { incident, rule, organization } = message;
  return [
    incident.title,
    "",
    `Organization: ${organization.name}`,
    `Rule: ${rule ? `${rule.name} (${rule.kind})` : "test message"}`,
    `Opened: ${incident.openedAt}`,
    incident.url ? `Open in Switchyard: ${incident.url}` : null,
    "",
    JSON.stringify(incident.context ?? {}, null, 2),
  ]
    .filter((line) => line !== null)
    .join("\n");
}

/** Where a person looks at an incident: its run when it is about one, else the alerts page. */
function incidentUrl(context: unknown): string | null {
  const base = process.env.BETTER_AUTH_URL?.replace(/\/$/, "");
  if (!base) return null;
  const path = (context as { path?: unknown } | null)?.path;
  return `${base}${typeof path === "string" && path.startsWith("/") ? path : "/settings/alerts"}`;
}

type IncidentForMessage = Prisma.AlertIncidentGetPayload<{ include: { rule: true } }>;

export function buildAlertMessage(incident: IncidentForMessage, organization: AlertMessage["organization"]): AlertMessage {
  return {
    event: "alert.incident",
    incident: {
      id: incident.id,
      key: incident.key,
      status: incident.status,
      title: incident.title,
      context: incident.context,
      openedAt: incident.openedAt.toISOString(),
      resolvedAt: incident.resolvedAt?.toISOString() ?? null,
      url: incidentUrl(incident.context),
    },
    rule: { id: incident.rule.id, name: incident.rule.name, kind: incident.rule.kind },
    organization,
  };
}

/** What a channel's test button sends: the shape of a real incident, marked as a test. */
export function buildTestMessage(organization: AlertMessage["organization"], now: Date): AlertMessage {
  return {
    event: "alert.test",
    incident: {
      id: "test",
      key: "test",
      status: "open",
      title: "Test alert from Switchyard",
      context: { test: true },
      openedAt: now.toISOString(),
      resolvedAt: null,
      url: incidentUrl(null),
    },
    rule: null,
    organization,
  };
}

export interface DeliveryOptions extends SendOptions {
  random?: () => number;
}

export type AttemptOutcome = "delivered" | "retrying" | "failed" | "skipped";

/**
 * One attempt of one pending, due delivery. The attempt is claimed first by a compare-and-set on
 * `attempts` that also moves `nextAttemptAt` to the retry time, so two sweeps (or a sweep and the
 * immediate attempt) never send it twice, and a process that dies mid-send leaves it to be retried.
 */
export async function attemptDelivery(db: PrismaClient, deliveryId: string, now: Date = new Date(), options: DeliveryOptions = {}): Promise<AttemptOutcome> {
  const delivery = await db.alertDelivery.findUnique({ where: { id: deliveryId }, include: { channel: true, incident: { include: { rule: true } } } });
  if (delivery?.status !== "pending" || delivery.nextAttemptAt > now) return "skipped";
  const attempt = delivery.attempts + 1;
  const isLast = attempt >= MAX_DELIVERY_ATTEMPTS;
  const { count } = await db.alertDelivery.updateMany({
    where: { id: delivery.id, status: "pending", attempts: delivery.attempts },
    data: { attempts: attempt, nextAttemptAt: new Date(now.getTime() + retryDelayMs(attempt, options.random)) },
  });
  if (count !== 1) return "skipped";

  if (!delivery.channel.isActive) {
    await db.alertDelivery.updateMany({ where: { id: delivery.id }, data: { status: "failed", lastError: "Channel is disabled" } });
    return "failed";
  }
  const organization = await db.organization.findUniqueOrThrow({ where: { id: delivery.organizationId }, select: { id: true, slug: true, name: true } });
  const result = await sendToChannel(delivery.channel, buildAlertMessage(delivery.incident, organization), { ...options, deliveryId: delivery.id });
  if (result.ok) {
    await db.alertDelivery.updateMany({
      where: { id: delivery.id },
      data: { status: "delivered", deliveredAt: now, lastStatusCode: result.statusCode, lastError: null },
    });
    return "delivered";
  }
  await db.alertDelivery.updateMany({
    where: { id: delivery.id },
    data: { status: isLast ? "failed" : "pending", lastStatusCode: result.statusCode, lastError: result.error },
  });
  console.warn(`[alerts] delivery ${delivery.id} (${delivery.channel.kind} channel ${delivery.channelId}) attempt ${attempt} failed: ${result.error}`);
  return isLast ? "failed" : "retrying";
}

/** One delivery per active channel of the rule, created once (the pair is unique); returns the pending ones. */
export async function createDeliveries(
  db: PrismaClient,
  incident: { id: string; organizationId: string },
  channelIds: readonly string[],
  now: Date,
): Promise<string[]> {
  if (channelIds.length === 0) return [];
  const channels = await db.alertChannel.findMany({
    where: { organizationId: incident.organizationId, id: { in: [...channelIds] }, isActive: true },
    select: { id: true },
  });
  await db.alertDelivery.createMany({
    data: channels.map((channel) => ({ organizationId: incident.organizationId, incidentId: incident.id, channelId: channel.id, nextAttemptAt: now })),
    skipDuplicates: true,
  });
  const pending = await db.alertDelivery.findMany({ where: { incidentId: incident.id, status: "pending", attempts: 0 }, select: { id: true } });
  return pending.map((delivery) => delivery.id);
}

const inFlight = new Set<Promise<unknown>>();

/**
 * Attempts new deliveries at once without holding up the caller (a run's finish): what does not get
 * through is left pending for the sweep to retry.
 */
export function deliverSoon(db: PrismaClient, deliveryIds: readonly string[], now: Date, options: DeliveryOptions = {}): void {
  for (const id of deliveryIds) {
    const attempt: Promise<unknown> = attemptDelivery(db, id, now, options)
      .catch((error) => console.warn(`[alerts] delivery ${id} not attempted: ${(error as Error).message}`))
      .finally(() => inFlight.delete(attempt));
    inFlight.add(attempt);
  }
}

/** Waits for the immediate attempts under way (tests, and a process about to stop). */
export async function settleAlertDeliveries(): Promise<void> {
  while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
}

/** Attempts the pending deliveries that are due, oldest first, a few at a time. */
export async function sweepAlertDeliveries(db: PrismaClient, now: Date = new Date(), options: DeliveryOptions = {}): Promise<Record<AttemptOutcome, number>> {
  const due = await db.alertDelivery.findMany({
    where: { status: "pending", nextAttemptAt: { lte: now } },
    orderBy: { nextAttemptAt: "asc" },
    take: SWEEP_BATCH,
    select: { id: true },
  });
  const outcomes: Record<AttemptOutcome, number> = { delivered: 0, retrying: 0, failed: 0, skipped: 0 };
  for (let start = 0; start < due.length; start += SWEEP_CONCURRENCY) {
    const batch = due.slice(start, start + SWEEP_CONCURRENCY);
    const results = await Promise.allSettled(batch.map((delivery) => attemptDelivery(db, delivery.id, now, options)));
    for (const result of results) {
      if (result.status === "fulfilled") outcomes[result.value] += 1;
      else console.warn(`[alerts] delivery not attempted: ${(result.reason as Error).message}`);
    }
  }
  return outcomes;
}
