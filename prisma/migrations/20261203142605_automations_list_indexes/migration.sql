-- AlterTable
ALTER TABLE "AutomationRunDaily" DROP CONSTRAINT "AutomationRunDaily_pkey",
ADD CONSTRAINT "AutomationRunDaily_pkey" PRIMARY KEY ("organizationId", "kind", "day", "key", "shard");

-- CreateIndex
CREATE INDEX "Campaign_templateId_startedAt_idx" ON "Campaign"("templateId", "startedAt" DESC);
