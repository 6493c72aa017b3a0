"use client";

import { Button } from "@switchyard/ui/components";
import { useMutation } from "@tanstack/react-query";
import { ArchiveIcon } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { ApiError, requestJson } from "./api-client";
import { RoleGate } from "./role-gate";

/**
 * Archives a definition (DELETE on its API path) after a confirmation. Active schedules make the API
 * refuse (409 naming them, the shared archive rule); the button then offers to pause them with it.
 * By default the page refreshes; `onArchived` gets the answer instead (a workflow deleted outright
 * has no page to refresh).
 */
export function ArchiveButton<T = unknown>({
  apiPath,
  canArchive,
  deniedReason,
  confirmation,
  onArchived,
}: {
  apiPath: string;
  canArchive: boolean;
  deniedReason: string;
  /** What archiving does, asked before it is done. */
  confirmation: string;
  onArchived?: (result: T) => void;
}) {
  const router = useRouter();
  const [isConfirming, setIsConfirming] = useState(false);
  const archive = useMutation({
    mutationFn: (cascade: boolean) => requestJson<T>(`${apiPath}${cascade ? "?cascade=pause" : ""}`, { method: "DELETE" }),
    onSuccess: (result) => {
      setIsConfirming(false);
      if (onArchived) onArchived(result);
      else router.refresh();
    },
  });
  const hasActiveSchedules = archive.error instanceof ApiError && archive.error.code === "conflict";

  if (!isConfirming) {
    return (
      <RoleGate isAllowed={canArchive} reason={deniedReason}>
        <Button onClick={() => setIsConfirming(true)} disabled={!canArchive}>
          <ArchiveIcon className="size-3.5" aria-hidden />
          Archive
        </Button>
      </RoleGate>
    );
  }
  return (
    <div className="flex max-w-md flex-col items-end gap-2" data-testid="archive-confirm">
      <p className="text-right text-sm text-zinc-600">{archive.error ? archive.error.message : confirmation}</p>
      <div className="flex gap-2">
        <Button variant="ghost" onClick={() => setIsConfirming(false)} disabled={archive.isPending}>
          Keep it
        </Button>
        <Button variant="danger" onClick={() => archive.mutate(hasActiveSchedules)} disabled={archive.isPending}>
          {hasActiveSchedules ? "Pause schedules and archive" : "Archive"}
        </Button>
      </div>
    </div>
  );
}
