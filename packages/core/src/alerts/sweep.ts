import type { PrismaClient } from "@switchyard/database";
import { sweepAlertDeliveries, type DeliveryOptions } from "./delivery.ts";
import { sweepAlertConditions } from "./evaluate.ts";

/**
 * The alerts' share of the scheduler tick: look at the swept conditions, then retry the deliveries
 * that are due. Never throws: alerts must not stop the schedules from firing.
 */
export async function runAlertSweep(db: PrismaClient, now: Date = new Date(), options: DeliveryOptions = {}) {
  try {
    const conditions = await sweepAlertConditions(db, now, options);
    const deliveries = await sweepAlertDeliveries(db, now, options);
    return { ...conditions, delivered: deliveries.delivered, retrying: deliveries.retrying, failed: deliveries.failed };
  } catch (error) {
    console.warn(`[alerts] sweep failed: ${(error as Error).message}`);
    return { opened: 0, resolved: 0, delivered: 0, retrying: 0, failed: 0 };
  }
}
