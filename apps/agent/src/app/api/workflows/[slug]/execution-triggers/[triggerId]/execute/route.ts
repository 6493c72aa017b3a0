import { executionTriggerRoutes } from "@/lib/execution-triggers";

export const POST = executionTriggerRoutes("workflow").execute;
