import { Fragment, type ReactNode } from "react";
import { cn } from "../cn.ts";

export function Skeleton({ className }: { className?: string }) {
  return <div className={cn("animate-pulse rounded bg-zinc-100", className)} aria-hidden />;
}

/**
 * `count` copies of a loading placeholder. The copies are identical and never reorder, so their
 * position is the only identity they have.
 */
export function Placeholders({ count, children }: { count: number; children: (index: number) => ReactNode }) {
  // biome-ignore lint/suspicious/noArrayIndexKey: identical placeholders that never reorder have no other key
  return Array.from({ length: count }, (_, index) => <Fragment key={index}>{children(index)}</Fragment>);
}

/** The loading shape of a page: a row of cards, then a table of `rows` rows. */
export function PageSkeleton({ label, cards = 4, rows = 8, header }: { label: string; cards?: number; rows?: number; header?: ReactNode }) {
  return (
    <div role="status" aria-busy="true" aria-label={label}>
      {header}
      <div className="mb-4 grid grid-cols-2 gap-3 md:grid-cols-4 xl:grid-cols-6">
        <Placeholders count={cards}>{() => <div className="h-20 animate-pulse rounded-xl border border-zinc-200 bg-white" />}</Placeholders>
      </div>
      <div className="overflow-hidden rounded-xl border border-zinc-200 bg-white shadow-xs">
        <div className="h-12 border-b border-zinc-200 bg-zinc-50/80" />
        <div className="divide-y divide-zinc-100">
          <Placeholders count={rows}>
            {() => (
              <div className="flex items-center gap-6 px-4 py-4">
                <Skeleton className="h-3 w-16" />
                <Skeleton className="h-3 flex-1" />
                <Skeleton className="h-5 w-20 rounded-full" />
                <Skeleton className="h-3 w-14" />
                <Skeleton className="h-3 w-16" />
              </div>
            )}
          </Placeholders>
        </div>
      </div>
    </div>
  );
}

export function EmptyState({ title, children, action, className }: { title: ReactNode; children?: ReactNode; action?: ReactNode; className?: string }) {
  return (
    <div className={cn("flex flex-col items-center gap-2 px-6 py-12 text-center", className)}>
      <p className="text-sm font-medium text-zinc-900">{title}</p>
      {children && <div className="max-w-md text-sm text-zinc-500">{children}</div>}
      {action && <div className="mt-2">{action}</div>}
    </div>
  );
}

export function ErrorState({ title = "Something went wrong", message, onRetry }: { title?: string; message: string; onRetry?: () => void }) {
  return (
    <div role="alert" className="rounded-xl border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800">
      <p className="font-medium">{title}</p>
      <p className="mt-0.5 text-red-700">{message}</p>
      {onRetry && (
        <button type="button" onClick={onRetry} className="mt-2 text-xs font-medium underline underline-offset-2 hover:text-red-900">
          Try again
        </button>
      )}
    </div>
  );
}

/** Shown above data that is still on screen but could not be refreshed. */
export function PausedUpdatesBanner({ message, onRetry, className }: { message: string; onRetry: () => void; className?: string }) {
  return (
    <div role="alert" className={cn("flex items-center justify-between gap-3 border-amber-200 bg-amber-50 px-4 py-2 text-sm text-amber-900", className)}>
      <span>Live updates paused: {message}</span>
      <button type="button" onClick={onRetry} className="font-medium underline underline-offset-2">
        Retry
      </button>
    </div>
  );
}
