import { EmitEventBody, emitEvent, EmitEventResponse } from "@switchyard/core/triggers/events";
import { z } from "zod";
import { json, route, routeMethods } from "@/lib/api";
import { getEngine } from "@/lib/engine";

const IdempotencyKey = z.string().min(1).max(200).nullable();

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  POST: route(
    { doc: { summary: "Emit an internal event to matching triggers", tag: "Machines", status: 202, response: EmitEventResponse }, body: EmitEventBody },
    async ({ ctx, body, request }) => {
      const idempotencyKey = IdempotencyKey.parse(request.headers.get("idempotency-key"));
      return json(await emitEvent(ctx, await getEngine(), body, idempotencyKey), 202);
    },
  ),
});
