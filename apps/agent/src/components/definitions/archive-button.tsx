"use client";

import { Button } from "@switchyard/ui/components";
import { useMutation } from "@tanstack/react-query";
import { Archive } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { ApiError, requestJson } from "../api-client";
import { FormError } from "../form";
import { RoleGate } from "../role-gate";

/**
 * Archives a definition after a confirmation. When active schedules make the API refuse (409 naming
 * them), it offers to pause them and archive in one go (`?cascade=pause`).
 */
export function ArchiveButton({ url, noun, consequence, canArchive }: { url: string; noun: string; consequence: string; canArchive: boolean }) {
  const router = useRouter();
  const [isConfirming, setIsConfirming] = useState(false);
  const archive = useMutation({
    mutationFn: (cascade: boolean) => requestJson(`${url}${cascade ? "?cascade=pause" : ""}`, { method: "DELETE" }),
    onSuccess: () => {
      setIsConfirming(false);
      router.refresh();
    },
  });
  const isBlockedBySchedules = archive.error instanceof ApiError && archive.error.status === 409;

  if (!isConfirming) {
    return (
      <RoleGate isAllowed={canArchive} reason={`Archiving a ${noun} needs the admin role or higher`}>
        <Button variant="secondary" disabled={!canArchive} onClick={() => setIsConfirming(true)}>
          <Archive className="size-3.5" aria-hidden />
          Archive
        </Button>
      </RoleGate>
    );
  }
  return (
    <div
      role="alertdialog"
      aria-label={`Archive this ${noun}?`}
      className="w-full max-w-md space-y-2 rounded-lg border border-amber-200 bg-amber-50 p-3 text-sm"
    >
      <p className="text-amber-900">
        Archive this {noun}? {consequence}
      </p>
      {archive.error && <FormError message={archive.error.message} />}
      <div className="flex gap-2">
        {isBlockedBySchedules ? (
          <Button variant="danger" size="sm" disabled={archive.isPending} onClick={() => archive.mutate(true)}>
            Pause schedules and archive
          </Button>
        ) : (
          <Button variant="danger" size="sm" disabled={archive.isPending} onClick={() => archive.mutate(false)}>
            {archive.isPending ? "Archiving…" : "Archive"}
          </Button>
        )}
        <Button
          size="sm"
          onClick={() => {
            archive.reset();
            setIsConfirming(false);
          }}
        >
          Cancel
        </Button>
      </div>
    </div>
  );
}
