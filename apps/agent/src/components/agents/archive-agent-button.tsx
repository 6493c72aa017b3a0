"use client";

import { Button, Sheet } from "@switchyard/ui/components";
import { useMutation } from "@tanstack/react-query";
import { ArchiveIcon } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { ApiError, requestJson } from "../api-client";
import { FormError } from "../form";
import { RoleGate } from "../role-gate";

/** The schedules a 409 named: archiving would leave them firing at an agent that refuses to run. */
function activeSchedulesOf(error: unknown): { id: string; name: string }[] {
  if (!(error instanceof ApiError) || error.status !== 409) return [];
  const schedules = (error.details as { schedules?: unknown } | null)?.schedules;
  return Array.isArray(schedules) ? (schedules as { id: string; name: string }[]) : [];
}

/** Archives the agent after a confirmation; when active schedules stand in the way, offers to pause them too. */
export function ArchiveAgentButton({ slug, name, canArchive }: { slug: string; name: string; canArchive: boolean }) {
  const router = useRouter();
  const [isOpen, setIsOpen] = useState(false);
  const archive = useMutation({
    mutationFn: (cascade: boolean) => requestJson(`/api/agents/${encodeURIComponent(slug)}${cascade ? "?cascade=pause" : ""}`, { method: "DELETE" }),
    onSuccess: () => {
      setIsOpen(false);
      router.refresh();
    },
  });
  const blocking = activeSchedulesOf(archive.error);

  return (
    <>
      <RoleGate isAllowed={canArchive} reason="Archiving agents needs the admin role or higher">
        <Button variant="secondary" onClick={() => setIsOpen(true)} disabled={!canArchive}>
          <ArchiveIcon className="size-3.5" aria-hidden />
          Archive
        </Button>
      </RoleGate>
      <Sheet
        open={isOpen}
        onOpenChange={setIsOpen}
        title={`Archive ${name}?`}
        description="Archived agents are hidden from lists and refuse to run."
        className="max-w-md"
      >
        <div className="space-y-4 p-5 text-sm text-zinc-700">
          <p>Its runs, versions and audit history stay. Triggers that still fire it record a failed run that says why.</p>
          {blocking.length > 0 ? (
            <div role="alert" className="space-y-3 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-amber-900">
              <p>These schedules are active and would keep firing:</p>
              <ul className="list-disc pl-5">
                {blocking.map((schedule) => (
                  <li key={schedule.id}>{schedule.name}</li>
                ))}
              </ul>
              <Button variant="danger" onClick={() => archive.mutate(true)} disabled={archive.isPending}>
                Pause them and archive
              </Button>
            </div>
          ) : (
            <>
              <FormError message={archive.error ? (archive.error as Error).message : null} />
              <Button variant="danger" onClick={() => archive.mutate(false)} disabled={archive.isPending}>
                {archive.isPending ? "Archiving…" : "Archive agent"}
              </Button>
            </>
          )}
        </div>
      </Sheet>
    </>
  );
}
