// What networks and pulses share about their member lists: each member names an agent by slug, once.
import { z } from "zod";
import type { OrgContext } from "../context.ts";
import { AppError } from "../errors.ts";

/** A member's role in the collective ("research", "quality"); blank is none. */
export const MemberRole = z
  .string()
  .trim()
  .max(80)
  .nullish()
  .transform((role) => role || null);

/** A zod refinement of a member list: an agent listed twice is a problem at `<index>.agent`. */
export function refineDistinctAgents(members: { agent: string }[], ctx: z.RefinementCtx): void {
  const seen = new Set<string>();
  members.forEach((member, index) => {
    if (seen.has(member.agent)) ctx.addIssue({ code: "custom", path: [index, "agent"], message: `Agent "${member.agent}" is listed twice` });
    seen.add(member.agent);
  });
}

/**
 * The agent ids of `members`, in order. Each must name a live agent of the caller's organization (an
 * agent of another organization is simply not found), else a 400 naming `members.<index>.agent`.
 */
export async function resolveMemberAgents(ctx: OrgContext, members: { agent: string }[]): Promise<string[]> {
  const agents = await ctx.db.agent.findMany({
    where: { organizationId: ctx.organizationId, slug: { in: members.map((member) => member.agent) } },
    select: { id: true, slug: true, isActive: true, archivedAt: true },
  });
  const problems: { path: string; message: string }[] = [];
  const ids = members.map((member, index) => {
    const agent = agents.find((candidate) => candidate.slug === member.agent);
    const path = `members.${index}.agent`;
    if (!agent) problems.push({ path, message: `No agent "${member.agent}" in this organization` });
    else if (agent.archivedAt || !agent.isActive) problems.push({ path, message: `Agent "${member.agent}" is archived` });
    return agent?.id ?? "";
  });
  if (problems.length > 0) throw new AppError("validation_failed", problems.map((problem) => problem.message).join("; "), problems);
  return ids;
}
