import Link from "next/link";
import type { ReactNode } from "react";
import { hasRole, type OrgContext } from "@switchyard/core";
import { listActorOrganizations } from "@switchyard/core/tenancy/organizations";
import { getDatabase } from "@switchyard/database";
import { NavLinks, type NavItem } from "./nav-links";
import { OrganizationSwitcher } from "./organization-switcher";
import { loadSession } from "./require-session";
import { SignOutButton } from "./sign-out-button";

/** Operating the system, then defining what it runs, then (admins) configuring it: one group each. */
const OPERATE_ITEMS: NavItem[] = [
  { label: "Control", href: "/control" },
  { label: "Observe", href: "/observe" },
  { label: "Schedule", href: "/schedule" },
  { label: "Command", href: "/command" },
  { label: "God Mode", href: "/godmode" },
];

const BUILD_ITEMS: NavItem[] = [
  { label: "Agents", href: "/agents" },
  { label: "Workflows", href: "/workflows" },
  { label: "Networks", href: "/networks" },
  { label: "Campaigns", href: "/campaigns" },
  { label: "Pulses", href: "/pulses" },
];

const ADMIN_ITEMS: NavItem[] = [
  { label: "Settings", href: "/settings" },
  { label: "Admin", href: "/admin/ai/runtime" },
];

/**
 * The layout of every signed-in surface. Signed out, the page renders bare and redirects itself: only
 * the page sees the search params, so only its redirect can bring the visitor back to the exact view.
 */
export async function SignedInLayout({ children }: { children: ReactNode }) {
  const ctx = await loadSession();
  if (!ctx) return children;
  return <AppShell ctx={ctx}>{children}</AppShell>;
}

export async function AppShell({ ctx, children }: { ctx: OrgContext; children: ReactNode }) {
  const { actor } = ctx;
  const groups = hasRole(actor, "ADMIN") ? [OPERATE_ITEMS, BUILD_ITEMS, ADMIN_ITEMS] : [OPERATE_ITEMS, BUILD_ITEMS];
  const organizations = await listActorOrganizations((await getDatabase()).prisma, ctx);
  return (
    <div className="flex min-h-dvh flex-col">
      <header className="sticky top-0 z-20 border-b border-zinc-200 bg-white/90 backdrop-blur">
        <div className="mx-auto flex h-14 max-w-[96rem] items-center gap-4 px-4 sm:gap-6 sm:px-6">
          <Link href="/observe" aria-label="Switchyard" className="flex shrink-0 items-center gap-2 text-sm font-semibold tracking-tight text-zinc-900">
            <span className="grid size-7 place-items-center rounded-md bg-zinc-900 font-mono text-xs text-white" aria-hidden>
              SY
            </span>
            {/* The mark alone below 2xl leaves the whole navigation visible at 1440 px. */}
            <span className="hidden 2xl:inline">Switchyard</span>
          </Link>
          <div className="-mx-1 min-w-0 flex-1 overflow-x-auto px-1 [scrollbar-width:none]">
            <NavLinks groups={groups} />
          </div>
          <div className="flex shrink-0 items-center gap-3">
            <OrganizationSwitcher organizations={organizations} />
            <div className="hidden text-right leading-tight sm:block">
              <div className="text-sm font-medium text-zinc-900" data-testid="current-user">
                {actor.label}
              </div>
              <div className="text-xs capitalize text-zinc-500">{actor.role.toLowerCase()}</div>
            </div>
            <SignOutButton />
          </div>
        </div>
      </header>
      <main className="mx-auto w-full max-w-7xl flex-1 px-4 py-8 sm:px-6">{children}</main>
    </div>
  );
}
