import { EVENT_NAMES, PulseEvaluatePayload, type EventHandlerDeps, type EventHandlers } from "../execution/events.ts";
import { evaluatePulse } from "./evaluation.ts";

/** The pulse/evaluate handler, for the local worker and the Inngest function alike. */
export function createPulseHandlers(deps: Pick<EventHandlerDeps, "db">): EventHandlers {
  return {
    [EVENT_NAMES.pulseEvaluate]: async (event, step) => {
      const payload = PulseEvaluatePayload.parse(event.data);
      const evaluation = await step.run("evaluate-pulse", () => evaluatePulse(deps.db, payload));
      return { pulseEvaluationId: evaluation.id, status: evaluation.status };
    },
  };
}
