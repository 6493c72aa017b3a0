-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('OWNER', 'ADMIN', 'OPERATOR', 'VIEWER');

-- CreateEnum
CREATE TYPE "RunStatus" AS ENUM ('QUEUED', 'RUNNING', 'SUSPENDED', 'COMPLETED', 'FAILED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "RunSource" AS ENUM ('api', 'manual', 'trigger', 'webhook', 'event', 'schedule', 'test', 'retry', 'workflow', 'network', 'campaign', 'pulse', 'chat', 'slack', 'voice', 'mcp', 'demo');

-- CreateEnum
CREATE TYPE "EntityType" AS ENUM ('agent', 'workflow', 'network');

-- CreateEnum
CREATE TYPE "TriggerType" AS ENUM ('webhook', 'event', 'manual');

-- CreateEnum
CREATE TYPE "RiskLevel" AS ENUM ('AUTO', 'APPROVAL_REQUIRED');

-- CreateEnum
CREATE TYPE "StepStatus" AS ENUM ('PENDING', 'RUNNING', 'WAITING', 'COMPLETED', 'FAILED', 'SKIPPED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "PulseStatus" AS ENUM ('ACTIVE', 'PAUSED', 'ARCHIVED');

-- CreateEnum
CREATE TYPE "HealthAction" AS ENUM ('disable', 'reduce_frequency', 'alert');

-- CreateEnum
CREATE TYPE "ApprovalStatus" AS ENUM ('pending', 'approved', 'rejected', 'expired');

-- CreateEnum
CREATE TYPE "TriggerEventStatus" AS ENUM ('RECEIVED', 'DISPATCHED', 'FIRED', 'FILTERED', 'FAILED');

-- CreateEnum
CREATE TYPE "JobStatus" AS ENUM ('PENDING', 'RUNNING', 'COMPLETED', 'FAILED');

-- CreateEnum
CREATE TYPE "ActivityEventType" AS ENUM ('AGENT_RUN_STARTED', 'AGENT_RUN_COMPLETED', 'AGENT_RUN_FAILED', 'WORKFLOW_STARTED', 'WORKFLOW_COMPLETED', 'WORKFLOW_FAILED', 'WORKFLOW_SUSPENDED', 'NETWORK_RUN_STARTED', 'NETWORK_RUN_COMPLETED', 'NETWORK_RUN_FAILED', 'CAMPAIGN_CREATED', 'CAMPAIGN_STARTED', 'CAMPAIGN_COMPLETED', 'CAMPAIGN_FAILED', 'MISSION_STARTED', 'MISSION_COMPLETED', 'MISSION_FAILED', 'TASK_COMPLETED', 'TASK_FAILED', 'PULSE_EVALUATED', 'APPROVAL_REQUESTED', 'APPROVAL_DECIDED', 'TRIGGER_FIRED', 'SCHEDULE_FIRED', 'HEALTH_POLICY_TRIGGERED', 'ALERT');

-- CreateTable
CREATE TABLE "Organization" (
    "id" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Organization_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "User" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "emailVerified" BOOLEAN NOT NULL DEFAULT false,
    "image" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL,
    "token" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "ipAddress" TEXT,
    "userAgent" TEXT,
    "activeOrganizationId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Account" (
    "id" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "providerId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "accessToken" TEXT,
    "refreshToken" TEXT,
    "idToken" TEXT,
    "accessTokenExpiresAt" TIMESTAMP(3),
    "refreshTokenExpiresAt" TIMESTAMP(3),
    "scope" TEXT,
    "password" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Account_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Verification" (
    "id" TEXT NOT NULL,
    "identifier" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Verification_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Membership" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "role" "Role" NOT NULL DEFAULT 'VIEWER',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Membership_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApiKey" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "keyHash" TEXT NOT NULL,
    "role" "Role" NOT NULL DEFAULT 'OPERATOR',
    "lastUsedAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ApiKey_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Agent" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "instructions" TEXT NOT NULL,
    "modelProvider" TEXT NOT NULL DEFAULT 'simulated',
    "modelName" TEXT NOT NULL,
    "temperature" DOUBLE PRECISION,
    "tools" JSONB NOT NULL DEFAULT '[]',
    "riskLevel" "RiskLevel" NOT NULL DEFAULT 'AUTO',
    "simulation" JSONB,
    "isActive" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Agent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AgentRun" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "agentId" TEXT NOT NULL,
    "status" "RunStatus" NOT NULL DEFAULT 'QUEUED',
    "source" "RunSource" NOT NULL,
    "triggerId" TEXT,
    "triggerEventId" TEXT,
    "workflowRunId" TEXT,
    "networkRunId" TEXT,
    "retryOfId" TEXT,
    "dedupeKey" TEXT,
    "input" JSONB NOT NULL,
    "output" JSONB,
    "error" TEXT,
    "modelProvider" TEXT,
    "modelName" TEXT,
    "promptTokens" INTEGER NOT NULL DEFAULT 0,
    "completionTokens" INTEGER NOT NULL DEFAULT 0,
    "totalTokens" INTEGER NOT NULL DEFAULT 0,
    "costUsd" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completedAt" TIMESTAMP(3),
    "durationMs" INTEGER,
    "heartbeatAt" TIMESTAMP(3),
    "cancelRequestedAt" TIMESTAMP(3),
    "claimedAt" TIMESTAMP(3),
    "claimedBy" TEXT,
    "metadata" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AgentRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AgentToolCall" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "agentRunId" TEXT NOT NULL,
    "toolName" TEXT NOT NULL,
    "input" JSONB,
    "output" JSONB,
    "error" TEXT,
    "status" "StepStatus" NOT NULL DEFAULT 'COMPLETED',
    "durationMs" INTEGER,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AgentToolCall_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AgentSchedule" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "entityType" "EntityType" NOT NULL DEFAULT 'agent',
    "agentId" TEXT,
    "workflowId" TEXT,
    "networkId" TEXT,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "cronExpr" TEXT NOT NULL,
    "timezone" TEXT NOT NULL DEFAULT 'UTC',
    "input" JSONB,
    "isActive" BOOLEAN NOT NULL DEFAULT true,
    "isArchived" BOOLEAN NOT NULL DEFAULT false,
    "archivedAt" TIMESTAMP(3),
    "lastRunAt" TIMESTAMP(3),
    "nextRunAt" TIMESTAMP(3),
    "runCount" INTEGER NOT NULL DEFAULT 0,
    "healthPolicyEnabled" BOOLEAN NOT NULL DEFAULT false,
    "healthThreshold" INTEGER NOT NULL DEFAULT 60,
    "healthWindow" INTEGER NOT NULL DEFAULT 50,
    "healthAction" "HealthAction" NOT NULL DEFAULT 'disable',
    "healthTriggeredAt" TIMESTAMP(3),
    "originalCronExpr" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AgentSchedule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AgentTrigger" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "entityType" "EntityType" NOT NULL DEFAULT 'agent',
    "agentId" TEXT,
    "workflowId" TEXT,
    "networkId" TEXT,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "type" "TriggerType" NOT NULL,
    "eventName" TEXT,
    "webhookPath" TEXT,
    "secretEncrypted" TEXT,
    "filter" JSONB,
    "inputMapping" JSONB,
    "isActive" BOOLEAN NOT NULL DEFAULT true,
    "isArchived" BOOLEAN NOT NULL DEFAULT false,
    "archivedAt" TIMESTAMP(3),
    "lastTriggeredAt" TIMESTAMP(3),
    "triggerCount" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AgentTrigger_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TriggerEvent" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "triggerId" TEXT,
    "campaignTriggerId" TEXT,
    "entityType" "EntityType",
    "source" "RunSource" NOT NULL,
    "eventName" TEXT,
    "payload" JSONB NOT NULL,
    "headers" JSONB,
    "status" "TriggerEventStatus" NOT NULL DEFAULT 'RECEIVED',
    "error" TEXT,
    "dedupeKey" TEXT,
    "agentId" TEXT,
    "agentRunId" TEXT,
    "workflowId" TEXT,
    "workflowRunId" TEXT,
    "networkId" TEXT,
    "networkRunId" TEXT,
    "campaignId" TEXT,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "processedAt" TIMESTAMP(3),

    CONSTRAINT "TriggerEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Workflow" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "definition" JSONB NOT NULL,
    "isActive" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Workflow_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WorkflowVersion" (
    "id" TEXT NOT NULL,
    "workflowId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "definition" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "WorkflowVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WorkflowRun" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "workflowId" TEXT NOT NULL,
    "workflowVersion" INTEGER NOT NULL DEFAULT 1,
    "status" "RunStatus" NOT NULL DEFAULT 'QUEUED',
    "source" "RunSource" NOT NULL,
    "triggerId" TEXT,
    "triggerEventId" TEXT,
    "retryOfId" TEXT,
    "dedupeKey" TEXT,
    "input" JSONB NOT NULL,
    "output" JSONB,
    "error" TEXT,
    "suspendedStepId" TEXT,
    "suspendedAt" TIMESTAMP(3),
    "totalTokens" INTEGER NOT NULL DEFAULT 0,
    "costUsd" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completedAt" TIMESTAMP(3),
    "durationMs" INTEGER,
    "heartbeatAt" TIMESTAMP(3),
    "cancelRequestedAt" TIMESTAMP(3),
    "claimedAt" TIMESTAMP(3),
    "claimedBy" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "WorkflowRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WorkflowRunStep" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "workflowRunId" TEXT NOT NULL,
    "stepId" TEXT NOT NULL,
    "stepType" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "status" "StepStatus" NOT NULL DEFAULT 'PENDING',
    "attempt" INTEGER NOT NULL DEFAULT 1,
    "input" JSONB,
    "output" JSONB,
    "error" TEXT,
    "agentRunId" TEXT,
    "totalTokens" INTEGER NOT NULL DEFAULT 0,
    "costUsd" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "startedAt" TIMESTAMP(3),
    "completedAt" TIMESTAMP(3),
    "durationMs" INTEGER,

    CONSTRAINT "WorkflowRunStep_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WorkflowRunEvent" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "workflowRunId" TEXT NOT NULL,
    "eventType" TEXT NOT NULL,
    "stepId" TEXT,
    "stage" TEXT,
    "attempt" INTEGER,
    "message" TEXT,
    "metadata" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "WorkflowRunEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WorkflowRunEvaluation" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "workflowRunId" TEXT NOT NULL,
    "score" DOUBLE PRECISION,
    "passed" BOOLEAN,
    "summary" TEXT,
    "criteria" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "WorkflowRunEvaluation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WorkflowRunFeedback" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "workflowRunId" TEXT NOT NULL,
    "userId" TEXT,
    "rating" INTEGER,
    "comment" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "WorkflowRunFeedback_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RunArtifact" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "workflowRunId" TEXT,
    "networkRunId" TEXT,
    "agentRunId" TEXT,
    "stepId" TEXT,
    "attempt" INTEGER NOT NULL DEFAULT 1,
    "artifactType" TEXT NOT NULL,
    "filename" TEXT NOT NULL,
    "contentType" TEXT NOT NULL DEFAULT 'text/markdown',
    "content" TEXT NOT NULL,
    "score" DOUBLE PRECISION,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RunArtifact_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Network" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "goal" TEXT,
    "routerInstructions" TEXT NOT NULL,
    "routerModel" TEXT NOT NULL DEFAULT 'simulated-router',
    "maxSteps" INTEGER NOT NULL DEFAULT 8,
    "isActive" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Network_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "NetworkMember" (
    "id" TEXT NOT NULL,
    "networkId" TEXT NOT NULL,
    "agentId" TEXT NOT NULL,
    "role" TEXT,
    "position" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "NetworkMember_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "NetworkRun" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "networkId" TEXT NOT NULL,
    "status" "RunStatus" NOT NULL DEFAULT 'QUEUED',
    "source" "RunSource" NOT NULL,
    "triggerId" TEXT,
    "triggerEventId" TEXT,
    "retryOfId" TEXT,
    "dedupeKey" TEXT,
    "input" JSONB NOT NULL,
    "output" JSONB,
    "error" TEXT,
    "stepsCount" INTEGER NOT NULL DEFAULT 0,
    "totalTokens" INTEGER NOT NULL DEFAULT 0,
    "costUsd" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completedAt" TIMESTAMP(3),
    "durationMs" INTEGER,
    "heartbeatAt" TIMESTAMP(3),
    "cancelRequestedAt" TIMESTAMP(3),
    "claimedAt" TIMESTAMP(3),
    "claimedBy" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "NetworkRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "NetworkRunStep" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "networkRunId" TEXT NOT NULL,
    "stepNumber" INTEGER NOT NULL,
    "agentId" TEXT,
    "routingDecision" JSONB,
    "status" "StepStatus" NOT NULL DEFAULT 'PENDING',
    "input" JSONB,
    "output" JSONB,
    "error" TEXT,
    "agentRunId" TEXT,
    "totalTokens" INTEGER NOT NULL DEFAULT 0,
    "costUsd" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "startedAt" TIMESTAMP(3),
    "completedAt" TIMESTAMP(3),
    "durationMs" INTEGER,

    CONSTRAINT "NetworkRunStep_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "NetworkRunEvaluation" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "networkRunId" TEXT NOT NULL,
    "score" DOUBLE PRECISION,
    "passed" BOOLEAN,
    "summary" TEXT,
    "criteria" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "NetworkRunEvaluation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "NetworkRunFeedback" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "networkRunId" TEXT NOT NULL,
    "userId" TEXT,
    "rating" INTEGER,
    "comment" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "NetworkRunFeedback_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CampaignTemplate" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "intent" TEXT NOT NULL,
    "parameters" JSONB NOT NULL DEFAULT '{}',
    "requireApproval" BOOLEAN NOT NULL DEFAULT false,
    "maxCostUsd" DOUBLE PRECISION,
    "plannerAgentId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CampaignTemplate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Campaign" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "templateId" TEXT,
    "scheduleId" TEXT,
    "triggerId" TEXT,
    "triggerEventId" TEXT,
    "retryOfId" TEXT,
    "dedupeKey" TEXT,
    "name" TEXT NOT NULL,
    "intent" TEXT NOT NULL,
    "parameters" JSONB NOT NULL DEFAULT '{}',
    "status" "RunStatus" NOT NULL DEFAULT 'QUEUED',
    "source" "RunSource" NOT NULL,
    "phase" TEXT NOT NULL DEFAULT 'planning',
    "requireApproval" BOOLEAN NOT NULL DEFAULT false,
    "maxCostUsd" DOUBLE PRECISION,
    "plan" JSONB,
    "afterActionReview" JSONB,
    "stopReason" TEXT,
    "missionsTotal" INTEGER NOT NULL DEFAULT 0,
    "missionsCompleted" INTEGER NOT NULL DEFAULT 0,
    "totalTokens" INTEGER NOT NULL DEFAULT 0,
    "costUsd" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completedAt" TIMESTAMP(3),
    "durationMs" INTEGER,
    "heartbeatAt" TIMESTAMP(3),
    "cancelRequestedAt" TIMESTAMP(3),
    "claimedAt" TIMESTAMP(3),
    "claimedBy" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Campaign_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Mission" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "campaignId" TEXT NOT NULL,
    "sequence" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "objective" TEXT NOT NULL,
    "status" "StepStatus" NOT NULL DEFAULT 'PENDING',
    "requiresApproval" BOOLEAN NOT NULL DEFAULT false,
    "afterActionReview" JSONB,
    "totalTokens" INTEGER NOT NULL DEFAULT 0,
    "costUsd" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "startedAt" TIMESTAMP(3),
    "completedAt" TIMESTAMP(3),

    CONSTRAINT "Mission_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MissionTask" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "missionId" TEXT NOT NULL,
    "campaignId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "instructions" TEXT NOT NULL,
    "agentId" TEXT,
    "status" "StepStatus" NOT NULL DEFAULT 'PENDING',
    "agentRunId" TEXT,
    "output" JSONB,
    "error" TEXT,
    "totalTokens" INTEGER NOT NULL DEFAULT 0,
    "costUsd" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "startedAt" TIMESTAMP(3),
    "completedAt" TIMESTAMP(3),

    CONSTRAINT "MissionTask_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CampaignSchedule" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "templateId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "cronExpr" TEXT NOT NULL,
    "timezone" TEXT NOT NULL DEFAULT 'UTC',
    "parameters" JSONB NOT NULL DEFAULT '{}',
    "isActive" BOOLEAN NOT NULL DEFAULT true,
    "isArchived" BOOLEAN NOT NULL DEFAULT false,
    "archivedAt" TIMESTAMP(3),
    "lastRunAt" TIMESTAMP(3),
    "nextRunAt" TIMESTAMP(3),
    "runCount" INTEGER NOT NULL DEFAULT 0,
    "healthPolicyEnabled" BOOLEAN NOT NULL DEFAULT false,
    "healthThreshold" INTEGER NOT NULL DEFAULT 60,
    "healthWindow" INTEGER NOT NULL DEFAULT 50,
    "healthAction" "HealthAction" NOT NULL DEFAULT 'disable',
    "healthTriggeredAt" TIMESTAMP(3),
    "originalCronExpr" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CampaignSchedule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CampaignTrigger" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "templateId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "eventName" TEXT NOT NULL,
    "filter" JSONB,
    "parameterMapping" JSONB,
    "isActive" BOOLEAN NOT NULL DEFAULT true,
    "isArchived" BOOLEAN NOT NULL DEFAULT false,
    "archivedAt" TIMESTAMP(3),
    "lastTriggeredAt" TIMESTAMP(3),
    "triggerCount" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CampaignTrigger_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Pulse" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "goal" TEXT NOT NULL,
    "status" "PulseStatus" NOT NULL DEFAULT 'ACTIVE',
    "evalCronExpr" TEXT NOT NULL,
    "evalTimezone" TEXT NOT NULL DEFAULT 'UTC',
    "evalWindowHours" INTEGER NOT NULL DEFAULT 168,
    "lastEvaluatedAt" TIMESTAMP(3),
    "nextEvalAt" TIMESTAMP(3),
    "isArchived" BOOLEAN NOT NULL DEFAULT false,
    "archivedAt" TIMESTAMP(3),
    "healthPolicyEnabled" BOOLEAN NOT NULL DEFAULT false,
    "healthThreshold" INTEGER NOT NULL DEFAULT 60,
    "healthWindow" INTEGER NOT NULL DEFAULT 50,
    "healthAction" "HealthAction" NOT NULL DEFAULT 'alert',
    "healthTriggeredAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Pulse_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PulseMember" (
    "id" TEXT NOT NULL,
    "pulseId" TEXT NOT NULL,
    "agentId" TEXT NOT NULL,
    "role" TEXT,
    "capacity" INTEGER NOT NULL DEFAULT 3,
    "scheduleId" TEXT,
    "joinedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PulseMember_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PulseEvaluation" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "pulseId" TEXT NOT NULL,
    "status" "RunStatus" NOT NULL DEFAULT 'QUEUED',
    "source" "RunSource" NOT NULL,
    "triggerId" TEXT,
    "retryOfId" TEXT,
    "dedupeKey" TEXT,
    "windowStart" TIMESTAMP(3),
    "windowEnd" TIMESTAMP(3),
    "rankings" JSONB,
    "actions" JSONB,
    "report" TEXT,
    "error" TEXT,
    "totalTokens" INTEGER NOT NULL DEFAULT 0,
    "costUsd" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completedAt" TIMESTAMP(3),
    "durationMs" INTEGER,
    "heartbeatAt" TIMESTAMP(3),
    "cancelRequestedAt" TIMESTAMP(3),
    "claimedAt" TIMESTAMP(3),
    "claimedBy" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PulseEvaluation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ActivityEvent" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "type" "ActivityEventType" NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT,
    "status" TEXT,
    "agentId" TEXT,
    "agentSlug" TEXT,
    "runId" TEXT,
    "workflowRunId" TEXT,
    "networkRunId" TEXT,
    "campaignId" TEXT,
    "missionId" TEXT,
    "pulseId" TEXT,
    "triggerId" TEXT,
    "approvalId" TEXT,
    "parentEventId" TEXT,
    "costUsd" DOUBLE PRECISION,
    "durationMs" INTEGER,
    "totalTokens" INTEGER,
    "metadata" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ActivityEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApprovalRequest" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "sourceType" TEXT NOT NULL,
    "status" "ApprovalStatus" NOT NULL DEFAULT 'pending',
    "title" TEXT NOT NULL,
    "summary" TEXT,
    "prompt" TEXT,
    "agentId" TEXT,
    "workflowRunId" TEXT,
    "workflowStepId" TEXT,
    "campaignId" TEXT,
    "missionId" TEXT,
    "networkRunId" TEXT,
    "githubRepo" TEXT,
    "reviewContext" JSONB,
    "payload" JSONB,
    "estimatedCostUsd" DOUBLE PRECISION,
    "requestedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3),
    "decidedAt" TIMESTAMP(3),
    "decidedByUserId" TEXT,
    "decidedByLabel" TEXT,
    "decisionNotes" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ApprovalRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApprovalAudit" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "approvalRequestId" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "actorUserId" TEXT,
    "actorLabel" TEXT NOT NULL,
    "notes" TEXT,
    "metadata" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ApprovalAudit_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AutomationDependency" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "automationId" TEXT NOT NULL,
    "dependsOnId" TEXT NOT NULL,
    "note" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AutomationDependency_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RuntimeEvent" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT,
    "layer" TEXT NOT NULL,
    "operation" TEXT NOT NULL,
    "reasonCode" TEXT NOT NULL,
    "entityId" TEXT NOT NULL,
    "taskId" TEXT,
    "workerId" TEXT,
    "metadata" JSONB NOT NULL DEFAULT '{}',
    "occurredAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RuntimeEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WorkerStatus" (
    "workerId" TEXT NOT NULL,
    "agentType" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "circuitOpen" BOOLEAN NOT NULL DEFAULT false,
    "circuitReason" TEXT,
    "lastHeartbeat" TIMESTAMP(3) NOT NULL,
    "currentTaskId" TEXT,
    "metadata" JSONB NOT NULL DEFAULT '{}',
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "WorkerStatus_pkey" PRIMARY KEY ("workerId")
);

-- CreateTable
CREATE TABLE "CircuitBreaker" (
    "name" TEXT NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'closed',
    "consecutiveFailures" INTEGER NOT NULL DEFAULT 0,
    "openedAt" TIMESTAMP(3),
    "lastFailureAt" TIMESTAMP(3),
    "lastReason" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CircuitBreaker_pkey" PRIMARY KEY ("name")
);

-- CreateTable
CREATE TABLE "ExecutionJob" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT,
    "eventName" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "status" "JobStatus" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "maxAttempts" INTEGER NOT NULL DEFAULT 4,
    "runAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "leaseOwner" TEXT,
    "leaseExpiresAt" TIMESTAMP(3),
    "lastError" TEXT,
    "result" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "completedAt" TIMESTAMP(3),

    CONSTRAINT "ExecutionJob_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Organization_slug_key" ON "Organization"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

-- CreateIndex
CREATE UNIQUE INDEX "Session_token_key" ON "Session"("token");

-- CreateIndex
CREATE INDEX "Session_userId_idx" ON "Session"("userId");

-- CreateIndex
CREATE INDEX "Account_userId_idx" ON "Account"("userId");

-- CreateIndex
CREATE INDEX "Verification_identifier_idx" ON "Verification"("identifier");

-- CreateIndex
CREATE INDEX "Membership_userId_idx" ON "Membership"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "Membership_organizationId_userId_key" ON "Membership"("organizationId", "userId");

-- CreateIndex
CREATE UNIQUE INDEX "ApiKey_keyHash_key" ON "ApiKey"("keyHash");

-- CreateIndex
CREATE INDEX "ApiKey_organizationId_idx" ON "ApiKey"("organizationId");

-- CreateIndex
CREATE UNIQUE INDEX "Agent_organizationId_slug_key" ON "Agent"("organizationId", "slug");

-- CreateIndex
CREATE INDEX "AgentRun_organizationId_startedAt_id_idx" ON "AgentRun"("organizationId", "startedAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "AgentRun_organizationId_status_idx" ON "AgentRun"("organizationId", "status");

-- CreateIndex
CREATE INDEX "AgentRun_triggerId_startedAt_idx" ON "AgentRun"("triggerId", "startedAt" DESC);

-- CreateIndex
CREATE INDEX "AgentRun_agentId_startedAt_idx" ON "AgentRun"("agentId", "startedAt" DESC);

-- CreateIndex
CREATE INDEX "AgentRun_workflowRunId_idx" ON "AgentRun"("workflowRunId");

-- CreateIndex
CREATE INDEX "AgentRun_networkRunId_idx" ON "AgentRun"("networkRunId");

-- CreateIndex
CREATE UNIQUE INDEX "AgentRun_organizationId_dedupeKey_key" ON "AgentRun"("organizationId", "dedupeKey");

-- CreateIndex
CREATE INDEX "AgentToolCall_agentRunId_idx" ON "AgentToolCall"("agentRunId");

-- CreateIndex
CREATE INDEX "AgentSchedule_organizationId_idx" ON "AgentSchedule"("organizationId");

-- CreateIndex
CREATE INDEX "AgentSchedule_isActive_nextRunAt_idx" ON "AgentSchedule"("isActive", "nextRunAt");

-- CreateIndex
CREATE UNIQUE INDEX "AgentTrigger_webhookPath_key" ON "AgentTrigger"("webhookPath");

-- CreateIndex
CREATE INDEX "AgentTrigger_organizationId_entityType_idx" ON "AgentTrigger"("organizationId", "entityType");

-- CreateIndex
CREATE INDEX "AgentTrigger_organizationId_eventName_isActive_idx" ON "AgentTrigger"("organizationId", "eventName", "isActive");

-- CreateIndex
CREATE INDEX "TriggerEvent_organizationId_receivedAt_idx" ON "TriggerEvent"("organizationId", "receivedAt" DESC);

-- CreateIndex
CREATE INDEX "TriggerEvent_triggerId_idx" ON "TriggerEvent"("triggerId");

-- CreateIndex
CREATE UNIQUE INDEX "TriggerEvent_organizationId_dedupeKey_key" ON "TriggerEvent"("organizationId", "dedupeKey");

-- CreateIndex
CREATE UNIQUE INDEX "Workflow_organizationId_slug_key" ON "Workflow"("organizationId", "slug");

-- CreateIndex
CREATE UNIQUE INDEX "WorkflowVersion_workflowId_version_key" ON "WorkflowVersion"("workflowId", "version");

-- CreateIndex
CREATE INDEX "WorkflowRun_organizationId_startedAt_id_idx" ON "WorkflowRun"("organizationId", "startedAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "WorkflowRun_organizationId_status_idx" ON "WorkflowRun"("organizationId", "status");

-- CreateIndex
CREATE INDEX "WorkflowRun_triggerId_startedAt_idx" ON "WorkflowRun"("triggerId", "startedAt" DESC);

-- CreateIndex
CREATE INDEX "WorkflowRun_workflowId_startedAt_idx" ON "WorkflowRun"("workflowId", "startedAt" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "WorkflowRun_organizationId_dedupeKey_key" ON "WorkflowRun"("organizationId", "dedupeKey");

-- CreateIndex
CREATE INDEX "WorkflowRunStep_agentRunId_idx" ON "WorkflowRunStep"("agentRunId");

-- CreateIndex
CREATE UNIQUE INDEX "WorkflowRunStep_workflowRunId_stepId_key" ON "WorkflowRunStep"("workflowRunId", "stepId");

-- CreateIndex
CREATE INDEX "WorkflowRunEvent_workflowRunId_createdAt_idx" ON "WorkflowRunEvent"("workflowRunId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "WorkflowRunEvaluation_workflowRunId_key" ON "WorkflowRunEvaluation"("workflowRunId");

-- CreateIndex
CREATE INDEX "WorkflowRunFeedback_workflowRunId_idx" ON "WorkflowRunFeedback"("workflowRunId");

-- CreateIndex
CREATE INDEX "RunArtifact_workflowRunId_idx" ON "RunArtifact"("workflowRunId");

-- CreateIndex
CREATE INDEX "RunArtifact_networkRunId_idx" ON "RunArtifact"("networkRunId");

-- CreateIndex
CREATE INDEX "RunArtifact_agentRunId_idx" ON "RunArtifact"("agentRunId");

-- CreateIndex
CREATE UNIQUE INDEX "Network_organizationId_slug_key" ON "Network"("organizationId", "slug");

-- CreateIndex
CREATE UNIQUE INDEX "NetworkMember_networkId_agentId_key" ON "NetworkMember"("networkId", "agentId");

-- CreateIndex
CREATE INDEX "NetworkRun_organizationId_startedAt_id_idx" ON "NetworkRun"("organizationId", "startedAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "NetworkRun_organizationId_status_idx" ON "NetworkRun"("organizationId", "status");

-- CreateIndex
CREATE INDEX "NetworkRun_triggerId_startedAt_idx" ON "NetworkRun"("triggerId", "startedAt" DESC);

-- CreateIndex
CREATE INDEX "NetworkRun_networkId_startedAt_idx" ON "NetworkRun"("networkId", "startedAt" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "NetworkRun_organizationId_dedupeKey_key" ON "NetworkRun"("organizationId", "dedupeKey");

-- CreateIndex
CREATE INDEX "NetworkRunStep_agentRunId_idx" ON "NetworkRunStep"("agentRunId");

-- CreateIndex
CREATE UNIQUE INDEX "NetworkRunStep_networkRunId_stepNumber_key" ON "NetworkRunStep"("networkRunId", "stepNumber");

-- CreateIndex
CREATE UNIQUE INDEX "NetworkRunEvaluation_networkRunId_key" ON "NetworkRunEvaluation"("networkRunId");

-- CreateIndex
CREATE INDEX "NetworkRunFeedback_networkRunId_idx" ON "NetworkRunFeedback"("networkRunId");

-- CreateIndex
CREATE UNIQUE INDEX "CampaignTemplate_organizationId_slug_key" ON "CampaignTemplate"("organizationId", "slug");

-- CreateIndex
CREATE INDEX "Campaign_organizationId_startedAt_id_idx" ON "Campaign"("organizationId", "startedAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "Campaign_organizationId_status_idx" ON "Campaign"("organizationId", "status");

-- CreateIndex
CREATE INDEX "Campaign_scheduleId_startedAt_idx" ON "Campaign"("scheduleId", "startedAt" DESC);

-- CreateIndex
CREATE INDEX "Campaign_triggerId_startedAt_idx" ON "Campaign"("triggerId", "startedAt" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "Campaign_organizationId_dedupeKey_key" ON "Campaign"("organizationId", "dedupeKey");

-- CreateIndex
CREATE INDEX "Mission_campaignId_sequence_idx" ON "Mission"("campaignId", "sequence");

-- CreateIndex
CREATE INDEX "MissionTask_missionId_idx" ON "MissionTask"("missionId");

-- CreateIndex
CREATE INDEX "MissionTask_campaignId_idx" ON "MissionTask"("campaignId");

-- CreateIndex
CREATE INDEX "MissionTask_agentRunId_idx" ON "MissionTask"("agentRunId");

-- CreateIndex
CREATE INDEX "CampaignSchedule_organizationId_idx" ON "CampaignSchedule"("organizationId");

-- CreateIndex
CREATE INDEX "CampaignSchedule_isActive_nextRunAt_idx" ON "CampaignSchedule"("isActive", "nextRunAt");

-- CreateIndex
CREATE INDEX "CampaignTrigger_organizationId_eventName_isActive_idx" ON "CampaignTrigger"("organizationId", "eventName", "isActive");

-- CreateIndex
CREATE INDEX "Pulse_status_nextEvalAt_idx" ON "Pulse"("status", "nextEvalAt");

-- CreateIndex
CREATE UNIQUE INDEX "Pulse_organizationId_slug_key" ON "Pulse"("organizationId", "slug");

-- CreateIndex
CREATE UNIQUE INDEX "PulseMember_pulseId_agentId_key" ON "PulseMember"("pulseId", "agentId");

-- CreateIndex
CREATE INDEX "PulseEvaluation_organizationId_startedAt_id_idx" ON "PulseEvaluation"("organizationId", "startedAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "PulseEvaluation_organizationId_status_idx" ON "PulseEvaluation"("organizationId", "status");

-- CreateIndex
CREATE INDEX "PulseEvaluation_pulseId_startedAt_idx" ON "PulseEvaluation"("pulseId", "startedAt" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "PulseEvaluation_organizationId_dedupeKey_key" ON "PulseEvaluation"("organizationId", "dedupeKey");

-- CreateIndex
CREATE INDEX "ActivityEvent_organizationId_createdAt_id_idx" ON "ActivityEvent"("organizationId", "createdAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "ActivityEvent_organizationId_type_idx" ON "ActivityEvent"("organizationId", "type");

-- CreateIndex
CREATE INDEX "ActivityEvent_workflowRunId_idx" ON "ActivityEvent"("workflowRunId");

-- CreateIndex
CREATE INDEX "ActivityEvent_networkRunId_idx" ON "ActivityEvent"("networkRunId");

-- CreateIndex
CREATE INDEX "ActivityEvent_campaignId_idx" ON "ActivityEvent"("campaignId");

-- CreateIndex
CREATE INDEX "ActivityEvent_runId_idx" ON "ActivityEvent"("runId");

-- CreateIndex
CREATE INDEX "ApprovalRequest_organizationId_status_requestedAt_idx" ON "ApprovalRequest"("organizationId", "status", "requestedAt" DESC);

-- CreateIndex
CREATE INDEX "ApprovalRequest_organizationId_sourceType_idx" ON "ApprovalRequest"("organizationId", "sourceType");

-- CreateIndex
CREATE INDEX "ApprovalAudit_approvalRequestId_createdAt_idx" ON "ApprovalAudit"("approvalRequestId", "createdAt");

-- CreateIndex
CREATE INDEX "AutomationDependency_organizationId_dependsOnId_idx" ON "AutomationDependency"("organizationId", "dependsOnId");

-- CreateIndex
CREATE UNIQUE INDEX "AutomationDependency_organizationId_automationId_dependsOnI_key" ON "AutomationDependency"("organizationId", "automationId", "dependsOnId");

-- CreateIndex
CREATE INDEX "RuntimeEvent_occurredAt_idx" ON "RuntimeEvent"("occurredAt" DESC);

-- CreateIndex
CREATE INDEX "RuntimeEvent_layer_occurredAt_idx" ON "RuntimeEvent"("layer", "occurredAt" DESC);

-- CreateIndex
CREATE INDEX "RuntimeEvent_reasonCode_occurredAt_idx" ON "RuntimeEvent"("reasonCode", "occurredAt" DESC);

-- CreateIndex
CREATE INDEX "RuntimeEvent_entityId_occurredAt_idx" ON "RuntimeEvent"("entityId", "occurredAt" DESC);

-- CreateIndex
CREATE INDEX "WorkerStatus_status_updatedAt_idx" ON "WorkerStatus"("status", "updatedAt" DESC);

-- CreateIndex
CREATE INDEX "WorkerStatus_circuitOpen_updatedAt_idx" ON "WorkerStatus"("circuitOpen", "updatedAt" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "ExecutionJob_eventId_key" ON "ExecutionJob"("eventId");

-- CreateIndex
CREATE INDEX "ExecutionJob_status_runAt_idx" ON "ExecutionJob"("status", "runAt");

-- CreateIndex
CREATE INDEX "ExecutionJob_createdAt_idx" ON "ExecutionJob"("createdAt" DESC);

-- AddForeignKey
ALTER TABLE "Session" ADD CONSTRAINT "Session_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Account" ADD CONSTRAINT "Account_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Membership" ADD CONSTRAINT "Membership_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Membership" ADD CONSTRAINT "Membership_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApiKey" ADD CONSTRAINT "ApiKey_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Agent" ADD CONSTRAINT "Agent_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AgentRun" ADD CONSTRAINT "AgentRun_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "Agent"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AgentToolCall" ADD CONSTRAINT "AgentToolCall_agentRunId_fkey" FOREIGN KEY ("agentRunId") REFERENCES "AgentRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AgentSchedule" ADD CONSTRAINT "AgentSchedule_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "Agent"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AgentSchedule" ADD CONSTRAINT "AgentSchedule_workflowId_fkey" FOREIGN KEY ("workflowId") REFERENCES "Workflow"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AgentSchedule" ADD CONSTRAINT "AgentSchedule_networkId_fkey" FOREIGN KEY ("networkId") REFERENCES "Network"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AgentTrigger" ADD CONSTRAINT "AgentTrigger_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "Agent"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AgentTrigger" ADD CONSTRAINT "AgentTrigger_workflowId_fkey" FOREIGN KEY ("workflowId") REFERENCES "Workflow"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AgentTrigger" ADD CONSTRAINT "AgentTrigger_networkId_fkey" FOREIGN KEY ("networkId") REFERENCES "Network"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TriggerEvent" ADD CONSTRAINT "TriggerEvent_triggerId_fkey" FOREIGN KEY ("triggerId") REFERENCES "AgentTrigger"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Workflow" ADD CONSTRAINT "Workflow_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WorkflowVersion" ADD CONSTRAINT "WorkflowVersion_workflowId_fkey" FOREIGN KEY ("workflowId") REFERENCES "Workflow"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WorkflowRun" ADD CONSTRAINT "WorkflowRun_workflowId_fkey" FOREIGN KEY ("workflowId") REFERENCES "Workflow"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WorkflowRunStep" ADD CONSTRAINT "WorkflowRunStep_workflowRunId_fkey" FOREIGN KEY ("workflowRunId") REFERENCES "WorkflowRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WorkflowRunStep" ADD CONSTRAINT "WorkflowRunStep_agentRunId_fkey" FOREIGN KEY ("agentRunId") REFERENCES "AgentRun"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WorkflowRunEvent" ADD CONSTRAINT "WorkflowRunEvent_workflowRunId_fkey" FOREIGN KEY ("workflowRunId") REFERENCES "WorkflowRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WorkflowRunEvaluation" ADD CONSTRAINT "WorkflowRunEvaluation_workflowRunId_fkey" FOREIGN KEY ("workflowRunId") REFERENCES "WorkflowRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WorkflowRunFeedback" ADD CONSTRAINT "WorkflowRunFeedback_workflowRunId_fkey" FOREIGN KEY ("workflowRunId") REFERENCES "WorkflowRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RunArtifact" ADD CONSTRAINT "RunArtifact_workflowRunId_fkey" FOREIGN KEY ("workflowRunId") REFERENCES "WorkflowRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RunArtifact" ADD CONSTRAINT "RunArtifact_networkRunId_fkey" FOREIGN KEY ("networkRunId") REFERENCES "NetworkRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RunArtifact" ADD CONSTRAINT "RunArtifact_agentRunId_fkey" FOREIGN KEY ("agentRunId") REFERENCES "AgentRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Network" ADD CONSTRAINT "Network_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NetworkMember" ADD CONSTRAINT "NetworkMember_networkId_fkey" FOREIGN KEY ("networkId") REFERENCES "Network"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NetworkMember" ADD CONSTRAINT "NetworkMember_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "Agent"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NetworkRun" ADD CONSTRAINT "NetworkRun_networkId_fkey" FOREIGN KEY ("networkId") REFERENCES "Network"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NetworkRunStep" ADD CONSTRAINT "NetworkRunStep_networkRunId_fkey" FOREIGN KEY ("networkRunId") REFERENCES "NetworkRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NetworkRunStep" ADD CONSTRAINT "NetworkRunStep_agentRunId_fkey" FOREIGN KEY ("agentRunId") REFERENCES "AgentRun"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NetworkRunEvaluation" ADD CONSTRAINT "NetworkRunEvaluation_networkRunId_fkey" FOREIGN KEY ("networkRunId") REFERENCES "NetworkRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NetworkRunFeedback" ADD CONSTRAINT "NetworkRunFeedback_networkRunId_fkey" FOREIGN KEY ("networkRunId") REFERENCES "NetworkRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Campaign" ADD CONSTRAINT "Campaign_templateId_fkey" FOREIGN KEY ("templateId") REFERENCES "CampaignTemplate"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Campaign" ADD CONSTRAINT "Campaign_scheduleId_fkey" FOREIGN KEY ("scheduleId") REFERENCES "CampaignSchedule"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Campaign" ADD CONSTRAINT "Campaign_triggerId_fkey" FOREIGN KEY ("triggerId") REFERENCES "CampaignTrigger"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Mission" ADD CONSTRAINT "Mission_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MissionTask" ADD CONSTRAINT "MissionTask_missionId_fkey" FOREIGN KEY ("missionId") REFERENCES "Mission"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MissionTask" ADD CONSTRAINT "MissionTask_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "Agent"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MissionTask" ADD CONSTRAINT "MissionTask_agentRunId_fkey" FOREIGN KEY ("agentRunId") REFERENCES "AgentRun"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CampaignSchedule" ADD CONSTRAINT "CampaignSchedule_templateId_fkey" FOREIGN KEY ("templateId") REFERENCES "CampaignTemplate"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CampaignTrigger" ADD CONSTRAINT "CampaignTrigger_templateId_fkey" FOREIGN KEY ("templateId") REFERENCES "CampaignTemplate"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PulseMember" ADD CONSTRAINT "PulseMember_pulseId_fkey" FOREIGN KEY ("pulseId") REFERENCES "Pulse"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PulseMember" ADD CONSTRAINT "PulseMember_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "Agent"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PulseEvaluation" ADD CONSTRAINT "PulseEvaluation_pulseId_fkey" FOREIGN KEY ("pulseId") REFERENCES "Pulse"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApprovalRequest" ADD CONSTRAINT "ApprovalRequest_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "Agent"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApprovalRequest" ADD CONSTRAINT "ApprovalRequest_workflowRunId_fkey" FOREIGN KEY ("workflowRunId") REFERENCES "WorkflowRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApprovalRequest" ADD CONSTRAINT "ApprovalRequest_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApprovalRequest" ADD CONSTRAINT "ApprovalRequest_missionId_fkey" FOREIGN KEY ("missionId") REFERENCES "Mission"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApprovalAudit" ADD CONSTRAINT "ApprovalAudit_approvalRequestId_fkey" FOREIGN KEY ("approvalRequestId") REFERENCES "ApprovalRequest"("id") ON DELETE CASCADE ON UPDATE CASCADE;
