import { z } from "zod";

export const InvitationParams = z.object({ id: z.string().min(1).max(100) });
