import type { ActivityEventType, Prisma, PrismaClient } from "@switchyard/database";

export interface ActivityInput {
  organizationId: string;
  type: ActivityEventType;
  title: string;
  description?: string;
  status?: string;
  agentId?: string;
  agentSlug?: string;
  runId?: string;
  workflowRunId?: string;
  networkRunId?: string;
  campaignId?: string;
  missionId?: string;
  pulseId?: string;
  triggerId?: string;
  approvalId?: string;
  costUsd?: number;
  durationMs?: number;
  totalTokens?: number;
  metadata?: Prisma.InputJsonValue;
  at?: Date;
}

/**
 * Records an activity event best-effort: the feed describes the work, so a failure to write it is
 * logged and never fails or delays the work itself beyond the write attempt.
 */
export async function recordActivity(db: PrismaClient, input: ActivityInput): Promise<void> {
  const { at, ...data } = input;
  try {
    await db.activityEvent.create({ data: { ...data, createdAt: at ?? new Date() } });
  } catch (error) {
    console.warn(`[activity] ${input.type} not recorded: ${(error as Error).message}`);
  }
}
