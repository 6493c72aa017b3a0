import { z } from "zod";

export const ModelProviderParams = z.object({ id: z.string().min(1).max(100) });
