import type { Metadata } from "next";
import { hasRole } from "@switchyard/core";
import { getCockpit } from "@switchyard/core/control/cockpit";
import { CockpitView } from "@/components/control/cockpit-view";
import { requireSession } from "@/components/require-session";

export const metadata: Metadata = { title: "Control" };

export default async function ControlPage() {
  const ctx = await requireSession("/control");
  // Dates cross to the client as ISO strings, exactly as /api/control sends them.
  const cockpit = JSON.parse(JSON.stringify(await getCockpit(ctx)));
  return <CockpitView cockpit={cockpit} canEditBudget={hasRole(ctx.actor, "ADMIN")} />;
}
