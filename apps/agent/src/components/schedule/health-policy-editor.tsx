"use client";

import { Button } from "@switchyard/ui/components";
import { useState } from "react";
import type { AutomationRow } from "./automation-view";
import type { AutomationPatch } from "./api";

type HealthPolicy = NonNullable<AutomationPatch["healthPolicy"]>;

const ACTIONS: { value: HealthPolicy["action"]; label: string }[] = [
  { value: "disable", label: "Disable the automation" },
  { value: "reduce_frequency", label: "Reduce its frequency" },
  { value: "alert", label: "Alert only" },
];

const inputClass =
  "h-8 rounded-md border border-zinc-200 bg-white px-2 text-sm shadow-xs outline-none focus:border-zinc-900 focus:ring-2 focus:ring-zinc-900/10";

/** Inline form: when the success rate over the last `window` runs drops below `threshold`%, take `action`. */
export function HealthPolicyEditor({
  automation,
  isSaving,
  onSave,
  onCancel,
}: {
  automation: AutomationRow;
  isSaving: boolean;
  onSave: (policy: HealthPolicy) => Promise<void>;
  onCancel: () => void;
}) {
  const current = automation.healthPolicy;
  // Opening the editor is the intent to enforce a policy, so an unarmed one starts checked.
  const [enabled, setEnabled] = useState(true);
  const [threshold, setThreshold] = useState(String(current?.threshold ?? 50));
  const [window, setWindow] = useState(String(current?.window ?? 10));
  const [action, setAction] = useState<HealthPolicy["action"]>((current?.action as HealthPolicy["action"]) ?? "disable");
  const [error, setError] = useState<string | null>(null);

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    const t = Number(threshold);
    const w = Number(window);
    if (!Number.isInteger(t) || t < 1 || t > 100) return setError("Threshold must be a whole percentage from 1 to 100.");
    if (!Number.isInteger(w) || w < 1 || w > 1000) return setError("Window must be from 1 to 1000 runs.");
    setError(null);
    try {
      await onSave({ enabled, threshold: t, window: w, action });
    } catch (caught) {
      setError((caught as Error).message);
    }
  }

  return (
    <form onSubmit={submit} className="flex flex-wrap items-end gap-4" aria-label={`Health policy for ${automation.name}`} data-testid="health-policy-editor">
      <label className="flex items-center gap-2 text-sm text-zinc-800">
        <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} className="size-4 accent-zinc-900" />
        Enforce a health policy
      </label>
      <label className="flex flex-col gap-1 text-xs font-medium text-zinc-600">
        Success below (%)
        <input name="threshold" inputMode="numeric" value={threshold} onChange={(e) => setThreshold(e.target.value)} className={`${inputClass} w-24`} />
      </label>
      <label className="flex flex-col gap-1 text-xs font-medium text-zinc-600">
        Over the last (runs)
        <input name="window" inputMode="numeric" value={window} onChange={(e) => setWindow(e.target.value)} className={`${inputClass} w-24`} />
      </label>
      <label className="flex flex-col gap-1 text-xs font-medium text-zinc-600">
        Then
        <select name="action" value={action} onChange={(e) => setAction(e.target.value as HealthPolicy["action"])} className={inputClass}>
          {ACTIONS.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      </label>
      <div className="flex gap-2">
        <Button type="submit" variant="primary" disabled={isSaving}>
          {isSaving ? "Saving…" : "Save policy"}
        </Button>
        <Button variant="ghost" onClick={onCancel}>
          Cancel
        </Button>
      </div>
      <p className="w-full text-xs text-zinc-500">Saving checks the policy against the recent runs at once, then after every scheduled run.</p>
      {error && (
        <p role="alert" className="w-full text-sm text-red-600">
          {error}
        </p>
      )}
    </form>
  );
}
