import type { Database } from "@switchyard/database";
import { createTestDatabase } from "@switchyard/database/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "../errors.ts";
import { createTestOrganization } from "../testing.ts";
import { importWorkflowYaml } from "./definition.ts";
import { checkWorkflowDefinition, validateWorkflowDefinition } from "./validate.ts";

const transform = (id: string, extra: Record<string, unknown> = {}) => ({ id, type: "transform", expression: "input", ...extra });
const problemsOf = (definition: unknown) => checkWorkflowDefinition(definition).problems;

describe("checkWorkflowDefinition", () => {
  it("accepts a valid definition and fills defaults", () => {
    const result = checkWorkflowDefinition({
      nodes: [
        { id: "classify-risk", type: "agent", agent: "classifier", prompt: "Classify {{ input.title }}" },
        { id: "gate", type: "condition", dependsOn: ["classify-risk"], expression: "steps.classify-risk.riskLevel = 'high'", then: ["review"] },
        { id: "review", type: "human", prompt: "Risk is {{ steps.classify-risk.riskLevel }}" },
      ],
    });
    expect(result.problems).toEqual([]);
    expect(result.definition).toMatchObject({ version: 1, nodes: [{ id: "classify-risk" }, { id: "gate", else: [] }, { id: "review" }] });
  });

  it("names an unknown step type and the types it expected", () => {
    expect(problemsOf({ nodes: [transform("a"), { id: "mail", type: "email" }, { id: "untyped" }] })).toEqual([
      { path: "nodes.1.type", message: 'unknown step type "email" (expected one of agent, tool, human, condition, loop, transform)' },
      { path: "nodes.2.type", message: 'step "untyped" has no type (expected one of agent, tool, human, condition, loop, transform)' },
    ]);
  });

  it("names each cycle in run order", () => {
    expect(
      problemsOf({ nodes: [transform("a", { dependsOn: ["c"] }), transform("b", { dependsOn: ["a"] }), transform("c", { dependsOn: ["b"] }), transform("d")] }),
    ).toEqual([{ path: "nodes", message: "cycle: a → b → c → a" }]);
    expect(problemsOf({ nodes: [transform("self", { dependsOn: ["self"] })] })).toEqual([{ path: "nodes", message: "cycle: self → self" }]);
  });

  it("finds a cycle through a condition's branch", () => {
    expect(problemsOf({ nodes: [{ id: "gate", type: "condition", expression: "true", dependsOn: ["work"], then: ["work"] }, transform("work")] })).toEqual([
      { path: "nodes", message: "cycle: gate → work → gate" },
    ]);
  });

  it("reports dangling dependsOn and branch references", () => {
    expect(
      problemsOf({ nodes: [transform("a", { dependsOn: ["ghost"] }), { id: "gate", type: "condition", expression: "true", then: ["a"], else: ["nowhere"] }] }),
    ).toEqual([
      { path: "nodes.0.dependsOn.0", message: 'step "a" depends on unknown step "ghost"' },
      { path: "nodes.1.else.0", message: 'condition "gate" branches to unknown step "nowhere"' },
    ]);
  });

  it("reports templates and expressions that read a step which does not run before them", () => {
    expect(
      problemsOf({
        nodes: [
          transform("first"),
          {
            id: "notify",
            type: "tool",
            tool: "echo",
            input: { text: "{{ steps.later.text }} / {{ steps.missing.x }} / {{ steps.first }}" },
            dependsOn: ["first"],
          },
          transform("later", { expression: "steps.notify.text & steps.first" }),
          { id: "ask", type: "human", prompt: "Approve {{ context.repo }}?", dependsOn: ["later"] },
        ],
      }),
    ).toEqual([
      {
        path: "nodes.1.input.text",
        message: 'template {{ steps.later.text }} references step "later", which does not run before "notify" (add it to dependsOn)',
      },
      { path: "nodes.1.input.text", message: 'template {{ steps.missing.x }} references unknown step "missing"' },
      { path: "nodes.2.expression", message: 'expression references step "notify", which does not run before "later" (add it to dependsOn)' },
      { path: "nodes.2.expression", message: 'expression references step "first", which does not run before "later" (add it to dependsOn)' },
      { path: "nodes.3.prompt", message: 'template {{ context.repo }} reads "context" (expected input, steps)' },
    ]);
  });

  it("reports duplicate ids, bad fields, invalid expressions and invalid output schemas", () => {
    expect(
      problemsOf({
        nodes: [
          transform("a"),
          transform("a"),
          { id: "b", type: "transform", expression: "1 +" },
          { id: "c", type: "agent", agent: "x", outputSchema: { type: "nope" } },
          { id: "d", type: "tool", tool: "email", dependOn: ["a"] },
          { id: "e", type: "loop", producer: { agent: "x" }, evaluator: { score: "0.5" }, passThreshold: 0.8, maxAttempts: 0 },
        ],
      }),
    ).toEqual([
      { path: "nodes.4.tool", message: 'Invalid option: expected one of "http"|"echo"|"wait"' },
      { path: "nodes.4", message: 'Unrecognized key: "dependOn"' },
      { path: "nodes.5.maxAttempts", message: "Too small: expected number to be >=1" },
      { path: "nodes.1.id", message: 'duplicate step id "a" (also nodes.0)' },
      { path: "nodes.2.expression", message: "invalid expression: Unexpected end of expression (at position 3)" },
      {
        path: "nodes.3.outputSchema",
        message:
          "invalid JSON Schema: schema is invalid: data/type must be equal to one of the allowed values, data/type must be array, data/type must match a schema in anyOf",
      },
    ]);
  });

  it("keeps a valid input schema and reports an invalid one at inputSchema", () => {
    const inputSchema = { type: "object", properties: { ticket: { type: "string" } }, required: ["ticket"] };
    const valid = checkWorkflowDefinition({ inputSchema, nodes: [transform("a")] });
    expect(valid.ok && valid.definition.inputSchema).toEqual(inputSchema);
    expect(problemsOf({ inputSchema: { type: "nope" }, nodes: [transform("a")] })).toEqual([
      expect.objectContaining({ path: "inputSchema", message: expect.stringContaining("invalid JSON Schema") }),
    ]);
  });

  it("requires at least one step", () => {
    expect(problemsOf({ nodes: [] })).toEqual([{ path: "nodes", message: "a workflow needs at least one step" }]);
  });

  it("keeps an event or schedule trigger block and an approval policy", () => {
    const event = checkWorkflowDefinition({ trigger: { event: "graph.file.updated", filters: { branch: "main" } }, nodes: [transform("a")] });
    expect(event.ok && event.definition.trigger).toEqual({ event: "graph.file.updated", filters: { branch: "main" } });
    const schedule = checkWorkflowDefinition({
      approvalPolicy: "trusted",
      trigger: { schedule: "0 9 * * 1", timezone: "Europe/Paris" },
      nodes: [transform("a")],
    });
    expect(schedule.ok && schedule.definition).toMatchObject({ approvalPolicy: "trusted", trigger: { schedule: "0 9 * * 1", timezone: "Europe/Paris" } });
  });

  it("reports a bad trigger block at its path, beside the nodes' problems", () => {
    expect(problemsOf({ trigger: { schedule: "61 * * * *" }, nodes: [{ id: "x", type: "email" }] })).toEqual([
      { path: "nodes.0.type", message: expect.stringContaining('unknown step type "email"') },
      { path: "trigger.schedule", message: expect.stringMatching(/^Invalid cron expression "61 \* \* \* \*" in UTC: /) },
    ]);
    expect(problemsOf({ trigger: { schedule: "0 9 * * *", timezone: "Mars/Olympus" }, nodes: [transform("a")] })).toEqual([
      { path: "trigger.timezone", message: "Unknown IANA time zone" },
    ]);
    expect(problemsOf({ trigger: { event: "a", schedule: "0 9 * * *" }, nodes: [transform("a")] })).toEqual([
      { path: "trigger", message: "a trigger has event or schedule, not both" },
    ]);
    expect(problemsOf({ trigger: { filters: { a: 1 } }, nodes: [transform("a")] })).toEqual([
      { path: "trigger", message: "a trigger needs event (with optional filters) or schedule (with optional timezone)" },
    ]);
    expect(problemsOf({ trigger: { event: "bad event!", when: "now" }, nodes: [transform("a")] })).toEqual([
      { path: "trigger.event", message: "letters, digits and . _ : / - only" },
      { path: "trigger", message: 'Unrecognized key: "when"' },
    ]);
    expect(problemsOf({ approvalPolicy: "lenient", nodes: [transform("a")] })).toEqual([
      { path: "approvalPolicy", message: 'Invalid option: expected one of "standard"|"trusted"' },
    ]);
  });
});

