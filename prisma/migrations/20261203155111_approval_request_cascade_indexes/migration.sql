-- CreateIndex
CREATE INDEX "ApprovalRequest_workflowRunId_idx" ON "ApprovalRequest"("workflowRunId");

-- CreateIndex
CREATE INDEX "ApprovalRequest_campaignId_idx" ON "ApprovalRequest"("campaignId");

-- CreateIndex
CREATE INDEX "ApprovalRequest_missionId_idx" ON "ApprovalRequest"("missionId");
