"use client";

import type { StartableKind, StartForm } from "@switchyard/core/runs/start";
import { Button, ErrorState, Sheet, Skeleton } from "@switchyard/ui/components";
import { useMutation, useQuery } from "@tanstack/react-query";
import { PlayIcon } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { requestJson, retryUnlessClientError } from "../api-client";
import { describeFailure, FormError, inputClass } from "../form";
import { EntityPicker, KIND_LABEL } from "./entity-picker";
import { RoleGate } from "../role-gate";
import { runDetailPath } from "../runs/detail/run-api";
import { SchemaForm, toErrorSchema } from "./schema-form";

/**
 * Opens the Start run dialog. With a `slug` it starts that entity (its page's button); without one,
 * the dialog asks which entity first (Observe's button).
 */
export function StartRunButton({ kind, slug, canStart }: { kind?: StartableKind; slug?: string; canStart: boolean }) {
  const [isOpen, setIsOpen] = useState(false);
  return (
    <>
      <RoleGate isAllowed={canStart} reason="Starting runs needs the operator role or higher">
        <Button variant="primary" onClick={() => setIsOpen(true)} disabled={!canStart}>
          <PlayIcon className="size-3.5" aria-hidden />
          Start run
        </Button>
      </RoleGate>
      <Sheet
        open={isOpen}
        onOpenChange={setIsOpen}
        title="Start run"
        description="Runs start at once, with source manual, and open when started."
        className="max-w-xl"
      >
        {isOpen && <StartRunPanel initialKind={kind} fixedSlug={slug} />}
      </Sheet>
    </>
  );
}

function StartRunPanel({ initialKind, fixedSlug }: { initialKind?: StartableKind; fixedSlug?: string }) {
  const [kind, setKind] = useState<StartableKind>(initialKind ?? "agent");
  const [slug, setSlug] = useState(fixedSlug ?? "");
  return (
    <div className="space-y-5 p-5">
      {fixedSlug === undefined && (
        <EntityPicker
          kind={kind}
          slug={slug}
          onKind={(next) => {
            setKind(next);
            setSlug("");
          }}
          onSlug={setSlug}
        />
      )}
      {slug ? <StartRunForm key={`${kind}:${slug}`} kind={kind} slug={slug} /> : <p className="text-sm text-zinc-500">Pick what to run.</p>}
    </div>
  );
}

/** The input form: generated from the entity's input JSON Schema when it has one, a JSON editor otherwise. */
function StartRunForm({ kind, slug }: { kind: StartableKind; slug: string }) {
  const router = useRouter();
  const form = useQuery({
    queryKey: ["start-form", kind, slug],
    queryFn: ({ signal }) => requestJson<StartForm>(`/api/runs/start-form?${new URLSearchParams({ kind, slug })}`, { signal }),
    retry: retryUnlessClientError,
  });
  const start = useMutation({
    mutationFn: (input: Record<string, unknown>) =>
      requestJson<{ kind: StartableKind; runId: string }>("/api/runs", { method: "POST", body: JSON.stringify({ kind, slug, input }) }),
    onSuccess: (started) => router.push(runDetailPath(started.kind, started.runId)),
  });
  const failure = start.isError ? describeFailure(start.error) : null;

  if (form.isPending) return <Skeleton className="h-24 w-full" />;
  if (form.isError) return <ErrorState message={form.error.message} onRetry={() => form.refetch()} />;
  const { inputSchema, initialInput, name } = form.data;
  return (
    <div className="space-y-4" data-testid="start-run-form">
      <p className="text-sm text-zinc-600">
        {KIND_LABEL[kind]} <span className="font-medium text-zinc-900">{name}</span>
        {inputSchema ? " — fill in its input." : " declares no input schema: send any JSON object."}
      </p>
      {inputSchema ? (
        <SchemaForm
          schema={inputSchema}
          initialData={initialInput}
          errors={failure ? toErrorSchema(failure.fields) : undefined}
          disabled={start.isPending}
          onSubmit={(input) => start.mutate(input)}
        >
          <FormError message={failure?.message ?? null} />
          <Button type="submit" variant="primary" disabled={start.isPending}>
            {start.isPending ? "Starting…" : "Start run"}
          </Button>
        </SchemaForm>
      ) : (
        <JsonInputForm initialInput={initialInput} isPending={start.isPending} failure={failure} onSubmit={(input) => start.mutate(input)} />
      )}
    </div>
  );
}

function JsonInputForm({
  initialInput,
  isPending,
  failure,
  onSubmit,
}: {
  initialInput: Record<string, unknown>;
  isPending: boolean;
  failure: ReturnType<typeof describeFailure> | null;
  onSubmit: (input: Record<string, unknown>) => void;
}) {
  const [text, setText] = useState(JSON.stringify(initialInput, null, 2));
  const parsed = parseObject(text);
  const error = typeof parsed === "string" ? parsed : (failure?.fields.input ?? null);
  return (
    <form
      className="space-y-3"
      onSubmit={(event) => {
        event.preventDefault();
        if (typeof parsed !== "string") onSubmit(parsed);
      }}
    >
      <label htmlFor="start-input" className="block text-sm font-medium text-zinc-700">
        Input (JSON)
      </label>
      <textarea
        id="start-input"
        rows={8}
        spellCheck={false}
        value={text}
        onChange={(event) => setText(event.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? "start-input-error" : undefined}
        className={`${inputClass} font-mono text-xs`}
      />
      {error && (
        <p id="start-input-error" className="text-xs text-red-700">
          {error}
        </p>
      )}
      <FormError message={failure?.message ?? null} />
      <Button type="submit" variant="primary" disabled={isPending || typeof parsed === "string"}>
        {isPending ? "Starting…" : "Start run"}
      </Button>
    </form>
  );
}

/** The parsed object, or what is wrong with the text. */
function parseObject(text: string): Record<string, unknown> | string {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : "The input must be a JSON object";
  } catch (error) {
    return `Not valid JSON: ${(error as Error).message}`;
  }
}
