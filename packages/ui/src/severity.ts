/**
 * The success rate every surface and API shows: completed runs as a share of the finished ones, where
 * finished means completed or failed, in percent with one decimal; null when none finished. Cancelled
 * runs (someone stopped them) and runs still queued, running or suspended say nothing of how well the
 * work goes, so they count on neither side.
 */
export function getSuccessRate(completed: number, failed: number): number | null {
  const finished = completed + failed;
  return finished > 0 ? Math.round((completed / finished) * 1000) / 10 : null;
}

/** The four severity bands shared by /schedule, /godmode and the APIs behind them. */
export type SeverityLevel = "healthy" | "degrading" | "unstable" | "failing";

/** The band of a success rate over `totalRuns` finished runs; nothing finished yet is healthy. */
export function getSeverity(successRate: number | null, totalRuns: number): SeverityLevel {
  if (successRate === null || totalRuns === 0) return "healthy";
  if (successRate >= 95) return "healthy";
  if (successRate >= 80) return "degrading";
  if (successRate >= 60) return "unstable";
  return "failing";
}

export interface SeverityStyles {
  text: string;
  bg: string;
  border: string;
  badge: string;
}

const SEVERITY_STYLES: Record<SeverityLevel, SeverityStyles> = {
  healthy: { text: "text-green-600", bg: "bg-green-500/5", border: "border-l-green-500", badge: "bg-green-100 text-green-700" },
  degrading: { text: "text-yellow-600", bg: "bg-yellow-500/5", border: "border-l-yellow-500", badge: "bg-yellow-100 text-yellow-700" },
  unstable: { text: "text-orange-600", bg: "bg-orange-500/5", border: "border-l-orange-500", badge: "bg-orange-100 text-orange-700" },
  failing: { text: "text-red-600", bg: "bg-red-500/5", border: "border-l-red-500", badge: "bg-red-100 text-red-700" },
};

export function getSeverityStyles(severity: SeverityLevel): SeverityStyles {
  return SEVERITY_STYLES[severity];
}

export const severitySortOrder: Record<SeverityLevel, number> = { failing: 0, unstable: 1, degrading: 2, healthy: 3 };
