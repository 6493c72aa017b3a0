import { seededRandom } from "../agents/simulated-model.ts";

export interface RouterMember {
  agentId: string;
  slug: string;
  name: string;
  role: string | null;
  description: string | null;
  position: number;
}

/** What the router decided before a step: call a member (stored on the NetworkRunStep) or finish the run. */
export type RoutingDecision =
  | { action: "call"; agentId: string; agentSlug: string; reason: string; matchedTerms: string[] }
  | { action: "finish"; goalMet: boolean; reason: string };

export interface RouteInput {
  networkId: string;
  goal: string | null;
  input: unknown;
  members: RouterMember[];
  /** Members already called, in step order. */
  calledAgentIds: string[];
  maxSteps: number;
}

const STOPWORDS = new Set(["the", "and", "for", "with", "that", "this", "from", "into", "about", "what", "when", "then", "your", "their", "have", "will"]);

/**
 * The simulated router: the members whose role, name or description share terms with the goal and
 * input are the ones the goal needs, called once each in member order (a network lists its members
 * in working order). When none matches, one member is chosen by a seeded draw, so the same network
 * and input always route the same way.
 */
export function routeNextStep(route: RouteInput): RoutingDecision {
  const request = `${route.goal ?? ""} ${textOf(route.input)}`;
  const scored = route.members
    .map((member) => ({ member, matched: sharedTerms(request, `${member.role ?? ""} ${member.name} ${member.slug} ${member.description ?? ""}`) }))
    .filter((entry) => entry.matched.length > 0)
    .sort((a, b) => a.member.position - b.member.position || b.matched.length - a.matched.length || a.member.slug.localeCompare(b.member.slug));

  const needed =
    scored.length > 0
      ? scored
      : [{ member: route.members[Math.floor(seededRandom(`${route.networkId}\u0000${textOf(route.input)}`)() * route.members.length)], matched: [] }];
  const called = new Set(route.calledAgentIds);
  const next = needed.find((entry) => !called.has(entry.member.agentId));

  if (!next) {
    return { action: "finish", goalMet: true, reason: `Goal met: ${needed.map((entry) => entry.member.slug).join(", ")} contributed` };
  }
  if (route.calledAgentIds.length >= route.maxSteps) {
    return { action: "finish", goalMet: false, reason: `Reached maxSteps (${route.maxSteps}) before ${next.member.slug} could contribute` };
  }
  const reason =
    next.matched.length > 0
      ? `${next.member.slug}${next.member.role ? ` (${next.member.role})` : ""} matches ${next.matched.map((term) => `"${term}"`).join(", ")} in the request`
      : `No member matches the request; seeded choice of ${next.member.slug} among ${route.members.length} members`;
  return { action: "call", agentId: next.member.agentId, agentSlug: next.member.slug, reason, matchedTerms: next.matched };
}

/** A network's input as text: its prompt or message, else its JSON. */
export function textOf(input: unknown): string {
  if (typeof input === "string") return input;
  if (input && typeof input === "object") {
    const { prompt, message } = input as { prompt?: unknown; message?: unknown };
    if (typeof prompt === "string") return prompt;
    if (typeof message === "string") return message;
  }
  return input === undefined || input === null ? "" : JSON.stringify(input);
}

function termsOf(text: string): string[] {
  const words = text
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word.length >= 4 && !STOPWORDS.has(word));
  return [...new Set(words)];
}

/**
 * Terms of `request` that share a stem with a term of `candidate` ("researching" and "researcher",
 * "reviews" and "reviewer"): the simulated relevance of an agent to a piece of work.
 */
export function sharedTerms(request: string, candidate: string): string[] {
  const candidateTerms = termsOf(candidate);
  return termsOf(request).filter((term) => candidateTerms.some((other) => isSameStem(term, other)));
}

/** A crude stemmer: a common prefix of at least 4 letters that leaves at most 3 letters of suffix. */
function isSameStem(a: string, b: string): boolean {
  let common = 0;
  while (common < a.length && common < b.length && a[common] === b[common]) common++;
  return common >= Math.max(4, Math.min(a.length, b.length) - 3);
}
