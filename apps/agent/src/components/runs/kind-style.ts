import type { RunKindValue } from "./run-filters";

/** Each kind's colour, as in the runs table's kind column: a Tailwind class for dots, hex for charts. */
export const KIND_STYLE: Record<RunKindValue, { label: string; dot: string; color: string }> = {
  agent: { label: "Agent", dot: "bg-violet-500", color: "#8b5cf6" },
  workflow: { label: "Workflow", dot: "bg-indigo-500", color: "#6366f1" },
  network: { label: "Network", dot: "bg-teal-500", color: "#14b8a6" },
  campaign: { label: "Campaign", dot: "bg-orange-500", color: "#f97316" },
  pulse: { label: "Pulse", dot: "bg-pink-500", color: "#ec4899" },
};

/** Run outcomes in the charts, matching the status badges. */
export const OUTCOME_STYLE = {
  completed: { label: "Completed", color: "#10b981" },
  failed: { label: "Failed", color: "#ef4444" },
  other: { label: "Other", color: "#d4d4d8" },
} as const;
