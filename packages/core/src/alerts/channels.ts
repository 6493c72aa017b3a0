import type { AlertChannel } from "@switchyard/database";
import { z } from "zod";
import { requireRole, type OrgContext } from "../context.ts";
import { AppError, notFound } from "../errors.ts";
import { decryptSecret, encryptSecret, generateWebhookSecret } from "../secrets.ts";
import { recordAudit } from "../tenancy/audit.ts";
import { isUniqueViolation } from "../unique.ts";
import { outboundPolicyFromEnv, refuseAddressLiteral } from "../workflows/outbound-policy.ts";
import { buildTestMessage, sendToChannel } from "./delivery.ts";
import { ALERT_CHANNEL_KINDS, type AlertChannelKind } from "./kinds.ts";

const ChannelName = z.string().trim().min(1, "Enter a name").max(80);
const HttpTarget = z
  .string()
  .trim()
  .max(2000)
  .pipe(z.url({ protocol: /^https?$/, message: "Enter an http(s) URL" }));
const EmailTarget = z
  .string()
  .trim()
  .max(320)
  .pipe(z.email({ message: "Enter an email address" }));
const TARGETS: Record<AlertChannelKind, z.ZodType<string>> = { webhook: HttpTarget, slack: HttpTarget, email: EmailTarget };

export const CreateAlertChannelBody = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("webhook"), name: ChannelName, target: HttpTarget, isActive: z.boolean().default(true) }),
  z.strictObject({ kind: z.literal("slack"), name: ChannelName, target: HttpTarget, isActive: z.boolean().default(true) }),
  z.strictObject({ kind: z.literal("email"), name: ChannelName, target: EmailTarget, isActive: z.boolean().default(true) }),
]);
export type CreateAlertChannelBody = z.infer<typeof CreateAlertChannelBody>;

export const UpdateAlertChannelBody = z
  .strictObject({
    name: ChannelName.optional(),
    /** Checked against the channel's kind: a URL for webhook and slack, an address for email. */
    target: z.string().trim().min(1).max(2000).optional(),
    isActive: z.boolean().optional(),
    /** A webhook channel gets a new signing secret, shown in this answer only. */
    rotateSecret: z.boolean().optional(),
  })
  .refine((body) => Object.values(body).some((value) => value !== undefined), "Change at least one field");
export type UpdateAlertChannelBody = z.infer<typeof UpdateAlertChannelBody>;

