import {
  context,
  createContextKey,
  ProxyTracerProvider,
  ROOT_CONTEXT,
  SpanStatusCode,
  trace,
  TraceFlags,
  type Attributes,
  type Context,
  type Span,
} from "@opentelemetry/api";
import { isRetryLater } from "../execution/retry-later.ts";
import type { RunKind } from "../runs/run-values.ts";

/**
 * The core's spans, through the OpenTelemetry API only: they go to the globally registered tracer
 * provider (set up once per process by telemetry/otel-setup.ts), and with none registered every call
 * here is a no-op, so nothing is exported and next to nothing is spent.
 */
const tracer = trace.getTracer("switchyard");

/** What the global provider delegates to while no provider is registered. */
const NO_PROVIDER = new ProxyTracerProvider().getDelegate();

export function isTracingEnabled(): boolean {
  return (trace.getTracerProvider() as ProxyTracerProvider).getDelegate() !== NO_PROVIDER;
}

/** The run a span belongs to, with the trace it already has (both null until a worker first claimed it traced). */
export interface TracedRun {
  id: string;
  organizationId: string;
  source: string;
  traceId: string | null;
  traceSpanId: string | null;
}

export interface RunSpan {
  /** `workflow.<slug>`, `network.<slug>`, `campaign.<id>`, `agent.<slug>`. */
  name: string;
  kind: RunKind;
  run: TracedRun;
  attributes?: Attributes;
}

/** The run whose span is active, and that span (a step's span may be the active one below it). */
interface ActiveRun {
  runId: string;
  span: Span;
}
const ACTIVE_RUN = createContextKey("switchyard.run");

/**
 * Runs one part of a run (what one job does of it) in the run's span, and ends the span with it. A
 * run's first part starts a trace, or joins the run's parent when it starts inside the parent's span
 * (an agent run of a workflow step); a later part (after a human decision, a retried job, in another
 * process) continues under the span the run stored when it was first claimed. `describe` runs only
 * when tracing is on, so it may read what the span needs.
 */
export async function withRunSpan<T>(describe: () => RunSpan | Promise<RunSpan>, work: () => Promise<T>): Promise<T> {
  if (!isTracingEnabled()) return work();
  const { name, kind, run, attributes } = await describe();
  const isContinued = Boolean(run.traceId && run.traceSpanId);
  const parent = isContinued ? storedSpanOf(run) : parentRunOf(context.active());
  const span = tracer.startSpan(
    name,
    {
      attributes: {
        "switchyard.organization_id": run.organizationId,
        "run.id": run.id,
        "run.kind": kind,
        "run.source": run.source,
        ...(isContinued ? { "run.continued": true } : {}),
        ...attributes,
      },
    },
    parent,
  );
  const active: ActiveRun = { runId: run.id, span };
  return endAfter(span, () => context.with(trace.setSpan(parent, span).setValue(ACTIVE_RUN, active), work));
}

function storedSpanOf(run: TracedRun): Context {
  return trace.setSpanContext(ROOT_CONTEXT, { traceId: run.traceId!, spanId: run.traceSpanId!, traceFlags: TraceFlags.SAMPLED, isRemote: true });
}

/** Inside another run's span a run is its sub-run; any other span (a web request's) is no parent of a run. */
function parentRunOf(current: Context): Context {
  return current.getValue(ACTIVE_RUN) ? current : ROOT_CONTEXT;
}

/** What a step or model call may add to its span while it runs. */
export interface SpanNotes {
  set(attributes: Attributes): void;
  /** The work failed without throwing (a failed step, a model error): the span gets the error status. */
  fail(message: string): void;
}

const NO_NOTES: SpanNotes = { set: () => {}, fail: () => {} };

/** Runs `work` in a child span of the active one (a workflow step, a model call), ending it with the work. */
export function withSpan<T>(name: string, attributes: Attributes, work: (notes: SpanNotes) => Promise<T>): Promise<T> {
  if (!isTracingEnabled()) return work(NO_NOTES);
  return tracer.startActiveSpan(name, { attributes }, (span) =>
    endAfter(span, () =>
      work({
        set: (added) => span.setAttributes(added),
        fail: (message) => span.setStatus({ code: SpanStatusCode.ERROR, message }),
      }),
    ),
  );
}

/** Runs a step (of a workflow, of a network) in its span, which ends with the step's status: a failed step's carries its error. */
export function withStepSpan<T extends { status: string; error?: string | null }>(name: string, attributes: Attributes, work: () => Promise<T>): Promise<T> {
  return withSpan(name, attributes, async (span) => {
    const step = await work();
    span.set({ "step.status": step.status });
    if (step.status === "FAILED") span.fail(step.error ?? "Step failed");
    return step;
  });
}

async function endAfter<T>(span: Span, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    // A job that waits for an external runner is not failing: it runs again later, as a new part of the run.
    if (isRetryLater(error)) span.setAttribute("run.waiting", true);
    else {
      span.recordException(error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
    }
    throw error;
  } finally {
    span.end();
  }
}

/**
 * The trace columns a run's first claim writes (in the claim's own statement), when the claim
 * happens in the run's span: the trace and the span its later parts continue under.
 */
export function traceColumnsOf(runId: string): { traceId?: string; traceSpanId?: string } {
  const active = context.active().getValue(ACTIVE_RUN) as ActiveRun | undefined;
  if (active?.runId !== runId || !active.span.isRecording()) return {};
  const { traceId, spanId } = active.span.spanContext();
  return { traceId, traceSpanId: spanId };
}

/** Puts a run's new status (suspended, or its end) on the run's span, when that span is the active one. */
export function recordRunStatus(run: { id: string; status: string }, error: string | null): void {
  const active = context.active().getValue(ACTIVE_RUN) as ActiveRun | undefined;
  if (active?.runId !== run.id) return;
  active.span.setAttribute("run.status", run.status);
  if (run.status === "FAILED") active.span.setStatus({ code: SpanStatusCode.ERROR, message: error ?? "Run failed" });
}
