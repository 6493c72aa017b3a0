import { executionTriggerRoutes } from "@/lib/execution-triggers";

const routes = executionTriggerRoutes("network");
export const GET = routes.list;
export const POST = routes.create;
