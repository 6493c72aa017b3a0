import { assignableRoles, listMembers } from "@switchyard/core/tenancy/members";
import { route } from "@/lib/api";

export const GET = route({ role: "ADMIN" }, async ({ ctx }) => ({ members: await listMembers(ctx), assignableRoles: assignableRoles(ctx.actor) }));
