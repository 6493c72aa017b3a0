/** What an `agent` review holds, read from its context: the trigger that fired the agent and the run's input. Pure. */

export interface HeldRunContext {
  /** One line naming the trigger: "Webhook “Release hook”", "Event release.requested", "Schedule “Nightly” (0 3 * * * UTC)". */
  trigger: string;
  /** The webhook's path, when the trigger is one. */
  path: string | null;
  /** The run a retry repeats. */
  retryOfId: string | null;
  input: unknown;
}

function recordOf(value: unknown): Record<string, unknown> {
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

const text = (value: unknown): string | null => (typeof value === "string" && value ? value : null);

export function heldRunContext(context: unknown): HeldRunContext {
  const ctx = recordOf(context);
  const trigger = recordOf(ctx.trigger);
  const name = text(trigger.name);
  const quoted = name ? ` “${name}”` : "";
  const type = text(trigger.type) ?? text(ctx.source) ?? "unknown";
  const eventName = text(trigger.eventName);
  const cron = text(trigger.cronExpr);
  const labels: Record<string, string> = {
    webhook: `Webhook${quoted}`,
    event: `Event${eventName ? ` ${eventName}` : ""}${name ? ` (trigger “${name}”)` : ""}`,
    manual: `Manual execute of trigger${quoted}`,
    schedule: `Schedule${quoted}${cron ? ` (${cron}${text(trigger.timezone) ? ` ${trigger.timezone}` : ""})` : ""}`,
    start: "Start run",
    api: "Started over the API",
    retry: "Retry",
  };
  const label = ctx.source === "test" ? `Test fire of ${type} trigger${quoted}` : (labels[type] ?? `${type}${quoted}`);
  return { trigger: label, path: text(trigger.path), retryOfId: text(trigger.retryOfId), input: ctx.input ?? null };
}
