import type { ExecutionEngine } from "@switchyard/core/execution/events";
import { Inngest } from "inngest";

/** Reads INNGEST_EVENT_KEY, INNGEST_SIGNING_KEY and INNGEST_DEV from the environment. */
export const inngest = new Inngest({ id: "switchyard" });

/** The Inngest backend of ExecutionEngine. The event id is Inngest's deduplication id too. */
export const inngestEngine: ExecutionEngine = {
  kind: "inngest",
  async send(events) {
    const list = [events].flat();
    if (list.length === 0) return;
    await inngest.send(list.map((event) => ({ id: event.id, name: event.name, data: event.data as Record<string, unknown> })));
  },
};
