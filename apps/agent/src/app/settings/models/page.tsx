import type { Metadata } from "next";
import { ModelProvidersView } from "@/components/settings/model-providers-view";
import { SettingsPage } from "@/components/settings/settings-page";

export const metadata: Metadata = { title: "Models · Settings" };

export default function ModelsPage() {
  return (
    <SettingsPage
      path="/settings/models"
      title="Model providers"
      description="The model servers your agents call: each agent picks a provider and a model. Keys and headers are stored encrypted and never shown again."
    >
      <ModelProvidersView />
    </SettingsPage>
  );
}
