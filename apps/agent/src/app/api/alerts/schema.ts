import { z } from "zod";

/** The `[id]` of every /api/alerts/…/[id] route. */
export const AlertParams = z.object({ id: z.string().min(1).max(64) });
