import { describe, expect, it } from "vitest";
import { slugify, toBody, toChanges, toDraft, undeclaredPlaceholders } from "./template-draft";
import type { TemplateRow } from "./types";

const template: TemplateRow = {
  id: "t1",
  slug: "launch-brief",
  name: "Launch brief",
  description: null,
  intent: "Brief {{ audience }} on {{ product }} in {{ rounds }} rounds",
  parameters: { product: { description: "What launches" }, audience: "engineers", rounds: 3, tags: { default: ["a", "b"] } },
  missionPlan: { missions: [{ name: "Gather", tasks: [{ title: "Collect", agent: "collector" }] }] },
  requireApproval: true,
  maxCostUsd: 2,
  plannerAgent: null,
  isActive: true,
  archivedAt: null,
  createdAt: "2026-01-01T00:00:00.000Z",
  updatedAt: "2026-01-01T00:00:00.000Z",
  campaigns: { total: 0, active: 0, byStatus: {}, lastStatus: null, lastStartedAt: null },
};

describe("template drafts", () => {
  it("round-trips a template, keeping defaults' types, as definitions", () => {
    expect(toBody(toDraft(template))).toEqual({
      name: "Launch brief",
      slug: "launch-brief",
      description: null,
      intent: template.intent,
      parameters: {
        product: { description: "What launches" },
        audience: { default: "engineers" },
        rounds: { type: "number", default: 3 },
        tags: { default: ["a", "b"] },
      },
      missionPlan: template.missionPlan,
      requireApproval: true,
      maxCostUsd: 2,
      plannerAgent: null,
    });
  });

  it("sends only what changed, never the slug", () => {
    const saved = toDraft(template);
    expect(toChanges(saved, { ...saved, maxCostUsd: "5", slug: "other" })).toEqual({ maxCostUsd: 5 });
    expect(toChanges(saved, { ...saved, usesMissionPlan: false })).toEqual({ missionPlan: null });
    expect(toChanges(saved, saved)).toEqual({});
  });

  it("finds placeholders no parameter declares, and suggests slugs", () => {
    const draft = { ...toDraft(template), parameters: [] };
    expect(undeclaredPlaceholders({ ...draft, intent: "Hi {{ who }}, {{who}} and {{ what }}" })).toEqual(["who", "what"]);
    expect(slugify("  Launch Brief: Q3!  ")).toBe("launch-brief-q3");
  });
});
