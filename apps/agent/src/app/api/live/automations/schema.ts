import { AUTOMATION_SORTS, AUTOMATION_TYPE_FILTERS, MAX_CALENDAR_DAYS, PRIMITIVE_TYPES, startOfDate } from "@switchyard/core/automations/index";
import { HealthPolicyInput } from "@switchyard/core/automations/schedules";
import { z } from "zod";

const PrimitiveType = z.enum(PRIMITIVE_TYPES);
const Severity = z.enum(["healthy", "degrading", "unstable", "failing"]);
const TimeZone = z.string().refine((zone) => {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}, "Unknown time zone");

/** Automation ids carry a colon (`agent-schedule:…`); accept them raw or percent-encoded. */
const AutomationId = z
  .string()
  .min(3)
  .max(200)
  .transform((value, ctx) => {
    try {
      return decodeURIComponent(value);
    } catch {
      ctx.addIssue({ code: "custom", message: "Malformed id" });
      return z.NEVER;
    }
  });

export const ListAutomationsQuery = z.strictObject({
  primitiveType: PrimitiveType.optional(),
  entityId: z.string().min(1).max(100).optional(),
  entitySlug: z.string().min(1).max(100).optional(),
  type: z.enum(AUTOMATION_TYPE_FILTERS).optional(),
  severity: Severity.optional(),
  search: z.string().trim().min(1).max(200).optional(),
  includeArchived: z.stringbool().optional(),
  sort: z.enum(AUTOMATION_SORTS).optional(),
  order: z.enum(["asc", "desc"]).optional(),
});

export const AutomationParams = z.object({ id: AutomationId });

export const UpdateAutomationBody = z
  .strictObject({
    isActive: z.boolean().optional(),
    archived: z.boolean().optional(),
    healthPolicy: HealthPolicyInput.optional(),
  })
  .refine((body) => body.isActive !== undefined || body.archived !== undefined || body.healthPolicy !== undefined, "Nothing to change");

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Expected YYYY-MM-DD");

export const DensityQuery = z.strictObject({
  date: Day.optional(),
  timezone: TimeZone.optional(),
  threshold: z.coerce.number().int().min(1).max(100_000).optional(),
  primitiveType: PrimitiveType.optional(),
});

/** A day (its midnight in the query's zone) or an instant with an offset. */
const DayOrInstant = z.union([Day, z.iso.datetime({ offset: true })]);
const instantOf = (value: string, timezone: string) => (Day.safeParse(value).success ? new Date(startOfDate(value, timezone)) : new Date(value));

export const CalendarQuery = z
  .strictObject({ from: DayOrInstant, to: DayOrInstant, timezone: TimeZone.optional(), primitiveType: PrimitiveType.optional() })
  .transform((q) => ({ ...q, from: instantOf(q.from, q.timezone ?? "UTC"), to: instantOf(q.to, q.timezone ?? "UTC") }))
  .refine((q) => q.to.getTime() > q.from.getTime(), { message: "`to` must be after `from`", path: ["to"] })
  .refine((q) => q.to.getTime() - q.from.getTime() <= MAX_CALENDAR_DAYS * 86_400_000, {
    message: `The range may span at most ${MAX_CALENDAR_DAYS} days`,
    path: ["to"],
  });

export const CreateDependencyBody = z.strictObject({
  automationId: z.string().min(3).max(200),
  dependsOnId: z.string().min(3).max(200),
  note: z.string().max(500).optional(),
});

export const DependencyParams = z.object({ id: z.string().min(1).max(100) });
