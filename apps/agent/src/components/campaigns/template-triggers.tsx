import { Badge, Card, CardHeader, EmptyState } from "@switchyard/ui/components";
import type { TemplateTriggerRow } from "./types";

const asText = (value: unknown) => (value && typeof value === "object" && Object.keys(value).length > 0 ? JSON.stringify(value) : null);

/** The template's event triggers with what they match and how they fill its parameters. */
export function TemplateTriggers({ slug, triggers }: { slug: string; triggers: TemplateTriggerRow[] }) {
  return (
    <Card data-testid="template-triggers">
      <CardHeader title="Event triggers" description={`POST /api/campaign-templates/${slug}/execution-triggers adds one.`} />
      {triggers.length === 0 ? (
        <EmptyState title="No event triggers">An event trigger starts a campaign when a matching event arrives at /api/triggers/event.</EmptyState>
      ) : (
        <ul className="divide-y divide-zinc-100">
          {triggers.map((trigger) => (
            <li key={trigger.id} className="space-y-1 px-4 py-3 text-sm" data-trigger-id={trigger.id}>
              <div className="flex items-center justify-between gap-2">
                <span className="font-medium text-zinc-900">{trigger.name}</span>
                <Badge tone={trigger.isActive ? "success" : "neutral"}>{trigger.isActive ? "Active" : "Paused"}</Badge>
              </div>
              <div className="font-mono text-xs text-zinc-600">event {trigger.eventName}</div>
              {asText(trigger.filter) && (
                <div className="text-xs text-zinc-500">
                  Filter: <code>{asText(trigger.filter)}</code>
                </div>
              )}
              {asText(trigger.parameterMapping) && (
                <div className="text-xs text-zinc-500">
                  Parameters from: <code>{asText(trigger.parameterMapping)}</code>
                </div>
              )}
              <div className="text-xs text-zinc-500">
                Fired {trigger.triggerCount} time{trigger.triggerCount === 1 ? "" : "s"}
              </div>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
