import { executionTriggerRoutes } from "@/lib/execution-triggers";

const routes = executionTriggerRoutes("workflow");
export const GET = routes.get;
export const PATCH = routes.update;
export const DELETE = routes.remove;
