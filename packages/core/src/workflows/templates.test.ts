import { describe, expect, it } from "vitest";
import { buildEngagementContext } from "./engagement.ts";
import { evaluateExpression, expressionStepReferences, renderTemplate, resolveTemplates, templateReferences } from "./templates.ts";

const scope = {
  input: { repo: "acme/api", count: 3 },
  steps: {
    "classify-risk": { riskLevel: "high" },
    scan: { vulnerabilities: [{ id: "CVE-1" }, { id: "CVE-2" }], summary: { critical: 2 } },
  },
};

describe("templates", () => {
  it("keeps the type of a value when the string is exactly one template", async () => {
    expect(await resolveTemplates("{{ steps.scan.vulnerabilities }}", scope)).toEqual([{ id: "CVE-1" }, { id: "CVE-2" }]);
    expect(await resolveTemplates("{{ input.count }}", scope)).toBe(3);
  });

  it("stringifies values inside text and reads hyphenated step ids and array indexes", async () => {
    expect(await renderTemplate("Risk {{ steps.classify-risk.riskLevel }} for {{input.repo}}, first {{ steps.scan.vulnerabilities.0.id }}", scope)).toBe(
      "Risk high for acme/api, first CVE-1",
    );
    expect(await renderTemplate("{{ steps.scan.summary }}!", scope)).toBe('{"critical":2}!');
  });

  it("renders a missing value as empty text", async () => {
    expect(await renderTemplate("[{{ steps.scan.nothing }}]", scope)).toBe("[]");
    expect(await resolveTemplates("{{ input.missing }}", scope)).toBeUndefined();
  });

  it("resolves templates inside nested objects and arrays", async () => {
    expect(await resolveTemplates({ a: ["{{ input.repo }}", { b: "x-{{ input.count }}" }], n: 1 }, scope)).toEqual({ a: ["acme/api", { b: "x-3" }], n: 1 });
  });

  it("evaluates JSONata expressions in templates, quoting hyphenated step ids", async () => {
    expect(await resolveTemplates("{{ steps.scan.summary.critical > 0 }}", scope)).toBe(true);
    expect(await resolveTemplates("{{ steps.classify-risk.riskLevel = 'high' ? 'gate' : 'go' }}", scope)).toBe("gate");
    expect(await evaluateExpression("$count(steps.scan.vulnerabilities)", scope)).toBe(2);
  });

  it("never runs JavaScript: names are paths into the scope, calls of non-functions fail", async () => {
    expect(await evaluateExpression("process.exit(1)", scope)).toBeUndefined();
    await expect(evaluateExpression("$process()", scope)).rejects.toThrow(/non-function/);
  });

  it("stops a runaway expression after its time budget", async () => {
    await expect(evaluateExpression("(function($f){ $f($f) })(function($f){ $f($f) })", scope)).rejects.toThrow(/Evaluation timeout after 1000 milliseconds/);
  });

  it("reports syntax errors with their position", async () => {
    await expect(evaluateExpression("steps.scan +", scope)).rejects.toThrow("Unexpected end of expression (at position 12)");
  });

  it("lists the steps a template or an expression reads", () => {
    expect(templateReferences("{{ steps.classify-risk.riskLevel }} {{ input.x }}")).toEqual([
      { template: "{{ steps.classify-risk.riskLevel }}", root: "steps", steps: ["classify-risk"] },
      { template: "{{ input.x }}", root: "input", steps: [] },
    ]);
    expect(expressionStepReferences("steps.a-b.x > 1 and steps.`c-d`.y and 'steps.not-this' = 'x'")).toEqual(["a-b", "c-d"]);
  });
});

describe("buildEngagementContext", () => {
  it("reads risk level, changed files and progress from completed steps (seed 000 8.1, 8.3)", () => {
    expect(
      buildEngagementContext([
        { stepId: "classify-risk", status: "COMPLETED", output: { riskLevel: "high" } },
        { stepId: "analyze-codebase", status: "COMPLETED", output: { affectedFiles: ["auth.ts", "validation.ts"] } },
        { stepId: "plan", status: "RUNNING", output: null },
        { stepId: "review", status: "WAITING", output: null },
      ]),
    ).toEqual({ riskLevel: "high", filesChanged: ["auth.ts", "validation.ts"], stepsCompleted: 2, stepNames: ["classify-risk", "analyze-codebase"] });
  });

  it("records the unified diff an analyze step found as the patch under review", () => {
    const patch = "diff --git a/auth.ts b/auth.ts\n--- a/auth.ts\n+++ b/auth.ts\n@@ -1 +1 @@\n-old\n+new\n";
    expect(buildEngagementContext([{ stepId: "analyze-codebase", status: "COMPLETED", output: { affectedFiles: ["auth.ts"], patch } }]).patch).toBe(patch);
    expect(buildEngagementContext([{ stepId: "analyze", status: "COMPLETED", output: { patch: "  " } }])).not.toHaveProperty("patch");
  });

  it("maps a fix-audit severity when no step classified the risk", () => {
    expect(buildEngagementContext([{ stepId: "fix-audit", status: "COMPLETED", output: { severity: "CRITICAL" } }]).riskLevel).toBe("critical");
    expect(buildEngagementContext([{ stepId: "fix-audit", status: "COMPLETED", output: { severity: "WEIRD" } }]).riskLevel).toBe("medium");
  });
});
