import { archivePulse, getPulse, PulseDetail, UpdatePulseBody, updatePulse } from "@switchyard/core/pulses/definitions";
import { z } from "zod";
import { route, routeMethods } from "@/lib/api";

const Params = z.object({ slug: z.string().min(1).max(120) });
const PulseResponse = z.object({ pulse: PulseDetail });

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  GET: route(
    { doc: { summary: "Get a pulse with its members and next evaluations", tag: "Pulses", response: PulseResponse }, params: Params },
    async ({ ctx, params }) => ({
      pulse: await getPulse(ctx, params.slug),
    }),
  ),
  PATCH: route(
    {
      doc: {
        summary: "Edit a pulse (definition fields: admin; pausing or resuming with status alone: operator)",
        tag: "Pulses",
        response: PulseResponse,
      },
      // Core asks for admin as soon as the patch holds more than a status.
      role: "OPERATOR",
      params: Params,
      body: UpdatePulseBody,
    },
    async ({ ctx, params, body }) => ({ pulse: await updatePulse(ctx, params.slug, body) }),
  ),
  DELETE: route(
    { doc: { summary: "Archive a pulse: its evaluations stop", tag: "Pulses", response: PulseResponse }, role: "ADMIN", params: Params },
    async ({ ctx, params }) => ({ pulse: await archivePulse(ctx, params.slug) }),
  ),
});
