"use client";

import { Card, CardHeader, EmptyState } from "@switchyard/ui/components";
import Link from "next/link";
import { useMemo, useState } from "react";
import { formatDuration } from "../format";
import { buildStepFlow } from "./graph-layout";
import { StepGraph } from "./step-graph";
import { StepIO } from "./step-io";
import { STEP_STATUS_STYLES } from "./step-status";
import { StepStatusBadge } from "./step-status-badge";
import type { WorkflowDetail } from "./types";

/** Where attention belongs first: the step that failed, waits for someone, or runs. */
const ATTENTION = ["FAILED", "WAITING", "RUNNING"];

/** The workflow's DAG with each step coloured by its status; clicking a step shows its input and output. */
export function GraphTab({ detail }: { detail: WorkflowDetail }) {
  const flow = useMemo(() => buildStepFlow(detail.graph, detail.steps), [detail.graph, detail.steps]);
  const [chosenId, setChosenId] = useState<string | null>(null);
  const selectedId = chosenId ?? flow.nodes.find((node) => ATTENTION.includes(node.data.status ?? ""))?.id ?? null;
  const selectedStep = detail.steps.find((step) => step.stepId === selectedId);
  const selectedNode = flow.nodes.find((node) => node.id === selectedId);

  if (flow.nodes.length === 0) return <EmptyState title="This run has no steps to draw" />;
  return (
    <div className="space-y-4">
      <Card className="overflow-hidden">
        <CardHeader
          title="Workflow graph"
          description={
            detail.graph
              ? "Steps of the definition version this run started with. Click a step for its input and output."
              : "The definition could not be read; steps are drawn without their edges."
          }
          actions={<Legend />}
        />
        <StepGraph flow={flow} selectedId={selectedId} onSelect={setChosenId} testId="run-graph" />
      </Card>
      <Card className="min-w-0" data-testid="step-panel">
        {selectedNode ? (
          <>
            <CardHeader
              title={selectedNode.data.name}
              description={[
                `${selectedNode.data.stepType} step`,
                selectedNode.id,
                selectedStep?.durationMs != null && `took ${formatDuration(selectedStep.durationMs)}`,
                selectedStep && selectedStep.attempt > 1 && `attempt ${selectedStep.attempt}`,
              ]
                .filter(Boolean)
                .join(" · ")}
              actions={selectedNode.data.status && <StepStatusBadge status={selectedNode.data.status} />}
            />
            <div className="px-4 py-4">
              {selectedNode.data.status === "WAITING" && (
                <p className="mb-3 text-sm text-amber-800">
                  This step waits for a decision.{" "}
                  <Link href="/command" className="font-medium underline underline-offset-2 hover:text-amber-950">
                    Decide it in Command
                  </Link>
                </p>
              )}
              {selectedStep ? (
                <StepIO
                  error={selectedStep.error}
                  input={selectedStep.input}
                  output={selectedStep.output}
                  subRun={selectedStep.agentRun ? { kind: "agent", id: selectedStep.agentRun.id } : null}
                  columns
                />
              ) : (
                <p className="text-sm text-zinc-500">The run has not reached this step.</p>
              )}
            </div>
          </>
        ) : (
          <EmptyState title="Select a step">Click a step in the graph to see its input, output and errors.</EmptyState>
        )}
      </Card>
    </div>
  );
}

const LEGEND = (["PENDING", "RUNNING", "WAITING", "COMPLETED", "FAILED", "SKIPPED"] as const).map((status) => ({ status, ...STEP_STATUS_STYLES[status] }));

function Legend() {
  return (
    <ul className="flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-zinc-600" aria-label="Step colours">
      {LEGEND.map((entry) => (
        <li key={entry.status} className="flex items-center gap-1.5">
          <span className={`size-2.5 rounded-full ${entry.status === "SKIPPED" ? "border border-dashed border-zinc-400 bg-white" : entry.dot}`} aria-hidden />
          {entry.status === "WAITING" ? "Waiting" : entry.label}
        </li>
      ))}
    </ul>
  );
}
