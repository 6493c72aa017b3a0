"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Badge, Button, Card, CardHeader, ErrorState, Skeleton, TableHead } from "@switchyard/ui/components";
import { useState, type FormEvent } from "react";
import { ApiError, requestJson, retryUnlessClientError } from "@/components/api-client";
import { Field, FormError, SelectField, fieldErrors } from "@/components/form";
import { formatExactTime } from "@/components/runs/format";
import { CopyOnce } from "./copy-once";
import { ROLE_HINTS, ROLE_LABELS, settingsKeys, type Invitation, type Member, type Role } from "./api";

const MEMBER_COLUMNS = [
  { key: "name", label: "Member" },
  { key: "role", label: "Role", className: "w-44" },
  { key: "joined", label: "Joined", className: "w-48" },
  { key: "lastSignIn", label: "Last sign-in", className: "w-48" },
  { key: "actions", label: "Actions", srOnly: true, className: "w-32 text-right" },
];

const errorMessage = (error: unknown) => (error instanceof ApiError ? error.message : "Something went wrong; try again.");

export function MembersView() {
  const members = useQuery({
    queryKey: settingsKeys.members,
    queryFn: ({ signal }) => requestJson<{ members: Member[]; assignableRoles: Role[] }>("/api/members", { signal }),
    retry: retryUnlessClientError,
  });
  const assignable = members.data?.assignableRoles ?? [];

  return (
    <div className="space-y-6">
      {members.data && <InviteForm assignableRoles={assignable} />}
      <PendingInvitations />
      <Card>
        <CardHeader title="Members" description="Roles decide what each person may do; only owners manage owners." />
        {members.isPending ? (
          <div className="space-y-3 p-4" role="status" aria-busy="true" aria-label="Loading members">
            <Skeleton className="h-4 w-1/2" />
            <Skeleton className="h-4 w-2/3" />
          </div>
        ) : members.isError ? (
          <div className="p-4">
            <ErrorState message={errorMessage(members.error)} onRetry={() => void members.refetch()} />
          </div>
        ) : (
          <table className="w-full text-sm">
            <TableHead columns={MEMBER_COLUMNS} />
            <tbody className="divide-y divide-zinc-100">
              {members.data.members.map((member) => (
                <MemberRow key={member.id} member={member} assignableRoles={assignable} />
              ))}
            </tbody>
          </table>
        )}
      </Card>
    </div>
  );
}

function MemberRow({ member, assignableRoles }: { member: Member; assignableRoles: Role[] }) {
  const queryClient = useQueryClient();
  const [isConfirmingRemove, setIsConfirmingRemove] = useState(false);
  const refresh = () => queryClient.invalidateQueries({ queryKey: settingsKeys.members });
  const changeRole = useMutation({
    mutationFn: (role: Role) => requestJson(`/api/members/${member.id}`, { method: "PATCH", body: JSON.stringify({ role }) }),
    onSettled: refresh,
  });
  const remove = useMutation({
    mutationFn: () => requestJson(`/api/members/${member.id}`, { method: "DELETE" }),
    onSettled: refresh,
  });
  const reason = member.lockedReason ?? undefined;
  const error = changeRole.error ?? remove.error;

  return (
    <tr data-testid={`member-${member.email}`}>
      <td className="px-4 py-3">
        <div className="font-medium text-zinc-900">
          {member.name} {member.isYou && <span className="text-xs font-normal text-zinc-500">(you)</span>}
        </div>
        <div className="text-xs text-zinc-500">{member.email}</div>
        {error && (
          <p role="alert" className="mt-1 text-xs text-red-700">
            {errorMessage(error)}
          </p>
        )}
      </td>
      <td className="px-4 py-3">
        <label className="sr-only" htmlFor={`role-${member.id}`}>
          Role of {member.name}
        </label>
        <select
          id={`role-${member.id}`}
          value={member.role}
          disabled={!member.canManage || changeRole.isPending}
          title={reason}
          onChange={(event) => changeRole.mutate(event.target.value as Role)}
          className="rounded-md border border-zinc-200 bg-white px-2 py-1 text-sm disabled:bg-zinc-50 disabled:text-zinc-500"
        >
          {(member.canManage ? assignableRoles : [member.role]).map((role) => (
            <option key={role} value={role}>
              {ROLE_LABELS[role]}
            </option>
          ))}
        </select>
      </td>
      <td className="px-4 py-3 text-zinc-600">{formatExactTime(member.joinedAt)}</td>
      <td className="px-4 py-3 text-zinc-600">{member.lastSignInAt ? formatExactTime(member.lastSignInAt) : <span className="text-zinc-400">Never</span>}</td>
      <td className="px-4 py-3 text-right">
        {isConfirmingRemove ? (
          <span className="inline-flex gap-1">
            <Button size="sm" variant="danger" disabled={remove.isPending} onClick={() => remove.mutate()}>
              Remove
            </Button>
            <Button size="sm" variant="ghost" onClick={() => setIsConfirmingRemove(false)}>
              Keep
            </Button>
          </span>
        ) : (
          <Button size="sm" variant="ghost" disabled={!member.canManage} title={reason} onClick={() => setIsConfirmingRemove(true)}>
            Remove…
          </Button>
        )}
      </td>
    </tr>
  );
}

