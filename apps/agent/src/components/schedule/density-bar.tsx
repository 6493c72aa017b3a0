"use client";

import { Card, Skeleton, Tooltip, cn } from "@switchyard/ui/components";
import { TriangleAlert } from "lucide-react";
import { PRIMITIVE_COLORS, PRIMITIVE_LABELS, PRIMITIVES } from "./automation-view";
import type { DensityResponse, DensitySlot } from "./api";

function hourLabel(hour: number): string {
  return `${hour % 12 === 0 ? 12 : hour % 12} ${hour < 12 ? "AM" : "PM"}`;
}

function breakdown(slot: DensitySlot): string {
  return PRIMITIVES.filter((p) => slot.byPrimitive[p] > 0)
    .sort((a, b) => slot.byPrimitive[b] - slot.byPrimitive[a])
    .map((p) => `${slot.byPrimitive[p]} ${p}`)
    .join(", ");
}

/** Expected executions per hour of today, stacked by primitive, with the concurrency threshold marked. */
export function DensityBar({ density }: { density: DensityResponse | undefined }) {
  if (!density) {
    return (
      <Card className="p-4" role="status" aria-busy="true" aria-label="Loading schedule density">
        <Skeleton className="h-32 w-full" />
      </Card>
    );
  }
  const max = Math.max(density.threshold, ...density.slots.map((slot) => slot.count));
  const peak = [...density.slots].sort((a, b) => b.count - a.count || a.hour - b.hour)[0];
  const thresholdPct = (density.threshold / max) * 100;

  return (
    <Card role="region" aria-labelledby="density-title" className="p-4" data-testid="density-bar">
      <div className="mb-3 flex flex-wrap items-baseline justify-between gap-2">
        <div>
          <h2 id="density-title" className="text-sm font-semibold text-zinc-900">
            Today&apos;s load by hour
          </h2>
          <p className="text-xs text-zinc-500">Expected executions per hour ({density.timezone}); a campaign counts as the agent runs it spawns.</p>
        </div>
        <div className="flex flex-wrap items-center gap-3 text-xs text-zinc-600">
          {PRIMITIVES.map((p) => (
            <span key={p} className="inline-flex items-center gap-1">
              <span className={`size-2 rounded-sm ${PRIMITIVE_COLORS[p]}`} aria-hidden />
              {PRIMITIVE_LABELS[p]}
            </span>
          ))}
        </div>
      </div>

      {density.warnings.length > 0 && (
        <div
          role="status"
          className="mb-3 flex items-start gap-2 rounded-lg border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900"
          data-testid="concurrency-warning"
        >
          <TriangleAlert className="mt-0.5 size-4 shrink-0 text-amber-600" aria-hidden />
          <span>
            {density.warning}
            {density.warnings.length > 1 && (
              <span className="text-amber-700">
                {" "}
                · {density.warnings.length} hours at or above {density.threshold}
              </span>
            )}
          </span>
        </div>
      )}

      <div className="relative">
        <div
          className="pointer-events-none absolute inset-x-0 border-t border-dashed border-red-300"
          style={{ bottom: `${thresholdPct}%` }}
          aria-hidden
          title={`Concurrency threshold: ${density.threshold}`}
        />
        <ol className="flex h-24 items-end gap-1" aria-label="Executions per hour">
          {density.slots.map((slot) => {
            const isHot = slot.count >= density.threshold;
            const label =
              slot.count === 0 ? `${hourLabel(slot.hour)}: nothing scheduled` : `${hourLabel(slot.hour)}: ${slot.count} executions (${breakdown(slot)})`;
            return (
              <Tooltip
                key={slot.hour}
                content={
                  <div className="w-52">
                    <div className="font-semibold">
                      {hourLabel(slot.hour)} · {slot.count} execution{slot.count === 1 ? "" : "s"}
                    </div>
                    {slot.count > 0 && <div className="mt-0.5 text-zinc-300">{breakdown(slot)}</div>}
                    {slot.names.length > 0 && (
                      <ul className="mt-1 space-y-0.5 text-zinc-400">
                        {slot.names.slice(0, 8).map((name) => (
                          <li key={name} className="truncate">
                            {name}
                          </li>
                        ))}
                        {slot.names.length > 8 && <li>+{slot.names.length - 8} more</li>}
                      </ul>
                    )}
                  </div>
                }
              >
                <li
                  className="relative flex h-full flex-1 flex-col justify-end"
                  data-testid="density-slot"
                  data-hour={slot.hour}
                  data-count={slot.count}
                  aria-label={label}
                  // biome-ignore lint/a11y/noNoninteractiveTabindex: a tooltip on static text needs a focusable trigger so keyboard users can read it
                  tabIndex={0}
                >
                  <div
                    className={cn(
                      "flex w-full flex-col-reverse overflow-hidden rounded-sm",
                      isHot && "ring-2 ring-red-400 ring-offset-1",
                      slot.count === 0 && "bg-zinc-100",
                    )}
                    style={{ height: slot.count === 0 ? "2px" : `${Math.max(6, (slot.count / max) * 100)}%` }}
                  >
                    {PRIMITIVES.filter((p) => slot.byPrimitive[p] > 0).map((p) => (
                      <div key={p} className={PRIMITIVE_COLORS[p]} style={{ flexGrow: slot.byPrimitive[p] }} />
                    ))}
                  </div>
                </li>
              </Tooltip>
            );
          })}
        </ol>
      </div>
      <ol className="mt-1 flex gap-1 text-[10px] tabular-nums text-zinc-400" aria-hidden>
        {density.slots.map((slot) => (
          <li key={slot.hour} className="flex-1 text-center">
            {slot.hour % 3 === 0 ? hourLabel(slot.hour).replace(" ", "") : ""}
          </li>
        ))}
      </ol>
      {peak && peak.count > 0 && (
        <p className="mt-2 text-xs text-zinc-600" data-testid="density-peak">
          Peak <span className="font-semibold text-zinc-900">{hourLabel(peak.hour)}</span>: {peak.count} executions ({breakdown(peak)})
        </p>
      )}
    </Card>
  );
}
