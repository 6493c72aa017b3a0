import { authorizeMetricsScrape, PROMETHEUS_CONTENT_TYPE, renderPrometheusMetrics } from "@switchyard/core/telemetry/prometheus";
import { getDatabase } from "@switchyard/database";
import { route, routeMethods } from "@/lib/api";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  // The scrape authenticates in core: the metrics token or an ADMIN API key, never a session.
  GET: route(
    { doc: { summary: "Prometheus metrics (text exposition format)", tag: "Runtime", contentType: PROMETHEUS_CONTENT_TYPE }, auth: "none" },
    async ({ request }) => {
      const { prisma } = await getDatabase();
      const scope = await authorizeMetricsScrape(prisma, request.headers.get("authorization"));
      return new Response(await renderPrometheusMetrics(prisma, scope), { headers: { "content-type": PROMETHEUS_CONTENT_TYPE } });
    },
  ),
});
