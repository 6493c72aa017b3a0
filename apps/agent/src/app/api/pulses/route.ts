import { z } from "zod";
import { CreatePulseBody, createPulse, listPulses, PulseDetail, PulseSummary } from "@switchyard/core/pulses/definitions";
import { json, route, routeMethods } from "@/lib/api";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  GET: route({ doc: { summary: "List pulses", tag: "Pulses", response: z.object({ pulses: z.array(PulseSummary) }) } }, async ({ ctx }) => ({
    pulses: await listPulses(ctx),
  })),
  POST: route(
    {
      doc: {
        summary: "Create a pulse with its members, scoring rules and evaluation cron",
        tag: "Pulses",
        status: 201,
        response: z.object({ pulse: PulseDetail }),
      },
      role: "ADMIN",
      body: CreatePulseBody,
    },
    async ({ ctx, body }) => json({ pulse: await createPulse(ctx, body) }, 201),
  ),
});
