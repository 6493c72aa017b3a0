import type { Metadata } from "next";
import { getRetentionSettings } from "@switchyard/core/retention/prune";
import { RetentionForm } from "@/components/settings/retention-form";
import { SettingsPage } from "@/components/settings/settings-page";
import { requireSession } from "@/components/require-session";
import { hasRole } from "@switchyard/core";

export const metadata: Metadata = { title: "Retention · Settings" };

export default async function RetentionPage() {
  const ctx = await requireSession("/settings/retention");
  const settings = hasRole(ctx.actor, "ADMIN") ? await getRetentionSettings(ctx) : null;
  return (
    <SettingsPage path="/settings/retention" title="Retention" description="How long runs, activity and runtime events are kept before they are pruned.">
      {settings && <RetentionForm initial={{ ...settings, cutoff: settings.cutoff.toISOString() }} />}
    </SettingsPage>
  );
}
