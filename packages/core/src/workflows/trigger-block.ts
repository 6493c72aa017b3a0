import { z } from "zod";
import { parseCron } from "../cron.ts";
import { TimeZone } from "../definitions/common.ts";
import type { Problem } from "./problem.ts";

const JsonObject = z.record(z.string(), z.unknown());

/** An event name as event triggers take it (the same characters the execution-triggers API accepts). */
const EventName = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .regex(/^[\w.:/-]+$/, "letters, digits and . _ : / - only");

/** `trigger: { event, filters }` (seed 003 §5.1): runs the workflow when the event arrives and every filter matches. */
const EventTriggerBlock = z.strictObject({
  event: EventName,
  /** Payload path → expected value (an array means any of them), as event trigger filters read them. */
  filters: JsonObject.optional(),
});

/** `trigger: { schedule, timezone }` (seed 003 §5.2): runs the workflow on a cron, with `input` as the run's input. */
const ScheduleTriggerBlock = z.strictObject({
  schedule: z.string().trim().min(1).max(200),
  timezone: TimeZone.optional(),
  input: JsonObject.optional(),
});

export type EventTriggerBlock = z.infer<typeof EventTriggerBlock>;
export type ScheduleTriggerBlock = z.infer<typeof ScheduleTriggerBlock>;
/** A definition's `trigger:` block: saving the workflow makes the matching event trigger or schedule. */
export type TriggerBlock = EventTriggerBlock | ScheduleTriggerBlock;

export function isScheduleBlock(block: TriggerBlock): block is ScheduleTriggerBlock {
  return "schedule" in block;
}

/** Checks a `trigger:` block: exactly one of `event` and `schedule`, a cron that parses in its time zone. */
export function parseTriggerBlock(raw: unknown): { block: TriggerBlock | null; problems: Problem[] } {
  if (!JsonObject.safeParse(raw).success) return { block: null, problems: [{ path: "trigger", message: "expected a mapping with event or schedule" }] };
  const { event, schedule } = raw as Record<string, unknown>;
  const hasEvent = event !== undefined;
  const hasSchedule = schedule !== undefined;
  if (hasEvent === hasSchedule) {
    const message = hasEvent
      ? "a trigger has event or schedule, not both"
      : "a trigger needs event (with optional filters) or schedule (with optional timezone)";
    return { block: null, problems: [{ path: "trigger", message }] };
  }
  const parsed = (hasEvent ? EventTriggerBlock : ScheduleTriggerBlock).safeParse(raw);
  if (!parsed.success) {
    return { block: null, problems: parsed.error.issues.map((issue) => ({ path: ["trigger", ...issue.path.map(String)].join("."), message: issue.message })) };
  }
  const block = parsed.data;
  if (isScheduleBlock(block)) {
    try {
      parseCron(block.schedule, block.timezone ?? "UTC");
    } catch (error) {
      return { block: null, problems: [{ path: "trigger.schedule", message: (error as Error).message }] };
    }
  }
  return { block, problems: [] };
}
