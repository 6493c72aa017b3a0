import { stepStatusStyle } from "./step-status";

export function StepStatusBadge({ status }: { status: string }) {
  const style = stepStatusStyle(status);
  return (
    <span
      data-status={status}
      className={`inline-flex items-center gap-1.5 rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset ${style.badge}`}
    >
      <span className="relative flex size-1.5" aria-hidden>
        {status === "RUNNING" && <span className={`absolute inline-flex size-full animate-ping rounded-full opacity-75 ${style.dot}`} />}
        <span className={`relative inline-flex size-1.5 rounded-full ${style.dot}`} />
      </span>
      {style.label}
    </span>
  );
}
