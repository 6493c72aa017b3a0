import {
  CreateTriggerBody,
  CreateTriggerResponse,
  FiredTriggerEvent,
  TriggerViewSchema,
  FireTriggerBody,
  UpdateTriggerBody,
  createTrigger,
  deleteTrigger,
  fireTriggerManually,
  getTrigger,
  listTriggers,
  updateTrigger,
} from "@switchyard/core/triggers/service";
import type { EntityType } from "@switchyard/database";
import { z } from "zod";
import { json, route, type RouteDoc } from "./api";
import { getEngine } from "./engine";

const EntityParams = z.object({ slug: z.string().min(1).max(120) });
const TriggerParams = EntityParams.extend({ triggerId: z.string().min(1).max(64) });

/**
 * The execution-triggers API, written once and mounted for agents, workflows and networks:
 * /api/{agents|workflows|networks}/[slug]/execution-triggers[/[triggerId][/test|/execute]].
 */
export function executionTriggerRoutes(entityType: EntityType) {
  const doc = (summary: string, status?: number, response?: z.ZodType): RouteDoc => ({
    summary: `${summary} (${entityType})`,
    tag: "Execution triggers",
    status,
    response,
  });
  const Trigger = z.object({ trigger: TriggerViewSchema });
  return {
    list: route(
      { doc: doc("List triggers", undefined, z.object({ triggers: z.array(TriggerViewSchema) })), params: EntityParams },
      async ({ ctx, params }) => ({
        triggers: await listTriggers(ctx, entityType, params.slug),
      }),
    ),
    create: route({ doc: doc("Create a trigger", 201, CreateTriggerResponse), params: EntityParams, body: CreateTriggerBody }, async ({ ctx, params, body }) =>
      json(await createTrigger(ctx, entityType, params.slug, body), 201),
    ),
    get: route({ doc: doc("Get a trigger", undefined, Trigger), params: TriggerParams }, async ({ ctx, params }) => ({
      trigger: await getTrigger(ctx, entityType, params.slug, params.triggerId),
    })),
    update: route({ doc: doc("Update a trigger", undefined, Trigger), params: TriggerParams, body: UpdateTriggerBody }, async ({ ctx, params, body }) => ({
      trigger: await updateTrigger(ctx, entityType, params.slug, params.triggerId, body),
    })),
    remove: route({ doc: doc("Delete a trigger", 204), params: TriggerParams }, async ({ ctx, params }) => {
      await deleteTrigger(ctx, entityType, params.slug, params.triggerId);
      return new Response(null, { status: 204 });
    }),
    test: fireRoute(entityType, "test", doc("Test-fire a trigger", 202, FiredTriggerEvent)),
    execute: fireRoute(entityType, "manual", doc("Fire a trigger manually", 202, FiredTriggerEvent)),
  };
}

function fireRoute(entityType: EntityType, source: "test" | "manual", doc: RouteDoc) {
  return route({ doc, params: TriggerParams, body: FireTriggerBody }, async ({ ctx, params, body }) => {
    const result = await fireTriggerManually(ctx, await getEngine(), entityType, params.slug, params.triggerId, source, body?.payload);
    return json({ triggerEventId: result.triggerEvent.id, status: result.triggerEvent.status }, 202);
  });
}
