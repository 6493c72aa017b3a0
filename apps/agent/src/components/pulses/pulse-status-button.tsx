"use client";

import { Button } from "@switchyard/ui/components";
import { useMutation } from "@tanstack/react-query";
import { Pause, Play } from "lucide-react";
import { useRouter } from "next/navigation";
import { requestJson } from "../api-client";
import { RoleGate } from "../role-gate";

/** Pauses or resumes a pulse's evaluations (operator or higher); resuming arms the next slot from now. */
export function PulseStatusButton({ slug, status, canOperate }: { slug: string; status: "ACTIVE" | "PAUSED"; canOperate: boolean }) {
  const router = useRouter();
  const toggle = useMutation({
    mutationFn: () => requestJson(`/api/pulses/${slug}`, { method: "PATCH", body: JSON.stringify({ status: status === "ACTIVE" ? "PAUSED" : "ACTIVE" }) }),
    onSuccess: () => router.refresh(),
  });
  const isActive = status === "ACTIVE";
  return (
    <div className="flex flex-col items-end gap-1">
      <RoleGate isAllowed={canOperate} reason="Pausing and resuming needs the operator role or higher">
        <Button variant="secondary" disabled={!canOperate || toggle.isPending} onClick={() => toggle.mutate()}>
          {isActive ? <Pause className="size-3.5" aria-hidden /> : <Play className="size-3.5" aria-hidden />}
          {isActive ? "Pause evaluations" : "Resume evaluations"}
        </Button>
      </RoleGate>
      {toggle.isError && (
        <p role="alert" className="text-xs text-red-700">
          {toggle.error.message}
        </p>
      )}
    </div>
  );
}