describe("validateWorkflowDefinition", () => {
  let db: Database;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => db?.close());

  it("reports agents that do not exist in the caller's organization", async () => {
    const { ctx } = await createTestOrganization(db.prisma);
    const other = await createTestOrganization(db.prisma, { agentSlug: "elsewhere" });
    const result = await validateWorkflowDefinition(ctx(), {
      nodes: [
        { id: "a", type: "agent", agent: "test-agent" },
        { id: "b", type: "agent", agent: "elsewhere" },
        { id: "c", type: "loop", producer: { agent: "test-agent" }, evaluator: { agent: "critic", score: "1" }, passThreshold: 1, maxAttempts: 2 },
      ],
    });
    expect(other.agent.slug).toBe("elsewhere");
    expect(result).toEqual({
      ok: false,
      definition: null,
      problems: [
        { path: "nodes.1.agent", message: 'unknown agent "elsewhere" in this organization' },
        { path: "nodes.2.evaluator.agent", message: 'unknown agent "critic" in this organization' },
      ],
    });
  });

  it("imports the YAML of seed 003 section 5 and validates it", async () => {
    const { ctx, organization } = await createTestOrganization(db.prisma);
    for (const slug of ["security-scanner", "security-assessor", "notifier", "patcher"]) {
      await db.prisma.agent.create({ data: { organizationId: organization.id, slug, name: slug, instructions: "Do the job.", modelName: "gpt-4o-mini" } });
    }
    const imported = importWorkflowYaml(SEED_003_SECURITY_AUDIT);
    expect(imported).toMatchObject({
      name: "security-audit-deploy",
      description: "Run security scan on code changes, create fix PR if needed",
      definition: { trigger: { event: "graph.file.updated", filters: { branch: "main" } } },
    });
    const result = await validateWorkflowDefinition(ctx(), imported.definition);
    expect(result.problems).toEqual([]);
    expect(result.definition?.trigger).toEqual({ event: "graph.file.updated", filters: { filePath: "**.{ts,tsx,js,jsx,py}", branch: "main" } });
    expect(result.definition?.nodes).toEqual([
      {
        id: "scan",
        type: "agent",
        agent: "security-scanner",
        action: "scanRepository",
        input: { repositoryPath: "{{ input.repositoryPath }}", scanType: "INCREMENTAL", baseCommit: "{{ input.previousCommit }}" },
        approvalRequired: false,
      },
      {
        id: "assess",
        type: "agent",
        agent: "security-assessor",
        action: "evaluateRisk",
        input: { vulnerabilities: "{{ steps.scan.vulnerabilities }}" },
        dependsOn: ["scan"],
        approvalRequired: false,
      },
      {
        id: "notify-if-critical",
        type: "agent",
        agent: "notifier",
        action: "sendSlackAlert",
        input: {
          channel: "#security-alerts",
          message: " {{ steps.assess.summary.critical }} CRITICAL vulnerabilities detected in {{ input.repositoryPath }}",
          condition: "{{ steps.assess.summary.critical > 0 }}",
        },
        dependsOn: ["assess"],
        approvalRequired: false,
      },
      {
        id: "create-fix-pr",
        type: "agent",
        agent: "patcher",
        action: "generateFixPR",
        input: {
          vulnerabilities: "{{ steps.scan.vulnerabilities }}",
          repositoryPath: "{{ input.repositoryPath }}",
          targetBranch: "security-fixes-{{ steps.scan.scanId }}",
        },
        dependsOn: ["assess"],
        approvalRequired: true,
      },
    ]);
  });

  it("imports seed 003's weekly compliance check, whose step ids contain hyphens", async () => {
    const { ctx, organization } = await createTestOrganization(db.prisma);
    for (const slug of ["compliance-checker", "report-generator", "notifier"]) {
      await db.prisma.agent.create({ data: { organizationId: organization.id, slug, name: slug, instructions: "Do the job.", modelName: "gpt-4o-mini" } });
    }
    const imported = importWorkflowYaml(SEED_003_COMPLIANCE);
    const result = await validateWorkflowDefinition(ctx(), imported.definition);
    expect(result.problems).toEqual([]);
    expect(result.definition?.nodes[2]).toMatchObject({
      id: "email-stakeholders",
      input: { subject: "Weekly Compliance Report - Score: {{ steps.scan-compliance.score }}/100", attachment: "{{ steps.generate-report.pdfPath }}" },
    });
  });

  it("turns unparseable YAML into a validation error with the line", () => {
    let error: unknown;
    try {
      importWorkflowYaml("name: broken\nname: twice\nnodes:\n  - id: a\n    type: [agent\n");
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("validation_failed");
    expect((error as AppError).details).toEqual([
      { path: "yaml", message: "line 2, column 1: Map keys must be unique" },
      { path: "yaml", message: "line 6, column 1: Flow sequence in block collection must be sufficiently indented and end with a ]" },
    ]);
  });
});

