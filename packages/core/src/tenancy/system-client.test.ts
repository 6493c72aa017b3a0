import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const SRC = fileURLToPath(new URL("..", import.meta.url));

/**
 * The modules that may hold the system client (the unscoped PrismaClient). Everything else in core
 * serves a request and works through `ctx.db`, which is scoped to the caller's organization, so a
 * query there that forgets the organization still finds nothing of another tenant's.
 */
const SYSTEM_MODULES = [
  // Engine handlers and runtimes: background work that acts for the organization named by its event.
  "agents/runtime.ts",
  "workflows/runtime.ts",
  "workflows/steps.ts",
  "workflows/engagement.ts",
  "networks/runtime.ts",
  "campaigns/runtime.ts",
  "campaigns/review.ts",
  "campaigns/service.ts",
  "campaigns/automations.ts",
  "pulses/evaluation.ts",
  "reviews/requests.ts",
  "health/policy.ts",
  // The run lifecycle, the job table, the scheduler and stale-run recovery.
  "runs/lifecycle.ts",
  "runs/recorder.ts",
  "execution/events.ts",
  "execution/local-engine.ts",
  "execution/recovery.ts",
  "execution/worker-process.ts",
  "scheduler.ts",
  // Alerts: evaluated after runs and by the tick's sweep for every organization, delivered by a worker.
  "alerts/delivery.ts",
  "alerts/evaluate.ts",
  "alerts/incidents.ts",
  "alerts/sweep.ts",
  // Telemetry: best-effort records and sweeps shared by every tenant.
  "activity.ts",
  "telemetry/circuit-breaker.ts",
  "telemetry/events.ts",
  "telemetry/status.ts",
  "telemetry/prometheus.ts",
  "retention/prune.ts",
  "telemetry/worker-status.ts",
  // Finding the organization in the first place: credentials, sessions, setup, invitations, webhooks.
  "context.ts",
  "tenancy/api-keys.ts",
  "tenancy/invitations.ts",
  "tenancy/memberships.ts",
  "tenancy/organizations.ts",
  "tenancy/scoped-client.ts",
  "triggers/webhooks.ts",
  // The NATS bridge: a consumer that finds the organization by its subject, and outgoing events of every organization.
  "bridge/incoming.ts",
  "bridge/nats.ts",
  "bridge/outgoing.ts",
  "bridge/start.ts",
  // Seeding the demo and test factories.
  "demo/index.ts",
  "demo/engine-history.ts",
  "demo/primitives.ts",
  "testing.ts",
  "automations/fixtures.ts",
  "campaigns/testing.ts",
  "networks/testing.ts",
  "runs/testing.ts",
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts") ? [relative(SRC, path)] : [];
  });
}

describe("the system client", () => {
  it("is taken only by the system modules; every other core module works through the scoped ctx.db", () => {
    const holders = sourceFiles(SRC).filter((file) => /\bPrismaClient\b/.test(readFileSync(join(SRC, file), "utf8")));
    expect(holders.filter((file) => !SYSTEM_MODULES.includes(file))).toEqual([]);
  });

  it("lists no module that no longer holds it, so the list stays the map it claims to be", () => {
    const holders = new Set(sourceFiles(SRC).filter((file) => /\bPrismaClient\b/.test(readFileSync(join(SRC, file), "utf8"))));
    expect(SYSTEM_MODULES.filter((file) => !holders.has(file))).toEqual([]);
  });
});
