/**
 * The NATS bridge's settings and subject names, free of the NATS client so that pages can show them.
 * Subjects: `<prefix>.<orgSlug>.events.<eventName>` in, `<prefix>.<orgSlug>.runs.<kind>.<status>` and
 * `<prefix>.<orgSlug>.approvals.<requested|decided>` out (an expired request is decided, with status
 * "expired": every request ends on `decided` exactly once); the prefix is `switchyard` unless set.
 */

export const DEFAULT_SUBJECT_PREFIX = "switchyard";
export const DEFAULT_STREAM = "SWITCHYARD_EVENTS";
export const DEFAULT_DURABLE = "switchyard-bridge";

export interface NatsBridgeConfig {
  natsUrl: string;
  /** The JetStream stream that keeps incoming events while no bridge is running. */
  stream: string;
  /** The durable pull consumer every Switchyard process shares, so each message is processed once. */
  durable: string;
  subjectPrefix: string;
}

/** From `NATS_URL` (and the optional `NATS_STREAM`, `NATS_DURABLE`, `NATS_SUBJECT_PREFIX`); null when NATS_URL is unset. */
export function natsBridgeConfigFromEnv(env: Record<string, string | undefined> = process.env): NatsBridgeConfig | null {
  const natsUrl = env.NATS_URL?.trim();
  if (!natsUrl) return null;
  return {
    natsUrl,
    stream: env.NATS_STREAM?.trim() || DEFAULT_STREAM,
    durable: env.NATS_DURABLE?.trim() || DEFAULT_DURABLE,
    subjectPrefix: env.NATS_SUBJECT_PREFIX?.trim() || DEFAULT_SUBJECT_PREFIX,
  };
}

export function isNatsConfigured(env: Record<string, string | undefined> = process.env): boolean {
  return natsBridgeConfigFromEnv(env) !== null;
}

/** The subjects an organization is served on and announced under, as the settings page lists them. */
export function bridgeSubjects(orgSlug: string, prefix = DEFAULT_SUBJECT_PREFIX) {
  const root = `${prefix}.${orgSlug}`;
  return {
    events: `${root}.events.<eventName>`,
    runs: `${root}.runs.<kind>.<status>`,
    approvals: `${root}.approvals.<requested|decided>`,
  };
}

/** What every stream subject the bridge consumes looks like. */
export const eventsWildcard = (prefix: string) => `${prefix}.*.events.>`;

/** `<prefix>.<orgSlug>.events.<eventName>` → its parts, or null for any other subject. */
export function parseEventSubject(subject: string, prefix: string): { orgSlug: string; eventName: string } | null {
  if (!subject.startsWith(`${prefix}.`)) return null;
  const [orgSlug, kind, ...rest] = subject.slice(prefix.length + 1).split(".");
  if (!orgSlug || kind !== "events" || rest.length === 0) return null;
  return { orgSlug, eventName: rest.join(".") };
}
