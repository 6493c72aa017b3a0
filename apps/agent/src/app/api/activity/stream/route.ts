import { decodeCursor, encodeCursor } from "@switchyard/core/activity/cursor";
import { ActivityStreamQuery, latestActivityPosition, listActivitySince } from "@switchyard/core/activity/feed";
import { route, routeMethods } from "@/lib/api";

/** How often the table is polled for new events. */
const POLL_INTERVAL_MS = 2000;
const HEARTBEAT_EVERY_POLLS = 10;

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  /**
   * Server-sent events of the caller's organization's new activity events. Each event's SSE id is its
   * keyset cursor, so a reconnecting client (Last-Event-ID, or `?after=`) resumes without a gap. The
   * stream polls from the last seen (createdAt, id) and ends when the client disconnects.
   */
  GET: route(
    { doc: { summary: "Server-sent events of new activity", tag: "Activity", contentType: "text/event-stream" }, query: ActivityStreamQuery },
    async ({ ctx, query, request }) => {
      const resumeFrom = query.after ?? request.headers.get("last-event-id") ?? undefined;
      let position = resumeFrom ? decodeCursor(resumeFrom) : await latestActivityPosition(ctx);
      const encoder = new TextEncoder();
      let timer: ReturnType<typeof setTimeout> | undefined;
      let closed = false;

      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          const close = () => {
            if (closed) return;
            closed = true;
            clearTimeout(timer);
            try {
              controller.close();
            } catch {
              // already closed by the runtime
            }
          };
          request.signal.addEventListener("abort", close, { once: true });
          controller.enqueue(encoder.encode(`retry: ${POLL_INTERVAL_MS}\n\n`));
          let polls = 0;
          const poll = async () => {
            if (closed) return;
            try {
              const events = await listActivitySince(ctx, position);
              for (const event of events) {
                position = { at: event.createdAt, id: event.id };
                controller.enqueue(encoder.encode(`id: ${encodeCursor(event.createdAt, event.id)}\nevent: activity\ndata: ${JSON.stringify(event)}\n\n`));
              }
              polls += 1;
              if (events.length === 0 && polls % HEARTBEAT_EVERY_POLLS === 0) controller.enqueue(encoder.encode(`: keep-alive\n\n`));
            } catch (error) {
              // A failed poll is retried on the next tick; the stream stays open.
              console.warn(`[activity-stream] poll failed: ${(error as Error).message}`);
            }
            if (!closed) timer = setTimeout(poll, POLL_INTERVAL_MS);
          };
          void poll();
        },
        cancel() {
          closed = true;
          clearTimeout(timer);
        },
      });
      return new Response(stream, {
        headers: {
          "content-type": "text/event-stream; charset=utf-8",
          "cache-control": "no-cache, no-transform",
          connection: "keep-alive",
          "x-accel-buffering": "no",
        },
      });
    },
  ),
});
