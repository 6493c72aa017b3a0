"use client";

import { useEffect, useRef } from "react";

/** "Select all" for the rows on screen: checked when all are, mixed when some are, disabled when there are none. */
export function SelectAllCheckbox({
  ids,
  selected,
  onSelect,
  label,
  testId,
}: {
  ids: string[];
  selected: ReadonlySet<string>;
  onSelect: (ids: string[], isSelected: boolean) => void;
  label: string;
  testId: string;
}) {
  const ref = useRef<HTMLInputElement>(null);
  const checked = ids.filter((id) => selected.has(id)).length;
  const isAll = ids.length > 0 && checked === ids.length;
  useEffect(() => {
    if (ref.current) ref.current.indeterminate = checked > 0 && !isAll;
  }, [checked, isAll]);
  return (
    <input
      ref={ref}
      type="checkbox"
      className="size-4 align-middle accent-zinc-900 disabled:opacity-40"
      aria-label={label}
      checked={isAll}
      disabled={ids.length === 0}
      onChange={(event) => onSelect(ids, event.target.checked)}
      data-testid={testId}
    />
  );
}
