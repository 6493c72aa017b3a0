import { Card, CardHeader } from "@switchyard/ui/components";
import type { ReactNode } from "react";
import type { AgentDefinition } from "./agent-api";

/** What the agent is, as its current version defines it. */
export function AgentDefinitionCard({ agent }: { agent: AgentDefinition }) {
  return (
    <Card data-testid="agent-definition">
      <CardHeader title="Definition" description={`Version ${agent.version}`} />
      <dl className="grid grid-cols-2 gap-x-6 gap-y-4 p-4 text-sm sm:grid-cols-4">
        <Item label="Provider">{agent.provider ? `${agent.provider.name} (${agent.provider.kind})` : agent.modelProvider}</Item>
        <Item label="Model">{agent.modelName}</Item>
        <Item label="Runtime">{agent.runtime}</Item>
        <Item label="Timeout">{agent.timeoutSeconds}s</Item>
        <Item label="Max steps">{agent.maxSteps}</Item>
        <Item label="Temperature">{agent.temperature ?? <Unset />}</Item>
        <Item label="Max tokens">{agent.maxTokens ?? <Unset />}</Item>
        <Item label="Tools" wide>
          {agent.tools.length > 0 ? agent.tools.join(", ") : <Unset label="None" />}
        </Item>
        <Item label="Instructions" wide full>
          <p className="font-sans whitespace-pre-wrap text-zinc-800" data-testid="agent-instructions">
            {agent.instructions}
          </p>
        </Item>
        <Json label="Input schema" value={agent.inputSchema} />
        <Json label="Output schema" value={agent.outputSchema} />
        <Json label="Simulated model profile" value={agent.simulation} />
      </dl>
    </Card>
  );
}

function Item({ label, children, wide = false, full = false }: { label: string; children: ReactNode; wide?: boolean; full?: boolean }) {
  return (
    <div className={full ? "col-span-2 sm:col-span-4" : wide ? "col-span-2" : undefined}>
      <dt className="text-xs font-medium tracking-wide text-zinc-500 uppercase">{label}</dt>
      <dd className="mt-1 font-mono text-xs text-zinc-900">{children}</dd>
    </div>
  );
}

function Json({ label, value }: { label: string; value: Record<string, unknown> | null }) {
  return (
    <Item label={label} full>
      {value ? (
        <pre className="max-h-64 overflow-auto rounded-md border border-zinc-200 bg-zinc-50 p-3 text-xs text-zinc-800">{JSON.stringify(value, null, 2)}</pre>
      ) : (
        <Unset />
      )}
    </Item>
  );
}

function Unset({ label = "Not set" }: { label?: string }) {
  return <span className="font-sans text-zinc-400">{label}</span>;
}
