import { hasRole } from "@switchyard/core";
import type { Role } from "@switchyard/database";
import type { ReactNode } from "react";
import { NotAllowed } from "@/components/admin/not-allowed";
import { requireSession } from "@/components/require-session";
import { SettingsNav } from "./settings-nav";

/** A settings page under the settings tabs: admins and owners only, unless the page lets `minimumRole` in too. */
export async function SettingsPage({
  path,
  title,
  description,
  minimumRole = "ADMIN",
  children,
}: {
  path: string;
  title: string;
  description: string;
  minimumRole?: Role;
  children: ReactNode;
}) {
  const ctx = await requireSession(path);
  if (!hasRole(ctx.actor, minimumRole)) return <NotAllowed role={ctx.actor.role} surface="Settings" />;
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight text-zinc-900">Settings</h1>
        <p className="mt-1 text-sm text-zinc-500">Your organization, the people in it and the keys your services use.</p>
      </div>
      <SettingsNav />
      <section aria-labelledby="settings-section-title" className="space-y-4">
        <div>
          <h2 id="settings-section-title" className="text-lg font-semibold text-zinc-900">
            {title}
          </h2>
          <p className="mt-0.5 text-sm text-zinc-500">{description}</p>
        </div>
        {children}
      </section>
    </div>
  );
}
