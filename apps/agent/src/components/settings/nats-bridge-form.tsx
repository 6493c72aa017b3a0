"use client";

import { useMutation } from "@tanstack/react-query";
import { Badge, Card, CardHeader } from "@switchyard/ui/components";
import { useRouter } from "next/navigation";
import { requestJson } from "@/components/api-client";
import { FormError } from "@/components/form";

interface NatsBridgeFormProps {
  isEnabled: boolean;
  isConfigured: boolean;
  subjects: { events: string; runs: string; approvals: string };
}

/** The organization's NATS bridge switch, with the subjects it is served on and announced under. */
export function NatsBridgeForm({ isEnabled, isConfigured, subjects }: NatsBridgeFormProps) {
  const router = useRouter();
  const toggle = useMutation({
    mutationFn: (natsBridgeEnabled: boolean) => requestJson("/api/organization", { method: "PATCH", body: JSON.stringify({ natsBridgeEnabled }) }),
    onSuccess: () => router.refresh(),
  });
  const shown = toggle.isPending && toggle.variables !== undefined ? toggle.variables : isEnabled;

  return (
    <Card>
      <CardHeader
        title="NATS bridge"
        description="Events published to NATS fire this organization's event triggers, exactly as POST /api/triggers/event does; runs and approvals are announced back."
      />
      <div className="space-y-4 p-4 text-sm">
        <div className="flex items-center gap-3">
          <button
            type="button"
            role="switch"
            aria-checked={shown}
            aria-label="NATS bridge"
            disabled={toggle.isPending}
            onClick={() => toggle.mutate(!isEnabled)}
            className={`relative inline-flex h-5 w-9 shrink-0 items-center rounded-full transition-colors disabled:opacity-50 ${shown ? "bg-zinc-900" : "bg-zinc-300"}`}
          >
            <span className={`inline-block size-4 rounded-full bg-white shadow transition-transform ${shown ? "translate-x-4.5" : "translate-x-0.5"}`} />
          </button>
          <span className="font-medium text-zinc-900">
            {shown ? "On: this organization is served" : "Off: messages for this organization are acknowledged and ignored"}
          </span>
        </div>
        <p data-testid="nats-configured" className="text-zinc-600">
          {isConfigured ? (
            <>
              <Badge tone="success">NATS_URL is set</Badge> this server runs the bridge.
            </>
          ) : (
            <>
              <Badge tone="neutral">NATS_URL is not set</Badge> nothing connects to NATS until the server is started with it; the switch is kept meanwhile.
            </>
          )}
        </p>
        <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1.5">
          <dt className="text-zinc-500">Events in</dt>
          <dd>
            <code className="rounded bg-zinc-100 px-1.5 py-0.5 text-xs">{subjects.events}</code>
            <span className="ml-2 text-zinc-500">
              body <code className="text-xs">{'{ "id"?: string, "payload": { … } }'}</code>
            </span>
          </dd>
          <dt className="text-zinc-500">Runs out</dt>
          <dd>
            <code className="rounded bg-zinc-100 px-1.5 py-0.5 text-xs">{subjects.runs}</code>
            <span className="ml-2 text-zinc-500">started, suspended, completed, failed, cancelled</span>
          </dd>
          <dt className="text-zinc-500">Approvals out</dt>
          <dd>
            <code className="rounded bg-zinc-100 px-1.5 py-0.5 text-xs">{subjects.approvals}</code>
            <span className="ml-2 text-zinc-500">decided: approved, rejected or expired</span>
          </dd>
        </dl>
        <FormError message={toggle.error ? (toggle.error as Error).message : null} />
      </div>
    </Card>
  );
}
