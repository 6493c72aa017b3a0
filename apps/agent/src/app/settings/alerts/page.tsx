import { hasRole } from "@switchyard/core";
import type { Metadata } from "next";
import { requireSession } from "@/components/require-session";
import { AlertsView } from "@/components/settings/alerts-view";
import { SettingsPage } from "@/components/settings/settings-page";

export const metadata: Metadata = { title: "Alerts · Settings" };

// Operators see the channels, rules and incidents; admins and owners change them.
export default async function AlertsPage() {
  const ctx = await requireSession("/settings/alerts");
  return (
    <SettingsPage
      path="/settings/alerts"
      title="Alerts"
      description="Rules that watch runs, approvals, the queue and breakers, and the channels they tell: signed webhooks, Slack and email."
      minimumRole="OPERATOR"
    >
      <AlertsView canEdit={hasRole(ctx.actor, "ADMIN")} />
    </SettingsPage>
  );
}
