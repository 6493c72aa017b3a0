import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { hasRole } from "@switchyard/core/context";
import { AppError } from "@switchyard/core/errors";
import { getWorkflow } from "@switchyard/core/workflows/service";
import { requireSession } from "@/components/require-session";
import { WorkflowEditor } from "@/components/workflows/workflow-editor";

export const metadata: Metadata = { title: "Edit workflow" };

export default async function EditWorkflowPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const ctx = await requireSession(`/workflows/${encodeURIComponent(slug)}/edit`);
  const workflow = await getWorkflow(ctx, slug).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  });
  return (
    <WorkflowEditor
      mode="edit"
      canEdit={hasRole(ctx.actor, "ADMIN")}
      slug={workflow.slug}
      version={workflow.version}
      source={{ name: workflow.name, description: workflow.description, definition: workflow.definition }}
      graph={workflow.graph}
      readOnlyReason={workflow.archivedAt ? "This workflow is archived: it can be read, not edited" : undefined}
    />
  );
}
