import { executionTriggerRoutes } from "@/lib/execution-triggers";

const routes = executionTriggerRoutes("agent");
export const GET = routes.list;
export const POST = routes.create;
