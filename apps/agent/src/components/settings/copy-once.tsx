"use client";

import { Button } from "@switchyard/ui/components";
import { Check, Copy } from "lucide-react";
import { useState } from "react";

/** A secret (a key, an invitation link) shown once, with a copy button and the warning that it will not be shown again. */
export function CopyOnce({ label, value, onDismiss, children }: { label: string; value: string; onDismiss: () => void; children?: React.ReactNode }) {
  const [copied, setCopied] = useState(false);
  return (
    <div role="status" className="space-y-2 rounded-xl border border-emerald-200 bg-emerald-50 p-4">
      <p className="text-sm font-medium text-emerald-900">{label}</p>
      <div className="flex items-center gap-2">
        <code
          data-testid="secret-value"
          className="min-w-0 flex-1 truncate rounded-md border border-emerald-200 bg-white px-3 py-2 font-mono text-sm text-zinc-900"
        >
          {value}
        </code>
        <Button
          onClick={async () => {
            await navigator.clipboard?.writeText(value).catch(() => {});
            setCopied(true);
          }}
        >
          {copied ? <Check className="size-4" aria-hidden /> : <Copy className="size-4" aria-hidden />}
          {copied ? "Copied" : "Copy"}
        </Button>
      </div>
      <p className="text-xs text-emerald-800">
        {children ?? "Copy it now: it is not stored and will not be shown again."}{" "}
        <button type="button" onClick={onDismiss} className="font-medium underline underline-offset-2">
          Done
        </button>
      </p>
    </div>
  );
}
