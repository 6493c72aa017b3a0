import type { RunStatusValue } from "./run-filters";

interface StatusStyle {
  label: string;
  badge: string;
  dot: string;
}

export const STATUS_STYLES: Record<RunStatusValue, StatusStyle> = {
  QUEUED: { label: "Queued", badge: "bg-zinc-100 text-zinc-700 ring-zinc-500/20", dot: "bg-zinc-400" },
  RUNNING: { label: "Running", badge: "bg-sky-50 text-sky-700 ring-sky-600/20", dot: "bg-sky-500" },
  SUSPENDED: { label: "Suspended", badge: "bg-amber-50 text-amber-800 ring-amber-600/25", dot: "bg-amber-500" },
  COMPLETED: { label: "Completed", badge: "bg-emerald-50 text-emerald-700 ring-emerald-600/20", dot: "bg-emerald-500" },
  FAILED: { label: "Failed", badge: "bg-red-50 text-red-700 ring-red-600/20", dot: "bg-red-500" },
  CANCELLED: { label: "Cancelled", badge: "bg-zinc-50 text-zinc-500 ring-zinc-400/25", dot: "bg-zinc-300" },
};

const UNKNOWN_STYLE: StatusStyle = { label: "Unknown", badge: "bg-zinc-50 text-zinc-500 ring-zinc-400/25", dot: "bg-zinc-300" };

export function statusStyle(status: string): StatusStyle {
  return STATUS_STYLES[status as RunStatusValue] ?? { ...UNKNOWN_STYLE, label: status };
}

export function StatusBadge({ status }: { status: string }) {
  const style = statusStyle(status);
  const isRunning = status === "RUNNING";
  return (
    <span data-status={status} className={`inline-flex items-center gap-1.5 rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${style.badge}`}>
      <span className="relative flex size-1.5" aria-hidden>
        {isRunning && <span className={`absolute inline-flex size-full animate-ping rounded-full opacity-75 ${style.dot}`} />}
        <span className={`relative inline-flex size-1.5 rounded-full ${style.dot}`} />
      </span>
      {style.label}
    </span>
  );
}
