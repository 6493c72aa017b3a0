import type { HTMLAttributes, ReactNode } from "react";
import { cn } from "../cn.ts";

export function Card({ className, ...props }: HTMLAttributes<HTMLDivElement>) {
  return <div className={cn("rounded-xl border border-zinc-200 bg-white shadow-xs", className)} {...props} />;
}

export function CardHeader({ title, description, actions, className }: { title: ReactNode; description?: ReactNode; actions?: ReactNode; className?: string }) {
  return (
    <div className={cn("flex flex-wrap items-start justify-between gap-3 border-b border-zinc-200 px-4 py-3", className)}>
      <div className="min-w-0">
        <h2 className="text-sm font-semibold text-zinc-900">{title}</h2>
        {description && <p className="mt-0.5 text-xs text-zinc-500">{description}</p>}
      </div>
      {actions && <div className="flex shrink-0 items-center gap-2">{actions}</div>}
    </div>
  );
}

/** A figure with its label and a line of context: the cards at the top of every surface. */
export function MetricCard({
  label,
  value,
  hint,
  className,
  valueClassName,
  ...props
}: { label: ReactNode; value: ReactNode; hint?: ReactNode; valueClassName?: string } & Omit<HTMLAttributes<HTMLDivElement>, "title">) {
  return (
    <Card className={cn("px-4 py-3", className)} {...props}>
      <div className="text-xs font-medium tracking-wide text-zinc-500 uppercase">{label}</div>
      <div className={cn("mt-1 text-2xl font-semibold text-zinc-900 tabular-nums", valueClassName)}>{value}</div>
      {hint && <div className="text-xs text-zinc-500">{hint}</div>}
    </Card>
  );
}
