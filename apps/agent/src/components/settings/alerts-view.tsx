"use client";

import type { AlertChannelView } from "@switchyard/core/alerts/channels";
import type { AlertIncidentView } from "@switchyard/core/alerts/incidents";
import {
  ALERT_CHANNEL_KINDS,
  ALERT_RULE_KINDS,
  CHANNEL_KIND_LABELS,
  RULE_KIND_LABELS,
  type AlertChannelKind,
  type AlertRuleKind,
} from "@switchyard/core/alerts/kinds";
import type { AlertRuleView } from "@switchyard/core/alerts/rules";
import { RUN_KINDS } from "@switchyard/core/runs/run-values";
import { Badge, Button, Card, CardHeader, EmptyState, ErrorState, LoadMoreButton, Skeleton, TableHead, type BadgeTone } from "@switchyard/ui/components";
import { useInfiniteQuery, useMutation, useQuery, useQueryClient, type UseQueryResult } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { ApiError, requestJson, retryUnlessClientError } from "@/components/api-client";
import { Field, FormError, SelectField, fieldErrors } from "@/components/form";
import { formatExactTime } from "@/components/runs/format";
import { useIsHydrating } from "@/components/use-is-hydrating";
import type { Serialized } from "@/components/schedule/automation-view";
import { CopyOnce } from "./copy-once";

type Channel = Serialized<AlertChannelView>;
type Rule = Serialized<AlertRuleView>;
type Incident = Serialized<AlertIncidentView>;
type TestResult = { ok: boolean; statusCode: number | null; latencyMs: number; error: string | null };

const INCIDENTS_KEY = ["settings", "alerts", "incidents"] as const;
const alertKeys = {
  channels: ["settings", "alerts", "channels"] as const,
  rules: ["settings", "alerts", "rules"] as const,
  /** Every status filter's incident list. */
  allIncidents: INCIDENTS_KEY,
  incidents: (status: string) => [...INCIDENTS_KEY, status] as const,
};
/** Deliveries move on their own (retries, the sweep): the incident list keeps itself fresh. */
const INCIDENTS_REFETCH_MS = 5_000;

const errorMessage = (error: unknown) => (error instanceof ApiError ? error.message : "Something went wrong; try again.");

const TARGET_HINTS: Record<AlertChannelKind, { label: string; placeholder: string; hint: string }> = {
  webhook: { label: "URL", placeholder: "https://example.com/hooks/switchyard", hint: "POSTed JSON, signed with X-Switchyard-Signature." },
  slack: { label: "Incoming webhook URL", placeholder: "https://hooks.slack.com/services/…", hint: "Slack-compatible: POSTed { text }." },
  email: { label: "Email address", placeholder: "oncall@example.com", hint: "Sent through SMTP_URL; without it the delivery reports so." },
};

function Loading({ label }: { label: string }) {
  return (
    <div className="space-y-3 p-4" role="status" aria-busy="true" aria-label={label}>
      <Skeleton className="h-4 w-1/2" />
      <Skeleton className="h-4 w-2/3" />
    </div>
  );
}

export function AlertsView({ canEdit }: { canEdit: boolean }) {
  const channels = useQuery({
    queryKey: alertKeys.channels,
    queryFn: ({ signal }) => requestJson<{ channels: Channel[] }>("/api/alerts/channels", { signal }),
    retry: retryUnlessClientError,
  });
  return (
    <div className="space-y-6">
      {!canEdit && (
        <p className="rounded-md border border-zinc-200 bg-zinc-50 px-3 py-2 text-sm text-zinc-600">Only admins and owners change channels and rules.</p>
      )}
      <ChannelsCard channels={channels} canEdit={canEdit} />
      <RulesCard channels={channels.data?.channels ?? []} canEdit={canEdit} />
      <IncidentsCard canEdit={canEdit} />
    </div>
  );
}

// ─────────────────────────── channels ───────────────────────────

