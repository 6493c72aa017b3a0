import { hasRole, type OrgContext } from "@switchyard/core";
import { listModelProviders } from "@switchyard/core/models/providers";
import type { ProviderChoice } from "./agent-form";
import type { AgentDefinition } from "./agent-api";

/**
 * The providers the agent form offers: the organization's (operators and up may list them), and the
 * agent's own provider in any case, so a viewer's read-only form still names it.
 */
export async function loadProviderChoices(ctx: OrgContext, agent?: Pick<AgentDefinition, "provider">): Promise<ProviderChoice[]> {
  const listed = hasRole(ctx.actor, "OPERATOR") ? await listModelProviders(ctx) : [];
  const choices: ProviderChoice[] = listed.map(({ id, name, kind, models }) => ({ id, name, kind, models }));
  const own = agent?.provider;
  if (own && !choices.some((choice) => choice.id === own.id)) choices.push({ ...own, models: [] });
  return choices;
}
