import type { StepStatus } from "./types";

export interface StepStatusStyle {
  label: string;
  /** The graph node's border and fill. */
  node: string;
  dot: string;
  badge: string;
}

/**
 * One colour per step status (seed 003 section 6.2): pending grey, running blue (pulsing), completed
 * green, failed red, waiting for a human amber, skipped dashed.
 */
export const STEP_STATUS_STYLES: Record<StepStatus, StepStatusStyle> = {
  PENDING: { label: "Pending", node: "border-zinc-300 bg-zinc-50", dot: "bg-zinc-400", badge: "bg-zinc-100 text-zinc-700 ring-zinc-500/20" },
  RUNNING: { label: "Running", node: "border-sky-500 bg-sky-50 ring-4 ring-sky-200/70", dot: "bg-sky-500", badge: "bg-sky-50 text-sky-700 ring-sky-600/20" },
  WAITING: { label: "Waiting for approval", node: "border-amber-500 bg-amber-50", dot: "bg-amber-500", badge: "bg-amber-50 text-amber-800 ring-amber-600/25" },
  COMPLETED: {
    label: "Completed",
    node: "border-emerald-500 bg-emerald-50",
    dot: "bg-emerald-500",
    badge: "bg-emerald-50 text-emerald-700 ring-emerald-600/20",
  },
  FAILED: { label: "Failed", node: "border-red-500 bg-red-50", dot: "bg-red-500", badge: "bg-red-50 text-red-700 ring-red-600/20" },
  SKIPPED: {
    label: "Skipped",
    node: "border-dashed border-zinc-300 bg-white text-zinc-500",
    dot: "bg-zinc-300",
    badge: "bg-white text-zinc-500 ring-zinc-400/40",
  },
  CANCELLED: { label: "Cancelled", node: "border-zinc-400 bg-zinc-100 text-zinc-500", dot: "bg-zinc-400", badge: "bg-zinc-50 text-zinc-500 ring-zinc-400/25" },
};

export function stepStatusStyle(status: string): StepStatusStyle {
  return STEP_STATUS_STYLES[status as StepStatus] ?? { ...STEP_STATUS_STYLES.PENDING, label: status };
}