function ChannelsCard({ channels, canEdit }: { channels: UseQueryResult<{ channels: Channel[] }>; canEdit: boolean }) {
  const queryClient = useQueryClient();
  const [revealed, setRevealed] = useState<{ name: string; secret: string } | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: alertKeys.channels });
  return (
    <div className="space-y-4">
      {canEdit && (
        <CreateChannelForm
          onCreated={(result) => {
            if (result.secret) setRevealed({ name: result.channel.name, secret: result.secret });
            void refresh();
          }}
        />
      )}
      {revealed && (
        <CopyOnce label={`Signing secret of "${revealed.name}"`} value={revealed.secret} onDismiss={() => setRevealed(null)}>
          Verify each delivery's X-Switchyard-Signature with it. Copy it now: it is not shown again.
        </CopyOnce>
      )}
      <Card>
        <CardHeader title="Channels" description="Where alerts go. Targets are stored encrypted and shown masked." />
        {channels.isPending ? (
          <Loading label="Loading channels" />
        ) : channels.isError ? (
          <div className="p-4">
            <ErrorState message={errorMessage(channels.error)} onRetry={() => void channels.refetch()} />
          </div>
        ) : channels.data.channels.length === 0 ? (
          <EmptyState title="No channels yet">
            {canEdit ? "Add a webhook, a Slack incoming webhook or an email address above." : "An admin adds them."}
          </EmptyState>
        ) : (
          <table className="w-full text-sm">
            <TableHead
              columns={[
                { key: "name", label: "Channel" },
                { key: "target", label: "Target", className: "w-72" },
                { key: "status", label: "Status", className: "w-28" },
                { key: "actions", label: "Actions", srOnly: true, className: "w-80 text-right" },
              ]}
            />
            <tbody className="divide-y divide-zinc-100">
              {channels.data.channels.map((channel) => (
                <ChannelRow
                  key={channel.id}
                  channel={channel}
                  canEdit={canEdit}
                  onChanged={refresh}
                  onRotated={(secret) => setRevealed({ name: channel.name, secret })}
                />
              ))}
            </tbody>
          </table>
        )}
      </Card>
    </div>
  );
}

function ChannelRow({
  channel,
  canEdit,
  onChanged,
  onRotated,
}: {
  channel: Channel;
  canEdit: boolean;
  onChanged: () => void;
  onRotated: (secret: string) => void;
}) {
  const queryClient = useQueryClient();
  const test = useMutation({ mutationFn: () => requestJson<TestResult>(`/api/alerts/channels/${channel.id}/test`, { method: "POST" }) });
  const update = useMutation({
    mutationFn: (body: { isActive?: boolean; rotateSecret?: boolean }) =>
      requestJson<{ channel: Channel; secret: string | null }>(`/api/alerts/channels/${channel.id}`, { method: "PUT", body: JSON.stringify(body) }),
    onSuccess: (result) => {
      if (result.secret) onRotated(result.secret);
    },
    onSettled: onChanged,
  });
  const remove = useMutation({
    mutationFn: () => requestJson(`/api/alerts/channels/${channel.id}`, { method: "DELETE" }),
    onSettled: () => {
      onChanged();
      void queryClient.invalidateQueries({ queryKey: alertKeys.rules });
    },
  });
  const error = update.error ?? remove.error ?? test.error;
  return (
    <tr data-testid={`alert-channel-${channel.name}`} className={channel.isActive ? undefined : "text-zinc-400"}>
      <td className="px-4 py-3 align-top">
        <div className="font-medium text-zinc-900">{channel.name}</div>
        <div className="text-xs text-zinc-500">{CHANNEL_KIND_LABELS[channel.kind]}</div>
        {test.data && (
          <p data-testid="channel-test-result" data-ok={test.data.ok} className={`mt-1 text-xs ${test.data.ok ? "text-emerald-700" : "text-red-700"}`}>
            {test.data.ok ? "Test delivered" : "Test failed"}
            {test.data.statusCode !== null && ` · HTTP ${test.data.statusCode}`} · {test.data.latencyMs} ms
            {test.data.error && ` · ${test.data.error}`}
          </p>
        )}
        {error && (
          <p role="alert" className="mt-1 text-xs text-red-700">
            {errorMessage(error)}
          </p>
        )}
      </td>
      <td className="px-4 py-3 align-top">
        <code className="text-xs text-zinc-600">{channel.target}</code>
      </td>
      <td className="px-4 py-3 align-top">
        <Badge tone={channel.isActive ? "success" : "neutral"}>{channel.isActive ? "Active" : "Off"}</Badge>
      </td>
      <td className="px-4 py-3 text-right align-top">
        {canEdit && (
          <span className="inline-flex flex-wrap justify-end gap-1">
            <Button size="sm" onClick={() => test.mutate()} disabled={test.isPending}>
              {test.isPending ? "Sending…" : "Send test"}
            </Button>
            {channel.kind === "webhook" && (
              <Button size="sm" variant="ghost" onClick={() => update.mutate({ rotateSecret: true })} disabled={update.isPending}>
                Rotate secret
              </Button>
            )}
            <Button size="sm" variant="ghost" onClick={() => update.mutate({ isActive: !channel.isActive })} disabled={update.isPending}>
              {channel.isActive ? "Turn off" : "Turn on"}
            </Button>
            <Button size="sm" variant="ghost" className="text-red-700" onClick={() => remove.mutate()} disabled={remove.isPending}>
              Delete
            </Button>
          </span>
        )}
      </td>
    </tr>
  );
}

