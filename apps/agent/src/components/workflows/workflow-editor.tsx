"use client";

import type { EditorView } from "@codemirror/view";
import type { RunGraph } from "@switchyard/core/runs/detail";
import { Badge, Button, Card, CardHeader, EmptyState } from "@switchyard/ui/components";
import { keepPreviousData, useMutation, useQuery } from "@tanstack/react-query";
import { parseDocument } from "yaml";
import dynamic from "next/dynamic";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useMemo, useRef, useState } from "react";
import { ApiError, requestJson } from "../api-client";
import { FormError } from "../form";
import { RoleGate } from "../role-gate";
import { buildStepFlow } from "../runs/detail/graph-layout";
import { StepGraph } from "../runs/detail/step-graph";
import type { EditorMark } from "./code-editor";
import { convertDocument, locateProblem, NEW_WORKFLOW_YAML, toWorkflowDocument, type DocumentFormat, type WorkflowDocumentSource } from "./workflow-document";

const CodeEditor = dynamic(() => import("./code-editor"), {
  ssr: false,
  loading: () => <div className="h-[560px] animate-pulse bg-zinc-50" role="status" aria-label="Loading the editor" />,
});

/** Long enough to skip the keystrokes of a word, short enough to feel live. */
const CHECK_DELAY_MS = 400;

interface Problem {
  path: string;
  message: string;
}

interface DraftCheck {
  ok: boolean;
  problems: Problem[];
  graph: RunGraph | null;
  /** The text this answer is about: problems are placed on it, never on newer text. */
  text: string;
}

type EditorProps =
  | { mode: "create"; canEdit: boolean }
  | { mode: "edit"; canEdit: boolean; slug: string; version: number; source: WorkflowDocumentSource; graph: RunGraph | null; readOnlyReason?: string };

function useDebounced<T>(value: T, delayMs: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return debounced;
}

/** Problems from the API's error details (a save's 400), when it sent them. */
function problemsOf(error: unknown): Problem[] {
  if (!(error instanceof ApiError) || !Array.isArray(error.details)) return [];
  return (error.details as Partial<Problem>[]).filter((detail): detail is Problem => typeof detail.path === "string" && typeof detail.message === "string");
}

/**
 * The workflow editor: the whole workflow as one YAML or JSON document in CodeMirror, checked as
 * you type by POST /api/workflows/validate (problems listed with their paths and marked in the
 * text), the graph it would run as drawn beside it, and a save that makes a new version (or the
 * workflow). Read-only for members who may not edit.
 */
