import { DecisionPayload, EVENT_NAMES, TriggerFirePayload, type EventHandlerDeps, type EventHandlers, type StepTools } from "../execution/events.ts";
import { withRunSpan } from "../telemetry/tracing.ts";
import { outboundPolicyFromEnv } from "./outbound-policy.ts";
import {
  applyWorkflowDecision,
  MAX_BATCHES,
  runWorkflowBatch,
  startWorkflowFire,
  workflowRunSpan,
  type BatchResult,
  type WorkflowRunRef,
  type WorkflowRuntimeOptions,
} from "./runtime.ts";

/**
 * The workflow events, for the local worker and the Inngest functions alike. Each batch of a run is
 * its own memoized step, so a retried handler skips the batches that finished and continues from the
 * persisted steps.
 */
export function createWorkflowHandlers(deps: EventHandlerDeps): EventHandlers {
  const options: WorkflowRuntimeOptions = {
    workerId: deps.workerId,
    sleep: deps.sleep,
    outboundPolicy: deps.outboundPolicy ?? outboundPolicyFromEnv(process.env),
  };
  return {
    [EVENT_NAMES.workflowTriggerFire]: async (event, step) => {
      const payload = TriggerFirePayload.parse(event.data);
      const started = await step.run("start-run", () => startWorkflowFire(deps.db, payload));
      if (!started.workflowRunId || !started.shouldExecute) return started;
      return driveRun({ organizationId: payload.organizationId, workflowRunId: started.workflowRunId }, step, deps, options);
    },
    [EVENT_NAMES.workflowResume]: async (event, step) => {
      const payload = DecisionPayload.parse(event.data);
      const decided = await step.run("apply-decision", () => applyWorkflowDecision(deps.db, payload, options));
      if (!decided.workflowRunId || !decided.resume) return decided;
      return driveRun({ organizationId: payload.organizationId, workflowRunId: decided.workflowRunId }, step, deps, options);
    },
  };
}

/** The batches one job runs of a workflow run, in the run's span: a resumed run's job is a new part of the same trace. */
function driveRun(ref: WorkflowRunRef, step: StepTools, deps: EventHandlerDeps, options: WorkflowRuntimeOptions): Promise<BatchResult> {
  return withRunSpan(
    () => workflowRunSpan(deps.db, ref),
    async () => {
      for (let batch = 1; batch <= MAX_BATCHES; batch++) {
        const result = await step.run(`batch-${batch}`, () => runWorkflowBatch(deps.db, ref, options));
        if (result.done) return result;
      }
      throw new Error(`Workflow run ${ref.workflowRunId} did not settle after ${MAX_BATCHES} batches`);
    },
  );
}
