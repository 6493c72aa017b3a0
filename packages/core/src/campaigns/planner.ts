import type { Prisma } from "@switchyard/database";
import { costForTokens } from "../agents/pricing.ts";
import { seededRandom, type SimulationProfile } from "../agents/simulated-model.ts";
import { sharedTerms } from "../networks/router.ts";
import { replacePlaceholders } from "./placeholders.ts";

/** An agent the planner can assign work to. */
export interface PlanningAgent {
  id: string;
  slug: string;
  name: string;
  description: string | null;
  instructions: string;
  modelName: string;
  simulation: Prisma.JsonValue | null;
}

export interface PlannedTask {
  name: string;
  instructions: string;
  agentId: string;
  agentSlug: string;
  assignmentReason: string;
  estimatedCostUsd: number;
}

export interface PlannedMission {
  sequence: number;
  name: string;
  objective: string;
  requiresApproval: boolean;
  tasks: PlannedTask[];
}

export interface CampaignPlan {
  summary: string;
  missions: PlannedMission[];
  estimatedCostUsd: number;
}

/** Work that leaves the organization: the missions before it need a human's sign-off. */
const EXTERNAL_ACTION = /\b(publish|send|deploy|post|email|announce|release|launch)/i;

/**
 * A template's `parameters` declares its parameters: name → default value, or name → a definition
 * object with an optional `default`. The campaign's own values win over the defaults.
 */
export function resolveParameters(declared: Prisma.JsonValue, given: Record<string, unknown>): Record<string, unknown> {
  const defaults: Record<string, unknown> = {};
  if (declared && typeof declared === "object" && !Array.isArray(declared)) {
    for (const [name, value] of Object.entries(declared)) {
      const isDefinition = value !== null && typeof value === "object" && !Array.isArray(value);
      const fallback = isDefinition ? (value as { default?: unknown }).default : value;
      if (fallback !== undefined && fallback !== null) defaults[name] = fallback;
    }
  }
  const provided = Object.fromEntries(Object.entries(given).filter(([, value]) => value !== undefined && value !== null));
  return { ...defaults, ...provided };
}

/** Fills `{{ param }}` placeholders; the names without a value are returned, not guessed. */
export function resolveIntent(intent: string, parameters: Record<string, unknown>): { intent: string; missing: string[] } {
  const missing = new Set<string>();
  const resolved = replacePlaceholders(intent, (name, placeholder) => {
    const value = parameters[name];
    if (value === undefined || value === null || value === "") {
      missing.add(name);
      return placeholder;
    }
    return typeof value === "string" ? value : JSON.stringify(value);
  });
  return { intent: resolved, missing: [...missing] };
}

/**
 * The simulated planner: the intent's clauses become missions. `;`, new lines and "then" start the
 * next sequence; within a clause, ", " and " and " separate missions that run in parallel (when every
 * part is at least two words). Each mission gets one task, assigned to the agent whose description
 * shares the most terms with it, or by a seeded draw. Same template and parameters, same plan.
 */
export function deriveCampaignPlan(input: { seed: string; intent: string; agents: PlanningAgent[] }): CampaignPlan {
  if (input.agents.length === 0) throw new Error("The organization has no active agents to assign tasks to");
  const colon = input.intent.search(/:\s/);
  const body = colon >= 0 ? input.intent.slice(colon + 1) : input.intent;
  const clauses = body
    .split(/;|\n|\bthen\b/i)
    .map((clause) => tidy(clause))
    .filter((clause) => clause.length > 0);
  const sequences = (clauses.length > 0 ? clauses : [tidy(input.intent)]).map(splitParallel);

  const missions = sequences.flatMap((objectives, index) => {
    const requiresApproval = (sequences[index + 1] ?? []).some((objective) => EXTERNAL_ACTION.test(objective));
    return objectives.map((objective): PlannedMission => {
      const name = capitalize(objective.length > 60 ? `${objective.slice(0, 57)}...` : objective);
      const instructions = `${capitalize(objective)}. This is part of the campaign: ${input.intent}`;
      const { agent, reason } = assignAgent(input.seed, objective, input.agents);
      return {
        sequence: index + 1,
        name,
        objective: capitalize(objective),
        requiresApproval,
        tasks: [
          {
            name,
            instructions,
            agentId: agent.id,
            agentSlug: agent.slug,
            assignmentReason: reason,
            estimatedCostUsd: estimateTaskCostUsd(agent, instructions),
          },
        ],
      };
    });
  });
  const estimatedCostUsd = roundUsd(missions.flatMap((mission) => mission.tasks).reduce((sum, task) => sum + task.estimatedCostUsd, 0));
  const summary = `${missions.length} mission(s) in ${sequences.length} sequence(s), ${missions.length} task(s), estimated $${estimatedCostUsd.toFixed(4)}`;
  return { summary, missions, estimatedCostUsd };
}

/** The expected cost of one task: the simulated model's mean token counts at the agent's model price. */
export function estimateTaskCostUsd(agent: Pick<PlanningAgent, "instructions" | "modelName" | "simulation">, instructions: string): number {
  const profile = (agent.simulation ?? {}) as SimulationProfile;
  const promptTokens = Math.ceil((agent.instructions.length + instructions.length) / 4) + 70;
  return costForTokens(agent.modelName, promptTokens, profile.outputTokens ?? 350);
}

function assignAgent(seed: string, objective: string, agents: PlanningAgent[]): { agent: PlanningAgent; reason: string } {
  const ranked = agents
    .map((agent) => ({ agent, matched: sharedTerms(objective, `${agent.slug} ${agent.name} ${agent.description ?? ""}`) }))
    .filter((entry) => entry.matched.length > 0)
    .sort((a, b) => b.matched.length - a.matched.length || a.agent.slug.localeCompare(b.agent.slug));
  if (ranked.length > 0) return { agent: ranked[0].agent, reason: `matches ${ranked[0].matched.map((term) => `"${term}"`).join(", ")}` };
  const agent = agents[Math.floor(seededRandom(`${seed}\u0000${objective}`)() * agents.length)];
  return { agent, reason: `no agent matches; seeded choice among ${agents.length}` };
}

function splitParallel(clause: string): string[] {
  const parts = clause
    .split(/,\s*|\s+and\s+/i)
    .map(tidy)
    .filter(Boolean);
  return parts.length > 1 && parts.every((part) => part.split(/\s+/).length >= 2) ? parts : [clause];
}

function tidy(text: string): string {
  return text
    .trim()
    .replace(/^(?:and\b|finally\b|,)\s*/i, "")
    .replace(/[\s.,]+$/, "")
    .trim();
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function roundUsd(usd: number): number {
  return Math.round(usd * 1e6) / 1e6;
}
