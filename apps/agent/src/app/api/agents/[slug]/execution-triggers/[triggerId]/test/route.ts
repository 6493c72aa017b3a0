import { executionTriggerRoutes } from "@/lib/execution-triggers";
import { routeMethods } from "@/lib/api";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  POST: executionTriggerRoutes("agent").test,
});
