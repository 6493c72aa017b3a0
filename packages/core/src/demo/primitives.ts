import type { PrismaClient } from "@switchyard/database";
import { computeNextRunAt } from "../cron.ts";
import { encryptSecret } from "../secrets.ts";

/**
 * The demo's workflows, network, campaign templates and pulse. The nightly slots join the 10 PM
 * cluster of agent schedules: two campaign schedules, one pulse evaluation and one workflow schedule.
 */
export const SDLC_WORKFLOW = {
  slug: "sdlc-review",
  name: "SDLC change review",
  description: "Classifies a pull request's risk, analyses the codebase, drafts the change summary and asks a human to approve the merge.",
  definition: {
    inputSchema: {
      type: "object",
      required: ["title"],
      properties: {
        title: { type: "string", title: "Pull request title", minLength: 3 },
        severity: { type: "string", title: "Severity", enum: ["low", "medium", "high", "critical"], default: "medium" },
        files: { type: "array", title: "Files touched", items: { type: "string" } },
        patch: { type: "string", title: "Patch" },
      },
    },
    nodes: [
      { id: "classify-risk", type: "transform", expression: '{"riskLevel": input.severity ? $lowercase(input.severity) : "medium"}' },
      { id: "analyze-codebase", type: "transform", expression: '{"affectedFiles": input.files, "patch": input.patch}' },
      {
        id: "summarize-change",
        type: "agent",
        agent: "report-writer",
        prompt: "Summarise pull request {{ input.title }} touching {{ steps.analyze-codebase.affectedFiles }} for a reviewer.",
        dependsOn: ["classify-risk", "analyze-codebase"],
      },
      {
        id: "review",
        type: "human",
        title: "Approve merge",
        prompt: 'Risk {{ steps.classify-risk.riskLevel }}: approve merging "{{ input.title }}"?',
        dependsOn: ["summarize-change"],
      },
      { id: "merge", type: "tool", tool: "echo", input: { merged: "{{ input.title }}" }, dependsOn: ["review"] },
    ],
  },
};

export const RESEARCH_LOOP_WORKFLOW = {
  slug: "research-loop",
  name: "Research brief loop",
  description: "Producer → evaluator → reviser: the distiller drafts a brief, the fact checker scores it, revisions until it passes.",
  definition: {
    inputSchema: { type: "object", required: ["topic"], properties: { topic: { type: "string", title: "Topic", minLength: 2 } } },
    nodes: [
      {
        id: "brief",
        type: "loop",
        producer: { agent: "knowledge-distiller", prompt: "Draft tonight's research brief on {{ input.topic }}." },
        evaluator: { agent: "fact-checker", prompt: "Score the brief for accuracy and sourcing.", score: "55 + attempt * 15" },
        passThreshold: 80,
        maxAttempts: 3,
      },
    ],
  },
};

export const RESEARCH_COUNCIL = {
  slug: "research-council",
  name: "Research council",
  goal: "Synthesise the question, challenge it, verify the claims and write the answer",
  routerInstructions: "Route to the member whose role fits the next piece of work; finish when the answer is written and checked.",
  members: ["synthesis-engine", "devils-advocate", "fact-checker", "report-writer"],
};

export const DISTILLER_TEMPLATE = {
  slug: "knowledge-distiller",
  name: "Knowledge Distiller",
  intent: "Distill what we know about {{ topic }}: collect sources and survey prior work, then extract the key claims, then publish a digest",
  parameters: { topic: { description: "What to distill", default: "our research backlog" } },
  maxCostUsd: 2,
};

export const MARKET_SCAN_TEMPLATE = {
  slug: "market-scan",
  name: "Market scan",
  intent: "Map the market for {{ segment }}: collect sources and survey competitors, then extract the key claims",
  parameters: { segment: { description: "Market segment", default: "AI research tooling" } },
  maxCostUsd: 1.5,
};

export const PULSE = {
  slug: "growth-collective",
  name: "Growth collective",
  goal: "Grow qualified community reach while keeping cost per useful signal down",
  members: ["social-scout", "trend-watcher", "signal-curator", "community-pulse"],
};

/** Nightly slots (UTC) of the engine-driven automations. */
export const NIGHTLY = {
  distillerSchedule: "0 22 * * *",
  marketScanSchedule: "20 22 * * *",
  pulseEvaluation: "0 22 * * *",
  researchLoopSchedule: "40 22 * * *",
};

