import { executionTriggerRoutes } from "@/lib/execution-triggers";

const routes = executionTriggerRoutes("workflow");
export const GET = routes.list;
export const POST = routes.create;
