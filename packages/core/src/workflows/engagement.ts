import type { PrismaClient, StepStatus } from "@switchyard/database";
import { isRecord } from "./definition.ts";

/** What a reviewer sees on a workflow approval card (seed 000 8.1, 8.3). */
export interface EngagementContext {
  riskLevel?: string;
  filesChanged?: string[];
  /** The change under review as a unified diff, when an analyze step recorded one. */
  patch?: string;
  stepsCompleted: number;
  stepNames: string[];
}

export interface StepRecord {
  stepId: string;
  status: StepStatus;
  output: unknown;
}

const SEVERITY_TO_RISK: Record<string, string> = { CRITICAL: "critical", HIGH: "high", MEDIUM: "medium", LOW: "low" };

/**
 * Reads the engagement context from the steps completed so far, in completion order: the risk level
 * a `classify-risk` step decided (or a `fix-audit` severity), the files and patch an
 * `analyze-codebase` or `analyze` step found, and the pipeline progress.
 */
export function buildEngagementContext(steps: readonly StepRecord[]): EngagementContext {
  const completed = steps.filter((step) => step.status === "COMPLETED" && step.output !== null && step.output !== undefined);
  const context: EngagementContext = { stepsCompleted: completed.length, stepNames: completed.map((step) => step.stepId) };
  for (const step of completed) {
    const output = step.output;
    if (!isRecord(output)) continue;
    if (step.stepId === "classify-risk" && output.riskLevel) context.riskLevel = String(output.riskLevel);
    const isAnalysis = step.stepId === "analyze-codebase" || step.stepId === "analyze";
    if (isAnalysis && Array.isArray(output.affectedFiles) && !context.filesChanged) context.filesChanged = output.affectedFiles.map(String);
    if (isAnalysis && typeof output.patch === "string" && output.patch.trim() && !context.patch) context.patch = output.patch;
    if (step.stepId === "fix-audit" && output.severity && !context.riskLevel) {
      context.riskLevel = SEVERITY_TO_RISK[String(output.severity)] ?? "medium";
    }
  }
  return context;
}

/**
 * What the agent calls still ahead are likely to cost: for each, the average cost of that agent's
 * completed runs (agents that never ran count as zero, rather than as a made-up number).
 */
export async function estimateAgentCalls(db: PrismaClient, organizationId: string, agentIds: readonly string[]): Promise<number> {
  if (agentIds.length === 0) return 0;
  const averages = await db.agentRun.groupBy({
    by: ["agentId"],
    where: { organizationId, agentId: { in: [...new Set(agentIds)] }, status: "COMPLETED" },
    _avg: { costUsd: true },
  });
  const byAgent = new Map(averages.map((row) => [row.agentId, row._avg.costUsd ?? 0]));
  return agentIds.reduce((sum, agentId) => sum + (byAgent.get(agentId) ?? 0), 0);
}
