import type { Metadata } from "next";
import { AuditView } from "@/components/settings/audit-view";
import { SettingsPage } from "@/components/settings/settings-page";

export const metadata: Metadata = { title: "Audit log · Settings" };

export default function AuditPage() {
  return (
    <SettingsPage path="/settings/audit" title="Audit log" description="Every administrative action: who, what, when, and what changed.">
      <AuditView />
    </SettingsPage>
  );
}
