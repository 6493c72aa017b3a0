"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Badge, Button, Card, CardHeader, EmptyState, ErrorState, Skeleton, TableHead } from "@switchyard/ui/components";
import { useState, type FormEvent } from "react";
import { ApiError, requestJson, retryUnlessClientError } from "@/components/api-client";
import { Field, FormError, SelectField, fieldErrors } from "@/components/form";
import { formatExactTime } from "@/components/runs/format";
import { CopyOnce } from "./copy-once";
import { ROLE_HINTS, ROLE_LABELS, settingsKeys, type ApiKeyRow, type Role } from "./api";

const KEY_COLUMNS = [
  { key: "name", label: "Key" },
  { key: "role", label: "Role", className: "w-28" },
  { key: "created", label: "Created", className: "w-56" },
  { key: "lastUsed", label: "Last used", className: "w-44" },
  { key: "status", label: "Status", className: "w-52" },
  { key: "actions", label: "Actions", srOnly: true, className: "w-40 text-right" },
];

/** Rotated keys keep working this long, so the services using them can move over. */
const ROTATION_GRACE_HOURS = 24;

const errorMessage = (error: unknown) => (error instanceof ApiError ? error.message : "Something went wrong; try again.");

function keyStatus(key: ApiKeyRow, now: number): { label: string; tone: "success" | "warning" | "neutral" | "danger" } {
  if (key.revokedAt) return { label: `Revoked ${formatExactTime(key.revokedAt)}`, tone: "danger" };
  if (key.expiresAt && Date.parse(key.expiresAt) <= now) return { label: `Expired ${formatExactTime(key.expiresAt)}`, tone: "neutral" };
  if (key.expiresAt) return { label: `${key.rotatedToId ? "Rotated · valid until" : "Expires"} ${formatExactTime(key.expiresAt)}`, tone: "warning" };
  return { label: "Active", tone: "success" };
}

export function ApiKeysView({ actorRole }: { actorRole: Role }) {
  const queryClient = useQueryClient();
  const [revealed, setRevealed] = useState<{ key: string; name: string } | null>(null);
  const keys = useQuery({
    queryKey: settingsKeys.apiKeys,
    queryFn: ({ signal }) => requestJson<{ apiKeys: ApiKeyRow[] }>("/api/api-keys", { signal }),
    retry: retryUnlessClientError,
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: settingsKeys.apiKeys });
  const onIssued = (result: { key: string; apiKey: ApiKeyRow }) => {
    setRevealed({ key: result.key, name: result.apiKey.name });
    void refresh();
  };
  const now = Date.now();

  return (
    <div className="space-y-6">
      <CreateKeyForm actorRole={actorRole} onCreated={onIssued} />
      {revealed && <CopyOnce label={`New key "${revealed.name}"`} value={revealed.key} onDismiss={() => setRevealed(null)} />}
      <Card>
        <CardHeader title="API keys" description="Services send Authorization: Bearer <key>. Only a hash is stored; the key is shown once." />
        {keys.isPending ? (
          <div className="space-y-3 p-4" role="status" aria-busy="true" aria-label="Loading API keys">
            <Skeleton className="h-4 w-1/2" />
            <Skeleton className="h-4 w-2/3" />
          </div>
        ) : keys.isError ? (
          <div className="p-4">
            <ErrorState message={errorMessage(keys.error)} onRetry={() => void keys.refetch()} />
          </div>
        ) : keys.data.apiKeys.length === 0 ? (
          <EmptyState title="No API keys yet">Create one above for each service that calls Switchyard.</EmptyState>
        ) : (
          <table className="w-full text-sm">
            <TableHead columns={KEY_COLUMNS} />
            <tbody className="divide-y divide-zinc-100">
              {keys.data.apiKeys.map((key) => (
                <KeyRow key={key.id} apiKey={key} status={keyStatus(key, now)} onRotated={onIssued} onChanged={refresh} />
              ))}
            </tbody>
          </table>
        )}
      </Card>
    </div>
  );
}

