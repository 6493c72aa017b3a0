import { z } from "zod";

export const ApiKeyParams = z.object({ id: z.string().min(1).max(100) });
