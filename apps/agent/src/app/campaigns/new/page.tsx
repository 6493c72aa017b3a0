import type { Metadata } from "next";
import Link from "next/link";
import { listAgents } from "@switchyard/core/agents/catalog";
import { hasRole } from "@switchyard/core/context";
import { Card } from "@switchyard/ui/components";
import { NotAllowed } from "@/components/admin/not-allowed";
import { TemplateForm } from "@/components/campaigns/template-form";
import { requireSession } from "@/components/require-session";

export const metadata: Metadata = { title: "New campaign template" };

export default async function NewTemplatePage() {
  const ctx = await requireSession("/campaigns/new");
  if (!hasRole(ctx.actor, "ADMIN")) return <NotAllowed role={ctx.actor.role} surface="Creating campaign templates" />;
  const agents = (await listAgents(ctx)).filter((agent) => agent.isActive).map(({ slug, name }) => ({ slug, name }));
  return (
    <div className="space-y-6">
      <div>
        <Link href="/campaigns" className="text-xs font-medium text-zinc-500 hover:text-zinc-900">
          ← Campaigns
        </Link>
        <h1 className="mt-1 text-2xl font-semibold tracking-tight text-zinc-900">New campaign template</h1>
        <p className="mt-1 text-sm text-zinc-500">Campaigns start from it by hand, on a schedule or from an event.</p>
      </div>
      <Card>
        <TemplateForm template={null} agents={agents} canEdit />
      </Card>
    </div>
  );
}
