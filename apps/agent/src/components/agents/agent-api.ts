import type { AgentDetail, AgentSummary } from "@switchyard/core/agents/catalog";
import type { AgentVersionView } from "@switchyard/core/agents/definitions";
import type { z } from "zod";

/** Dates as the API sends them. */
type OverTheWire<T> = { [K in keyof T]: T[K] extends Date ? string : T[K] extends Date | null ? string | null : T[K] };

export type AgentListRow = OverTheWire<z.infer<typeof AgentSummary>>;
export type AgentDefinition = OverTheWire<AgentDetail>;
export type AgentVersionRow = OverTheWire<z.infer<typeof AgentVersionView>>;

export const agentPath = (slug: string) => `/agents/${encodeURIComponent(slug)}`;

/** A server value in the shape the API answers with, so server pages hand client components what a fetch would. */
export function overTheWire<T>(value: T): OverTheWire<T> {
  return JSON.parse(JSON.stringify(value));
}
