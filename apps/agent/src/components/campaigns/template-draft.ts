// The template form's editable state and its translation to and from the API's body. Pure, so the
// round trip is tested without a browser.
import { placeholdersIn } from "@switchyard/core/campaigns/placeholders";
import type { AgentChoice, MissionPlanValue, TemplateRow } from "./types";

type ParameterType = "string" | "number" | "integer" | "boolean";

export interface ParameterDraft {
  /** React's key: rows are renamed while edited. */
  key: string;
  name: string;
  description: string;
  /** The default as typed; empty means the parameter must be given. */
  defaultValue: string;
  type: ParameterType | null;
  /** The stored default was a list or object: the text is JSON. */
  isJsonDefault: boolean;
}

export interface TaskDraft {
  key: string;
  title: string;
  agent: string;
  instructions: string;
}

export interface MissionDraft {
  key: string;
  name: string;
  requiresApproval: boolean;
  tasks: TaskDraft[];
}

export interface TemplateDraft {
  name: string;
  slug: string;
  description: string;
  intent: string;
  parameters: ParameterDraft[];
  usesMissionPlan: boolean;
  missions: MissionDraft[];
  requireApproval: boolean;
  maxCostUsd: string;
  plannerAgent: string;
}

let lastKey = 0;
const nextKey = () => `row-${++lastKey}`;

export function newParameter(name = ""): ParameterDraft {
  return { key: nextKey(), name, description: "", defaultValue: "", type: null, isJsonDefault: false };
}

export function newTask(agents: AgentChoice[]): TaskDraft {
  return { key: nextKey(), title: "", agent: agents[0]?.slug ?? "", instructions: "" };
}

export function newMission(agents: AgentChoice[]): MissionDraft {
  return { key: nextKey(), name: "", requiresApproval: false, tasks: [newTask(agents)] };
}

const PARAMETER_TYPES = new Set<string>(["string", "number", "integer", "boolean"]);

function toParameterDraft(name: string, declared: unknown): ParameterDraft {
  const isDefinition = declared !== null && typeof declared === "object" && !Array.isArray(declared);
  const definition = (isDefinition ? declared : { default: declared }) as { type?: unknown; description?: unknown; default?: unknown };
  const fallback = definition.default;
  const isJsonDefault = fallback !== null && typeof fallback === "object";
  const inferred = typeof fallback === "number" ? "number" : typeof fallback === "boolean" ? "boolean" : null;
  return {
    key: nextKey(),
    name,
    description: typeof definition.description === "string" ? definition.description : "",
    defaultValue: fallback === undefined || fallback === null ? "" : isJsonDefault ? JSON.stringify(fallback) : String(fallback),
    type: typeof definition.type === "string" && PARAMETER_TYPES.has(definition.type) ? (definition.type as ParameterType) : inferred,
    isJsonDefault,
  };
}

export function toDraft(template: TemplateRow | null): TemplateDraft {
  if (!template) {
    return {
      name: "",
      slug: "",
      description: "",
      intent: "",
      parameters: [],
      usesMissionPlan: false,
      missions: [],
      requireApproval: false,
      maxCostUsd: "",
      plannerAgent: "",
    };
  }
  const declared = template.parameters !== null && typeof template.parameters === "object" ? (template.parameters as Record<string, unknown>) : {};
  return {
    name: template.name,
    slug: template.slug,
    description: template.description ?? "",
    intent: template.intent,
    parameters: Object.entries(declared).map(([name, value]) => toParameterDraft(name, value)),
    usesMissionPlan: template.missionPlan !== null,
    missions: (template.missionPlan?.missions ?? []).map((mission) => ({
      key: nextKey(),
      name: mission.name,
      requiresApproval: mission.requiresApproval ?? false,
      tasks: mission.tasks.map((task) => ({ key: nextKey(), title: task.title, agent: task.agent, instructions: task.instructions ?? "" })),
    })),
    requireApproval: template.requireApproval,
    maxCostUsd: template.maxCostUsd === null ? "" : String(template.maxCostUsd),
    plannerAgent: template.plannerAgent?.slug ?? "",
  };
}

function parseDefault(parameter: ParameterDraft): unknown {
  const text = parameter.defaultValue;
  if (parameter.type === "number" || parameter.type === "integer") return Number(text);
  if (parameter.type === "boolean") return text === "true";
  if (parameter.isJsonDefault) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}

/** Every parameter as a definition object, so a description and a default can sit side by side. */
function toParameters(parameters: ParameterDraft[]): Record<string, unknown> {
  return Object.fromEntries(
    parameters
      .filter((parameter) => parameter.name.trim() !== "")
      .map((parameter) => [
        parameter.name.trim(),
        {
          ...(parameter.type && { type: parameter.type }),
          ...(parameter.description.trim() && { description: parameter.description.trim() }),
          ...(parameter.defaultValue !== "" && { default: parseDefault(parameter) }),
        },
      ]),
  );
}

function toMissionPlan(draft: TemplateDraft): MissionPlanValue | null {
  if (!draft.usesMissionPlan) return null;
  return {
    missions: draft.missions.map((mission) => ({
      name: mission.name,
      ...(mission.requiresApproval && { requiresApproval: true }),
      tasks: mission.tasks.map((task) => ({ title: task.title, agent: task.agent, ...(task.instructions.trim() && { instructions: task.instructions }) })),
    })),
  };
}

/** The full body: POST takes it as it is. */
export function toBody(draft: TemplateDraft) {
  return {
    name: draft.name,
    slug: draft.slug,
    description: draft.description.trim() === "" ? null : draft.description,
    intent: draft.intent,
    parameters: toParameters(draft.parameters),
    missionPlan: toMissionPlan(draft),
    requireApproval: draft.requireApproval,
    maxCostUsd: draft.maxCostUsd.trim() === "" ? null : Number(draft.maxCostUsd),
    plannerAgent: draft.plannerAgent === "" ? null : draft.plannerAgent,
  };
}

/**
 * What PATCH sends: the fields that differ from the saved template, so an edit of the budget is
 * audited as that alone. The slug is the template's address and is not edited.
 */
export function toChanges(saved: TemplateDraft, draft: TemplateDraft): Partial<ReturnType<typeof toBody>> {
  const before = toBody(saved);
  const after = toBody(draft);
  const { slug: _slug, ...fields } = after;
  return Object.fromEntries(Object.entries(fields).filter(([key, value]) => JSON.stringify(before[key as keyof typeof before]) !== JSON.stringify(value)));
}

/** A slug from a name, as the form suggests it until the slug is edited. */
export function slugify(name: string): string {
  return name
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 120);
}

/** `{{ name }}` placeholders of the intent and plan that no parameter row declares yet. */
export function undeclaredPlaceholders(draft: TemplateDraft): string[] {
  const texts = [draft.intent, ...(draft.usesMissionPlan ? draft.missions.flatMap((m) => [m.name, ...m.tasks.flatMap((t) => [t.title, t.instructions])]) : [])];
  const declared = new Set(draft.parameters.map((parameter) => parameter.name.trim()));
  const used = texts.flatMap(placeholdersIn);
  return [...new Set(used)].filter((name) => !declared.has(name));
}
