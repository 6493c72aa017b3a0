import { z } from "zod";

export const InviteParams = z.object({ token: z.string().min(20).max(200) });
