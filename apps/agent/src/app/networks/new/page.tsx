import type { Metadata } from "next";
import { hasRole } from "@switchyard/core/context";
import { loadAgentChoices } from "@/components/definitions/agent-choices";
import { DefinitionHeader } from "@/components/definitions/definition-header";
import { NetworkForm } from "@/components/networks/network-form";
import { requireSession } from "@/components/require-session";

export const metadata: Metadata = { title: "New network" };

export default async function NewNetworkPage() {
  const ctx = await requireSession("/networks/new");
  return (
    <>
      <DefinitionHeader
        back={{ href: "/networks", label: "Networks" }}
        title="New network"
        description="Pick the member agents in the order they usually work, tell the router how to choose, and cap the steps."
      />
      <NetworkForm agents={await loadAgentChoices(ctx)} canEdit={hasRole(ctx.actor, "ADMIN")} />
    </>
  );
}
