import { ChannelTestResult, testAlertChannel } from "@switchyard/core/alerts/channels";
import { route, routeMethods } from "@/lib/api";
import { AlertParams } from "../../../schema";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  POST: route(
    { doc: { summary: "Send a test message through an alert channel now", tag: "Alerts", response: ChannelTestResult }, role: "ADMIN", params: AlertParams },
    async ({ ctx, params }) => testAlertChannel(ctx, params.id),
  ),
});
