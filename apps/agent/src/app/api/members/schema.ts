import { z } from "zod";

export const MemberParams = z.object({ id: z.string().min(1).max(100) });
