import type { Metadata } from "next";
import { hasRole } from "@switchyard/core/context";
import { listWorkflows } from "@switchyard/core/workflows/service";
import { requireSession } from "@/components/require-session";
import { WorkflowsList } from "@/components/workflows/workflows-list";

export const metadata: Metadata = { title: "Workflows" };

export default async function WorkflowsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const includeArchived = (await searchParams).archived === "1";
  const ctx = await requireSession(includeArchived ? "/workflows?archived=1" : "/workflows");
  const workflows = await listWorkflows(ctx, { includeArchived: includeArchived ? "true" : "false" });
  return <WorkflowsList workflows={JSON.parse(JSON.stringify(workflows))} includeArchived={includeArchived} canCreate={hasRole(ctx.actor, "ADMIN")} />;
}
