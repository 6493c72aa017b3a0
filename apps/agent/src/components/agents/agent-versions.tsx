import { Card, CardHeader, TableHead } from "@switchyard/ui/components";
import { formatExactTime } from "../runs/format";
import type { AgentVersionRow } from "./agent-api";

const COLUMNS = [
  { key: "version", label: "Version", className: "w-24" },
  { key: "changes", label: "What changed" },
  { key: "author", label: "Saved by", className: "w-56" },
  { key: "at", label: "When", className: "w-48" },
];

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
    <Card className="overflow-x-auto" data-testid="agent-versions">
      <CardHeader title="Versions" description="A new version is saved when the instructions, model, sampling, tools or schemas change." />
      <table className="w-full min-w-[560px] text-sm">
        <TableHead columns={COLUMNS} />
        <tbody className="divide-y divide-zinc-100">
          {versions.map((version) => (
            <tr key={version.version} data-testid={`agent-version-${version.version}`}>
              <td className="px-4 py-2.5 font-mono text-sm font-medium text-zinc-900">v{version.version}</td>
              <td className="px-4 py-2.5 text-zinc-700">
                {version.changes.length === 0 ? "Created" : version.changes.map((field) => FIELD_LABELS[field] ?? field).join(", ")}
              </td>
              <td className="max-w-0 truncate px-4 py-2.5 text-zinc-700" title={version.author?.email}>
                {version.author ? version.author.name || version.author.email : <span className="text-zinc-400">API key or system</span>}
              </td>
              <td className="px-4 py-2.5 text-zinc-600" suppressHydrationWarning>
                {formatExactTime(version.createdAt)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Card>
  );
}
