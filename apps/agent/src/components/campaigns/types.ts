import type { TemplateTriggerView } from "@switchyard/core/campaigns/template-triggers";
import type { TemplateView } from "@switchyard/core/campaigns/templates";
import type { Serialized } from "@/components/schedule/automation-view";

/** A campaign template as the API sends it (dates as ISO strings). */
export type TemplateRow = Serialized<TemplateView>;
export type TemplateTriggerRow = Serialized<TemplateTriggerView>;
export type MissionPlanValue = NonNullable<TemplateRow["missionPlan"]>;

/** An agent a mission plan task or the planner can name. */
export interface AgentChoice {
  slug: string;
  name: string;
}

export const templatePath = (slug: string) => `/campaigns/${encodeURIComponent(slug)}`;
export const templateApiPath = (slug: string) => `/api/campaign-templates/${encodeURIComponent(slug)}`;
