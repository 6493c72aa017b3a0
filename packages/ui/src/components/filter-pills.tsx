"use client";

import { ToggleGroup } from "radix-ui";
import type { ReactNode } from "react";
import { cn } from "../cn.ts";

export interface PillOption<Value extends string> {
  value: Value;
  label: ReactNode;
  count?: number;
}

/**
 * One-of-many filter pills (a Radix toggle group: arrow keys move, the pressed pill is announced).
 * Clicking the pressed pill again keeps it pressed, so there is always a value; put an "All" option
 * first when "no filter" is a choice.
 */
export function FilterPills<Value extends string>({
  label,
  value,
  options,
  onChange,
  className,
}: {
  label: string;
  value: Value;
  options: PillOption<Value>[];
  onChange: (value: Value) => void;
  className?: string;
}) {
  return (
    <ToggleGroup.Root
      type="single"
      aria-label={label}
      value={value}
      onValueChange={(next) => next && onChange(next as Value)}
      className={cn("flex flex-wrap gap-1.5", className)}
    >
      {options.map((option) => (
        <ToggleGroup.Item
          key={option.value}
          value={option.value}
          className="inline-flex h-7 items-center gap-1.5 rounded-full border border-zinc-200 bg-white px-3 text-xs font-medium text-zinc-600 outline-none hover:border-zinc-300 hover:text-zinc-900 focus-visible:ring-2 focus-visible:ring-zinc-900/20 data-[state=on]:border-zinc-900 data-[state=on]:bg-zinc-900 data-[state=on]:text-white"
        >
          {option.label}
          {option.count !== undefined && <span className="tabular-nums opacity-70">{option.count.toLocaleString("en-US")}</span>}
        </ToggleGroup.Item>
      ))}
    </ToggleGroup.Root>
  );
}
