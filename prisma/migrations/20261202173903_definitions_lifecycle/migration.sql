-- AlterTable
ALTER TABLE "Agent" ADD COLUMN     "archivedAt" TIMESTAMP(3),
ADD COLUMN     "inputSchema" JSONB,
ADD COLUMN     "maxTokens" INTEGER,
ADD COLUMN     "outputSchema" JSONB,
ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 1;

-- AlterTable
ALTER TABLE "AgentRun" ADD COLUMN     "agentVersion" INTEGER;

-- AlterTable
ALTER TABLE "AgentSchedule" ADD COLUMN     "fromDefinition" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "AgentTrigger" ADD COLUMN     "fromDefinition" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "Workflow" ADD COLUMN     "archivedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "WorkflowVersion" ADD COLUMN     "createdById" TEXT;

-- AlterTable
ALTER TABLE "Network" ADD COLUMN     "archivedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "CampaignTemplate" ADD COLUMN     "archivedAt" TIMESTAMP(3),
ADD COLUMN     "isActive" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN     "missionPlan" JSONB;

-- AlterTable
ALTER TABLE "Pulse" ADD COLUMN     "scoringRules" JSONB;

-- CreateTable
CREATE TABLE "AgentVersion" (
    "id" TEXT NOT NULL,
    "agentId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "instructions" TEXT NOT NULL,
    "modelProvider" TEXT NOT NULL,
    "modelName" TEXT NOT NULL,
    "temperature" DOUBLE PRECISION,
    "maxTokens" INTEGER,
    "tools" JSONB NOT NULL DEFAULT '[]',
    "inputSchema" JSONB,
    "outputSchema" JSONB,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AgentVersion_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "AgentVersion_agentId_version_key" ON "AgentVersion"("agentId", "version");

-- AddForeignKey
ALTER TABLE "AgentVersion" ADD CONSTRAINT "AgentVersion_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "Agent"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Every existing agent starts at version 1, as it is now.
INSERT INTO "AgentVersion" ("id", "agentId", "version", "instructions", "modelProvider", "modelName", "temperature", "tools", "createdAt")
SELECT 'agv1_' || "id", "id", 1, "instructions", "modelProvider", "modelName", "temperature", "tools", "createdAt" FROM "Agent";