export function WorkflowEditor(props: EditorProps) {
  const router = useRouter();
  const [format, setFormat] = useState<DocumentFormat>("yaml");
  const [text, setText] = useState(() => (props.mode === "edit" ? toWorkflowDocument(props.source, "yaml") : NEW_WORKFLOW_YAML));
  const [formatError, setFormatError] = useState<string | null>(null);
  const viewRef = useRef<EditorView | null>(null);
  const readOnlyReason = !props.canEdit ? "Editing workflows needs the admin role or higher" : props.mode === "edit" ? props.readOnlyReason : undefined;
  const isReadOnly = readOnlyReason !== undefined;

  const draft = useDebounced(text, CHECK_DELAY_MS);
  const check = useQuery({
    queryKey: ["workflow-draft", draft],
    queryFn: async ({ signal }): Promise<DraftCheck> => {
      if (!draft.trim()) return { ok: false, problems: [{ path: "yaml", message: "The document is empty" }], graph: null, text: draft };
      try {
        const result = await requestJson<Omit<DraftCheck, "text">>("/api/workflows/validate", {
          method: "POST",
          body: JSON.stringify({ yaml: draft }),
          signal,
        });
        return { ...result, text: draft };
      } catch (error) {
        // A body the endpoint refuses (too large, say) is a problem with the draft too.
        const problems = problemsOf(error);
        if (problems.length === 0) throw error;
        return { ok: false, problems, graph: null, text: draft };
      }
    },
    placeholderData: keepPreviousData,
    retry: false,
  });
  const [lastValidGraph, setLastValidGraph] = useState<RunGraph | null>(props.mode === "edit" ? props.graph : null);
  useEffect(() => {
    if (check.data?.ok) setLastValidGraph(check.data.graph);
  }, [check.data]);

  const save = useMutation({
    mutationFn: async () => {
      // JSON is YAML: either format goes as `yaml`, with the name and description it holds.
      if (props.mode === "create")
        return (await requestJson<{ workflow: { slug: string } }>("/api/workflows", { method: "POST", body: JSON.stringify({ yaml: text }) })).workflow;
      const saved = await requestJson<{ workflow: { slug: string } }>(`/api/workflows/${props.slug}`, {
        method: "PUT",
        body: JSON.stringify({ yaml: text, baseVersion: props.version }),
      });
      return saved.workflow;
    },
    onSuccess: (workflow) => router.push(`/workflows/${workflow.slug}`),
  });

  const isCurrent = check.data?.text === text;
  const problems = save.error && problemsOf(save.error).length > 0 ? problemsOf(save.error) : (check.data?.problems ?? []);
  const marks = useMemo<EditorMark[] | null>(() => {
    if (!check.data) return null;
    const document = parseDocument(check.data.text);
    return check.data.problems.map((problem) => ({ ...locateProblem(check.data.text, problem.path, problem.message, document), message: problem.message }));
  }, [check.data]);
  const status = !isCurrent || check.isFetching ? "checking" : check.isError ? "unchecked" : check.data?.ok ? "valid" : "invalid";
  const flow = useMemo(() => buildStepFlow(lastValidGraph, null), [lastValidGraph]);

  const switchFormat = (next: DocumentFormat) => {
    if (next === format) return;
    const converted = convertDocument(text, next);
    if (converted === null) return setFormatError(`Fix the ${format.toUpperCase()} first: it must parse to switch to ${next.toUpperCase()}.`);
    setFormatError(null);
    setFormat(next);
    setText(converted);
  };

  const reveal = (problem: Problem) => {
    const view = viewRef.current;
    if (!view || !isCurrent) return;
    const { from } = locateProblem(text, problem.path, problem.message);
    view.dispatch({ selection: { anchor: Math.min(from, view.state.doc.length) }, scrollIntoView: true });
    view.focus();
  };

  const title = props.mode === "create" ? "New workflow" : `Edit ${props.source.name}`;
  const backHref = props.mode === "create" ? "/workflows" : `/workflows/${props.slug}`;
  const saveLabel = props.mode === "create" ? "Create workflow" : `Save version ${props.version + 1}`;
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <Link href={backHref} className="text-xs font-medium text-sky-700 hover:underline">
            ← {props.mode === "create" ? "Workflows" : props.source.name}
          </Link>
          <h1 className="mt-1 text-2xl font-semibold tracking-tight text-zinc-900">{title}</h1>
          <p className="mt-1 text-sm text-zinc-500">
            {props.mode === "create"
              ? "Write the workflow in YAML or JSON: its name, an optional trigger, and its steps."
              : `Version ${props.version} is current. Saving a changed definition makes version ${props.version + 1}; runs keep the version they started with.`}
          </p>
        </div>
        <div className="flex items-center gap-2">
          <Button asChild variant="ghost">
            <Link href={backHref}>Cancel</Link>
          </Button>
          <RoleGate isAllowed={!isReadOnly} reason={readOnlyReason ?? ""}>
            <Button variant="primary" onClick={() => save.mutate()} disabled={isReadOnly || save.isPending || (status === "invalid" && !save.error)}>
              {save.isPending ? "Saving…" : saveLabel}
            </Button>
          </RoleGate>
        </div>
      </div>
      {save.error && problemsOf(save.error).length === 0 && <FormError message={save.error.message} />}

      <div className="grid gap-4 xl:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <Card className="min-w-0 overflow-hidden">
          <CardHeader
            title="Definition"
            description={isReadOnly ? readOnlyReason : "Checked as you type."}
            actions={
              <>
                <CheckStatus status={status} count={check.data?.problems.length ?? 0} />
                <fieldset className="flex rounded-md border border-zinc-200 p-0.5" aria-label="Format">
                  {(["yaml", "json"] as const).map((option) => (
                    <button
                      key={option}
                      type="button"
                      aria-pressed={format === option}
                      onClick={() => switchFormat(option)}
                      className={`rounded px-2 py-0.5 text-xs font-medium ${format === option ? "bg-zinc-900 text-white" : "text-zinc-600 hover:bg-zinc-100"}`}
                    >
                      {option.toUpperCase()}
                    </button>
                  ))}
                </fieldset>
              </>
            }
          />
          {formatError && <p className="border-b border-amber-200 bg-amber-50 px-4 py-2 text-xs text-amber-800">{formatError}</p>}
          <CodeEditor
            value={text}
            format={format}
            readOnly={isReadOnly}
            marks={marks}
            label="Workflow definition"
            onChange={(value) => {
              setText(value);
              if (save.error) save.reset();
            }}
            onView={(view) => {
              viewRef.current = view;
            }}
          />
        </Card>

        <div className="min-w-0 space-y-4">
          <Card data-testid="workflow-problems">
            <CardHeader title="Problems" description={problems.length === 0 ? undefined : "Click one to go to it."} />
            {problems.length === 0 ? (
              <p className="px-4 py-3 text-sm text-zinc-500">
                {status === "valid" ? "None: the definition is valid." : status === "checking" ? "Checking…" : "None found."}
              </p>
            ) : (
              <ul className="divide-y divide-zinc-100">
                {problems.map((problem) => (
                  <li key={`${problem.path}:${problem.message}`}>
                    <button
                      type="button"
                      onClick={() => reveal(problem)}
                      className="w-full px-4 py-2.5 text-left hover:bg-zinc-50"
                      data-testid="workflow-problem"
                    >
                      <span className="block font-mono text-xs text-red-700">{problem.path || "(document)"}</span>
                      <span className="block text-sm text-zinc-800">{problem.message}</span>
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </Card>
          <Card className="overflow-hidden">
            <CardHeader
              title="Preview"
              description={
                check.data && !check.data.ok && lastValidGraph
                  ? "The last valid draft; fix the problems to update it."
                  : "The graph this draft runs as, with the approval gates its agents' risk levels add."
              }
            />
            {lastValidGraph ? (
              <StepGraph flow={flow} testId="workflow-preview" />
            ) : (
              <EmptyState title="Nothing to draw yet">A valid draft is drawn here.</EmptyState>
            )}
          </Card>
        </div>
      </div>
    </div>
  );
}

function CheckStatus({ status, count }: { status: "checking" | "valid" | "invalid" | "unchecked"; count: number }) {
  if (status === "checking") return <Badge tone="neutral">Checking…</Badge>;
  if (status === "valid") return <Badge tone="success">Valid</Badge>;
  if (status === "unchecked") return <Badge tone="warning">Could not check</Badge>;
  return <Badge tone="danger">{`${count} problem${count === 1 ? "" : "s"}`}</Badge>;
}
