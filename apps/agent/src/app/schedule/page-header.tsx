import type { ReactNode } from "react";

export function PageHeader({ actions }: { actions?: ReactNode }) {
  return (
    <div className="mb-6 flex items-start justify-between gap-4">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight text-zinc-900">Schedule</h1>
        <p className="mt-1 text-sm text-zinc-500">Every schedule, trigger, campaign and pulse: what fires when, how healthy it is and what it costs.</p>
      </div>
      {actions && <div className="shrink-0">{actions}</div>}
    </div>
  );
}
