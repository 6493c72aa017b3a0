import type { Metadata } from "next";
import { hasRole } from "@switchyard/core/context";
import { requireSession } from "@/components/require-session";
import { WorkflowEditor } from "@/components/workflows/workflow-editor";

export const metadata: Metadata = { title: "New workflow" };

export default async function NewWorkflowPage() {
  const ctx = await requireSession("/workflows/new");
  return <WorkflowEditor mode="create" canEdit={hasRole(ctx.actor, "ADMIN")} />;
}
