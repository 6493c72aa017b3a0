import { StartRunButton } from "@/components/entities";

/** `canStart` is known once the session is: the loading skeleton renders the header without the button. */
export function PageHeader({ canStart }: { canStart?: boolean }) {
  return (
    <div className="mb-6 flex flex-wrap items-start justify-between gap-3">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight text-zinc-900">Observe</h1>
        <p className="mt-1 text-sm text-zinc-500">Every run of every agent, workflow, network, campaign and pulse, as it happens.</p>
      </div>
      {canStart !== undefined && <StartRunButton canStart={canStart} />}
    </div>
  );
}