function InviteForm({ assignableRoles }: { assignableRoles: Role[] }) {
  const queryClient = useQueryClient();
  const [created, setCreated] = useState<{ url: string; email: string; emailed: boolean } | null>(null);
  const invite = useMutation({
    mutationFn: (body: { email: string; role: string }) =>
      requestJson<{ url: string; emailed: boolean; invitation: Invitation }>("/api/invitations", { method: "POST", body: JSON.stringify(body) }),
    onSuccess: (result) => {
      setCreated({ url: result.url, email: result.invitation.email, emailed: result.emailed });
      void queryClient.invalidateQueries({ queryKey: settingsKeys.invitations });
    },
  });
  const errors = invite.error instanceof ApiError ? fieldErrors(invite.error.details) : {};

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setCreated(null);
    invite.mutate({ email: String(form.get("email") ?? ""), role: String(form.get("role") ?? "VIEWER") });
  }

  return (
    <Card>
      <CardHeader title="Invite a member" description="The invitation is a single-use link, valid for 7 days." />
      <form onSubmit={submit} className="grid gap-3 p-4 sm:grid-cols-[1fr_14rem_auto] sm:items-end">
        <Field name="email" type="email" label="Email" required placeholder="colleague@company.com" error={errors.email} />
        <SelectField name="role" label="Role" defaultValue="OPERATOR">
          {assignableRoles.map((role) => (
            <option key={role} value={role}>
              {ROLE_LABELS[role]}: {ROLE_HINTS[role]}
            </option>
          ))}
        </SelectField>
        <Button type="submit" variant="primary" disabled={invite.isPending || assignableRoles.length === 0}>
          {invite.isPending ? "Inviting…" : "Invite"}
        </Button>
        <div className="sm:col-span-3">
          <FormError message={invite.error && !errors.email ? errorMessage(invite.error) : null} />
        </div>
      </form>
      {created && (
        <div className="px-4 pb-4">
          <CopyOnce label={`Invitation link for ${created.email}`} value={created.url} onDismiss={() => setCreated(null)}>
            {created.emailed ? "It was also emailed. " : "Send it to them yourself: no mail server is configured (SMTP_URL). "}
            The link is shown only now.
          </CopyOnce>
        </div>
      )}
    </Card>
  );
}

function PendingInvitations() {
  const queryClient = useQueryClient();
  const invitations = useQuery({
    queryKey: settingsKeys.invitations,
    queryFn: ({ signal }) => requestJson<{ invitations: Invitation[] }>("/api/invitations", { signal }),
    retry: retryUnlessClientError,
  });
  const revoke = useMutation({
    mutationFn: (id: string) => requestJson(`/api/invitations/${id}`, { method: "DELETE" }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: settingsKeys.invitations }),
  });
  if (invitations.isPending) return null;
  if (invitations.isError) return <ErrorState message={errorMessage(invitations.error)} onRetry={() => void invitations.refetch()} />;
  if (invitations.data.invitations.length === 0) return null;
  return (
    <Card>
      <CardHeader title="Pending invitations" />
      <ul className="divide-y divide-zinc-100">
        {invitations.data.invitations.map((invitation) => (
          <li key={invitation.id} className="flex items-center justify-between gap-3 px-4 py-3 text-sm" data-testid={`invitation-${invitation.email}`}>
            <div>
              <span className="font-medium text-zinc-900">{invitation.email}</span> <Badge>{ROLE_LABELS[invitation.role]}</Badge>
              <div className="text-xs text-zinc-500">
                Invited by {invitation.invitedByLabel} · expires {formatExactTime(invitation.expiresAt)}
              </div>
            </div>
            <Button size="sm" variant="ghost" disabled={revoke.isPending} onClick={() => revoke.mutate(invitation.id)}>
              Withdraw
            </Button>
          </li>
        ))}
      </ul>
      {revoke.error && <p className="px-4 pb-3 text-xs text-red-700">{errorMessage(revoke.error)}</p>}
    </Card>
  );
}
