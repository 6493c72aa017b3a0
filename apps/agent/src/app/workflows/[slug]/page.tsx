import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { hasRole } from "@switchyard/core/context";
import { AppError } from "@switchyard/core/errors";
import { getWorkflow, getWorkflowVersion, listWorkflowVersions } from "@switchyard/core/workflows/service";
import { requireSession } from "@/components/require-session";
import { WorkflowDetailView, type WorkflowDetailData } from "@/components/workflows/workflow-detail";

export const metadata: Metadata = { title: "Workflow" };

// No loading.tsx here: a loading boundary starts the response before notFound() runs, and an unknown workflow must be a 404.

const orNotFound = (error: unknown): never => {
  // Another organization's workflow is a 404 too, so a slug says nothing about who owns it.
  if (error instanceof AppError && error.code === "not_found") notFound();
  throw error;
};

export default async function WorkflowPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { slug } = await params;
  const { version } = await searchParams;
  const requested = typeof version === "string" && /^\d+$/.test(version) ? Number(version) : null;
  const ctx = await requireSession(`/workflows/${encodeURIComponent(slug)}${requested ? `?version=${requested}` : ""}`);
  const workflow = await getWorkflow(ctx, slug).catch(orNotFound);
  const versions = await listWorkflowVersions(ctx, slug);
  const shown =
    requested === null || requested === workflow.version
      ? { version: workflow.version, definition: workflow.definition, graph: workflow.graph }
      : await getWorkflowVersion(ctx, slug, requested).catch(orNotFound);
  const data: WorkflowDetailData = JSON.parse(
    JSON.stringify({ workflow, versions, shown: { version: shown.version, definition: shown.definition, graph: shown.graph } }),
  );
  return (
    <WorkflowDetailView
      key={`${slug}:${shown.version}`}
      data={data}
      canEdit={hasRole(ctx.actor, "ADMIN") && !workflow.archivedAt}
      canStart={hasRole(ctx.actor, "OPERATOR") && workflow.isActive && !workflow.archivedAt}
    />
  );
}
