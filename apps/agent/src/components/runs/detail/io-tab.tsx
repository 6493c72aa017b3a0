import { Card, CardHeader } from "@switchyard/ui/components";
import { JsonView } from "./json-view";
import { MarkdownView } from "./markdown";
import { detailOf, type RunDetailResponse } from "./types";

/** What went into the run and what came out, per kind. */
export function InputOutputTab({ response }: { response: RunDetailResponse }) {
  const sections = sectionsOf(response);
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      {sections.map((section) => (
        <Card key={section.title} className="min-w-0">
          <CardHeader title={section.title} description={section.description} />
          <div className="px-4 py-4">
            {section.value === null || section.value === undefined ? (
              <p className="text-sm text-zinc-400">None recorded</p>
            ) : typeof section.value === "string" ? (
              <MarkdownView text={section.value} />
            ) : (
              <JsonView value={section.value} openDepth={3} />
            )}
          </div>
        </Card>
      ))}
    </div>
  );
}

interface Section {
  title: string;
  description?: string;
  value: unknown;
}

function sectionsOf(response: RunDetailResponse): Section[] {
  const agent = detailOf(response, "agent");
  if (agent) {
    const model = [agent.model.provider, agent.model.name].filter(Boolean).join(" / ");
    return [
      { title: "Input", description: model ? `Model ${model}` : undefined, value: agent.input },
      { title: "Output", value: agent.output },
    ];
  }
  const flow = detailOf(response, "workflow") ?? detailOf(response, "network");
  if (flow)
    return [
      { title: "Input", value: flow.input },
      { title: "Output", value: flow.output },
    ];
  const campaign = detailOf(response, "campaign");
  if (campaign)
    return [
      { title: "Intent", value: campaign.intent },
      { title: "Parameters", value: campaign.parameters },
    ];
  const pulse = detailOf(response, "pulse");
  if (pulse)
    return [
      { title: "Rankings", description: "Members scored from their recent runs.", value: pulse.rankings },
      { title: "Actions", description: "What the evaluation decided.", value: pulse.actions },
    ];
  return [];
}
