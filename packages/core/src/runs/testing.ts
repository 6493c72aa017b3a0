import type { PrismaClient, RunSource, RunStatus } from "@switchyard/database";
import type { RunKind } from "./unified.ts";

/** What the fixture stored for one run, for brute-force expectations in tests. */
export interface SeededRun {
  kind: RunKind;
  id: string;
  name: string;
  status: RunStatus;
  source: RunSource;
  startedAt: Date;
  completedAt: Date | null;
  durationMs: number | null;
  tokens: number;
  costUsd: number;
  triggerId: string | null;
  entitySlug: string;
}

const STATUSES: RunStatus[] = ["COMPLETED", "FAILED", "RUNNING", "COMPLETED", "SUSPENDED", "QUEUED", "CANCELLED"];
const SOURCES: RunSource[] = ["schedule", "webhook", "manual", "api"];

/**
 * One organization's runs of all five kinds, interleaved in time, with several runs of different
 * kinds sharing a start time so the id tie-breaker of the keyset cursor is exercised.
 */
export async function seedMixedRuns(db: PrismaClient, organizationId: string, agentId: string, base: Date, perKind = 6): Promise<SeededRun[]> {
  const workflow = await db.workflow.create({
    data: { organizationId, slug: "review-flow", name: "Review flow", definition: { nodes: [], edges: [] } },
  });
  const network = await db.network.create({
    data: { organizationId, slug: "research-desk", name: "Research desk", routerInstructions: "Route." },
  });
  const template = await db.campaignTemplate.create({
    data: { organizationId, slug: "knowledge-distiller", name: "Knowledge Distiller", intent: "Distill {{ topic }}", parameters: { topic: {} } },
  });
  const pulse = await db.pulse.create({
    data: { organizationId, slug: "growth-pulse", name: "Growth pulse", goal: "Grow", evalCronExpr: "0 * * * *" },
  });
  const agent = await db.agent.findUniqueOrThrow({ where: { id: agentId } });

  const seeded: SeededRun[] = [];
  const kinds: RunKind[] = ["agent", "workflow", "network", "campaign", "pulse"];
  for (let i = 0; i < perKind; i++) {
    for (const [k, kind] of kinds.entries()) {
      const n = i * kinds.length + k;
      // Every third slot is shared by all five kinds.
      const startedAt = new Date(base.getTime() + (i % 3 === 0 ? i * 60_000 : i * 60_000 + k * 1_000));
      const status = STATUSES[n % STATUSES.length];
      const source: RunSource = kind === "pulse" ? (n % 2 ? "schedule" : "manual") : SOURCES[n % SOURCES.length];
      const finished = status === "COMPLETED" || status === "FAILED" || status === "CANCELLED";
      const durationMs = finished ? 1_000 * (k + 1) : null;
      const completedAt = finished ? new Date(startedAt.getTime() + durationMs!) : null;
      const tokens = finished ? 100 * (k + 1) : 0;
      const costUsd = finished ? 0.001 * (k + 1) : 0;
      const triggerId = i % 2 === 0 ? `trigger-${kind}` : null;
      const common = { organizationId, status, source, startedAt, createdAt: startedAt, completedAt, durationMs, totalTokens: tokens, costUsd, triggerId };
      let id: string;
      let name: string;
      let entitySlug: string;
      switch (kind) {
        case "agent":
          ({ id } = await db.agentRun.create({ data: { ...common, agentId, input: { i } } }));
          name = agent.name;
          entitySlug = agent.slug;
          break;
        case "workflow":
          ({ id } = await db.workflowRun.create({ data: { ...common, workflowId: workflow.id, input: { i } } }));
          name = workflow.name;
          entitySlug = workflow.slug;
          break;
        case "network":
          ({ id } = await db.networkRun.create({ data: { ...common, networkId: network.id, input: { i } } }));
          name = network.name;
          entitySlug = network.slug;
          break;
        case "campaign": {
          // The last campaign has no template: it is its own entity.
          const hasTemplate = i < perKind - 1;
          // Campaign.triggerId references a CampaignTrigger, so the fixture leaves it empty.
          name = hasTemplate ? template.name : "Ad hoc campaign";
          ({ id } = await db.campaign.create({
            data: {
              ...common,
              triggerId: null,
              templateId: hasTemplate ? template.id : null,
              name,
              intent: `Distill topic ${i}`,
              parameters: { topic: `t${i}` },
            },
          }));
          entitySlug = hasTemplate ? template.slug : id;
          seeded.push({ kind, id, name, status, source, startedAt, completedAt, durationMs, tokens, costUsd, triggerId: null, entitySlug });
          continue;
        }
        case "pulse":
          ({ id } = await db.pulseEvaluation.create({
            data: { ...common, pulseId: pulse.id, windowStart: new Date(startedAt.getTime() - 3_600_000), windowEnd: startedAt },
          }));
          name = pulse.name;
          entitySlug = pulse.slug;
          break;
      }
      seeded.push({ kind, id, name, status, source, startedAt, completedAt, durationMs, tokens, costUsd, triggerId, entitySlug });
    }
  }
  return seeded;
}
