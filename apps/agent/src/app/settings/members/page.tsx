import type { Metadata } from "next";
import { MembersView } from "@/components/settings/members-view";
import { SettingsPage } from "@/components/settings/settings-page";

export const metadata: Metadata = { title: "Members · Settings" };

export default function MembersPage() {
  return (
    <SettingsPage path="/settings/members" title="Members" description="Invite people, change their roles, remove them.">
      <MembersView />
    </SettingsPage>
  );
}
