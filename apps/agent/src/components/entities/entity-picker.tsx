"use client";

import type { RunFiltersResponse } from "@switchyard/core/runs/filters";
import type { StartableKind } from "@switchyard/core/runs/start";
import { useQuery } from "@tanstack/react-query";
import { requestJson, retryUnlessClientError } from "../api-client";
import { SelectField } from "../form";

export const KIND_LABEL: Record<StartableKind, string> = { agent: "Agent", workflow: "Workflow", network: "Network", campaign: "Campaign template" };
const KINDS = Object.keys(KIND_LABEL) as StartableKind[];

/** Kind, then one of the organization's entities of that kind (from /api/live/filters): what Start run and New schedule pick. */
export function EntityPicker({
  kind,
  slug,
  onKind,
  onSlug,
}: {
  kind: StartableKind;
  slug: string;
  onKind: (kind: StartableKind) => void;
  onSlug: (slug: string) => void;
}) {
  const filters = useQuery({
    queryKey: ["run-filters"],
    queryFn: ({ signal }) => requestJson<RunFiltersResponse>("/api/live/filters", { signal }),
    retry: retryUnlessClientError,
  });
  const choices = filters.data
    ? { agent: filters.data.agents, workflow: filters.data.workflows, network: filters.data.networks, campaign: filters.data.campaignTemplates }[kind]
    : [];
  return (
    <div className="grid grid-cols-2 gap-3">
      <SelectField name="start-kind" label="Kind" value={kind} onChange={(event) => onKind(event.target.value as StartableKind)}>
        {KINDS.map((value) => (
          <option key={value} value={value}>
            {KIND_LABEL[value]}
          </option>
        ))}
      </SelectField>
      <SelectField name="start-entity" label={KIND_LABEL[kind]} value={slug} onChange={(event) => onSlug(event.target.value)} disabled={!filters.data}>
        <option value="">{filters.isPending ? "Loading…" : choices.length === 0 ? "None yet" : "Choose…"}</option>
        {choices.map((choice) => (
          <option key={choice.slug} value={choice.slug}>
            {choice.name}
          </option>
        ))}
      </SelectField>
      {filters.isError && <p className="col-span-2 text-sm text-red-700">{filters.error.message}</p>}
    </div>
  );
}
