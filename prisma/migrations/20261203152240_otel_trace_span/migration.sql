-- AlterTable
ALTER TABLE "AgentRun" ADD COLUMN     "traceSpanId" TEXT;

-- AlterTable
ALTER TABLE "WorkflowRun" ADD COLUMN     "traceSpanId" TEXT;

-- AlterTable
ALTER TABLE "NetworkRun" ADD COLUMN     "traceSpanId" TEXT;

-- AlterTable
ALTER TABLE "Campaign" ADD COLUMN     "traceSpanId" TEXT;

-- AlterTable
ALTER TABLE "PulseEvaluation" ADD COLUMN     "traceSpanId" TEXT;
