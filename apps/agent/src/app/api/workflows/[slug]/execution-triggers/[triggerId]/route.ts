import { executionTriggerRoutes } from "@/lib/execution-triggers";
import { routeMethods } from "@/lib/api";

const routes = executionTriggerRoutes("workflow");

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  GET: routes.get,
  PATCH: routes.update,
  DELETE: routes.remove,
});