const SEED_003_SECURITY_AUDIT = `
# workflows/security-audit-on-pr.yaml
name: security-audit-deploy
description: Run security scan on code changes, create fix PR if needed

trigger:
  event: graph.file.updated
  filters:
    filePath: "**.{ts,tsx,js,jsx,py}"
    branch: "main"

nodes:
  - id: scan
    agent: security-scanner
    action: scanRepository
    inputs:
      repositoryPath: "{{ context.repositoryPath }}"
      scanType: "INCREMENTAL"
      baseCommit: "{{ context.previousCommit }}"
    approvalRequired: false

  - id: assess
    agent: security-assessor
    action: evaluateRisk
    inputs:
      vulnerabilities: "{{ nodes.scan.output.vulnerabilities }}"
    dependsOn: [scan]
    approvalRequired: false

  - id: notify-if-critical
    agent: notifier
    action: sendSlackAlert
    inputs:
      channel: "#security-alerts"
      message: " {{ nodes.assess.output.summary.critical }} CRITICAL vulnerabilities detected in {{ context.repositoryPath }}"
      condition: "{{ nodes.assess.output.summary.critical > 0 }}"
    dependsOn: [assess]
    approvalRequired: false

  - id: create-fix-pr
    agent: patcher
    action: generateFixPR
    inputs:
      vulnerabilities: "{{ nodes.scan.output.vulnerabilities }}"
      repositoryPath: "{{ context.repositoryPath }}"
      targetBranch: "security-fixes-{{ nodes.scan.output.scanId }}"
    dependsOn: [assess]
    approvalRequired: true  # REQUIRES APPROVAL before creating PR
`;

const SEED_003_COMPLIANCE = `
name: compliance-check-weekly
description: Weekly compliance audit with auto-remediation

trigger:
  schedule: "0 9 * * 1" # Every Monday at 9 AM

nodes:
  - id: scan-compliance
    agent: compliance-checker
    action: auditProject
    inputs:
      projectId: "{{ context.projectId }}"
      standards: ["SOC2", "GDPR", "HIPAA"]
    approvalRequired: false

  - id: generate-report
    agent: report-generator
    action: createPDF
    inputs:
      violations: "{{ nodes.scan-compliance.output.violations }}"
      score: "{{ nodes.scan-compliance.output.score }}"
      template: "compliance-report"
    dependsOn: [scan-compliance]
    approvalRequired: false

  - id: email-stakeholders
    agent: notifier
    action: sendEmail
    inputs:
      recipients: ["compliance@company.com", "security@company.com"]
      subject: "Weekly Compliance Report - Score: {{ nodes.scan-compliance.output.score }}/100"
      attachment: "{{ nodes.generate-report.output.pdfPath }}"
    dependsOn: [generate-report]
    approvalRequired: false
`;
