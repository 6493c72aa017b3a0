/**
 * Every reason code a RuntimeEvent can carry, in one place so the admin page, the verify script and
 * the emitters agree. The layer and operation say where and what; the reason code says why.
 *
 * | code                 | layer            | operation | meaning                                                        |
 * |----------------------|------------------|-----------|----------------------------------------------------------------|
 * | PROVIDER_CALL_OK     | provider_runtime | CALL      | a model call (real provider or simulated) returned a completion |
 * | PROVIDER_CALL_FAILED | provider_runtime | CALL      | a model call failed; metadata.error says how                   |
 * | CIRCUIT_OPEN         | model_adapter    | FALLBACK  | the provider's breaker is open: the run failed fast, no call    |
 * | RATE_LIMITED         | provider_runtime | RETRY, CALL | the provider answered 429 (RETRY: a retry follows; CALL: the call failed) |
 * | PROVIDER_UNAVAILABLE | provider_runtime | RETRY, CALL | the provider answered 5xx or could not be reached               |
 * | TIMEOUT              | provider_runtime | CALL      | the call ran past the agent's timeoutSeconds: its request was aborted |
 * | CANCELLED            | provider_runtime | CALL      | the run's cancel was requested mid-call: its request was aborted |
 * | OUTPUT_INVALID       | provider_runtime | CALL      | the model answered, but not with output its JSON Schema accepts |
 * | TOOL_CALL_OK         | tool_runtime     | TOOL_CALL | a tool call returned                                           |
 * | TOOL_CALL_FAILED     | tool_runtime     | TOOL_CALL | a tool call failed                                             |
 * | TASK_CLAIMED         | execution        | TASK      | a worker claimed an engine job                                 |
 * | TASK_COMPLETED       | execution        | TASK      | the job's handler finished                                     |
 * | TASK_RETRY_SCHEDULED | execution        | RETRY     | the handler threw; the job runs again after a backoff          |
 * | TASK_FAILED          | execution        | TASK      | the handler threw on its last attempt; the job gave up         |
 * | TASK_WAITING         | execution        | RETRY     | the handler waits (an external runner's sub-run): runs again later, no attempt used |
 * | RUNNER_CLAIMED       | execution        | TASK      | an external runner claimed a queued agent run                  |
 * | RUNNER_LEASE_LAPSED  | execution        | RETRY     | a runner's lease lapsed; another claim took the run (attempt + 1) |
 * | RUNNER_LEASE_EXHAUSTED | execution      | TASK      | the lease lapsed too often: the run failed (or was cancelled)  |
 * | RUN_TAKEN_OVER       | execution        | RETRY     | a worker took over a RUNNING run whose worker stopped beating  |
 * | RUN_REDISPATCHED     | dispatcher       | RETRY     | recovery sent a stale run's event again (same dedupe key)      |
 * | RUN_INTERRUPTED      | dispatcher       | TASK      | recovery failed a stale run that could not be continued        |
 * | WORKER_STARTED       | worker           | HEARTBEAT | a worker started polling                                       |
 * | WORKER_HEARTBEAT     | worker           | HEARTBEAT | a worker is alive (at most one event a minute; the row is live) |
 * | WORKER_STOPPED       | worker           | HEARTBEAT | a worker stopped after finishing its jobs                      |
 * | BREAKER_OPENED       | provider_runtime | BREAKER   | consecutive failures reached the threshold: calls fail fast    |
 * | BREAKER_HALF_OPEN    | provider_runtime | BREAKER   | the cool-down passed: one trial call is let through            |
 * | BREAKER_REOPENED     | provider_runtime | BREAKER   | the trial call failed: another cool-down starts                |
 * | BREAKER_CLOSED       | provider_runtime | BREAKER   | a call succeeded: calls flow again                             |
 * | BRIDGE_STARTED       | nats_bridge      | RECEIVE   | the NATS bridge consumes its stream (metadata: stream, consumer) |
 * | BRIDGE_DISABLED      | nats_bridge      | RECEIVE   | a message for an organization that has the bridge off: acked, not processed |
 * | BRIDGE_UNKNOWN_ORG   | nats_bridge      | RECEIVE   | a message for an organization slug that does not exist: acked   |
 * | BRIDGE_BAD_MESSAGE   | nats_bridge      | RECEIVE   | not JSON or not `{ id?, payload }`: answered, terminated        |
 * | BRIDGE_REJECTED      | nats_bridge      | RECEIVE   | the event was refused (as the API would answer 4xx): terminated |
 * | BRIDGE_RETRY         | nats_bridge      | RETRY     | processing failed transiently (database down): redelivered later |
 * | BRIDGE_GAVE_UP       | nats_bridge      | RECEIVE   | still failing at the last delivery: terminated                  |
 * | BRIDGE_PUBLISH_FAILED | nats_bridge     | PUBLISH   | outgoing events were dropped (at most one event a minute)       |
 */
export const REASON_CODES = {
  PROVIDER_CALL_OK: "PROVIDER_CALL_OK",
  PROVIDER_CALL_FAILED: "PROVIDER_CALL_FAILED",
  CIRCUIT_OPEN: "CIRCUIT_OPEN",
  RATE_LIMITED: "RATE_LIMITED",
  PROVIDER_UNAVAILABLE: "PROVIDER_UNAVAILABLE",
  TIMEOUT: "TIMEOUT",
  CANCELLED: "CANCELLED",
  OUTPUT_INVALID: "OUTPUT_INVALID",
  TOOL_CALL_OK: "TOOL_CALL_OK",
  TOOL_CALL_FAILED: "TOOL_CALL_FAILED",
  TASK_CLAIMED: "TASK_CLAIMED",
  TASK_COMPLETED: "TASK_COMPLETED",
  TASK_RETRY_SCHEDULED: "TASK_RETRY_SCHEDULED",
  TASK_FAILED: "TASK_FAILED",
  TASK_WAITING: "TASK_WAITING",
  RUNNER_CLAIMED: "RUNNER_CLAIMED",
  RUNNER_LEASE_LAPSED: "RUNNER_LEASE_LAPSED",
  RUNNER_LEASE_EXHAUSTED: "RUNNER_LEASE_EXHAUSTED",
  RUN_TAKEN_OVER: "RUN_TAKEN_OVER",
  RUN_REDISPATCHED: "RUN_REDISPATCHED",
  RUN_INTERRUPTED: "RUN_INTERRUPTED",
  WORKER_STARTED: "WORKER_STARTED",
  WORKER_HEARTBEAT: "WORKER_HEARTBEAT",
  WORKER_STOPPED: "WORKER_STOPPED",
  BREAKER_OPENED: "BREAKER_OPENED",
  BREAKER_HALF_OPEN: "BREAKER_HALF_OPEN",
  BREAKER_REOPENED: "BREAKER_REOPENED",
  BREAKER_CLOSED: "BREAKER_CLOSED",
  BRIDGE_STARTED: "BRIDGE_STARTED",
  BRIDGE_DISABLED: "BRIDGE_DISABLED",
  BRIDGE_UNKNOWN_ORG: "BRIDGE_UNKNOWN_ORG",
  BRIDGE_BAD_MESSAGE: "BRIDGE_BAD_MESSAGE",
  BRIDGE_REJECTED: "BRIDGE_REJECTED",
  BRIDGE_RETRY: "BRIDGE_RETRY",
  BRIDGE_GAVE_UP: "BRIDGE_GAVE_UP",
  BRIDGE_PUBLISH_FAILED: "BRIDGE_PUBLISH_FAILED",
} as const;

export type ReasonCode = (typeof REASON_CODES)[keyof typeof REASON_CODES];
