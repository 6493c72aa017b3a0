import type { Metadata } from "next";
import { hasRole } from "@switchyard/core/context";
import { DEFAULT_SCORING_RULES } from "@switchyard/core/pulses/scoring";
import { loadAgentChoices } from "@/components/definitions/agent-choices";
import { DefinitionHeader } from "@/components/definitions/definition-header";
import { PulseForm } from "@/components/pulses/pulse-form";
import { requireSession } from "@/components/require-session";

export const metadata: Metadata = { title: "New pulse" };

export default async function NewPulsePage() {
  const ctx = await requireSession("/pulses/new");
  return (
    <>
      <DefinitionHeader
        back={{ href: "/pulses", label: "Pulses" }}
        title="New pulse"
        description="Pick the member agents that share the goal and when the pulse evaluates them; capacity is the runs a day each member's schedule gets."
      />
      <PulseForm
        agents={await loadAgentChoices(ctx)}
        canEdit={hasRole(ctx.actor, "ADMIN")}
        initial={{
          isNew: true,
          name: "",
          slug: "",
          goal: "",
          evalCronExpr: "0 22 * * *",
          evalTimezone: "UTC",
          evalWindowHours: 168,
          scoringRules: DEFAULT_SCORING_RULES,
          hasCustomScoringRules: false,
          members: [],
        }}
      />
    </>
  );
}
