import { executionTriggerRoutes } from "@/lib/execution-triggers";
import { routeMethods } from "@/lib/api";

const routes = executionTriggerRoutes("network");

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  GET: routes.list,
  POST: routes.create,
});
