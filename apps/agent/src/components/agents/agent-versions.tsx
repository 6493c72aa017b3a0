import { Card, CardHeader } from "@switchyard/ui/components";
import { formatExactTime } from "../runs/format";
import type { AgentVersionRow } from "./agent-api";

const FIELD_LABELS: Record<string, string> = {
  instructions: "instructions",
  modelProvider: "provider",
  modelName: "model",
  temperature: "temperature",
  maxTokens: "max tokens",
  tools: "tools",
  inputSchema: "input schema",
  outputSchema: "output schema",
};

/** The agent's versions, newest first: runs record which of them they used. */
export function AgentVersions({ versions }: { versions: AgentVersionRow[] }) {
  return (
    <Card data-testid="agent-versions">
      <CardHeader title="Versions" description="Saved when the instructions, model, sampling, tools or schemas change." />
      <ol className="divide-y divide-zinc-100">
        {versions.map((version) => (
          <li key={version.version} className="flex items-start gap-3 px-4 py-3 text-sm" data-testid={`agent-version-${version.version}`}>
            <span className="w-10 shrink-0 font-mono font-medium text-zinc-900">v{version.version}</span>
            <div className="min-w-0 flex-1">
              <p className="text-zinc-800">
                {version.changes.length === 0 ? "Created" : `Changed ${version.changes.map((field) => FIELD_LABELS[field] ?? field).join(", ")}`}
              </p>
              <p className="mt-0.5 truncate text-xs text-zinc-500" title={version.author?.email}>
                {version.author ? version.author.name || version.author.email : "API key or system"} · {formatExactTime(version.createdAt)}
              </p>
            </div>
          </li>
        ))}
      </ol>
    </Card>
  );
}
