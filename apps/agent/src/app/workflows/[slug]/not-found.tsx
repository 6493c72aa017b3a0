import Link from "next/link";
import { SearchX } from "lucide-react";
import { Button, Card } from "@switchyard/ui/components";

export default function WorkflowNotFound() {
  return (
    <Card className="mx-auto mt-8 max-w-lg px-6 py-10 text-center" data-testid="workflow-not-found">
      <SearchX className="mx-auto size-8 text-zinc-400" aria-hidden />
      <h1 className="mt-3 text-lg font-semibold text-zinc-900">Workflow not found</h1>
      <p className="mt-1 text-sm text-zinc-500">
        No workflow of your organization has this slug, or that version. It may have been deleted, or the link is mistyped.
      </p>
      <Button asChild variant="primary" className="mt-5">
        <Link href="/workflows">Back to all workflows</Link>
      </Button>
    </Card>
  );
}