function KeyRow({
  apiKey,
  status,
  onRotated,
  onChanged,
}: {
  apiKey: ApiKeyRow;
  status: ReturnType<typeof keyStatus>;
  onRotated: (result: { key: string; apiKey: ApiKeyRow }) => void;
  onChanged: () => void;
}) {
  const revoke = useMutation({ mutationFn: () => requestJson(`/api/api-keys/${apiKey.id}/revoke`, { method: "POST" }), onSettled: onChanged });
  const rotate = useMutation({
    mutationFn: () =>
      requestJson<{ key: string; apiKey: ApiKeyRow }>(`/api/api-keys/${apiKey.id}/rotate`, {
        method: "POST",
        body: JSON.stringify({ graceHours: ROTATION_GRACE_HOURS }),
      }),
    onSuccess: onRotated,
  });
  const isUsable = !apiKey.revokedAt && status.tone !== "neutral";
  const reason = !apiKey.canManage ? "Only an owner can manage an owner key" : undefined;
  const error = revoke.error ?? rotate.error;

  return (
    <tr data-testid={`api-key-${apiKey.name}`} className={apiKey.revokedAt ? "text-zinc-400" : undefined}>
      <td className="px-4 py-3">
        <div className="font-medium text-zinc-900">{apiKey.name}</div>
        <code className="text-xs text-zinc-500">{apiKey.prefix}…</code>
        {error && (
          <p role="alert" className="mt-1 text-xs text-red-700">
            {errorMessage(error)}
          </p>
        )}
      </td>
      <td className="px-4 py-3">{ROLE_LABELS[apiKey.role]}</td>
      <td className="px-4 py-3 text-zinc-600">
        {formatExactTime(apiKey.createdAt)}
        {apiKey.createdByLabel && <div className="text-xs text-zinc-500">by {apiKey.createdByLabel}</div>}
      </td>
      <td className="px-4 py-3 text-zinc-600">{apiKey.lastUsedAt ? formatExactTime(apiKey.lastUsedAt) : <span className="text-zinc-400">Never</span>}</td>
      <td className="px-4 py-3">
        <Badge tone={status.tone}>{status.label}</Badge>
      </td>
      <td className="px-4 py-3 text-right">
        {isUsable && (
          <span className="inline-flex gap-1">
            {!apiKey.rotatedToId && (
              <Button
                size="sm"
                variant="ghost"
                disabled={!apiKey.canManage || rotate.isPending}
                title={reason ?? `A new key; this one keeps working for ${ROTATION_GRACE_HOURS} hours`}
                onClick={() => rotate.mutate()}
              >
                Rotate
              </Button>
            )}
            <Button
              size="sm"
              variant="ghost"
              className="text-red-700"
              disabled={!apiKey.canManage || revoke.isPending}
              title={reason}
              onClick={() => revoke.mutate()}
            >
              Revoke
            </Button>
          </span>
        )}
      </td>
    </tr>
  );
}

const ROLE_ORDER: Role[] = ["OWNER", "ADMIN", "OPERATOR", "VIEWER"];

function CreateKeyForm({ actorRole, onCreated }: { actorRole: Role; onCreated: (result: { key: string; apiKey: ApiKeyRow }) => void }) {
  // A key can have the creator's role at most.
  const roles = ROLE_ORDER.slice(ROLE_ORDER.indexOf(actorRole));
  const create = useMutation({
    mutationFn: (body: { name: string; role: string; expiresAt: string | null }) =>
      requestJson<{ key: string; apiKey: ApiKeyRow }>("/api/api-keys", { method: "POST", body: JSON.stringify(body) }),
    onSuccess: onCreated,
  });
  const errors = create.error instanceof ApiError ? fieldErrors(create.error.details) : {};

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const expires = String(form.get("expiresAt") ?? "");
    create.mutate({
      name: String(form.get("name") ?? ""),
      role: String(form.get("role") ?? "VIEWER"),
      expiresAt: expires ? new Date(expires).toISOString() : null,
    });
    event.currentTarget.reset();
  }

  return (
    <Card>
      <CardHeader title="Create an API key" />
      <form onSubmit={submit} className="grid gap-3 p-4 sm:grid-cols-[1fr_14rem_14rem_auto] sm:items-end">
        <Field name="name" label="Name" required maxLength={80} placeholder="e.g. CI pipeline" error={errors.name} />
        <SelectField name="role" label="Role" defaultValue="OPERATOR">
          {roles.map((role) => (
            <option key={role} value={role} title={ROLE_HINTS[role]}>
              {ROLE_LABELS[role]}
            </option>
          ))}
        </SelectField>
        <Field name="expiresAt" type="datetime-local" label="Expires (optional)" error={errors.expiresAt} />
        <Button type="submit" variant="primary" disabled={create.isPending}>
          {create.isPending ? "Creating…" : "Create key"}
        </Button>
        <div className="sm:col-span-4">
          <FormError message={create.error && !errors.name && !errors.expiresAt ? errorMessage(create.error) : null} />
        </div>
      </form>
    </Card>
  );
}
