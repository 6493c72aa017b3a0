"use client";

import { Button, Card, CardHeader } from "@switchyard/ui/components";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { requestJson } from "../api-client";
import { type AgentChoice, MembersEditor, memberDraft, type MemberDraft } from "../definitions/members-editor";
import { slugify } from "../definitions/slugify";
import { describeFailure, Field, FormError, TextAreaField } from "../form";
import { RoleGate } from "../role-gate";

/** The editable fields of a network, as the form starts from them. */
export interface NetworkFormValues {
  name: string;
  slug: string;
  description: string | null;
  goal: string | null;
  routerInstructions: string;
  routerModel: string;
  maxSteps: number;
  members: { agent: string; role: string | null }[];
}

const EMPTY: NetworkFormValues = {
  name: "",
  slug: "",
  description: null,
  goal: null,
  routerInstructions: "",
  routerModel: "simulated-router",
  maxSteps: 8,
  members: [],
};

/**
 * Creates a network (no `initial`) or edits one. Errors from the API show beside their fields,
 * members' by row; without the admin role every field is read-only.
 */
export function NetworkForm({ agents, initial, canEdit }: { agents: AgentChoice[]; initial?: NetworkFormValues; canEdit: boolean }) {
  const router = useRouter();
  const isNew = initial === undefined;
  const start = initial ?? EMPTY;
  const [name, setName] = useState(start.name);
  const [slug, setSlug] = useState(start.slug);
  const [isSlugEdited, setIsSlugEdited] = useState(!isNew);
  const [members, setMembers] = useState<MemberDraft[]>(() =>
    start.members.length > 0 ? start.members.map((member) => memberDraft({ agent: member.agent, role: member.role ?? "" })) : [memberDraft()],
  );

  const save = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      requestJson<{ network: { slug: string } }>(isNew ? "/api/networks" : `/api/networks/${start.slug}`, {
        method: isNew ? "POST" : "PATCH",
        body: JSON.stringify(body),
      }),
    onSuccess: ({ network }) => {
      if (network.slug !== start.slug) router.push(`/networks/${network.slug}`);
      router.refresh();
    },
  });
  const failure = save.isError ? describeFailure(save.error) : null;
  const errors = failure?.fields ?? {};
  const isReadOnly = !canEdit;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (key: string) => String(form.get(key) ?? "").trim();
    save.mutate({
      name: text("name"),
      slug: text("slug"),
      description: text("description") || null,
      goal: text("goal") || null,
      routerInstructions: text("routerInstructions"),
      routerModel: text("routerModel"),
      // An empty or non-numeric entry goes as null, so the API names the field.
      maxSteps: text("maxSteps") === "" ? null : Number(text("maxSteps")),
      members: members.map((member, position) => ({ agent: member.agent, role: member.role.trim() || null, position })),
    });
  }

  return (
    <Card>
      <CardHeader
        title={isNew ? "New network" : "Definition"}
        description={
          isReadOnly
            ? "Read-only: editing a network needs the admin role or higher."
            : "The router picks the next member for each step, in member order, until the goal is met or the steps run out."
        }
      />
      <form onSubmit={submit} noValidate className="space-y-4 p-4" data-testid="network-form">
        <div className="grid gap-4 sm:grid-cols-2">
          <Field
            name="name"
            label="Name"
            value={name}
            required
            maxLength={120}
            disabled={isReadOnly}
            error={errors.name}
            onChange={(event) => {
              setName(event.target.value);
              if (!isSlugEdited) setSlug(slugify(event.target.value));
            }}
          />
          <Field
            name="slug"
            label="Slug"
            value={slug}
            required
            disabled={isReadOnly}
            error={errors.slug}
            hint="Lowercase letters, digits and hyphens; the network's address in the API and in URLs."
            onChange={(event) => {
              setIsSlugEdited(true);
              setSlug(event.target.value);
            }}
          />
        </div>
        <Field
          name="description"
          label="Description"
          defaultValue={start.description ?? ""}
          maxLength={2000}
          disabled={isReadOnly}
          error={errors.description}
        />
        <TextAreaField name="goal" label="Goal" rows={2} defaultValue={start.goal ?? ""} maxLength={4000} disabled={isReadOnly} error={errors.goal} />
        <TextAreaField
          name="routerInstructions"
          label="Router instructions"
          rows={4}
          defaultValue={start.routerInstructions}
          disabled={isReadOnly}
          error={errors.routerInstructions}
          hint="How the router decides which member works next."
        />
        <div className="grid gap-4 sm:grid-cols-2">
          <Field name="routerModel" label="Router model" defaultValue={start.routerModel} disabled={isReadOnly} error={errors.routerModel} />
          <Field
            name="maxSteps"
            label="Max steps"
            type="number"
            min={1}
            max={50}
            defaultValue={start.maxSteps}
            disabled={isReadOnly}
            error={errors.maxSteps}
            hint="1 to 50 member calls per run."
          />
        </div>
        <MembersEditor agents={agents} members={members} onChange={setMembers} errors={errors} isReadOnly={isReadOnly} variant="ordered" />
        <FormError message={failure?.message ?? null} />
        <div className="flex items-center gap-3">
          <RoleGate isAllowed={canEdit} reason="Editing a network needs the admin role or higher">
            <Button type="submit" variant="primary" disabled={isReadOnly || save.isPending}>
              {save.isPending ? "Saving…" : isNew ? "Create network" : "Save changes"}
            </Button>
          </RoleGate>
          {save.isSuccess && !isNew && (
            <span role="status" className="text-sm text-emerald-700">
              Saved
            </span>
          )}
        </div>
      </form>
    </Card>
  );
}
