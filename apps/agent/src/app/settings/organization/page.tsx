import type { Metadata } from "next";
import { bridgeSubjects, DEFAULT_SUBJECT_PREFIX, natsBridgeConfigFromEnv } from "@switchyard/core/bridge/config";
import { getOrganization } from "@switchyard/core/tenancy/organizations";
import { NatsBridgeForm } from "@/components/settings/nats-bridge-form";
import { OrganizationForm } from "@/components/settings/organization-form";
import { SettingsPage } from "@/components/settings/settings-page";
import { requireSession } from "@/components/require-session";

export const metadata: Metadata = { title: "Organization · Settings" };

export default async function OrganizationPage() {
  const organization = await getOrganization(await requireSession("/settings/organization"));
  const nats = natsBridgeConfigFromEnv();
  return (
    <SettingsPage path="/settings/organization" title="Organization" description="How your organization is named across Switchyard, and how it reaches NATS.">
      <OrganizationForm name={organization.name} slug={organization.slug} />
      <NatsBridgeForm
        isEnabled={organization.natsBridgeEnabled}
        isConfigured={nats !== null}
        subjects={bridgeSubjects(organization.slug, nats?.subjectPrefix ?? DEFAULT_SUBJECT_PREFIX)}
      />
    </SettingsPage>
  );
}