export async function createDemoPrimitives(db: PrismaClient, organizationId: string, since: Date, agentIdOf: (slug: string) => string) {
  const first = (cron: string) => computeNextRunAt(cron, "UTC", since);
  const [sdlc, loop] = await Promise.all(
    [SDLC_WORKFLOW, RESEARCH_LOOP_WORKFLOW].map((workflow) =>
      db.workflow.create({
        data: {
          organizationId,
          slug: workflow.slug,
          name: workflow.name,
          description: workflow.description,
          definition: { version: 1, ...workflow.definition },
          versions: { create: { version: 1, definition: { version: 1, ...workflow.definition } } },
          createdAt: since,
        },
      }),
    ),
  );
  const council = await db.network.create({
    data: {
      organizationId,
      slug: RESEARCH_COUNCIL.slug,
      name: RESEARCH_COUNCIL.name,
      goal: RESEARCH_COUNCIL.goal,
      routerInstructions: RESEARCH_COUNCIL.routerInstructions,
      maxSteps: 6,
      members: { create: RESEARCH_COUNCIL.members.map((slug, position) => ({ agentId: agentIdOf(slug), position })) },
      createdAt: since,
    },
  });
  const [distiller, marketScan] = await Promise.all(
    [
      { ...DISTILLER_TEMPLATE, requireApproval: false },
      { ...MARKET_SCAN_TEMPLATE, requireApproval: true },
    ].map((template) =>
      db.campaignTemplate.create({
        data: { organizationId, ...template, plannerAgentId: agentIdOf("knowledge-distiller"), createdAt: since },
      }),
    ),
  );
  const distillerSchedule = await db.campaignSchedule.create({
    data: {
      organizationId,
      templateId: distiller.id,
      name: "Nightly knowledge distillation",
      cronExpr: NIGHTLY.distillerSchedule,
      parameters: { topic: "the day's research" },
      nextRunAt: first(NIGHTLY.distillerSchedule),
      createdAt: since,
    },
  });
  const marketScanSchedule = await db.campaignSchedule.create({
    data: {
      organizationId,
      templateId: marketScan.id,
      name: "Nightly market scan",
      cronExpr: NIGHTLY.marketScanSchedule,
      isActive: true,
      parameters: {},
      nextRunAt: first(NIGHTLY.marketScanSchedule),
      createdAt: since,
    },
  });
  await db.campaignTrigger.create({
    data: {
      organizationId,
      templateId: distiller.id,
      name: "Distill published articles",
      eventName: "news.article.published",
      parameterMapping: { topic: "title" },
      createdAt: since,
    },
  });
  const loopSchedule = await db.agentSchedule.create({
    data: {
      organizationId,
      entityType: "workflow",
      workflowId: loop.id,
      name: "Nightly research brief",
      cronExpr: NIGHTLY.researchLoopSchedule,
      input: { topic: "tonight's signals" },
      nextRunAt: first(NIGHTLY.researchLoopSchedule),
      healthPolicyEnabled: true,
      healthThreshold: 50,
      healthWindow: 10,
      healthAction: "alert",
      createdAt: since,
    },
  });
  const sdlcTrigger = await db.agentTrigger.create({
    data: {
      organizationId,
      entityType: "workflow",
      workflowId: sdlc.id,
      name: "GitHub pull request opened",
      type: "webhook",
      webhookPath: `demo-sdlc-review-${organizationId.slice(-8)}`,
      secretEncrypted: encryptSecret("whsec_demo_sdlc_review"),
      createdAt: since,
    },
  });
  const councilTrigger = await db.agentTrigger.create({
    data: {
      organizationId,
      entityType: "network",
      networkId: council.id,
      name: "Research question asked",
      type: "event",
      eventName: "research.question.asked",
      createdAt: since,
    },
  });
  const pulse = await db.pulse.create({
    data: {
      organizationId,
      slug: PULSE.slug,
      name: PULSE.name,
      goal: PULSE.goal,
      evalCronExpr: NIGHTLY.pulseEvaluation,
      nextEvalAt: first(NIGHTLY.pulseEvaluation),
      members: { create: PULSE.members.map((slug) => ({ agentId: agentIdOf(slug) })) },
      createdAt: since,
    },
  });
  return { sdlc, loop, council, distiller, marketScan, distillerSchedule, marketScanSchedule, loopSchedule, sdlcTrigger, councilTrigger, pulse };
}
