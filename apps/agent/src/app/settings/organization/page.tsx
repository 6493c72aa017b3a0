import type { Metadata } from "next";
import { hasRole } from "@switchyard/core";
import { bridgeSubjects, DEFAULT_SUBJECT_PREFIX, natsBridgeConfigFromEnv } from "@switchyard/core/bridge/config";
import { getBudgetSettings } from "@switchyard/core/control/budget";
import { getOrganization } from "@switchyard/core/tenancy/organizations";
import { BudgetForm } from "@/components/settings/budget-form";
import { NatsBridgeForm } from "@/components/settings/nats-bridge-form";
import { OrganizationForm } from "@/components/settings/organization-form";
import { SettingsPage } from "@/components/settings/settings-page";
import { requireSession } from "@/components/require-session";

export const metadata: Metadata = { title: "Organization · Settings" };

export default async function OrganizationPage() {
  const ctx = await requireSession("/settings/organization");
  const organization = await getOrganization(ctx);
  const budget = hasRole(ctx.actor, "ADMIN") ? await getBudgetSettings(ctx) : null;
  const nats = natsBridgeConfigFromEnv();
  return (
    <SettingsPage
      path="/settings/organization"
      title="Organization"
      description="How your organization is named across Switchyard, what it may spend in a month, and how it reaches NATS."
    >
      <OrganizationForm name={organization.name} slug={organization.slug} />
      {budget && <BudgetForm initial={budget} />}
      <NatsBridgeForm
        isEnabled={organization.natsBridgeEnabled}
        isConfigured={nats !== null}
        subjects={bridgeSubjects(organization.slug, nats?.subjectPrefix ?? DEFAULT_SUBJECT_PREFIX)}
      />
    </SettingsPage>
  );
}
