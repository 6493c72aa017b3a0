import { Search } from "lucide-react";
import type { InputHTMLAttributes } from "react";
import { cn } from "../cn.ts";

/**
 * A search box with its magnifier and a label for screen readers. Value and events are the caller's
 * (some pages debounce, some submit), so it passes any input attribute through.
 */
export function SearchInput({
  id,
  label,
  className,
  ...inputProps
}: { id: string; label: string } & Omit<InputHTMLAttributes<HTMLInputElement>, "id" | "type">) {
  return (
    <div className="relative">
      <label className="sr-only" htmlFor={id}>
        {label}
      </label>
      <Search className="pointer-events-none absolute top-1/2 left-2.5 size-3.5 -translate-y-1/2 text-zinc-400" aria-hidden />
      <input
        id={id}
        type="search"
        className={cn(
          "h-8 w-64 rounded-md border border-zinc-200 bg-white pr-2.5 pl-8 text-sm text-zinc-800 shadow-xs outline-none transition placeholder:text-zinc-400 hover:border-zinc-300 focus:border-zinc-900 focus:ring-2 focus:ring-zinc-900/10",
          className,
        )}
        {...inputProps}
      />
    </div>
  );
}
