"use client";

import { Button } from "@switchyard/ui/components";
import { useMutation } from "@tanstack/react-query";
import { ArchiveIcon } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { ApiError, requestJson } from "@/components/api-client";
import { RoleGate } from "@/components/role-gate";
import { templateApiPath } from "./types";

/**
 * Archives a template after a confirmation. Active schedules make the API refuse (409 naming them);
 * the button then offers to pause them with it.
 */
export function ArchiveTemplateButton({ slug, canArchive }: { slug: string; canArchive: boolean }) {
  const router = useRouter();
  const [isConfirming, setIsConfirming] = useState(false);
  const archive = useMutation({
    mutationFn: (cascade: boolean) => requestJson(`${templateApiPath(slug)}${cascade ? "?cascade=pause" : ""}`, { method: "DELETE" }),
    onSuccess: () => {
      setIsConfirming(false);
      router.refresh();
    },
  });
  const hasActiveSchedules = archive.error instanceof ApiError && archive.error.code === "conflict";

  if (!isConfirming) {
    return (
      <RoleGate isAllowed={canArchive} reason="Archiving campaign templates needs the admin role or higher">
        <Button onClick={() => setIsConfirming(true)} disabled={!canArchive}>
          <ArchiveIcon className="size-3.5" aria-hidden />
          Archive
        </Button>
      </RoleGate>
    );
  }
  return (
    <div className="flex max-w-md flex-col items-end gap-2" data-testid="archive-confirm">
      <p className="text-right text-sm text-zinc-600">
        {archive.error ? archive.error.message : "Archived templates start no campaigns; their campaigns stay. Archive it?"}
      </p>
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
