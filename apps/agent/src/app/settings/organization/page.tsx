import type { Metadata } from "next";
import { getOrganization } from "@switchyard/core/tenancy/organizations";
import { OrganizationForm } from "@/components/settings/organization-form";
import { SettingsPage } from "@/components/settings/settings-page";
import { requireSession } from "@/components/require-session";

export const metadata: Metadata = { title: "Organization · Settings" };

export default async function OrganizationPage() {
  const organization = await getOrganization(await requireSession("/settings/organization"));
  return (
    <SettingsPage path="/settings/organization" title="Organization" description="How your organization is named across Switchyard.">
      <OrganizationForm name={organization.name} slug={organization.slug} />
    </SettingsPage>
  );
}