function CreateChannelForm({ onCreated }: { onCreated: (result: { channel: Channel; secret: string | null }) => void }) {
  const [kind, setKind] = useState<AlertChannelKind>("webhook");
  // Before hydration a click would submit natively, putting the target (often a token) in the page's URL.
  const isHydrating = useIsHydrating();
  const create = useMutation({
    mutationFn: (body: { kind: string; name: string; target: string }) =>
      requestJson<{ channel: Channel; secret: string | null }>("/api/alerts/channels", { method: "POST", body: JSON.stringify(body) }),
    onSuccess: onCreated,
  });
  const errors = create.error instanceof ApiError ? fieldErrors(create.error.details, create.error.message) : {};
  const hint = TARGET_HINTS[kind];

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    create.mutate({ kind, name: String(data.get("channelName") ?? ""), target: String(data.get("target") ?? "") }, { onSuccess: () => form.reset() });
  }

  return (
    <Card>
      <CardHeader title="Add a channel" />
      <form onSubmit={submit} className="grid gap-3 p-4 sm:grid-cols-[12rem_14rem_1fr_auto] sm:items-start" aria-label="Add a channel">
        <SelectField name="channelKind" label="Kind" value={kind} onChange={(event) => setKind(event.target.value as AlertChannelKind)}>
          {ALERT_CHANNEL_KINDS.map((option) => (
            <option key={option} value={option}>
              {CHANNEL_KIND_LABELS[option]}
            </option>
          ))}
        </SelectField>
        <Field name="channelName" label="Name" required maxLength={80} placeholder="e.g. On-call pager" error={errors.name} />
        <Field name="target" label={hint.label} required placeholder={hint.placeholder} hint={hint.hint} error={errors.target} />
        <div className="sm:pt-6">
          <Button type="submit" variant="primary" disabled={isHydrating || create.isPending}>
            {create.isPending ? "Adding…" : "Add channel"}
          </Button>
        </div>
        <div className="sm:col-span-4">
          <FormError message={create.error && !errors.name && !errors.target ? errorMessage(create.error) : null} />
        </div>
      </form>
    </Card>
  );
}

// ─────────────────────────── rules ───────────────────────────

