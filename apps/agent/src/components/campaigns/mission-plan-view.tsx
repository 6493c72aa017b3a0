import { Badge } from "@switchyard/ui/components";
import type { TemplateRow } from "./types";

/** A template's plan as read: its fixed missions in order, or who plans each campaign. */
export function MissionPlanView({ template }: { template: TemplateRow }) {
  const { missionPlan, plannerAgent } = template;
  if (!missionPlan) {
    return (
      <p className="p-4 text-sm text-zinc-600" data-testid="mission-plan">
        No fixed plan: each campaign's missions are planned from the intent
        {plannerAgent ? (
          <>
            {" "}
            by <span className="font-medium text-zinc-900">{plannerAgent.name}</span>
          </>
        ) : null}
        , among the organization's active agents.
      </p>
    );
  }
  return (
    <ol className="divide-y divide-zinc-100" data-testid="mission-plan">
      {missionPlan.missions.map((mission, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a static plan: a mission's position is its identity (names may repeat)
        <li key={index} className="flex gap-3 px-4 py-3">
          <span className="grid size-6 shrink-0 place-items-center rounded-full bg-zinc-900 font-mono text-xs text-white" aria-hidden>
            {index + 1}
          </span>
          <div className="min-w-0 flex-1 space-y-2">
            <div className="flex flex-wrap items-center gap-2">
              <span className="text-sm font-medium text-zinc-900">{mission.name}</span>
              {mission.requiresApproval && <Badge tone="warning">Approval after</Badge>}
            </div>
            <ul className="space-y-1.5">
              {mission.tasks.map((task, taskIndex) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: a static plan: a task's position is its identity (titles may repeat)
                <li key={taskIndex} className="text-sm">
                  <span className="text-zinc-800">{task.title}</span>
                  <span className="text-zinc-400"> · </span>
                  <span className="font-mono text-xs text-zinc-600">{task.agent}</span>
                  {task.instructions && <p className="mt-0.5 text-xs whitespace-pre-line text-zinc-500">{task.instructions}</p>}
                </li>
              ))}
            </ul>
          </div>
        </li>
      ))}
    </ol>
  );
}