/** A channel as the API shows it: the target masked (host only, or the email's domain), never the secret. */
export const AlertChannelView = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(ALERT_CHANNEL_KINDS),
  target: z.string(),
  hasSecret: z.boolean(),
  isActive: z.boolean(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type AlertChannelView = z.infer<typeof AlertChannelView>;

/** What creating (or rotating) a webhook channel answers: its signing secret, this once. */
export const AlertChannelWithSecret = z.object({ channel: AlertChannelView, secret: z.string().nullable() });

export const ChannelTestResult = z.object({
  ok: z.boolean(),
  statusCode: z.number().int().nullable(),
  latencyMs: z.number().int(),
  error: z.string().nullable(),
});

/** Shows where a channel goes without what makes it usable: URLs often carry their token in the path. */
export function maskTarget(kind: string, target: string): string {
  if (kind === "email") {
    const at = target.lastIndexOf("@");
    return at > 0 ? `…${target.slice(at)}` : "…";
  }
  try {
    const url = new URL(target);
    return `${url.protocol}//${url.host}/…`;
  } catch {
    return "…";
  }
}

function toView(channel: AlertChannel): AlertChannelView {
  let target = "…";
  try {
    target = maskTarget(channel.kind, decryptSecret(channel.encryptedTarget));
  } catch {
    // A target encrypted under another key stays masked entirely.
  }
  return {
    id: channel.id,
    name: channel.name,
    kind: channel.kind as AlertChannelKind,
    target,
    hasSecret: channel.encryptedSecret !== null,
    isActive: channel.isActive,
    createdAt: channel.createdAt,
    updatedAt: channel.updatedAt,
  };
}

function invalidTarget(message: string): AppError {
  return new AppError("validation_failed", "Invalid request", [{ path: "target", message }]);
}

/** Validates a target for its kind, and refuses a non-public IP address up front (host names are checked when connecting). */
function checkTarget(kind: AlertChannelKind, target: string): string {
  const parsed = TARGETS[kind].safeParse(target);
  if (!parsed.success) throw invalidTarget(parsed.error.issues[0]?.message ?? "Invalid target");
  if (kind !== "email") {
    const refused = refuseAddressLiteral(outboundPolicyFromEnv(process.env), new URL(parsed.data).hostname);
    if (refused) throw invalidTarget(refused.message);
  }
  return parsed.data;
}

async function findChannel(ctx: OrgContext, id: string): Promise<AlertChannel> {
  const channel = await ctx.db.alertChannel.findFirst({ where: { id, organizationId: ctx.organizationId } });
  if (!channel) throw notFound("Alert channel");
  return channel;
}

function nameTaken(name: string): AppError {
  return new AppError("conflict", `An alert channel named "${name}" already exists`, { field: "name" });
}

export async function listAlertChannels(ctx: OrgContext): Promise<AlertChannelView[]> {
  requireRole(ctx, "OPERATOR");
  const channels = await ctx.db.alertChannel.findMany({ where: { organizationId: ctx.organizationId }, orderBy: { createdAt: "asc" } });
  return channels.map(toView);
}

/** Creates a channel; a webhook channel's signing secret is in this answer only (its ciphertext is stored). */
export async function createAlertChannel(ctx: OrgContext, body: CreateAlertChannelBody): Promise<z.infer<typeof AlertChannelWithSecret>> {
  requireRole(ctx, "ADMIN");
  const target = checkTarget(body.kind, body.target);
  const secret = body.kind === "webhook" ? generateWebhookSecret() : null;
  try {
    return await ctx.db.$transaction(async (tx) => {
      const channel = await tx.alertChannel.create({
        data: {
          organizationId: ctx.organizationId,
          name: body.name,
          kind: body.kind,
          encryptedTarget: encryptSecret(target),
          encryptedSecret: secret ? encryptSecret(secret) : null,
          isActive: body.isActive,
        },
      });
      const view = toView(channel);
      await recordAudit(tx, ctx.organizationId, ctx.actor, {
        action: "alert_channel.created",
        target: { type: "alert_channel", id: channel.id, label: channel.name },
        after: { kind: view.kind, target: view.target, isActive: view.isActive },
      });
      return { channel: view, secret };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken(body.name);
    throw error;
  }
}

export async function updateAlertChannel(ctx: OrgContext, id: string, body: UpdateAlertChannelBody): Promise<z.infer<typeof AlertChannelWithSecret>> {
  requireRole(ctx, "ADMIN");
  const channel = await findChannel(ctx, id);
  const kind = channel.kind as AlertChannelKind;
  if (body.rotateSecret && kind !== "webhook")
    throw new AppError("validation_failed", "Invalid request", [{ path: "rotateSecret", message: "Only webhook channels have a signing secret" }]);
  const target = body.target === undefined ? undefined : checkTarget(kind, body.target);
  const secret = body.rotateSecret ? generateWebhookSecret() : null;
  try {
    return await ctx.db.$transaction(async (tx) => {
      const updated = await tx.alertChannel.update({
        where: { id: channel.id },
        data: {
          ...(body.name !== undefined ? { name: body.name } : {}),
          ...(body.isActive !== undefined ? { isActive: body.isActive } : {}),
          ...(target !== undefined ? { encryptedTarget: encryptSecret(target) } : {}),
          ...(secret ? { encryptedSecret: encryptSecret(secret) } : {}),
        },
      });
      const before = toView(channel);
      const after = toView(updated);
      await recordAudit(tx, ctx.organizationId, ctx.actor, {
        action: "alert_channel.updated",
        target: { type: "alert_channel", id: channel.id, label: updated.name },
        before: { name: before.name, target: before.target, isActive: before.isActive },
        after: {
          name: after.name,
          target: after.target,
          isActive: after.isActive,
          ...(target !== undefined ? { targetChanged: true } : {}),
          ...(secret ? { secretRotated: true } : {}),
        },
      });
      return { channel: after, secret };
    });
  } catch (error) {
    if (isUniqueViolation(error) && body.name) throw nameTaken(body.name);
    throw error;
  }
}

/** Deletes a channel with its deliveries, and takes it off every rule that named it. */
export async function deleteAlertChannel(ctx: OrgContext, id: string): Promise<{ id: string; removedFromRules: number }> {
  requireRole(ctx, "ADMIN");
  const channel = await findChannel(ctx, id);
  return ctx.db.$transaction(async (tx) => {
    const rules = await tx.alertRule.findMany({
      where: { organizationId: ctx.organizationId, channelIds: { has: channel.id } },
      select: { id: true, channelIds: true },
    });
    for (const rule of rules) {
      await tx.alertRule.update({ where: { id: rule.id }, data: { channelIds: rule.channelIds.filter((channelId) => channelId !== channel.id) } });
    }
    await tx.alertChannel.delete({ where: { id: channel.id } });
    const view = toView(channel);
    await recordAudit(tx, ctx.organizationId, ctx.actor, {
      action: "alert_channel.deleted",
      target: { type: "alert_channel", id: channel.id, label: channel.name },
      before: { kind: view.kind, target: view.target, isActive: view.isActive, rules: rules.map((rule) => rule.id) },
    });
    return { id: channel.id, removedFromRules: rules.length };
  });
}

/** Sends a test message through the channel now (not stored as a delivery) and says how it went. */
export async function testAlertChannel(ctx: OrgContext, id: string): Promise<z.infer<typeof ChannelTestResult>> {
  requireRole(ctx, "ADMIN");
  const channel = await findChannel(ctx, id);
  const organization = await ctx.db.organization.findUniqueOrThrow({ where: { id: ctx.organizationId }, select: { id: true, slug: true, name: true } });
  const { ok, statusCode, latencyMs, error } = await sendToChannel(channel, buildTestMessage(organization, new Date()));
  return { ok, statusCode, latencyMs, error };
}
