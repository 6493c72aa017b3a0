"use client";

import { Tooltip } from "@switchyard/ui/components";
import type { ReactNode } from "react";

/**
 * Controls the signed-in member's role may not use: the caller renders them disabled, and the gate
 * says why, on hover and focus and as the accessible name. The page learns the role on the server
 * (`hasRole(ctx.actor, …)`); the API checks it again.
 */
export function RoleGate({ isAllowed, reason, children }: { isAllowed: boolean; reason: string; children: ReactNode }) {
  if (isAllowed) return children;
  return (
    <Tooltip content={reason} side="bottom">
      {/* Disabled buttons get no pointer or focus events; the wrapper carries the tooltip. */}
      {/* biome-ignore lint/a11y/useSemanticElements: a group names the one control it wraps; a fieldset is a block of form fields */}
      <span
        role="group"
        aria-label={reason}
        // biome-ignore lint/a11y/noNoninteractiveTabindex: the disabled control cannot take focus, so its wrapper does, to show why
        tabIndex={0}
        data-testid="role-gate"
        className="inline-flex rounded-md outline-none focus-visible:ring-2 focus-visible:ring-zinc-900/20"
      >
        {children}
      </span>
    </Tooltip>
  );
}
