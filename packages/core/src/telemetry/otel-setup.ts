// The process's OpenTelemetry trace pipeline, set up by the web process (instrumentation-node.ts)
// and the worker (scripts/worker.ts) when an OTLP endpoint is configured, from the standard variables:
// OTEL_EXPORTER_OTLP_TRACES_ENDPOINT or OTEL_EXPORTER_OTLP_ENDPOINT (+ /v1/traces), and, read by the
// SDK itself, OTEL_EXPORTER_OTLP_HEADERS, OTEL_EXPORTER_OTLP_TIMEOUT, OTEL_SERVICE_NAME,
// OTEL_RESOURCE_ATTRIBUTES, OTEL_TRACES_SAMPLER(_ARG) and OTEL_BSP_*. Without an endpoint nothing is
// loaded or registered, so the core's spans (telemetry/tracing.ts) stay no-ops.

export interface Tracing {
  /** Where spans are sent, without credentials or query. */
  endpoint: string;
  serviceName: string;
  /** Exports the spans buffered so far. */
  flush(): Promise<void>;
  /** Exports what is still buffered, then stops tracing. */
  shutdown(): Promise<void>;
}

type Env = Record<string, string | undefined>;

/** The OTLP/HTTP traces URL the standard variables name, or null when neither endpoint is set. */
export function tracesEndpointFromEnv(env: Env = process.env): string | null {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === "true") return null;
  const traces = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim();
  if (traces) return traces;
  const base = env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim();
  return base ? `${base.replace(/\/+$/, "")}/v1/traces` : null;
}

/**
 * Registers the global tracer provider (batched OTLP/HTTP JSON export), the async context that
 * carries a span across awaits, and the AI SDK's OpenTelemetry integration, so real model calls
 * add their spans under the agent run's. Returns null, having set up nothing, when no endpoint is
 * configured or it is not a URL (telemetry never stops the process starting).
 */
export async function startTracing(options: { env?: Env; logger?: Pick<Console, "log" | "error"> } = {}): Promise<Tracing | null> {
  const logger = options.logger ?? console;
  const env = options.env ?? process.env;
  const url = tracesEndpointFromEnv(env);
  if (!url) return null;
  let endpoint: string;
  try {
    const parsed = new URL(url);
    endpoint = `${parsed.origin}${parsed.pathname}`;
  } catch {
    logger.error("[switchyard] tracing not started: the OTLP endpoint is not a URL");
    return null;
  }

  // Loaded only here, so a process without an endpoint never loads the SDK.
  const [{ context, trace }, { AsyncLocalStorageContextManager }, { OTLPTraceExporter }, resources, { BasicTracerProvider, BatchSpanProcessor }, ai, aiOtel] =
    await Promise.all([
      import("@opentelemetry/api"),
      import("@opentelemetry/context-async-hooks"),
      import("@opentelemetry/exporter-trace-otlp-http"),
      import("@opentelemetry/resources"),
      import("@opentelemetry/sdk-trace-base"),
      import("ai"),
      import("@ai-sdk/otel"),
    ]);
  // OTEL_RESOURCE_ATTRIBUTES (the env detector) and then OTEL_SERVICE_NAME win over the default name.
  const namedService = env.OTEL_SERVICE_NAME?.trim();
  const resource = resources
    .resourceFromAttributes({ "service.name": "switchyard" })
    .merge(resources.detectResources({ detectors: [resources.envDetector] }))
    .merge(namedService ? resources.resourceFromAttributes({ "service.name": namedService }) : null);
  const serviceName = String(resource.attributes["service.name"]);
  const provider = new BasicTracerProvider({ resource, spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url }))] });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  trace.setGlobalTracerProvider(provider);
  ai.registerTelemetry(new aiOtel.OpenTelemetry());

  logger.log(`[switchyard] tracing: spans to ${endpoint} (OTLP/HTTP JSON) as service "${serviceName}"`);
  return {
    endpoint,
    serviceName,
    flush: () => provider.forceFlush(),
    async shutdown() {
      await provider.shutdown();
      trace.disable();
      context.disable();
    },
  };
}