function RulesCard({ channels, canEdit }: { channels: Channel[]; canEdit: boolean }) {
  const queryClient = useQueryClient();
  const rules = useQuery({
    queryKey: alertKeys.rules,
    queryFn: ({ signal }) => requestJson<{ rules: Rule[] }>("/api/alerts/rules", { signal }),
    retry: retryUnlessClientError,
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: alertKeys.rules });
  const channelName = new Map(channels.map((channel) => [channel.id, channel.name]));
  return (
    <div className="space-y-4">
      {canEdit && (
        <Card>
          <CardHeader title="Add a rule" description="A condition, and the channels that hear when it holds." />
          <RuleForm channels={channels} onSaved={refresh} />
        </Card>
      )}
      <Card>
        <CardHeader title="Rules" />
        {rules.isPending ? (
          <Loading label="Loading rules" />
        ) : rules.isError ? (
          <div className="p-4">
            <ErrorState message={errorMessage(rules.error)} onRetry={() => void rules.refetch()} />
          </div>
        ) : rules.data.rules.length === 0 ? (
          <EmptyState title="No rules yet">Nothing alerts until a rule says what to watch.</EmptyState>
        ) : (
          <ul className="divide-y divide-zinc-100">
            {rules.data.rules.map((rule) => (
              <RuleRow key={rule.id} rule={rule} channels={channels} channelName={channelName} canEdit={canEdit} onChanged={refresh} />
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}

function RuleRow({
  rule,
  channels,
  channelName,
  canEdit,
  onChanged,
}: {
  rule: Rule;
  channels: Channel[];
  channelName: Map<string, string>;
  canEdit: boolean;
  onChanged: () => void;
}) {
  const [isEditing, setIsEditing] = useState(false);
  const toggle = useMutation({
    mutationFn: () => requestJson(`/api/alerts/rules/${rule.id}`, { method: "PUT", body: JSON.stringify({ isActive: !rule.isActive }) }),
    onSettled: onChanged,
  });
  const remove = useMutation({ mutationFn: () => requestJson(`/api/alerts/rules/${rule.id}`, { method: "DELETE" }), onSettled: onChanged });
  const error = toggle.error ?? remove.error;
  return (
    <li data-testid={`alert-rule-${rule.name}`} className="px-4 py-3">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className={rule.isActive ? undefined : "text-zinc-400"}>
          <div className="flex items-center gap-2">
            <span className="font-medium text-zinc-900">{rule.name}</span>
            <Badge tone="info">{RULE_KIND_LABELS[rule.kind]}</Badge>
            {!rule.isActive && <Badge>Off</Badge>}
            {rule.openIncidents > 0 && <Badge tone="danger">{rule.openIncidents} open</Badge>}
          </div>
          <p className="mt-0.5 text-sm text-zinc-600">{rule.description}</p>
          <p className="mt-0.5 text-xs text-zinc-500">
            {rule.channelIds.length === 0
              ? "No channels: incidents are recorded only"
              : `To ${rule.channelIds.map((id) => channelName.get(id) ?? "a deleted channel").join(", ")}`}
          </p>
          {error && (
            <p role="alert" className="mt-1 text-xs text-red-700">
              {errorMessage(error)}
            </p>
          )}
        </div>
        {canEdit && (
          <span className="inline-flex gap-1">
            <Button size="sm" variant="ghost" onClick={() => setIsEditing(!isEditing)} aria-expanded={isEditing}>
              {isEditing ? "Close" : "Edit"}
            </Button>
            <Button size="sm" variant="ghost" onClick={() => toggle.mutate()} disabled={toggle.isPending}>
              {rule.isActive ? "Turn off" : "Turn on"}
            </Button>
            <Button size="sm" variant="ghost" className="text-red-700" onClick={() => remove.mutate()} disabled={remove.isPending}>
              Delete
            </Button>
          </span>
        )}
      </div>
      {isEditing && (
        <div className="mt-3 rounded-lg border border-zinc-200">
          <RuleForm
            rule={rule}
            channels={channels}
            onSaved={() => {
              setIsEditing(false);
              onChanged();
            }}
          />
        </div>
      )}
    </li>
  );
}

/** Reads a rule kind's parameters from the form: numbers as numbers, empty optional filters left out. */
function configFrom(kind: AlertRuleKind, data: FormData): Record<string, unknown> {
  const number = (name: string) => {
    const value = String(data.get(name) ?? "").trim();
    return value === "" ? undefined : Number(value);
  };
  const text = (name: string) => String(data.get(name) ?? "").trim() || undefined;
  const filter = { kind: text("runKind"), entity: text("entity") };
  switch (kind) {
    case "run_failed":
      return filter;
    case "success_rate_below":
      return { thresholdPercent: number("thresholdPercent"), windowRuns: number("windowRuns"), ...filter };
    case "approval_waiting":
      return { minutes: number("minutes") };
    case "queue_age":
      return { seconds: number("seconds") };
    default:
      return {};
  }
}

function RuleForm({ rule, channels, onSaved }: { rule?: Rule; channels: Channel[]; onSaved: () => void }) {
  const [kind, setKind] = useState<AlertRuleKind>(rule?.kind ?? "run_failed");
  const isHydrating = useIsHydrating();
  const save = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      rule
        ? requestJson(`/api/alerts/rules/${rule.id}`, { method: "PUT", body: JSON.stringify(body) })
        : requestJson("/api/alerts/rules", { method: "POST", body: JSON.stringify({ kind, ...body }) }),
    onSuccess: onSaved,
  });
  const errors = save.error instanceof ApiError ? fieldErrors(save.error.details, save.error.message) : {};
  const config = (rule?.config ?? {}) as Record<string, string | number | undefined>;
  const prefix = rule ? `rule-${rule.id}-` : "new-rule-";
  const id = (name: string) => `${prefix}${name}`;
  const shownErrors = Object.keys(errors).filter((key) => key !== "kind");

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    save.mutate(
      { name: String(data.get("ruleName") ?? ""), config: configFrom(kind, data), channelIds: data.getAll("channelIds").map(String) },
      {
        onSuccess: () => {
          if (!rule) form.reset();
        },
      },
    );
  }

  return (
    <form onSubmit={submit} className="space-y-3 p-4" aria-label={rule ? `Edit rule ${rule.name}` : "Add a rule"}>
      <div className="grid gap-3 sm:grid-cols-[14rem_1fr]">
        <SelectField
          name="ruleKind"
          id={id("kind")}
          label="When"
          value={kind}
          disabled={Boolean(rule)}
          onChange={(event) => setKind(event.target.value as AlertRuleKind)}
        >
          {ALERT_RULE_KINDS.map((option) => (
            <option key={option} value={option}>
              {RULE_KIND_LABELS[option]}
            </option>
          ))}
        </SelectField>
        <Field
          name="ruleName"
          id={id("name")}
          label="Name"
          required
          maxLength={80}
          defaultValue={rule?.name}
          placeholder="e.g. Nightly report failed"
          error={errors.name}
        />
      </div>
      <div className="grid gap-3 sm:grid-cols-4">
        {kind === "success_rate_below" && (
          <>
            <Field
              name="thresholdPercent"
              id={id("threshold")}
              type="number"
              min={1}
              max={100}
              label="Below (%)"
              required
              defaultValue={config.thresholdPercent ?? 80}
              error={errors["config.thresholdPercent"]}
            />
            <Field
              name="windowRuns"
              id={id("window")}
              type="number"
              min={1}
              max={500}
              label="Over the last N runs"
              required
              defaultValue={config.windowRuns ?? 10}
              error={errors["config.windowRuns"]}
            />
          </>
        )}
        {(kind === "run_failed" || kind === "success_rate_below") && (
          <>
            <SelectField name="runKind" id={id("run-kind")} label="Runs of" defaultValue={config.kind ?? ""}>
              <option value="">Any kind (top-level runs)</option>
              {RUN_KINDS.map((option) => (
                <option key={option} value={option}>
                  {option}
                </option>
              ))}
            </SelectField>
            <Field
              name="entity"
              id={id("entity")}
              label="Only this slug (optional)"
              maxLength={120}
              defaultValue={config.entity ?? ""}
              placeholder="e.g. nightly-report"
              error={errors["config.entity"]}
            />
          </>
        )}
        {kind === "approval_waiting" && (
          <Field
            name="minutes"
            id={id("minutes")}
            type="number"
            min={1}
            label="Waiting longer than (minutes)"
            required
            defaultValue={config.minutes ?? 60}
            error={errors["config.minutes"]}
          />
        )}
        {kind === "queue_age" && (
          <Field
            name="seconds"
            id={id("seconds")}
            type="number"
            min={10}
            label="Oldest job older than (seconds)"
            required
            defaultValue={config.seconds ?? 300}
            error={errors["config.seconds"]}
          />
        )}
      </div>
      <fieldset>
        <legend className="text-sm font-medium text-zinc-700">Channels</legend>
        {channels.length === 0 ? (
          <p className="mt-1 text-xs text-zinc-500">No channels yet: incidents will be recorded without being sent.</p>
        ) : (
          <div className="mt-1 flex flex-wrap gap-x-4 gap-y-1">
            {channels.map((channel) => (
              <label key={channel.id} className="inline-flex items-center gap-1.5 text-sm text-zinc-700">
                <input type="checkbox" name="channelIds" value={channel.id} defaultChecked={rule?.channelIds.includes(channel.id)} />
                {channel.name}
                <span className="text-xs text-zinc-400">({CHANNEL_KIND_LABELS[channel.kind]})</span>
              </label>
            ))}
          </div>
        )}
        {errors.channelIds && <p className="text-xs text-red-700">{errors.channelIds}</p>}
      </fieldset>
      <div className="flex items-center gap-3">
        <Button type="submit" variant="primary" disabled={isHydrating || save.isPending}>
          {save.isPending ? "Saving…" : rule ? "Save rule" : "Add rule"}
        </Button>
        <FormError message={save.error && shownErrors.length === 0 ? errorMessage(save.error) : null} />
      </div>
    </form>
  );
}

// ─────────────────────────── incidents ───────────────────────────

const STATUS_FILTERS = [
  { value: "", label: "All" },
  { value: "open", label: "Open" },
  { value: "resolved", label: "Resolved" },
] as const;

const DELIVERY_TONES: Record<string, BadgeTone> = { pending: "warning", delivered: "success", failed: "danger" };

function IncidentsCard({ canEdit }: { canEdit: boolean }) {
  const [status, setStatus] = useState<string>("");
  const incidents = useInfiniteQuery({
    queryKey: alertKeys.incidents(status),
    queryFn: ({ pageParam, signal }) => {
      const params = new URLSearchParams({ limit: "20" });
      if (status) params.set("status", status);
      if (pageParam) params.set("cursor", pageParam);
      return requestJson<{ incidents: Incident[]; nextCursor: string | null }>(`/api/alerts/incidents?${params}`, { signal });
    },
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
    refetchInterval: INCIDENTS_REFETCH_MS,
    retry: retryUnlessClientError,
  });
  const rows = incidents.data?.pages.flatMap((page) => page.incidents) ?? [];
  return (
    <Card>
      <CardHeader
        title="Recent incidents"
        description="Each incident is delivered once per channel; failed attempts are retried after 30 s, 2 min, 10 min and then hourly, six attempts in all."
        actions={
          <fieldset className="inline-flex gap-1" aria-label="Incident status">
            {STATUS_FILTERS.map((filter) => (
              <Button
                key={filter.value}
                size="sm"
                variant={status === filter.value ? "primary" : "ghost"}
                aria-pressed={status === filter.value}
                onClick={() => setStatus(filter.value)}
              >
                {filter.label}
              </Button>
            ))}
          </fieldset>
        }
      />
      {incidents.isPending ? (
        <Loading label="Loading incidents" />
      ) : incidents.isError ? (
        <div className="p-4">
          <ErrorState message={errorMessage(incidents.error)} onRetry={() => void incidents.refetch()} />
        </div>
      ) : rows.length === 0 ? (
        <EmptyState title={status ? `No ${status} incidents` : "No incidents yet"}>
          When a rule's condition holds, its incident appears here with each delivery.
        </EmptyState>
      ) : (
        <>
          <ul className="divide-y divide-zinc-100" data-testid="alert-incidents">
            {rows.map((incident) => (
              <IncidentItem key={incident.id} incident={incident} canEdit={canEdit} />
            ))}
          </ul>
          <div className="flex justify-center p-3">
            <LoadMoreButton query={incidents} />
          </div>
        </>
      )}
    </Card>
  );
}

function IncidentItem({ incident, canEdit }: { incident: Incident; canEdit: boolean }) {
  const path = (incident.context as { path?: unknown } | null)?.path;
  const queryClient = useQueryClient();
  const resolve = useMutation({
    mutationFn: () => requestJson<{ incident: Incident }>(`/api/alerts/incidents/${incident.id}/resolve`, { method: "POST" }),
    // The lists under every status filter and the rules' open counts all change.
    onSuccess: () =>
      Promise.all([queryClient.invalidateQueries({ queryKey: alertKeys.allIncidents }), queryClient.invalidateQueries({ queryKey: alertKeys.rules })]),
  });
  return (
    <li data-testid="alert-incident" data-incident-id={incident.id} data-status={incident.status} className="space-y-2 px-4 py-3">
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div>
          <p className="font-medium text-zinc-900">
            {typeof path === "string" && path.startsWith("/") ? (
              <a href={path} className="hover:underline">
                {incident.title}
              </a>
            ) : (
              incident.title
            )}
          </p>
          <p className="text-xs text-zinc-500">
            {incident.rule.name} · {RULE_KIND_LABELS[incident.rule.kind]} · opened {formatExactTime(incident.openedAt)}
            {incident.resolvedAt && ` · resolved ${formatExactTime(incident.resolvedAt)}`}
          </p>
        </div>
        <div className="flex items-center gap-2">
          {canEdit && incident.status === "open" && (
            <Button size="sm" variant="secondary" disabled={resolve.isPending} onClick={() => resolve.mutate()}>
              {resolve.isPending ? "Resolving…" : "Resolve"}
            </Button>
          )}
          <Badge tone={incident.status === "open" ? "danger" : "success"}>{incident.status === "open" ? "Open" : "Resolved"}</Badge>
        </div>
      </div>
      <FormError message={resolve.error ? errorMessage(resolve.error) : null} />
      {incident.deliveries.length === 0 ? (
        <p className="text-xs text-zinc-500">Not sent: the rule had no active channel.</p>
      ) : (
        <table className="w-full text-xs">
          <thead className="text-left text-zinc-500">
            <tr>
              <th className="py-1 pr-3 font-medium">Channel</th>
              <th className="py-1 pr-3 font-medium">Status</th>
              <th className="py-1 pr-3 font-medium">Attempts</th>
              <th className="py-1 pr-3 font-medium">Last answer</th>
              <th className="py-1 font-medium">Next attempt</th>
            </tr>
          </thead>
          <tbody>
            {incident.deliveries.map((delivery) => (
              <tr key={delivery.id} data-testid="alert-delivery" data-status={delivery.status} className="align-top text-zinc-700">
                <td className="py-1 pr-3">
                  {delivery.channel.name} <span className="text-zinc-400">({CHANNEL_KIND_LABELS[delivery.channel.kind]})</span>
                </td>
                <td className="py-1 pr-3">
                  <Badge tone={DELIVERY_TONES[delivery.status] ?? "neutral"} data-testid="delivery-status">
                    {delivery.status}
                  </Badge>
                </td>
                <td className="py-1 pr-3" data-testid="delivery-attempts">
                  {delivery.attempts}/{delivery.maxAttempts}
                </td>
                <td className="py-1 pr-3">
                  {delivery.lastStatusCode !== null && <span data-testid="delivery-status-code">HTTP {delivery.lastStatusCode}</span>}
                  {delivery.lastError && <span className="block text-red-700">{delivery.lastError}</span>}
                  {delivery.lastStatusCode === null && !delivery.lastError && <span className="text-zinc-400">—</span>}
                  {delivery.deliveredAt && <span className="block text-zinc-500">delivered {formatExactTime(delivery.deliveredAt)}</span>}
                </td>
                <td className="py-1">{delivery.nextAttemptAt ? formatExactTime(delivery.nextAttemptAt) : <span className="text-zinc-400">—</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </li>
  );
}
