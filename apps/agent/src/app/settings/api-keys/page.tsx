import type { Metadata } from "next";
import { ApiKeysView } from "@/components/settings/api-keys-view";
import { SettingsPage } from "@/components/settings/settings-page";
import { requireSession } from "@/components/require-session";

export const metadata: Metadata = { title: "API keys · Settings" };

export default async function ApiKeysPage() {
  const ctx = await requireSession("/settings/api-keys");
  return (
    <SettingsPage path="/settings/api-keys" title="API keys" description="Keys for services: each bound to this organization with a role, revocable at once.">
      <ApiKeysView actorRole={ctx.actor.role} />
    </SettingsPage>
  );
}
