"use client";

import { useMutation } from "@tanstack/react-query";
import { Button } from "@switchyard/ui/components";
import { Ban, LoaderCircle, RotateCcw } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { RoleGate } from "@/components/role-gate";
import { cancelRunRequest, retryRunRequest, runDetailPath } from "./run-api";
import type { RunDetailResponse } from "./types";

const CANCELLABLE = ["QUEUED", "RUNNING", "SUSPENDED"];
const RETRYABLE = ["COMPLETED", "FAILED", "CANCELLED"];
const NEEDS_OPERATOR = "Cancelling and retrying runs needs the operator role.";

/** Cancel (while active) and Retry (once finished); a viewer sees them disabled with the reason. */
export function RunActions({ run, canOperate, onCancelled }: { run: RunDetailResponse["run"]; canOperate: boolean; onCancelled: () => void }) {
  const router = useRouter();
  const [isConfirmingCancel, setConfirmingCancel] = useState(false);
  const cancel = useMutation({
    mutationFn: () => cancelRunRequest(run.kind, run.id),
    onSuccess: () => {
      setConfirmingCancel(false);
      onCancelled();
    },
  });
  const retry = useMutation({
    mutationFn: () => retryRunRequest(run.kind, run.id),
    onSuccess: (result) => router.push(runDetailPath(result.kind, result.runId)),
  });

  const canCancel = CANCELLABLE.includes(run.status);
  const canRetry = RETRYABLE.includes(run.status);
  const isCancelRequested = canCancel && run.cancelRequestedAt !== null;
  const error = cancel.error ?? retry.error;
  if (!canCancel && !canRetry) return null;

  const buttons = (
    <div className="flex items-center gap-2">
      {canCancel && !isConfirmingCancel && (
        <Button variant="secondary" disabled={!canOperate || isCancelRequested} onClick={() => setConfirmingCancel(true)}>
          <Ban className="size-4" aria-hidden />
          {isCancelRequested ? "Cancel requested" : "Cancel run"}
        </Button>
      )}
      {canCancel && isConfirmingCancel && (
        <>
          <Button variant="ghost" disabled={cancel.isPending} onClick={() => setConfirmingCancel(false)}>
            Keep running
          </Button>
          <Button variant="danger" disabled={cancel.isPending} onClick={() => cancel.mutate()}>
            {cancel.isPending ? <LoaderCircle className="size-4 animate-spin" aria-hidden /> : <Ban className="size-4" aria-hidden />}
            Confirm cancel
          </Button>
        </>
      )}
      {canRetry && (
        <Button variant="primary" disabled={!canOperate || retry.isPending} onClick={() => retry.mutate()}>
          {retry.isPending ? <LoaderCircle className="size-4 animate-spin" aria-hidden /> : <RotateCcw className="size-4" aria-hidden />}
          {retry.isPending ? "Retrying…" : "Retry"}
        </Button>
      )}
    </div>
  );

  return (
    <div className="flex flex-col items-end gap-1.5">
      <RoleGate isAllowed={canOperate} reason={NEEDS_OPERATOR}>
        {buttons}
      </RoleGate>
      {error && (
        <p role="alert" className="max-w-xs text-right text-xs text-red-700">
          {error === cancel.error ? "Could not cancel" : "Could not retry"}: {error.message}
        </p>
      )}
    </div>
  );
}
