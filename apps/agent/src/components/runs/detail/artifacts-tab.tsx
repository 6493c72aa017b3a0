"use client";

import { Badge, Card, EmptyState } from "@switchyard/ui/components";
import { FileJson, FileText } from "lucide-react";
import { useState } from "react";
import { formatExactTime } from "../format";
import { JsonView } from "./json-view";
import { MarkdownView } from "./markdown";
import type { Artifact } from "./types";

const isJson = (artifact: Artifact) => artifact.contentType.includes("json") || artifact.filename.endsWith(".json");
const isMarkdown = (artifact: Artifact) => artifact.contentType.includes("markdown") || artifact.filename.endsWith(".md");

/** The run's artifacts: a list on the left, the chosen one rendered on the right (markdown, or JSON as a tree). */
export function ArtifactsTab({ artifacts }: { artifacts: Artifact[] }) {
  const [selectedId, setSelectedId] = useState(artifacts[0]?.id ?? null);
  const selected = artifacts.find((artifact) => artifact.id === selectedId) ?? artifacts[0];
  if (!selected) {
    return (
      <Card>
        <EmptyState title="No artifacts">This run has not stored any output documents.</EmptyState>
      </Card>
    );
  }
  return (
    <div className="grid gap-4 lg:grid-cols-[18rem_minmax(0,1fr)]">
      <Card className="h-fit overflow-hidden">
        <ul className="divide-y divide-zinc-100" aria-label="Artifacts">
          {artifacts.map((artifact) => {
            const Icon = isJson(artifact) ? FileJson : FileText;
            const isSelected = artifact.id === selected.id;
            return (
              <li key={artifact.id}>
                <button
                  type="button"
                  onClick={() => setSelectedId(artifact.id)}
                  aria-current={isSelected}
                  data-testid="artifact-item"
                  className={`flex w-full items-start gap-2.5 px-3 py-2.5 text-left outline-none hover:bg-zinc-50 focus-visible:bg-zinc-100 ${isSelected ? "bg-zinc-100" : ""}`}
                >
                  <Icon className="mt-0.5 size-4 shrink-0 text-zinc-500" aria-hidden />
                  <span className="min-w-0">
                    <span className="block truncate font-mono text-xs font-medium text-zinc-900">{artifact.filename}</span>
                    <span className="block text-xs text-zinc-500">
                      {[
                        artifact.stepId && `step ${artifact.stepId}`,
                        artifact.attempt > 1 && `attempt ${artifact.attempt}`,
                        artifact.score !== null && `score ${artifact.score}`,
                      ]
                        .filter(Boolean)
                        .join(" · ") || artifact.artifactType}
                    </span>
                  </span>
                </button>
              </li>
            );
          })}
        </ul>
      </Card>
      <Card className="min-w-0" data-testid="artifact-viewer">
        <div className="flex flex-wrap items-center justify-between gap-2 border-b border-zinc-200 px-4 py-3">
          <div className="min-w-0">
            <h3 className="truncate font-mono text-sm font-semibold text-zinc-900">{selected.filename}</h3>
            <p className="text-xs text-zinc-500">
              {selected.contentType} · {formatExactTime(selected.createdAt)}
            </p>
          </div>
          <div className="flex items-center gap-2">
            <Badge>{selected.artifactType}</Badge>
            {selected.score !== null && <Badge tone="info">score {selected.score}</Badge>}
          </div>
        </div>
        <div className="px-4 py-4">
          <ArtifactContent artifact={selected} />
        </div>
      </Card>
    </div>
  );
}

function ArtifactContent({ artifact }: { artifact: Artifact }) {
  if (isJson(artifact)) {
    const parsed = parseJson(artifact.content);
    if (parsed.ok) return <JsonView value={parsed.value} openDepth={3} />;
  }
  if (isMarkdown(artifact)) return <MarkdownView text={artifact.content} />;
  return <pre className="overflow-x-auto rounded-lg bg-zinc-50 p-3 font-mono text-xs whitespace-pre-wrap text-zinc-800">{artifact.content}</pre>;
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}
